"""Private-key blocks pasted into a request: the whole PEM/OpenSSH/PGP block, header to footer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer

_BLOCK = re.compile(
    r"-----BEGIN (?P<kind>(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----"
    # to the matching footer; a block cut short (no footer) runs to the next blank line or the end
    r".*?(?:-----END (?P=kind)-----|(?=\n[ \t]*\n)|\Z)",
    re.DOTALL,
)
_PUTTY = re.compile(r"PuTTY-User-Key-File-\d:.*?Private-MAC: [0-9a-f]+", re.DOTALL)


class PrivateKeyRecognizer(SpanRecognizer):
    ENTITY = "SECRET"
    SCORE = 1.0

    def spans(self, text: str) -> Iterator[Span]:
        if "PRIVATE KEY" not in text and "PuTTY-User-Key-File" not in text:
            return
        for pattern in (_BLOCK, _PUTTY):
            for m in pattern.finditer(text):
                yield m.start(), m.end(), self.SCORE

"""Private-key blocks pasted into a request: the whole PEM/OpenSSH/PGP block, header to footer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer

_HEADER = re.compile(r"-----BEGIN (?P<kind>(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----")
#: a block cut short (no footer): its armour headers ("Proc-Type: 4,ENCRYPTED", "Version: ...")
#: and the blank line after them, then the body up to the next blank line or the end
_CUT_BODY = re.compile(r"(?:\s*\n[\w-]+: [^\n]*)*\s*\S.*?(?=\n[ \t]*\n|\Z)", re.DOTALL)
_PUTTY = re.compile(r"PuTTY-User-Key-File-\d:.*?Private-MAC: [0-9a-f]+", re.DOTALL)


class PrivateKeyRecognizer(SpanRecognizer):
    """The whole block, header to footer (PGP blocks and encrypted PEM keys have a blank line
    inside); a block cut short runs past its armour headers to the next blank line."""

    ENTITY = "SECRET"
    SCORE = 1.0

    def spans(self, text: str) -> Iterator[Span]:
        if "PRIVATE KEY" not in text and "PuTTY-User-Key-File" not in text:
            return
        pos = 0
        while (m := _HEADER.search(text, pos)) is not None:
            footer = f"-----END {m.group('kind')}-----"
            end = text.find(footer, m.end())
            if end >= 0:
                end += len(footer)
            else:
                cut = _CUT_BODY.match(text, m.end())
                end = cut.end() if cut else m.end()
            yield m.start(), end, self.SCORE
            pos = end
        for m in _PUTTY.finditer(text):
            yield m.start(), m.end(), self.SCORE

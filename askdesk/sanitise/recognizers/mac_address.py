"""MAC addresses (optional entity MAC_ADDRESS): six hex pairs with : or -, or Cisco's dotted form."""

from __future__ import annotations

import re
from collections.abc import Iterator

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer

_MAC = re.compile(
    r"(?<![\w:-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![\w:-])"
)


class MacAddressRecognizer(SpanRecognizer):
    ENTITY = "MAC_ADDRESS"
    SCORE = 0.9

    def spans(self, text: str) -> Iterator[Span]:
        for m in _MAC.finditer(text):
            yield m.start(), m.end(), self.SCORE

"""UK postcodes standing alone ("LS6 2AB", "SW1A 1AA"), with the space between the two halves.

Presidio's own UK postcode rule scores 0.1 and needs context words to count; askdesk runs no
context enhancement (it needs lemmas), and the full two-part form with its space is distinctive
enough on its own. Without the space ("LS62AB") it counts only after a postcode word. Other
countries' postcodes are taken with the street address they follow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer

_OUTWARD = r"(?:GIR|[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?))"
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_SPACED = re.compile(rf"(?<![\w-]){_OUTWARD}[^\S\n]{_INWARD}(?![\w-])")
_JOINED = re.compile(rf"(?i:post\s*code|postal\s*code|zip)\s*[:#]?\s*(?P<code>{_OUTWARD}{_INWARD})(?![\w-])")


class UkPostcodeRecognizer(SpanRecognizer):
    ENTITY = "UK_POSTCODE"
    SCORE = 0.6

    def spans(self, text: str) -> Iterator[Span]:
        for m in _SPACED.finditer(text):
            yield m.start(), m.end(), self.SCORE
        for m in _JOINED.finditer(text):
            yield m.start("code"), m.end("code"), self.SCORE

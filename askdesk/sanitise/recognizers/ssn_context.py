"""US social security numbers announced as such, whatever their digits.

Presidio's `UsSsnRecognizer` rejects numbers that fail the SSA's allocation rules (000/666/9xx
areas, the "078-05-1120" wallet-card sample...). Forms and users type such numbers anyway, and
a number written after "SSN" is one to hide either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer

_SSN = re.compile(
    r"(?<![\w-])(?:ssn|ss#|ss\s+no\.?|social\s+security(?:\s+(?:number|no\.?|num|#))?|soc\.?\s+sec\.?(?:\s+no\.?)?)"
    r"\s*(?:[:#=\-]|is|was)?\s*(?P<number>\d{3}([-\s.]?)\d{2}\2\d{4})(?![\w-])",
    re.IGNORECASE,
)


class SsnInContextRecognizer(SpanRecognizer):
    ENTITY = "US_SSN"
    SCORE = 0.9

    def spans(self, text: str) -> Iterator[Span]:
        for m in _SSN.finditer(text):
            yield m.start("number"), m.end("number"), self.SCORE

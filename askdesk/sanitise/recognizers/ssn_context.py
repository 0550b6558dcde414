"""US social security numbers announced as such, whatever their digits.

Presidio's `UsSsnRecognizer` rejects numbers that fail the SSA's allocation rules (000/666/9xx
areas, the "078-05-1120" wallet-card sample...). Forms and users type such numbers anyway, and
a number written after "SSN" ("SSN: …", "SSN#: …", "my SSN is …", "SSN | …") or in a table
column headed so is one to hide either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer, table_cells

_WORD = r"ssn|ss#|ss\s+no\.?|social\s+security(?:\s+(?:number|no\.?|num|#))?|soc\.?\s+sec\.?(?:\s+no\.?)?"
_NUMBER = r"\d{3}(?P<sep>[-\s.]?)\d{2}(?P=sep)\d{4}"
_SSN = re.compile(
    # "SSN: …", "SSN#: …", "SSN | …" (a table row), "my SSN is …"
    rf"(?<![\w-])(?:{_WORD})\s*#?\s*(?:[:#=\-|]|is|was)?\s*(?P<number>{_NUMBER})(?![\w-])",
    re.IGNORECASE,
)
#: a table column headed "SSN" / "Social Security Number"
_HEADER = re.compile(rf"(?:{_WORD})\s*:?", re.IGNORECASE)
_CELL = re.compile(_NUMBER)


class SsnInContextRecognizer(SpanRecognizer):
    ENTITY = "US_SSN"
    SCORE = 0.9

    def spans(self, text: str) -> Iterator[Span]:
        for m in _SSN.finditer(text):
            yield m.start("number"), m.end("number"), self.SCORE
        for _, start, end in table_cells(text, _HEADER.fullmatch):
            if _CELL.fullmatch(text, start, end):
                yield start, end, self.SCORE

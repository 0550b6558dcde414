"""Employee ids, in the shapes the settings give (default: E-12345, EMP123456)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer


class EmployeeIdRecognizer(SpanRecognizer):
    ENTITY = "EMPLOYEE_ID"
    SCORE = 0.9

    def __init__(self, patterns: Sequence[str]) -> None:
        super().__init__()
        self._patterns = [re.compile(p, re.IGNORECASE) for p in patterns]  # as Presidio compiles them

    def spans(self, text: str) -> Iterator[Span]:
        for pattern in self._patterns:
            for m in pattern.finditer(text):
                yield m.start(), m.end(), self.SCORE

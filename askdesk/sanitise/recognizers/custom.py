"""Value shapes of your own from the settings (``[[sanitiser.custom_patterns]]``): national ids
Presidio has no recogniser for, badge numbers, customer numbers..."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer


class CustomPatternRecognizer(SpanRecognizer):
    """One entity's patterns; a pattern with context words counts only after one of them."""

    def __init__(self, entity: str, patterns: Sequence[tuple[str, tuple[str, ...], float]]) -> None:
        super().__init__(entity)
        self._patterns = [
            (re.compile(p), re.compile("|".join(re.escape(w) for w in context), re.IGNORECASE) if context else None, score)
            for p, context, score in patterns
        ]

    def spans(self, text: str) -> Iterator[Span]:
        for pattern, context, score in self._patterns:
            for m in pattern.finditer(text):
                if context is None or context.search(text, max(0, m.start() - 40), m.start()):
                    yield m.start(), m.end(), score

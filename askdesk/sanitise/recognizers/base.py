"""The base of askdesk's regex recognisers: compiled patterns, spans in, Presidio results out.

Presidio's `PatternRecognizer` runs every pattern through the `regex` module with per-match
validation hooks; these recognisers are called on every text of every request, so they use
precompiled `re` patterns and return plain spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult

Span = tuple[int, int, float]


class SpanRecognizer(EntityRecognizer):
    """One entity, found by `spans`; subclasses set ``ENTITY`` and implement `spans`."""

    ENTITY = ""

    def __init__(self, entity: str | None = None) -> None:
        super().__init__(supported_entities=[entity or self.ENTITY], name=type(self).__name__, supported_language="en")

    def load(self) -> None:  # patterns are compiled at import
        pass

    def spans(self, text: str) -> Iterable[Span]:
        raise NotImplementedError

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        entity = self.supported_entities[0]
        return [
            RecognizerResult(
                entity_type=entity,
                start=start,
                end=end,
                score=score,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for start, end, score in self.spans(text)
            if end > start
        ]


def trim_value(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop quotes, brackets and sentence punctuation around a captured value."""
    while start < end and text[start] in "\"'“‘`([{<":
        start += 1
    while end > start and text[end - 1] in "\"'”’`)]}>.,;:":
        end -= 1
    return start, end


def group_spans(matches: Iterator[Any], group: int | str, score: float) -> Iterator[Span]:
    for m in matches:
        if m.group(group):
            s, e = trim_value(m.string, *m.span(group))
            yield s, e, score

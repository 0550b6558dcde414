"""The base of askdesk's regex recognisers: compiled patterns, spans in, Presidio results out.

Presidio's `PatternRecognizer` runs every pattern through the `regex` module with per-match
validation hooks; these recognisers are called on every text of every request, so they use
precompiled `re` patterns and return plain spans.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
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
        return [make_result(self, entity, start, end, score) for start, end, score in self.spans(text) if end > start]


def make_result(recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float) -> RecognizerResult:
    """A Presidio result that names the recogniser that made it."""
    # presidio sets ``name`` in EntityRecognizer.__init__ inside an import cycle of its own
    # modules, so mypy cannot infer the attribute's type there (it is always a str)
    name: str = recognizer.name  # type: ignore[has-type]
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )


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


_SEPARATOR = re.compile(r"[|\t]")
_RULE = re.compile(r"[\s|:=+-]*")


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of one line of a table pasted as text (``|`` or tabs between cells), stripped."""
    out = []
    bounds = [start - 1, *(m.start() for m in _SEPARATOR.finditer(text, start, end)), end]
    for left, right in itertools.pairwise(bounds):
        s, e = left + 1, right
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
    return out


def table_cells(text: str, header: Callable[[str], object]) -> Iterator[tuple[str, int, int]]:
    """The cells under a header cell that ``header`` accepts, in tables pasted as text.

    ``header`` is read for its truth (a compiled pattern's ``fullmatch`` will do).
    A table row is a line with ``|`` or a tab between its cells. After a row with an accepted
    cell, the same column's cell of every following row is yielded as ``(header, start, end)``
    (stripped; empty cells and ``|---|`` rules skipped) up to the first line that is no table row.
    """
    if "|" not in text and "\t" not in text:
        return
    columns: dict[int, str] = {}
    pos = 0
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if "|" not in line and "\t" not in line:
            columns = {}
        elif not _RULE.fullmatch(line):
            cells = _cells(text, pos, end)
            for c, name in columns.items():
                if c < len(cells) and cells[c][1] > cells[c][0]:
                    yield name, *cells[c]
            hits = {i: text[s:e] for i, (s, e) in enumerate(cells) if e > s and header(text[s:e])}
            if hits:
                columns = hits
        pos = end + 1

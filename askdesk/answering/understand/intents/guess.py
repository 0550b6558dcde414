"""What the intent rules make of a question (:class:`IntentGuess`), and the callback by which a
rule reports the words it used."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from askdesk.answering.plan import DurationSpec, Order


class Take(Protocol):
    """Marks the tokens at these indices as read (indices out of range are ignored)."""

    def __call__(self, *idx: int) -> None: ...


@dataclass
class IntentGuess:
    intent: str | None = None
    #: the question itself names the metric (a follow-up without one keeps the previous metric)
    explicit: bool = False
    group_by: str | None = None
    rank: str | None = None
    order: Order | None = None
    limit: int | None = None
    duration: DurationSpec | None = None
    trend_unit: str | None = None
    trend_field: str = "created_at"
    #: share: token index where the part's conditions begin (None: every condition is the part)
    part_from: int | None = None
    #: share: words that may split the base from the part ("of IT requests *are* critical")
    split_candidates: list[int] = field(default_factory=list)
    #: the list asks for unfinished requests only ("open the longest")
    needs_open: bool = False
    consumed: set[int] = field(default_factory=set)

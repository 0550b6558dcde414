"""A value phrase of the question (:class:`Found`), and what every kind of value reads around
it: the longest phrase at a word, whether the question uses it as a filter (a cue), and the
question's own spelling of it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from askdesk.answering.filters import COLUMN_FIELDS, FieldCondition
from askdesk.answering.understand.text import Token
from askdesk.answering.understand.words import REQUEST_NOUNS
from askdesk.answering.vocabulary import ValueRef, Vocabulary
from askdesk.answering.vocabulary.words import singular

#: a value after one of these is used as a filter when it is not a request column ("at Location 143")
PREPOSITIONS = frozenset(["in", "from", "for", "within", "by", "at", "via", "through", "to", "under"])


@dataclass
class Found:
    """A value phrase of the question."""

    field: str
    values: tuple[str, ...]
    start: int  # token index
    end: int  # token index (exclusive)
    negate: bool = False
    #: the question uses it as a filter (field word or request noun next to it, a preposition…)
    cued: bool = False
    label: str = ""
    #: resolved-date test instead of a value condition (the data has no statuses)
    resolved: bool | None = None
    #: every token it accounts for: the phrase, its negation, the field word next to it
    # (dataclasses.field: the class's own ``field`` attribute shadows the bare name in its body)
    used: set[int] = dataclasses.field(default_factory=set)

    def condition(self) -> FieldCondition:
        return FieldCondition(self.field, self.values, self.negate, self.label)


def match(words: list[str], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """How many words at ``i`` one of ``phrases`` covers (0: none)."""
    for p in phrases:
        if tuple(words[i:i + len(p)]) == p:
            return len(p)
    return 0


def lookup(vocab: Vocabulary, words: list[str], i: int) -> tuple[int, tuple[ValueRef, ...]]:
    """The longest phrase at ``i`` that names values (a plural read as its singular too): its
    length in words, and the values."""
    for size in range(min(vocab.longest_phrase, len(words) - i), 0, -1):
        gram = words[i:i + size]
        refs = vocab.phrase_index.get(" ".join(gram))
        if not refs and gram[-1].endswith("s"):
            refs = vocab.phrase_index.get(" ".join([*gram[:-1], singular(gram[-1])]))
        if refs:
            return size, refs
    return 0, ()


def is_cued(field_words: dict[str, set[str]], toks: list[Token], start: int, end: int, name: str) -> bool:
    """A field word right before/after the phrase, a request noun just after it, or a
    preposition before a non-column value ("at Location 143", "via email")."""
    words = field_words.get(name, set())
    before = toks[start - 1].norm if start > 0 else ""
    after = [t.norm for t in toks[end:end + 2]]
    if before in words or (after and after[0] in words):
        return True
    if any(a in REQUEST_NOUNS for a in after):
        return True
    if name == "status" and (before in ("in", "as", "status", "state", "or", "and") or (after and after[0] in (
            "or", "and", "state", "status"))):
        return True  # "in new or active", "marked as new"
    return name not in COLUMN_FIELDS and before in PREPOSITIONS or (
        before in ("to", "by") and start > 1 and toks[start - 2].norm in ("assigned", "handled", "owned"))


def original_span(original: str, toks: list[Token], start: int, end: int) -> str:
    """The question's own text of tokens ``start`` to ``end`` (as typed, not normalised)."""
    return original[toks[start].start:toks[end - 1].end]

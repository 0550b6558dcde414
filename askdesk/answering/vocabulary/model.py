"""The :class:`Vocabulary`: every field's values with their counts, which statuses are finished,
the request-id shapes, and the look-ups question understanding makes against them.

Loading reads the table (:mod:`.load`) and learns from it (:mod:`.learn`); the phrases that name
values are built once per vocabulary, on first use (:mod:`.phrases`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

import sqlalchemy as sa

from askdesk.access import EVERYTHING, Visibility
from askdesk.answering.filters import COLUMN_FIELDS
from askdesk.answering.ids import IdShape, learn_id_shapes
from askdesk.answering.vocabulary.learn import learn_closed_statuses, learn_field_aliases, learn_prefix_values
from askdesk.answering.vocabulary.load import read_table
from askdesk.answering.vocabulary.phrases import (
    ValueRef,
    build_phrase_index,
    build_priority_aliases,
    build_word_aliases,
)
from askdesk.answering.vocabulary.words import STATUS_WORDS, normalise


@dataclass
class Vocabulary:
    #: field -> value -> rows.  Fields: status, category, priority, every metadata key
    fields: dict[str, dict[str, int]] = field(default_factory=dict)
    closed_statuses: frozenset[str] = frozenset()
    id_shapes: tuple[IdShape, ...] = ()
    #: the data has resolved dates at all (then "open" can also mean "no resolved date")
    has_resolved_dates: bool = True
    total: int = 0
    #: the source's column names as people say them ("contact type" -> channel), from the mapping
    field_aliases: dict[str, str] = field(default_factory=dict)
    #: an id prefix that stands for one value ("SRs": Type = Service Request where SR- ids are exactly those)
    prefix_values: dict[str, ValueRef] = field(default_factory=dict)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, engine: sa.Engine, visibility: Visibility = EVERYTHING) -> Vocabulary:
        """Read from the requests table (:func:`.load.read_table`), with what the data teaches:
        id shapes and prefixes, finished statuses, the source's names for the fields.  With a
        restricted ``visibility``: from the requests it shows only (the answering engine passes
        the question's; the default, every request, is what App Home and tools read)."""
        read = read_table(engine, visibility)
        shapes = learn_id_shapes([r for r, _c, _e in read.sample])
        small = {name for name, values in read.fields.items() if 2 <= len(values) <= 50 and name != "status"}
        prefix_values = learn_prefix_values(
            shapes, [(rid, {"category": c, **{k: v for k, v in (e or {}).items() if k in small}})
                     for rid, c, e in read.sample])
        closed = learn_closed_statuses(read.fields.get("status", {}), read.resolved_share, read.declared_statuses)
        return cls(read.fields, closed, shapes, prefix_values=prefix_values, has_resolved_dates=read.with_resolved > 0,
                   total=read.total, field_aliases=learn_field_aliases(read.field_columns, read.fields))

    # ------------------------------------------------------------------ reading
    def values(self, name: str) -> dict[str, int]:
        return self.fields.get(name, {})

    @property
    def request_nouns(self) -> frozenset[str]:
        """Words for a request this data adds: its id prefixes ("INC" -> inc, incs)."""
        return frozenset(w for s in self.id_shapes if len(s.prefix) >= 2 for w in (s.prefix.lower(),
                                                                                    s.prefix.lower() + "s"))

    @property
    def statuses(self) -> dict[str, int]:
        return self.values("status")

    @property
    def categories(self) -> dict[str, int]:
        return self.values("category")

    @property
    def priorities(self) -> dict[str, int]:
        return self.values("priority")

    @property
    def metadata_fields(self) -> tuple[str, ...]:
        return tuple(f for f in self.fields if f not in COLUMN_FIELDS)

    @property
    def open_statuses(self) -> tuple[str, ...]:
        return tuple(s for s in self.statuses if s not in self.closed_statuses)

    @property
    def finished_statuses(self) -> tuple[str, ...]:
        return tuple(s for s in self.statuses if s in self.closed_statuses)

    def canonical(self, name: str, text: str) -> str | None:
        """The value of field ``name`` that ``text`` names exactly (case, accents and
        punctuation aside), or None.  How LLM plans and quoted values are validated."""
        want = normalise(text)
        for value in self.values(name):
            if normalise(value) == want:
                return value
        refs = self.phrase_index.get(want, ())
        for ref in refs:
            if ref.field == name:
                return ref.value
        return None

    # ------------------------------------------------------------------ phrase matching
    @cached_property
    def phrase_index(self) -> dict[str, tuple[ValueRef, ...]]:
        """Normalised phrase -> the values it names, over every field (:func:`.phrases.build_phrase_index`)."""
        return build_phrase_index(self.fields)

    @cached_property
    def word_aliases(self) -> dict[str, tuple[ValueRef, ...]]:
        """One word that names a longer value on its own, used only where a value stands
        (:func:`.phrases.build_word_aliases`)."""
        return build_word_aliases(self.fields, self.phrase_index)

    @cached_property
    def longest_phrase(self) -> int:
        return max((len(k.split()) for k in self.phrase_index), default=1)

    def find_phrases(self, words: list[str]) -> Iterator[tuple[int, int, tuple[ValueRef, ...]]]:
        """(start word, end word, values) for every n-gram of ``words`` that names values,
        longest first at each position, left to right, non-overlapping."""
        i, n = 0, len(words)
        while i < n:
            for size in range(min(self.longest_phrase, n - i), 0, -1):
                refs = self.phrase_index.get(" ".join(words[i:i + size]))
                if refs:
                    yield i, i + size, refs
                    i += size
                    break
            else:
                i += 1

    def status_family(self, word: str) -> tuple[str, ...]:
        """Statuses whose names contain one of the words an everyday status word stands for
        ("pending" -> Awaiting User Info, Awaiting Problem, Pending, …)."""
        stems = STATUS_WORDS.get(word, ())
        return tuple(s for s in self.statuses if any(w in normalise(s).split() for w in stems))

    def priority_aliases(self) -> dict[str, tuple[str, ...]]:
        """priority value -> words that name it ("1 - Critical" -> critical, p1, sev1, ...)."""
        return build_priority_aliases(self.priorities)

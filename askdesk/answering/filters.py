"""What a question restricts the requests to, as typed values that exist in the data.

Every value in a :class:`RequestFilters` was *chosen from the requests table's own values* (the
:class:`~askdesk.answering.vocabulary.Vocabulary`) by the question parser or the validated LLM
plan, never copied from the user's text, and both places that apply filters turn them into
bound parameters: :func:`request_conditions` for the structured ``requests`` table (lookups,
counts, analytics) and :func:`chunk_conditions` for the vector table's JSONB metadata (search).
LlamaIndex's ``PGVectorStore`` filters would paste values into SQL text, which is why search
builds its own parameterised SQL.

A filter is a conjunction of :class:`FieldCondition` (one field, any of several values, or none
of them when negated), date ranges and an optional resolved / unresolved test.  Any mapped
field can be filtered: the request's own columns (status, category, priority), the pseudonymised
people roles and every ``[metadata]`` column of the mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

#: request fields that are columns of the requests table
COLUMN_FIELDS = ("status", "category", "priority")
#: people roles (pseudonyms) live in the ``people`` JSONB; everything else in ``extra``
PEOPLE_FIELDS = ("requester", "assignee")
#: the request dates a range or an order can be on
DateField = Literal["created_at", "resolved_at", "updated_at"]
DATE_FIELDS: tuple[DateField, ...] = ("created_at", "resolved_at", "updated_at")
_DATE_VERBS = {"created_at": "created", "resolved_at": "resolved", "updated_at": "updated"}
#: how an answer states that it is over the asker's own requests (``RequestFilters.mine``)
RAISED_BY_YOU = "raised by you"


def field_label(name: str) -> str:
    """``assignment_group`` -> ``assignment group`` (how a field is named in answers)."""
    return name.replace("_", " ")


@dataclass(frozen=True)
class DateRange:
    """A half-open interval [start, end) on one of the request dates, with the words it came from."""

    field: DateField = "created_at"
    start: datetime | None = None
    end: datetime | None = None
    label: str = ""

    def describe(self) -> str:
        verb = _DATE_VERBS[self.field]
        fmt = "%Y-%m-%d"
        if self.start and self.end:
            span = f"{self.start:{fmt}} to {self.end:{fmt}} (exclusive)"
        elif self.start:
            span = f"since {self.start:{fmt}}"
        else:
            span = f"before {self.end:{fmt}}" if self.end else "any time"
        return f"{verb} {self.label + ': ' if self.label else ''}{span}"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field}
        if self.start:
            out["start"] = self.start.isoformat()
        if self.end:
            out["end"] = self.end.isoformat()
        if self.label:
            out["label"] = self.label
        return out


@dataclass(frozen=True)
class FieldCondition:
    """``field`` is one of ``values`` (or, ``negate``: none of them, or no value at all).
    No ``values``: the field has no value ("no priority", "unassigned"); negated: it has one."""

    field: str
    values: tuple[str, ...]
    negate: bool = False
    #: the user's words it was read from ("open", "excluding HR"); shown, never queried
    label: str = ""

    def describe(self) -> str:
        values = ", ".join(self.values)
        name = field_label(self.field)
        if not self.values:
            return f"{name}: {'any value' if self.negate else 'none'}"
        if self.negate:
            return f"{name} not {values}"
        return f"{name}: {values}" + (f" ({self.label})" if self.label and self.label.lower() not in values.lower() else "")


@dataclass(frozen=True)
class RequestFilters:
    """Restrictions understood from a question: all conditions hold (AND), each condition's
    values are alternatives (OR).  Empty means "every request"."""

    conditions: tuple[FieldCondition, ...] = ()
    dates: tuple[DateRange, ...] = ()
    #: True = has a resolved date, False = has none (used for "open" when the data has no statuses)
    resolved: bool | None = None
    #: only the asker's own requests ("my tickets"); the engine applies it through the reader's
    #: `Visibility` (their requester keys), or declines where it can't
    mine: bool = False

    # -------------------------------------------------------------------- building
    @classmethod
    def of(cls, *, dates: tuple[DateRange, ...] = (), resolved: bool | None = None,
           **fields: tuple[str, ...] | list[str]) -> RequestFilters:
        """``RequestFilters.of(status=("Open",), category=("HR",))``: positive conditions by field."""
        conds = tuple(FieldCondition(name, tuple(values)) for name, values in fields.items() if values)
        return cls(conds, tuple(dates), resolved)

    def with_condition(self, cond: FieldCondition) -> RequestFilters:
        """These filters with ``cond`` replacing any condition on the same field and polarity."""
        kept = tuple(c for c in self.conditions if not (c.field == cond.field and c.negate == cond.negate))
        return replace(self, conditions=(*kept, cond))

    def without_fields(self, *names: str) -> RequestFilters:
        return replace(self, conditions=tuple(c for c in self.conditions if c.field not in names))

    def merged_over(self, base: RequestFilters) -> RequestFilters:
        """These filters with what they leave unsaid taken from ``base`` (a follow-up question:
        a field restated replaces the old condition, new dates replace the old dates)."""
        # a value restated replaces the old one; an exclusion narrows it ("city centre" -> "excluding the law school")
        restated = {c.field for c in self.conditions if not c.negate or not any(
            b.field == c.field and not b.negate for b in base.conditions)}
        if self.resolved is not None or any(c.field == "status" and not c.negate for c in self.conditions):
            restated |= {"status"}
        conds = tuple(c for c in base.conditions if c.field not in restated) + self.conditions
        resolved = self.resolved if self.resolved is not None else (
            None if "status" in {c.field for c in self.conditions} else base.resolved)
        return RequestFilters(conds, self.dates or base.dates, resolved, self.mine or base.mine)

    # -------------------------------------------------------------------- reading
    def values(self, name: str) -> tuple[str, ...]:
        """The values a positive condition on ``name`` allows (empty: not restricted)."""
        return tuple(v for c in self.conditions if c.field == name and not c.negate for v in c.values)

    def fields(self) -> set[str]:
        return {c.field for c in self.conditions}

    def is_empty(self) -> bool:
        return not (self.conditions or self.dates or self.resolved is not None or self.mine)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for traces, answers and the eval results file: ``field: [values]``
        for positive conditions, ``not``: {field: [values]} for negated ones, ``dates``."""
        out: dict[str, Any] = {"mine": True} if self.mine else {}
        negated: dict[str, list[str]] = {}
        for c in self.conditions:
            if c.negate:
                negated.setdefault(c.field, []).extend(c.values)
            else:
                out.setdefault(c.field, []).extend(c.values)
        if negated:
            out["not"] = negated
        if self.resolved is not None:
            out["resolved"] = self.resolved
        if self.dates:
            out["dates"] = [d.as_dict() for d in self.dates]
        return out

    def describe(self) -> str:
        """Short human text, e.g. ``status: Open, Pending · category not HR · created last week: …``."""
        parts = [RAISED_BY_YOU] if self.mine else []
        parts += [c.describe() for c in self.conditions]
        if self.resolved is not None:
            parts.append("resolved" if self.resolved else "not resolved (no resolved date)")
        parts += [d.describe() for d in self.dates]
        return " · ".join(parts) if parts else "no filters"


# --------------------------------------------------------------------------- SQL
def request_column(table: sa.Table, name: str) -> sa.ColumnElement[Any]:
    """The requests-table expression holding field ``name`` (a column, a people role or a
    metadata key in JSONB).  ``name`` comes from the vocabulary, never from user text, and is
    bound as a parameter in the JSON case anyway."""
    if name in COLUMN_FIELDS:
        return table.c[name]
    if name in PEOPLE_FIELDS:
        return table.c.people[name].astext
    return table.c.extra[name].astext


def _condition(column: sa.ColumnElement[Any], cond: FieldCondition) -> sa.ColumnElement[bool]:
    if not cond.values:
        return column.is_not(None) if cond.negate else column.is_(None)
    if cond.negate:
        # "not HR" includes requests without a category: NOT IN alone would drop NULLs
        return sa.or_(column.is_(None), column.not_in(list(cond.values)))
    return column.in_(list(cond.values))


def request_conditions(filters: RequestFilters, table: sa.Table) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions on the structured ``requests`` table (all values bound as parameters)."""
    conds = [_condition(request_column(table, c.field), c) for c in filters.conditions]
    for rng in filters.dates:
        column = table.c[rng.field]
        if rng.start:
            conds.append(column >= rng.start)
        if rng.end:
            conds.append(column < rng.end)
    if filters.resolved is not None:
        conds.append(table.c.resolved_at.is_not(None) if filters.resolved else table.c.resolved_at.is_(None))
    return conds


def chunk_conditions(filters: RequestFilters, metadata: sa.ColumnElement[Any]) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions on the vector table's JSONB ``metadata_`` column (values bound).

    The chunk metadata holds the same fields flat (``indexing.documents.request_metadata``);
    dates are ISO-8601 strings there, which compare correctly as text.
    """
    meta = sa.type_coerce(metadata, JSONB)
    conds = [_condition(meta[c.field].astext, c) for c in filters.conditions]
    for rng in filters.dates:
        if rng.start:
            conds.append(meta[rng.field].astext >= rng.start.isoformat(timespec="seconds"))
        if rng.end:
            conds.append(meta[rng.field].astext < rng.end.isoformat(timespec="seconds"))
    if filters.resolved is not None:
        has = meta.has_key("resolved_at")
        conds.append(has if filters.resolved else sa.not_(has))
    return conds


__all__ = [
    "COLUMN_FIELDS", "DATE_FIELDS", "PEOPLE_FIELDS", "RAISED_BY_YOU", "DateField", "DateRange", "FieldCondition", "RequestFilters",
    "chunk_conditions", "field_label", "request_column", "request_conditions",
]

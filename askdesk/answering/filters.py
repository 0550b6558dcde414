"""What a question restricts the requests to, as typed values that exist in the data.

Every value in a :class:`RequestFilters` was *chosen from the requests table's own values* by
the question parser (never copied from the user's text), and both places that apply filters
turn them into bound parameters: :func:`request_conditions` for the structured ``requests``
table (lookups and counts) and :func:`chunk_conditions` for the vector table's JSONB metadata
(search).  LlamaIndex's ``PGVectorStore`` filters would paste values into SQL text, which is
why search builds its own parameterised SQL.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

#: filterable columns of the requests table -> the key of the same value in chunk metadata
EXACT_FIELDS: dict[str, str] = {
    "status": "status",
    "category": "category",
    "priority": "priority",
    "subcategory": "subcategory",
    "assignment_group": "assignment_group",
    "requester": "requester",
    "assignee": "assignee",
}
#: fields stored in the requests table's ``extra``/``people`` JSONB instead of a column
_JSON_FIELDS = {"subcategory": "extra", "assignment_group": "extra", "requester": "people", "assignee": "people"}
DATE_FIELDS = ("created_at", "resolved_at", "updated_at")


@dataclass(frozen=True)
class DateRange:
    """A half-open interval [start, end) on one of the request dates, with the words it came from."""

    field: str = "created_at"
    start: datetime | None = None
    end: datetime | None = None
    label: str = ""

    def describe(self) -> str:
        verb = {"created_at": "created", "resolved_at": "resolved", "updated_at": "updated"}[self.field]
        fmt = "%Y-%m-%d"
        if self.start and self.end:
            span = f"{self.start:{fmt}} to {self.end:{fmt}} (exclusive)"
        elif self.start:
            span = f"since {self.start:{fmt}}"
        else:
            span = f"before {self.end:{fmt}}" if self.end else "any time"
        return f"{verb} {self.label + ': ' if self.label else ''}{span}"


@dataclass(frozen=True)
class RequestFilters:
    """Restrictions understood from a question; empty tuples mean "any"."""

    status: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    priority: tuple[str, ...] = ()
    subcategory: tuple[str, ...] = ()
    assignment_group: tuple[str, ...] = ()
    requester: tuple[str, ...] = ()
    assignee: tuple[str, ...] = ()
    dates: tuple[DateRange, ...] = field(default_factory=tuple)

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for traces, answers and the eval results file."""
        out: dict[str, Any] = {}
        for name in EXACT_FIELDS:
            if values := getattr(self, name):
                out[name] = list(values)
        if self.dates:
            out["dates"] = [
                {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(d).items() if v}
                for d in self.dates
            ]
        return out

    def describe(self) -> str:
        """Short human text, e.g. ``status: Open, Pending · category: HR · created last week: …``."""
        parts = [f"{name.replace('_', ' ')}: {', '.join(getattr(self, name))}" for name in EXACT_FIELDS if getattr(self, name)]
        parts += [d.describe() for d in self.dates]
        return " · ".join(parts) if parts else "no filters"


def request_conditions(filters: RequestFilters, table: sa.Table) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions on the structured ``requests`` table (all values bound as parameters)."""
    conds: list[sa.ColumnElement[bool]] = []
    for name in EXACT_FIELDS:
        values = getattr(filters, name)
        if not values:
            continue
        if name in _JSON_FIELDS:
            column = table.c[_JSON_FIELDS[name]][name].astext
        else:
            column = table.c[name]
        conds.append(column.in_(list(values)))
    for rng in filters.dates:
        column = table.c[rng.field]
        if rng.start:
            conds.append(column >= rng.start)
        if rng.end:
            conds.append(column < rng.end)
    return conds


def chunk_conditions(filters: RequestFilters, metadata: sa.ColumnElement[Any]) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions on the vector table's JSONB ``metadata_`` column (values bound).

    Dates are stored there as ISO-8601 strings (``documents.request_metadata``), which compare
    correctly as text.
    """
    meta = sa.type_coerce(metadata, JSONB)
    conds: list[sa.ColumnElement[bool]] = []
    for name, key in EXACT_FIELDS.items():
        values = getattr(filters, name)
        if values:
            conds.append(meta[key].astext.in_(list(values)))
    for rng in filters.dates:
        if rng.start:
            conds.append(meta[rng.field].astext >= rng.start.isoformat(timespec="seconds"))
        if rng.end:
            conds.append(meta[rng.field].astext < rng.end.isoformat(timespec="seconds"))
    return conds

"""The values that exist in the requests table, and the words people use for them.

Question understanding maps the user's words onto *these* values (statuses, categories,
priorities, subcategories, assignment groups) and onto the request-id shapes seen in the data,
so that filters only ever carry values the database already holds.  Loaded once per engine and
refreshed on demand (``Vocabulary.load`` is one small query per field).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from askdesk.schema import requests

#: status names (lower case) that mean the request is finished, whatever the helpdesk calls them
_CLOSED_WORDS = ("closed", "resolved", "cancelled", "canceled", "done", "complete", "completed", "rejected",
                 "duplicate", "withdrawn", "fixed")

#: everyday words -> words that appear in status names
STATUS_SYNONYMS: dict[str, tuple[str, ...]] = {
    "pending": ("pending", "awaiting", "waiting"),
    "waiting": ("pending", "awaiting", "waiting"),
    "awaiting": ("pending", "awaiting", "waiting"),
    "in progress": ("in progress", "work in progress", "wip", "active", "assigned"),
    "being worked on": ("in progress", "work in progress", "active", "assigned"),
    "wip": ("in progress", "work in progress"),
    "ongoing": ("in progress",),
    "on hold": ("on hold", "hold", "paused", "suspended"),
    "paused": ("on hold", "paused", "suspended"),
    "resolved": ("resolved",),
    "closed": ("closed",),
    "cancelled": ("cancelled", "canceled", "withdrawn"),
    "canceled": ("cancelled", "canceled", "withdrawn"),
}
#: words meaning "any status that is not finished"
OPEN_WORDS = ("open", "unresolved", "outstanding", "not closed", "not resolved", "still open", "active",
              "unfinished", "backlog")
#: words meaning "any finished status"
DONE_WORDS = ("done", "finished", "completed", "complete", "fixed", "solved")

#: everyday words for categories, matched against the category/subcategory names in the data
CATEGORY_SYNONYMS: dict[str, tuple[str, ...]] = {
    # only words that rarely mean anything else in a helpdesk question ("office", "people",
    # "accounts" are left out: "office printer", "people can't log in", "accounts locked")
    "hr": ("hr", "human resources", "personnel"),
    "human resources": ("hr", "human resources"),
    "it": ("it", "information technology"),
    "finance": ("finance", "accounting"),
    "facilities": ("facilities", "facility management"),
    "security": ("security", "infosec", "information security"),
    "procurement": ("procurement", "purchasing"),
    "legal": ("legal",),
}

_PRIORITY_WORDS = {
    1: ("critical", "crit", "urgent", "p1", "sev1", "highest", "blocker", "emergency"),
    2: ("high", "p2", "sev2", "major"),
    3: ("medium", "moderate", "normal", "p3", "sev3"),
    4: ("low", "p4", "sev4", "minor", "lowest", "trivial"),
}


@dataclass(frozen=True)
class IdShape:
    """One shape of request id seen in the data: prefix, separator, digit count."""

    prefix: str  # e.g. "REQ"
    separator: str  # e.g. "-" or ""
    digits: int  # typical digit count (for zero padding)
    padded: bool  # ids are zero-padded to ``digits``


@dataclass
class Vocabulary:
    statuses: dict[str, int] = field(default_factory=dict)  # value -> rows
    categories: dict[str, int] = field(default_factory=dict)
    priorities: dict[str, int] = field(default_factory=dict)
    subcategories: dict[str, int] = field(default_factory=dict)
    assignment_groups: dict[str, int] = field(default_factory=dict)
    closed_statuses: frozenset[str] = frozenset()
    id_shapes: tuple[IdShape, ...] = ()

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, engine: sa.Engine) -> Vocabulary:
        t = requests
        with engine.connect() as conn:

            def counts(column: sa.ColumnElement) -> dict[str, int]:
                rows = conn.execute(sa.select(column, sa.func.count()).where(column.is_not(None)).group_by(column))
                return {str(v): int(n) for v, n in rows if str(v).strip()}

            statuses = counts(t.c.status)
            # a status is "closed" if its name says so, or most of its rows have a resolved date
            resolved_share = {
                s: float(share)
                for s, share in conn.execute(
                    sa.select(t.c.status, sa.func.avg(sa.case((t.c.resolved_at.is_not(None), 1.0), else_=0.0)))
                    .where(t.c.status.is_not(None))
                    .group_by(t.c.status)
                )
            }
            closed = frozenset(
                s for s in statuses
                if any(w in s.lower() for w in _CLOSED_WORDS) or resolved_share.get(s, 0.0) > 0.8
            )
            sample_ids = [r for (r,) in conn.execute(sa.select(t.c.request_id).order_by(sa.func.random()).limit(2000))]
            vocab = cls(
                statuses=statuses,
                categories=counts(t.c.category),
                priorities=counts(t.c.priority),
                subcategories=counts(t.c.extra["subcategory"].astext),
                assignment_groups=counts(t.c.extra["assignment_group"].astext),
                closed_statuses=closed,
                id_shapes=learn_id_shapes(sample_ids),
            )
        return vocab

    @property
    def open_statuses(self) -> tuple[str, ...]:
        return tuple(s for s in self.statuses if s not in self.closed_statuses)

    def priority_aliases(self) -> dict[str, tuple[str, ...]]:
        """priority value -> words that name it ("1 - Critical" -> critical, p1, sev1, ...)."""
        out: dict[str, tuple[str, ...]] = {}
        for value in self.priorities:
            words = {value.lower()}
            low = value.lower()
            m = re.match(r"\s*(\d)", value)
            if m:
                n = int(m.group(1))
                words |= {f"p{n}", f"priority {n}", f"prio {n}", f"sev{n}", f"sev {n}", f"severity {n}"}
                words |= set(_PRIORITY_WORDS.get(n, ()))
            for n, names in _PRIORITY_WORDS.items():
                if any(re.search(rf"\b{name}\b", low) for name in names[:1]):
                    words |= set(names)
            name_part = re.sub(r"^\s*\d+\s*[-.:)]\s*", "", low).strip()
            if name_part:
                words.add(name_part)
            out[value] = tuple(sorted(words, key=len, reverse=True))
        return out


# ---------------------------------------------------------------------------- request ids
_ID_RE = re.compile(r"^([A-Za-z]+)([-_ ]?)(\d+)$")


def learn_id_shapes(ids: list[str]) -> tuple[IdShape, ...]:
    """The id shapes that cover the data (e.g. ``REQ-`` + 6 digits, ``INC`` + 7 zero-padded)."""
    by_prefix: dict[tuple[str, str], Counter[int]] = {}
    padded: dict[tuple[str, str], bool] = {}
    for rid in ids:
        m = _ID_RE.match(rid.strip())
        if not m:
            continue
        key = (m.group(1).upper(), m.group(2))
        by_prefix.setdefault(key, Counter())[len(m.group(3))] += 1
        if m.group(3).startswith("0"):
            padded[key] = True
    shapes = []
    for (prefix, sep), lengths in sorted(by_prefix.items(), key=lambda kv: -sum(kv[1].values())):
        if sum(lengths.values()) < max(1, len(ids) // 50):  # ignore stray shapes
            continue
        digits = lengths.most_common(1)[0][0]
        shapes.append(IdShape(prefix, sep, digits, padded.get((prefix, sep), False)))
    return tuple(shapes)


def id_pattern(shapes: tuple[IdShape, ...]) -> re.Pattern[str] | None:
    """A regex finding ids of these shapes in free text, tolerant of case and separators."""
    if not shapes:
        return None
    prefixes = "|".join(sorted({re.escape(s.prefix) for s in shapes}, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])({prefixes})[-_ #]?(\d{{1,12}})(?![A-Za-z0-9])", re.IGNORECASE)


def normalise_id(prefix: str, digits: str, shapes: tuple[IdShape, ...]) -> str:
    """``req 1234`` -> ``REQ-1234``; ``inc45`` -> ``INC0000045`` when the data pads ids."""
    for s in shapes:
        if s.prefix == prefix.upper():
            number = digits.zfill(s.digits) if s.padded and len(digits) < s.digits else digits
            return f"{s.prefix}{s.separator}{number}"
    return f"{prefix.upper()}{digits}"

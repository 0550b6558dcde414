"""The truth of analytic questions: requests as the index holds them (:class:`Rec`), conditions, a
question's structured form (:class:`Spec`), and its expected answer computed in plain Python from
the rows (:func:`truth`), never from SQL or the engine.  The contract is :mod:`evals.golden_analytics`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from evals.goldensets.stats import stat_of


class Profile(Protocol):
    """What the truth needs of an export's profile (``analytic_vocabulary.Profile``, which
    imports this module): its clock and the statuses that count as finished."""

    @property
    def now(self) -> datetime: ...

    @property
    def finished(self) -> frozenset[str]: ...


#: cells the mappings read as "no value" (``[values] missing``; compared stripped, case-insensitive)
MISSING = frozenset({"", "?", "n/a", "na", "null", "none", "-", "--"})
DATE_FIELDS = ("created", "updated", "resolved")
ANALYTIC_KINDS = ("count", "list", "top", "duration", "trend", "share")


# =========================================================================================== rows
@dataclass(frozen=True, eq=False)
class Rec:
    """One request as the index holds it: its id, title, field values (status, category,
    priority and the metadata fields; None = no value) and dates."""

    request_id: str
    title: str
    values: dict[str, str | None]
    created: datetime | None
    updated: datetime | None = None  # None: the created date stands in (as the indexer does)
    resolved: datetime | None = None
    pii: tuple[tuple[str, str], ...] = ()

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def date(self, name: str) -> datetime | None:
        if name == "created":
            return self.created
        if name == "updated":
            return self.updated or self.created
        return self.resolved


def clean(value: str | None) -> str | None:
    """A cell as the mapping reads it: stripped; a missing marker is no value."""
    if value is None:
        return None
    value = value.strip()
    return None if value.casefold() in MISSING else value


# ===================================================================================== conditions
@dataclass(frozen=True)
class Cond:
    """``field`` in ``values`` (or not in them, ``negate``).  ``open``: the "open"/"unresolved"
    condition, i.e. status not a finished one (``values`` = the finished statuses, ``negate``)."""

    field: str
    values: tuple[str, ...]
    negate: bool = False
    open: bool = False

    def key(self) -> tuple[Any, ...]:
        return ("c", self.field, tuple(sorted(self.values)), self.negate, self.open)


@dataclass(frozen=True)
class DateCond:
    """``field`` (created | updated | resolved) in ``[start, end)``; None = unbounded.  ``words``:
    how a question says it ("last week", "in September")."""

    field: str
    start: datetime | None
    end: datetime | None
    words: tuple[str, ...] = ()

    def key(self) -> tuple[Any, ...]:
        return ("d", self.field, self.start, self.end)


Condition = Cond | DateCond


def matches(r: Rec, conds: Iterable[Condition], *, missing_is_other: bool = True) -> bool:
    """Does the request meet every condition?  A request without a value for a negated field
    ("other than Location 143") matches when ``missing_is_other`` (questions where the two
    readings differ are not asked)."""
    for c in conds:
        if isinstance(c, DateCond):
            d = r.date(c.field)
            if d is None or (c.start is not None and d < c.start) or (c.end is not None and d >= c.end):
                return False
            continue
        v = r.get(c.field)
        if v is None:
            if not (c.negate and missing_is_other):
                return False
            continue
        if (v in c.values) == c.negate:
            return False
    return True


def open_cond(profile: Profile) -> Cond:
    return Cond("status", tuple(sorted(profile.finished)), negate=True, open=True)


def with_cond(conds: Sequence[Condition], new: Condition) -> tuple[Condition, ...]:
    """The conditions with ``new`` added; a condition on the same field (the same date field) is
    replaced: a restated field in a follow-up replaces the earlier one."""
    same = (lambda c: isinstance(c, DateCond) and c.field == new.field) if isinstance(new, DateCond) else \
        (lambda c: isinstance(c, Cond) and c.field == new.field)
    return tuple(c for c in conds if not same(c)) + (new,)


# ========================================================================================== specs
@dataclass(frozen=True)
class Spec:
    """What a question asks, in structured form; :func:`truth` computes its answer."""

    intent: str  # count | list | top | duration | trend | share
    conds: tuple[Condition, ...] = ()
    order: str | None = None  # list: oldest | newest | updated | resolved | open_longest
    n: int = 1
    group: str | None = None  # top: the field grouped by
    k: int | None = None  # top: how many groups (None: a breakdown)
    stat: str | None = None  # duration: mean | median | p90
    measure: str = "resolution"  # duration: resolution | age
    unit: str | None = None  # trend: month | week | day
    periods: int | None = None  # trend: how many periods up to now's (None with start: from start)
    start: datetime | None = None  # trend: first period's start (else the last ``periods``)
    end: datetime | None = None  # trend: end of the last period (else now's period)
    date_field: str = "created"  # trend: which date is counted
    part: tuple[Condition, ...] = ()  # share: the part of the base

    def key(self) -> tuple[Any, ...]:
        return (self.intent, tuple(sorted(c.key() for c in self.conds)), self.order, self.n, self.group, self.k,
                self.stat, self.measure, self.unit, self.periods, self.start, self.end, self.date_field,
                tuple(sorted(c.key() for c in self.part)))


def month_start(d: datetime) -> datetime:
    return datetime(d.year, d.month, 1)


def add_months(d: datetime, n: int) -> datetime:
    m = d.month - 1 + n
    return datetime(d.year + m // 12, m % 12 + 1, 1)


def period_start(d: datetime, unit: str) -> datetime:
    day = d.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "month":
        return month_start(d)
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day


def next_period(d: datetime, unit: str) -> datetime:
    if unit == "month":
        return add_months(d, 1)
    return d + timedelta(days=7 if unit == "week" else 1)


DEFAULT_PERIODS = {"month": 6, "week": 8, "day": 14}


def trend_periods(spec: Spec, now: datetime) -> list[datetime]:
    """The starts of a trend's periods: from ``start`` (or the last ``periods``, default 6 months /
    8 weeks / 14 days) up to and including now's period (or up to ``end``)."""
    unit = spec.unit or "month"
    last = period_start(spec.end - timedelta(seconds=1), unit) if spec.end else period_start(now, unit)
    if spec.start is not None:
        first = period_start(spec.start, unit)
    else:
        first = last
        for _ in range((spec.periods or DEFAULT_PERIODS[unit]) - 1):
            first = period_start(first - timedelta(days=1), unit)
    out = [first]
    while out[-1] < last:
        out.append(next_period(out[-1], unit))
    return out


def label(d: datetime, unit: str) -> str:
    return d.strftime("%Y-%m" if unit == "month" else "%Y-%m-%d")


def _sort_key(order: str) -> Callable[[Rec], tuple[float, str]]:
    if order in ("oldest", "open_longest"):
        return lambda r: (r.created.timestamp(), r.request_id)  # type: ignore[union-attr]
    name = {"newest": "created", "updated": "updated", "resolved": "resolved"}[order]
    return lambda r: (-r.date(name).timestamp(), r.request_id)  # type: ignore[union-attr]


def truth(spec: Spec, rows: Sequence[Rec], profile: Profile, *, missing_is_other: bool = True) -> dict[str, Any] | None:
    """The expected fields of a question, computed from the rows; None when the question would
    not be fair (nothing matches, the cut of a list falls inside a tie, too few values, …)."""
    conds = spec.conds
    if spec.intent == "list" and spec.order == "open_longest" or spec.intent == "duration" and spec.measure == "age":
        conds = (*conds, open_cond(profile))
    m = [r for r in rows if matches(r, conds, missing_is_other=missing_is_other)]
    if spec.intent == "count":
        return {"expected_number": len(m)}
    if spec.intent == "list":
        name = {"oldest": "created", "open_longest": "created", "newest": "created", "updated": "updated",
                "resolved": "resolved"}[spec.order or "oldest"]
        m = [r for r in m if r.date(name) is not None]
        if len(m) < spec.n:
            return None
        key = _sort_key(spec.order or "oldest")
        m.sort(key=key)
        if len(m) > spec.n and key(m[spec.n - 1])[0] == key(m[spec.n])[0]:
            return None  # the cut falls inside a tie
        return {"expected_request_ids": [r.request_id for r in m[:spec.n]], "expected_number": len(m)}
    if spec.intent == "top":
        counts: dict[str, int] = {}
        for r in m:
            v = r.get(spec.group or "")
            if v is not None:
                counts[v] = counts.get(v, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(ranked) < 2:
            return None
        want = spec.k if spec.k is not None else (len(ranked) if len(ranked) <= 8 else 5)
        want = min(want, len(ranked))
        cut = ranked[want - 1][1]
        groups = [[v, c] for v, c in ranked if c >= cut]
        if len(groups) > want + 2:
            return None  # a long tie: not a fair "top" question
        return {"expected_groups": groups}
    if spec.intent == "duration":
        if spec.measure == "age":
            values = [(profile.now - r.created).total_seconds() / 3600 for r in m if r.created is not None]
        else:
            values = [(r.resolved - r.created).total_seconds() / 3600 for r in m
                      if r.created is not None and r.resolved is not None]
        if len(values) < (10 if spec.stat == "p90" else 3):
            return None
        return {"expected_hours": round(stat_of(values, spec.stat or "mean"), 4), "expected_stat": spec.stat}
    if spec.intent == "trend":
        unit = spec.unit or "month"
        starts = trend_periods(spec, profile.now)
        ends = starts[1:] + [next_period(starts[-1], unit)]
        per_period = [sum(1 for r in m if (d := r.date(spec.date_field)) is not None and s <= d < e)
                      for s, e in zip(starts, ends, strict=True)]
        if sum(per_period) < 3:
            return None
        return {"expected_series": [[label(s, unit), c] for s, c in zip(starts, per_period, strict=True)]}
    if spec.intent == "share":
        part = [r for r in m if matches(r, spec.part, missing_is_other=missing_is_other)]
        if len(m) < 5 or not part or len(part) == len(m):
            return None
        return {"expected_percent": round(100 * len(part) / len(m), 4)}
    raise ValueError(f"unknown intent {spec.intent!r}")


def fair_truth(spec: Spec, rows: Sequence[Rec], profile: Profile) -> dict[str, Any] | None:
    """:func:`truth`, unless a request without a value in a negated field would change it (the
    question would be ambiguous: does "other than Location 143" include requests with no location?)."""
    a = truth(spec, rows, profile)
    if a is None or a != truth(spec, rows, profile, missing_is_other=False):
        return None
    return a

"""The truth of the held-out Zendesk set: filters over the generator's typed tickets
(``field=value(s)``, ``not_field=``, ``unsolved=``, date ranges), and a :class:`Builder` that computes
each question's expected value in plain Python when the question is written (never from SQL or the
engine), refusing ambiguous negations and lists cut inside a tie.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from evals.exports.generation import dated
from evals.exports.zendesk import FINISHED, NOW, ZendeskTicket
from evals.goldensets.stats import fair_stat, hours, interpolate

Range = tuple[datetime | None, datetime | None]


def d(y: int, m: int, day: int = 1) -> datetime:
    return datetime(y, m, day)


TODAY0 = NOW.replace(hour=0, minute=0, second=0)


# ---------------------------------------------------------------------------------------------- filters
_FIELDS: dict[str, Callable[[ZendeskTicket], str | None]] = {
    "status": lambda t: t.status, "prio": lambda t: t.priority, "area": lambda t: t.area, "type": lambda t: t.type,
    "group": lambda t: t.group, "via": lambda t: t.via, "form": lambda t: t.form, "org": lambda t: t.org,
    "region": lambda t: t.region, "plan": lambda t: t.plan,
}
_DATES: dict[str, Callable[[ZendeskTicket], datetime | None]] = {
    "created": lambda t: t.created, "solved": lambda t: t.solved, "updated": lambda t: t.updated or t.created,
}


def _tuple(v: Any) -> tuple[Any, ...]:
    return v if isinstance(v, tuple) else (v,)


def matches(t: ZendeskTicket, f: dict[str, Any], *, blank_is_other: bool = True) -> bool:
    """Whether a ticket matches filters: ``field=value(s)``, ``not_field=value(s)``, ``unsolved=bool``,
    ``created/solved/updated=(start, end)`` (half-open, None = open-ended)."""
    for key, want in f.items():
        if key == "unsolved":
            if (t.status not in FINISHED) != want:
                return False
        elif key in _DATES:
            when = _DATES[key](t)
            lo, hi = want
            if when is None or (lo is not None and when < lo) or (hi is not None and when >= hi):
                return False
        elif key.startswith("not_"):
            v = _FIELDS[key[4:]](t)
            if v is None and not blank_is_other:
                return False
            if v in _tuple(want):
                return False
        elif _FIELDS[key](t) not in _tuple(want):
            return False
    return True


class Truth:
    def __init__(self, tickets: list[ZendeskTicket]) -> None:
        self.t = tickets

    def select(self, f: dict[str, Any]) -> list[ZendeskTicket]:
        out = [t for t in self.t if matches(t, f)]
        if any(k.startswith("not_") for k in f):
            strict = [t for t in self.t if matches(t, f, blank_is_other=False)]
            if len(strict) != len(out):
                raise ValueError(f"negation over blanks is ambiguous: {f}")
        return out


# ---------------------------------------------------------------------------------------------- stats
def percentile(values: Sequence[float], q: float) -> float:
    """This set's percentile (``q`` 0–100) as its truth was first computed: at rank ``q / 100 * (n - 1)``,
    which for some ``n`` differs in the last bit from :func:`evals.goldensets.stats.percentile`'s
    ``(n - 1) * q / 100``; kept so that the committed set stays what its generator makes."""
    xs = sorted(values)
    return interpolate(xs, q / 100 * (len(xs) - 1))


_ORDERS: dict[str, tuple[Callable[[ZendeskTicket], Any], bool]] = {
    "oldest": (lambda t: t.created, False),
    "newest": (lambda t: t.created, True),
    "updated_desc": (lambda t: t.updated or t.created, True),
    "updated_asc": (lambda t: t.updated or t.created, False),
    "solved_desc": (lambda t: t.solved, True),
    "longest_solve": (lambda t: (t.solved - dated(t.created)) if t.solved else None, True),
}


def week_monday(x: datetime) -> datetime:
    x0 = x.replace(hour=0, minute=0, second=0)
    return x0 - timedelta(days=x0.weekday())


def periods(unit: str, first: datetime, last: datetime) -> list[str]:
    """Period labels from the one holding ``first`` to the one holding ``last``, inclusive."""
    out: list[str] = []
    if unit == "month":
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            out.append(f"{y}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    elif unit == "week":
        w = week_monday(first)
        while w <= last:
            out.append(w.strftime("%Y-%m-%d"))
            w += timedelta(days=7)
    else:
        x = first.replace(hour=0, minute=0, second=0)
        while x <= last:
            out.append(x.strftime("%Y-%m-%d"))
            x += timedelta(days=1)
    return out


def label(unit: str, x: datetime) -> str:
    if unit == "month":
        return x.strftime("%Y-%m")
    if unit == "week":
        return week_monday(x).strftime("%Y-%m-%d")
    return x.strftime("%Y-%m-%d")


#: default trend windows: the last 6 months / 8 weeks / 14 days up to and including now's period
def default_window(unit: str, n: int | None = None) -> tuple[datetime, datetime]:
    if unit == "month":
        n = n or 6
        y, m = NOW.year, NOW.month - (n - 1)
        while m <= 0:
            y, m = y - 1, m + 12
        return d(y, m), NOW
    if unit == "week":
        return week_monday(NOW) - timedelta(days=7 * ((n or 8) - 1)), NOW
    return TODAY0 - timedelta(days=(n or 14) - 1), NOW


# ---------------------------------------------------------------------------------------------- builder
class Builder:
    def __init__(self, tickets: list[ZendeskTicket]) -> None:
        self.truth = Truth(tickets)
        self.out: list[dict[str, Any]] = []
        self.by_kind: Counter[str] = Counter()

    def _add(self, kind: str, question: str, history: Iterable[str] | None = None, **fields: Any) -> None:
        self.by_kind[kind] += 1
        q: dict[str, Any] = {"id": f"zd-{kind}-{self.by_kind[kind]:03d}", "question": question, "kind": kind}
        if history:
            q["history"] = list(history)
        q.update({k: v for k, v in fields.items() if v is not None})
        self.out.append(q)

    # analytic kinds
    def count(self, question: str, history: Iterable[str] | None = None, **f: Any) -> None:
        self._add("count", question, history, expected_number=len(self.truth.select(f)))

    def list(self, question: str, n: int, order: str, history: Iterable[str] | None = None, **f: Any) -> None:
        key, desc = _ORDERS[order]
        rows = [t for t in self.truth.select(f) if key(t) is not None]
        if len(rows) < n:
            raise ValueError(f"list {question!r}: only {len(rows)} rows")
        rows.sort(key=lambda t: t.id)  # ties: id ascending (all ids have 5 digits)
        rows.sort(key=key, reverse=desc)
        if len(rows) > n and key(rows[n - 1]) == key(rows[n]):
            raise ValueError(f"list {question!r}: the cut falls inside a tie")
        self._add("list", question, history, expected_request_ids=[t.id for t in rows[:n]],
                  expected_number=len(self.truth.select(f)))

    def top(self, question: str, field: str, n: int | None = None, history: Iterable[str] | None = None,
            **f: Any) -> None:
        counts = Counter(v for t in self.truth.select(f) if (v := _FIELDS[field](t)) is not None)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if n is None:  # a breakdown: every group, or the top 5 when there are more than 8
            n = len(ranked) if len(ranked) <= 8 else 5
        cut = ranked[:n]
        cut += [g for g in ranked[n:] if g[1] == cut[-1][1]]
        self._add("top", question, history, expected_groups=[[v, c] for v, c in cut])

    def duration(self, question: str, which: str, measure: str = "resolution", history: Iterable[str] | None = None,
                 **f: Any) -> None:
        rows = self.truth.select(f)
        if measure == "resolution":
            values = [hours(t.created, t.solved) for t in rows if t.solved and t.created]
        else:
            values = [hours(dated(t.created), NOW) for t in rows if t.status not in FINISHED]
        self._add("duration", question, history, expected_hours=round(fair_stat(values, which, percentile), 4),
                  expected_stat=which)

    def trend(self, question: str, unit: str, window: tuple[datetime, datetime] | None = None, by: str = "created",
              history: Iterable[str] | None = None, **f: Any) -> None:
        first, last = window or default_window(unit)
        labels = periods(unit, first, last)
        counts = Counter(label(unit, v) for t in self.truth.select(f) if (v := _DATES[by](t)) is not None)
        self._add("trend", question, history, expected_series=[[lbl, counts.get(lbl, 0)] for lbl in labels])

    def share(self, question: str, part: dict[str, Any], history: Iterable[str] | None = None, **base: Any) -> None:
        den = self.truth.select(base)
        num = [t for t in den if matches(t, part)]
        if not den:
            raise ValueError(f"share {question!r}: empty base")
        self._add("share", question, history, expected_percent=round(100 * len(num) / len(den), 3))

    def cant(self, question: str, history: Iterable[str] | None = None) -> None:
        self._add("cant", question, history)

    def raw(self, kind: str, question: str, history: Iterable[str] | None = None, **fields: Any) -> None:
        self._add(kind, question, history, **fields)

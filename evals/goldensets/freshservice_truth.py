"""The truth of the blind Freshservice set: predicates over the generator's typed tickets that also
know their other reading (tickets without a value in a negated field counted in), and a
:class:`Builder` that computes each question's expected value in plain Python when it is written,
recording a problem for any question that cannot be asked fairly (a negation whose answer depends
on the reading, a tie inside a list's cut, too few values).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

import numpy as np

from evals.exports.freshservice import FINISHED, NOW, FsTicket
from evals.exports.generation import dated
from evals.goldensets.stats import hours

Pred = Callable[[FsTicket], bool]

TODAY = NOW.replace(hour=0, minute=0, second=0, microsecond=0)
MONDAY = TODAY - timedelta(days=TODAY.weekday())


def D(y: int, m: int, d: int = 1) -> datetime:
    return datetime(y, m, d)


def next_month(d: datetime) -> datetime:
    return datetime(d.year + (d.month == 12), d.month % 12 + 1, 1)


def value(r: FsTicket, name: str) -> str | None:
    if name in ("status", "priority", "category"):
        return getattr(r, name)
    return r.meta[name]


class P:
    """A predicate, and the same predicate under the other reading of its negations (tickets
    without a value in a negated field counted in): a question is only asked when both agree."""

    def __init__(self, f: Pred, alt: Pred | None = None) -> None:
        self.f = f
        self.alt = alt or f

    def __call__(self, r: FsTicket) -> bool:
        return self.f(r)

    def __and__(self, other: P) -> P:
        return P(lambda r: self.f(r) and other.f(r), lambda r: self.alt(r) and other.alt(r))

    def __or__(self, other: P) -> P:
        return P(lambda r: self.f(r) or other.f(r), lambda r: self.alt(r) or other.alt(r))


def eq(name: str, *values: str) -> P:
    return P(lambda r: value(r, name) in values)


def ne(name: str, *values: str) -> P:
    """Field has a value and it is none of these (the alternative reading counts no value in)."""
    return P(lambda r: value(r, name) is not None and value(r, name) not in values,
             lambda r: value(r, name) not in values)


def resolution_hours(r: FsTicket) -> float:
    return hours(dated(r.created), dated(r.resolved))


class Builder:
    def __init__(self, rows: list[FsTicket]) -> None:
        self.rows = rows
        self.by_id = {r.ticket_id: r for r in rows}
        self.out: list[dict[str, Any]] = []
        self.problems: list[str] = []

    # -- plumbing
    def add(self, kind: str, question: str, history: Sequence[str] | None = None, **expected: Any) -> None:
        n = sum(1 for q in self.out if q["kind"] == kind) + 1
        q: dict[str, Any] = {"id": f"fs-{kind}-{n:03d}", "question": question, "kind": kind}
        if history:
            q["history"] = list(history)
        q.update({k: v for k, v in expected.items() if v is not None})
        self.out.append(q)

    def match(self, pred: P, question: str) -> list[FsTicket]:
        got = [r for r in self.rows if pred(r)]
        if sum(1 for r in self.rows if pred.alt(r)) != len(got):
            self.problems.append(f"depends on the reading of a negation: {question!r}")
        return got

    # -- kinds
    def count(self, question: str, pred: P, history: Sequence[str] | None = None) -> None:
        self.add("count", question, history, expected_number=len(self.match(pred, question)))

    def list(self, question: str, pred: P, n: int | None, key: str = "created", desc: bool = False,
             history: Sequence[str] | None = None) -> None:
        got = self.match(pred, question)
        keyf: Callable[[FsTicket], Any] = {
            "created": lambda r: r.created, "updated": lambda r: r.updated, "resolved": lambda r: r.resolved,
            "duration": lambda r: resolution_hours(r),
        }[key]
        if key in ("resolved", "duration"):
            got = [r for r in got if r.resolved is not None]
        got.sort(key=lambda r: r.ticket_id)
        got.sort(key=keyf, reverse=desc)
        want = len(got) if n is None else n
        if len(got) < want or not got:
            self.problems.append(f"list has {len(got)} < {want}: {question!r}")
        head = got[:want + 1]
        if any(keyf(a) == keyf(b) for a, b in pairwise(head)):
            self.problems.append(f"tie in the first N+1: {question!r}")
        self.add("list", question, history, expected_request_ids=[r.ticket_id for r in got[:want]],
                 expected_number=len(got))

    def top(self, question: str, pred: P, field: str, n: int | None = None,
            history: Sequence[str] | None = None) -> None:
        got = self.match(pred, question)
        counts = Counter(value(r, field) for r in got if value(r, field) is not None)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if n is None:
            n = len(ranked) if len(ranked) <= 8 else 5
        cut = ranked[:n]
        if not cut:
            self.problems.append(f"no groups: {question!r}")
            return
        cut += [g for g in ranked[n:] if g[1] == cut[-1][1]]
        if n == 1 and len(cut) > 1:
            self.problems.append(f"'which has the most' with a tie: {question!r}")
        self.add("top", question, history, expected_groups=[[k, v] for k, v in cut])

    def duration(self, question: str, pred: P, stat: str, measure: str = "resolution",
                 history: Sequence[str] | None = None) -> None:
        got = self.match(pred, question)
        if measure == "resolution":
            vals = [resolution_hours(r) for r in got if r.resolved is not None]
        else:
            vals = [hours(dated(r.created), NOW) for r in got if r.status not in FINISHED]
        need = 10 if stat == "p90" else 3
        if len(vals) < need:
            self.problems.append(f"only {len(vals)} values: {question!r}")
            return
        v = {"mean": float(np.mean(vals)), "median": float(np.median(vals)),
             "p90": float(np.percentile(vals, 90))}[stat]
        self.add("duration", question, history, expected_hours=round(v, 4), expected_stat=stat)

    def trend(self, question: str, pred: P, unit: str, periods: Sequence[datetime], on: str = "created",
              history: Sequence[str] | None = None) -> None:
        got = self.match(pred, question)

        def period(d: datetime) -> datetime:
            d = d.replace(hour=0, minute=0, second=0, microsecond=0)
            if unit == "month":
                return d.replace(day=1)
            if unit == "week":
                return d - timedelta(days=d.weekday())
            return d

        counts = Counter(period(getattr(r, on)) for r in got if getattr(r, on) is not None)
        fmt = "%Y-%m" if unit == "month" else "%Y-%m-%d"
        self.add("trend", question, history, expected_series=[[p.strftime(fmt), counts.get(p, 0)] for p in periods])

    def share(self, question: str, base: P, part: P, history: Sequence[str] | None = None) -> None:
        b = self.match(base, question)
        hit = [r for r in b if part(r)]
        if sum(1 for r in b if part.alt(r)) != len(hit):
            self.problems.append(f"depends on the reading of a negation: {question!r}")
        if not b:
            self.problems.append(f"empty base: {question!r}")
            return
        self.add("share", question, history, expected_percent=round(100 * len(hit) / len(b), 4))

    def cant(self, question: str, history: Sequence[str] | None = None) -> None:
        self.add("cant", question, history)


def months(first: datetime, last: datetime) -> list[datetime]:
    out, d = [], first
    while d <= last:
        out.append(d)
        d = next_month(d)
    return out


def weeks(n: int) -> list[datetime]:
    return [MONDAY - timedelta(days=7 * i) for i in range(n - 1, -1, -1)]


def days(first: datetime, last: datetime) -> list[datetime]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]

"""The truth of the blind GLPI set: a :class:`Builder` that computes each question's expected value
in plain Python from the generator's typed tickets when the question is written (never from SQL or
the engine), refusing a list whose cut falls inside a tie; the statistics and period labels it uses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from evals.exports.generation import dated
from evals.exports.glpi import FINISHED, NOW, GlpiTicket
from evals.goldensets.stats import fair_stat, hours

Pred = Callable[[GlpiTicket], bool]

TODAY = NOW.replace(hour=0, minute=0)
D = datetime


def day(n: int) -> datetime:
    return TODAY - timedelta(days=n)


MONDAY = TODAY - timedelta(days=TODAY.weekday())


class Builder:
    def __init__(self, tickets: list[GlpiTicket]):
        self.t = tickets
        self.out: list[dict[str, Any]] = []

    def rows(self, p: Pred) -> list[GlpiTicket]:
        return [t for t in self.t if p(t)]

    def add(self, kind: str, question: str, history: Iterable[str] = (), **expected: Any) -> None:
        n = sum(1 for q in self.out if q["kind"] == kind) + 1
        q: dict[str, Any] = {"id": f"glpi-{kind}-{n:03d}", "question": question, "kind": kind}
        if history:
            q["history"] = list(history)
        q.update({k: v for k, v in expected.items() if v is not None})
        self.out.append(q)

    # --- kinds
    def count(self, q: str, p: Pred, history: Iterable[str] = ()) -> None:
        self.add("count", q, history, expected_number=len(self.rows(p)))

    def lst(self, q: str, p: Pred, n: int, order: str = "created", desc: bool = False,
            history: Iterable[str] = ()) -> None:
        rows = self.rows(p)
        if order == "duration":
            rows = [t for t in rows if t.resolved is not None]
        def key(t: GlpiTicket) -> Any:
            if order == "created":
                return t.created
            if order == "updated":
                return t.updated or t.created
            if order == "resolved":
                return t.resolved
            return hours(dated(t.created), dated(t.resolved))  # duration
        rows.sort(key=lambda t: t.number)
        rows.sort(key=key, reverse=desc)
        if not rows:
            raise ValueError(f"empty list: {q}")
        if len(rows) > n and key(rows[n - 1]) == key(rows[n]):
            raise ValueError(f"cut inside a tie: {q}")
        self.add("list", q, history, expected_request_ids=[t.ticket_id for t in rows[:n]], expected_number=len(rows))

    def top(self, q: str, p: Pred, field: str | Callable[[GlpiTicket], str | None], n: int | None = None,
            history: Iterable[str] = ()) -> None:
        get = field if callable(field) else (lambda t: getattr(t, field) if field in ("status", "priority", "category")
                                             else t.meta[field])
        c = Counter(v for t in self.rows(p) if (v := get(t)) is not None)
        ranked: list[list[Any]] = [[k, v] for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
        if not ranked:
            raise ValueError(f"no groups: {q}")
        n = n or (len(ranked) if len(ranked) <= 8 else 5)
        cut = ranked[:n]
        cut += [g for g in ranked[n:] if g[1] == cut[-1][1]]
        self.add("top", q, history, expected_groups=cut)

    def duration(self, q: str, p: Pred, which: str, age: bool = False, history: Iterable[str] = ()) -> None:
        rows = self.rows(p)
        if age:
            vals = [hours(dated(t.created), NOW) for t in rows if t.status not in FINISHED]
        else:
            vals = [hours(dated(t.created), t.resolved) for t in rows if t.resolved is not None]
        self.add("duration", q, history, expected_hours=round(fair_stat(vals, which), 4), expected_stat=which)

    def trend(self, q: str, p: Pred, unit: str, periods: list[str], by: str = "created",
              history: Iterable[str] = ()) -> None:
        c: Counter[str] = Counter()
        for t in self.rows(p):
            d = t.created if by == "created" else t.resolved
            if d is None:
                continue
            if unit == "month":
                c[d.strftime("%Y-%m")] += 1
            elif unit == "week":
                m = (d - timedelta(days=d.weekday())).date()
                c[m.isoformat()] += 1
            else:
                c[d.date().isoformat()] += 1
        self.add("trend", q, history, expected_series=[[lbl, c.get(lbl, 0)] for lbl in periods])

    def share(self, q: str, base: Pred, part: Pred, history: Iterable[str] = ()) -> None:
        b = self.rows(base)
        if not b:
            raise ValueError(q)
        k = sum(1 for t in b if part(t))
        self.add("share", q, history, expected_percent=round(100 * k / len(b), 4))


def months(first: str, last: str) -> list[str]:
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def weeks(n: int) -> list[str]:
    return [(MONDAY - timedelta(days=7 * i)).date().isoformat() for i in range(n - 1, -1, -1)]


def days(first: datetime, last: datetime) -> list[str]:
    out, d = [], first
    while d <= last:
        out.append(d.date().isoformat())
        d += timedelta(days=1)
    return out

"""What every export generator shares: seeded draws (times, people, template slots), date cells, and
the superseded and quarantined rows each export carries.

The generators are seeded, and the order of their draws is part of every committed export:
these helpers draw exactly as the generators always have (one ``rng.random()`` for an
unweighted choice, slots in the order given), so moving code here changes no byte.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

Row = TypeVar("Row")


def choose(rng: random.Random, seq: Sequence[Any], weights: Sequence[float] | None = None) -> Any:
    """One item of ``seq``: by ``weights`` when given, else uniformly from a single ``rng.random()``."""
    return rng.choices(seq, weights=weights, k=1)[0] if weights else seq[int(rng.random() * len(seq))]


def to_minute(d: datetime) -> datetime:
    """The time without seconds (exports that write minutes only)."""
    return d.replace(second=0, microsecond=0)


def to_second(d: datetime) -> datetime:
    """The time without microseconds (exports that write seconds)."""
    return d.replace(microsecond=0)


def draw_times(rng: random.Random, n: int, start: datetime, end: datetime, weight: Callable[[datetime], float], *,
               whole_seconds: bool = False, snap: Callable[[datetime], datetime] | None = None) -> list[datetime]:
    """``n`` times between ``start`` and ``end``, sorted, by rejection: a uniform candidate (whole seconds
    after ``start`` when asked, then ``snap``-ped) is kept with probability ``weight(t)``; a weight of 0
    rejects it without drawing."""
    span = (end - start).total_seconds()
    out: list[datetime] = []
    while len(out) < n:
        offset = rng.random() * span
        t = start + timedelta(seconds=int(offset) if whole_seconds else offset)
        if snap is not None:
            t = snap(t)
        w = weight(t)
        if w > 0 and rng.random() < w:
            out.append(t)
    return sorted(out)


def working_hours(t: datetime, *, saturday: float, sunday: float, busy: tuple[int, int],
                  shoulder: tuple[int, int, float], night: float) -> float:
    """An office's week, as a weight of ``t``: weekdays 1, Saturday and Sunday less; times of day 1 within
    ``busy`` (from, to hour), ``shoulder``'s weight within its (from, to hour), else ``night``."""
    day = t.weekday()
    hour = t.hour + t.minute / 60
    w = 1.0 if day < 5 else (saturday if day == 5 else sunday)
    w *= 1.0 if busy[0] <= hour < busy[1] else (shoulder[2] if shoulder[0] <= hour < shoulder[1] else night)
    return w


def dated(d: datetime | None) -> datetime:
    """A date of a current (``ok``) row, which always has it (duplicate and broken rows carry none)."""
    if d is None:
        raise ValueError("a current row without its date")
    return d


def date_formatter(pattern: str) -> Callable[[datetime | None], str]:
    """How an export writes a date cell: ``pattern`` (strftime), or an empty cell for no date."""
    def fmt(dt: datetime | None) -> str:
        return "" if dt is None else dt.strftime(pattern)

    return fmt


@dataclass(frozen=True)
class Names:
    """An export's given and family names, and the people drawn from them."""

    first: Sequence[str]
    last: Sequence[str]

    def person(self, rng: random.Random) -> str:
        """"Given Family" (two draws)."""
        return f"{choose(rng, self.first)} {choose(rng, self.last)}"

    def new_person(self, rng: random.Random, seen: set[str]) -> str:
        """A person not in ``seen`` (drawn again until new), added to it."""
        while True:
            name = self.person(rng)
            if name not in seen:
                seen.add(name)
                return name


def work_email(name: str, domain: str) -> str:
    """"Ana Sofia Reyes" at ``domain`` -> "ana.sofiareyes@domain" (the first word, then the rest run together)."""
    first, last = name.split(" ", 1)
    return f"{first.lower()}.{last.lower().replace(' ', '')}@{domain}"


def ascii_lower(name: str) -> str:
    """A name as an e-mail address writes it: accents dropped, lower case ("Engström" -> "engstrom")."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def fill_slots(rng: random.Random, template: str, slots: dict[str, str], pools: Mapping[str, Sequence[str]]) -> None:
    """Draw a word for every ``{slot}`` of ``template`` not drawn yet, in ``pools``' order (a title and its
    description share their slots: "VPN drops on floor 2" … "on floor 2")."""
    for key, pool in pools.items():
        if "{" + key + "}" in template and key not in slots:
            slots[key] = choose(rng, pool)


def insert_duplicates(rng: random.Random, rows: list[Row], candidates: Sequence[Row], n: int,
                      old_version: Callable[[Row], Row], spread: int) -> None:
    """Older versions of ``n`` of the ``candidates``, each written up to ``spread`` rows *after* the
    current one: "latest update wins" must supersede them, not file order."""
    for x in rng.sample(candidates, n):
        old = old_version(x)
        at = rows.index(x) + 1 + int(rng.random() * spread)
        rows.insert(min(at, len(rows)), old)


def insert_broken(rng: random.Random, rows: list[Row], ok: Sequence[Row], n: int,
                  broken: Callable[[int, Row], Row]) -> None:
    """``n`` rows the indexer must quarantine, each ``broken(j, template)`` of a random good row, at random places."""
    for j in range(n):
        template = choose(rng, ok)
        row = broken(j, template)
        rows.insert(int(rng.random() * len(rows)), row)

"""What every export generator shares: seeded draws, template slots, and the superseded and
quarantined rows each export carries.

The generators are seeded, and the order of their draws is part of every committed export:
these helpers draw exactly as the generators always have (one ``rng.random()`` for an
unweighted choice, slots in the order given), so moving code here changes no byte.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
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

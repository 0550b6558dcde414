"""The statistics the golden sets' truths share: hours between two dates, linear-interpolated
percentiles, and the mean, median or p90 of a duration question (refused on too few values).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime


def hours(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 3600


def interpolate(xs: Sequence[float], pos: float) -> float:
    """The value at fractional rank ``pos`` of the sorted ``xs``, linear between the closest ranks."""
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100): linear interpolation between closest ranks (numpy's default,
    Postgres percentile_cont)."""
    xs = sorted(values)
    if not xs:
        raise ValueError("no values")
    return interpolate(xs, (len(xs) - 1) * q / 100)


def stat_of(values: Sequence[float], stat: str, pct: Callable[[Sequence[float], float], float] = percentile) -> float:
    """The mean, median or p90 of ``values`` (``pct`` computes the percentiles)."""
    if stat == "mean":
        return sum(values) / len(values)
    return pct(values, 50 if stat == "median" else 90)


def fair_stat(values: Sequence[float], stat: str,
              pct: Callable[[Sequence[float], float], float] = percentile) -> float:
    """:func:`stat_of`, refusing (ValueError) a question over too few values: 3, or 10 for a p90."""
    need = 10 if stat == "p90" else 3
    if len(values) < need:
        raise ValueError(f"{stat} needs {need} values, got {len(values)}")
    return stat_of(values, stat, pct)

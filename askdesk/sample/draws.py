"""Small helpers for weighted and uniform draws (the exact arithmetic the sample's bytes depend on)."""

from __future__ import annotations

from collections.abc import Iterable


def cum(weights: Iterable[float]) -> list[float]:
    """Running totals of ``weights`` (as floats), for ``bisect(totals, rnd() * totals[-1])``."""
    out, t = [], 0.0
    for w in weights:
        t += w
        out.append(t)
    return out


def pick(rnd, seq):
    """A uniform draw from ``seq`` with one call of ``rnd``."""
    return seq[int(rnd() * len(seq))]

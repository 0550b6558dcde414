"""Ranking metrics (hit@k, MRR@k, nDCG@k) that are honest about ties and duplicates, and the
paired bootstrap used to compare two adapters.

Why tie-aware: fused scores tie (two requests with the same reciprocal-rank sum, or generated
requests with identical texts), and the order a database returns tied rows in is arbitrary.
Scoring the list as returned would reward or punish that accident.  Following McSherry &
Najork ("Computing information retrieval performance measures efficiently in the presence of
tied scores", ECIR 2008), a group of tied results is scored as the *expected* value over every
order of the group, computed in closed form.

Conventions (stated, because libraries differ):

* relevance is binary: a retrieved id is relevant if it is in the expected set;
* a retrieved id that repeats (several chunks of one request) counts at its first, best rank
  only; later copies are dropped before ranks are assigned;
* an empty retrieval scores 0 on every metric; a question without expected ids has no score
  (``None``), so it is left out of averages rather than counted as a miss;
* nDCG uses the ``1 / log2(rank + 1)`` discount and the ideal ranking of
  ``min(len(expected), k)`` relevant results.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import comb

import numpy as np


@dataclass(frozen=True)
class _Group:
    """Results that share one score, occupying ranks ``start .. start + size - 1`` (from 1)."""

    start: int
    size: int
    relevant: int


def _groups(ranked: Sequence[str], relevant: set[str], scores: Sequence[float] | None) -> list[_Group]:
    seen: set[str] = set()
    ids: list[str] = []
    keep_scores: list[float] = []
    for i, rid in enumerate(ranked):
        if rid in seen:
            continue  # a request found through several chunks counts once, at its best rank
        seen.add(rid)
        ids.append(rid)
        if scores is not None:
            keep_scores.append(scores[i])
    groups: list[_Group] = []
    i = 0
    while i < len(ids):
        j = i + 1
        if scores is not None:
            while j < len(ids) and math.isclose(keep_scores[j], keep_scores[i], rel_tol=1e-9, abs_tol=1e-12):
                j += 1
        groups.append(_Group(i + 1, j - i, sum(1 for rid in ids[i:j] if rid in relevant)))
        i = j
    return groups


def _check(ranked: Sequence[str], scores: Sequence[float] | None) -> None:
    if scores is not None and len(scores) != len(ranked):
        raise ValueError(f"{len(scores)} scores for {len(ranked)} retrieved ids: give one score per id, or none")


def hit_at_k(ranked: Sequence[str], expected: Iterable[str], k: int, scores: Sequence[float] | None = None) -> float | None:
    """Probability that at least one expected id is in the first ``k`` (1.0 or 0.0 without ties)."""
    relevant = set(expected)
    if not relevant:
        return None
    _check(ranked, scores)
    miss = 1.0
    for g in _groups(ranked, relevant, scores):
        if g.start > k:
            break
        inside = min(g.size, k - g.start + 1)  # positions of this group within the cut-off
        if g.relevant:
            # P(no relevant among the `inside` first positions of the group)
            miss *= comb(g.size - g.relevant, inside) / comb(g.size, inside)
    return 1.0 - miss


def mrr_at_k(ranked: Sequence[str], expected: Iterable[str], k: int = 10, scores: Sequence[float] | None = None) -> float | None:
    """Expected reciprocal rank of the first expected id (0 if none is in the first ``k``)."""
    relevant = set(expected)
    if not relevant:
        return None
    _check(ranked, scores)
    for g in _groups(ranked, relevant, scores):
        if g.start > k:
            break
        if not g.relevant:
            continue
        # the first relevant of the group lands at offset j (1-based) with probability
        # C(size - j, relevant - 1) / C(size, relevant)
        total = comb(g.size, g.relevant)
        value = 0.0
        for j in range(1, g.size - g.relevant + 2):
            rank = g.start + j - 1
            if rank > k:
                break
            value += comb(g.size - j, g.relevant - 1) / total / rank
        return value
    return 0.0


def _discount(rank: int) -> float:
    return 1.0 / math.log2(rank + 1)


def ndcg_at_k(ranked: Sequence[str], expected: Iterable[str], k: int = 10, scores: Sequence[float] | None = None) -> float | None:
    """Expected nDCG@k with binary relevance; a tied group spreads its relevant results evenly
    over its positions (linearity of expectation makes this exact)."""
    relevant = set(expected)
    if not relevant:
        return None
    _check(ranked, scores)
    dcg = 0.0
    for g in _groups(ranked, relevant, scores):
        if g.start > k:
            break
        if g.relevant:
            mean_discount = sum(_discount(r) for r in range(g.start, min(g.start + g.size, k + 1))) / g.size
            dcg += g.relevant * mean_discount
    ideal = sum(_discount(r) for r in range(1, min(len(relevant), k) + 1))
    return dcg / ideal


def ranking_scores(ranked: Sequence[str], expected: Iterable[str], scores: Sequence[float] | None = None,
                   ks: Sequence[int] = (1, 5, 10)) -> dict[str, float]:
    """hit@k for each k, MRR@10 and nDCG@10 (empty when there are no expected ids)."""
    relevant = set(expected)
    if not relevant:
        return {}
    out: dict[str, float] = {f"hit@{k}": hit_at_k(ranked, relevant, k, scores) for k in ks}  # type: ignore[misc]
    out["mrr@10"] = mrr_at_k(ranked, relevant, 10, scores)  # type: ignore[assignment]
    out["ndcg@10"] = ndcg_at_k(ranked, relevant, 10, scores)  # type: ignore[assignment]
    return out


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default), None for no values."""
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else None


@dataclass(frozen=True)
class PairedDifference:
    """Mean of (candidate - baseline) over the questions both answered, with a bootstrap CI."""

    n: int
    baseline: float
    candidate: float
    diff: float
    low: float
    high: float
    confidence: float

    @property
    def verdict(self) -> str:
        """``better`` / ``worse`` when the interval excludes 0, else ``no clear difference``."""
        if self.n == 0:
            return "no data"
        if self.low > 0:
            return "better"
        if self.high < 0:
            return "worse"
        return "no clear difference"

    def as_dict(self) -> dict[str, float | int | str]:
        return {"n": self.n, "baseline": self.baseline, "candidate": self.candidate, "diff": self.diff,
                "ci_low": self.low, "ci_high": self.high, "confidence": self.confidence, "verdict": self.verdict}


def paired_bootstrap(baseline: Sequence[float], candidate: Sequence[float], *, resamples: int = 2000,
                     confidence: float = 0.95, seed: int = 0) -> PairedDifference:
    """Paired (per-question) bootstrap of the mean difference: questions are resampled with
    replacement, keeping each question's two scores together, so the interval reflects how much
    the difference depends on which questions happened to be asked.  Percentile interval."""
    if len(baseline) != len(candidate):
        raise ValueError("paired bootstrap needs one baseline and one candidate score per question")
    n = len(baseline)
    if n == 0:
        return PairedDifference(0, math.nan, math.nan, math.nan, math.nan, math.nan, confidence)
    a = np.asarray(baseline, dtype=float)
    b = np.asarray(candidate, dtype=float)
    d = b - a
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(resamples, n))
    means = d[idx].mean(axis=1)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return PairedDifference(n, float(a.mean()), float(b.mean()), float(d.mean()), float(low), float(high), confidence)

"""Turn per-question results into the summary JSON: metrics overall, by kind and by route, per
adapter and per retriever; latency percentiles; the route confusion; paired comparisons of each
adapter against the first one (the baseline) with bootstrap confidence intervals; and gates.
"""

from __future__ import annotations

import math
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from askdesk.errors import AskdeskError
from evals.metrics import paired_bootstrap, percentile

#: metrics in the order reports show them
METRIC_ORDER = ("correct", "answer_contains", "number_exact", "list_exact", "groups_exact", "duration_ok", "percent_ok",
                "series_exact", "cites_expected", "answer_cites_expected", "on_topic", "lead_kept", "lead_on_topic", "refused", "no_new_number", "answered",
                "no_leak", "grounded", "route_ok", "hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10")
RANKING = ("hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10")


def metric_names(rows: Iterable[dict[str, Any]]) -> list[str]:
    seen = {k for r in rows for k, v in r["scores"].items() if isinstance(v, bool | int | float)}
    return [m for m in METRIC_ORDER if m in seen] + sorted(seen - set(METRIC_ORDER))


def means(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Mean of each score over the questions it applies to, with that count."""
    out: dict[str, Any] = {"n": len(rows)}
    for m in metric_names(rows):
        values = [float(r["scores"][m]) for r in rows if m in r["scores"]]
        out[m] = {"mean": sum(values) / len(values), "n": len(values)}
    return out


def latency(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    ms = [r["latency_ms"] for r in rows if r.get("latency_ms") is not None]
    first = [r["first_token_ms"] for r in rows if r.get("first_token_ms") is not None]
    return {"n": len(ms), "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95), "max_ms": max(ms) if ms else None,
            "first_token_p50_ms": percentile(first, 50), "first_token_p95_ms": percentile(first, 95)}


def _grouped(rows: Sequence[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[str(r.get(key))].append(r)
    return dict(sorted(groups.items()))


def summarise_adapter(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {
        "overall": means(rows),
        "by_kind": {k: means(v) for k, v in _grouped(rows, "kind").items()},
        "by_route": {k: means(v) for k, v in _grouped(rows, "route").items()},
        "latency": {"overall": latency(rows), "by_kind": {k: latency(v) for k, v in _grouped(rows, "kind").items()},
                    "by_route": {k: latency(v) for k, v in _grouped(rows, "route").items()}},
        "routes": route_confusion(rows),
        "errors": sum(1 for r in rows if r.get("error")),
    }


def route_confusion(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """expected route -> chosen route -> questions."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        if r.get("expected_route"):
            counts[r["expected_route"]][r["route"]] += 1
    return {k: dict(sorted(v.items())) for k, v in sorted(counts.items())}


def summarise_retrievers(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    out = {}
    groups = _grouped(rows, "retriever")
    order = list(dict.fromkeys(r["retriever"] for r in rows))  # the engine first, then as asked
    for name, mine in ((n, groups[n]) for n in order):
        out[name] = {"overall": means(mine), "by_kind": {k: means(v) for k, v in _grouped(mine, "kind").items()},
                     "latency": latency(mine)}
    return out


#: the retrievers that are one part each (the engine must do at least as well as the best of them)
SINGLE_RETRIEVERS = ("bm25", "vector", "fulltext")
#: the metrics that verdict is given on
VERDICT_METRICS = ("hit@5", "mrr@10")


def engine_vs_best(rows: Sequence[dict[str, Any]], *, resamples: int = 2000, seed: int = 0) -> dict[str, Any]:
    """Per metric: the engine against the best single retriever of this run (highest mean over
    the questions both ranked), by paired bootstrap; ``at_least_as_good`` when the interval of
    engine − best reaches 0 or lies above it."""
    by_name = _grouped(rows, "retriever")
    engine = {r["id"]: r for r in by_name.get("engine", [])}
    out: dict[str, Any] = {}
    for m in VERDICT_METRICS:
        best: tuple[float, str, list[float], list[float]] | None = None
        for name in SINGLE_RETRIEVERS:
            pairs = [(float(r["scores"][m]), float(engine[r["id"]]["scores"][m])) for r in by_name.get(name, [])
                     if r["id"] in engine and m in r["scores"] and m in engine[r["id"]]["scores"]]
            if pairs:
                mean = sum(b for b, _e in pairs) / len(pairs)
                if best is None or mean > best[0]:
                    best = (mean, name, [b for b, _e in pairs], [e for _b, e in pairs])
        if best is None:
            continue
        diff = paired_bootstrap(best[2], best[3], resamples=resamples, seed=seed)
        out[m] = {"best": best[1], **diff.as_dict(), "at_least_as_good": bool(diff.high >= 0)}
    return out


def compare(baseline: Sequence[dict[str, Any]], candidate: Sequence[dict[str, Any]], *, resamples: int = 2000,
            seed: int = 0) -> dict[str, Any]:
    """Per metric, overall and by kind: candidate - baseline over the questions both scored, with
    a paired bootstrap confidence interval."""
    base = {r["id"]: r for r in baseline}
    pairs = [(base[r["id"]], r) for r in candidate if r["id"] in base]

    def diff(subset: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
        res = {}
        for m in metric_names([c for _b, c in subset] + [b for b, _c in subset]):
            both = [(float(b["scores"][m]), float(c["scores"][m])) for b, c in subset if m in b["scores"] and m in c["scores"]]
            if both:
                res[m] = paired_bootstrap([b for b, _ in both], [c for _, c in both], resamples=resamples, seed=seed).as_dict()
        return res

    by_kind: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for b, c in pairs:
        by_kind[str(c.get("kind"))].append((b, c))
    return {"n": len(pairs), "overall": diff(pairs), "by_kind": {k: diff(v) for k, v in sorted(by_kind.items())}}


def build_summary(run: Any, *, resamples: int = 2000) -> dict[str, Any]:
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in run.results:
        by_label[r["adapter_label"]].append(r)
    labels = [a.label for a in run.adapters]
    summary: dict[str, Any] = {
        "run": run.info,
        "adapters": {a.label: {"version": a.version, "path": str(a.path) if a.path else None,
                               **summarise_adapter(by_label[a.label])} for a in run.adapters},
        "retrievers": summarise_retrievers(run.retrieval),
        "engine_vs_best": engine_vs_best(run.retrieval, resamples=resamples),
        "comparisons": {},
    }
    for label in labels[1:]:
        summary["comparisons"][f"{label} vs {labels[0]}"] = {
            "baseline": labels[0], "candidate": label, **compare(by_label[labels[0]], by_label[label], resamples=resamples)}
    return summary


# ------------------------------------------------------------------------------------ gates
class GateError(AskdeskError, ValueError):
    """A gate file is malformed; the message names the line to fix."""


def load_gate(path: Path) -> dict[str, float]:
    """A gate file (TOML): ``"<scope>.<metric>" = minimum``, scope ``overall`` or a kind, e.g.
    ``"lookup.correct" = 1.0``, ``"search.hit@5" = 0.85``, ``"overall.grounded" = 0.95``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GateError(f"Cannot read the gate file {path}: {exc}") from exc
    table = data.get("minimum", data)
    out = {}
    for key, value in table.items():
        if "." not in key or not isinstance(value, int | float):
            raise GateError(f"{path}: {key!r} must look like \"<overall|kind>.<metric>\" = <minimum between 0 and 1>")
        out[key] = float(value)
    return out


def check_gate(adapter_summary: dict[str, Any], gate: dict[str, float]) -> list[dict[str, Any]]:
    """Each threshold with the measured value and whether it passed (a missing metric fails)."""
    checks = []
    for key, minimum in gate.items():
        scope, metric = key.split(".", 1)
        block = adapter_summary["overall"] if scope == "overall" else adapter_summary["by_kind"].get(scope, {})
        value = block.get(metric, {}).get("mean") if isinstance(block.get(metric), dict) else None
        ok = value is not None and not math.isnan(value) and value >= minimum - 1e-12
        checks.append({"threshold": key, "minimum": minimum, "value": value, "passed": ok})
    return checks

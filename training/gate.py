"""The promotion gate: a candidate adapter replaces the promoted one (or the base model) only if
the eval harness says it is better on the frozen held-out questions, with no regression on the
exact routes and refusals.  The decision and its numbers are stored in the registry either way.

Rules (thresholds in ``settings.training``):

* **better**: mean ``correct`` of the candidate − the baseline > ``min_gain`` and, with
  ``require_significant`` (default), the 95 % paired bootstrap interval of that difference lies
  above 0 — a promotion must rest on more than noise;
* **no regression**: for each of ``protected_kinds`` (lookup, aggregate, unknown, pii) the
  candidate's accuracy is at least the baseline's − ``max_regression`` (default 0).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from askdesk.live_adapter import promoted_adapter
from askdesk.runtime import Runtime
from askdesk.settings import TrainingSettings
from training.registry import RegistryError, get, record_decision


def decide(summary: dict[str, Any], baseline: str, candidate: str, rules: TrainingSettings) -> dict[str, Any]:
    """The verdict (``promote`` / ``reject``) with its reasons and numbers, from an eval summary."""
    comp = summary["comparisons"][f"{candidate} vs {baseline}"]
    d = comp["overall"].get(rules.metric)
    reasons: list[str] = []
    if d is None or not d["n"]:
        reasons.append("no question answered by both")
        better = False
    else:
        better = d["diff"] > rules.min_gain and (not rules.require_significant or d["ci_low"] > 0)
        if not better:
            reasons.append(f"{rules.metric} {d['candidate']:.3f} vs {d['baseline']:.3f}: diff {d['diff']:+.3f}, 95% CI "
                           f"[{d['ci_low']:+.3f}, {d['ci_high']:+.3f}]" + (" (not above 0)" if rules.require_significant
                                                                            else f" (needs > {rules.min_gain:+.3f})"))
    kinds = {}
    for kind in rules.protected_kinds:
        b = summary["adapters"][baseline]["by_kind"].get(kind, {}).get("correct")
        c = summary["adapters"][candidate]["by_kind"].get(kind, {}).get("correct")
        if b is None or c is None:
            continue
        kinds[kind] = {"baseline": b["mean"], "candidate": c["mean"], "n": c["n"]}
        if c["mean"] < b["mean"] - rules.max_regression - 1e-12:
            reasons.append(f"{kind} accuracy dropped: {c['mean']:.3f} < {b['mean']:.3f}")
    verdict = "promote" if better and not reasons else "reject"
    return {"verdict": verdict, "reasons": reasons, "baseline": baseline, "candidate": candidate,
            "correct": d, "protected": kinds,
            "rules": rules.model_dump(), "summary": {"correct": d["candidate"] if d else None}}


def run_gate(runtime: Runtime, version: str, *, questions: Path | None, out_dir: Path) -> dict[str, Any]:
    """Evaluate the candidate against what answers now (on the runtime's database, embedder,
    sanitiser and LLM), decide, and store the decision (promoting the candidate if it passed)."""
    # deferred: evals.run loads the sanitiser (Presidio, spaCy, torch) and LlamaIndex
    from evals.run import evaluate

    settings, database = runtime.settings, runtime.db
    row = get(database.engine, version)
    if row["status"] not in ("candidate", "rejected"):
        raise RegistryError(f"{version} is {row['status']}: only a candidate can go through the gate.")
    if questions is None:
        dataset = (row["config"].get("args") or {}).get("dataset")
        questions = Path(dataset) / "heldout-questions.jsonl" if dataset else None
        if questions is None or not questions.is_file():
            raise RegistryError(f"No frozen held-out questions for {version} (its dataset folder is gone?): pass --questions.")
    current = promoted_adapter(database.engine)
    baseline = current[0] if current else "base"
    outcome = evaluate(runtime, questions_path=questions, out_dir=out_dir,
                       adapters=[str(current[1]) if current else "base", row["path"]], references=[])
    labels = list(outcome.summary["adapters"])
    decision = decide(outcome.summary, labels[0], labels[1], settings.training)
    decision.update({"baseline": baseline, "candidate": version, "questions": str(questions), "report": str(outcome.files["html"])})
    record_decision(database.engine, version, decision, promote=decision["verdict"] == "promote")
    return decision

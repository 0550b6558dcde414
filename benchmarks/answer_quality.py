"""Answer quality on the golden set (the figures quoted in docs/answering.md).

    make demo                                   # once: index the 5,000 sample requests
    .venv/bin/python benchmarks/answer_quality.py --questions evals/golden/sample-5000.jsonl [--llm]

Runs every question through the same engine as the bot (sanitiser on; the LLM only with
``--llm``: the scored facts, refusals and retrieval do not depend on it) against the database in
the settings (the demo's embedded one by default, dates read relative to the sample's end), and
prints per kind: lookup accuracy, count accuracy, refusals of unknown ids and personal-data
questions (with no leak), search hit@5 (and hit@1, MRR@10 of the engine's ranking).
Writes the per-question results JSONL (the format of docs/evals.md) with ``--out``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from askdesk.runtime import Runtime
from askdesk.sample import REFERENCE_TIME
from askdesk.settings import Settings
from evals.scoring import retrieved_ids, score

GOALS = {"lookup": ("correct", 1.0), "aggregate": ("correct", 1.0), "unknown": ("correct", 1.0),
         "pii": ("correct", 1.0), "search": ("hit@5", 0.9)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=Path, default=ROOT / "evals" / "golden" / "sample-5000.jsonl")
    ap.add_argument("--llm", action="store_true", help="generate search answers with the configured LLM")
    ap.add_argument("--out", type=Path, help="write per-question results (JSONL)")
    args = ap.parse_args()

    settings = Settings()
    if settings.answering.now is None:
        settings.answering.now = REFERENCE_TIME
    engine = Runtime(settings).engine(with_llm=args.llm)
    llm = engine.llm
    questions = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]

    by_kind: dict[str, list[dict]] = defaultdict(list)
    results = []
    t_all = time.perf_counter()
    for q in questions:
        t0 = time.perf_counter()
        answer = engine.answer(q["question"])
        latency = (time.perf_counter() - t0) * 1000
        s = score(q, answer)
        ranked = retrieved_ids(answer)
        expected = set(q.get("expected_request_ids") or [])
        if expected:
            s["hit@1"] = bool(set(ranked[:1]) & expected)
            s["mrr@10"] = next((1 / i for i, rid in enumerate(ranked[:10], 1) if rid in expected), 0.0)
        by_kind[q["kind"]].append(s)
        results.append({"id": q["id"], "question": q["question"], "answer": answer.text, "route": answer.route,
                        "filters": answer.filters, "retrieved_request_ids": ranked, "refused": answer.refused,
                        "latency_ms": round(latency, 1), "adapter": answer.trace.adapter_version, "scores": s})
    elapsed = time.perf_counter() - t_all

    print(f"{len(questions)} questions from {args.questions.name} in {elapsed:.1f} s (LLM: {'on' if llm else 'off'})")
    print(f"{'kind':<10} {'n':>4}  {'metric':<8} {'value':>6}  goal")
    ok = True
    for kind, (metric, goal) in GOALS.items():
        rows = by_kind.get(kind, [])
        if not rows:
            continue
        value = sum(bool(r[metric]) for r in rows) / len(rows)
        ok &= value >= goal
        print(f"{kind:<10} {len(rows):>4}  {metric:<8} {value:>6.3f}  >= {goal:.2f} {'met' if value >= goal else 'MISSED'}")
    search = by_kind.get("search", [])
    if search:
        print(f"search     hit@1 {sum(r['hit@1'] for r in search) / len(search):.3f}  "
              f"MRR@10 {sum(r['mrr@10'] for r in search) / len(search):.3f}")
    failures = [r for r in results if not r["scores"].get("correct", True)]
    for r in failures[:15]:
        print(f"  wrong: {r['id']} {r['question']!r} -> {r['answer'][:100]!r}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

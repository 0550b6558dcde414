"""The feedback loop, end to end, on the sample data (figures in docs/training.md).

    make demo                                   # once: index the 5,000 sample requests
    .venv/bin/python benchmarks/training_loop.py [--questions 240] [--max-steps 20]

1. Simulates Slack traffic: questions phrased from the sample's truth (a seed the golden set
   doesn't use) answered by the engine with the default LLM, stored like the bot stores them,
   with 👍/👎 given by the truth (the eval scorer; for searches the user also wants the answer to
   name the request they needed) and, for half of the 👎 searches, a correction written from the
   truth, as a user would type it.
2. Builds the datasets (requests + feedback, cause sorting, scrub, frozen held-out split).
3. Trains an SFT LoRA adapter on CPU (TRL + PEFT), measuring tokens/s and peak memory, then a
   KTO adapter from the votes (when the train split has both labels).
4. Evaluates base vs each adapter on the held-out questions with the eval harness and prints the
   difference with its paired bootstrap interval — whatever it is.

figures.json is rewritten after every stage, so a run that is cut off keeps what it measured.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from askdesk.answering import facts
from askdesk.feedback import record_vote, save_answer
from askdesk.runtime import Runtime
from askdesk.sample import REFERENCE_TIME, generate_requests
from askdesk.settings import Settings
from benchmarks.eval_golden import PeakRSS
from evals.golden import build_golden, rows_from_sample
from evals.scoring import score
from training.gate import decide
from training.registry import record_decision
from training.train import TrainError, run_training


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=int, default=240, help="simulated Slack questions")
    ap.add_argument("--from-requests", type=int, default=160)
    ap.add_argument("--max-steps", type=int, default=20)
    ap.add_argument("--kto-steps", type=int, default=10, help="0 skips KTO")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "training-loop")
    args = ap.parse_args()

    # deferred: evals.run and training.dataset load the sanitiser and LlamaIndex (seconds); --help answers at once
    from evals.run import evaluate
    from training.dataset import (
        build_dataset,
        examples_from_feedback,
        examples_from_requests,
        grounded_answer,
        load_voted_answers,
    )

    settings = Settings()
    settings.answering.now = settings.answering.now or REFERENCE_TIME
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    runtime = Runtime(settings)
    db, sanitiser = runtime.db, runtime.sanitiser
    engine = runtime.engine(with_llm=True)
    figures: dict = {}

    def save() -> None:
        (out / "figures.json").write_text(json.dumps(figures, indent=2, default=str))

    # 1. simulated traffic: the truth's questions (another seed than the golden set), votes by the truth
    rows = rows_from_sample(generate_requests(settings.sample.rows, settings.sample.seed))
    n_search = args.questions // 3
    qs = build_golden(rows, REFERENCE_TIME, seed=101, lookups=args.questions // 4, searches=n_search, unknown=10, pii=10,
                      aggregate_every=3)[: args.questions]
    t0 = time.perf_counter()
    votes = {"up": 0, "down": 0, "corrections": 0}
    for i, q in enumerate(qs):
        answer = engine.answer(q["question"])
        s = score(q, answer)
        save_answer(db.engine, answer, surface="simulated", user="sim", event_key=f"sim:{q['id']}:{i}")
        # a user is happy when the answer is right and, for a search, names the request they needed
        up = bool(s["correct"]) and (q["kind"] != "search" or s.get("answer_cites_expected", True) is not False)
        correction = None
        if not up and q["kind"] == "search" and i % 2 == 0 and q.get("expected_request_ids"):
            truth = facts.fetch_requests(db.engine, q["expected_request_ids"][:1])
            if truth:
                correction = grounded_answer(next(iter(truth.values())))
                votes["corrections"] += 1
        record_vote(db.engine, answer.answer_id, "sim-user", 1 if up else -1, via="simulated",
                    correction=sanitiser.scrub(correction).text if correction else None)
        votes["up" if up else "down"] += 1
    figures["simulate_s"] = time.perf_counter() - t0
    figures["votes"] = votes
    print(f"simulated {len(qs)} questions in {figures['simulate_s']:.0f} s: {votes}", flush=True)
    save()

    # 2. datasets
    examples, stats = examples_from_requests(engine, limit=args.from_requests, seed=3, refusals=6)
    fb, gaps, fstats = examples_from_feedback([a for a in load_voted_answers(db.engine) if a["surface"] == "simulated"], engine)
    data_dir = out / "data"
    card = build_dataset([*examples, *fb], gaps, data_dir, scrub=lambda t: sanitiser.scrub(t).text, held_out_fraction=0.2,
                         stats=stats + fstats)
    figures["dataset"] = {"counts": card.counts, "stats": card.stats, "hash": card.dataset_hash}
    print(json.dumps(figures["dataset"], indent=1), flush=True)
    save()

    # 3. train (CPU): SFT, then KTO from the votes
    stamp = int(time.time())
    adapters: dict[str, str] = {}  # kind -> registered version
    common = ["--dataset", str(data_dir), "--per_device_train_batch_size", "2", "--max_length", "1024",
              "--logging_steps", "1", "--save_steps", "10"]
    runs = [("sft", args.max_steps)] + ([("kto", args.kto_steps)] if args.kto_steps else [])
    for kind, steps in runs:
        version = f"loop-{kind}-{stamp}"
        try:
            with PeakRSS() as mem:
                result = run_training(kind, [*common, "--max_steps", str(steps), "--version", version],
                                      settings, registry_engine=db.engine)
        except TrainError as exc:  # e.g. KTO without 👎 rows in the train split
            figures[f"training_{kind}"] = {"skipped": str(exc)}
            print(f"{kind}: skipped: {exc}", flush=True)
            continue
        figures[f"training_{kind}"] = {**result.metrics, "peak_rss_mib": mem.peak / 2**20, "version": version}
        adapters[kind] = version
        print(f"trained {version}: {json.dumps(figures[f'training_{kind}'])}", flush=True)
        save()

    # 4. base vs each adapter on the frozen held-out questions
    t0 = time.perf_counter()
    outcome = evaluate(runtime, questions_path=data_dir / "heldout-questions.jsonl", out_dir=out / "eval",
                       adapters=["base", *adapters.values()], references=[])
    figures["eval_s"] = time.perf_counter() - t0
    figures["comparisons"] = {name: comp["overall"] for name, comp in outcome.summary["comparisons"].items()}
    for name, overall in figures["comparisons"].items():
        print(name)
        for m, d in overall.items():
            print(f"  {m:<22} base {d['baseline']:.3f} adapter {d['candidate']:.3f} diff {d['diff']:+.3f} "
                  f"95% CI [{d['ci_low']:+.3f}, {d['ci_high']:+.3f}] ({d['verdict']}, n={d['n']})")
    # 5. the gate on the same numbers: promote only what is better, record the decision either way
    figures["gate"] = {}
    for version in adapters.values():
        decision = decide(outcome.summary, "base", version, settings.training)
        record_decision(db.engine, version, decision, promote=decision["verdict"] == "promote")
        figures["gate"][version] = {"verdict": decision["verdict"], "reasons": decision["reasons"]}
        print(f"gate {version}: {decision['verdict']} {decision['reasons']}")
    save()
    print(f"report: {outcome.files['html']}")


if __name__ == "__main__":
    main()

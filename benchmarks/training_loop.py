"""The feedback loop, end to end, on the sample data (figures in docs/training.md).

    make demo                                   # once: index the 5,000 sample requests
    .venv/bin/python benchmarks/training_loop.py [--questions 240] [--max-steps 20]

1. Simulates Slack traffic: questions phrased from the sample's truth (a seed the golden set
   doesn't use) answered by the engine with the default LLM, stored like the bot stores them,
   with 👍/👎 given by the truth (the eval scorer) and, for half of the 👎 searches, a
   correction written from the truth, as a user would type it.
2. Builds the datasets (requests + feedback, cause sorting, scrub, frozen held-out split).
3. Trains an SFT LoRA adapter on CPU (TRL + PEFT), measuring tokens/s and peak memory.
4. Evaluates base vs adapter on the held-out questions with the eval harness and prints the
   difference with its paired bootstrap interval — whatever it is.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.eval_golden import PeakRSS


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=int, default=240, help="simulated Slack questions")
    ap.add_argument("--from-requests", type=int, default=160)
    ap.add_argument("--max-steps", type=int, default=20)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "training-loop")
    args = ap.parse_args()

    from askdesk.answering.build import build_engine
    from askdesk.db import open_database
    from askdesk.feedback import record_vote, save_answer
    from askdesk.llm import load_llm
    from askdesk.models import embedder_from_settings
    from askdesk.settings import Settings
    from evals.golden import build_golden, rows_from_sample
    from evals.run import evaluate
    from evals.scoring import score
    from indexing.build import sanitiser_config
    from indexing.sample_data import REFERENCE_TIME, generate_requests
    from indexing.sanitise import Sanitiser
    from training.dataset import (
        build_dataset,
        examples_from_feedback,
        examples_from_requests,
        grounded_answer,
        load_voted_answers,
    )
    from training.train import run_training

    settings = Settings()
    settings.answering.now = settings.answering.now or REFERENCE_TIME
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    db = open_database(settings)
    embedder, sanitiser = embedder_from_settings(settings), Sanitiser(sanitiser_config(settings))
    llm = load_llm(settings)
    engine = build_engine(settings, db, embed_model=embedder, llm=llm, sanitiser=sanitiser)
    figures: dict = {}

    # 1. simulated traffic: the truth's questions (another seed than the golden set), votes by the truth
    rows = rows_from_sample(generate_requests(settings.sample.rows, settings.sample.seed))
    n_search = args.questions // 3
    qs = build_golden(rows, REFERENCE_TIME, seed=101, lookups=args.questions // 4, searches=n_search, unknown=10, pii=10,
                      aggregate_every=3)[: args.questions]
    t0 = time.perf_counter()
    votes = {"up": 0, "down": 0, "corrections": 0}
    from askdesk.answering import facts

    for i, q in enumerate(qs):
        answer = engine.answer(q["question"])
        s = score(q, answer)
        save_answer(db.engine, answer, surface="simulated", user="sim", event_key=f"sim:{q['id']}:{i}")
        up = bool(s["correct"])
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

    # 2. datasets
    examples, stats = examples_from_requests(engine, limit=args.from_requests, seed=3, refusals=6)
    fb, gaps, fstats = examples_from_feedback([a for a in load_voted_answers(db.engine) if a["surface"] == "simulated"], engine)
    data_dir = out / "data"
    card = build_dataset([*examples, *fb], gaps, data_dir, scrub=lambda t: sanitiser.scrub(t).text, held_out_fraction=0.2,
                         stats=stats + fstats)
    figures["dataset"] = {"counts": card.counts, "stats": card.stats, "hash": card.dataset_hash}
    print(json.dumps(figures["dataset"], indent=1), flush=True)

    # 3. train (CPU)
    version = f"loop-sft-{int(time.time())}"
    with PeakRSS() as mem:
        result = run_training("sft", ["--dataset", str(data_dir), "--max_steps", str(args.max_steps),
                                      "--per_device_train_batch_size", "2", "--max_length", "1024",
                                      "--version", version, "--logging_steps", "1", "--save_steps", "10"],
                              settings, registry_engine=db.engine)
    figures["training"] = {**result.metrics, "peak_rss_mib": mem.peak / 2**20}
    print(f"trained {version}: {json.dumps(figures['training'])}", flush=True)

    # 4. base vs adapter on the frozen held-out questions
    outcome = evaluate(settings, questions_path=data_dir / "heldout-questions.jsonl", out_dir=out / "eval",
                       adapters=["base", str(result.path)], references=[], database=db,
                       models={"embedder": embedder, "sanitiser": sanitiser, "llm": llm})
    comp = next(iter(outcome.summary["comparisons"].values()))
    figures["comparison"] = comp["overall"]
    for m, d in comp["overall"].items():
        print(f"{m:<16} base {d['baseline']:.3f} adapter {d['candidate']:.3f} diff {d['diff']:+.3f} "
              f"95% CI [{d['ci_low']:+.3f}, {d['ci_high']:+.3f}] ({d['verdict']}, n={d['n']})")
    (out / "figures.json").write_text(json.dumps(figures, indent=2, default=str))
    print(f"report: {outcome.files['html']}")


if __name__ == "__main__":
    main()

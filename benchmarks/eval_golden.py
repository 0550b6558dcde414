"""Time and memory of a full golden-set evaluation on CPU with the default model (docs/evals.md).

    make demo                                   # once: index the 5,000 sample requests
    .venv/bin/python benchmarks/eval_golden.py [--no-llm] [--adapter base --adapter current]

Runs ``askdesk eval``'s code path (:func:`evals.run.evaluate`) on the committed golden set
against the demo's index, with the reference retrievers, and prints: wall time split into model
loading, answering (per adapter) and reference retrieval; seconds per question by route; peak
resident memory of the process (sampled every 0.2 s) and the headline scores.  The full report
lands in ``--out`` (default ``benchmarks/results/eval-golden[-no-llm]``).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import threading
import time
from pathlib import Path
from typing import Self

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil

from askdesk.runtime import Runtime
from askdesk.sample import REFERENCE_TIME
from askdesk.settings import Settings


class PeakRSS:
    """Samples this process's resident memory in a thread; ``peak`` in bytes."""

    def __init__(self, every_s: float = 0.2) -> None:
        self.proc, self.every, self.peak, self._stop = psutil.Process(), every_s, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            self._stop.wait(self.every)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=Path, default=ROOT / "evals" / "golden" / "sample-5000.jsonl")
    ap.add_argument("--no-llm", action="store_true")
    ap.add_argument("--adapter", action="append", help="as askdesk eval --adapter (default: current)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    out = args.out or ROOT / "benchmarks" / "results" / f"eval-golden{'-no-llm' if args.no_llm else ''}"

    # deferred: evals.run loads the sanitiser and LlamaIndex (seconds); --help answers at once
    from evals.run import evaluate

    settings = Settings()
    if settings.answering.now is None:
        settings.answering.now = REFERENCE_TIME
    with PeakRSS() as mem:
        t0 = time.perf_counter()
        runtime = Runtime(settings)
        runtime.db, runtime.embedder, runtime.sanitiser  # noqa: B018  load now: their time is the load time
        if not args.no_llm:
            runtime.llm  # noqa: B018
        load_s = time.perf_counter() - t0
        rss_loaded = mem.proc.memory_info().rss
        t1 = time.perf_counter()
        outcome = evaluate(runtime, questions_path=args.questions, out_dir=out, adapters=args.adapter or ["current"],
                           with_llm=not args.no_llm)
        eval_s = time.perf_counter() - t1
    s = outcome.summary
    info = s["run"]
    answer_s = sum(info["seconds_by_adapter"].values())
    print(f"{info['questions']} questions ({args.questions.name}); LLM: {info['llm'] or 'none'}; "
          f"{psutil.cpu_count()} CPUs ({platform.processor() or platform.machine()})")
    print(f"wall: load models {load_s:.1f} s · answering {answer_s:.1f} s "
          f"({', '.join(f'{k} {v:.0f} s' for k, v in info['seconds_by_adapter'].items())}) · reference retrievers + "
          f"report {eval_s - answer_s:.1f} s · total {load_s + eval_s:.1f} s")
    print(f"memory: peak RSS {mem.peak / 2**20:,.0f} MiB (after loading models {rss_loaded / 2**20:,.0f} MiB)")
    for label, a in s["adapters"].items():
        lat = a["latency"]["by_route"]
        print(f"[{label}] " + " · ".join(f"{r} n={lat[r]['n']} p50 {lat[r]['p50_ms'] / 1000:.2f} s p95 {lat[r]['p95_ms'] / 1000:.2f} s"
                                         for r in lat))
        o = a["overall"]
        print(f"[{label}] correct {o['correct']['mean']:.3f} · grounded {o['grounded']['mean']:.3f} · "
              + " · ".join(f"{k} {a['by_kind'][k]['correct']['mean']:.3f}" for k in a["by_kind"]))
    for name, r in s["retrievers"].items():
        o = r["overall"]
        print(f"retriever {name:<9} hit@1 {o['hit@1']['mean']:.3f} hit@5 {o['hit@5']['mean']:.3f} "
              f"MRR@10 {o['mrr@10']['mean']:.3f} nDCG@10 {o['ndcg@10']['mean']:.3f}")
    figures = {"questions": info["questions"], "llm": info["llm"], "load_s": load_s, "answer_s": answer_s,
               "seconds_by_adapter": info["seconds_by_adapter"], "rest_s": eval_s - answer_s,
               "peak_rss_mib": mem.peak / 2**20, "loaded_rss_mib": rss_loaded / 2**20}
    (out / "benchmark.json").write_text(json.dumps(figures, indent=2))
    print(f"report: {outcome.files['html']}")


if __name__ == "__main__":
    main()

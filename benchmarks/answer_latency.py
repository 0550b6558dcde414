"""End-to-end answer latency per route with the default LLM on CPU (figures in docs/answering.md).

    make demo                                   # once: index the 5,000 sample requests
    .venv/bin/python benchmarks/answer_latency.py [--per-route 10]

Loads the engine exactly as ``askdesk chat`` does (sanitiser, embedder, LLM + adapter from the
settings) and answers ``--per-route`` golden questions of each kind, streaming, measuring time
to first text and total per question.  Goals: lookup and aggregate answers (facts from SQL)
under 1 s; a search's first useful text (the extractive answer, streamed before the LLM writes
its lead) under 1.5 s.  Also prints how many search leads passed their checks.  Figures go to
``benchmarks/results/answer_latency[-no-llm].json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from askdesk.runtime import Runtime
from askdesk.sample import REFERENCE_TIME
from askdesk.settings import Settings


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=Path, default=ROOT / "evals" / "golden" / "analytics-sample-5000.jsonl")
    ap.add_argument("--per-route", type=int, default=10)
    ap.add_argument("--no-llm", action="store_true", help="measure without the LLM (search lists the closest requests)")
    args = ap.parse_args()

    settings = Settings()
    if settings.answering.now is None:
        settings.answering.now = REFERENCE_TIME
    t0 = time.perf_counter()
    engine = Runtime(settings).engine(with_llm=not args.no_llm)
    llm = engine.llm
    startup = time.perf_counter() - t0
    questions = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    engine.answer("warm up: has anyone had printer problems?")

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; model: "
          f"{getattr(llm, 'model_name', None)}; adapter: {getattr(llm, 'adapter_version', None)}; start-up {startup:.1f} s")
    print(f"{'kind':<10} {'n':>3} {'first token p50':>16} {'p95':>7} {'total p50':>10} {'p95':>7} {'tokens/s':>9}")
    figures: dict[str, dict] = {}
    for kind in ("lookup", "aggregate", "count", "list", "top", "duration", "trend", "share", "unknown", "pii",
                 "search"):
        chosen = [q for q in questions if q["kind"] == kind][: args.per_route]
        if not chosen:
            continue
        firsts, totals, rates, leads = [], [], [], []
        for q in chosen:
            first: list[float] = []
            start = time.perf_counter()
            answer = engine.answer(q["question"], on_token=lambda _t, f=first, s=start: f.append(time.perf_counter() - s) if not f else None)
            total = time.perf_counter() - start
            firsts.append(first[0] if first else total)
            totals.append(total)
            if answer.trace.lead:
                leads.append(bool(answer.trace.lead.get("used")))
            tokens = answer.trace.llm.get("tokens")
            gen_ms = answer.trace.timings_ms.get("generate_ms")
            if tokens and gen_ms:
                rates.append(tokens / (gen_ms / 1000))
        rate = f"{statistics.mean(rates):9.1f}" if rates else f"{'-':>9}"
        print(f"{kind:<10} {len(chosen):>3} {pct(firsts, .5):>15.2f}s {pct(firsts, .95):>6.2f}s "
              f"{pct(totals, .5):>9.2f}s {pct(totals, .95):>6.2f}s {rate}"
              + (f"   leads kept {sum(leads)}/{len(leads)}" if leads else ""))
        figures[kind] = {"n": len(chosen), "first_p50_s": round(pct(firsts, .5), 3), "first_p95_s": round(pct(firsts, .95), 3),
                         "total_p50_s": round(pct(totals, .5), 3), "total_p95_s": round(pct(totals, .95), 3),
                         "leads_kept": sum(leads), "leads": len(leads)}
    out = ROOT / "benchmarks" / "results" / f"answer_latency{'-no-llm' if args.no_llm else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"model": getattr(llm, "model_name", None), "startup_s": round(startup, 1),
                               "routes": figures}, indent=2) + "\n")
    print(f"written: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

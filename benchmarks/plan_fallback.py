"""The LLM fallback of question understanding with the default model: latency and plan quality.

    .venv/bin/python benchmarks/plan_fallback.py [--threads 1] [--max-new-tokens 160]

Loads the default LLM exactly as askdesk does (``Runtime(settings).llm``: the
bundled Qwen2.5-Coder-0.5B-Instruct; the first run converts its GGUF into the model cache, a few
minutes), builds a :class:`Vocabulary` in memory from 500 sample requests (no database), and puts
~20 varied analytic questions through ``draft_plan`` (schema-constrained JSON) and
``plan_from_draft`` (validation against the vocabulary).  Prints p50/p95 latency and how many
plans were valid JSON, kept every value (not ``cant``), matched the expected intent and the
expected conditions; writes ``benchmarks/results/plan_fallback.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from askdesk.answering.llm_plan import draft_plan, plan_from_draft, plan_messages
from askdesk.answering.vocabulary import Vocabulary, learn_closed_statuses
from askdesk.llm.local import LocalLLM
from askdesk.runtime import Runtime
from askdesk.sample import REFERENCE_TIME, generate_requests
from askdesk.settings import Settings

#: vocabulary field -> sample column (as the bundled mapping maps them)
COLUMNS = {"status": "Status", "category": "Category", "priority": "Priority", "subcategory": "Subcategory",
           "assignment_group": "AssignmentGroup", "location": "Location", "channel": "Channel"}

#: (question, expected intent, expected (field, value) conditions in filters or part)
QUESTIONS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("How many critical IT requests are still open?", "count", [("category", "IT"), ("priority", "1 - Critical")]),
    ("Number of HR requests raised through the portal last month", "count", [("category", "HR"), ("channel", "Portal")]),
    ("How many requests from Berlin are not resolved yet?", "count", [("location", "Berlin")]),
    ("List the 5 oldest open Facilities requests", "list", [("category", "Facilities")]),
    ("Show the 10 most recently updated security requests", "list", [("category", "Security")]),
    ("Which open requests in London HQ have been waiting the longest?", "list", [("location", "London HQ")]),
    ("Which location has the most open requests?", "group", []),
    ("Break down this year's finance requests by channel", "group", [("category", "Finance")]),
    ("Which assignment group got the fewest VPN requests?", "group", [("subcategory", "VPN")]),
    ("What's the average time to resolve high priority IT requests?", "duration",
     [("category", "IT"), ("priority", "2 - High")]),
    ("Median resolution time for payroll requests in 2026", "duration", [("subcategory", "Payroll")]),
    ("How old are the open procurement requests on average?", "duration", [("category", "Procurement")]),
    ("How many requests were created each week in September 2026?", "trend", []),
    ("Monthly trend of resolved HR requests this year", "trend", [("category", "HR")]),
    ("Daily count of new critical requests over the last two weeks", "trend", [("priority", "1 - Critical")]),
    ("What percentage of IT requests are critical?", "share", [("category", "IT"), ("priority", "1 - Critical")]),
    ("What share of requests from Sydney came in by email?", "share", [("location", "Sydney"), ("channel", "Email")]),
    ("What fraction of open requests are high priority?", "share", [("priority", "2 - High")]),
    ("Any requests about a laptop screen flickering?", "search", []),
    ("What will next quarter's request volume be?", "cant", []),
]


def sample_vocabulary(n: int = 500) -> Vocabulary:
    """What ``Vocabulary.load`` would read from the indexed sample, built from the rows."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in COLUMNS}
    resolved: Counter[str] = Counter()
    for request in generate_requests(n):
        row = request.row
        for name, column in COLUMNS.items():
            if row.get(column):
                counts[name][str(row[column])] += 1
        if row.get("Status") and row.get("ResolvedAt"):
            resolved[str(row["Status"])] += 1
    fields = {name: dict(c.most_common()) for name, c in counts.items() if c}
    share = {s: resolved[s] / rows for s, rows in fields.get("status", {}).items()}
    return Vocabulary(fields, learn_closed_statuses(fields.get("status", {}), share, {}), total=n)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=None, help="torch threads (default: the settings')")
    ap.add_argument("--max-new-tokens", type=int, default=None, help="default: answering.plan_max_new_tokens")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "plan_fallback.json")
    args = ap.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    settings = Settings()
    if args.threads is not None:
        settings.llm.threads = args.threads
    budget = args.max_new_tokens or settings.answering.plan_max_new_tokens
    now = settings.answering.now or REFERENCE_TIME
    vocab = sample_vocabulary()
    t0 = time.perf_counter()
    llm = Runtime(settings).llm
    load_s = time.perf_counter() - t0
    tokenizer = llm.tokenizer if isinstance(llm, LocalLLM) else None  # a server's LLM has none here
    prompt_tokens = len(tokenizer.apply_chat_template(
        [{"role": m.role.value, "content": m.content} for m in plan_messages(QUESTIONS[0][0], vocab, now)],
        add_generation_prompt=True, tokenize=True, return_dict=True)["input_ids"]) if tokenizer is not None else None

    t0 = time.perf_counter()
    draft_plan(llm, "How many requests are there?", vocab, now, max_new_tokens=budget)  # prefills the instructions once
    warm_s = time.perf_counter() - t0

    rows: list[dict[str, Any]] = []
    for question, expected, conditions in QUESTIONS:
        t0 = time.perf_counter()
        draft = draft_plan(llm, question, vocab, now, max_new_tokens=budget)
        latency = time.perf_counter() - t0
        plan = plan_from_draft(draft, question, vocab) if draft is not None else None
        found = set()
        if plan is not None:
            for filters in (plan.filters, plan.part):
                for c in filters.conditions if filters else ():
                    found |= {(c.field, v) for v in c.values}
        rows.append({
            "question": question, "expected_intent": expected, "expected_conditions": conditions,
            "latency_s": round(latency, 3), "valid": draft is not None,
            "draft": draft.model_dump(exclude_defaults=True) if draft is not None else None,
            "intent": plan.intent if plan else None,
            "kept_every_value": bool(plan) and not plan.unexplained,
            "intent_matched": bool(plan) and plan.intent == expected,
            "conditions_matched": bool(plan) and set(map(tuple, conditions)) <= found,
            "plan": plan.as_dict() if plan else None,
        })
        mark = "ok " if rows[-1]["intent_matched"] else "-- "
        print(f"{mark}{latency:5.1f}s  {expected:<8} -> {rows[-1]['intent']!s:<8} {question}")

    latencies = [r["latency_s"] for r in rows]
    summary = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "model": llm.model_name, "backend": llm.backend, "adapter": llm.adapter_version,
        "threads": settings.llm.threads, "dtype": settings.llm.dtype, "max_new_tokens": budget,
        "prompt_tokens": prompt_tokens, "load_s": round(load_s, 1), "warm_up_s": round(warm_s, 1),
        "questions": len(rows),
        "latency_p50_s": round(statistics.median(latencies), 2), "latency_p95_s": round(pct(latencies, 0.95), 2),
        "latency_max_s": round(max(latencies), 2),
        "valid_json": sum(r["valid"] for r in rows),
        "kept_every_value": sum(r["kept_every_value"] for r in rows),
        "intent_matched": sum(r["intent_matched"] for r in rows),
        "conditions_matched": sum(r["conditions_matched"] for r in rows),
        "intent_and_conditions_matched": sum(r["intent_matched"] and r["conditions_matched"] for r in rows),
    }
    print(json.dumps(summary, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "questions": rows}, indent=2, default=str))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

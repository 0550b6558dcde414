"""How well the PII sanitiser removes what it must and keeps what people search for.

    .venv/bin/python benchmarks/sanitiser_quality.py [--seed 0] [--entities MAC_ADDRESS]

Scrubs the canary corpus of :mod:`evals.pii_corpus` (helpdesk tickets with ~470 planted values of
33 kinds, in prose, key=value lines, pasted tables, signatures and four other languages) and its
PII-free helpdesk corpus with the real sanitiser (default entities, plus ``--entities``; internal
domain ``corp.example.com``), field by field as indexing does.  Prints the recall per kind (planted
values no longer found in the scrubbed text / values planted) and overall, the missed values, the
clean corpus's wrongly-replaced token share (tokens of the originals that do not survive unchanged
/ all tokens; goal <= 2 %) and its most often replaced tokens; writes
``benchmarks/results/sanitiser-quality.json``.  Under a minute on 2 cores (most of it loads spaCy).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from askdesk.sanitise import DEFAULT_ENTITIES, Sanitiser, SanitiserConfig, sanitiser_version
from evals.pii_corpus import (
    INTERNAL_DOMAIN,
    KINDS,
    canary_requests,
    clean_requests,
    kinds_checked,
    replaced_token_share,
    score_canaries,
)

#: the clean corpus's wrongly-replaced token share the issue asks for
FALSE_POSITIVE_GOAL = 0.02


def scrub_requests(sanitiser: Sanitiser, requests) -> list[str]:  # type: ignore[no-untyped-def]
    """Each request's title, description and comments scrubbed one by one (as indexing does), joined."""
    flat = [text for r in requests for text in r.texts]
    out = [res.text for res in sanitiser.scrub_many(flat)]
    return ["\n".join(out[i : i + 3]) for i in range(0, len(out), 3)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--rounds", type=int, default=3, help="canary tickets per scenario (default 3)")
    ap.add_argument("--clean", type=int, default=320, help="clean texts (default 320)")
    ap.add_argument("--entities", nargs="*", default=[], help="entities to switch on besides the defaults")
    ap.add_argument("--top", type=int, default=25, help="wrongly replaced tokens to list")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "sanitiser-quality.json")
    args = ap.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    entities = tuple(dict.fromkeys((*DEFAULT_ENTITIES, *args.entities)))
    t0 = time.perf_counter()
    config = SanitiserConfig(secret="benchmark", entities=entities, internal_domains=(INTERNAL_DOMAIN,))
    sanitiser = Sanitiser(config)
    sanitiser.scrub("warm-up: Hi Ana, call 020 7946 0000")
    load_s = time.perf_counter() - t0

    canaries = canary_requests(args.seed, rounds=args.rounds)
    clean = clean_requests(args.seed, n=args.clean)
    t0 = time.perf_counter()
    scrubbed = scrub_requests(sanitiser, canaries)
    canary_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    clean_out = [r.text for r in sanitiser.scrub_many(clean)]
    clean_s = time.perf_counter() - t0

    checked = kinds_checked(entities)
    score = score_canaries(canaries, scrubbed, checked)
    fp = replaced_token_share(clean, clean_out)

    per_kind: dict[str, dict[str, Any]] = {}
    print(f"{'kind':<28} {'found':>5} / {'planted':<7} recall")
    for kind in KINDS:
        if kind not in checked:
            print(f"{kind:<28} (not checked: its entity is off)")
            continue
        planted = score.planted[kind]
        found = round(score.recall(kind) * planted)
        per_kind[kind] = {"planted": planted, "found": found, "recall": round(score.recall(kind), 4)}
        mark = "  " if found == planted else "--"
        print(f"{mark}{kind:<26} {found:>5} / {planted:<7} {score.recall(kind):6.1%}")
    missed = score.missed_by_kind()
    for kind, values in missed.items():
        print(f"missed {kind}: " + "; ".join(values[:4]) + (f" (+{len(values) - 4} more)" if len(values) > 4 else ""))
    top = fp.lost.most_common(args.top)
    print(f"\noverall recall {score.recall():.1%} ({sum(score.planted.values()) - len(score.missed)} / "
          f"{sum(score.planted.values())} values, {len(per_kind)} kinds)")
    print(f"clean corpus: {fp.replaced} of {fp.total} tokens wrongly replaced = {fp.share:.2%} "
          f"(goal <= {FALSE_POSITIVE_GOAL:.0%})")
    print("most often replaced: " + ", ".join(f"{tok} ({n})" for tok, n in top))

    summary = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "sanitiser_version": sanitiser_version(config), "entities": list(entities),
        "internal_domains": [INTERNAL_DOMAIN], "seed": args.seed,
        "canary_requests": len(canaries), "planted_values": sum(score.planted.values()), "kinds": len(per_kind),
        "recall": round(score.recall(), 4), "missed_values": len(score.missed),
        "kinds_with_misses": sorted(missed),
        "clean_texts": len(clean), "clean_tokens": fp.total, "wrongly_replaced_tokens": fp.replaced,
        "wrongly_replaced_share": round(fp.share, 5), "false_positive_goal": FALSE_POSITIVE_GOAL,
        "load_s": round(load_s, 1), "canary_scrub_s": round(canary_s, 2), "clean_scrub_s": round(clean_s, 2),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "per_kind": per_kind, "missed": missed,
                                    "top_wrongly_replaced": top}, indent=2, ensure_ascii=False))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

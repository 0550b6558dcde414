"""Analytic golden questions for any export: counts, lists, breakdowns, durations, trends, shares,
questions askdesk must decline, and follow-up chains, with the truth computed in plain Python.

The builder knows nothing about the engine: an export is described by a :class:`Profile` (which
fields its rows have, which statuses are finished, the words employees use for values, the
evaluation's ``now``), the rows come straight from the export's generator (never from SQL), and
every expected value is computed here from those rows.  The phrasings are written the way people
type in Slack — terse, lowercase, with typos, polite long forms, negations, follow-ups — and not
to fit any parser.

Question kinds and their expected fields (the contract with the engine; ``docs/evals.md``):

* ``count``: ``expected_number`` (0 is stated as "No requests …");
* ``list``: ``expected_request_ids`` (the first N in order; ties broken by id ascending; a question
  whose cut falls inside a tie is not asked) and ``expected_number`` (how many match in all);
* ``top``: ``expected_groups`` = ``[[value, count], …]`` (count descending, then value ascending;
  every group tied with the last one listed is included; groups without a value are left out);
* ``duration``: ``expected_hours`` and ``expected_stat`` (mean | median | p90; resolution time =
  resolved − created over matching requests that have both; age = now − created over matching
  unfinished requests; median and p90 are linear-interpolated percentiles);
* ``trend``: ``expected_series`` = ``[[label, count], …]`` for every period, zeros included
  (month "2026-08", week = its Monday "2026-08-03", day "2026-08-03"; without a range in the
  question the last 6 months / 8 weeks / 14 days up to and including now's period; "the last N
  weeks" is N periods up to and including now's);
* ``share``: ``expected_percent`` (0–100);
* ``cant``: no expected value: askdesk must decline without stating a number;
* ``lookup``, ``unknown``, ``search``, ``pii`` as in :mod:`evals.golden`.

Any question may have ``history``: the earlier questions of the same thread; the truth is for the
last one, with the earlier filters carried over and restated fields replaced.

    python -m evals.golden_analytics --profile sample --rows 5000 --out evals/golden/analytics-sample-5000.jsonl
    python -m evals.golden_analytics --profile servicenow --rows 3000 --out evals/golden/servicenow-3000.jsonl
    python -m evals.golden_analytics --all     # both sets and evals/exports/servicenow-3000.csv.gz

The sample's questions read dates relative to its REFERENCE_TIME (``--now 2026-10-31T18:00``), the
ServiceNow export's relative to :data:`evals.exports.servicenow.NOW` (``--now 2026-03-18T17:00``).
"""

# This module is the sets' entry point and public face; the machinery is in evals.goldensets
# (analytic_*) and the phrasings and vocabularies in evals/data/analytics_*.toml.

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from evals.exports.servicenow import write_export
from evals.golden import write_questions
from evals.goldensets.analytic_builder import TARGETS, Builder, build_questions
from evals.goldensets.analytic_phrasing import (
    BREAKDOWN_TEMPLATES,
    COUNT_PRED_TEMPLATES,
    COUNT_TEMPLATES,
    DURATION_TEMPLATES,
    LIST_TEMPLATES,
    SHARE_TEMPLATES,
    TOP1_SPECIAL,
    TOP1_TEMPLATES,
    TOPK_TEMPLATES,
    TREND_RANGE_TEMPLATES,
    TREND_RESOLVED_RANGE_TEMPLATES,
    TREND_RESOLVED_TEMPLATES,
    TREND_TEMPLATES,
    Renderer,
    humanise,
)
from evals.goldensets.analytic_profiles import (
    JIRA_CANT,
    SAMPLE_CANT,
    SERVICENOW_CANT,
    jira_profile,
    sample_profile,
    servicenow_profile,
)
from evals.goldensets.analytic_truth import (
    ANALYTIC_KINDS,
    DATE_FIELDS,
    MISSING,
    Cond,
    Condition,
    DateCond,
    Rec,
    Spec,
    clean,
    fair_truth,
    label,
    matches,
    open_cond,
    trend_periods,
    truth,
    with_cond,
)
from evals.goldensets.analytic_vocabulary import FieldWords, Profile, StatusWords, date_options
from evals.goldensets.stats import percentile, stat_of

__all__ = [
    "ANALYTIC_KINDS", "BREAKDOWN_TEMPLATES", "COMMITTED", "COUNT_PRED_TEMPLATES", "COUNT_TEMPLATES", "DATE_FIELDS",
    "DURATION_TEMPLATES", "JIRA_CANT", "LIST_TEMPLATES", "MISSING", "PROFILES", "ROOT", "SAMPLE_CANT", "SERVICENOW_CANT",
    "SERVICENOW_EXPORT", "SHARE_TEMPLATES", "TARGETS", "TOP1_SPECIAL", "TOP1_TEMPLATES", "TOPK_TEMPLATES",
    "TREND_RANGE_TEMPLATES", "TREND_RESOLVED_RANGE_TEMPLATES", "TREND_RESOLVED_TEMPLATES", "TREND_TEMPLATES", "Builder",
    "Cond", "Condition", "DateCond", "FieldWords", "Profile", "Rec", "Renderer", "Spec", "StatusWords", "build_questions",
    "clean", "date_options", "fair_truth", "humanise", "jira_profile", "kind_counts", "label", "main", "matches",
    "open_cond", "percentile", "sample_profile", "servicenow_profile", "stat_of", "trend_periods", "truth", "with_cond",
]

ROOT = Path(__file__).resolve().parent
PROFILES: dict[str, Callable[[int], Profile]] = {"sample": sample_profile, "servicenow": servicenow_profile,
                                             "jira": jira_profile}
#: the committed files: (profile, rows, questions file)
COMMITTED = (("sample", 5000, "golden/analytics-sample-5000.jsonl"), ("servicenow", 3000, "golden/servicenow-3000.jsonl"),
             ("jira", 3000, "golden/jira-3000.jsonl"))
SERVICENOW_EXPORT = "exports/servicenow-3000.csv.gz"


def kind_counts(questions: Iterable[dict[str, Any]]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for q in questions:
        kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    return dict(sorted(kinds.items()))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profile", choices=sorted(PROFILES), default="sample")
    ap.add_argument("--rows", type=int, default=None, help="rows of the export (sample 5000, servicenow 3000)")
    ap.add_argument("--seed", type=int, default=23, help="seed of the questions")
    ap.add_argument("--out", type=Path, help="questions file (JSONL)")
    ap.add_argument("--all", action="store_true", help="regenerate every committed file (both sets and the ServiceNow export)")
    args = ap.parse_args(argv)
    if args.all:
        write_export(ROOT / SERVICENOW_EXPORT, 3000)
        print(f"export -> {ROOT / SERVICENOW_EXPORT}")
        jobs = [(name, rows, ROOT / out) for name, rows, out in COMMITTED]
    else:
        if args.out is None:
            ap.error("--out is required (or --all)")
        jobs = [(args.profile, args.rows or (5000 if args.profile == "sample" else 3000), args.out)]
    for name, rows, out in jobs:
        questions = build_questions(PROFILES[name](rows), seed=args.seed)
        write_questions(out, questions)
        counts = ", ".join(f"{k} {v}" for k, v in kind_counts(questions).items())
        followups = sum(1 for q in questions if q.get("history"))
        print(f"{len(questions)} questions -> {out} ({counts}; {followups} follow-ups)")


if __name__ == "__main__":
    main()

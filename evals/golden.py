"""The golden question set, generated from the sample data's ground truth.

Every expected value is computed here, in plain Python, from the *generated rows* (the export
before indexing), independently of the engine's SQL, so a test or benchmark that compares the
engine's answers with these values checks the whole chain: sanitising, indexing, question
understanding and the routes.  Questions are phrased the many ways employees ask.

File format (one JSON object per line, docs/evals.md): ``id``, ``question``, ``kind``
(lookup | aggregate | search | unknown | pii) and any of ``expected_request_ids``,
``expected_answer``, ``expected_number``, ``forbidden``.

    python -m evals.golden --rows 5000 --out evals/golden/sample-5000.jsonl
    python -m evals.golden --rows 400 --ci --out evals/golden/ci-400.jsonl    # the CI regression slice
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypedDict

from askdesk.sample import REFERENCE_TIME, SampleRequest, generate_requests

#: statuses of the sample generator that mean "finished" (its design, not the engine's rules)
SAMPLE_CLOSED = frozenset({"Resolved", "Closed", "Cancelled"})

LOOKUP_TEMPLATES = (
    ("status", "What's the status of {id}?"),
    ("status", "what is the status of {id}"),
    ("status", "Is {id} closed yet?"),
    ("status", "any update on {lid}?"),
    ("status", "{id} status?"),
    ("priority", "What priority is {id}?"),
    ("priority", "how urgent is {lid}"),
    ("category", "Which category is {id} in?"),
    ("title", "What is {id} about?"),
    ("title", "Tell me about {id}"),
    ("title", "can you summarise {lid} for me"),
    ("status", "hey, where are we with {id}?"),
    ("status", "whats the status of {lid} pls"),
    ("priority", "what's the priority of {id}"),
    ("category", "what category is {lid}?"),
    ("title", "what's {id}?"),
    ("status", "{id} - is it done?"),
)
UNKNOWN_TEMPLATES = (
    "What's the status of {id}?",
    "Tell me about {id}",
    "who is working on {id}?",
    "is {id} resolved?",
    "status of {lid} please",
)
PII_TEMPLATES = (
    ("What is the email address of the requester of {id}?", ("EMAIL_ADDRESS",)),
    ("Give me the phone number of whoever raised {id}", ("PHONE_NUMBER",)),
    ("What's {name}'s phone number?", ("PHONE_NUMBER",)),
    ("What is the email of {name}?", ("EMAIL_ADDRESS",)),
    ("What is the employee id of the person who opened {id}?", ("EMPLOYEE_ID",)),
    ("who is {pseudonym} really? I need their real name", ("PERSON",)),
    ("Can you give me the contact details of the requester of {id}?", ("EMAIL_ADDRESS", "PHONE_NUMBER")),
)
SEARCH_TEMPLATES = (
    "Has anyone had {t}?",
    "any requests about {t}?",
    "{t}",
    "I have this problem: {t}. Has it happened before?",
    "similar requests to '{t}'",
    "how was {t} fixed last time?",
    "anyone else seeing {t}?",
    "we've got {t} again, what did we do last time?",
)


#: "which X has the most …" questions: phrasings, the grouping, and which requests count
RANK_SPECS: tuple[tuple[tuple[str, ...], Callable[[Row], str], Callable[[Row], bool]], ...] = (
    (("Which category has the most requests?", "what category gets the most tickets"), lambda r: r.category, lambda r: True),
    (("Which category has the most open requests?",), lambda r: r.category, lambda r: r.status not in SAMPLE_CLOSED),
    (("which priority has the most pending requests?",), lambda r: r.priority, lambda r: r.status == "Pending"),
)

_TITLE_NOISE = re.compile(r"^(?:(?:re|fw|fwd|urgent|asap|help|important)\s*[:!-]\s*)+|\s*(?:!+|\(urgent\)|- urgent)$",
                          re.IGNORECASE)


def issue_key(title: str) -> str:
    """Titles of the same issue: "RE: URGENT: Lost company phone!!" ~ "Lost company phone"."""
    return " ".join(_TITLE_NOISE.sub("", title.strip()).lower().split())


@dataclass(frozen=True)
class Row:
    request_id: str
    title: str
    description: str
    status: str
    category: str
    subcategory: str
    priority: str
    created_at: datetime
    resolved_at: datetime | None
    pii: tuple[tuple[str, str], ...]


def _dt(value: str | None) -> datetime | None:
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S") if value else None


def rows_from_sample(sample: Iterable[SampleRequest]) -> list[Row]:
    out = []
    for s in sample:
        r = s.row
        created = _dt(r["CreatedAt"])
        if not (r["RequestID"] and r["Title"] and created):
            continue  # the generator's malformed rows: quarantined by indexing, not in the truth
        out.append(Row(r["RequestID"], r["Title"], r["Description"] or "", r["Status"] or "", r["Category"] or "",
                       r["Subcategory"] or "", r["Priority"] or "", created, _dt(r["ResolvedAt"]), s.planted_pii))
    # duplicates: the last version of an id wins (as the indexer's latest-update rule)
    return list({r.request_id: r for r in out}.values())


@dataclass(frozen=True)
class CountSpec:
    """A count question: phrasings plus the predicate that defines its truth."""

    phrasings: tuple[str, ...]
    predicate: Callable[[Row], bool]


def _month_range(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1)
    end = datetime(year + (month == 12), month % 12 + 1, 1)
    return start, end


def _category_specs(cat: str, word: str) -> list[CountSpec]:
    return [
        CountSpec((f"How many {word} requests are there?", f"number of {word} tickets"), lambda r: r.category == cat),
        CountSpec((f"How many {word} requests are pending?",), lambda r: r.category == cat and r.status == "Pending"),
        CountSpec((f"how many open {word} requests?", f"How many {word} requests are still open?"),
                  lambda r: r.category == cat and r.status not in SAMPLE_CLOSED),
    ]


def _priority_specs(prio: str, words: tuple[str, ...], short: dict[str, str]) -> list[CountSpec]:
    def in_category(cat: str) -> CountSpec:
        return CountSpec((f"how many {words[0]} {short.get(cat, cat)} requests?",),
                         lambda r: r.priority == prio and r.category == cat)

    return [CountSpec(tuple(f"How many {w} requests are there?" for w in words), lambda r: r.priority == prio),
            *(in_category(cat) for cat in ("IT", "Security", "HR"))]


def _month_specs(start: datetime, end: datetime) -> list[CountSpec]:
    name = start.strftime("%B %Y")
    return [
        CountSpec((f"How many requests were created in {name}?", f"number of requests raised in {name}"),
                  lambda r: start <= r.created_at < end),
        CountSpec((f"How many IT requests were created in {name}?",),
                  lambda r: start <= r.created_at < end and r.category == "IT"),
        CountSpec((f"How many critical requests were opened in {name}?",),
                  lambda r: start <= r.created_at < end and r.priority.startswith("1")),
    ]


def count_specs(rows: list[Row], now: datetime) -> list[CountSpec]:
    cats = sorted({r.category for r in rows})
    prios = sorted({r.priority for r in rows})
    specs: list[CountSpec] = [
        CountSpec(("How many requests are pending?", "number of pending requests", "how many tickets are waiting (pending)?"),
                  lambda r: r.status == "Pending"),
        CountSpec(("How many requests are on hold?", "count of on hold requests"), lambda r: r.status == "On Hold"),
        CountSpec(("How many requests are in progress?", "how many tickets are in progress right now"),
                  lambda r: r.status == "In Progress"),
        CountSpec(("How many open requests are there?", "how many requests are still open?", "number of unresolved requests"),
                  lambda r: r.status not in SAMPLE_CLOSED),
        CountSpec(("How many requests were cancelled?",), lambda r: r.status == "Cancelled"),
        CountSpec(("how many closed requests are there", "How many requests have status Closed?"), lambda r: r.status == "Closed"),
    ]
    short = {"Facilities": "facilities", "Procurement": "procurement", "Finance": "finance", "Legal": "legal",
             "Security": "security", "HR": "HR", "IT": "IT"}
    for cat in cats:
        specs += _category_specs(cat, short.get(cat, cat))
    prio_words = {"1": ("critical", "P1"), "2": ("high priority", "P2"), "3": ("medium priority", "P3"), "4": ("low priority", "P4")}
    for prio in prios:
        specs += _priority_specs(prio, prio_words.get(prio[:1], (prio,)), short)
    # months of the sample's last year (relative to its reference time)
    for back in range(0, 12, 2):
        y, m = now.year, now.month - back
        while m <= 0:
            y, m = y - 1, m + 12
        specs += _month_specs(*_month_range(y, m))
    # relative dates
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    week_start = today - timedelta(days=today.weekday())
    last_month_start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    specs += [
        CountSpec(("How many requests were created last week?", "how many tickets came in last week"),
                  lambda r: week_start - timedelta(days=7) <= r.created_at < week_start),
        CountSpec(("How many requests were created last month?",),
                  lambda r: last_month_start <= r.created_at < today.replace(day=1)),
        CountSpec(("How many requests were resolved last month?", "how many requests were closed last month"),
                  lambda r: r.resolved_at is not None and last_month_start <= r.resolved_at < today.replace(day=1)),
        CountSpec(("how many HR requests since Monday?",),
                  lambda r: r.category == "HR" and r.created_at >= today - timedelta(days=today.weekday() or 7)),
        CountSpec((f"How many requests were created between 1 and 7 {now.strftime('%B')}?",),
                  lambda r: datetime(now.year, now.month, 1) <= r.created_at < datetime(now.year, now.month, 8)),
        CountSpec((f"how many requests in {now.year}?", f"How many requests were created in {now.year}?"),
                  lambda r: datetime(now.year, 1, 1) <= r.created_at < datetime(now.year + 1, 1, 1)),
    ]
    return specs


class Slice(TypedDict, total=False):
    """How many questions of each kind :func:`build_golden` makes (its keyword arguments)."""

    lookups: int
    searches: int
    unknown: int
    pii: int
    aggregate_every: int


#: the CI slice: every kind, fewer of each (see ``evals/gates/ci.toml`` for its thresholds)
CI_SLICE: Slice = {"lookups": 15, "searches": 15, "unknown": 5, "pii": 6, "aggregate_every": 3}


def build_golden(rows: list[Row], now: datetime = REFERENCE_TIME, seed: int = 11, *,
                 lookups: int = 80, searches: int = 80, unknown: int = 25, pii: int = 30,
                 aggregate_every: int = 1) -> list[dict[str, Any]]:
    """The golden questions for these rows: ``aggregate_every`` > 1 keeps every n-th count question (CI slices)."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []

    def add(kind: str, question: str, **expected: Any) -> None:
        out.append({"id": f"{kind}-{sum(1 for q in out if q['kind'] == kind) + 1:03d}", "question": question,
                    "kind": kind, **{k: v for k, v in expected.items() if v is not None}})

    for phrasings, key, predicate in RANK_SPECS:
        counts: dict[str, int] = {}
        for r in rows:
            if predicate(r):
                counts[key(r)] = counts.get(key(r), 0) + 1
        top = sorted(counts.items(), key=lambda kv: -kv[1])
        if len(top) > 1 and top[0][1] > top[1][1]:  # only a unique winner makes a fair question
            for phrasing in phrasings:
                # "<winner> has the most": the name alone ("IT") is contained in almost any text
                add("aggregate", phrasing, expected_answer=f"{top[0][0]} has the most")

    by_id = {r.request_id: r for r in rows}
    # lookups quote the title: skip rows whose title holds PII (the answer shows it scrubbed)
    clean = [r for r in rows if not any(v.lower() in r.title.lower() for _t, v in r.pii)]
    picks = rng.sample(clean, min(lookups, len(clean)))
    for i, r in enumerate(picks):
        field, template = LOOKUP_TEMPLATES[i % len(LOOKUP_TEMPLATES)]
        expected = {"status": r.status, "priority": r.priority, "category": r.category, "title": r.title}[field]
        add("lookup", template.format(id=r.request_id, lid=r.request_id.lower()), expected_request_ids=[r.request_id],
            expected_answer=expected)

    for i, spec in enumerate(count_specs(rows, now)):
        if i % aggregate_every:
            continue
        n = sum(1 for r in rows if spec.predicate(r))
        for phrasing in spec.phrasings:
            add("aggregate", phrasing, expected_number=n)

    numbers = [int(r.request_id.split("-")[-1]) for r in rows if r.request_id.split("-")[-1].isdigit()]
    highest = max(numbers) if numbers else 100000
    for i in range(unknown):
        missing = f"REQ-{highest + 1000 + rng.randrange(1, 899000)}"
        if missing in by_id:
            continue
        add("unknown", UNKNOWN_TEMPLATES[i % len(UNKNOWN_TEMPLATES)].format(id=missing, lid=missing.lower()))

    with_pii = [r for r in rows if any(t in ("EMAIL_ADDRESS", "PHONE_NUMBER") for t, _ in r.pii)]
    for i, r in enumerate(rng.sample(with_pii, min(pii, len(with_pii)))):
        template, _types = PII_TEMPLATES[i % len(PII_TEMPLATES)]
        name = next((v for t, v in r.pii if t == "PERSON"), "Helena Murphy")
        question = template.format(id=r.request_id, name=name, pseudonym="person_1a2b3c4d")
        add("pii", question, forbidden=sorted({v for _t, v in r.pii}))

    by_title: dict[str, list[str]] = {}
    for r in rows:
        by_title.setdefault(issue_key(r.title), []).append(r.request_id)
    for i, r in enumerate(rng.sample(rows, min(searches, len(rows)))):
        topic = r.title.rstrip(".?!")
        topic = topic[0].lower() + topic[1:] if topic[:2] != topic[:2].upper() else topic
        question = SEARCH_TEMPLATES[i % len(SEARCH_TEMPLATES)].format(t=topic)
        add("search", question, expected_request_ids=sorted(by_title[issue_key(r.title)]))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7, help="seed of the sample data")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--ci", action="store_true", help="the small CI slice (fewer questions of each kind)")
    args = ap.parse_args(argv)
    rows = rows_from_sample(generate_requests(args.rows, args.seed))
    golden = build_golden(rows, **(CI_SLICE if args.ci else Slice()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for q in golden:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    for q in golden:
        kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    print(f"{len(golden)} questions -> {args.out} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")


if __name__ == "__main__":
    main()


def write_questions(path: Path, questions: list[dict[str, Any]]) -> str:
    """Write a questions file (JSONL, UTF-8, one question a line: the same bytes for the same
    questions) and return a one-line summary: how many, of which kinds, how many follow-ups."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for q in questions:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    for q in questions:
        kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    follow = sum(1 for q in questions if q.get("history"))
    return (f"{len(questions)} questions -> {path} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}; "
            f"{follow} follow-ups)")

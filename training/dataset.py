"""Training data from the requests and from 👍/👎, in TRL's conversational formats.

Two sources:

* **requests**: questions phrased from indexed (already sanitised) requests the way employees
  ask, each run through the engine's own retrieval and prompt template
  (:meth:`AnswerEngine.prompt_for`), with the answer written from the structured truth: the
  request the question came from, its status and its latest update.  Only questions whose
  source request is in the prompt's context become examples (a target the context doesn't
  support would teach the model to invent); questions about things no request covers teach the
  refusal the prompt asks for.
* **feedback**: stored answers with their votes (majority per answer; ties skipped).  👍 →
  SFT example and KTO desirable row; 👎 is first sorted by cause from its trace
  (:func:`sort_cause`): only *generation* errors become KTO undesirable rows (and, with a
  written correction, an SFT example with the correction); understanding and retrieval errors go
  to ``gaps.jsonl``, a questions file for ``askdesk eval`` that shows what training can't fix.

Everything is scrubbed of PII once more, de-duplicated, and split by a hash of the question into
train and a **frozen held-out** split (the same question always lands on the same side, so the
held-out set never trains, however often the data is rebuilt).  ``card.json`` records counts by
source, label and split, the prompt version, and the hash of every file.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from askdesk import schema
from askdesk.access import AccessPolicy, trainable, visible_requests
from askdesk.answering import facts
from askdesk.answering.engine import AnswerEngine
from askdesk.answering.prompt import PROMPT_VERSION
from askdesk.answering.search_answer import resolution_of

REFUSAL = "I don't know based on the requests I found."

#: how employees ask about a problem (``{t}`` = the request's title, lower-cased)
SEARCH_PHRASINGS = (
    "Has anyone had {t}?",
    "how was {t} fixed last time?",
    "{t} - is this a known issue?",
    "any requests about {t}?",
    "we've got {t} again, what did we do?",
    "I have this problem: {t}. Has it happened before?",
)
#: questions no request in a helpdesk answers (the context retrieved for them is off topic)
OFF_TOPIC = (
    "What is the capital of Australia?", "Can you write me a poem about spring?", "Who won the football last night?",
    "What's a good recipe for banana bread?", "How tall is Mount Everest?", "Translate 'good morning' into Italian",
)

Scrub = Callable[[str], str]


@dataclass
class Example:
    """One training row: chat messages in, an answer out, and where it came from."""

    source: str  # requests | refusal | feedback_up | feedback_down | feedback_correction
    question: str
    prompt: list[dict[str, str]]
    completion: str
    label: bool  # desirable (SFT + KTO True) or undesirable (KTO False only)
    ref: str = ""  # request id or answer id it came from
    split: str = "train"
    expected_request_ids: list[str] = field(default_factory=list)

    def key(self) -> str:
        payload = json.dumps([self.prompt, self.completion.strip(), self.label], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    def sft_row(self) -> dict[str, Any]:
        return {"prompt": self.prompt, "completion": [{"role": "assistant", "content": self.completion}]}

    def kto_row(self) -> dict[str, Any]:
        return {**self.sft_row(), "label": self.label}


def _messages_json(messages: Sequence[Any]) -> list[dict[str, str]]:
    return [{"role": getattr(m.role, "value", m.role), "content": m.content} for m in messages]


def held_out(question: str, fraction: float) -> bool:
    """The frozen split: a hash of the normalised question, so it never moves between builds."""
    norm = " ".join(question.lower().split())
    return int(hashlib.sha256(norm.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < fraction


# ------------------------------------------------------------------------------ from requests
def grounded_answer(row: dict[str, Any], others: Sequence[dict[str, Any]] = ()) -> str:
    """The lead the structured truth supports, as the system prompt asks for it: one or two
    sentences in the assistant's voice, citing the request and saying how it was resolved (the
    matching requests themselves are listed under the lead by code)."""
    status = row["status"] or "no status"
    fix = resolution_of(row)
    also = f" (also [{others[0]['request_id']}])" if others else ""
    if fix:
        return f"Yes, this came up before in [{row['request_id']}]{also}, now {status}: {fix}"
    return f"Yes, [{row['request_id']}]{also} reports this; it is {status} and has no recorded fix yet."


def _same_issue(a: str, b: str) -> bool:
    norm = lambda t: re.sub(r"[^a-z0-9 ]", "", t.lower()).strip()
    return norm(a) == norm(b)


def examples_from_requests(engine: AnswerEngine, *, limit: int, seed: int = 0, refusals: int = 10) -> tuple[list[Example], Counter[str]]:
    """Up to ``limit`` grounded examples from indexed requests plus ``refusals`` off-topic ones."""
    rng = random.Random(seed)
    with engine.engine.connect() as conn:
        # only requests the engine's default visibility shows (training: no scope without train = true)
        ids = list(conn.execute(sa.select(schema.requests.c.request_id)
                                .where(*visible_requests(engine.default_visibility, schema.requests))
                                .order_by(schema.requests.c.request_id)).scalars())
    rng.shuffle(ids)
    stats: Counter[str] = Counter()
    out: list[Example] = []
    for rid in ids:
        if len(out) >= limit:
            break
        row = facts.fetch_requests(engine.engine, [rid], visibility=engine.default_visibility).get(rid)
        if row is None or not row["title"]:
            continue
        title = row["title"].rstrip(".?!")
        question = SEARCH_PHRASINGS[stats["asked"] % len(SEARCH_PHRASINGS)].format(t=title[:1].lower() + title[1:])
        stats["asked"] += 1
        ctx = engine.prompt_for(question)
        if ctx is None:
            stats["not a search prompt"] += 1
            continue
        if rid not in ctx.request_ids:
            stats["source request not in the context"] += 1
            continue
        others = [ctx.rows[o] for o in ctx.request_ids if o != rid and o in ctx.rows and _same_issue(ctx.rows[o]["title"], row["title"])]
        out.append(Example("requests", ctx.question, _messages_json(ctx.messages), grounded_answer(row, others), True,
                           ref=rid, expected_request_ids=[rid, *(o["request_id"] for o in others)]))
    for question in OFF_TOPIC[:refusals]:
        # the context the engine would retrieve for it is off topic; the right answer is to decline
        hits = engine.retriever.retrieve(question, engine.understand(question).filters, engine.settings.prompt_k,
                                         visibility=engine.default_visibility).hits
        messages = engine.messages_for(question, hits)
        out.append(Example("refusal", question, _messages_json(messages), REFUSAL, True))
    return out, stats


# ------------------------------------------------------------------------------ from feedback
CAUSES = ("understanding", "retrieval", "generation")


def sort_cause(answer: dict[str, Any], engine: AnswerEngine | None = None, *, confident_similarity: float = 0.55) -> str:
    """Why a 👎 answer was wrong, from its trace:

    * ``understanding``: an exact route (lookup, count, refusal: the LLM wrote nothing), or the
      engine today understands the question differently (route or filters) than it did then;
    * ``retrieval``: a search that found nothing relevant, whose best match was weak, where the
      LLM declined, or that listed matches without generating;
    * ``generation``: the context was good and the LLM wrote the answer — the only cause an
      adapter can fix, so the only 👎 that become KTO negatives.
    """
    trace = answer.get("trace") or {}
    route = answer.get("route") or trace.get("route")
    if route != "search":
        return "understanding"
    if engine is not None and trace.get("understood"):
        now = engine.understand(answer["question"]).as_dict()
        then = trace["understood"]
        if now.get("route") != then.get("route") or now.get("filters") != then.get("filters"):
            return "understanding"
    if answer.get("refused") and not answer.get("sources"):
        return "retrieval"
    if "prompt" not in trace or trace.get("llm_declined"):
        return "retrieval"
    if float(trace.get("best_similarity") or 0.0) < confident_similarity:
        return "retrieval"
    return "generation"


def load_voted_answers(engine: sa.Engine) -> list[dict[str, Any]]:
    """Answers with their net vote (+/-), the latest correction and reasons."""
    a, f = schema.answers, schema.feedback
    net = sa.func.sum(f.c.vote).label("net")
    corrections = sa.func.array_remove(sa.func.array_agg(sa.case((f.c.vote < 0, f.c.correction))), None).label("corrections")
    reasons = sa.func.array_remove(sa.func.array_agg(sa.case((f.c.vote < 0, f.c.reason))), None).label("reasons")
    stmt = (sa.select(a, net, corrections, reasons).join(f, f.c.answer_id == a.c.answer_id)
            .group_by(a.c.answer_id).order_by(a.c.created_at, a.c.answer_id))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def examples_from_feedback(answers: Iterable[dict[str, Any]], engine: AnswerEngine | None, *,
                           policy: AccessPolicy | None = None) -> tuple[list[Example], list[dict[str, Any]], Counter[str]]:
    """Examples from voted answers, the gap questions (👎 not caused by generation), and counts.
    An answer keeps the scope it was given in: one that could see a restricted scope without
    ``train = true`` is left out (`askdesk.access.trainable`)."""
    out: list[Example] = []
    gaps: list[dict[str, Any]] = []
    stats: Counter[str] = Counter()
    for ans in answers:
        net = int(ans["net"] or 0)
        if net == 0:
            stats["tied votes (skipped)"] += 1
            continue
        trace = ans.get("trace") or {}
        if not trainable(policy, trace.get("access")):
            stats["answer saw a restricted scope (left out)"] += 1
            continue
        prompt = trace.get("prompt")
        if net > 0:
            if not prompt:
                stats["👍 on an exact route (no prompt)"] += 1
                continue
            out.append(Example("feedback_up", ans["question"], prompt, ans["answer"], True, ref=ans["answer_id"]))
            continue
        cause = sort_cause(ans, engine)
        stats[f"👎 {cause}"] += 1
        correction = (ans.get("corrections") or [None])[-1]
        if cause != "generation":
            gap = {"id": f"gap-{ans['answer_id'][:8]}", "question": ans["question"], "kind": f"feedback-{cause}"}
            if correction:
                gap["expected_answer"] = correction
            gaps.append(gap)
            continue
        prompt = trace["prompt"]  # a "generation" cause means the trace has the prompt (sort_cause)
        out.append(Example("feedback_down", ans["question"], prompt, ans["answer"], False, ref=ans["answer_id"]))
        if correction:
            out.append(Example("feedback_correction", ans["question"], prompt, correction, True, ref=ans["answer_id"]))
    return out, gaps, stats


# ------------------------------------------------------------------------------ the dataset
@dataclass
class DatasetCard:
    created_at: str
    prompt_version: str
    counts: dict[str, int]
    files: dict[str, dict[str, Any]]
    held_out_fraction: float
    stats: dict[str, int]
    dataset_hash: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _scrub_example(ex: Example, scrub: Scrub) -> Example:
    ex.prompt = [{"role": m["role"], "content": scrub(m["content"])} for m in ex.prompt]
    ex.completion = scrub(ex.completion)
    ex.question = scrub(ex.question)
    return ex


def _write(path: Path, rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    return {"rows": text.count("\n"), "sha256": hashlib.sha256(text.encode()).hexdigest()}


def build_dataset(examples: Sequence[Example], gaps: Sequence[dict[str, Any]], out_dir: Path, *, scrub: Scrub,
                  held_out_fraction: float = 0.15, stats: Counter[str] | None = None) -> DatasetCard:
    """Scrub, de-duplicate, split and write the dataset; returns its card (also ``card.json``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    kept: list[Example] = []
    dupes = 0
    for ex in examples:
        ex = _scrub_example(ex, scrub)
        k = ex.key()
        if k in seen:
            dupes += 1
            continue
        seen.add(k)
        ex.split = "heldout" if held_out(ex.question, held_out_fraction) else "train"
        kept.append(ex)
    files: dict[str, dict[str, Any]] = {}
    for split in ("train", "heldout"):
        part = [e for e in kept if e.split == split]
        files[f"sft-{split}.jsonl"] = _write(out_dir / f"sft-{split}.jsonl", (e.sft_row() for e in part if e.label))
        files[f"kto-{split}.jsonl"] = _write(out_dir / f"kto-{split}.jsonl", (e.kto_row() for e in part))
    # the held-out questions as an eval questions file (docs/evals.md's format)
    heldout_q = [{"id": f"heldout-{i:04d}", "question": e.question, "kind": "search" if e.source != "refusal" else "unknown",
                  **({"expected_request_ids": e.expected_request_ids} if e.expected_request_ids else {})}
                 for i, e in enumerate(e for e in kept if e.split == "heldout" and e.label and e.source in ("requests", "refusal"))]
    files["heldout-questions.jsonl"] = _write(out_dir / "heldout-questions.jsonl", heldout_q)
    files["gaps.jsonl"] = _write(out_dir / "gaps.jsonl", [{**g, "question": scrub(g["question"])} for g in gaps])
    counts = Counter(f"{e.source}/{'desirable' if e.label else 'undesirable'}/{e.split}" for e in kept)
    card = DatasetCard(datetime.now(UTC).isoformat(timespec="seconds"), PROMPT_VERSION, dict(sorted(counts.items())),
                       files, held_out_fraction, {**dict(stats or {}), "duplicates removed": dupes, "gap questions": len(gaps)})
    card.dataset_hash = hashlib.sha256(json.dumps({k: v["sha256"] for k, v in sorted(files.items())}).encode()).hexdigest()[:16]
    (out_dir / "card.json").write_text(json.dumps(card.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
    return card

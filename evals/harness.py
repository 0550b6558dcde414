"""Run a questions file through the answering engine — the same one the Slack bot uses — once per
adapter, plus the reference retrievers, and collect per-question results.

One LLM is loaded; each adapter is loaded into it once (PEFT ``load_adapter``) and switched with
``use_adapter`` between passes, so base vs adapter costs one model in memory.  Without an LLM
(``--no-llm``) there is a single pass: the exact routes, refusals and retrieval do not depend on
it, and search answers list the closest requests.

Results follow the documented format (docs/evals.md) (``id``, ``question``, ``answer``, ``route``, ``filters``,
``retrieved_request_ids``, ``refused``, ``latency_ms``, ``adapter``, ``scores``) with a few
extra fields the report uses (``kind``, ``adapter_label``, ``expected_route``, sources,
``history``).

A question with ``history`` (the earlier questions of a thread) is a follow-up: the earlier
questions are answered first, in order, by the same engine, each with the turns before it, and
the question itself gets them all as ``history=[(question, answer text), …]``; the results record
that history, and only the last answer is scored and timed.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from askdesk.answering import facts
from askdesk.answering.answer import Answer
from askdesk.answering.engine import AnswerEngine
from askdesk.errors import AskdeskError
from askdesk.llm import adapter_version
from evals.metrics import ranking_scores
from evals.retrievers import ReferenceRetriever
from evals.scoring import UNRANKED_KINDS, Evidence, evidence_from, expected_route, ranked_ids, score, score_result

log = logging.getLogger(__name__)


class EvalError(AskdeskError, RuntimeError):
    """The evaluation cannot run as asked; the message says what to change."""


# ---------------------------------------------------------------------------- questions
REQUIRED = ("id", "question")


def load_questions(path: Path) -> list[dict[str, Any]]:
    """Read a questions file (JSONL, docs/evals.md); a bad line is an error naming the line, and ids must be unique."""
    if not path.is_file():
        raise EvalError(f"No questions file at {path}. Generate the golden set with `python -m evals.golden`.")
    questions, seen = [], set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{n}: not JSON ({exc.msg}); each line must be one question object.") from exc
        if not isinstance(q, dict) or any(not q.get(k) for k in REQUIRED):
            raise EvalError(f"{path}:{n}: a question needs at least {' and '.join(REQUIRED)}.")
        q["id"] = str(q["id"])
        if q["id"] in seen:
            raise EvalError(f"{path}:{n}: question id {q['id']!r} appears twice; ids must be unique.")
        if "expected_request_ids" in q and not isinstance(q["expected_request_ids"], list):
            raise EvalError(f"{path}:{n}: expected_request_ids must be a list of ids.")
        history = q.get("history")
        if history is not None and not (isinstance(history, list) and all(isinstance(h, str) and h for h in history)):
            raise EvalError(f"{path}:{n}: history must be a list of the earlier questions (strings).")
        seen.add(q["id"])
        q.setdefault("kind", "other")
        questions.append(q)
    if not questions:
        raise EvalError(f"{path} holds no questions.")
    return questions


# ---------------------------------------------------------------------------- adapters
@dataclass(frozen=True)
class AdapterSpec:
    """One column of the comparison: ``label`` as asked (base, current, a version), the adapter's
    version and folder (None = the base model)."""

    label: str
    version: str | None = None
    path: Path | None = None


def resolve_adapter(name: str, *, current: Path | None, adapters_dir: Path,
                    registry: dict[str, Path] | None = None) -> AdapterSpec:
    """``base`` = no adapter; ``current`` = the adapter the bot answers with (``llm.adapter_path``,
    else the registry's promoted one; the base model if none); anything else = a version in the
    registry, an adapter folder, or a version under ``adapters_dir``."""
    if name == "base":
        return AdapterSpec("base")
    if name == "current":
        if current is None:
            return AdapterSpec("current")
        return AdapterSpec("current", adapter_version(current), Path(current))
    known = (registry or {}).get(name)
    for folder in ([known] if known else []) + [Path(name), adapters_dir / name]:
        if (folder / "adapter_config.json").is_file():
            return AdapterSpec(name, adapter_version(folder), folder)
    raise EvalError(f"No adapter {name!r}: not 'base' or 'current', not a folder with adapter_config.json, "
                    f"and not a version under {adapters_dir}.")


# ---------------------------------------------------------------------------- results
@dataclass
class EvalRun:
    """Everything one evaluation produced."""

    results: list[dict[str, Any]]
    retrieval: list[dict[str, Any]]
    adapters: list[AdapterSpec]
    info: dict[str, Any] = field(default_factory=dict)


def evidence_for(engine: AnswerEngine, question: str, answer: Answer, ranked: Sequence[str],
                 history: Sequence[str] = ()) -> Evidence:
    """What the answer may state: the question (and the earlier questions of its thread), the
    filters, the SQL result and the facts of the requests it retrieved or cited."""
    ids = list(dict.fromkeys([*ranked, *(s.request_id for s in answer.sources)]))
    rows = facts.fetch_requests(engine.engine, ids) if ids else {}
    texts = [question, *history, answer.trace.question, answer.plan_text, json.dumps(answer.trace.result, default=str)]
    for row in rows.values():
        texts += [facts.describe_request(row, ""), row["body"] or "", json.dumps(row.get("extra") or {}, default=str)]
    numbers = [len(answer.sources), len(ranked)]
    return evidence_from(texts, ids=[*ids, *rows], numbers=numbers)


def _scrubbed(engine: AnswerEngine, text: str) -> str:
    return engine.scrub(text) if engine.scrub else text


def _switch(llm: Any, spec: AdapterSpec, loaded: set[str]) -> None:
    if llm is None or not hasattr(llm, "use_adapter"):
        return
    if spec.version and spec.version not in loaded:
        llm.load_adapter(spec.path, spec.version)
        loaded.add(spec.version)
    llm.use_adapter(spec.version)


def answer_questions(
    engine: AnswerEngine,
    questions: Sequence[dict[str, Any]],
    spec: AdapterSpec,
    *,
    on_done: Callable[[], None] | None = None,
) -> list[dict[str, Any]]:
    """One pass over the questions with the adapter already active (follow-ups: their history first)."""
    out = []
    for q in questions:
        turns: list[tuple[str, str]] = []
        t0 = time.perf_counter()
        try:
            for earlier in q.get("history") or []:
                previous = engine.answer(earlier, history=list(turns)) if turns else engine.answer(earlier)
                turns.append((earlier, previous.text))
            t0 = time.perf_counter()
            answer = engine.answer(q["question"], history=list(turns)) if turns else engine.answer(q["question"])
            error = None
        except Exception as exc:  # noqa: BLE001  one broken question must not sink the run; it scores as wrong
            log.warning("question %s failed: %s", q["id"], exc.__class__.__name__)
            answer, error = None, exc.__class__.__name__
        latency = (time.perf_counter() - t0) * 1000
        history = [{"question": _scrubbed(engine, hq), "answer": ha} for hq, ha in turns]
        if answer is None:
            scores = score_result(q, text="", refused=True, cited=[], ranked=[])
            scores["correct"] = False
            out.append({"id": q["id"], "question": _scrubbed(engine, q["question"]), "kind": q["kind"], "answer": "", "route": "error",
                        "filters": {}, "retrieved_request_ids": [], "retrieved_scores": None, "cited_request_ids": [],
                        "sources": [], "refused": True, "latency_ms": round(latency, 1), "first_token_ms": None,
                        "adapter": spec.version, "adapter_label": spec.label, "expected_route": expected_route(q),
                        "history": history, "error": error, "scores": scores})
        else:
            ranked, ranked_scores = ranked_ids(answer)
            evidence = evidence_for(engine, q["question"], answer, ranked, [h for h, _a in turns])
            timings = answer.trace.timings_ms
            out.append({
                # the question as the engine kept it (PII scrubbed): reports get shared around
                "id": q["id"], "question": answer.trace.question or _scrubbed(engine, q["question"]),
                "kind": q["kind"], "answer": answer.text,
                "route": answer.route, "filters": answer.filters, "retrieved_request_ids": ranked,
                "retrieved_scores": ranked_scores, "cited_request_ids": [s.request_id for s in answer.sources],
                "sources": [{"request_id": s.request_id, "title": s.title, "status": s.status} for s in answer.sources],
                "refused": answer.refused, "latency_ms": round(latency, 1),
                "first_token_ms": round(timings["first_token_ms"], 1) if "first_token_ms" in timings else None,
                "adapter": answer.trace.adapter_version, "adapter_label": spec.label,
                # what the LLM wrote for a search, and whether its checks kept it (generation quality)
                "lead": answer.trace.lead or None,
                "expected_route": expected_route(q), "history": history, "scores": score(q, answer, evidence),
            })
        if on_done:
            on_done()
    return out


def rank_with_references(
    retrievers: Sequence[ReferenceRetriever],
    questions: Sequence[dict[str, Any]],
    *,
    depth: int = 10,
    on_done: Callable[[], None] | None = None,
) -> list[dict[str, Any]]:
    """The reference retrievers on the questions that name the requests they expect (not lists:
    their ids are an answer to check, not something to retrieve)."""
    out = []
    for q in questions:
        expected = q.get("expected_request_ids") or []
        if not expected or q.get("kind") in UNRANKED_KINDS:
            continue
        for r in retrievers:
            t0 = time.perf_counter()
            ids, scores = r.rank(q["question"], depth)
            out.append({"id": q["id"], "kind": q["kind"], "retriever": r.name, "retrieved_request_ids": ids,
                        "retrieved_scores": scores, "latency_ms": round((time.perf_counter() - t0) * 1000, 1),
                        "scores": ranking_scores(ids, expected, scores)})
        if on_done:
            on_done()
    return out


def engine_rankings(results: Sequence[dict[str, Any]], label: str) -> list[dict[str, Any]]:
    """The engine's own retrieval, read from the first adapter's answers (retrieval does not
    depend on the adapter), in the reference retrievers' shape."""
    out = []
    for r in results:
        if r["adapter_label"] != label:
            continue
        ranking = {k: v for k, v in r["scores"].items() if k.startswith(("hit@", "mrr@", "ndcg@"))}
        if ranking:
            out.append({"id": r["id"], "kind": r["kind"], "retriever": "engine",
                        "retrieved_request_ids": r["retrieved_request_ids"], "retrieved_scores": r["retrieved_scores"],
                        "latency_ms": None, "scores": ranking})
    return out


def run_eval(
    engine: AnswerEngine,
    questions: Sequence[dict[str, Any]],
    adapters: Sequence[AdapterSpec],
    *,
    references: Sequence[ReferenceRetriever] = (),
    progress: Callable[[str, int], Callable[[], None]] | None = None,
) -> EvalRun:
    """Answer every question with every adapter (one pass without an LLM), then rank with the
    reference retrievers.  ``progress(label, total)`` returns a per-item callback."""
    llm = engine.llm
    if llm is None:
        adapters = [AdapterSpec("no-llm")]
    elif not adapters:  # whatever the engine answers with now
        adapters = [AdapterSpec("current", getattr(llm, "adapter_version", None))]
    results: list[dict[str, Any]] = []
    before = getattr(llm, "adapter_version", None)  # restored afterwards: the engine may be shared
    loaded: set[str] = {before} if before else set()
    started = time.perf_counter()
    seconds: dict[str, float] = {}
    try:
        for spec in adapters:
            _switch(llm, spec, loaded)
            t0 = time.perf_counter()
            tick = progress(f"answers ({spec.label})", len(questions)) if progress else None
            results += answer_questions(engine, questions, spec, on_done=tick)
            seconds[spec.label] = round(time.perf_counter() - t0, 1)
    finally:
        if llm is not None and hasattr(llm, "use_adapter"):
            llm.use_adapter(before)
    with_ids = [q for q in questions if q.get("expected_request_ids") and q.get("kind") not in UNRANKED_KINDS]
    tick = progress("retrievers", len(with_ids)) if progress and references else None
    retrieval = engine_rankings(results, adapters[0].label)
    retrieval += rank_with_references(references, questions, on_done=tick) if references else []
    info = {"questions": len(questions), "seconds_by_adapter": seconds,
            "seconds": round(time.perf_counter() - started, 1), "llm": getattr(llm, "model_name", None)}
    return EvalRun(results, retrieval, list(adapters), info)

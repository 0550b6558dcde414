"""Searches: filtered hybrid retrieval -> relevance gate -> extractive answer (+ a checked lead).

The matching requests, with their status and how each was resolved, are the answer; the LLM
may write a short lead in the assistant's voice citing the ids it uses, kept only if it passes
the checks (:func:`askdesk.answering.search_answer.check_lead`).  Retrieval ranks visible
chunks only, and "similar to <id>" reads the request only if it is visible (a hidden one is
"not found", like an id that doesn't exist).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from askdesk.answering import facts
from askdesk.answering.answer import Source
from askdesk.answering.ids import id_pattern
from askdesk.answering.plan import QueryPlan
from askdesk.answering.prompt import ContextItem, build_messages
from askdesk.answering.retrieve import Hit
from askdesk.answering.routes.base import RouteContext, RouteResult, TokenCallback
from askdesk.answering.search_answer import asks_for_fix, check_lead, compose_extractive, context_for, request_state
from askdesk.answering.trace import Trace
from askdesk.llm import generate

NOTHING_RELEVANT = "I don't know: I found no requests relevant to that question"
#: what a search over the asker's own requests says it searched
OWN_REQUESTS = "the requests you raised"


def hit_source(ctx: RouteContext, hit: Hit) -> Source:
    return Source(hit.request_id, hit.metadata.get("title", ""), hit.metadata.get("status"), ctx.url(hit.request_id))


def search_hits(plan: QueryPlan, trace: Trace, ctx: RouteContext) -> list[Hit] | str:
    """Retrieval with the relevance gate: the hits worth showing, or the refusal text."""
    query, exclude = plan.question, set(plan.similar_to)
    if plan.similar_to:
        rows = facts.fetch_requests(ctx.engine, plan.similar_to, visibility=ctx.visibility)
        missing = [rid for rid in plan.similar_to if rid not in rows]
        if missing:
            return " ".join(f"I couldn't find request {rid}." for rid in missing)
        query = "\n".join(f"{r['title']}\n{facts.summarise_text(r['body'], 600)}" for r in rows.values())
    s = ctx.settings
    k = max(s.top_k, s.trace_depth) * (4 if ctx.reranker is not None else 1) + len(exclude)
    retrieval = ctx.retriever.retrieve(query, plan.filters, k, visibility=ctx.visibility)
    trace.timings_ms.update(retrieval.timings_ms)
    hits = [h for h in retrieval.hits if h.request_id not in exclude]
    if ctx.reranker is not None:
        t0 = time.perf_counter()
        hits = ctx.reranker.rerank(plan.question, hits)
        trace.timings_ms["rerank_ms"] = (time.perf_counter() - t0) * 1000
    # the ranking below the cited top_k is kept for evals (hit@10, nDCG@10), not shown
    trace.ranking = [[h.request_id, round(h.score, 6)] for h in hits[: s.trace_depth]]
    hits = hits[: s.top_k]
    trace.retrieved = [h.trace() for h in hits]
    trace.best_similarity = round(retrieval.best_similarity, 4)
    relevant = [h for h in hits if (h.similarity or 0.0) >= s.min_similarity]
    if not relevant:
        return NOTHING_RELEVANT + (f" ({plan.filters.describe()})." if not plan.filters.is_empty() else ".")
    return [h for h in hits if (h.similarity or 0.0) >= s.min_similarity or (h.text_rank or 99) <= 3]


def context_item(ctx: RouteContext, hit: Hit, row: dict[str, Any] | None) -> ContextItem:
    """What the LLM sees of a request: its description's start and how it was resolved (or its
    latest update), within ``context_chars`` (:func:`~askdesk.answering.search_answer.context_for`)."""
    m = hit.metadata
    text = context_for(row, ctx.settings.context_chars) if row is not None else hit.text
    return ContextItem(hit.request_id, m.get("title", ""), m.get("status"), m.get("category"), m.get("priority"),
                       m.get("created_at"), text)


def messages_for(ctx: RouteContext, question: str, hits: list[Hit], rows: dict[str, dict[str, Any]],
                 history: Sequence[tuple[str, str]]) -> list[Any]:
    return build_messages(question, [context_item(ctx, h, rows.get(h.request_id)) for h in hits],
                          history=history, max_chars=ctx.settings.context_chars)


def _context_text(question: str, messages: list[Any]) -> str:
    """What the LLM was given (numbers in its lead must come from here or the question)."""
    return "\n".join(str(m.content) for m in messages) + "\n" + question


def answer(plan: QueryPlan, trace: Trace, ctx: RouteContext, *, history: Sequence[tuple[str, str]] = (),
           on_token: TokenCallback | None = None) -> RouteResult:
    """Extractive first (streamed at once), then at most a short, checked LLM lead put first."""
    found = search_hits(plan, trace, ctx)
    if isinstance(found, str):
        return RouteResult(found, [], refused=True)
    hits = found
    rows = facts.fetch_requests(ctx.engine, [h.request_id for h in hits], visibility=ctx.visibility)
    shown = hits[: ctx.settings.prompt_k]
    finished = ctx.vocabulary.closed_statuses
    extract = compose_extractive(plan.question, hits, rows, asks_fix=asks_for_fix(plan.question),
                                 state_of=lambda row: request_state(row, finished),
                                 among=OWN_REQUESTS if ctx.visibility.own_only else "")
    by_id = {h.request_id: h for h in hits}
    sources = [hit_source(ctx, by_id[rid]) for rid in extract.cited_ids if rid in by_id]
    sources += [hit_source(ctx, h) for h in hits if h.request_id not in extract.cited_ids]
    trace.cited = list(extract.cited_ids)
    if on_token:
        on_token(extract.text)
        trace.timings_ms["first_token_ms"] = trace.timings_ms.get("understand_ms", 0.0) + sum(
            trace.timings_ms.get(k, 0.0) for k in ("embed_ms", "vector_ms", "text_ms", "rerank_ms"))
    if ctx.llm is None:
        return RouteResult(extract.text, sources, streamed=on_token is not None)

    messages = messages_for(ctx, plan.question, shown, rows, history)
    # the exact prompt, so 👍/👎 on this answer become training examples in the same template
    trace.prompt = [{"role": m.role.value, "content": m.content} for m in messages]
    result = generate(ctx.llm, messages)
    trace.adapter_version = result.adapter_version  # the adapter that really answered
    trace.timings_ms["generate_ms"] = result.total_s * 1000
    trace.llm = {"tokens": result.tokens}
    raw = ctx.scrub(result.text.strip())
    check = check_lead(raw, context_ids=[h.request_id for h in shown],
                       context_text=_context_text(plan.question, messages) + "\n" + extract.text,
                       question=plan.question, id_re=id_pattern(ctx.vocabulary.id_shapes))
    trace.lead = {"text": check.text, "used": check.ok, "reasons": list(check.reasons)}
    trace.invented_ids = [i.strip() for r in check.reasons if r.startswith("invented_id") for i in r.split(":", 1)[1].split(",")]
    if not check.ok:
        trace.llm_declined = any(r.startswith("dont_know") for r in check.reasons)
        return RouteResult(extract.text, sources, streamed=on_token is not None)
    if on_token:
        on_token("\n\n" + check.text)
    text = f"{check.text}\n\n{extract.text}"
    trace.cited = list(dict.fromkeys([*check.cited, *extract.cited_ids]))
    return RouteResult(text, sources, streamed=on_token is not None)

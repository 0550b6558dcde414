"""Lookups by request id: the rows, described by code (exact); unknown ids say so.  A hidden
request is not read (the visibility is in the query), so its id gets the unknown id's answer."""

from __future__ import annotations

import time
from collections.abc import Sequence

from askdesk.answering import facts
from askdesk.answering.ids import shown_id
from askdesk.answering.plan import QueryPlan
from askdesk.answering.routes.base import RouteContext, RouteResult, TokenCallback
from askdesk.answering.trace import Trace


def answer(plan: QueryPlan, trace: Trace, ctx: RouteContext, *, history: Sequence[tuple[str, str]] = (),
           on_token: TokenCallback | None = None) -> RouteResult:
    t0 = time.perf_counter()
    rows = facts.fetch_requests(ctx.engine, plan.request_ids, visibility=ctx.visibility)
    trace.timings_ms["sql_ms"] = (time.perf_counter() - t0) * 1000
    parts, sources = [], []
    for rid in plan.request_ids:
        row = rows.get(rid)
        if row is None:
            parts.append(f"I couldn't find request {shown_id(rid)}.")
        else:
            parts.append(facts.describe_request(row, plan.question))
            sources.append(ctx.source(row))
    trace.retrieved = [{"request_id": rid, "found": rid in rows} for rid in plan.request_ids]
    return RouteResult("\n\n".join(parts), sources, refused=not rows)

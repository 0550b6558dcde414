"""One module per route, behind a small registry: ``ROUTES[plan.route].answer(plan, trace, ctx)``.

A route turns a :class:`~askdesk.answering.plan.QueryPlan` into text and sources, writes what it
did into the :class:`~askdesk.answering.trace.Trace`, and never asks the LLM for a fact: lookups
and analytics come from parameterised SQL, searches from retrieval (the LLM may add a checked
lead), declines say what askdesk can't answer.
"""

from __future__ import annotations

from askdesk.answering.routes import analytics, decline, lookup, search
from askdesk.answering.routes.base import VISIBLE_ONLY, Route, RouteContext, RouteResult, TokenCallback


def routes() -> dict[str, Route]:
    """The registry: route name (``QueryPlan.route``) -> its answer function."""
    return {"lookup": lookup.answer, "aggregate": analytics.answer, "search": search.answer,
            "refuse": decline.refuse, "cant": decline.cant}


__all__ = ["VISIBLE_ONLY", "Route", "RouteContext", "RouteResult", "TokenCallback", "routes"]

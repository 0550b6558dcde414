"""One module per route, behind a small registry: ``ROUTES[plan.route].answer(plan, trace, ctx)``.

A route turns a :class:`~askdesk.answering.plan.QueryPlan` into text and sources, writes what it
did into the :class:`~askdesk.answering.trace.Trace`, and never asks the LLM for a fact: lookups
and analytics come from parameterised SQL, searches from retrieval (the LLM may add a checked
lead), declines say what askdesk can't answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa

from askdesk.answering.answer import Source
from askdesk.answering.plan import QueryPlan
from askdesk.answering.retrieve import HybridRetriever
from askdesk.answering.trace import Trace
from askdesk.answering.vocabulary import Vocabulary
from askdesk.settings import AnsweringSettings

TokenCallback = Callable[[str], None]


@dataclass(frozen=True)
class RouteContext:
    """What routes may use; built by the engine for each answer."""

    engine: sa.Engine
    retriever: HybridRetriever
    settings: AnsweringSettings
    vocabulary: Vocabulary
    now: datetime
    llm: Any | None
    scrub: Callable[[str], str]
    reranker: Any | None
    url: Callable[[str], str]

    def source(self, row: dict[str, Any]) -> Source:
        return Source(row["request_id"], row["title"], row.get("status"), self.url(row["request_id"]))


@dataclass
class RouteResult:
    text: str
    sources: list[Source]
    refused: bool = False
    #: the route already sent the text to ``on_token`` (it streamed)
    streamed: bool = False


class Route(Protocol):
    def __call__(self, plan: QueryPlan, trace: Trace, ctx: RouteContext, *,
                 history: Sequence[tuple[str, str]], on_token: TokenCallback | None) -> RouteResult: ...


def routes() -> dict[str, Route]:
    """The registry (imported lazily: routes import the engine's helpers)."""
    from askdesk.answering.routes import analytics, decline, lookup, search

    return {"lookup": lookup.answer, "aggregate": analytics.answer, "search": search.answer,
            "refuse": decline.refuse, "cant": decline.cant}

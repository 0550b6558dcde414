"""What every route gets and returns: the context of one answer and its result."""

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
    #: the route that answered, when it is not the plan's (an analytic plan that had to decline: "cant")
    route: str | None = None
    #: the route already sent the text to ``on_token`` (it streamed)
    streamed: bool = False


class Route(Protocol):
    def __call__(self, plan: QueryPlan, trace: Trace, ctx: RouteContext, *,
                 history: Sequence[tuple[str, str]], on_token: TokenCallback | None) -> RouteResult: ...

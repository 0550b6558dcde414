"""What every route gets and returns: the context of one answer and its result."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa

from askdesk.access import Visibility
from askdesk.answering.answer import Source
from askdesk.answering.plan import QueryPlan
from askdesk.answering.retrieve import HybridRetriever
from askdesk.answering.trace import Trace
from askdesk.answering.vocabulary import Vocabulary
from askdesk.settings import AnsweringSettings

TokenCallback = Callable[[str], None]
#: what answers over a restricted visibility say next to the filters and metric they state
VISIBLE_ONLY = "over the requests you may see here"


@dataclass(frozen=True)
class RouteContext:
    """What routes may use; built by the engine for each answer.  ``visibility``: what the
    answer's reader may see; every query of every route carries its conditions, and
    ``vocabulary`` was read over the requests it shows."""

    engine: sa.Engine
    retriever: HybridRetriever
    settings: AnsweringSettings
    vocabulary: Vocabulary
    now: datetime
    llm: Any | None
    scrub: Callable[[str], str]
    reranker: Any | None
    url: Callable[[str], str]
    visibility: Visibility

    def visible_only(self) -> str:
        """`` · over the requests you may see here`` when some requests are hidden, else ""."""
        return f" · {VISIBLE_ONLY}" if self.visibility.restricted else ""

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

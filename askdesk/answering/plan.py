"""The typed query plan between understanding and execution.

Understanding (rules over the data's vocabulary, or the LLM's JSON validated against it) turns a
question into a :class:`QueryPlan`; a route executes it.  The plan is everything the answer
depends on, so it is what the answer states ("filters: …, metric: …"), what the trace stores,
and what a follow-up question edits ("which of those is the oldest?" = the previous plan with
another metric).

Intents:

* ``lookup``    request ids → their rows
* ``count``     how many match
* ``list``      the matching requests, ordered by a date (oldest, newest, most recently updated,
                longest open) and cut to ``limit``
* ``group``     counts per value of any mapped field (breakdowns, "which X has the most")
* ``duration``  statistics of a duration: time to resolve (created → resolved) or age of
                unfinished requests (created → now): mean, median, p90, min, max
* ``trend``     counts per day / week / month of a date field
* ``share``     the share of the matching requests (``filters``) that also meet ``part``
* ``search``    hybrid retrieval over the request texts (``topic``), with ``filters``
* ``refuse``    personal data is asked for
* ``cant``      askdesk cannot answer this (``unexplained`` says what it did not understand)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from askdesk.answering.filters import DateField, RequestFilters, field_label

Intent = Literal["lookup", "count", "list", "group", "duration", "trend", "share", "search", "refuse", "cant"]
ANALYTIC_INTENTS: frozenset[str] = frozenset({"count", "list", "group", "duration", "trend", "share"})
#: the route (answering module) of each intent; evals and traces name routes
ROUTE_OF: dict[str, str] = {
    "lookup": "lookup", "search": "search", "refuse": "refuse", "cant": "cant",
    **{i: "aggregate" for i in ANALYTIC_INTENTS},
}
OrderBy = Literal["created_at", "updated_at", "resolved_at", "age", "resolution_time"]
Measure = Literal["resolution_time", "age"]
Stat = Literal["mean", "median", "p90", "min", "max"]
TrendUnit = Literal["day", "week", "month"]
Source = Literal["rules", "llm", "follow-up"]

_ORDER_WORDS = {
    ("created_at", False): "oldest first", ("created_at", True): "newest first",
    ("updated_at", True): "most recently updated first", ("updated_at", False): "least recently updated first",
    ("resolved_at", True): "most recently resolved first", ("resolved_at", False): "first resolved first",
    ("age", True): "open the longest first", ("age", False): "open the shortest first",
    ("resolution_time", True): "slowest to resolve first", ("resolution_time", False): "fastest to resolve first",
}
_STAT_WORDS = {"mean": "average", "median": "median", "p90": "90th percentile", "min": "shortest", "max": "longest"}
_MEASURE_WORDS = {"resolution_time": "time to resolve (created → resolved)",
                  "age": "age of unfinished requests (created → now)"}


@dataclass(frozen=True)
class Order:
    by: OrderBy = "created_at"
    descending: bool = True

    def describe(self) -> str:
        return _ORDER_WORDS[(self.by, self.descending)]


@dataclass(frozen=True)
class DurationSpec:
    measure: Measure = "resolution_time"
    stats: tuple[Stat, ...] = ("mean", "median", "p90")


@dataclass(frozen=True)
class QueryPlan:
    """What a question asks, in terms of the indexed data."""

    question: str
    intent: Intent
    filters: RequestFilters = field(default_factory=RequestFilters)
    request_ids: tuple[str, ...] = ()
    #: a search for requests like these (their text is the query)
    similar_to: tuple[str, ...] = ()
    #: group: the field counted per value (any mapped field)
    group_by: str | None = None
    #: group: "most" / "fewest" when the question asks for the top (or bottom) group
    rank: Literal["most", "fewest"] | None = None
    order: Order | None = None
    limit: int | None = None
    duration: DurationSpec | None = None
    trend_unit: TrendUnit | None = None
    trend_field: DateField = "created_at"
    #: share: the condition whose share of ``filters`` is asked for
    part: RequestFilters | None = None
    #: content words: full-text condition for analytics, the query for search
    topic: str = ""
    #: words that change the question's meaning but that askdesk could not account for
    unexplained: tuple[str, ...] = ()

    refusal_reason: str | None = None
    understood_by: Source = "rules"
    #: the question itself names the metric (a follow-up that doesn't keeps the previous one)
    metric_stated: bool = True

    @property
    def route(self) -> str:
        return ROUTE_OF[self.intent]

    def with_(self, **changes: Any) -> QueryPlan:
        return replace(self, **changes)

    # ------------------------------------------------------------------ describing
    def metric_text(self) -> str:
        """What was computed, in words ("count", "counts per location, most first", …)."""
        i = self.intent
        if i == "count":
            return "count"
        if i == "list":
            text = "list" + (f", {self.order.describe()}" if self.order else "")
            return text + (f", first {self.limit}" if self.limit else "")
        if i == "group":
            text = f"count per {field_label(self.group_by or '?')}"
            return text + {"most": ", largest first", "fewest": ", smallest first", None: ""}[self.rank]
        if i == "duration" and self.duration:
            stats = ", ".join(_STAT_WORDS[s] for s in self.duration.stats)
            text = f"{stats} {_MEASURE_WORDS[self.duration.measure]}"
            if self.group_by:
                text += f" per {field_label(self.group_by)}" + {
                    "most": ", longest first", "fewest": ", shortest first", None: ""}[self.rank]
            return text
        if i == "trend":
            verb = {"created_at": "created", "resolved_at": "resolved", "updated_at": "updated"}[self.trend_field]
            return f"requests {verb} per {self.trend_unit or 'month'}"
        if i == "share":
            return f"share that {self.part.describe() if self.part else '?'}"
        return i

    def describe(self) -> str:
        """The plan as the answer states it: filters, text condition, metric."""
        parts = [self.filters.describe()]
        if self.topic and self.intent in ANALYTIC_INTENTS:
            parts.append(f"mentioning “{self.topic}”")
        if self.intent in ANALYTIC_INTENTS:
            parts.append(f"metric: {self.metric_text()}")
        return " · ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready; stored in traces (``understood``) and compared by the training builder."""
        return {
            "intent": self.intent,
            "route": self.route,
            "request_ids": list(self.request_ids),
            "filters": self.filters.as_dict(),
            "group_by": self.group_by,
            "rank": self.rank,
            "order": None if self.order is None else {"by": self.order.by, "descending": self.order.descending},
            "limit": self.limit,
            "duration": None if self.duration is None else {"measure": self.duration.measure,
                                                             "stats": list(self.duration.stats)},
            "trend_unit": self.trend_unit,
            "trend_field": self.trend_field if self.intent == "trend" else None,
            "part": None if self.part is None else self.part.as_dict(),
            "topic": self.topic,
            "similar_to": list(self.similar_to),
            "unexplained": list(self.unexplained),
            "refusal_reason": self.refusal_reason,
            "understood_by": self.understood_by,
        }

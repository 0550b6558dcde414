"""The trace of one answer: what was asked, the plan, what the route did, and how long it took.

The Slack bot and the terminal chat store it with every answer (``answers.trace``, JSON); the
training-data builder and the evals read it back.  In code it is this typed record; stored, it
is :meth:`Trace.as_dict`, whose keys are the stored format (kept stable: training reads traces
written by earlier versions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from askdesk.answering.plan import QueryPlan


@dataclass
class Trace:
    #: the question as understood (scrubbed of PII)
    question: str
    plan: QueryPlan
    now: str
    prompt_version: str
    model: str | None = None
    #: the adapter that generated (for exact routes: the one loaded)
    adapter_version: str | None = None
    follow_up_of: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    route: str = ""
    refused: bool = False
    #: retrieved / listed requests with their evidence (scores, ranks, found)
    retrieved: list[dict[str, Any]] = field(default_factory=list)
    #: search: the ranking below the cited sources, [id, fused score] (evals' hit@10, nDCG@10)
    ranking: list[list[Any]] = field(default_factory=list)
    best_similarity: float | None = None
    #: exact routes: the SQL result the text was written from
    result: dict[str, Any] = field(default_factory=dict)
    #: search: the exact messages the LLM got (training examples are built from it)
    prompt: list[dict[str, str]] | None = None
    llm: dict[str, Any] = field(default_factory=dict)
    cited: list[str] = field(default_factory=list)
    invented_ids: list[str] = field(default_factory=list)
    llm_declined: bool = False
    #: the LLM's lead and the checks it passed or failed
    lead: dict[str, Any] = field(default_factory=dict)
    #: lookups/counts phrased by the LLM (optional)
    phrasing: dict[str, Any] = field(default_factory=dict)
    #: the LLM fallback of understanding: asked, its plan, why it was (not) used
    llm_plan: dict[str, Any] = field(default_factory=dict)
    #: what the answer's reader may see (:meth:`askdesk.access.Visibility.as_dict`: hidden and
    #: granted scope names, whose grants, silent), never a user id
    access: dict[str, Any] = field(default_factory=dict)

    @property
    def filters_text(self) -> str:
        return self.plan.filters.describe()

    @property
    def total_ms(self) -> float | None:
        return self.timings_ms.get("total_ms")

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "question": self.question,
            "understood": self.plan.as_dict(),
            "filters_text": self.filters_text,
            "plan_text": self.plan.describe(),
            "follow_up_of": self.follow_up_of,
            "now": self.now,
            "prompt_version": self.prompt_version,
            "adapter_version": self.adapter_version,
            "model": self.model,
            "timings_ms": dict(self.timings_ms),
            "route": self.route,
            "refused": self.refused,
            "retrieved": list(self.retrieved),
        }
        optional = {
            "ranking": self.ranking, "best_similarity": self.best_similarity, "result": self.result,
            "prompt": self.prompt, "llm": self.llm, "cited": self.cited, "invented_ids": self.invented_ids,
            "llm_declined": self.llm_declined, "lead": self.lead, "phrasing": self.phrasing, "llm_plan": self.llm_plan,
            "access": self.access,
        }
        out.update({k: v for k, v in optional.items() if v not in (None, [], {}, False)})
        return out

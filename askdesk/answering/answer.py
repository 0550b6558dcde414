"""What the engine returns: the answer, its sources, the plan it used, and a typed trace.

The trace is the record the Slack bot stores with every answer and that training and evals read
back (:class:`~askdesk.answering.trace.Trace`; stored as ``Trace.as_dict()``).
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from askdesk.answering.plan import QueryPlan
from askdesk.answering.trace import Trace


@dataclass(frozen=True)
class Source:
    request_id: str
    title: str
    status: str | None
    url: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    text: str
    sources: list[Source]
    route: str
    trace: Trace
    #: True when the engine declined (unknown id only, nothing relevant, personal data, can't)
    refused: bool = False
    answer_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def plan(self) -> QueryPlan:
        return self.trace.plan

    @property
    def filters(self) -> dict[str, Any]:
        """The filters used, JSON-ready (the eval results file's ``filters``)."""
        return self.trace.plan.filters.as_dict()

    @property
    def filters_text(self) -> str:
        return self.trace.filters_text

    @property
    def plan_text(self) -> str:
        return self.trace.plan.describe()

    def as_dict(self) -> dict[str, Any]:
        return {
            "answer_id": self.answer_id,
            "text": self.text,
            "route": self.route,
            "refused": self.refused,
            "filters": self.filters,
            "sources": [s.as_dict() for s in self.sources],
            "trace": self.trace.as_dict(),
        }

"""What the engine returns: the answer, its sources, the filters it used, and a trace.

The trace is the record the Slack bot stores with every answer and that training and evals read
back: question (scrubbed), what was understood, the route, retrieved ids and scores, prompt and
adapter versions, and timings.  Everything in it is JSON-ready.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any


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
    filters: dict[str, Any]
    route: str
    trace: dict[str, Any]
    #: True when the engine declined (unknown id only, nothing relevant, personal data)
    refused: bool = False
    answer_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def filters_text(self) -> str:
        return self.trace.get("filters_text", "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "answer_id": self.answer_id,
            "text": self.text,
            "route": self.route,
            "refused": self.refused,
            "filters": self.filters,
            "sources": [s.as_dict() for s in self.sources],
            "trace": self.trace,
        }

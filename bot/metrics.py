"""Prometheus metrics of one bot process, in a registry of its own (passed in, never global),
served at ``/metrics`` by :mod:`bot.server`."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

_ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0)
_ANSWER_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 80)


@dataclass
class BotMetrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.events = Counter("askdesk_slack_events", "Slack requests handled, by kind and outcome",
                              ["kind", "outcome"], registry=r)
        self.ack_seconds = Histogram("askdesk_slack_ack_seconds", "Time from request to acknowledgement",
                                     buckets=_ACK_BUCKETS, registry=r)
        self.questions = Counter("askdesk_questions", "Questions answered, by route", ["route"], registry=r)
        self.answer_seconds = Histogram("askdesk_answer_seconds", "Time to answer a question (engine + Slack updates)",
                                        ["route"], buckets=_ANSWER_BUCKETS, registry=r)
        self.votes = Counter("askdesk_votes", "Votes recorded, by vote and how", ["vote", "via"], registry=r)
        self.errors = Counter("askdesk_errors", "Errors, by where they happened", ["where"], registry=r)
        self.inbox_pending = Gauge("askdesk_inbox_pending", "Questions received and not yet answered (all replicas)",
                                   registry=r)

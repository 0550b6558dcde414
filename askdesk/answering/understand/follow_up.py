"""Follow-up questions in a thread act on the previous plan.

"list the open critical requests" → "which of those is the oldest?" is the previous filters with
another metric; "and by location?" the same filters counted per location; "only HR" and "what
about last month?" the previous metric with a filter added or replaced.  The question text
stays the user's own; only the plan is merged.
"""

from __future__ import annotations

import re
from dataclasses import replace

from askdesk.answering.plan import ANALYTIC_INTENTS, QueryPlan

_FOLLOW_UP = re.compile(
    r"^(?:and|also|but|so|what about|how about|only|just|then|now|same for|same but|ok(?:ay)?,? (?:and|now|what))\b"
    r"|\b(?:of (?:those|them|these)|among (?:them|those|these)|those ones|these ones|the same|that list|"
    r"same period|of which|out of (?:those|these|them))\b"
    r"|^(?:which|how many|are|were|is|any|what|show|list) (?:of )?(?:those|them|these)\b"
)
_REFERS_TO_REQUEST = re.compile(r"\b(?:it|its|it's|that one|this one|that request|this request|that ticket)\b")


def is_follow_up(current: QueryPlan, previous: QueryPlan) -> bool:
    """A question that only makes sense after the previous turn."""
    if previous.intent in ("refuse", "cant") or current.intent == "refuse" or current.request_ids:
        return False
    low = current.question.lower().strip()
    if _FOLLOW_UP.search(low):
        return True
    if previous.intent == "lookup" and _REFERS_TO_REQUEST.search(low):
        return True
    # a fragment with no subject of its own: "by location?", "last month?", "critical ones?"
    fragment = len(low.split()) <= 4 and not current.topic and current.intent != "search"
    return fragment and previous.intent in ANALYTIC_INTENTS


def merge_follow_up(previous: QueryPlan, current: QueryPlan) -> QueryPlan:
    """The current plan with what it leaves unsaid taken from the previous one."""
    filters = current.filters.merged_over(previous.filters)
    if previous.intent == "lookup" and previous.request_ids:
        return replace(current, intent="lookup", request_ids=previous.request_ids, filters=current.filters,
                       understood_by="follow-up", unexplained=(), refusal_reason=None)
    if previous.intent == "search":
        if current.intent in ANALYTIC_INTENTS and current.metric_stated:
            return replace(current, filters=filters, topic=current.topic or previous.topic, understood_by="follow-up")
        topic = " ".join(t for t in (previous.topic, current.topic) if t)
        return replace(current, intent="search", filters=filters, topic=topic,
                       similar_to=current.similar_to or previous.similar_to, understood_by="follow-up",
                       unexplained=(), refusal_reason=None)
    if current.intent == "cant":
        return current
    if current.metric_stated and current.intent in ANALYTIC_INTENTS:
        part = current.part
        return replace(current, filters=filters, topic=current.topic or previous.topic, understood_by="follow-up",
                       part=part)
    return replace(previous, question=current.question, filters=filters, topic=current.topic or previous.topic,
                   understood_by="follow-up")

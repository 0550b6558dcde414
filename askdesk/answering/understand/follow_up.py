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

#: the refusal reason of a follow-up to a question askdesk declined
FOLLOWS_A_DECLINE = "follows a declined question"
_FOLLOW_UP = re.compile(
    r"^(?:and|also|but|so|what about|wat about|how about|only|just|then|now|same|ok(?:ay)?|filter|narrow|restrict|"
    r"limit (?:it|that|those|to)|exclude|excluding|without|except|plus)\b"
    r"|\b(?:those|these|them|they|that one|the same|that list|same period|of which)\b"
    # a list's order with no subject of its own: "show me the 3 most recent", "the oldest 5?"
    r"|^(?:show me |give me |list )?(?:the )?(?:\d+ |top \d+ )?(?:most recent|newest|latest|oldest|earliest)(?: \d+| one| ones)?\W*$"
    r"|^which (?:one|ones|\d+)\b"
    r"|^(?:make it|change (?:it|that|this) to|instead)\b"
    r"|\b(?:show|give|break|split|group|plot|chart|do)\b(?: me| us)? (?:that|this|it|those)\b"
    r"|^(?:break|split|group) (?:it|that|this)\b"
)
#: greetings and lead-ins that come before the follow-up itself ("hi team - same for March?")
_LEAD_IN = re.compile(r"^(?:(?:hi|hey|hello|morning|good morning|thanks|thx|cheers|sorry to bother|quick q|quick one|"
                      r"quick question|team|all|folks|ok|okay|so)\b[\s,!:.-]*)+")
_POLITE_TAIL = re.compile(r"[\s,!.?:)(-]*\b(?:pls|please|thanks|thank you|thx|ty|cheers)\b[\s!.?:)(-]*$")
#: words that name which date a range is on ("resolved last week"); without one, a follow-up's new
#: range stays on the previous turn's date ("how many did Payments Ops solve last week" -> "and this week?")
_DATE_VERB = re.compile(r"\b(?:creat|open|rais|logg?|submit|report|filed|came|come|receiv|arriv|resolv|clos|fix|"
                        r"complet|solv|finish|updat|modif|chang|touch)\w*")
_REFERS_TO_REQUEST = re.compile(r"\b(?:it|its|it's|that one|this one|that request|this request|that ticket)\b")


def is_follow_up(current: QueryPlan, previous: QueryPlan) -> bool:
    """A question that only makes sense after the previous turn."""
    if previous.intent == "refuse" or current.intent == "refuse" or current.request_ids:
        return False
    if previous.intent == "cant" and previous.refusal_reason in ("empty", "nothing to answer"):
        return False  # after "hi" there is no question to follow up
    low = current.question.lower().strip()
    stripped = _POLITE_TAIL.sub("", _LEAD_IN.sub("", low)) or low
    if _FOLLOW_UP.search(stripped) or (stripped != low and _FOLLOW_UP.search(low)):
        return True
    if previous.intent == "lookup" and _REFERS_TO_REQUEST.search(low):
        return True
    if previous.intent not in ANALYTIC_INTENTS and previous.intent != "search" and not (
            previous.intent == "cant" and not current.metric_stated):
        return False  # after a decline, a question with its own metric stands on its own
    # a fragment with no subject of its own: "by location?", "last month?", "which one is oldest"
    own = current.filters.conditions or current.filters.dates or current.topic
    fragment = len(stripped.split()) <= 4 or (not own and re.search(r"\b(?:one|ones|it)\b", stripped))
    return bool(fragment) and current.intent not in ("search",) and not (own and len(stripped.split()) > 4)


def refers_to_the_one_listed(current: QueryPlan, previous: QueryPlan) -> bool:
    """"which one is the oldest?" -> "who's it assigned to?": the request the last answer named."""
    one = previous.intent == "list" and previous.limit == 1
    return one and not current.request_ids and bool(_REFERS_TO_REQUEST.search(current.question.lower()))


def merge_follow_up(previous: QueryPlan, current: QueryPlan) -> QueryPlan:
    """The current plan with what it leaves unsaid taken from the previous one."""
    current = _dates_on_the_previous_field(previous, current)
    filters = current.filters.merged_over(previous.filters)
    if previous.intent == "cant":
        # "how many breached the SLA?" (declined) -> "and by location?": answering the fragment
        # alone would answer another question; say why instead
        return replace(current, intent="cant", filters=filters, understood_by="follow-up",
                       refusal_reason=FOLLOWS_A_DECLINE, unexplained=previous.unexplained)
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
    if previous.intent == "share" and previous.part is not None and not current.metric_stated:
        # "what share of unsolved tickets are urgent?" -> "and high?": a value of the part's field
        # replaces the part's value; anything else narrows the base
        moved = tuple(c for c in current.filters.conditions if c.field in previous.part.fields())
        if moved:
            rest = replace(current.filters, conditions=tuple(c for c in current.filters.conditions if c not in moved))
            part = replace(previous.part, conditions=moved).merged_over(previous.part)
            return replace(previous, question=current.question, filters=rest.merged_over(previous.filters), part=part,
                           topic=current.topic or previous.topic, understood_by="follow-up")
    if current.metric_stated and current.intent in ANALYTIC_INTENTS:
        return replace(current, filters=filters, topic=current.topic or previous.topic, understood_by="follow-up",
                       part=current.part)
    return replace(previous, question=current.question, filters=filters, topic=current.topic or previous.topic,
                   understood_by="follow-up")


def _dates_on_the_previous_field(previous: QueryPlan, current: QueryPlan) -> QueryPlan:
    """A new range named without a date verb is on the date the previous turn's range was on."""
    fields = {d.field for d in previous.filters.dates}
    dates = current.filters.dates
    if len(fields) != 1 or not dates or _DATE_VERB.search(current.question.lower()):
        return current
    (field,) = fields
    moved = tuple(replace(d, field=field) for d in dates)
    return replace(current, filters=replace(current.filters, dates=moved))

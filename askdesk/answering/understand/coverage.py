"""Does a plan account for the words the rules could not?  The LLM fallback's plan is used only
if it does: a plan that silently drops "breached the SLA" or "average" answers another question.

A metric word the rules could not place must map onto that part of the plan ("average" onto a
duration, "not" onto a negated condition, "most" onto an order or a grouping); words that name
what the data does not hold (cost, CSAT, SLA breaches, forecasts, judging people) are never
covered.  Other words are the LLM's to interpret ("the most *ancient* tickets"): the answer
states the plan it used, so a reader sees how they were read.
"""

from __future__ import annotations

from askdesk.answering.plan import QueryPlan
from askdesk.answering.understand.words import OFF_TASK_WORDS
from askdesk.answering.vocabulary import normalise

_METRIC_WORDS: dict[str, tuple[str, ...]] = {
    "order": ("oldest", "newest", "latest", "earliest", "longest", "shortest", "fastest", "slowest", "quickest", "recent",
              "first", "last"),
    "duration": ("average", "avg", "mean", "median", "percentile", "p90", "p95", "typical", "long", "time"),
    "group": ("least", "fewest", "top", "common", "commonest", "frequent", "busiest", "quietest", "per", "each",
              "every", "breakdown", "distribution", "highest", "lowest", "biggest", "largest", "smallest"),
    "share": ("percent", "percentage", "share", "ratio", "proportion", "rate", "fraction"),
    "trend": ("trend", "trends", "trending", "daily", "weekly", "monthly"),
    "negation": ("not", "except", "excluding", "exclude", "without", "other", "besides", "non"),
}
#: what the data cannot answer, whatever a plan says
_NEVER = frozenset("""
cost costs price prices spend spent spending budget money revenue dollars euros pounds csat nps satisfaction
satisfied rating ratings score scores sentiment sla slas breach breached breaches forecast forecasts predict
predicted prediction projected projection tomorrow next future will reopened reopen reopens escalated escalation
uptime downtime mtbf mttf
""".split()) | OFF_TASK_WORDS  # noqa: SIM905


def _has(plan: QueryPlan, kind: str) -> bool:
    if kind == "most":
        return plan.order is not None or plan.group_by is not None or plan.duration is not None
    if kind == "order":
        return plan.order is not None or plan.duration is not None
    if kind == "duration":
        return plan.duration is not None
    if kind == "group":
        return plan.group_by is not None or plan.intent == "trend"
    if kind == "share":
        return plan.intent == "share"
    if kind == "trend":
        return plan.intent == "trend"
    conds = list(plan.filters.conditions) + (list(plan.part.conditions) if plan.part else [])
    return any(c.negate for c in conds)


def uncovered(plan: QueryPlan, words: tuple[str, ...]) -> list[str]:
    """The ``words`` (the rules' unexplained words) that ``plan`` does not account for."""
    left = []
    for word in words:
        w = normalise(word)
        if w in _NEVER:
            left.append(word)
            continue
        kind = "most" if w == "most" else next((k for k, ws in _METRIC_WORDS.items() if w in ws), None)
        if kind is not None and not _has(plan, kind):
            left.append(word)
    return left

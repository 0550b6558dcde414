"""Declines: personal data (refused), and questions askdesk can't answer (it says what it did
not understand and what it can answer, and states no number)."""

from __future__ import annotations

from collections.abc import Sequence

from askdesk.answering.filters import field_label
from askdesk.answering.plan import QueryPlan
from askdesk.answering.routes.base import RouteContext, RouteResult, TokenCallback
from askdesk.answering.trace import Trace
from askdesk.answering.understand.follow_up import FOLLOWS_A_DECLINE
from askdesk.answering.understand.parser import (
    COUNTS_PEOPLE,
    NO_REQUESTERS,
    NOT_IN_THE_DATA,
    OTHERS_REQUESTS,
    WHOSE_REQUESTS,
)

REFUSAL_PII = (
    "I can't help with personal information about people (names, contact details, ids or anything that "
    "identifies someone). askdesk only keeps pseudonyms such as person_1a2b3c4d. I can tell you about "
    "requests instead: their status, counts, or similar requests."
)
NO_REQUESTERS_TEXT = (
    "I can't answer that: the requests data doesn't record who raised each request, so I can't pick out "
    "yours (answering with everyone's would answer another question). An admin can name the requester's "
    "e-mail or login column in the mapping's [identity] section."
)
EMPTY_QUESTION = (
    "Ask me about your requests, e.g. \"What's the status of REQ-100042?\", \"How many HR requests are "
    "pending?\" or \"Has anyone had VPN drops after the update?\""
)


def refuse(plan: QueryPlan, trace: Trace, ctx: RouteContext, *, history: Sequence[tuple[str, str]] = (),
           on_token: TokenCallback | None = None) -> RouteResult:
    return RouteResult(REFUSAL_PII, [], refused=True)


def capabilities(ctx: RouteContext) -> str:
    fields = [field_label(f) for f in ctx.vocabulary.fields][:8]
    by = ", ".join(fields) if fields else "their fields"
    return (f"I can count requests with filters on {by} and dates, list them by date (oldest, newest, "
            "most recently updated, open the longest), break them down by any of those fields, give "
            "times to resolve and the age of open requests, trends per day, week or month and shares; "
            "or search their text for similar requests.")


def cant(plan: QueryPlan, trace: Trace, ctx: RouteContext, *, history: Sequence[tuple[str, str]] = (),
         on_token: TokenCallback | None = None) -> RouteResult:
    if plan.refusal_reason in ("empty", "nothing to answer"):  # "hi", "?": say what to ask
        return RouteResult(EMPTY_QUESTION, [], refused=True)
    if plan.refusal_reason == FOLLOWS_A_DECLINE:
        why = (f" (I didn't understand {', '.join(f'“{w}”' for w in plan.unexplained)})" if plan.unexplained else "")
        lead = (f"I can't answer that: it follows on from a question I couldn't answer{why}, so I won't guess "
                "what it refers to. Ask it as a whole question.")
    elif plan.refusal_reason == NOT_IN_THE_DATA:
        lead = (f"I can't answer that: no field of the requests records “{plan.unexplained[0]}”; the only times I "
                "have are when a request was created, last updated and resolved.")
    elif plan.refusal_reason == WHOSE_REQUESTS:  # who asks is unknown here, or everyone would read the answer
        return RouteResult(ctx.visibility.requester.unknown, [], refused=True)
    elif plan.refusal_reason == NO_REQUESTERS:
        return RouteResult(NO_REQUESTERS_TEXT, [], refused=True)
    elif plan.refusal_reason == OTHERS_REQUESTS:
        lead = (f"I can't answer that: the requests data doesn't say who “{plan.unexplained[0]}” covers, so I can't "
                "pick out their requests (and answering with everyone's would answer another question). I can "
                "answer about your own requests in a direct message, or about everyone's.")
    elif plan.refusal_reason == COUNTS_PEOPLE:
        lead = "I can't answer that: I count requests, not people, and the requests data doesn't say how many people."
    elif plan.unexplained:
        words = ", ".join(f"“{w}”" for w in plan.unexplained)
        lead = f"I can't answer that yet: I didn't understand {words} in your question, so I won't guess."
    elif plan.refusal_reason == "share of what":
        lead = "I can't answer that yet: I couldn't tell what share you are asking for."
    else:
        lead = "I can't answer that: it isn't something the requests data can tell me."
    text = f"{lead} {capabilities(ctx)}"
    return RouteResult(text, [], refused=True)

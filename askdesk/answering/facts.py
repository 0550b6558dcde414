"""Requests by id, and their facts as sentences (lookups, sources, training targets).

Field values come from the ``requests`` table (parameterised SQLAlchemy Core) and are put into
sentences by code; analytics live in :mod:`askdesk.answering.analytics_sql`.  A request hidden
by the :class:`~askdesk.access.Visibility` is not read at all: to the caller it does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from askdesk.access import EVERYTHING, Visibility, visible_requests
from askdesk.answering.ids import shown_id
from askdesk.schema import requests

_FIELDS = (
    requests.c.request_id, requests.c.title, requests.c.status, requests.c.category, requests.c.priority,
    requests.c.created_at, requests.c.updated_at, requests.c.resolved_at, requests.c.people, requests.c.extra,
    requests.c.texts, requests.c.body,
)


def fetch_requests(engine: sa.Engine, request_ids: Sequence[str], *,
                   visibility: Visibility = EVERYTHING) -> dict[str, dict[str, Any]]:
    """The rows of these ids that exist and are visible (exact match; ids compared
    case-insensitively).  The answering engine always passes the question's visibility; the
    default (every request) is for the evals' and training's ground truth."""
    if not request_ids:
        return {}
    wanted = {rid.upper(): rid for rid in request_ids}
    with engine.connect() as conn:
        rows = conn.execute(sa.select(*_FIELDS).where(sa.func.upper(requests.c.request_id).in_(list(wanted)),
                                                      *visible_requests(visibility, requests))).mappings()
        found = {}
        for row in rows:
            found[wanted[row["request_id"].upper()]] = dict(row)
    return found


def has_requesters(engine: sa.Engine) -> bool:
    """Whether the index knows who raised its requests (the mapping names an ``[identity]``
    column and some row has a value): without that, no request is anyone's own."""
    with engine.connect() as conn:
        return bool(conn.execute(sa.select(sa.exists().where(requests.c.requester_key.is_not(None)))).scalar())


# ------------------------------------------------------------------------------- sentences
def _date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


_FIELD_QUESTIONS = (
    ("status", ("status", "state", "progress", "closed", "resolved", "open")),
    ("priority", ("priority", "urgent", "critical", "severity")),
    ("assignee", ("assigned", "assignee", "who is working", "who handles", "owner", "handling")),
    ("resolved_at", ("when was it resolved", "resolved on", "when resolved", "resolution date", "when closed")),
    ("created_at", ("when was", "created", "opened", "raised", "logged", "submitted")),
)


def describe_request(row: dict[str, Any], question: str) -> str:
    """One request's facts as text; leads with the field the question asks about, if any."""
    rid, people, extra = shown_id(row["request_id"]), row["people"] or {}, row["extra"] or {}
    low = question.lower()
    lead = ""
    for name, words in _FIELD_QUESTIONS:
        if any(w in low for w in words):
            if name == "status":
                lead = f"{rid} is {row['status'] or 'without a status'}."
            elif name == "priority":
                lead = f"{rid} has priority {row['priority'] or '(none)'}."
            elif name == "assignee":
                lead = f"{rid} is assigned to {people.get('assignee') or 'nobody'}" + (
                    f" ({extra['assignment_group']})." if extra.get("assignment_group") else ".")
            elif name == "resolved_at":
                lead = f"{rid} was resolved {_date(row['resolved_at'])}." if row["resolved_at"] else f"{rid} is not resolved."
            else:
                lead = f"{rid} was created {_date(row['created_at'])}."
            break
    category = row["category"] or "-"
    if extra.get("subcategory"):
        category += f" / {extra['subcategory']}"
    facts = [
        f"{rid}: {row['title']}",
        f"Status: {row['status'] or '-'} · Priority: {row['priority'] or '-'} · Category: {category}",
        f"Created: {_date(row['created_at'])} · Updated: {_date(row['updated_at'])}"
        + (f" · Resolved: {_date(row['resolved_at'])}" if row["resolved_at"] else ""),
    ]
    # every other metadata field the mapping keeps (group, location, channel, impact, …)
    who = [f"{name.replace('_', ' ').capitalize()}: {value}" for name, value in extra.items()
           if name != "subcategory" and value not in (None, "")]
    if people.get("requester"):
        who.append(f"Requester: {people['requester']}")
    if people.get("assignee"):
        who.append(f"Assignee: {people['assignee']}")
    if who:
        facts.append(" · ".join(who))
    summary = summarise_text((row["texts"] or {}).get("description") or row["body"])
    if summary:
        facts.append(f"Summary: {summary}")
    return (lead + "\n" if lead else "") + "\n".join(facts)


def summarise_text(text: str, max_chars: int = 240) -> str:
    """The first sentence(s) of a request's text, up to ``max_chars`` (no LLM: exact words)."""
    text = " ".join((text or "").split())
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    return cut[: end + 1] if end > 60 else cut.rsplit(" ", 1)[0] + "…"


def plural(n: int, word: str = "request") -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"

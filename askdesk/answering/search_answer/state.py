"""Whether a request is resolved, cancelled or still open, from the status words of any export
(or the statuses the vocabulary holds as finished)."""

from __future__ import annotations

import re
from collections.abc import Collection

from askdesk.answering.search_answer.text import Row, _squash

_STATUS_OPEN_FIRST = re.compile(
    r"\b(?:un(?:resolved|solved|fixed)|not\s+(?:resolved|solved|fixed|closed|done)|re-?opened|reopen\w*)\b",
                                re.IGNORECASE)
_STATUS_CANCELLED = re.compile(r"cancel|withdr[ae]wn?|reject|duplicate|void|declined|abandon", re.IGNORECASE)
_STATUS_RESOLVED = re.compile(r"resolv|clos|done|complet|fixed|solved|finish", re.IGNORECASE)


def request_state(row: Row, finished: Collection[str] | None = None) -> str:
    """``"resolved"``, ``"cancelled"``, ``"open"`` or ``"unknown"``, from the status words of any
    export ("Resolved", "Closed Complete", "Done", "Canceled", "In Progress", "Reopened" …) and,
    when there is no status, whether ``resolved_at`` is set.

    ``finished``: the statuses the vocabulary holds as finished (learnt from the data, or the
    mapping's ``[statuses]``); given, it decides open or not, so a search answer and a count agree
    on what "open" means (an "Archived" the mapping declares finished is not "Not resolved yet")."""
    status = _squash(row.get("status"))
    if status and finished:
        if status not in {_squash(s) for s in finished}:
            return "open"
        return "cancelled" if _STATUS_CANCELLED.search(status) else "resolved"
    if status:
        if _STATUS_OPEN_FIRST.search(status):
            return "open"
        if _STATUS_CANCELLED.search(status):
            return "cancelled"
        if _STATUS_RESOLVED.search(status):
            return "resolved"
        return "open"
    return "resolved" if row.get("resolved_at") else "unknown"

"""A request's text fields, and what each holds by the words in its name: the resolution (close
notes, fix, solution …), agents' work notes, a log of comments, or plain text (a description)."""

from __future__ import annotations

from askdesk.answering.search_answer.text import Row, _name_words

_RESOLUTION_NAME = frozenset({
    "resolution", "resolutions", "resolve", "resolved", "resolving", "solution", "solutions", "solved",
    "fix", "fixes", "fixed", "workaround", "workarounds", "closure", "remedy", "remediation",
})
_CLOSE_NAME = frozenset({"close", "closed", "closing"})
_NOTE_NAME = frozenset({"note", "notes", "comment", "comments", "summary", "details", "detail", "text",
                        "description", "remark", "remarks", "info", "information"})
# fields about a resolution that hold no account of it (codes, dates, people, groups)
_NOT_TEXT_NAME = frozenset({"code", "codes", "date", "time", "at", "by", "on", "group", "category", "type",
                            "status", "id", "user", "person", "owner", "sla", "reason"})
_AGENT_LOG_NAME = (frozenset({"work", "notes"}), frozenset({"work", "note"}), frozenset({"work", "log"}),
                   frozenset({"worknotes"}), frozenset({"worklog"}), frozenset({"internal", "notes"}),
                   frozenset({"internal", "note"}), frozenset({"agent", "notes"}), frozenset({"technician", "notes"}),
                   frozenset({"private", "notes"}))
_LOG_NAME = frozenset({"comment", "comments", "update", "updates", "activity", "activities", "journal",
                       "history", "log", "notes", "conversation", "replies", "messages", "thread", "correspondence"})


def field_kind(name: str) -> str:
    """How a text field's name reads: ``"resolution"`` (close notes, resolution, fix, solution,
    workaround …), ``"agent_log"`` (work notes: entries written by agents), ``"log"`` (comments,
    updates, activity: entries by anyone) or ``"text"`` (description and the like)."""
    words = set(_name_words(name))
    if not words:
        return "text"
    if not words & _NOT_TEXT_NAME and (words & _RESOLUTION_NAME or (words & _CLOSE_NAME and words & _NOTE_NAME)):
        return "resolution"
    if any(combo <= words for combo in _AGENT_LOG_NAME):
        return "agent_log"
    if words & _LOG_NAME:
        return "log"
    return "text"


def text_fields(row: Row) -> dict[str, str]:
    texts = {str(k): str(v) for k, v in (row.get("texts") or {}).items() if v and str(v).strip()}
    if not texts and (row.get("body") or "").strip():
        texts = {"body": str(row["body"])}
    return texts


def description_of(row: Row) -> str:
    """The request's own description: the ``description`` field, else the first plain text field,
    else the body."""
    texts = text_fields(row)
    for name, text in texts.items():
        if _name_words(name) == ["description"]:
            return text
    for name, text in texts.items():
        if field_kind(name) == "text":
            return text
    return str(row.get("body") or "")

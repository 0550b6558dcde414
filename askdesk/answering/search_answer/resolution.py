"""How a request was resolved, from any export (:func:`resolution_detail`): a resolution field,
a labelled line, or the latest agent update that says what was done; and the latest update of
a request that is still open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from askdesk.answering.search_answer.entries import H_BRACKET, LABEL, Entry, read_entries
from askdesk.answering.search_answer.state import request_state
from askdesk.answering.search_answer.text import Row, _trim
from askdesk.answering.search_answer.text_fields import field_kind, text_fields
from askdesk.answering.search_answer.updates import entry_account


@dataclass(frozen=True)
class Resolution:
    """How a request was resolved, in its own words.

    ``kind``: ``"fix"`` (says what was done) or ``"closed"`` (closed without a recorded fix: no
    response, duplicate, cancelled, a bare "Resolved.").  ``source``: the text field it came from.
    """

    text: str
    kind: str
    source: str


def _from_log(text: str, row: Row, *, source: str, default_role: str, agents_only: bool,
              one_note: bool = False) -> Resolution | None:
    entries = read_entries(text, people=row.get("people") or {}, default_role=default_role, one_note=one_note)
    if not entries:
        return None
    labelled = [e for e in entries if e.label]
    if labelled:
        return Resolution(_trim(labelled[-1].text), "fix", source)
    closed: Resolution | None = None
    roles_known = any(e.role != "unknown" for e in entries)
    for entry in reversed(entries):
        kind, account = entry_account(entry)
        if entry.role == "requester" or (agents_only and roles_known and entry.role != "agent"):
            # the requester's own words never count as the fix, but say why a request was closed
            # ("Please cancel - raised by mistake.")
            if kind == "closed" and closed is None and entry.role == "requester":
                closed = Resolution(_trim(account), "closed", source)
            continue
        if kind == "fix":
            return Resolution(_trim(account), "fix", source)
        if kind == "closed" and closed is None:
            closed = Resolution(_trim(account), "closed", source)
    return closed


def resolution_detail(row: Row) -> Resolution | None:
    """How a request was resolved, from any export, in order:

    1. a text field whose name says so (``close_notes``, ``Resolution``, ``resolution_notes``,
       ``fix``, ``solution``, ``workaround`` …);
    2. a labelled line in any text ("Resolution: …", "Close notes: …", "Fix: …", "Workaround: …");
    3. for requests that are not open: the latest agent update in work notes, then in the
       comments ("[2026-10-01 10:00] Agent: …", ServiceNow journal entries, "Agent: …"; the
       requester's lines, acknowledgements, questions and escalations are skipped);

    trimmed to a sentence or two of its exact words.  None when nothing says how.
    """
    texts = text_fields(row)
    for name, text in texts.items():
        if field_kind(name) == "resolution":
            found = _from_log(text, row, source=name, default_role="agent", agents_only=False, one_note=True)
            if found is not None and found.kind == "fix":
                return found
            if found is not None and text.strip():
                return found
    for name, text in texts.items():
        for line in reversed(text.splitlines()):
            m = LABEL.match(line) or LABEL.match(H_BRACKET.sub(r"\g<text>", line))
            if m:
                return Resolution(_trim(m.group("text")), "fix", name)
    state = request_state(row)
    if state == "open":
        return None
    closed: Resolution | None = None
    for kinds, role, agents_only in ((("agent_log",), "agent", False), (("log",), "unknown", True)):
        for name, text in texts.items():
            if field_kind(name) not in kinds:
                continue
            found = _from_log(text, row, source=name, default_role=role, agents_only=agents_only)
            if found is not None and found.kind == "fix":
                return found
            closed = closed or found
    return closed


def resolution_of(row: Row) -> str | None:
    """How a request was resolved, in a sentence or two of its own words (see
    :func:`resolution_detail`); None when nothing says how."""
    found = resolution_detail(row)
    return found.text if found else None


@dataclass(frozen=True)
class Update:
    text: str
    role: str
    when: datetime | None


def latest_update(row: Row) -> Update | None:
    """The latest entry in the request's comments / work notes (anyone's), trimmed."""
    best: Entry | None = None
    for name, text in text_fields(row).items():
        kind = field_kind(name)
        if kind not in ("log", "agent_log"):
            continue
        role = "agent" if kind == "agent_log" else "unknown"
        entries = read_entries(text, people=row.get("people") or {}, default_role=role)
        if not entries:
            continue
        last = entries[-1]
        if best is None or (last.when is not None and (best.when is None or last.when > best.when)):
            best = last
    if best is None:
        return None
    return Update(_trim(best.text, 2, 200), best.role, best.when)

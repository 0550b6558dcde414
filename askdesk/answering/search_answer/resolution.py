"""How a request was resolved, from any export: field kinds by the words in their names, request
state, log entries (comments / work notes in several formats), the resolution and the latest
update, and what the LLM sees of a request (:func:`context_for`)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from askdesk.answering.search_answer.text import Row, _cut, _name_words, _sentences, _squash, _trim

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


def _texts(row: Row) -> dict[str, str]:
    texts = {str(k): str(v) for k, v in (row.get("texts") or {}).items() if v and str(v).strip()}
    if not texts and (row.get("body") or "").strip():
        texts = {"body": str(row["body"])}
    return texts


def _description(row: Row) -> str:
    """The request's own description: the ``description`` field, else the first plain text field,
    else the body."""
    texts = _texts(row)
    for name, text in texts.items():
        if _name_words(name) == ["description"]:
            return text
    for name, text in texts.items():
        if field_kind(name) == "text":
            return text
    return str(row.get("body") or "")


# =============================================================================== request state
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


# =============================================================================== log entries
@dataclass(frozen=True)
class _Entry:
    text: str
    role: str  # "agent" | "requester" | "unknown"
    when: datetime | None
    order: int
    label: str = ""  # "Resolution" when the entry starts "Resolution: …"


_TS = r"\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?Z?"
_AGENT_WORDS = frozenset({
    "agent", "agents", "technician", "tech", "support", "analyst", "engineer", "helpdesk", "help desk",
    "service desk", "servicedesk", "desk", "admin", "administrator", "it", "it support", "resolver", "assignee",
    "operator", "staff", "system", "automation", "bot", "work notes", "work note", "l1", "l2", "l3",
})
_REQUESTER_WORDS = frozenset({
    "requester", "requestor", "caller", "user", "end user", "customer", "employee", "reporter", "client",
    "submitter", "opened by", "raised by",
})
_ROLE_WORDS = "|".join(sorted((re.escape(w) for w in _AGENT_WORDS | _REQUESTER_WORDS), key=len, reverse=True))
_PSEUDONYM = r"person_[0-9a-f]{4,}"
# "[2026-10-01 10:00] Agent: text" (the bundled sample) and "[…] person_1a2b3c4d: text"
_H_BRACKET = re.compile(r"^\s*\[(?P<ts>[^\]]{4,40})\]\s*(?P<author>[^:\n]{1,60}?)\s*:\s*(?P<text>.*)$")
# "2026-10-01 10:00:00 - person_1a2b3c4d (Work notes)" on its own line (ServiceNow journals)
_H_JOURNAL = re.compile(
    rf"^\s*(?P<ts>{_TS})\s*[-–|]?\s*(?P<author>[^()\n]{{0,60}}?)\s*\((?P<kind>[^()\n]{{2,40}})\)\s*:?\s*(?P<text>.*)$")
# "2026-10-01 10:00 Agent: text" / "2026-10-01 10:00 - person_ab12cd34: text"
_H_STAMPED = re.compile(
    rf"^\s*(?P<ts>{_TS})\s*[-–|,]?\s*(?P<author>{_ROLE_WORDS}|{_PSEUDONYM})\s*:\s*(?P<text>.*)$", re.IGNORECASE)
# "Agent: text" / "Agent (2026-10-01 10:00): text" / "person_ab12cd34 - 2026-10-01: text"
_H_ROLE = re.compile(
    rf"^\s*(?P<author>{_ROLE_WORDS}|{_PSEUDONYM})\s*(?:\((?P<ts>[^)\n]{{4,40}})\)|[-–]\s*(?P<ts2>{_TS}))?"
    r"\s*:\s*(?P<text>.*)$", re.IGNORECASE)
_LABEL = re.compile(
    r"^\s*(?P<label>resolution(?:\s+notes?)?|close(?:d)?\s+notes?|closure(?:\s+notes?)?|closing\s+notes?|fix(?:ed)?|"
    r"solution|solved|workaround|resolved|root\s+cause\s+and\s+fix)\s*:\s*(?P<text>\S.*)$",
    re.IGNORECASE,
)
_TS_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d")


def _parse_ts(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip().rstrip("Z").split(".")[0]
    for fmt in _TS_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


def _role(author: str, kind: str, people: Mapping[str, Any], default: str) -> str:
    a = _squash(author).lower()
    k = _squash(kind).lower()
    if "work note" in k or "internal" in k:
        return "agent"
    if a:
        for key, value in people.items():
            if isinstance(value, str) and value and value.lower() == a:
                key_words = set(_name_words(key))
                if key_words & {"requester", "requestor", "caller", "reporter", "customer", "user", "opened"}:
                    return "requester"
                if key_words & {"assignee", "agent", "technician", "resolver", "assigned", "resolved", "closed"}:
                    return "agent"
        if a in _AGENT_WORDS or a.split()[0] in {"agent", "technician", "support", "analyst", "engineer"}:
            return "agent"
        if a in _REQUESTER_WORDS or a.split()[0] in {"requester", "requestor", "caller", "customer", "user"}:
            return "requester"
    return default


def _entries(text: str, *, people: Mapping[str, Any], default_role: str, one_note: bool = False) -> list[_Entry]:
    """A comments/work-notes field as entries, oldest first when they are all time-stamped (some
    exports list the newest first), else in the order written.  Lines without an entry header
    continue the previous entry; a field with no headers at all is one entry per line (or, with
    ``one_note``, as for close notes, a single entry)."""
    raw: list[dict[str, Any]] = []
    plain: list[str] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        m = _H_BRACKET.match(line) or _H_JOURNAL.match(line) or _H_STAMPED.match(line) or _H_ROLE.match(line)
        if m is not None:
            g = m.groupdict()
            raw.append({"ts": g.get("ts") or g.get("ts2"), "author": g.get("author") or "", "kind": g.get("kind") or "",
                        "lines": [g["text"]] if g.get("text") else []})
        elif raw:
            raw[-1]["lines"].append(line)
        else:
            plain.append(line)
    if not raw:
        chunks = [plain] if one_note else [[line] for line in plain]
        raw = [{"ts": None, "author": "", "kind": "", "lines": chunk} for chunk in chunks if chunk]
    elif plain:  # text before the first header: an entry of its own
        raw.insert(0, {"ts": None, "author": "", "kind": "", "lines": plain})
    out: list[_Entry] = []
    for i, r in enumerate(raw):
        body = _squash(" ".join(r["lines"]))
        if not body:
            continue
        label = ""
        lm = _LABEL.match(body)
        if lm:
            label, body = lm.group("label"), lm.group("text")
        out.append(_Entry(body, _role(r["author"], r["kind"], people, default_role), _parse_ts(r["ts"]), i, label))
    if out and all(e.when is not None for e in out):
        out.sort(key=lambda e: (e.when, e.order))
    return out


# =============================================================================== what an update says
_ACK = re.compile(
    r"\b(?:looking into|look into|looked into it|picked (?:this |it )?up|pick (?:this|it) up|taken ownership|"
    r"take ownership|"
    r"assigned (?:this )?to (?:myself|me)|investigating|checking (?:now|this)|will (?:update|come back|get back|"
    r"follow up|check|look)|i'll be handling|i will be handling|handling this|acknowledged|first look|on it\b|"
    r"thanks for (?:raising|the (?:ticket|details|request|report))|received your request|we have received)",
    re.IGNORECASE)
_PROGRESS = re.compile(
    r"\b(?:escalat\w*|passing (?:this )?to|passed to|re-?assigned to|moved to\b.{0,40}\b(?:queue|team)|"
    r"transferred to|on hold|"
    r"waiting (?:for|on)|awaiting|parked|^pending|will be (?:done|scheduled))\b", re.IGNORECASE)
# the agent trying to reach someone, or asking for something ("We need that before we can grant it.")
_CONTACT = re.compile(
    r"\b(?:tried (?:calling|to call|to reach|to contact)|left (?:a |you a )?voicemail|no answer|sent the details to|"
    r"(?:I've |I have )?copied .{0,60} as requested|\bin copy\b|\bcc'?d\b|"
    r"(?:we|I)(?:'ll| will)? need (?:that|this|it|your|the|a)\b|"
    r"before (?:we|I) can\b|could you|can you|please (?:send|confirm|attach|provide|share|let me know))", re.IGNORECASE)
_NO_FIX_CLOSE = re.compile(
    r"\b(?:no response|not heard back|haven't heard back|have not heard back|no reply|auto-?\s?closed|"
    r"closing (?:this|the ticket|the request)? ?(?:as|due to|because)|duplicate of|^cancel+(?:ed|ing)\b|"
    r"cancel+(?:ed|ing) (?:the|this) (?:duplicate|request|ticket)|duplicate cancel+ed|cancel+ed at the|raised twice|"
    r"raised by mistake|not needed|no longer (?:needed|required)|sorted itself out|colleague helped|please cancel|"
    r"you can close this)\b", re.IGNORECASE)
_GENERIC_DONE = re.compile(
    r"^(?:this (?:is|has been) |request |ticket )?"
    r"(?:resolved|done|completed?|closed|closing|fixed|sorted|actioned|finished)"
    r"(?:[\s,.;:!–-]+(?:(?:and )?(?:closing|closed)(?: (?:the|this) (?:request|ticket))?|as requested|now))?[\s.!]*$",
    re.IGNORECASE)
_BOILERPLATE_TAIL = re.compile(
    r"[\s,;:–-]*(?:\b(?:please|pls|kindly)\s+)?\b(?:let us know|raise a new (?:request|ticket)|reopen|reply to reopen|"
    r"contact us|get in touch|feel free to)\b.*$", re.IGNORECASE)
_THANKS = re.compile(
    r"^(?:thanks|thank you|thx|cheers|great|perfect|brilliant|awesome|all good|confirmed working|"
    r"that (?:fixed|worked|sorted)|"
    r"works now|working now|much appreciated)\b", re.IGNORECASE)
_REQUESTER_VOICE = re.compile(
    r"\b(?:I can't|I cannot|I'm still|I still|my (?:laptop|pc|phone|account|vpn|screen|badge)|"
    r"still (?:happening|broken|not working)|any update|is anyone)\b", re.IGNORECASE)


def _sentence_kind(sentence: str) -> str:
    """``fix`` (says what was done), ``closed`` (closed without a fix), ``generic`` (just
    "Resolved."/"Done."), ``progress`` (escalated, on hold, waiting), ``ack``, ``question``,
    ``thanks`` or ``empty``."""
    s = sentence.strip()
    if not s:
        return "empty"
    if s.endswith("?"):
        return "question"
    if _NO_FIX_CLOSE.search(s):
        return "closed"
    core = _BOILERPLATE_TAIL.sub("", s).strip(" ,;:–-")
    if not core:
        return "empty"
    if _GENERIC_DONE.match(core):
        return "generic"
    if _THANKS.match(core) and len(core.split()) <= 8:
        return "thanks"
    if _ACK.search(core):
        return "ack"
    if _CONTACT.search(core):
        return "contact"
    if _PROGRESS.search(core):
        return "progress"
    return "fix"


def _entry_account(entry: _Entry) -> tuple[str, str]:
    """(kind, text) of an update: its fix sentences if it has any (acknowledgements, questions and
    "let us know" tails dropped), else its closing words, else its whole first sentences."""
    if entry.label:
        return "fix", entry.text
    sentences = _sentences(entry.text)
    kinds = [_sentence_kind(s) for s in sentences]
    if "question" in kinds:  # what follows a question explains it ("It's on a sticker under the laptop.")
        cut = kinds.index("question") + 1
        sentences, kinds = sentences[:cut], kinds[:cut]
    if "fix" in kinds:
        if entry.role == "unknown" and _REQUESTER_VOICE.search(entry.text):
            return "requester", entry.text
        picked = [_BOILERPLATE_TAIL.sub("", s).rstrip(" ,;:–-") or s for s, k in zip(sentences, kinds) if k == "fix"]
        return "fix", " ".join(p if p[-1:] in ".!?…" else p + "." for p in picked)
    if "closed" in kinds or "generic" in kinds:
        # "Resolved - please let us know if anything else comes up." -> "Resolved."
        picked = [_BOILERPLATE_TAIL.sub("", s).rstrip(" ,;:–-") or s for s, k in zip(sentences, kinds)
                  if k in ("closed", "generic")]
        return "closed", " ".join(p if p[-1:] in ".!?…" else p + "." for p in picked)
    order = ("progress", "question", "contact", "ack", "thanks")
    kind = next((k for k in order if k in kinds), "empty")
    return kind, entry.text


# =============================================================================== resolution
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
    entries = _entries(text, people=row.get("people") or {}, default_role=default_role, one_note=one_note)
    if not entries:
        return None
    labelled = [e for e in entries if e.label]
    if labelled:
        return Resolution(_trim(labelled[-1].text), "fix", source)
    closed: Resolution | None = None
    roles_known = any(e.role != "unknown" for e in entries)
    for entry in reversed(entries):
        kind, account = _entry_account(entry)
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
    texts = _texts(row)
    for name, text in texts.items():
        if field_kind(name) == "resolution":
            found = _from_log(text, row, source=name, default_role="agent", agents_only=False, one_note=True)
            if found is not None and found.kind == "fix":
                return found
            if found is not None and text.strip():
                return found
    for name, text in texts.items():
        for line in reversed(text.splitlines()):
            m = _LABEL.match(line) or _LABEL.match(_H_BRACKET.sub(r"\g<text>", line))
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
    best: _Entry | None = None
    for name, text in _texts(row).items():
        kind = field_kind(name)
        if kind not in ("log", "agent_log"):
            continue
        role = "agent" if kind == "agent_log" else "unknown"
        entries = _entries(text, people=row.get("people") or {}, default_role=role)
        if not entries:
            continue
        last = entries[-1]
        if best is None or (last.when is not None and (best.when is None or last.when > best.when)):
            best = last
    if best is None:
        return None
    return Update(_trim(best.text, 2, 200), best.role, best.when)


def context_for(row: Row, max_chars: int = 450) -> str:
    """What the LLM should see of a request (``ContextItem.text``), for any export: the start of
    its description, then "Resolution: …" (:func:`resolution_detail`; "Closed without a recorded
    fix: …" when it records none) or "Not resolved yet; latest update: …", within ``max_chars``."""
    res = resolution_detail(row)
    state = request_state(row)
    tail = ""
    if res is not None:
        label = "Resolution" if res.kind == "fix" else (
            "Cancelled" if state == "cancelled" else "Closed without a recorded fix")
        tail = f"{label}: {_cut(res.text, max_chars // 2)}"
    elif state == "open":
        update = latest_update(row)
        tail = "Not resolved yet" + (f"; latest update: {_cut(update.text, max_chars // 2)}" if update else ".")
    budget = max(40, max_chars - len(tail) - 1)
    sentences = _sentences(_description(row))
    description = ""
    for sentence in sentences:  # whole sentences while they fit, else a cut one
        candidate = f"{description} {sentence}".strip()
        if len(candidate) > budget:
            description = description or _cut(sentence, budget)
            break
        description = candidate
    return description + (f"\n{tail}" if tail else "")



"""Log entries of a comments / work-notes field, in the formats exports write them: bracketed or
journal time stamps, "Agent: …" lines, pseudonymised authors; who wrote each (agent or
requester), when, and a "Resolution: …" label."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from askdesk.answering.search_answer.text import _name_words, _squash


@dataclass(frozen=True)
class Entry:
    """One entry of a log field: its text, who wrote it, when, and its place in the field."""

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
H_BRACKET = re.compile(r"^\s*\[(?P<ts>[^\]]{4,40})\]\s*(?P<author>[^:\n]{1,60}?)\s*:\s*(?P<text>.*)$")
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
LABEL = re.compile(
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


def read_entries(text: str, *, people: Mapping[str, Any], default_role: str, one_note: bool = False) -> list[Entry]:
    """A comments/work-notes field as entries, oldest first when they are all time-stamped (some
    exports list the newest first), else in the order written.  Lines without an entry header
    continue the previous entry; a field with no headers at all is one entry per line (or, with
    ``one_note``, as for close notes, a single entry)."""
    raw: list[dict[str, Any]] = []
    plain: list[str] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        m = H_BRACKET.match(line) or _H_JOURNAL.match(line) or _H_STAMPED.match(line) or _H_ROLE.match(line)
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
    out: list[Entry] = []
    for i, r in enumerate(raw):
        body = _squash(" ".join(r["lines"]))
        if not body:
            continue
        label = ""
        lm = LABEL.match(body)
        if lm:
            label, body = lm.group("label"), lm.group("text")
        out.append(Entry(body, _role(r["author"], r["kind"], people, default_role), _parse_ts(r["ts"]), i, label))
    if out and all(e.when is not None for e in out):
        out.sort(key=lambda e: (e.when, e.order))
    return out

"""The extractive answer: the matching requests with status and resolution, same-issue requests
grouped, the fix first when the question asks how something was fixed."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from askdesk.answering.retrieve import Hit

from askdesk.answering.ids import shown_id
from askdesk.answering.search_answer.grouping import group_same_issue
from askdesk.answering.search_answer.resolution import Resolution, latest_update, resolution_detail
from askdesk.answering.search_answer.state import request_state
from askdesk.answering.search_answer.text import Row, _cut, _squash

#: a request's state ("resolved", "cancelled", "open", "unknown") from its row
StateOf = Callable[[Row], str]

_FIX_VERB = (r"(?:fix|fixes|fixed|fixing|solve[sd]?|solving|resolve[sd]?|resolving|sort(?:ed)?|sorting|repair(?:ed)?|"
             r"deal(?:t)? with|handle[sd]?|address(?:ed)?|work(?:ed)? around|get (?:it|this|that|them) working|"
             r"got (?:it|this|that|them) working|get rid of|got rid of|stop(?:ped)? (?:it|this|that)|cure[sd]?)")
_FIX_QUESTION = re.compile(
    "|".join((
        rf"\bhow\b(?!\s+(?:many|much|long|often|soon|quickly|fast|old|big)\b)[^?.!]{{0,80}}?\b{_FIX_VERB}\b",
        (r"\bwhat\b[^?.!]{0,40}?\b(?:did|do|does|should|can|could|would)\s+(?:we|you|they|it|IT|someone|the\s+(?:desk|"
        r"helpdesk|service\s+desk|team|agents?|support))\s+do\b"),
        r"\blast\s+time\b",
        r"\bwork[-\s]?arounds?\b",
        r"\b(?:fix|fixes|solution|solutions|remedy|resolution|cure)\s+(?:for|to|of)\b",
        r"\bwhat\s+(?:was|is|were|are|'s)\s+the\s+(?:fix|solution|resolution|remedy|answer)\b",
        r"\bwhat's\s+the\s+(?:fix|solution|resolution|remedy)\b",
        r"\bwhat\s+(?:fixed|solved|resolved|sorted|worked|helped)\b",
        r"\b(?:any|a|the|known)\s+(?:fix|solution|workaround)\b",
        r"\b(?:steps|way)\s+to\s+(?:fix|solve|resolve)\b",
    )),
    re.IGNORECASE,
)
_RECENT = re.compile(r"\b(?:last\s+time|most\s+recent(?:ly)?|latest|recently|this\s+time)\b", re.IGNORECASE)


def asks_for_fix(question: str) -> bool:
    """Whether the question asks how something was fixed: "how was X fixed/solved/resolved",
    "how do I fix …", "what did we do last time", "is there a workaround", "fix for …", "what was
    the solution" … ("how many were resolved" and "is REQ-1 resolved?" are not)."""
    return bool(_FIX_QUESTION.search(question or ""))


# =============================================================================== the extractive answer
@dataclass(frozen=True)
class ExtractiveAnswer:
    """The code-written part of a search answer.  ``cited_ids``: every request it shows, in
    order; ``groups``: their ids grouped by issue; ``fix_id``: the request whose fix leads
    (questions asking for a fix), if any."""

    text: str
    cited_ids: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    fix_id: str | None = None


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _id_list(ids: Sequence[str]) -> str:
    ids = [shown_id(i) for i in ids]
    if len(ids) == 1:
        return ids[0]
    if len(ids) <= 3:
        return ", ".join(ids[:-1]) + " and " + ids[-1]
    return f"{ids[0]}, {ids[1]} and {len(ids) - 2} more"


def _row_of(hit: Hit, rows: Mapping[str, Row]) -> Row:
    row = rows.get(hit.request_id)
    if row is not None:
        return row
    meta = hit.metadata or {}
    return {"request_id": hit.request_id, "title": meta.get("title") or "", "status": meta.get("status"),
            "texts": {}, "body": hit.text or "", "resolved_at": meta.get("resolved_at"), "people": {}}


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    return str(value or "")[:10]


def _status_text(rows: Sequence[Row], state_of: StateOf) -> str:
    if len(rows) == 1:
        row = rows[0]
        status = _squash(row.get("status")) or "no status"
        if row.get("resolved_at") and state_of(row) == "resolved":
            return f"{status}, resolved {_day(row['resolved_at'])}"
        return status
    counts: dict[str, int] = {}
    for row in rows:
        status = _squash(row.get("status")) or "no status"
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{n} {s}" for s, n in counts.items())


def _account(rows: Sequence[tuple[str, Row]], *, skip_fix_of: str | None, state_of: StateOf) -> str:
    """How a group was resolved: the fix of its first member that records one, else its first
    closing words, else its first member's latest update."""
    details = [(rid, row, resolution_detail(row)) for rid, row in rows]
    prefix = (lambda rid: f" ({shown_id(rid)})") if len(rows) > 1 else (lambda rid: "")
    for rid, _row, res in details:
        if res is not None and res.kind == "fix":
            if rid == skip_fix_of:
                return f"Fixed{prefix(rid)}: see above."
            return f"Fixed{prefix(rid)}: {res.text}"
    for rid, row, res in details:
        if res is not None:
            word = "Cancelled" if state_of(row) == "cancelled" else "Closed without a recorded fix"
            return f"{word}{prefix(rid)}: “{res.text}”"
    rid, row, _res = details[0]
    update = latest_update(row)
    state = state_of(row)
    if state in ("resolved", "cancelled"):
        if update is None:
            return "No resolution recorded."
        return f"No resolution recorded; latest update{prefix(rid)}: {update.text}"
    if update is None:
        return "Not resolved yet; no updates."
    who = "" if update.role == "unknown" else update.role
    when = update.when.strftime("%Y-%m-%d") if update.when else ""
    meta = ", ".join(p for p in (who, when) if p)
    return f"Not resolved yet; latest update{prefix(rid)}{f' ({meta})' if meta else ''}: {update.text}"


def _best_fix(hits: Sequence[Hit], groups: Sequence[Sequence[Hit]], rows: Mapping[str, Row], question: str,
              state_of: StateOf) -> tuple[str, Row, Resolution] | None:
    """The fix to lead with: the highest-ranked resolved match that records one; for "last
    time" / "most recently", the most recently resolved match of that one's issue group (never a
    recent fix of a less relevant issue)."""
    rank = {h.request_id: i for i, h in reversed(list(enumerate(hits)))}
    found: list[tuple[int, int, str, Row, Resolution]] = []
    for gi, group in enumerate(groups):
        for hit in group:
            row = _row_of(hit, rows)
            res = resolution_detail(row)
            if res is not None and res.kind == "fix" and state_of(row) != "open":
                found.append((rank[hit.request_id], gi, hit.request_id, row, res))
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    best = found[0]
    if _RECENT.search(question or ""):
        def when(item: tuple[int, int, str, Row, Resolution]) -> str:
            row = item[3]
            value = row.get("resolved_at") or row.get("updated_at") or row.get("created_at")
            return value.isoformat() if isinstance(value, datetime) else str(value or "")

        best = max((f for f in found if f[1] == best[1]), key=when)  # max keeps the best-ranked of equal dates
    return best[2], best[3], best[4]


def compose_extractive(
    question: str, hits: Sequence[Hit], rows: Mapping[str, Row], *, asks_fix: bool,
    state_of: StateOf = request_state, among: str = "",
) -> ExtractiveAnswer:
    """The matching requests with id, title, status and how each was resolved (or "Not resolved
    yet; latest update …"), requests about the same issue on one line ("REQ-1, REQ-7 and 3
    more: …"); with ``asks_fix``, the best resolved match's fix first.  Plain text, one line per
    issue (fine in Slack mrkdwn and a terminal), deterministic.

    ``question`` only chooses which fix leads: "last time"/"most recently" prefers the most
    recently resolved match over the best-ranked one.  ``among``: which requests were searched,
    when the answer must say so ("the requests you raised")."""
    groups = group_same_issue(hits, rows)
    lines: list[str] = []
    fix_id: str | None = None
    if asks_fix:
        best = _best_fix(hits, groups, rows, question, state_of)
        if best is None:
            lines.append("None of the matching requests records a fix yet.")
        else:
            fix_id, row, res = best
            lines.append(f"What fixed it in {shown_id(fix_id)} ({_cut(str(row.get('title') or ''), 80)}): {res.text}")
        lines.append("")
    n = len(hits)
    head = f"I found {_plural(n, 'matching request')}" + (f" among {among}" if among else "")
    if len(groups) < n:
        head += f" about {_plural(len(groups), 'issue')}"
    lines.append(head + ":" if n else "I found no matching requests.")
    for group in groups:
        members = [(h.request_id, _row_of(h, rows)) for h in group]
        ids = [rid for rid, _ in members]
        title = _cut(str(members[0][1].get("title") or "(no title)"), 90)
        status = _status_text([row for _, row in members], state_of)
        account = _account(members, skip_fix_of=fix_id, state_of=state_of)
        lines.append(_cut(f"• {_id_list(ids)}: {title} ({status}). {account}", 400))
    return ExtractiveAnswer(
        text="\n".join(lines),
        cited_ids=tuple(h.request_id for g in groups for h in g),
        groups=tuple(tuple(h.request_id for h in g) for g in groups),
        fix_id=fix_id,
    )



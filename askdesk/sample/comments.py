"""A request's comment history: 0-4 comments that fit its status, stamped in order."""

from __future__ import annotations

from .categories import Sub
from .phrases import (
    ACK,
    C_CANCEL_A,
    C_CANCEL_R,
    C_CHASE,
    C_ESCALATE,
    C_HOLD_GEN,
    C_HOLD_IT,
    C_NORESP,
    C_PENDING,
    C_RESOLVED_GEN,
    C_THANKS,
    P,
)
from .text import RowBuilder
from .timeline import DAY, fmt_min, work_time


def comments(b: RowBuilder, rnd, sub: Sub, resolutions, status: str, group: str, created: int, updated: int,
             resolved: int | None, asked: int | None, pii_kinds: list[str]) -> str | None:
    """0-4 comments that fit the status, stamped between CreatedAt and UpdatedAt, in order.

    Each event is (author, pool, is_pii): one template is drawn from ``pool``; PII pools hold
    (template, pii_slots) entries whose values are recorded.
    """
    pre: list = []
    final = None
    post: list = []

    infos = sub.infos

    def question(with_reply: bool) -> None:
        q, replies = infos[int(rnd() * len(infos))]
        pre.append(("Agent", (q,), False))
        if with_reply:
            pre.append(("Requester", replies, False))

    escalate = group != "Service Desk" and "Service Desk" in sub.groups and rnd() < 0.3
    if status == "New":
        if rnd() < 0.1:
            pre.append(("Requester", C_CHASE, False))
    elif status == "Open":
        r = rnd()
        if r < 0.4:
            pre.append(("Agent", ACK, True))
        elif r < 0.6:
            question(False)
    elif status == "In Progress":
        pre.append(("Agent", ACK, True))
        if rnd() < 0.5:
            question(True)
        if escalate:
            pre.append(("Agent", C_ESCALATE, False))
    elif status == "Pending":
        if rnd() < 0.5:
            pre.append(("Agent", ACK, True))
        if rnd() < 0.6:
            question(False)
        else:
            pre.append(("Agent", C_PENDING, False))
    elif status == "On Hold":
        if rnd() < 0.6:
            pre.append(("Agent", ACK, True))
        if escalate:
            pre.append(("Agent", C_ESCALATE, False))
        pre.append(("Agent", C_HOLD_IT if sub.is_it else C_HOLD_GEN, False))
    elif status in ("Resolved", "Closed"):
        if asked is not None:
            question(False)
            final = ("Agent", C_NORESP, False)
        else:
            if rnd() < 0.55:
                pre.append(("Agent", ACK, True))
            if rnd() < 0.35:
                question(True)
            if escalate and rnd() < 0.5:
                pre.append(("Agent", C_ESCALATE, False))
            final = ("Agent", resolutions if resolutions and rnd() < 0.85 else C_RESOLVED_GEN, False)
            assert resolved is not None  # Resolved and Closed requests have a ResolvedAt
            if updated - resolved > 300 and rnd() < 0.3:
                post.append(("Requester", C_THANKS, False))
    elif status == "Cancelled":
        r = rnd()
        if r < 0.45:
            final = ("Requester", C_CANCEL_R, False)
        elif r < 0.8:
            final = ("Agent", C_CANCEL_A, False)

    # PII mentions that were chosen to go into the comments
    for kind in pii_kinds:
        event = ("Agent", P["c_agent_" + kind], True) if rnd() < 0.4 else ("Requester", P["c_req_" + kind], True)
        pre.insert(int(rnd() * (len(pre) + 1)) if asked is None else 0, event)

    room = 4 - (final is not None) - len(post)
    if len(pre) > room:
        del pre[room:]
    if not pre and final is None and not post:
        return None

    # timestamps: pre events spread (sorted) over [created, end], then the final and post events
    if asked is not None:
        end = asked
    else:
        end = resolved if resolved is not None else updated
    if end - created > DAY:
        times = sorted([work_time(rnd, created, end) for _ in pre])
    else:
        span = end - created
        times = sorted([created + int(span * rnd()) for _ in pre])
    if pre and (asked is not None or (final is None and resolved is None)):
        times[-1] = end  # the question / the last comment is the last update
    out = [f"[{fmt_min(ts)}] {author}: {b.render(rnd, pool, is_pii)}" for (author, pool, is_pii), ts in zip(pre, times)]
    if final is not None:
        ts = resolved if resolved is not None else updated
        out.append(f"[{fmt_min(ts)}] {final[0]}: {b.render(rnd, final[1], final[2])}")
    for author, pool, is_pii in post:
        assert resolved is not None  # only resolved requests get a comment after the resolution
        ts = resolved + int((updated - resolved) * rnd())
        out.append(f"[{fmt_min(ts)}] {author}: {b.render(rnd, pool, is_pii)}")
    return "\n".join(out)

"""Rows: one request from the row's random stream, and the streaming public API.

Rows come in blocks of :data:`_BLOCK` that share one ``random.Random`` stream seeded from
``(seed, block)``, consumed in row order, so row ``i`` depends only on ``(seed, i)``.
"""

from __future__ import annotations

import hashlib
import random
from bisect import bisect
from collections.abc import Iterator

from .categories import CAT_CUM, CAT_NAMES, CAT_PRIO_CUM, SUBS, Sub
from .comments import comments
from .description import description
from .draws import cum
from .people import SITE_INFO, Employee, directory
from .phrases import TITLE_LEAVER, TITLE_NEWSTARTER
from .schema import CHANNELS, PRIORITIES, SampleRequest
from .slots import Slots
from .text import RowBuilder, cap
from .timeline import fmt_ts, status_and_dates

_CHANNEL_CUM = cum((40, 30, 13, 12, 5))  # CHANNELS order


def _make_row(i: int, rng: random.Random, employees, agents, contexts) -> SampleRequest:
    rnd = rng.random

    category = CAT_NAMES[bisect(CAT_CUM, rnd() * CAT_CUM[-1])]
    subs, sub_cum = SUBS[category]
    sub: Sub = subs[bisect(sub_cum, rnd() * sub_cum[-1])]
    issue = sub.issues[int(rnd() * len(sub.issues))]
    issue_titles, _symptoms, issue_resolutions = issue[:3]
    k = int(rnd() * len(employees))
    req: Employee = employees[k]
    slot_base, pii_base = contexts[k]
    site = SITE_INFO[req.site]
    channel = CHANNELS[bisect(_CHANNEL_CUM, rnd() * _CHANNEL_CUM[-1])]
    prio_cum = CAT_PRIO_CUM[category]
    prio_idx = bisect(prio_cum, rnd() * prio_cum[-1])
    if sub.priority_bump and prio_idx > 0 and rnd() < 0.3:
        prio_idx -= 1
    priority = PRIORITIES[prio_idx]

    status, created, updated, resolved, asked = status_and_dates(rnd, site.utc_offset, priority)

    # --- assignment ------------------------------------------------------------------------
    group = sub.groups[bisect(sub.group_cum, rnd() * sub.group_cum[-1])]
    agent = None if status == "New" else agents[group][int(rnd() * len(agents[group]))]

    slots = Slots(slot_base)
    slots.rng = rng
    slots.pools = sub.pools
    slots.row_index = i
    slots.requester = req
    slots.employees = employees
    slots._other = None
    slots["group"] = group
    pii = list(pii_base)
    if agent is not None:
        slots["agent"] = agent.name
        pii.append(("PERSON", agent.name))
    b = RowBuilder(slots, pii)

    # --- title -----------------------------------------------------------------------------
    if sub.newstarter and rnd() < 0.2:
        title = b.pii_text(TITLE_NEWSTARTER[int(rnd() * len(TITLE_NEWSTARTER))])
    elif sub.leaver and rnd() < 0.2:
        title = b.pii_text(TITLE_LEAVER[0])
    else:
        title = cap(b.plain(issue_titles[int(rnd() * len(issue_titles))]))
        r = rnd()
        if r < 0.06:
            title = title.lower()
        elif r < 0.09:
            title = "URGENT: " + title
        elif r < 0.12:
            title = "RE: " + title

    text, pii_in_comments = description(b, rng, sub, issue, status, channel)
    history = comments(b, rnd, sub, issue_resolutions, status, group, created, updated, resolved, asked,
                       pii_in_comments)

    # --- location --------------------------------------------------------------------------
    location = req.site
    if category == "Facilities" and location == "Remote":
        location = "London HQ"
    r = rnd()
    if location != "Remote" and (r < 0.12 or (category == "Facilities" and r < 0.45)):
        if location == "London HQ" and rnd() < 0.5:
            location = f"Floor {1 + int(rnd() * 7)} - Building {'ABC'[int(rnd() * 3)]}"
        else:
            location = f"{location} - Floor {1 + int(rnd() * 7)}"

    row = {
        "RequestID": f"REQ-{100000 + i}",
        "Title": title,
        "Description": text,
        "Comments": history,
        "Status": status,
        "Category": category,
        "Subcategory": sub.name,
        "Priority": priority,
        "AssignmentGroup": group,
        "Location": location,
        "Channel": channel,
        "RequesterName": req.name,
        "RequesterEmail": req.email,
        "RequesterPhone": req.phone,
        "EmployeeNumber": req.employee_number,
        "AssigneeName": agent.name if agent is not None else None,
        "CreatedAt": fmt_ts(created),
        "UpdatedAt": fmt_ts(updated),
        "ResolvedAt": fmt_ts(resolved) if resolved is not None else None,
    }
    return SampleRequest(row, tuple(dict.fromkeys(pii)))


# _random.Random.seed: what random.Random(int) does, minus overhead
_C_SEED = random.Random.__mro__[1].seed  # type: ignore[attr-defined]
#: Rows are drawn in blocks: rows [k*_BLOCK, (k+1)*_BLOCK) share one random stream seeded from
#: (seed, k), consumed in row order. Row i therefore depends only on (seed, i) -- never on n --
#: and seeding (the costliest single step) is paid once per block instead of once per row.
_BLOCK = 32


def _block_key_base(seed: int) -> int:
    """Block ``k`` of ``seed`` draws from ``random.Random(_block_key_base(seed) + k)``."""
    digest = hashlib.sha256(f"askdesk-sample-rows:{seed}".encode()).digest()
    return int.from_bytes(digest[:16], "big") << 40  # room for 2**40 blocks per seed


def _iter_rows(start: int, stop: int, seed: int) -> Iterator[SampleRequest]:
    """Rows ``start <= i < stop`` (generated from the beginning of ``start``'s block)."""
    employees, agents, contexts = directory(seed)
    key_base = _block_key_base(seed)
    rng = random.Random(0)
    i = start - start % _BLOCK
    while i < stop:
        if i % _BLOCK == 0:
            _C_SEED(rng, key_base + i // _BLOCK)
        row = _make_row(i, rng, employees, agents, contexts)
        if i >= start:
            yield row
        i += 1


def generate_requests(n: int = 5000, seed: int = 7) -> Iterator[SampleRequest]:
    """Yield ``n`` synthetic requests, streaming (O(1) memory in ``n``).

    Row ``i`` depends only on ``(seed, i)``: the first ``k`` rows are the same for every ``n >= k``.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    return _iter_rows(0, n, seed)


def sample_request(i: int, seed: int = 7) -> SampleRequest:
    """Row ``i`` alone (the same as the ``i``-th item of :func:`generate_requests` for any ``n > i``)."""
    if i < 0:
        raise ValueError("i must be >= 0")
    return next(_iter_rows(i, i + 1, seed))

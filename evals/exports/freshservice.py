"""A fifth, blind export: a Freshservice tickets CSV of an internal IT + HR + Facilities service desk.

Generated deterministically (plain Python, seeded).  It looks like the "Export tickets" CSV of a
Freshservice account of a mid-size company (Brightwell, ~1,100 staff in seven offices) whose one
desk takes IT, HR and Facilities tickets, and shares no column names with the other exports:

* ``Ticket Id`` with **two prefixes in one export**, as Freshservice displays them: ``INC-4127``
  for incidents and ``SR-4128`` for service requests, numbered by one counter (so the number alone
  never repeats), with a few gaps (deleted spam tickets);
* ``Subject``, ``Description``, ``Resolution Note`` (the fix);
* ``Status``: Open, Pending, In Progress, Awaiting Approval, On Hold, Resolved, Closed (finished =
  Resolved, Closed; a resolved ticket is closed by automation 72 hours later, unless the
  requester closes it earlier; a few are closed without ever being resolved, so they have no
  ``Resolved Time``);
* ``Priority`` (Low, Medium, High, Urgent) from ``Urgency`` × ``Impact`` (Low, Medium, High) by the
  default priority matrix, with a few agent overrides;
* ``Type`` (Incident, Service Request), ``Source`` (Portal, Email, Phone, Chat, Walkup, MS Teams);
* a three-level category tree ``Category`` > ``Sub-Category`` > ``Item`` (Hardware > Laptop >
  MacBook Pro, Access Management > Application Access > GitHub, HR Services > Payroll > Payslip,
  Facilities > Desk Move > Team Move, …; no value is used at two levels);
* ``Group`` (agent groups: Frontline Desk, Desktop Support, NetOps, IAM Team, SOC, Enterprise Apps,
  People Ops, Workplace Team), ``Agent`` (a person: PII), ``Department`` and ``Location`` of the
  requester (offices: Manchester HQ, Leeds, Amsterdam, Lisbon, Boston, Singapore, Remote),
  ``Requester Name`` and ``Requester Email`` (PII);
* ``Due by`` (the SLA due date: **not mapped**, askdesk has created / updated / resolved only);
* dates ``Created Time``, ``Due by``, ``Last Updated Time``, ``Resolved Time``, ``Closed Time``
  written ``2026-02-11 09:14:33`` (year first, 24-hour clock, seconds; the account's zone is UTC).

What makes it realistic, and what the truth knows about it:

* eighteen recurring themes (laptop faults and refreshes, Okta/MFA, VPN, Wi-Fi, printers,
  application access and software licences waiting for a manager's approval, Outlook/Teams,
  phishing reports, lost phones, new joiners, leavers, payroll, leave, desk moves, badges,
  building maintenance), each split into sub-issues with several subjects, descriptions and
  fixes; resolution times are log-normal by priority, plus the approval wait for requests that
  need one; some tickets are stuck (awaiting approval or on hold for weeks);
* planted PII in descriptions (phone numbers from ranges reserved for fiction, e-mails on
  ``.example``, signatures) and new joiners' / leavers' names in subjects, all listed in
  :attr:`FsTicket.pii`;
* messy cells: blank sub-category (and item), blank or ``--`` items (never for the app or product of an
  access or licence request: the form requires it), blank department, location or
  source, values padded with spaces, subjects in lower case or with ``RE:`` / ``URGENT -``; the
  typed truth of :class:`FsTicket` holds what the mapping makes of each cell (stripped, blank =
  no value);
* four deliberately broken rows (no id, an impossible date, no date at all: ``kind == "broken"``)
  that the indexer quarantines, and older versions of some tickets written after their newer
  version (``kind == "duplicate"``), superseded by "latest update wins".

The evaluation's clock is :data:`NOW` (naive UTC, Tuesday 15 September 2026): run the questions
with ``--now 2026-09-15T14:05``.  Regenerate the file with::

    python -m evals.exports.freshservice --rows 3000 --out evals/exports/freshservice-3000.csv.gz
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from pathlib import Path

from evals.datafiles import load_table
from evals.exports import export_main, write_csv
from evals.exports.freshservice_schema import (
    COLUMNS,
    DATE_FORMAT,
    DEPARTMENTS,
    FINISHED,
    FRONTLINE,
    GROUPS,
    LEVELS,
    LOCATIONS,
    MATRIX,
    NOW,
    PREFIX,
    PRIORITIES,
    SLA_HOURS,
    SOURCES,
    STATUSES,
    THEMES,
    TYPES,
    FsTicket,
    SubIssue,
    Theme,
    fmt,
)
from evals.exports.generation import (
    Names,
    choose,
    dated,
    draw_times,
    fill_slots,
    insert_broken,
    insert_duplicates,
    to_second,
    work_email,
    working_hours,
)

__all__ = [  # the generator, and the export's shape it re-exports (freshservice_schema.py)
    "COLUMNS", "DATE_FORMAT", "DEPARTMENTS", "FINISHED", "FIRST_NUMBER", "FRONTLINE", "GROUPS", "LEVELS", "LOCATIONS",
    "MATRIX", "NOW", "PREFIX", "PRIORITIES", "SEED", "SLA_HOURS", "SOURCES", "START", "STATUSES", "THEMES", "TYPES",
    "FsTicket", "SubIssue", "Theme", "current_tickets", "fmt", "generate_tickets", "main", "write_export",
]

#: the first ticket is created on or after this day
START = datetime(2025, 7, 1, 0, 0, 0)
SEED = 53
FIRST_NUMBER = 4101

_SOURCE_WEIGHTS = (38, 22, 8, 8, 7, 17)
_DEPARTMENT_WEIGHTS = (26, 16, 12, 9, 9, 10, 8, 6, 4)
_LOCATION_WEIGHTS = (30, 14, 15, 12, 12, 6, 11)

_WORDS = load_table("freshservice_export")
_NAMES = Names(_WORDS["first_names"], _WORDS["family_names"])
#: words for the templates' {app}, {licence}, {tool}, {printer}, {when}, {floor}, {team}, {day}
_SLOTS: dict[str, tuple[str, ...]] = {**_WORDS["slots"], "team": DEPARTMENTS[:7], "day": _WORDS["days"]}
_OPENERS: dict[str, tuple[str, ...]] = _WORDS["openers"]
_IMPACT_TEXT: tuple[str, ...] = _WORDS["impact_text"]
_CLOSE_EXTRA: tuple[str, ...] = _WORDS["close_extra"]


_SPAN = (NOW - START).total_seconds()


def _created_weight(t: datetime) -> float:
    """Creation times: busy weekdays, quiet weekends, office hours, slow growth, a dip over Christmas and in August."""
    w = working_hours(t, saturday=0.1, sunday=0.05, busy=(8, 18), shoulder=(6, 21, 0.25), night=0.03)
    if t.weekday() == 0:
        w *= 1.25  # Monday: everything that broke over the weekend
    w *= 0.75 + 0.25 * (t - START).total_seconds() / _SPAN
    if (t.month == 12 and t.day >= 22) or (t.month == 1 and t.day <= 2):
        w *= 0.3
    elif t.month == 8:
        w *= 0.8
    return w


def _email(name: str) -> str:
    return work_email(name, "brightwell.example")


def _fill(rng: random.Random, template: str, slots: dict[str, str]) -> str:
    fill_slots(rng, template, slots, _SLOTS)
    slots.setdefault("n", str(choose(rng, (2, 5, 10, 15))))
    if "{person}" in template and "person" not in slots:
        slots["person"] = _NAMES.person(rng)
    return template.format(**slots)


def _priority(rng: random.Random, theme: Theme) -> tuple[str, str, str]:
    urgency = choose(rng, LEVELS, theme.urgency)
    impact = choose(rng, LEVELS, theme.impact)
    prio = MATRIX[(urgency, impact)]
    if rng.random() < 0.05:  # an agent overrides the matrix
        i = PRIORITIES.index(prio) + choose(rng, (-1, 1))
        prio = PRIORITIES[min(max(i, 0), 3)]
    return urgency, impact, prio


def _work_hours(rng: random.Random, prio: str, theme: Theme) -> float:
    median = {"Urgent": 2.5, "High": 8.0, "Medium": 26.0, "Low": 60.0}[prio] * theme.slow
    return min(max(median * math.exp(rng.gauss(0.0, 0.95)), 0.15), 24 * 120)


def generate_tickets(n: int = 3000, seed: int = SEED) -> list[FsTicket]:
    """The export's ``n`` rows in file order (ok, duplicate and broken rows together)."""
    if n < 40:
        raise ValueError("n must be at least 40 (the export needs room for its messy rows)")
    rng = random.Random(seed)
    n_broken = 4
    n_dup = max(2, n // 500)
    n_ok = n - n_broken - n_dup
    # the people: a requester works in one department and one office
    staff: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    while len(staff) < n_ok // 6 + 60:
        name = _NAMES.new_person(rng, seen)
        staff.append((name, choose(rng, DEPARTMENTS, _DEPARTMENT_WEIGHTS), choose(rng, LOCATIONS, _LOCATION_WEIGHTS)))
    office_staff = [s for s in staff if s[2] != "Remote"]
    agents = {g: [_NAMES.person(rng) for _ in range(6 if g == FRONTLINE else 3)] for g in GROUPS}
    weights = [t.weight for t in THEMES]

    ok: list[FsTicket] = []
    number = FIRST_NUMBER
    for created in draw_times(rng, n_ok, START, NOW, _created_weight, snap=to_second):
        number += 1
        if rng.random() < 0.025:
            number += 1 + int(rng.random() * 2)  # deleted spam tickets leave gaps
        theme = choose(rng, THEMES, weights)
        sub = choose(rng, theme.subs, [s.weight for s in theme.subs])
        ttype = sub.type or theme.type
        requester, department, location = choose(rng, office_staff if theme.in_office else staff)
        urgency, impact, prio = _priority(rng, theme)
        source = choose(rng, SOURCES, theme.sources or _SOURCE_WEIGHTS)
        if prio == "Urgent" and rng.random() < 0.4:
            source = "Phone"
        group = choose(rng, theme.groups)
        if ttype == "Incident" and FRONTLINE not in theme.groups and theme.category not in ("HR Services", "Facilities") \
                and rng.random() < 0.15:
            group = FRONTLINE  # fixed at first line
        item = choose(rng, sub.items) if sub.items else ""
        slots: dict[str, str] = {}
        if sub.key == "app":
            slots["app"] = item
        if sub.key == "licence":
            slots["licence"] = item

        # --- lifecycle
        age_h = (NOW - created).total_seconds() / 3600
        needs_approval = ttype == "Service Request" and rng.random() < theme.approval
        approval_h = 20 * math.exp(rng.gauss(0.0, 1.0)) if needs_approval else 0.0
        # stuck: waiting for an approver, a part, a vendor or the requester for weeks (fewer the older)
        stuck = age_h > 24 * 7 and rng.random() < (0.16 if needs_approval else 0.045) * (1.0 if age_h < 24 * 90 else 0.45)
        resolved: datetime | None = None
        closed: datetime | None = None
        if not stuck:
            hours = approval_h + _work_hours(rng, prio, theme)
            if hours < age_h:
                resolved = to_second(created + timedelta(hours=hours))
        if resolved is None:
            if stuck:
                status = "Awaiting Approval" if needs_approval else choose(rng, ("On Hold", "Pending", "In Progress", "Open"),
                                                                             (40, 30, 20, 10))
            elif needs_approval and age_h < approval_h:
                status = "Awaiting Approval"
            elif age_h < 1.5:
                status = "Open"
            else:
                status = choose(rng, ("Open", "In Progress", "Pending", "On Hold"), (28, 37, 25, 10))
            if status == "Open":
                updated = created
            elif status == "Awaiting Approval":
                updated = to_second(created + timedelta(minutes=2 + rng.random() * 30))
            else:
                updated = to_second(created + timedelta(seconds=rng.random() * (NOW - created).total_seconds()))
        else:
            since = (NOW - resolved).total_seconds()
            if since > 72 * 3600:
                if rng.random() < 0.95:
                    status, closed = "Closed", resolved + timedelta(hours=72)
                    if rng.random() < 0.2:  # the requester closed it earlier
                        closed = to_second(resolved + timedelta(seconds=rng.random() * 72 * 3600))
                else:
                    status = "Resolved"  # automation skipped it
            elif rng.random() < 0.25:
                status, closed = "Closed", to_second(resolved + timedelta(seconds=rng.random() * since))
            else:
                status = "Resolved"
            updated = closed or resolved
        resolved_cell = resolved
        if status == "Closed" and rng.random() < 0.012:
            resolved_cell = None  # closed straight away without resolving: no Resolved Time
        # --- text
        subject = _fill(rng, choose(rng, sub.subjects), slots)
        r = rng.random()
        if r < 0.03:
            subject = choose(rng, ("RE: ", "URGENT - ", "Fwd: ")) + subject
        elif r < 0.06:
            subject = subject.lower()
        pii: list[tuple[str, str]] = [("PERSON", requester), ("EMAIL_ADDRESS", _email(requester))]
        if "person" in slots:
            pii.append(("PERSON", slots["person"]))
        description = choose(rng, _OPENERS[source]) + _fill(rng, choose(rng, sub.descriptions), slots)
        extra = choose(rng, _IMPACT_TEXT)
        if extra:
            description += " " + extra
        r = rng.random()
        if r < 0.06:
            phone = choose(rng, ("07700 900", "0161 496 0")) + f"{int(rng.random() * 1000):03d}"
            description += f" Best to call me on {phone}."
            pii.append(("PHONE_NUMBER", phone))
        elif r < 0.09:
            phone = "(617) 555-01" + f"{int(rng.random() * 100):02d}"
            description += f" My cell is {phone}."
            pii.append(("PHONE_NUMBER", phone))
        elif r < 0.15:
            other = _email(requester).replace("@brightwell.example", "@gmail.example")
            description += f" I'm off the VPN so please reply to {other}."
            pii.append(("EMAIL_ADDRESS", other))
        if source == "Email" and rng.random() < 0.5:
            description += f"\n\nThanks,\n{requester}"
        if source == "Portal" and rng.random() < 0.05:
            description = ""
            pii = [x for x in pii if x[0] != "PHONE_NUMBER" and "gmail" not in x[1]]
        note = ""
        if resolved is not None:
            note = f"{_fill(rng, choose(rng, sub.fixes), slots)} {choose(rng, _CLOSE_EXTRA)}".strip()
            if rng.random() < 0.03:
                note = ""
        agent = "" if status == "Open" or (status in ("Awaiting Approval", "Pending") and rng.random() < 0.3) else \
            choose(rng, agents[group])
        if agent:
            pii.append(("PERSON", agent))
        # --- messy cells (the typed truth says what the mapping makes of them)
        sub_cell, item_cell = sub.sub_category, item
        x = rng.random()
        if x < 0.02:
            sub_cell, item_cell = "", ""
        elif sub.key in ("app", "licence"):
            pass  # the request form makes the item (the app, the product) mandatory
        elif x < 0.12:
            item_cell = ""
        elif x < 0.13:
            item_cell = "--"
        dept_cell = "" if rng.random() < 0.01 else department
        loc_cell = "" if rng.random() < 0.01 else location
        source_cell = "" if rng.random() < 0.005 else source
        if rng.random() < 0.01 and dept_cell:
            dept_cell += "  "
        if rng.random() < 0.01 and loc_cell:
            loc_cell = " " + loc_cell
        group_cell = f"{group} " if rng.random() < 0.006 else group
        status_cell = f"{status} " if rng.random() < 0.005 else status
        category_cell = f" {theme.category}" if rng.random() < 0.005 else theme.category
        tid = f"{PREFIX[ttype]}-{number}"
        cells = {
            "Ticket Id": tid, "Subject": subject, "Description": description, "Status": status_cell,
            "Priority": prio, "Urgency": urgency, "Impact": impact, "Source": source_cell, "Type": ttype,
            "Category": category_cell, "Sub-Category": sub_cell, "Item": item_cell, "Group": group_cell,
            "Agent": agent, "Requester Name": requester, "Requester Email": _email(requester),
            "Department": dept_cell, "Location": loc_cell, "Created Time": fmt(created),
            "Due by": fmt(created + timedelta(hours=SLA_HOURS[prio] + approval_h)), "Last Updated Time": fmt(updated),
            "Resolved Time": fmt(resolved_cell), "Closed Time": fmt(closed), "Resolution Note": note,
        }
        meta = {"type": ttype, "channel": source_cell or None, "department": dept_cell.strip() or None, "group": group,
                "location": loc_cell.strip() or None, "sub_category": sub_cell or None,
                "item": item_cell if item_cell not in ("", "--") else None, "impact": impact, "urgency": urgency}
        ok.append(FsTicket(cells, "ok", tid, subject, status, prio, theme.category, meta, created, updated,
                           resolved_cell, tuple(dict.fromkeys(pii)), theme.key, sub.key))

    rows: list[FsTicket] = list(ok)
    # older versions of a few finished tickets, written *after* the current one
    finished = [x for x in ok if x.status in FINISHED and dated(x.created) < NOW - timedelta(days=30)]

    def old_version(x: FsTicket) -> FsTicket:
        old_updated = to_second(dated(x.created) + timedelta(minutes=10 + rng.random() * 90))
        cells = dict(x.cells, Status="In Progress", **{"Resolved Time": "", "Closed Time": "", "Resolution Note": "",
                                                       "Last Updated Time": fmt(old_updated)})
        return FsTicket(cells, "duplicate", x.ticket_id, x.subject)

    insert_duplicates(rng, rows, finished, n_dup, old_version, spread=150)
    # rows the indexer must quarantine: their numbers come after the last good ticket
    breakers = (("Ticket Id", ""), ("Created Time", "2026-02-30 10:15:00"), ("Created Time", "TBD"), ("Ticket Id", ""))

    def broken(j: int, template: FsTicket) -> FsTicket:
        tid = f"{template.ticket_id.split('-')[0]}-{number + 2 + j}"
        cells = dict(template.cells, **{"Ticket Id": tid})
        column, value = breakers[j]
        cells[column] = value
        if column == "Created Time":
            cells["Last Updated Time"] = ""  # no other date to fall back on
        return FsTicket(cells, "broken", tid, template.subject)

    insert_broken(rng, rows, ok, n_broken, broken)
    return rows


def current_tickets(n: int = 3000, seed: int = SEED) -> list[FsTicket]:
    """The tickets the index holds after reading the export: ``ok`` rows only (duplicates superseded,
    broken rows quarantined)."""
    return [t for t in generate_tickets(n, seed) if t.kind == "ok"]


def write_export(path: Path, n: int = 3000, seed: int = SEED) -> Path:
    """Write the export as CSV (``.csv``, or gzip-compressed ``.csv.gz`` with a fixed header: same bytes every time)."""
    return write_csv(path, COLUMNS, (x.cells for x in generate_tickets(n, seed)))


def main(argv: list[str] | None = None) -> None:
    export_main(__doc__, generate_tickets, COLUMNS, SEED, argv)


if __name__ == "__main__":
    main()

"""A sixth, blind export: a GLPI tickets CSV of a European university's central IT service.

Generated deterministically (plain Python, seeded).  It looks like the CSV that GLPI's ticket
search writes ("Export" → CSV) for the IT service of the (fictional) University of Nordhaven,
three campuses plus student residences, ~22,000 students and staff, one GLPI instance with an
entity tree per campus and faculty.  It shares no column layout with the other exports:

* ``ID``: GLPI's ticket number, plain digits (17503…, one counter, with gaps for deleted spam);
* ``Title``, ``Description``, ``Solution`` (the technician's solution text: the fix);
* ``Status``: New, Processing (assigned), Processing (planned), Pending, Solved, Closed (finished
  = Solved, Closed; a solved ticket is closed automatically 7 days later; a few tickets are
  closed without a resolution date);
* ``Urgency`` and ``Impact`` (Very low, Low, Medium, High, Very high) and ``Priority`` from GLPI's
  priority matrix (the rounded-up mean of the two), with a few technician overrides and a handful
  of ``Major`` tickets (campus-wide outages);
* ``Type`` (Incident, Request), ``Request source`` (Helpdesk = the self-service portal, E-Mail,
  Phone, Direct = walk-in at a service point, Written, Web form);
* ``Category``: GLPI's ITIL category written as its **complete name, the hierarchy in one cell**:
  ``Hardware > Printer > Toner``, ``Hardware > Printer``, ``Network > Wi-Fi``, ``Accounts >
  Password``, ``Software > Office suite``, ``Messaging > Mailbox``, ``Research computing >
  Storage``, … (a mandatory field on this instance's forms: never blank);
* ``Entity``, also a complete name: ``Root entity > Campus North > Library``, ``Root entity >
  Campus South > Faculty of Medicine``, ``Root entity > Student Residences``, … (never blank);
* ``Location`` (the building: ``Huygens Building``, ``Lorentz Building``, …; often blank);
* ``Assigned to - Group`` (Service Desk, Workstation Support, Network Team, Identity & Access,
  Print & AV, Learning Apps, CSIRT, Research Computing), ``Assigned to - Technician`` and
  ``Requester - Requester`` (people: PII);
* dates ``Opening date``, ``Last update``, ``Resolution date``, ``Close date`` and the SLA's
  ``Time to resolve`` (a due date, **not mapped**), written ``2026-03-04 14:22`` (year first,
  24-hour clock, no seconds; the server's zone is UTC).

What makes it realistic, and what the truth knows about it:

* sixteen recurring themes (toner, printer faults, PCs, lecture-hall projectors, eduroam Wi-Fi,
  wired ports, VPN, passwords, MFA, guest accounts for visiting researchers, the office suite,
  Moodle, software installs and licences, mailboxes, phishing, research storage quotas), each with
  several titles, descriptions and solutions; resolution times log-normal by priority; an academic
  year's rhythm (a rush in September/October, quiet at Christmas and in August); tickets stuck
  Pending (waiting for a supplier, a part, the requester) or planned for weeks;
* planted PII in descriptions (phone numbers from ranges reserved for drama, e-mails on
  ``.example``, student numbers, signatures), all listed in :attr:`GlpiTicket.pii`;
* messy cells: blank location, group or technician (new tickets have neither), ``-----`` for an
  empty group (GLPI's empty dropdown), values padded with spaces, titles with ``RE:`` / ``TR:`` /
  ``Fwd:`` or in lower case, empty descriptions; the typed truth holds what the mapping makes of
  each cell (stripped; "", "-----" = no value);
* four broken rows (no id, an impossible date, no date at all: ``kind == "broken"``), quarantined,
  and older versions of some tickets written after their newer version (``kind ==
  "duplicate"``), superseded by "latest update wins".

The evaluation's clock is :data:`NOW` (naive UTC, Wednesday 22 April 2026): run the questions
with ``--now 2026-04-22T15:40``.  Regenerate the file with::

    python -m evals.exports.glpi --rows 3000 --out evals/exports/glpi-3000.csv.gz
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from pathlib import Path

from evals.datafiles import load_table
from evals.exports import export_main, write_csv
from evals.exports.generation import (
    Names,
    choose,
    dated,
    draw_times,
    fill_slots,
    insert_broken,
    insert_duplicates,
    to_minute,
    work_email,
    working_hours,
)
from evals.exports.glpi_schema import (
    COLUMNS,
    DATE_FORMAT,
    DESK,
    ENTITIES,
    FINISHED,
    GROUPS,
    LEVELS,
    NOW,
    PRIORITIES,
    SLA_HOURS,
    SOURCES,
    STATUSES,
    THEMES,
    TYPES,
    GlpiTicket,
    Sub,
    Theme,
    fmt,
)

__all__ = [  # the generator, and the export's shape it re-exports (glpi_schema.py)
    "COLUMNS", "DATE_FORMAT", "DESK", "ENTITIES", "FINISHED", "FIRST_NUMBER", "GROUPS", "LEVELS", "NOW", "PRIORITIES",
    "SEED", "SLA_HOURS", "SOURCES", "START", "STATUSES", "THEMES", "TYPES", "GlpiTicket", "Sub", "Theme",
    "current_tickets", "fmt", "generate_tickets", "main", "write_export",
]

START = datetime(2025, 1, 6, 0, 0)
SEED = 61
FIRST_NUMBER = 17502

_SOURCE_WEIGHTS = (42, 27, 14, 7, 2, 8)

_WORDS = load_table("glpi_export")
_NAMES = Names(_WORDS["first_names"], _WORDS["family_names"])
#: words for the templates' {printer}, {room}, {when}, {software}, {course}
_SLOTS: dict[str, tuple[str, ...]] = _WORDS["slots"]
_OPENERS: dict[str, tuple[str, ...]] = _WORDS["openers"]
_EXTRA: tuple[str, ...] = _WORDS["extra"]


def _season(t: datetime) -> float:
    """The academic year: busy at the start of term, quiet at Christmas and in summer."""
    m, d = t.month, t.day
    if (m == 12 and d >= 21) or (m == 1 and d <= 4):
        return 0.25
    if m == 8:
        return 0.45
    if m == 7:
        return 0.7
    if m == 9:
        return 1.5
    if m == 10:
        return 1.25
    if m in (1, 2) and not (m == 1 and d < 20):
        return 1.1
    return 1.0


def _created_weight(t: datetime) -> float:
    """Creation times: weekdays, office hours, Mondays, the academic year."""
    w = working_hours(t, saturday=0.12, sunday=0.08, busy=(8, 18), shoulder=(6, 22, 0.25), night=0.03)
    if t.weekday() == 0:
        w *= 1.2
    w *= _season(t) / 1.5
    return w


def _email(name: str) -> str:
    return work_email(name, "uni-nordhaven.example")


def _fill(rng: random.Random, template: str, slots: dict[str, str]) -> str:
    fill_slots(rng, template, slots, _SLOTS)
    return template.format(**slots)


def _priority(rng: random.Random, theme: Theme) -> tuple[str, str, str]:
    u = choose(rng, range(5), theme.urgency)
    i = choose(rng, range(5), theme.impact)
    p = math.ceil((u + i) / 2)  # GLPI's matrix: the rounded-up mean of urgency and impact
    if rng.random() < 0.08:
        p = min(max(p + choose(rng, (-1, 1, 1, 1)), 0), 4)  # a technician overrides it
    return LEVELS[u], LEVELS[i], LEVELS[p]


def _work_hours(rng: random.Random, prio: str, theme: Theme) -> float:
    median = {"Major": 2.0, "Very high": 5.0, "High": 16.0, "Medium": 40.0, "Low": 75.0, "Very low": 130.0}[prio]
    return min(max(median * theme.slow * math.exp(rng.gauss(0.0, 0.9)), 0.1), 24 * 100)


def generate_tickets(n: int = 3000, seed: int = SEED) -> list[GlpiTicket]:
    """The export's ``n`` rows in file order (ok, duplicate and broken rows together)."""
    if n < 40:
        raise ValueError("n must be at least 40")
    rng = random.Random(seed)
    n_broken = 4
    n_dup = max(2, n // 500)
    n_ok = n - n_broken - n_dup
    entity_names = list(ENTITIES)
    seen: set[str] = set()
    people = {e: [_NAMES.new_person(rng, seen) for _ in range(45)] for e in entity_names}
    techs = {g: [_NAMES.new_person(rng, seen) for _ in range(5 if g == DESK else 3)] for g in GROUPS}
    weights = [t.weight for t in THEMES]

    ok: list[GlpiTicket] = []
    number = FIRST_NUMBER
    majors = {datetime(2025, 9, 8).date(), datetime(2026, 2, 3).date(), datetime(2025, 11, 17).date()}
    for created in draw_times(rng, n_ok, START, NOW, _created_weight, snap=to_minute):
        number += 1
        if rng.random() < 0.03:
            number += 1 + int(rng.random() * 3)
        theme = choose(rng, THEMES, weights)
        sub = choose(rng, theme.subs, [s.weight for s in theme.subs])
        ttype = sub.type or theme.type
        if theme.entities:
            entity = choose(rng, list(theme.entities), list(theme.entities.values()))
        else:
            entity = choose(rng, entity_names, [ENTITIES[e][0] for e in entity_names])
        requester = choose(rng, people[entity])
        location = choose(rng, ENTITIES[entity][1])
        urgency, impact, prio = _priority(rng, theme)
        if theme.key in ("wifi", "vpn", "mailbox") and created.date() in majors and rng.random() < 0.9:
            prio, urgency, impact = "Major", "Very high", "Very high"
        source = choose(rng, SOURCES, theme.sources or _SOURCE_WEIGHTS)
        group = choose(rng, theme.groups)
        slots: dict[str, str] = {}

        age_h = (NOW - created).total_seconds() / 3600
        stuck = age_h > 24 * 10 and rng.random() < theme.stuck * (1.4 if age_h < 24 * 120 else 0.4)
        resolved: datetime | None = None
        closed: datetime | None = None
        if not stuck:
            hours = _work_hours(rng, prio, theme)
            if hours < age_h:
                resolved = to_minute(created + timedelta(hours=hours))
                if resolved <= created:
                    resolved = created + timedelta(minutes=5)
        if resolved is None:
            if stuck:
                status = choose(rng, ("Pending", "Processing (planned)", "Processing (assigned)", "New"), (55, 18, 20, 7))
            elif age_h < 2:
                status = choose(rng, ("New", "Processing (assigned)"), (70, 30))
            else:
                status = choose(rng, ("New", "Processing (assigned)", "Processing (planned)", "Pending"), (20, 45, 12, 23))
            if status == "New":
                updated = created
            else:
                updated = to_minute(created + timedelta(seconds=rng.random() * (NOW - created).total_seconds()))
                updated = max(updated, created)
        else:
            if resolved + timedelta(days=7) < NOW:
                if rng.random() < 0.97:
                    status, closed = "Closed", resolved + timedelta(days=7)
                else:
                    status = "Solved"
            else:
                status = "Solved"
            updated = closed or resolved
        resolved_cell = resolved
        if status == "Closed" and rng.random() < 0.01:
            resolved_cell = None  # closed by an admin without a solution date
        # --- text
        title = _fill(rng, choose(rng, sub.titles), slots)
        r = rng.random()
        if source == "E-Mail" and r < 0.12:
            title = choose(rng, ("RE: ", "TR: ", "Fwd: ")) + title
        elif r < 0.04:
            title = title.lower()
        pii: list[tuple[str, str]] = [("PERSON", requester)]
        description = choose(rng, _OPENERS[source]) + _fill(rng, choose(rng, sub.descriptions), slots)
        extra = choose(rng, _EXTRA)
        if extra:
            description += " " + extra
        r = rng.random()
        if r < 0.07:
            phone = "+44 20 7946 0" + f"{int(rng.random() * 1000):03d}"
            description += f" You can reach me on {phone}."
            pii.append(("PHONE_NUMBER", phone))
        elif r < 0.10:
            phone = "(555) 01" + f"{int(rng.random() * 100):02d}"
            description += f" Mobile: {phone}."
            pii.append(("PHONE_NUMBER", phone))
        elif r < 0.15:
            other = _email(requester).replace("@uni-nordhaven.example", "@gmail.example")
            description += f" Please answer to my private address {other}, I can't read my work mail."
            pii.append(("EMAIL_ADDRESS", other))
        elif r < 0.18 and theme.key in ("password", "mfa", "moodle"):
            sn = f"s{2100000 + int(rng.random() * 900000)}"
            description += f" My student number is {sn}."
            pii.append(("EMPLOYEE_ID", sn))
        if source == "E-Mail" and rng.random() < 0.55:
            description += f"\n\nKind regards,\n{requester}\n{_email(requester)}"
            pii.append(("EMAIL_ADDRESS", _email(requester)))
        if source == "Helpdesk" and rng.random() < 0.04:
            description = ""
            pii = [("PERSON", requester)]
        solution = ""
        if resolved is not None:
            solution = _fill(rng, choose(rng, sub.solutions), slots)
            if rng.random() < 0.03:
                solution = ""
        tech = "" if status == "New" or (status == "Pending" and rng.random() < 0.15) else choose(rng, techs[group])
        group_cell = "" if status == "New" else group
        if tech:
            pii.append(("PERSON", tech))
        # --- messy cells
        loc_cell = "" if rng.random() < 0.09 else location
        if group_cell and rng.random() < 0.005:
            group_cell += " "
        if not group_cell and rng.random() < 0.3:
            group_cell = "-----"
        if loc_cell and rng.random() < 0.01:
            loc_cell = " " + loc_cell
        status_cell = f"{status} " if rng.random() < 0.004 else status
        category_cell = f"{sub.category} " if rng.random() < 0.006 else sub.category
        tid = str(number)
        cells = {
            "ID": tid, "Title": title, "Entity": entity, "Status": status_cell, "Type": ttype, "Priority": prio,
            "Urgency": urgency, "Impact": impact, "Category": category_cell, "Request source": source,
            "Requester - Requester": requester, "Assigned to - Group": group_cell, "Assigned to - Technician": tech,
            "Location": loc_cell, "Opening date": fmt(created), "Last update": fmt(updated),
            "Time to resolve": fmt(created + timedelta(hours=SLA_HOURS[prio])), "Resolution date": fmt(resolved_cell),
            "Close date": fmt(closed), "Description": description, "Solution": solution,
        }
        g = group_cell.strip()
        meta = {"type": ttype, "channel": source, "entity": entity, "group": g if g not in ("", "-----") else None,
                "location": loc_cell.strip() or None, "urgency": urgency, "impact": impact}
        ok.append(GlpiTicket(cells, "ok", tid, title.strip(), status, prio, sub.category, meta, created, updated,
                             resolved_cell, tuple(dict.fromkeys(pii)), theme.key, sub.key, description, solution))

    rows: list[GlpiTicket] = list(ok)
    finished = [x for x in ok if x.status in FINISHED and dated(x.created) < NOW - timedelta(days=30)]

    def old_version(x: GlpiTicket) -> GlpiTicket:
        old_updated = to_minute(dated(x.created) + timedelta(minutes=10 + rng.random() * 90))
        cells = dict(x.cells, **{"Status": "Processing (assigned)", "Resolution date": "", "Close date": "",
                                 "Solution": "", "Last update": fmt(old_updated)})
        return GlpiTicket(cells, "duplicate", x.ticket_id, x.title)

    insert_duplicates(rng, rows, finished, n_dup, old_version, spread=150)
    breakers = (("ID", ""), ("Opening date", "2026-02-30 10:15"), ("Opening date", "to be checked"), ("ID", ""))

    def broken(j: int, template: GlpiTicket) -> GlpiTicket:
        tid = str(number + 3 + j)
        cells = dict(template.cells, ID=tid)
        column, value = breakers[j]
        cells[column] = value
        if column == "Opening date":
            cells["Last update"] = ""
        return GlpiTicket(cells, "broken", tid, template.title)

    insert_broken(rng, rows, ok, n_broken, broken)
    return rows


def current_tickets(n: int = 3000, seed: int = SEED) -> list[GlpiTicket]:
    """The tickets the index holds after reading the export: ``ok`` rows only."""
    return [t for t in generate_tickets(n, seed) if t.kind == "ok"]


def write_export(path: Path, n: int = 3000, seed: int = SEED) -> Path:
    return write_csv(path, COLUMNS, (x.cells for x in generate_tickets(n, seed)))


def main(argv: list[str] | None = None) -> None:
    export_main(__doc__, generate_tickets, COLUMNS, SEED, argv)


if __name__ == "__main__":
    main()

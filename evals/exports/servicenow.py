"""A never-seen export: ServiceNow-style incidents, generated deterministically (plain Python, seeded).

It looks like an export of ServiceNow's ``incident`` table and shares no column names with the
bundled sample: ``number`` (INC0010001…), ``short_description``, ``description``, ``close_notes``,
``state`` (New, Active, Awaiting User Info, Awaiting Problem, Awaiting Vendor, Resolved, Closed),
``priority`` ("1 - Critical" … "5 - Planning", from ``impact`` × ``urgency`` as ServiceNow derives
it), ``category`` / ``subcategory``, ``contact_type``, ``location`` ("Location 143"),
``assignment_group`` ("Group 24"), ``caller_id`` and ``assigned_to`` (people: PII), and the dates
``opened_at``, ``sys_updated_on``, ``resolved_at``, ``closed_at`` written day-first
("31/10/2026 14:05:00", a few without seconds).

What makes it realistic, and what the truth knows about it:

* about sixteen recurring issue types (VPN drops, Outlook password prompts, SQL jobs failing, …),
  each with several short descriptions, descriptions by contact type, and close notes with the fix;
* resolution times are log-normal by priority (hours for P1, days to weeks for P4/P5); a few
  incidents are stuck awaiting a vendor or a problem for weeks; resolved incidents auto-close
  after 7 days (some are closed by the caller earlier);
* some descriptions carry the caller's phone number, e-mail or signature (planted PII, listed in
  :attr:`Incident.pii`; phone numbers from ranges reserved for fiction, e-mails on ``.example``);
* messy cells: ``?`` or empty subcategory / location / contact type / assignee, padded values, a
  few closed incidents without a resolved date, dates without seconds; every one of them is
  reflected in the typed truth of :class:`Incident` exactly as the mapping reads it;
* a few *deliberately broken* rows (no id, an impossible date, no date at all; ``kind ==
  "broken"``) that the indexer quarantines, and older versions of some incidents written after
  their newer version (``kind == "duplicate"``), which "latest update wins" supersedes.

The evaluation's clock for this export is :data:`NOW` (naive UTC): the golden questions
(``evals/golden/servicenow-3000.jsonl``) read "last week" relative to it, so run them with
``--now 2026-03-18T17:00``.  Regenerate the committed file with::

    python -m evals.exports.servicenow --rows 3000 --out evals/exports/servicenow-3000.csv.gz
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
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
    working_hours,
)

#: the evaluation's "now" for this export (naive UTC; every date in the export is before it)
NOW = datetime(2026, 3, 18, 17, 0, 0)
#: the first incident is opened on this day
START = datetime(2025, 1, 6, 0, 0, 0)
SEED = 13
#: how dates are written (day first), and the short form a few rows use
DATE_FORMAT = "%d/%m/%Y %H:%M:%S"
SHORT_DATE_FORMAT = "%d/%m/%Y %H:%M"

COLUMNS: tuple[str, ...] = (
    "number", "short_description", "description", "close_notes", "state", "priority", "impact", "urgency",
    "category", "subcategory", "contact_type", "location", "assignment_group", "caller_id", "assigned_to",
    "opened_at", "sys_updated_on", "resolved_at", "closed_at",
)
STATES: tuple[str, ...] = ("New", "Active", "Awaiting User Info", "Awaiting Problem", "Awaiting Vendor", "Resolved", "Closed")
FINISHED_STATES = frozenset({"Resolved", "Closed"})
PRIORITIES: tuple[str, ...] = ("1 - Critical", "2 - High", "3 - Moderate", "4 - Low", "5 - Planning")
LEVELS: tuple[str, ...] = ("1 - High", "2 - Medium", "3 - Low")  # impact and urgency
CONTACT_TYPES: tuple[str, ...] = ("Phone", "Email", "Self-service", "Walk-in", "Chat")
_CONTACT_WEIGHTS = (30, 24, 31, 5, 10)
#: ServiceNow's default priority lookup: (impact, urgency) -> priority
PRIORITY_MATRIX = {(1, 1): 1, (1, 2): 2, (2, 1): 2, (1, 3): 3, (2, 2): 3, (3, 1): 3, (2, 3): 4, (3, 2): 4, (3, 3): 5}
#: locations that exist, with Zipf-like weights ("Location 14" and "Location 143" both, on purpose)
LOCATIONS: tuple[str, ...] = tuple(f"Location {n}" for n in (143, 14, 98, 7, 211, 36, 120, 55, 183, 3, 77, 160, 29, 240, 88,
                                                          12, 199, 64, 101, 45))
_LOCATION_WEIGHTS = tuple(1.0 / (i + 1) ** 0.8 for i in range(len(LOCATIONS)))
SERVICE_DESK = "Group 1"
#: category -> (subcategories, resolver groups)
CATEGORIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Network": (("Remote Access", "Wireless", "DNS", "DHCP", "IP Address"), ("Group 24", "Group 7")),
    "Software": (("Operating System", "Mail Client", "Office Suite", "Browser"), ("Group 3", "Group 12", "Group 31")),
    "Hardware": (("Monitor", "Docking Station", "Keyboard", "Mouse", "Disk", "Memory"), ("Group 5", "Group 18")),
    "Database": (("MS SQL Server", "Oracle", "DB2"), ("Group 41", "Group 42")),
    "Inquiry / Help": (("Password Reset", "Internal Application", "Antivirus", "How-to"), (SERVICE_DESK, "Group 9")),
}

_WORDS = load_table("servicenow_export")
_NAMES = Names(_WORDS["first_names"], _WORDS["family_names"])
#: words for the templates' {app}, {db}, {floor}, {when}
_SLOTS: dict[str, tuple[str, ...]] = _WORDS["slots"]
_OPENERS: dict[str, tuple[str, ...]] = _WORDS["openers"]
_IMPACT_TEXT: tuple[str, ...] = _WORDS["impact_text"]
_CLOSE_EXTRA: tuple[str, ...] = _WORDS["close_extra"]


@dataclass(frozen=True)
class Issue:
    """A recurring issue type: where it is filed, how people describe it, and how it gets fixed."""

    key: str
    category: str
    subcategories: tuple[str, ...]
    titles: tuple[str, ...]
    symptoms: tuple[str, ...]
    fixes: tuple[str, ...]
    #: weights of priorities 1..5
    priority_weights: tuple[float, ...]
    #: how much longer than usual it takes to resolve
    slow: float = 1.0
    weight: float = 1.0


#: the recurring issue types (``evals/data/servicenow_export.toml``)
ISSUES: tuple[Issue, ...] = tuple(Issue(**row) for row in _WORDS["issues"])


@dataclass
class Incident:
    """One row of the export (``cells``, as written) and what the mapping reads from it (the truth).

    ``kind``: ``ok`` (a current incident), ``duplicate`` (an older version of an ``ok`` one,
    superseded by it) or ``broken`` (quarantined by the indexer).  For ``ok`` rows the typed
    fields hold exactly what :mod:`indexing.mapping` makes of the cells: missing markers become
    None, values are stripped, dates written without seconds have none.
    """

    cells: dict[str, str]
    kind: str
    number: str
    short_description: str
    state: str | None = None
    priority: str | None = None
    category: str | None = None
    meta: dict[str, str | None] = field(default_factory=dict)
    opened_at: datetime | None = None
    updated_at: datetime | None = None
    resolved_at: datetime | None = None
    #: (entity type, value) of every PII value in the row
    pii: tuple[tuple[str, str], ...] = ()
    issue: str = ""


def _fmt(dt: datetime | None, short: bool) -> str:
    if dt is None:
        return ""
    return dt.strftime(SHORT_DATE_FORMAT if short else DATE_FORMAT)


_SPAN = (NOW - START).total_seconds()


def _opened_weight(t: datetime) -> float:
    """Opening times: busy weekdays, quiet weekends, office hours, slow growth."""
    w = working_hours(t, saturday=0.18, sunday=0.1, busy=(8, 18), shoulder=(6, 21, 0.35), night=0.06)
    w *= 0.75 + 0.25 * (t - START).total_seconds() / _SPAN  # more incidents lately
    return w


def _fill(rng: random.Random, template: str, slots: dict[str, str]) -> str:
    fill_slots(rng, template, slots, _SLOTS)
    slots.setdefault("n", str(choose(rng, (2, 5, 10, 15))))
    slots.setdefault("pct", str(choose(rng, (35, 47, 62, 99))))
    return template.format(**slots)


def _duration_hours(rng: random.Random, priority: int, issue: Issue) -> float:
    median = {1: 3.0, 2: 10.0, 3: 30.0, 4: 70.0, 5: 200.0}[priority] * issue.slow
    hours = median * math.exp(rng.gauss(0.0, 0.95))
    return min(max(hours, 0.15), 24 * 120)


def generate_incidents(n: int = 3000, seed: int = SEED) -> list[Incident]:
    """The export's ``n`` rows in file order (ok, duplicate and broken rows together)."""
    if n < 20:
        raise ValueError("n must be at least 20 (the export needs room for its messy rows)")
    rng = random.Random(seed)
    n_broken = max(2, n // 750)
    n_dup = max(2, n // 600)
    n_ok = n - n_broken - n_dup
    callers = sorted({_NAMES.person(rng) for _ in range(n_ok // 8 + 40)})
    agents: dict[str, list[str]] = {}
    groups = sorted({g for _subs, gs in CATEGORIES.values() for g in gs})
    for g in groups:
        agents[g] = [_NAMES.person(rng) for _ in range(4 if g == SERVICE_DESK else 3)]
    issue_weights = [i.weight for i in ISSUES]

    ok: list[Incident] = []
    for i, opened in enumerate(draw_times(rng, n_ok, START, NOW, _opened_weight, whole_seconds=True)):
        number = f"INC{10001 + i:07d}"
        issue = choose(rng, ISSUES, issue_weights)
        subcategory = choose(rng, issue.subcategories)
        prio = choose(rng, (1, 2, 3, 4, 5), [w * (2.2 if k == 0 else 1) for k, w in enumerate(issue.priority_weights)])
        impact, urgency = choose(rng, sorted(k for k, v in PRIORITY_MATRIX.items() if v == prio))
        contact = choose(rng, CONTACT_TYPES, (60, 20, 5, 5, 10) if prio == 1 else _CONTACT_WEIGHTS)
        location = choose(rng, LOCATIONS, _LOCATION_WEIGHTS)
        group = SERVICE_DESK if rng.random() < 0.25 else choose(rng, CATEGORIES[issue.category][1])
        caller = choose(rng, callers)
        short = rng.random() < 0.02  # this row's dates are written without seconds
        if short:
            opened = opened.replace(second=0)
        # --- lifecycle
        age_h = (NOW - opened).total_seconds() / 3600
        stuck = age_h > 24 * 14 and rng.random() < (0.04 if prio > 1 else 0.015)
        resolved: datetime | None = None
        closed: datetime | None = None
        if not stuck:
            hours = _duration_hours(rng, prio, issue)
            if hours < age_h:
                resolved = opened + timedelta(seconds=int(hours * 3600))
        if resolved is None:
            if stuck:
                state = choose(rng, ("Awaiting Vendor", "Awaiting Problem", "Awaiting User Info", "Active"), (35, 25, 20, 20))
            elif age_h < 3:
                state = "New" if rng.random() < 0.7 else "Active"
            else:
                state = choose(rng, ("Active", "Awaiting User Info", "Awaiting Vendor", "Awaiting Problem", "New"),
                                (55, 20, 13, 7, 5))
            if state == "New":
                updated = opened
            else:
                updated = opened + timedelta(seconds=int(rng.random() * (NOW - opened).total_seconds()))
        else:
            since = (NOW - resolved).total_seconds()
            if since < 7 * 86400:
                if rng.random() < 0.15:  # the caller confirmed: closed early
                    closed = resolved + timedelta(seconds=int(rng.random() * since))
            elif rng.random() < 0.3:
                closed = resolved + timedelta(seconds=int(3600 + rng.random() * 3 * 86400))
            else:
                closed = resolved + timedelta(days=7)  # auto-close
            state = "Closed" if closed else "Resolved"
            updated = closed or resolved + timedelta(seconds=int(rng.random() * min(1800, since)))
        if short:
            resolved, closed = (d.replace(second=0) if d else None for d in (resolved, closed))
            updated = updated.replace(second=0)
        # --- text
        slots: dict[str, str] = {}
        title = _fill(rng, choose(rng, issue.titles), slots)
        if rng.random() < 0.04:
            title = choose(rng, ("URGENT - ", "urgent: ", "RE: ")) + title
        elif rng.random() < 0.05:
            title = title.lower()
        pii: list[tuple[str, str]] = [("PERSON", caller)]
        description = choose(rng, _OPENERS[contact]) + _fill(rng, choose(rng, issue.symptoms), slots)
        extra = choose(rng, _IMPACT_TEXT)
        if extra:
            description += " " + extra
        r = rng.random()
        if r < 0.12:
            phone = choose(rng, ("07700 900", "020 7946 0")) + f"{int(rng.random() * 1000):03d}"
            description += f" Please call me back on {phone}."
            pii.append(("PHONE_NUMBER", phone))
        elif r < 0.2:
            email = f"{caller.split()[0].lower()}.{caller.split()[1].lower()}@corp.example"
            description += f" You can reach me at {email}."
            pii.append(("EMAIL_ADDRESS", email))
        if contact == "Email" and rng.random() < 0.4:
            description += f"\n\nThanks,\n{caller}"
        if contact == "Self-service" and rng.random() < 0.08:
            description = ""  # only the short description was filled in
            pii = [x for x in pii if x[0] == "PERSON"]
        notes = ""
        if resolved is not None:
            notes = _fill(rng, choose(rng, issue.fixes), slots)
            tail = choose(rng, _CLOSE_EXTRA)
            notes = f"{notes} {tail}".strip()
            if rng.random() < 0.03:
                notes = ""
        assignee = "" if state == "New" else choose(rng, agents[group])
        if assignee:
            pii.append(("PERSON", assignee))
        # --- messy cells (the truth below says what the mapping makes of them)
        sub_cell = subcategory
        if rng.random() < 0.015:
            sub_cell = choose(rng, ("", "?"))
        contact_cell = "?" if rng.random() < 0.005 else contact
        location_cell = "" if rng.random() < 0.007 else location
        if assignee and rng.random() < 0.005:
            assignee, pii = "?", [p for p in pii if p[1] != assignee]
        resolved_cell = resolved
        if state == "Closed" and rng.random() < 0.004:
            resolved_cell = None  # legacy: closed without a resolved date
        category_cell = issue.category
        state_cell = state
        if rng.random() < 0.005:
            category_cell = f" {category_cell} "
        if rng.random() < 0.005:
            state_cell = f"{state_cell} "
        cells = {
            "number": number, "short_description": title, "description": description, "close_notes": notes,
            "state": state_cell, "priority": PRIORITIES[prio - 1], "impact": LEVELS[impact - 1], "urgency": LEVELS[urgency - 1],
            "category": category_cell, "subcategory": sub_cell, "contact_type": contact_cell, "location": location_cell,
            "assignment_group": group, "caller_id": caller, "assigned_to": assignee,
            "opened_at": _fmt(opened, short), "sys_updated_on": _fmt(updated, short),
            "resolved_at": _fmt(resolved_cell, short), "closed_at": _fmt(closed, short),
        }
        meta = {"location": location_cell or None, "channel": None if contact_cell == "?" else contact,
                "assignment_group": group, "subcategory": sub_cell if sub_cell not in ("", "?") else None,
                "impact": LEVELS[impact - 1], "urgency": LEVELS[urgency - 1]}
        ok.append(Incident(cells, "ok", number, title, state, PRIORITIES[prio - 1], issue.category, meta, opened,
                           updated, resolved_cell, tuple(dict.fromkeys(pii)), issue.key))

    rows: list[Incident] = list(ok)
    # older versions of a few finished incidents, written *after* the current one
    finished = [x for x in ok if x.state in FINISHED_STATES and dated(x.opened_at) < NOW - timedelta(days=30)]

    def old_version(x: Incident) -> Incident:
        old_updated = dated(x.opened_at) + timedelta(minutes=20 + int(rng.random() * 120))
        cells = dict(x.cells, state="Active", resolved_at="", closed_at="", close_notes="",
                     sys_updated_on=_fmt(old_updated, False))
        return Incident(cells, "duplicate", x.number, x.short_description)

    insert_duplicates(rng, rows, finished, n_dup, old_version, spread=200)
    # rows the indexer must quarantine
    breakers = (("number", ""), ("opened_at", "31/02/2026 09:12:00"), ("number", "?"), ("opened_at", "TBC"))

    def broken(j: int, template: Incident) -> Incident:
        column, value = breakers[j % len(breakers)]
        number = f"INC{10001 + n_ok + j:07d}"
        cells = dict(template.cells, number=number)
        cells[column] = value
        if column == "opened_at":
            cells["sys_updated_on"] = ""  # no other date to fall back on
        return Incident(cells, "broken", number, template.short_description)

    insert_broken(rng, rows, ok, n_broken, broken)
    return rows


def write_export(path: Path, n: int = 3000, seed: int = SEED) -> Path:
    """Write the export as CSV (``.csv``, or gzip-compressed ``.csv.gz`` with a fixed header: same bytes every time)."""
    return write_csv(path, COLUMNS, (x.cells for x in generate_incidents(n, seed)))


def main(argv: list[str] | None = None) -> None:
    export_main(__doc__, generate_incidents, COLUMNS, SEED, argv)


if __name__ == "__main__":
    main()

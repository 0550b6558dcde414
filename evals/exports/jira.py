"""A held-out, never-seen export: Jira Service Management requests, generated deterministically (plain Python, seeded).

It looks like a CSV export of a Jira Service Management project ("ITSM") and shares no column
names with the bundled sample or the ServiceNow export: ``Issue key`` (ITSM-1001…), ``Summary``,
``Description``, ``Resolution comment`` (the fix), ``Status`` (Open, Waiting for support, Waiting
for customer, In Progress, Escalated, Resolved, Closed, Canceled; the last three are finished),
``Priority`` (Highest, High, Medium, Low, Lowest), ``Request Type`` (Get IT help, Fix an account
problem, Request new hardware, Request new software, Report a system problem, Request access,
Onboard a new employee), ``Component`` (Laptop, VPN, Email, Printing, SSO, Wi-Fi,
Jira/Confluence, Payroll app, Slack, Meeting rooms, Mobile phone), ``Team`` (Service Desk L1,
Service Desk L2, Network Operations, Identity & Access, Workplace Tech, Business Apps),
``Office`` (Berlin, Lisbon, Austin, Toronto, Singapore, Dublin, Remote), ``Source`` (Portal,
Email, Slack, Phone), ``Reporter`` and ``Assignee`` (people: PII), ``Resolution`` (Done, Won't
Do, …) and the dates ``Created``, ``Updated``, ``Resolved`` in Jira's export style
``03/May/26 2:22 PM`` (minutes only, 12-hour clock).

What makes it realistic, and what the truth knows about it:

* fifteen recurring issue types (VPN drops, Okta MFA resets, printer jams, payroll app errors,
  new laptops, onboarding, …), each with several summaries, descriptions by source, and
  resolution comments holding the fix;
* resolution times are log-normal by priority (hours for Highest, days to weeks for Low and
  Lowest); some requests are stuck (waiting for the customer, escalated) for weeks; resolved
  requests auto-close after 5 days (some are closed by the reporter earlier); a few are canceled
  (Resolution "Won't Do"), which sets the Resolved date as Jira does;
* some descriptions carry the reporter's phone number, e-mail or signature (planted PII, listed
  in :attr:`JiraIssue.pii`; phone numbers from ranges reserved for fiction, e-mails on
  ``.example``);
* messy cells: blank office / component / source / assignee, padded values; every one of them is
  reflected in the typed truth of :class:`JiraIssue` exactly as the mapping reads it;
* a few *deliberately broken* rows (no key, an impossible date, no date at all; ``kind ==
  "broken"``) that the indexer quarantines, and older versions of some requests written after
  their newer version (``kind == "duplicate"``), which "latest update wins" supersedes.

This export is **held out**: its questions (``evals/golden/jira-3000.jsonl``) were written
without reading the engine's question-understanding rules.  The evaluation's clock is
:data:`NOW` (naive UTC, a Wednesday): run the questions with ``--now 2026-05-20T15:30``.
Regenerate the file with::

    python -m evals.exports.jira --rows 3000 --out evals/exports/jira-3000.csv.gz
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
    ascii_lower,
    choose,
    dated,
    draw_times,
    fill_slots,
    insert_broken,
    insert_duplicates,
    to_minute,
    working_hours,
)

#: the evaluation's "now" for this export (naive UTC; every date in the export is before it)
NOW = datetime(2026, 5, 20, 15, 30, 0)
#: the first request is created on this day
START = datetime(2025, 3, 3, 0, 0, 0)
SEED = 29
#: how Jira writes dates in a CSV export: 03/May/26 2:22 PM (no seconds)
DATE_FORMAT = "%d/%b/%y %I:%M %p"

COLUMNS: tuple[str, ...] = (
    "Issue key", "Issue id", "Summary", "Issue Type", "Request Type", "Status", "Priority", "Resolution", "Component",
    "Team", "Office", "Source", "Reporter", "Assignee", "Created", "Updated", "Resolved", "Description",
    "Resolution comment",
)
STATUSES: tuple[str, ...] = ("Open", "Waiting for support", "Waiting for customer", "In Progress", "Escalated",
                             "Resolved", "Closed", "Canceled")
FINISHED_STATES = frozenset({"Resolved", "Closed", "Canceled"})
PRIORITIES: tuple[str, ...] = ("Highest", "High", "Medium", "Low", "Lowest")
REQUEST_TYPES: tuple[str, ...] = ("Get IT help", "Fix an account problem", "Request new hardware", "Request new software",
                                  "Report a system problem", "Request access", "Onboard a new employee")
COMPONENTS: tuple[str, ...] = ("Laptop", "VPN", "Email", "Printing", "SSO", "Wi-Fi", "Jira/Confluence", "Payroll app",
                               "Slack", "Meeting rooms", "Mobile phone")
TEAMS: tuple[str, ...] = ("Service Desk L1", "Service Desk L2", "Network Operations", "Identity & Access",
                          "Workplace Tech", "Business Apps")
L1 = "Service Desk L1"
OFFICES: tuple[str, ...] = ("Berlin", "Remote", "Lisbon", "Austin", "Toronto", "Singapore", "Dublin")
_OFFICE_WEIGHTS = (25, 22, 15, 14, 11, 8, 5)
SOURCES: tuple[str, ...] = ("Portal", "Email", "Slack", "Phone")
_SOURCE_WEIGHTS = (46, 22, 24, 8)

_WORDS = load_table("jira_export")
_NAMES = Names(_WORDS["first_names"], _WORDS["family_names"])
#: words for the templates' {app}, {printer}, {when}, {room}, {proj}, {team_name}
_SLOTS: dict[str, tuple[str, ...]] = _WORDS["slots"]
_OPENERS: dict[str, tuple[str, ...]] = _WORDS["openers"]
_IMPACT_TEXT: tuple[str, ...] = _WORDS["impact_text"]
_CLOSE_EXTRA: tuple[str, ...] = _WORDS["close_extra"]


@dataclass(frozen=True)
class Issue:
    """A recurring issue type: request type(s), component, resolver teams, how people describe it and how it gets fixed."""

    key: str
    request_types: tuple[str, ...]
    component: str
    teams: tuple[str, ...]
    summaries: tuple[str, ...]
    symptoms: tuple[str, ...]
    fixes: tuple[str, ...]
    #: weights of Highest..Lowest
    priority_weights: tuple[float, ...]
    slow: float = 1.0
    weight: float = 1.0
    #: offices where it never happens (e.g. no office printer for remote people)
    not_remote: bool = False


#: the recurring issue types (``evals/data/jira_export.toml``)
ISSUES: tuple[Issue, ...] = tuple(Issue(**row) for row in _WORDS["issues"])


@dataclass
class JiraIssue:
    """One row of the export (``cells``, as written) and what the mapping reads from it (the truth).

    ``kind``: ``ok`` (a current request), ``duplicate`` (an older version of an ``ok`` one,
    superseded by it) or ``broken`` (quarantined by the indexer).  For ``ok`` rows the typed
    fields hold exactly what :mod:`indexing.mapping` makes of the cells: blank cells become None,
    values are stripped; dates have minutes, no seconds.
    """

    cells: dict[str, str]
    kind: str
    key: str
    summary: str
    status: str | None = None
    priority: str | None = None
    request_type: str | None = None
    #: the ``[metadata]`` fields of the mapping: component, team, office, source
    meta: dict[str, str | None] = field(default_factory=dict)
    created: datetime | None = None
    updated: datetime | None = None
    resolved: datetime | None = None
    #: (entity type, value) of every PII value in the row
    pii: tuple[tuple[str, str], ...] = ()
    issue: str = ""


def fmt(dt: datetime | None) -> str:
    """A date as Jira writes it in a CSV export: ``03/May/26 2:22 PM`` (hour without its leading zero)."""
    if dt is None:
        return ""
    s = dt.strftime(DATE_FORMAT)
    hour = s.split(" ")[1]
    return s.replace(" " + hour, " " + hour.lstrip("0"), 1) if hour.startswith("0") else s


_SPAN = (NOW - START).total_seconds()


def _created_weight(t: datetime) -> float:
    """Creation times: busy weekdays, quiet weekends, office hours, growth."""
    # offices in several time zones
    w = working_hours(t, saturday=0.15, sunday=0.08, busy=(7, 18), shoulder=(5, 22, 0.3), night=0.05)
    w *= 0.7 + 0.3 * (t - START).total_seconds() / _SPAN
    return w


def _fill(rng: random.Random, template: str, slots: dict[str, str]) -> str:
    fill_slots(rng, template, slots, _SLOTS)
    slots.setdefault("n", str(choose(rng, (2, 5, 10, 15))))
    if "{name}" in template and "name" not in slots:
        slots["name"] = choose(rng, _NAMES.first)  # a first name only: the new starter
    return template.format(**slots)


def _duration_hours(rng: random.Random, priority: int, issue: Issue) -> float:
    median = {1: 2.5, 2: 9.0, 3: 28.0, 4: 80.0, 5: 220.0}[priority] * issue.slow
    hours = median * math.exp(rng.gauss(0.0, 0.9))
    return min(max(hours, 0.1), 24 * 110)


def generate_issues(n: int = 3000, seed: int = SEED) -> list[JiraIssue]:
    """The export's ``n`` rows in file order (ok, duplicate and broken rows together)."""
    if n < 20:
        raise ValueError("n must be at least 20 (the export needs room for its messy rows)")
    rng = random.Random(seed)
    n_broken = max(3, n // 700)
    n_dup = max(2, n // 500)
    n_ok = n - n_broken - n_dup
    reporters = sorted({_NAMES.person(rng) for _ in range(n_ok // 7 + 40)})
    agents = {t: [_NAMES.person(rng) for _ in range(5 if t == L1 else 3)] for t in TEAMS}
    weights = [i.weight for i in ISSUES]

    ok: list[JiraIssue] = []
    for i, created in enumerate(draw_times(rng, n_ok, START, NOW, _created_weight, whole_seconds=True, snap=to_minute)):
        key = f"ITSM-{1001 + i}"
        issue = choose(rng, ISSUES, weights)
        rtype = choose(rng, issue.request_types)
        prio = choose(rng, (1, 2, 3, 4, 5), issue.priority_weights)
        source = choose(rng, SOURCES, (20, 15, 40, 25) if prio == 1 else _SOURCE_WEIGHTS)
        office = choose(rng, OFFICES, _OFFICE_WEIGHTS)
        while issue.not_remote and office == "Remote":
            office = choose(rng, OFFICES, _OFFICE_WEIGHTS)
        team = L1 if rng.random() < 0.22 and L1 not in issue.teams else choose(rng, issue.teams)
        if prio <= 2 and rng.random() < 0.3 and team == L1:
            team = "Service Desk L2"
        reporter = choose(rng, reporters)
        # --- lifecycle
        age_h = (NOW - created).total_seconds() / 3600
        stuck = age_h > 24 * 14 and rng.random() < (0.045 if prio > 1 else 0.015)
        resolved: datetime | None = None
        closed_early = False
        if not stuck:
            hours = _duration_hours(rng, prio, issue)
            if hours < age_h:
                resolved = to_minute(created + timedelta(seconds=int(hours * 3600)))
        canceled = resolved is not None and rng.random() < 0.04
        if canceled:  # canceled quickly: a duplicate request, or the problem went away
            resolved = to_minute(created + timedelta(seconds=int(600 + rng.random() * min(age_h * 3600 - 600, 2 * 86400))))
        if resolved is None:
            if stuck:
                status = choose(rng, ("Waiting for customer", "Escalated", "Waiting for support", "In Progress"), (40, 25, 20, 15))
            elif age_h < 2:
                status = "Open" if rng.random() < 0.7 else "Waiting for support"
            else:
                status = choose(rng, ("In Progress", "Waiting for customer", "Waiting for support", "Escalated", "Open"),
                                 (45, 22, 15, 10, 8))
            if status == "Open":
                updated = created
            else:
                updated = to_minute(created + timedelta(seconds=int(rng.random() * (NOW - created).total_seconds())))
            resolution = ""
        else:
            since = (NOW - resolved).total_seconds()
            if canceled:
                status, resolution = "Canceled", choose(rng, ("Won't Do", "Duplicate", "Won't Do"))
                updated = resolved
            else:
                resolution = "Done"
                if since < 5 * 86400:
                    closed_early = rng.random() < 0.2  # the reporter confirmed
                    status = "Closed" if closed_early else "Resolved"
                    updated = to_minute(resolved + timedelta(seconds=int(rng.random() * since))) if closed_early else resolved
                else:
                    status = "Closed" if rng.random() < 0.92 else "Resolved"  # auto-close after 5 days, a few slip
                    updated = resolved + timedelta(days=5) if status == "Closed" else resolved
        # --- text
        slots: dict[str, str] = {}
        summary = _fill(rng, choose(rng, issue.summaries), slots)
        if rng.random() < 0.04:
            summary = choose(rng, ("URGENT: ", "[urgent] ", "FW: ")) + summary
        elif rng.random() < 0.04:
            summary = summary.lower()
        pii: list[tuple[str, str]] = [("PERSON", reporter)]
        description = choose(rng, _OPENERS[source]) + _fill(rng, choose(rng, issue.symptoms), slots)
        extra = choose(rng, _IMPACT_TEXT)
        if extra:
            description += " " + extra
        r = rng.random()
        if r < 0.07:
            phone = choose(rng, ("07700 900", "+44 20 7946 0")) + f"{int(rng.random() * 1000):03d}"
            description += f" Call me on {phone} if easier."
            pii.append(("PHONE_NUMBER", phone))
        elif r < 0.11:
            phone = choose(rng, ("(512) 555-01", "+1 416 555 01")) + f"{int(rng.random() * 100):02d}"
            description += f" My mobile is {phone}."
            pii.append(("PHONE_NUMBER", phone))
        elif r < 0.18:
            first, last = reporter.split()
            email = f"{ascii_lower(first)}.{ascii_lower(last)}@northwind.example"
            description += f" Reply to {email} please."
            pii.append(("EMAIL_ADDRESS", email))
        if source == "Email" and rng.random() < 0.45:
            description += f"\n\nThanks,\n{reporter}"
        if source == "Portal" and rng.random() < 0.06:
            description = ""  # only the summary was filled in
            pii = [x for x in pii if x[0] == "PERSON"]
        comment = ""
        if resolved is not None:
            if canceled:
                comment = choose(rng, ("Duplicate of another request.", "Reporter says it fixed itself.",
                                        "Canceled by the reporter.", ""))
            else:
                comment = f"{_fill(rng, choose(rng, issue.fixes), slots)} {choose(rng, _CLOSE_EXTRA)}".strip()
                if rng.random() < 0.03:
                    comment = ""
        assignee = "" if status in ("Open",) or (status == "Waiting for support" and rng.random() < 0.5) else \
            choose(rng, agents[team])
        if assignee:
            pii.append(("PERSON", assignee))
        # --- messy cells (the truth says what the mapping makes of them)
        component_cell = "" if rng.random() < 0.02 else issue.component
        office_cell = "" if rng.random() < 0.012 else office
        source_cell = "" if rng.random() < 0.006 else source
        if rng.random() < 0.008:
            office_cell = f"{office_cell} " if office_cell else office_cell
        rtype_cell = f" {rtype}" if rng.random() < 0.006 else rtype
        status_cell = f"{status} " if rng.random() < 0.006 else status
        team_cell = f"{team}  " if rng.random() < 0.006 else team
        cells = {
            "Issue key": key, "Issue id": str(20417 + 3 * i), "Summary": summary, "Issue Type": "[System] Service request"
            if rtype.startswith(("Request", "Onboard")) else "[System] Incident",
            "Request Type": rtype_cell, "Status": status_cell, "Priority": PRIORITIES[prio - 1], "Resolution": resolution,
            "Component": component_cell, "Team": team_cell, "Office": office_cell, "Source": source_cell,
            "Reporter": reporter, "Assignee": assignee, "Created": fmt(created), "Updated": fmt(updated),
            "Resolved": fmt(resolved), "Description": description, "Resolution comment": comment,
        }
        meta = {"component": component_cell or None, "team": team, "office": office_cell.strip() or None,
                "source": source_cell or None}
        ok.append(JiraIssue(cells, "ok", key, summary, status, PRIORITIES[prio - 1], rtype, meta, created, updated,
                            resolved, tuple(dict.fromkeys(pii)), issue.key))

    rows: list[JiraIssue] = list(ok)
    # older versions of a few finished requests, written *after* the current one
    finished = [x for x in ok if x.status in FINISHED_STATES and dated(x.created) < NOW - timedelta(days=30)]

    def old_version(x: JiraIssue) -> JiraIssue:
        old_updated = dated(x.created) + timedelta(minutes=15 + int(rng.random() * 120))
        cells = dict(x.cells, Status="In Progress", Resolved="", Resolution="", **{"Resolution comment": ""},
                     Updated=fmt(old_updated))
        return JiraIssue(cells, "duplicate", x.key, x.summary)

    insert_duplicates(rng, rows, finished, n_dup, old_version, spread=200)
    # rows the indexer must quarantine
    breakers = (("Issue key", ""), ("Created", "31/Feb/26 9:12 AM"), ("Created", "TBC"), ("Issue key", ""))

    def broken(j: int, template: JiraIssue) -> JiraIssue:
        column, value = breakers[j % len(breakers)]
        key = f"ITSM-{1001 + n_ok + j}"
        cells = dict(template.cells, **{"Issue key": key})
        cells[column] = value
        if column == "Created":
            cells["Updated"] = ""  # no other date to fall back on
        return JiraIssue(cells, "broken", key, template.summary)

    insert_broken(rng, rows, ok, n_broken, broken)
    return rows


def write_export(path: Path, n: int = 3000, seed: int = SEED) -> Path:
    """Write the export as CSV (``.csv``, or gzip-compressed ``.csv.gz`` with a fixed header: same bytes every time)."""
    return write_csv(path, COLUMNS, (x.cells for x in generate_issues(n, seed)))


def main(argv: list[str] | None = None) -> None:
    export_main(__doc__, generate_issues, COLUMNS, SEED, argv)


if __name__ == "__main__":
    main()

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
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from evals.exports import export_main, write_csv

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

_FIRST = ("Aino", "Babajide", "Camille", "Diego", "Esther", "Filip", "Greta", "Hamza", "Ilse", "Joaquim", "Keiko",
          "Luca", "Marisol", "Nils", "Olamide", "Pilar", "Rafael", "Sanne", "Tiago", "Ulla", "Vikram", "Wiebke",
          "Xiadani", "Yara", "Zeynep", "Arjun", "Brigid", "Cosmin", "Dagny", "Eero", "Fatima", "Gideon", "Hiroko",
          "Ismael", "Johanna", "Kofi", "Liesel", "Mads", "Nuria", "Otto")
_LAST = ("Albrecht", "Barros", "Chowdhury", "Delacroix", "Engström", "Fonseca", "Grünewald", "Hoekstra", "Ishikawa",
         "Jaramillo", "Kowalczyk", "Lindgren", "Mendes", "Nieminen", "Oyelaran", "Pereira", "Quirke", "Rasmussen",
         "Sandoval", "Thorsen", "Ueda", "Vasquez", "Wojcik", "Xavier", "Yamamoto", "Zimmermann", "Aguiar", "Brennan",
         "Castellanos", "Dekker")
_APPS = ("Workday", "Salesforce", "Figma", "Tableau", "Greenhouse", "NetSuite", "GitHub", "Miro", "Datadog", "Lucidchart")
_PRINTERS = ("the 3rd floor printer", "the big Ricoh by the kitchen", "PRN-BER-02", "PRN-LIS-01", "the printer near reception")
_WHEN = ("since this morning", "since yesterday", "since Monday", "after the last update", "since I changed my password",
         "for about an hour", "since lunch", "on and off all week", "since I came back from leave")
_ROOMS = ("Spree", "Tejo", "Colorado", "Ontario", "Marina", "Liffey", "the big boardroom")


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


ISSUES: tuple[Issue, ...] = (
    Issue("vpn", ("Get IT help", "Report a system problem"), "VPN", ("Network Operations",),
          ("VPN keeps disconnecting", "Can't connect to the VPN from home", "Cisco AnyConnect stuck on 'Connecting'",
           "VPN very slow when on calls", "VPN not working after password change"),
          ("My VPN drops every {n} minutes {when} and I lose access to the internal tools.",
           "AnyConnect just says 'Connection attempt has failed' {when}. My home internet is fine.",
           "The VPN connects but everything internal is super slow {when}."),
          ("Reset the user's AnyConnect profile and reinstalled the client; connection stable for 30 minutes.",
           "Cached credentials cleared after the password change; user reconnected fine.",
           "Device certificate had expired; re-issued it through Jamf/Intune and the tunnel comes up.",
           "Moved the user to the EU gateway; latency back to normal."),
          (3, 16, 55, 22, 4), 1.0, 3.0),
    Issue("wifi", ("Get IT help",), "Wi-Fi", ("Network Operations", "Workplace Tech"),
          ("No Wi-Fi on the 2nd floor", "Wi-Fi super slow in the meeting rooms", "Laptop can't see the office Wi-Fi",
           "Guest Wi-Fi not working for visitors"),
          ("The office Wi-Fi has been unusable {when}, a few of us are affected.",
           "My laptop doesn't show the corporate network anymore but my phone does."),
          ("Access point rebooted and firmware updated; coverage back to normal.",
           "Removed the old Wi-Fi profile and re-enrolled the device certificate.",
           "Guest portal certificate renewed; visitors can log in again."),
          (3, 15, 50, 27, 5), 1.1, 1.8, True),
    Issue("laptop_slow", ("Get IT help",), "Laptop", (L1, "Workplace Tech"),
          ("Laptop very slow", "MacBook overheating and fans loud", "Laptop won't turn on", "Blue screen after update",
           "Laptop battery drains in an hour"),
          ("My laptop is painfully slow {when}, apps take minutes to open.",
           "The laptop gets really hot and the fan is loud even with nothing open.",
           "The laptop doesn't boot at all {when}, just a black screen."),
          ("Cleared disk space and removed a runaway sync process; performance back to normal.",
           "Rolled back the faulty OS update and paused updates for the device.",
           "Battery failed diagnostics; replaced the battery under warranty.",
           "Swapped the laptop for a loaner and sent it for repair."),
          (2, 12, 52, 30, 4), 1.3, 2.6),
    Issue("new_laptop", ("Request new hardware",), "Laptop", ("Workplace Tech",),
          ("Request for a new laptop", "Laptop replacement - old one is 4 years old", "Need a MacBook Pro for design work",
           "Request: second monitor and dock"),
          ("My current laptop is out of warranty and very slow, can I get a replacement?",
           "I'm moving to the design team and need a more powerful machine.",
           "Could I get a second monitor and a USB-C dock for my desk?"),
          ("New laptop provisioned and shipped; old device collected for wiping.",
           "Monitor and dock delivered to the user's desk.",
           "Approved by the manager; laptop handed over at the IT bar."),
          (0.2, 4, 40, 45, 10.8), 2.2, 1.6),
    Issue("email", ("Get IT help", "Report a system problem"), "Email", (L1, "Service Desk L2"),
          ("Outlook keeps asking for my password", "Not receiving external emails", "Can't send emails with attachments",
           "Shared mailbox missing in Outlook", "Emails going to junk"),
          ("Outlook prompts for my password every few minutes {when}.",
           "Customers say their emails bounce, and I haven't had an external email {when}.",
           "Anything with an attachment sits in the outbox and never sends."),
          ("Cleared cached credentials and recreated the Outlook profile.",
           "Mailbox was over quota; archived old items and enabled auto-archive.",
           "Re-added the shared mailbox permission with automapping; it shows up after a restart.",
           "Sender domain added to the allow list; mail flows again."),
          (1, 10, 55, 30, 4), 0.8, 2.6),
    Issue("printing", ("Get IT help",), "Printing", ("Workplace Tech",),
          ("Printer not printing", "Paper jam on {printer}", "Can't add the office printer on my Mac",
           "Print jobs stuck in the queue"),
          ("Nothing I send to {printer} comes out {when}.",
           "{printer} says paper jam but there's no paper stuck."),
          ("Cleared the print queue and restarted the print server spooler.",
           "Removed a torn sheet from the fuser; printer back online.",
           "Installed the printer driver via Self Service and added the queue."),
          (0.5, 6, 45, 40, 8.5), 1.0, 1.8, True),
    Issue("sso", ("Fix an account problem",), "SSO", ("Identity & Access",),
          ("Okta MFA reset needed", "Locked out of Okta", "Lost my phone - need MFA reset", "Can't log in with SSO to {app}",
           "Okta says 'user not assigned to application'"),
          ("I got a new phone and Okta Verify doesn't work anymore, I'm locked out {when}.",
           "SSO to {app} fails with 'user not assigned' {when}.",
           "Okta locked my account after too many attempts."),
          ("MFA factors reset; user re-enrolled Okta Verify on the new phone.",
           "Unlocked the Okta account; the lockouts came from an old laptop with saved credentials.",
           "Assigned the {app} app to the user's Okta group."),
          (2, 14, 55, 25, 4), 0.35, 3.2),
    Issue("access", ("Request access",), "Jira/Confluence", ("Identity & Access", "Business Apps"),
          ("Need access to the Finance Confluence space", "Request access to Jira project {proj}",
           "Access to {app} for new role", "Admin rights on Confluence space"),
          ("I've joined the {proj} team and need access to their Jira project and Confluence space.",
           "My manager approved access to {app}, can you set it up?"),
          ("Access granted after manager approval.", "Added the user to the {proj} project role.",
           "Request declined by the space owner; user pointed to the public space instead."),
          (0.5, 7, 50, 35, 7.5), 0.9, 2.4),
    Issue("confluence_bug", ("Report a system problem",), "Jira/Confluence", ("Business Apps",),
          ("Confluence page won't load", "Jira board very slow", "Jira automation rule not firing",
           "Confluence editor keeps losing my changes"),
          ("The {proj} board takes over a minute to load {when}.",
           "Confluence editor throws 'something went wrong' and I lose my edits."),
          ("Archived old issues from the board filter; load time down to 3 seconds.",
           "Browser extension conflicted with the editor; disabled it.",
           "Automation rule was owned by a deactivated user; re-assigned the rule actor."),
          (2, 14, 50, 28, 6), 1.2, 1.2),
    Issue("payroll", ("Report a system problem", "Get IT help"), "Payroll app", ("Business Apps", "Service Desk L2"),
          ("Payroll app shows error 500", "Can't see my payslip", "Payroll app login loop", "Expense export to payroll failing"),
          ("The payroll app gives an internal error {when} and I can't see my payslip.",
           "Logging into the payroll app just loops back to the login page."),
          ("Vendor fixed the session timeout bug; payslips visible again.",
           "User's employee record was missing a cost centre; HR corrected it.",
           "Cleared cookies and re-synced the user from Workday."),
          (6, 24, 45, 20, 5), 1.5, 1.3),
    Issue("onboarding", ("Onboard a new employee",), "Laptop", (L1, "Identity & Access"),
          ("New starter on Monday - {name}", "Onboarding: new hire in {team_name}", "Set up accounts for new joiner",
           "New employee laptop and accounts"),
          ("We have a new hire starting next Monday, please set up a laptop, Okta and Slack.",
           "New joiner in my team, needs the usual accounts plus access to {app}."),
          ("Laptop imaged, accounts created and welcome email sent to the manager.",
           "All accounts created; laptop handed over on day one.",
           "Start date moved by HR; accounts created for the new date."),
          (0.5, 8, 55, 32, 4.5), 1.8, 1.4),
    Issue("slack", ("Get IT help",), "Slack", ("Business Apps", L1),
          ("Slack notifications not working", "Can't join a Slack channel", "Slack huddles have no audio",
           "Need a Slack shared channel with a partner"),
          ("I'm not getting any Slack notifications {when} on the desktop app.",
           "Slack huddles: nobody can hear me, my headset works in Zoom."),
          ("Reset the notification settings and reinstalled the desktop app.",
           "Shared channel set up with the partner's workspace after Security approval.",
           "Granted microphone permission to Slack in macOS settings."),
          (0.5, 6, 45, 40, 8.5), 0.7, 1.5),
    Issue("software", ("Request new software",), "Laptop", (L1, "Workplace Tech"),
          ("Install request: {app} desktop", "Need a licence for {app}", "Request for Adobe Acrobat Pro", "Install Docker Desktop"),
          ("Could you install {app} on my laptop? My manager approved it.",
           "I need a licence for {app} for a project starting next week."),
          ("Licence assigned and app pushed through Self Service.", "Installed after the licence was approved.",
           "Pointed the user to the free alternative already in Self Service."),
          (0.2, 3, 45, 42, 9.8), 1.6, 1.4),
    Issue("meeting_room", ("Get IT help",), "Meeting rooms", ("Workplace Tech",),
          ("Meeting room screen not working in {room}", "Zoom Room in {room} won't start a meeting",
           "No sound in {room} meeting room"),
          ("The screen in {room} doesn't pick up my laptop {when}.",
           "The Zoom Room controller in {room} is stuck on the logo."),
          ("Rebooted the Zoom Room and updated its firmware.", "Replaced the HDMI cable and the adapter.",
           "Re-paired the room controller with the room PC."),
          (1, 12, 52, 30, 5), 0.8, 1.0, True),
    Issue("phone", ("Request new hardware", "Get IT help"), "Mobile phone", ("Workplace Tech", L1),
          ("Company phone broken screen", "Request a company phone", "Work email not syncing on my phone",
           "Lost my work phone"),
          ("I dropped my company phone and the screen is cracked.",
           "My work email stopped syncing on my phone {when}."),
          ("Replacement phone shipped; old one wiped remotely.", "Re-enrolled the phone in MDM; mail syncs again.",
           "Device locked and wiped via MDM; new phone ordered."),
          (1, 10, 50, 32, 7), 1.4, 1.2),
)

_PROJECTS = ("DATA", "WEB", "MOBILE", "PAY", "OPS", "GROWTH")
_TEAM_NAMES = ("Sales", "Marketing", "Engineering", "Finance", "Customer Success", "People")
_OPENERS = {
    "Phone": ("Caller says: ", "User called the desk - ", "Phone call: "),
    "Email": ("Hi,\n\n", "Hello IT,\n\n", "Hi team,\n\n", "Good morning,\n\n"),
    "Slack": ("hey! ", "hi - ", "(from #it-help) ", ""),
    "Portal": ("",),
}
_IMPACT_TEXT = ("I can't work like this.", "This is blocking my whole team.", "Not urgent.", "Please help asap!",
                "I have a client demo today.", "")
_CLOSE_EXTRA = ("User confirmed it works.", "Resolving, please reopen if it comes back.", "", "Monitored for a day, no recurrence.")


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


def _choose(rng: random.Random, seq: Sequence[Any], weights: Sequence[float] | None = None) -> Any:
    return rng.choices(seq, weights=weights, k=1)[0] if weights else seq[int(rng.random() * len(seq))]


def _minute(d: datetime) -> datetime:
    return d.replace(second=0, microsecond=0)


def _created_times(rng: random.Random, n: int) -> list[datetime]:
    """``n`` creation times between START and NOW: busy weekdays, quiet weekends, office hours, growth."""
    span = (NOW - START).total_seconds()
    out = []
    while len(out) < n:
        t = _minute(START + timedelta(seconds=int(rng.random() * span)))
        day = t.weekday()
        hour = t.hour + t.minute / 60
        w = 1.0 if day < 5 else (0.15 if day == 5 else 0.08)
        w *= 1.0 if 7 <= hour < 18 else (0.3 if 5 <= hour < 22 else 0.05)  # offices in several time zones
        w *= 0.7 + 0.3 * (t - START).total_seconds() / span
        if rng.random() < w:
            out.append(t)
    return sorted(out)


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _person(rng: random.Random) -> str:
    return f"{_choose(rng, _FIRST)} {_choose(rng, _LAST)}"


def _fill(rng: random.Random, template: str, slots: dict[str, str]) -> str:
    for key, pool in (("app", _APPS), ("printer", _PRINTERS), ("when", _WHEN), ("room", _ROOMS), ("proj", _PROJECTS),
                      ("team_name", _TEAM_NAMES)):
        if "{" + key + "}" in template and key not in slots:
            slots[key] = _choose(rng, pool)
    slots.setdefault("n", str(_choose(rng, (2, 5, 10, 15))))
    if "{name}" in template and "name" not in slots:
        slots["name"] = _choose(rng, _FIRST)  # a first name only: the new starter
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
    reporters = sorted({_person(rng) for _ in range(n_ok // 7 + 40)})
    agents = {t: [_person(rng) for _ in range(5 if t == L1 else 3)] for t in TEAMS}
    weights = [i.weight for i in ISSUES]

    ok: list[JiraIssue] = []
    for i, created in enumerate(_created_times(rng, n_ok)):
        key = f"ITSM-{1001 + i}"
        issue = _choose(rng, ISSUES, weights)
        rtype = _choose(rng, issue.request_types)
        prio = _choose(rng, (1, 2, 3, 4, 5), issue.priority_weights)
        source = _choose(rng, SOURCES, (20, 15, 40, 25) if prio == 1 else _SOURCE_WEIGHTS)
        office = _choose(rng, OFFICES, _OFFICE_WEIGHTS)
        while issue.not_remote and office == "Remote":
            office = _choose(rng, OFFICES, _OFFICE_WEIGHTS)
        team = L1 if rng.random() < 0.22 and L1 not in issue.teams else _choose(rng, issue.teams)
        if prio <= 2 and rng.random() < 0.3 and team == L1:
            team = "Service Desk L2"
        reporter = _choose(rng, reporters)
        # --- lifecycle
        age_h = (NOW - created).total_seconds() / 3600
        stuck = age_h > 24 * 14 and rng.random() < (0.045 if prio > 1 else 0.015)
        resolved: datetime | None = None
        closed_early = False
        if not stuck:
            hours = _duration_hours(rng, prio, issue)
            if hours < age_h:
                resolved = _minute(created + timedelta(seconds=int(hours * 3600)))
        canceled = resolved is not None and rng.random() < 0.04
        if canceled:  # canceled quickly: a duplicate request, or the problem went away
            resolved = _minute(created + timedelta(seconds=int(600 + rng.random() * min(age_h * 3600 - 600, 2 * 86400))))
        if resolved is None:
            if stuck:
                status = _choose(rng, ("Waiting for customer", "Escalated", "Waiting for support", "In Progress"), (40, 25, 20, 15))
            elif age_h < 2:
                status = "Open" if rng.random() < 0.7 else "Waiting for support"
            else:
                status = _choose(rng, ("In Progress", "Waiting for customer", "Waiting for support", "Escalated", "Open"),
                                 (45, 22, 15, 10, 8))
            if status == "Open":
                updated = created
            else:
                updated = _minute(created + timedelta(seconds=int(rng.random() * (NOW - created).total_seconds())))
            resolution = ""
        else:
            since = (NOW - resolved).total_seconds()
            if canceled:
                status, resolution = "Canceled", _choose(rng, ("Won't Do", "Duplicate", "Won't Do"))
                updated = resolved
            else:
                resolution = "Done"
                if since < 5 * 86400:
                    closed_early = rng.random() < 0.2  # the reporter confirmed
                    status = "Closed" if closed_early else "Resolved"
                    updated = _minute(resolved + timedelta(seconds=int(rng.random() * since))) if closed_early else resolved
                else:
                    status = "Closed" if rng.random() < 0.92 else "Resolved"  # auto-close after 5 days, a few slip
                    updated = resolved + timedelta(days=5) if status == "Closed" else resolved
        # --- text
        slots: dict[str, str] = {}
        summary = _fill(rng, _choose(rng, issue.summaries), slots)
        if rng.random() < 0.04:
            summary = _choose(rng, ("URGENT: ", "[urgent] ", "FW: ")) + summary
        elif rng.random() < 0.04:
            summary = summary.lower()
        pii: list[tuple[str, str]] = [("PERSON", reporter)]
        description = _choose(rng, _OPENERS[source]) + _fill(rng, _choose(rng, issue.symptoms), slots)
        extra = _choose(rng, _IMPACT_TEXT)
        if extra:
            description += " " + extra
        r = rng.random()
        if r < 0.07:
            phone = _choose(rng, ("07700 900", "+44 20 7946 0")) + f"{int(rng.random() * 1000):03d}"
            description += f" Call me on {phone} if easier."
            pii.append(("PHONE_NUMBER", phone))
        elif r < 0.11:
            phone = _choose(rng, ("(512) 555-01", "+1 416 555 01")) + f"{int(rng.random() * 100):02d}"
            description += f" My mobile is {phone}."
            pii.append(("PHONE_NUMBER", phone))
        elif r < 0.18:
            first, last = reporter.split()
            email = f"{_ascii(first)}.{_ascii(last)}@northwind.example"
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
                comment = _choose(rng, ("Duplicate of another request.", "Reporter says it fixed itself.",
                                        "Canceled by the reporter.", ""))
            else:
                comment = f"{_fill(rng, _choose(rng, issue.fixes), slots)} {_choose(rng, _CLOSE_EXTRA)}".strip()
                if rng.random() < 0.03:
                    comment = ""
        assignee = "" if status in ("Open",) or (status == "Waiting for support" and rng.random() < 0.5) else \
            _choose(rng, agents[team])
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
    finished = [x for x in ok if x.status in FINISHED_STATES and x.created < NOW - timedelta(days=30)]
    for x in rng.sample(finished, n_dup):
        old_updated = x.created + timedelta(minutes=15 + int(rng.random() * 120))
        cells = dict(x.cells, Status="In Progress", Resolved="", Resolution="", **{"Resolution comment": ""},
                     Updated=fmt(old_updated))
        at = rows.index(x) + 1 + int(rng.random() * 200)
        rows.insert(min(at, len(rows)), JiraIssue(cells, "duplicate", x.key, x.summary))
    # rows the indexer must quarantine
    breakers = (("Issue key", ""), ("Created", "31/Feb/26 9:12 AM"), ("Created", "TBC"), ("Issue key", ""))
    for j in range(n_broken):
        template = _choose(rng, ok)
        column, value = breakers[j % len(breakers)]
        key = f"ITSM-{1001 + n_ok + j}"
        cells = dict(template.cells, **{"Issue key": key})
        cells[column] = value
        if column == "Created":
            cells["Updated"] = ""  # no other date to fall back on
        rows.insert(int(rng.random() * len(rows)), JiraIssue(cells, "broken", key, template.summary))
    return rows


def write_export(path: Path, n: int = 3000, seed: int = SEED) -> Path:
    """Write the export as CSV (``.csv``, or gzip-compressed ``.csv.gz`` with a fixed header: same bytes every time)."""
    return write_csv(path, COLUMNS, (x.cells for x in generate_issues(n, seed)))


def main(argv: list[str] | None = None) -> None:
    export_main(__doc__, generate_issues, COLUMNS, SEED, argv)


if __name__ == "__main__":
    main()

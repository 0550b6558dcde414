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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from evals.exports import export_main, write_csv

#: the evaluation's "now" (naive UTC, a Wednesday; every date in the export is before it)
NOW = datetime(2026, 4, 22, 15, 40)
START = datetime(2025, 1, 6, 0, 0)
SEED = 61
#: how this GLPI instance writes dates in its CSV export (the server's zone is UTC)
DATE_FORMAT = "%Y-%m-%d %H:%M"
FIRST_NUMBER = 17502

COLUMNS: tuple[str, ...] = (
    "ID", "Title", "Entity", "Status", "Type", "Priority", "Urgency", "Impact", "Category", "Request source",
    "Requester - Requester", "Assigned to - Group", "Assigned to - Technician", "Location", "Opening date",
    "Last update", "Time to resolve", "Resolution date", "Close date", "Description", "Solution",
)
STATUSES: tuple[str, ...] = ("New", "Processing (assigned)", "Processing (planned)", "Pending", "Solved", "Closed")
FINISHED = frozenset({"Solved", "Closed"})
LEVELS: tuple[str, ...] = ("Very low", "Low", "Medium", "High", "Very high")
PRIORITIES: tuple[str, ...] = LEVELS + ("Major",)
SOURCES: tuple[str, ...] = ("Helpdesk", "E-Mail", "Phone", "Direct", "Written", "Web form")
_SOURCE_WEIGHTS = (42, 27, 14, 7, 2, 8)
TYPES: tuple[str, ...] = ("Incident", "Request")
GROUPS: tuple[str, ...] = ("Service Desk", "Workstation Support", "Network Team", "Identity & Access", "Print & AV",
                           "Learning Apps", "CSIRT", "Research Computing")
DESK = "Service Desk"
#: entity (complete name) -> (weight, buildings of that entity)
ENTITIES: dict[str, tuple[float, tuple[str, ...]]] = {
    "Root entity > Campus North > Library": (14, ("Huygens Building",)),
    "Root entity > Campus North > Faculty of Science": (18, ("Lorentz Building", "Kamerlingh Lab")),
    "Root entity > Campus North > Faculty of Engineering": (13, ("Stevin Hall",)),
    "Root entity > Campus South > Faculty of Medicine": (17, ("Boerhaave Building", "Vesalius Lab")),
    "Root entity > Campus South > Faculty of Arts": (11, ("Erasmus House",)),
    "Root entity > City Centre > Law School": (8, ("Grotius Building",)),
    "Root entity > City Centre > Central Administration": (12, ("Academy Building",)),
    "Root entity > Student Residences": (7, ("Residence Hall A", "Residence Hall B")),
}
#: SLA (hours to resolve) by priority: drives the unmapped ``Time to resolve`` column only
SLA_HOURS = {"Major": 4, "Very high": 8, "High": 24, "Medium": 72, "Low": 120, "Very low": 240}

_FIRST = ("Anouk", "Bram", "Chiara", "Daan", "Elena", "Florian", "Greta", "Hugo", "Ilse", "Jonas", "Katja", "Lars",
          "Marit", "Niels", "Olga", "Pieter", "Quirine", "Ruben", "Sanne", "Thijs", "Ursula", "Vincent", "Wouter",
          "Xenia", "Yara", "Zeynep", "Aoife", "Bastian", "Camille", "Dmitri", "Esther", "Fenna", "Gijs", "Hanna",
          "Ivo", "Julia", "Koen", "Lieke", "Mehmet", "Noor", "Oskar", "Paula", "Rik", "Sofie", "Tobias")
_LAST = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer", "Dekker", "Brouwer",
         "Hoekstra", "Koster", "Vos", "Peters", "Hendriks", "van Dijk", "Schmidt", "Keller", "Moreau", "Rossi",
         "Novak", "Kowalski", "Lindqvist", "Okoye", "Yilmaz", "Nguyen", "Fischer", "Lambert", "Berg", "Sato")
_WHEN = ("since this morning", "since yesterday", "since Monday", "after the update last night", "all week",
         "since I changed my password", "for the last hour", "on and off today", "since the start of term")
_PRINTERS = ("the printer on the 2nd floor", "PRT-N-0214", "the Konica in the copy room", "PRT-S-1102",
             "the student printer by the entrance", "the colour printer in the secretariat")
_ROOMS = ("lecture hall 1", "lecture hall 3", "room 0.12", "room 2.07", "the Aula", "seminar room B", "room 1.44")
_SOFTWARE = ("SPSS", "MATLAB", "ArcGIS", "NVivo", "Stata", "EndNote")
_COURSES = ("Cell Biology", "Contract Law", "Anatomy II", "Thermodynamics", "Art History", "Organic Chemistry")


@dataclass(frozen=True)
class Sub:
    key: str
    category: str
    titles: tuple[str, ...]
    descriptions: tuple[str, ...]
    solutions: tuple[str, ...]
    type: str | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class Theme:
    key: str
    type: str
    groups: tuple[str, ...]
    subs: tuple[Sub, ...]
    #: weights of urgency and impact over LEVELS (Very low … Very high)
    urgency: tuple[float, ...]
    impact: tuple[float, ...]
    weight: float = 1.0
    slow: float = 1.0
    #: probability that an old ticket is stuck (pending for weeks, or planned far ahead)
    stuck: float = 0.09
    sources: tuple[float, ...] | None = None
    #: entity weights override (None = by size)
    entities: dict[str, float] | None = None


S = Sub
THEMES: tuple[Theme, ...] = (
    Theme("toner", "Request", ("Print & AV", DESK), (
        S("toner", "Hardware > Printer > Toner",
          ("Toner empty", "Toner low on {printer}", "New toner cartridge needed", "Printer out of toner",
           "Black toner replacement"),
          ("{printer} says the toner is empty, can someone bring a new cartridge?",
           "Toner warning on {printer} {when}, prints are very faint now.",
           "Could you replace the black toner in {printer}? We have exams to print."),
          ("Toner cartridge replaced.", "Delivered two toner cartridges from stock and installed one.",
           "Replaced toner and waste toner box.", "Toner ordered from the supplier and installed on delivery.")),
    ), (5, 30, 50, 13, 2), (10, 50, 35, 5, 0), 1.3, 1.1, stuck=0.05, sources=(50, 25, 12, 10, 1, 2)),
    Theme("printer", "Incident", ("Print & AV", DESK), (
        S("jam", "Hardware > Printer",
          ("Paper jam", "Printer keeps jamming", "Paper jam on {printer}", "Printer says paper jam but nothing stuck"),
          ("{printer} keeps reporting a paper jam {when}.", "There is a jam in tray 2 of {printer} that we can't clear."),
          ("Removed torn paper from the fuser unit; test page OK.", "Replaced the worn pickup roller.")),
        S("offline", "Hardware > Printer",
          ("Printer offline", "Cannot print to {printer}", "Print jobs stuck in the queue",
           "FollowMe printing not releasing jobs"),
          ("Nothing I send to {printer} comes out {when}.", "My print jobs stay in the queue and never print."),
          ("Restarted the print spooler on the print server; queue cleared.",
           "Printer had a new IP after a network change; updated the port.",
           "Re-added the FollowMe queue on the workstation.")),
    ), (3, 25, 55, 15, 2), (5, 45, 40, 10, 0), 1.0, 1.0, sources=(40, 25, 15, 15, 1, 4)),
    Theme("pc", "Incident", ("Workstation Support", DESK), (
        S("boot", "Hardware > Computer",
          ("PC won't start", "Computer does not boot", "Blue screen on my workstation", "Desktop stuck on restart loop"),
          ("My computer won't start {when}, just a black screen.", "Blue screen with CRITICAL_PROCESS_DIED every time I log in."),
          ("Reinstalled the workstation from the standard image.", "Faulty RAM module replaced.",
           "Power supply replaced; PC boots again.")),
        S("slow", "Hardware > Computer",
          ("Computer very slow", "Laptop extremely slow", "PC freezes all the time"),
          ("Everything takes minutes to open {when}.", "The laptop freezes for 30 seconds at a time."),
          ("Disk was full; cleaned temp files and the roaming profile.", "Replaced the HDD with an SSD.",
           "Removed a stuck Windows update and rebooted.")),
        S("monitor", "Hardware > Computer",
          ("Second monitor not detected", "Screen flickering", "Docking station not working"),
          ("My second screen stays black {when}.", "The docking station doesn't charge the laptop anymore."),
          ("Replaced the DisplayPort cable.", "Docking station firmware updated.", "Swapped the monitor."), weight=0.6),
    ), (3, 20, 52, 20, 5), (5, 60, 30, 5, 0), 1.5, 1.3),
    Theme("av", "Incident", ("Print & AV",), (
        S("projector", "Hardware > Audiovisual > Projector",
          ("Projector not working in {room}", "Beamer shows no signal", "No image on the projector in {room}",
           "Projector lamp broken"),
          ("The projector in {room} shows 'no signal' when I connect my laptop, lecture starts at 10.",
           "The beamer in {room} switches off after a few minutes."),
          ("HDMI cable in the lectern replaced.", "Lamp replaced; projector working.",
           "Reset the AV control panel and updated the switcher firmware.")),
        S("audio", "Hardware > Audiovisual",
          ("Microphone not working in {room}", "No sound in {room}", "Lecture capture not recording"),
          ("The wireless microphone in {room} cuts out {when}.", "No sound from the ceiling speakers in {room}."),
          ("Replaced the microphone batteries and re-paired it.", "Amplifier reset; sound back.")),
    ), (2, 10, 35, 40, 13), (5, 20, 50, 25, 0), 0.9, 1.4, stuck=0.07, sources=(20, 20, 40, 18, 0, 2)),
    Theme("wifi", "Incident", ("Network Team", DESK), (
        S("eduroam", "Network > Wi-Fi",
          ("eduroam not working", "Can't connect to eduroam", "eduroam keeps dropping", "No wifi in {room}",
           "Wi-Fi very slow"),
          ("eduroam keeps disconnecting {when}, several students in {room} have the same problem.",
           "My laptop cannot connect to eduroam anymore, it keeps asking for my password."),
          ("Access point rebooted and firmware updated.", "Reinstalled the eduroam profile with geteduroam.",
           "Added two access points in the room after a survey.")),
        S("guest", "Network > Wi-Fi",
          ("Guest wifi for conference visitors", "Guest Wi-Fi code not working"),
          ("Our conference guests can't log on to the guest network.",),
          ("Created guest vouchers for the event.", "Guest portal certificate renewed.")),
    ), (2, 20, 50, 23, 5), (5, 30, 45, 20, 0), 1.5, 0.9, sources=(45, 20, 20, 12, 0, 3)),
    Theme("wired", "Incident", ("Network Team",), (
        S("port", "Network > Wired connection",
          ("Network port dead", "No network on the wall socket", "Ethernet not working in my office"),
          ("The wall socket in {room} gives no network {when}.",),
          ("Patched the socket on the switch.", "Port was disabled after a loop; re-enabled it.")),
    ), (3, 25, 50, 20, 2), (20, 60, 20, 0, 0), 0.5, 1.3),
    Theme("vpn", "Incident", ("Network Team", DESK), (
        S("vpn", "Network > VPN",
          ("VPN not connecting", "Cannot connect to the VPN from home", "VPN drops every few minutes",
           "Library databases not reachable off campus"),
          ("The VPN client says 'authentication failed' {when}.", "VPN disconnects during Teams calls."),
          ("Updated the VPN client; connection stable.", "Account was not in the VPN group; added it.",
           "Home router MTU issue; lowered the MTU.")),
    ), (2, 20, 55, 20, 3), (10, 60, 25, 5, 0), 0.9, 0.8),
    Theme("password", "Incident", ("Identity & Access", DESK), (
        S("password", "Accounts > Password",
          ("Password expired", "Forgot my password", "Account locked", "Password reset not working",
           "Can't log in to the student portal"),
          ("My account is locked after too many attempts {when}.",
           "I forgot my password and the reset page says my student number is unknown."),
          ("Password reset after checking ID at the service point.", "Account unlocked; lockouts came from an old phone.",
           "Reset link re-sent; user logged in.")),
    ), (2, 15, 45, 30, 8), (10, 75, 15, 0, 0), 1.8, 0.3, sources=(30, 20, 25, 25, 0, 0)),
    Theme("mfa", "Incident", ("Identity & Access",), (
        S("mfa", "Accounts > MFA",
          ("MFA reset needed", "New phone - authenticator app", "Not receiving MFA code", "Lost my phone, can't do MFA"),
          ("I got a new phone and the authenticator app didn't move over.", "The MFA prompt never arrives {when}."),
          ("MFA methods reset; user re-registered the authenticator.", "Temporary access pass issued.")),
    ), (2, 15, 45, 30, 8), (10, 75, 15, 0, 0), 1.0, 0.4, sources=(25, 25, 25, 25, 0, 0)),
    Theme("guest_account", "Request", ("Identity & Access",), (
        S("guest", "Accounts > New account",
          ("Account for visiting researcher", "Guest account request", "New staff account", "Account for PhD candidate"),
          ("A visiting researcher joins our group on Monday and needs an account and eduroam.",
           "Please create an account for our new colleague, contract starts next month."),
          ("Guest account created for 6 months.", "Account created after HR registration was completed.")),
    ), (10, 45, 40, 5, 0), (30, 60, 10, 0, 0), 1.0, 2.5, stuck=0.08, sources=(30, 30, 5, 5, 10, 20)),
    Theme("office", "Incident", ("Workstation Support", DESK), (
        S("office", "Software > Office suite",
          ("Word keeps crashing", "Excel won't open files", "Office asks to activate", "OneDrive not syncing"),
          ("Word crashes every time I open a document {when}.", "Office says my licence is not activated."),
          ("Repaired the Office installation.", "Signed out and in again; licence activated.",
           "Reset the OneDrive sync client.")),
    ), (3, 30, 50, 15, 2), (10, 70, 20, 0, 0), 1.3, 0.9),
    Theme("moodle", "Incident", ("Learning Apps",), (
        S("moodle", "Software > Moodle",
          ("Students can't see my Moodle course", "Moodle assignment upload fails", "Moodle quiz not opening",
           "Not enrolled in Moodle course {course}"),
          ("Students in {course} can't see the course in Moodle.", "Uploading a PDF to the assignment gives an error."),
          ("Course visibility set to shown.", "Enrolment synced from the student system.",
           "Raised the upload limit for the course.")),
    ), (2, 15, 45, 30, 8), (5, 40, 45, 10, 0), 1.2, 0.8, sources=(45, 35, 10, 5, 0, 5)),
    Theme("software", "Request", ("Workstation Support",), (
        S("install", "Software > Installation",
          ("Install {software}", "Request: {software} licence", "Need {software} on my laptop", "Software installation request"),
          ("Could you install {software} on my workstation? I need it for my research.",
           "My {software} licence expired, please renew it."),
          ("Installed from the software centre.", "Licence key renewed.",
           "Licence purchased by the faculty and installed.")),
    ), (10, 50, 35, 5, 0), (40, 55, 5, 0, 0), 1.1, 2.0, stuck=0.07, sources=(55, 25, 5, 5, 2, 8)),
    Theme("mailbox", "Incident", ("Workstation Support", DESK), (
        S("mailbox", "Messaging > Mailbox",
          ("Mailbox full", "Not receiving emails", "Access to shared mailbox", "Outlook keeps asking for password"),
          ("My mailbox is full and I can't send anything.", "I need access to the secretariat shared mailbox."),
          ("Online archive enabled.", "Added full access to the shared mailbox.", "Rebuilt the Outlook profile.")),
    ), (3, 25, 50, 20, 2), (10, 65, 25, 0, 0), 1.0, 0.9),
    Theme("phishing", "Incident", ("CSIRT",), (
        S("phishing", "Security > Phishing",
          ("Phishing email", "Suspicious email received", "Fake login page", "Did I click a phishing link?"),
          ("I received an email asking me to log in to renew my mailbox.",
           "An email pretending to be from the dean asks for gift cards.",
           "I clicked a link in a strange email before I realised, sorry."),
          ("Confirmed phishing; sender blocked and messages purged.", "Password reset and sessions revoked.",
           "Legitimate email; released from quarantine.")),
    ), (1, 10, 40, 35, 14), (5, 40, 35, 20, 0), 0.9, 0.3, sources=(15, 65, 10, 5, 0, 5)),
    Theme("storage", "Request", ("Research Computing",), (
        S("quota", "Research computing > Storage",
          ("Quota increase on research storage", "Project share full", "Need more storage for data"),
          ("Our project share is at 98% and the sequencer output won't fit.",
           "Can we get 5 TB more on the research storage for our project?"),
          ("Quota increased after approval by the data steward.", "Moved old data to the archive tier.")),
    ), (10, 40, 40, 10, 0), (30, 60, 10, 0, 0), 0.5, 2.2, stuck=0.1, sources=(45, 40, 5, 5, 0, 5),
        entities={"Root entity > Campus North > Faculty of Science": 45, "Root entity > Campus South > Faculty of Medicine": 40,
                  "Root entity > Campus North > Faculty of Engineering": 15}),
)

_OPENERS = {
    "E-Mail": ("Hello,\n\n", "Dear IT service desk,\n\n", "Hi,\n\n", "Good morning,\n\n"),
    "Phone": ("Called the service desk: ", "Phone call - ", ""),
    "Direct": ("At the service point: ", "Walk-in: ", ""),
    "Written": ("Written form received: ",),
    "Helpdesk": ("",),
    "Web form": ("[Web form] ",),
}
_EXTRA = ("I can't work like this.", "Exams start next week!", "Not urgent.", "Please help asap.", "", "", "")


@dataclass
class GlpiTicket:
    """One row of the export (``cells``, as written) and what the mapping reads from it (the truth).

    ``kind``: ``ok`` (a current ticket), ``duplicate`` (an older version of an ``ok`` one) or
    ``broken`` (quarantined).  For ``ok`` rows the typed fields hold what the mapping makes of the
    cells: stripped; "" and "-----" are None.
    """

    cells: dict[str, str]
    kind: str
    ticket_id: str
    title: str
    status: str | None = None
    priority: str | None = None
    #: the complete category name: "Hardware > Printer > Toner"
    category: str | None = None
    #: the ``[metadata]`` fields of the mapping: type, channel, entity, group, location, urgency, impact
    meta: dict[str, str | None] = field(default_factory=dict)
    created: datetime | None = None
    updated: datetime | None = None
    resolved: datetime | None = None
    pii: tuple[tuple[str, str], ...] = ()
    theme: str = ""
    sub: str = ""
    description: str = ""
    solution: str = ""

    @property
    def number(self) -> int:
        return int(self.ticket_id)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


def fmt(dt: datetime | None) -> str:
    return dt.strftime(DATE_FORMAT) if dt else ""


def _choose(rng: random.Random, seq: Sequence[Any], weights: Sequence[float] | None = None) -> Any:
    return rng.choices(seq, weights=weights, k=1)[0] if weights else seq[int(rng.random() * len(seq))]


def _minute(d: datetime) -> datetime:
    return d.replace(second=0, microsecond=0)


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


def _created_times(rng: random.Random, n: int) -> list[datetime]:
    span = (NOW - START).total_seconds()
    out = []
    while len(out) < n:
        t = _minute(START + timedelta(seconds=rng.random() * span))
        day = t.weekday()
        hour = t.hour + t.minute / 60
        w = 1.0 if day < 5 else (0.12 if day == 5 else 0.08)
        w *= 1.0 if 8 <= hour < 18 else (0.25 if 6 <= hour < 22 else 0.03)
        if day == 0:
            w *= 1.2
        w *= _season(t) / 1.5
        if rng.random() < w:
            out.append(t)
    return sorted(out)


def _person(rng: random.Random) -> str:
    return f"{_choose(rng, _FIRST)} {_choose(rng, _LAST)}"


def _email(name: str) -> str:
    first, last = name.split(" ", 1)
    return f"{first.lower()}.{last.lower().replace(' ', '')}@uni-nordhaven.example"


def _fill(rng: random.Random, template: str, slots: dict[str, str]) -> str:
    pools = {"printer": _PRINTERS, "room": _ROOMS, "when": _WHEN, "software": _SOFTWARE, "course": _COURSES}
    for key, pool in pools.items():
        if "{" + key + "}" in template and key not in slots:
            slots[key] = _choose(rng, pool)
    return template.format(**slots)


def _priority(rng: random.Random, theme: Theme) -> tuple[str, str, str]:
    u = _choose(rng, range(5), theme.urgency)
    i = _choose(rng, range(5), theme.impact)
    p = math.ceil((u + i) / 2)  # GLPI's matrix: the rounded-up mean of urgency and impact
    if rng.random() < 0.08:
        p = min(max(p + _choose(rng, (-1, 1, 1, 1)), 0), 4)  # a technician overrides it
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
    people: dict[str, list[str]] = {}
    seen: set[str] = set()
    for e in entity_names:
        people[e] = []
        while len(people[e]) < 45:
            name = _person(rng)
            if name not in seen:
                seen.add(name)
                people[e].append(name)
    techs = {g: [] for g in GROUPS}
    for g in GROUPS:
        while len(techs[g]) < (5 if g == DESK else 3):
            name = _person(rng)
            if name not in seen:
                seen.add(name)
                techs[g].append(name)
    weights = [t.weight for t in THEMES]

    ok: list[GlpiTicket] = []
    number = FIRST_NUMBER
    majors = {datetime(2025, 9, 8).date(), datetime(2026, 2, 3).date(), datetime(2025, 11, 17).date()}
    for created in _created_times(rng, n_ok):
        number += 1
        if rng.random() < 0.03:
            number += 1 + int(rng.random() * 3)
        theme = _choose(rng, THEMES, weights)
        sub = _choose(rng, theme.subs, [s.weight for s in theme.subs])
        ttype = sub.type or theme.type
        if theme.entities:
            entity = _choose(rng, list(theme.entities), list(theme.entities.values()))
        else:
            entity = _choose(rng, entity_names, [ENTITIES[e][0] for e in entity_names])
        requester = _choose(rng, people[entity])
        location = _choose(rng, ENTITIES[entity][1])
        urgency, impact, prio = _priority(rng, theme)
        if theme.key in ("wifi", "vpn", "mailbox") and created.date() in majors and rng.random() < 0.9:
            prio, urgency, impact = "Major", "Very high", "Very high"
        source = _choose(rng, SOURCES, theme.sources or _SOURCE_WEIGHTS)
        group = _choose(rng, theme.groups)
        slots: dict[str, str] = {}

        age_h = (NOW - created).total_seconds() / 3600
        stuck = age_h > 24 * 10 and rng.random() < theme.stuck * (1.4 if age_h < 24 * 120 else 0.4)
        resolved: datetime | None = None
        closed: datetime | None = None
        if not stuck:
            hours = _work_hours(rng, prio, theme)
            if hours < age_h:
                resolved = _minute(created + timedelta(hours=hours))
                if resolved <= created:
                    resolved = created + timedelta(minutes=5)
        if resolved is None:
            if stuck:
                status = _choose(rng, ("Pending", "Processing (planned)", "Processing (assigned)", "New"), (55, 18, 20, 7))
            elif age_h < 2:
                status = _choose(rng, ("New", "Processing (assigned)"), (70, 30))
            else:
                status = _choose(rng, ("New", "Processing (assigned)", "Processing (planned)", "Pending"), (20, 45, 12, 23))
            if status == "New":
                updated = created
            else:
                updated = _minute(created + timedelta(seconds=rng.random() * (NOW - created).total_seconds()))
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
        title = _fill(rng, _choose(rng, sub.titles), slots)
        r = rng.random()
        if source == "E-Mail" and r < 0.12:
            title = _choose(rng, ("RE: ", "TR: ", "Fwd: ")) + title
        elif r < 0.04:
            title = title.lower()
        pii: list[tuple[str, str]] = [("PERSON", requester)]
        description = _choose(rng, _OPENERS[source]) + _fill(rng, _choose(rng, sub.descriptions), slots)
        extra = _choose(rng, _EXTRA)
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
            solution = _fill(rng, _choose(rng, sub.solutions), slots)
            if rng.random() < 0.03:
                solution = ""
        tech = "" if status == "New" or (status == "Pending" and rng.random() < 0.15) else _choose(rng, techs[group])
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
    finished = [x for x in ok if x.status in FINISHED and x.created < NOW - timedelta(days=30)]
    for x in rng.sample(finished, n_dup):
        old_updated = _minute(x.created + timedelta(minutes=10 + rng.random() * 90))
        cells = dict(x.cells, **{"Status": "Processing (assigned)", "Resolution date": "", "Close date": "",
                                 "Solution": "", "Last update": fmt(old_updated)})
        at = rows.index(x) + 1 + int(rng.random() * 150)
        rows.insert(min(at, len(rows)), GlpiTicket(cells, "duplicate", x.ticket_id, x.title))
    breakers = (("ID", ""), ("Opening date", "2026-02-30 10:15"), ("Opening date", "to be checked"), ("ID", ""))
    for j in range(n_broken):
        template = _choose(rng, ok)
        tid = str(number + 3 + j)
        cells = dict(template.cells, ID=tid)
        column, value = breakers[j]
        cells[column] = value
        if column == "Opening date":
            cells["Last update"] = ""
        rows.insert(int(rng.random() * len(rows)), GlpiTicket(cells, "broken", tid, template.title))
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

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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from evals.exports import export_main, write_csv

#: the evaluation's "now" for this export (naive UTC, a Tuesday; every date in the export is before it)
NOW = datetime(2026, 9, 15, 14, 5, 0)
#: the first ticket is created on or after this day
START = datetime(2025, 7, 1, 0, 0, 0)
SEED = 53
#: how this Freshservice account writes dates in its CSV export (UTC)
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
FIRST_NUMBER = 4101

COLUMNS: tuple[str, ...] = (
    "Ticket Id", "Subject", "Description", "Status", "Priority", "Urgency", "Impact", "Source", "Type", "Category",
    "Sub-Category", "Item", "Group", "Agent", "Requester Name", "Requester Email", "Department", "Location",
    "Created Time", "Due by", "Last Updated Time", "Resolved Time", "Closed Time", "Resolution Note",
)
STATUSES: tuple[str, ...] = ("Open", "Pending", "In Progress", "Awaiting Approval", "On Hold", "Resolved", "Closed")
FINISHED = frozenset({"Resolved", "Closed"})
PRIORITIES: tuple[str, ...] = ("Low", "Medium", "High", "Urgent")
LEVELS: tuple[str, ...] = ("Low", "Medium", "High")
SOURCES: tuple[str, ...] = ("Portal", "Email", "Phone", "Chat", "Walkup", "MS Teams")
_SOURCE_WEIGHTS = (38, 22, 8, 8, 7, 17)
TYPES: tuple[str, ...] = ("Incident", "Service Request")
PREFIX = {"Incident": "INC", "Service Request": "SR"}
GROUPS: tuple[str, ...] = ("Frontline Desk", "Desktop Support", "NetOps", "IAM Team", "SOC", "Enterprise Apps",
                           "People Ops", "Workplace Team")
FRONTLINE = "Frontline Desk"
DEPARTMENTS: tuple[str, ...] = ("Engineering", "Sales", "Customer Support", "Marketing", "Finance", "Operations",
                                "Product", "HR", "Legal")
_DEPARTMENT_WEIGHTS = (26, 16, 12, 9, 9, 10, 8, 6, 4)
LOCATIONS: tuple[str, ...] = ("Manchester HQ", "Leeds", "Amsterdam", "Lisbon", "Boston", "Singapore", "Remote")
_LOCATION_WEIGHTS = (30, 14, 15, 12, 12, 6, 11)
#: SLA (hours to resolve) by priority: drives the unmapped ``Due by`` column only
SLA_HOURS = {"Urgent": 4, "High": 8, "Medium": 24, "Low": 72}
#: Freshservice's default priority matrix: (urgency, impact) -> priority
MATRIX = {("High", "High"): "Urgent", ("High", "Medium"): "High", ("Medium", "High"): "High",
          ("High", "Low"): "High", ("Medium", "Medium"): "Medium", ("Low", "High"): "Medium",
          ("Medium", "Low"): "Medium", ("Low", "Medium"): "Low", ("Low", "Low"): "Low"}

_FIRST = ("Amara", "Ben", "Chloe", "Dev", "Elif", "Finn", "Grace", "Harvey", "Isla", "Jamal", "Kirsty", "Liam", "Maya",
          "Nathan", "Olivia", "Priya", "Quentin", "Rosa", "Sam", "Tomasz", "Uma", "Victor", "Wen", "Ximena", "Yusuf",
          "Zoe", "Bram", "Daan", "Femke", "Joao", "Ines", "Mariana", "Rui", "Arjun", "Siobhan", "Callum", "Niamh",
          "Hana", "Omar", "Lotte", "Marcus", "Ayesha", "Declan", "Sofia", "Kwame")
_LAST = ("Ashworth", "Bennett", "Costa", "Dijkstra", "Evans", "Ferreira", "Gallagher", "Hughes", "Iqbal", "Jansen",
         "Kaur", "Lowe", "Mistry", "Nolan", "Okafor", "Patel", "Quinn", "Rahman", "Sousa", "Tan", "Usman", "Visser",
         "Whitfield", "Young", "Zhang", "Brooks", "Carvalho", "Bakker", "Lim", "Murphy", "Doyle", "Mensah", "Holt")
_FLOORS = ("2nd floor", "3rd floor", "4th floor", "ground floor", "mezzanine")
_PRINTERS = ("the Ricoh on the 3rd floor", "the printer by the kitchen", "PRN-MAN-03", "the big printer near reception",
             "PRN-AMS-01", "the Ricoh in the post room")
_WHEN = ("since this morning", "since yesterday", "since Monday", "after the update last night", "all week",
         "since I changed my password", "for the last hour", "since I got back from holiday", "on and off today")
_APPS = ("Salesforce", "NetSuite", "GitHub", "Tableau", "Shared Drive")
_LICENCES = ("Adobe Creative Cloud", "Figma", "Microsoft Visio", "JetBrains IDE", "Miro")
_TOOLS = ("Python", "Postman", "DBeaver", "VS Code", "Wireshark")


@dataclass(frozen=True)
class SubIssue:
    """One kind of problem within a theme: where it sits in the category tree and how people describe it."""

    key: str
    sub_category: str
    items: tuple[str, ...]
    subjects: tuple[str, ...]
    descriptions: tuple[str, ...]
    fixes: tuple[str, ...]
    type: str | None = None  # default: the theme's
    weight: float = 1.0


@dataclass(frozen=True)
class Theme:
    key: str
    type: str
    category: str
    groups: tuple[str, ...]
    subs: tuple[SubIssue, ...]
    #: weights of urgency Low, Medium, High and impact Low, Medium, High
    urgency: tuple[float, float, float]
    impact: tuple[float, float, float]
    weight: float = 1.0
    slow: float = 1.0
    #: probability that a request needs a manager's approval first
    approval: float = 0.0
    #: never raised by remote staff (it happens in an office)
    in_office: bool = False
    #: source weights overriding the default
    sources: tuple[float, ...] | None = None


S = SubIssue
THEMES: tuple[Theme, ...] = (
    Theme("laptop_fault", "Incident", "Hardware", ("Desktop Support",), (
        S("slow", "Laptop", ("MacBook Pro", "MacBook Air", "Dell Latitude", "ThinkPad X1"),
          ("Laptop running really slow", "Laptop extremely slow after update", "MacBook freezing constantly",
           "Everything takes ages to open on my laptop"),
          ("My laptop has been crawling {when}, Outlook and Chrome take minutes to open.",
           "The machine freezes for 20-30 seconds at a time {when}. Spinning wheel everywhere."),
          ("Cleared 40 GB of cached files and removed a stuck OneDrive sync; performance back to normal.",
           "Rolled back the faulty macOS update and deferred updates on the device.",
           "Reimaged the laptop; user data restored from backup.")),
        S("no_boot", "Laptop", ("MacBook Pro", "MacBook Air", "Dell Latitude", "ThinkPad X1"),
          ("Laptop won't turn on", "Laptop stuck on boot screen", "Black screen when I open my laptop",
           "Laptop dead - won't power up"),
          ("My laptop won't start {when}, just a black screen. Charger light is on.",
           "Laptop stuck on the logo and then restarts itself in a loop."),
          ("SMC/NVRAM reset brought it back; ran diagnostics, no hardware fault.",
           "Motherboard failure; swapped for a loaner and sent the laptop for warranty repair.",
           "Drained battery; left it on the charger for an hour and it booted fine.")),
        S("battery", "Laptop", ("MacBook Pro", "MacBook Air", "Dell Latitude", "ThinkPad X1"),
          ("Laptop battery drains really fast", "Battery swelling on my laptop", "Laptop not charging"),
          ("The battery goes from 100 to 10% in about an hour {when}.",
           "The trackpad is lifting and the laptop wobbles on the desk - I think the battery is swollen."),
          ("Battery failed diagnostics; replaced under warranty.",
           "Swollen battery - laptop taken out of service and replaced the same day.",
           "Faulty USB-C charger; replaced the charger.")),
        S("keyboard", "Laptop", ("MacBook Pro", "MacBook Air", "Dell Latitude", "ThinkPad X1"),
          ("Some keys on my laptop keyboard don't work", "Trackpad not clicking", "Spilled coffee on laptop keyboard"),
          ("The E and R keys stopped working {when}.", "I spilled coffee on the keyboard and now half the keys are dead."),
          ("Keyboard replaced by the repair partner.", "Cleaned under the keys; all keys register again.",
           "Liquid damage; device replaced and data migrated."), weight=0.6),
    ), (30, 55, 15), (70, 25, 5), 1.5, 1.4, sources=(30, 18, 8, 6, 20, 18)),
    Theme("laptop_refresh", "Service Request", "Hardware", ("Desktop Support",), (
        S("refresh", "Laptop", ("MacBook Pro", "MacBook Air", "Dell Latitude", "ThinkPad X1"),
          ("Laptop refresh request", "Request for laptop replacement - 4 years old", "Need a new laptop",
           "Laptop upgrade for design work"),
          ("My laptop is out of warranty and struggling with everything, can I get it refreshed?",
           "I've moved into a design role and need a machine with more memory.",
           "My laptop is due for its refresh this quarter according to the asset list."),
          ("New laptop provisioned and handed over at the tech bar; old device collected for wiping.",
           "Manager approved; replacement shipped to the user's home address.",
           "Request declined: device is only 2 years old; RAM upgrade done instead.")),
        S("peripherals", "Peripherals", ("Monitor", "USB-C Dock", "Headset", "Keyboard & Mouse"),
          ("Request for a second monitor", "Need a docking station", "New headset please",
           "Request: monitor and dock for home office"),
          ("Could I get a second monitor and a USB-C dock for my desk?",
           "My headset mic stopped working, could I have a replacement?"),
          ("Monitor and dock delivered to the user's desk.", "Headset sent out from stock.",
           "Ordered via the home-office allowance; delivered by courier.")),
    ), (60, 35, 5), (85, 13, 2), 1.2, 2.2, approval=0.55),
    Theme("okta", "Incident", "Access Management", ("IAM Team",), (
        S("locked", "Okta & MFA", ("Okta Account", "Password Reset"),
          ("Locked out of Okta", "Okta account locked", "Can't log in - account locked"),
          ("Okta says my account is locked {when} and I can't get into anything.",
           "Too many failed attempts and now I'm locked out."),
          ("Unlocked the Okta account; lockouts came from an old phone with a saved password.",
           "Account unlocked and password reset over a verified video call.")),
        S("mfa", "Okta & MFA", ("Okta Verify",),
          ("New phone - need MFA reset", "Okta Verify not working on new phone", "MFA push notifications not arriving",
           "Reset my MFA please"),
          ("I got a new phone and Okta Verify didn't transfer, so I can't approve the push.",
           "Okta Verify pushes stopped arriving {when}."),
          ("MFA factors reset; user re-enrolled Okta Verify on the new phone.",
           "Notifications were disabled for Okta Verify on the phone; re-enabled and tested.")),
        S("password", "Okta & MFA", ("Password Reset",),
          ("Password expired and can't reset", "Forgot my password", "Password reset link not working"),
          ("My password expired over the weekend and the self-service reset link says it's invalid.",
           "Forgot my password after holiday, self-service reset doesn't send the SMS."),
          ("Reset the password and enrolled the user in self-service reset.",
           "Reset link had expired; sent a new one and user logged in.")),
    ), (15, 45, 40), (60, 30, 10), 1.6, 0.4, sources=(15, 15, 25, 15, 10, 20)),
    Theme("vpn", "Incident", "Network", ("NetOps",), (
        S("drops", "VPN", ("GlobalProtect",),
          ("VPN keeps disconnecting", "GlobalProtect drops every few minutes", "VPN disconnects on video calls"),
          ("GlobalProtect drops every {n} minutes {when} and I lose my session.",
           "VPN disconnects whenever I'm on a Teams call."),
          ("Moved the user to the nearest gateway; connection stable for a day.",
           "Home router MTU issue; lowered the MTU and the tunnel stays up.",
           "Reinstalled GlobalProtect 6.2; drops stopped.")),
        S("cant_connect", "VPN", ("GlobalProtect",),
          ("Can't connect to VPN", "GlobalProtect stuck on connecting", "VPN login fails from home"),
          ("GlobalProtect just spins on 'Connecting' {when}.", "VPN says authentication failed even though my password works."),
          ("Expired machine certificate re-issued via Intune; VPN connects.",
           "Cleared the cached portal and credentials; user connected.")),
        S("slow", "VPN", ("GlobalProtect",),
          ("VPN very slow", "Internal sites super slow on VPN"),
          ("Everything internal is really slow on VPN {when}.",),
          ("Enabled split tunnelling for the user's group; speeds normal.",
           "Gateway capacity issue; NetOps added a second gateway.")),
    ), (20, 50, 30), (55, 30, 15), 1.4, 1.0),
    Theme("wifi", "Incident", "Network", ("NetOps",), (
        S("office_wifi", "Wi-Fi", ("Corporate Wi-Fi",),
          ("No Wi-Fi on the {floor}", "Office Wi-Fi keeps dropping", "Wi-Fi really slow in the meeting rooms"),
          ("Wi-Fi on the {floor} has been unusable {when}, several of us affected.",
           "My laptop keeps dropping off the corporate Wi-Fi."),
          ("Access point on the {floor} rebooted and firmware updated.",
           "Removed the old Wi-Fi profile and re-pushed the certificate via Intune.")),
        S("guest_wifi", "Wi-Fi", ("Guest Wi-Fi",),
          ("Guest Wi-Fi not working for visitors", "Guest Wi-Fi password not accepted"),
          ("Our visitors can't get on the guest Wi-Fi, the portal never loads.",),
          ("Guest portal certificate renewed; visitors can log in.", "Rotated the weekly guest password and updated reception.")),
    ), (25, 50, 25), (40, 45, 15), 0.8, 0.9, in_office=True),
    Theme("printer", "Incident", "Hardware", (FRONTLINE, "Desktop Support"), (
        S("jam", "Printer", ("Ricoh IM C4500", "HP LaserJet M507"),
          ("Paper jam on {printer}", "Printer keeps jamming", "Printer says paper jam but nothing is stuck"),
          ("{printer} keeps saying paper jam {when}.",),
          ("Removed a torn sheet from the fuser; printer back online.", "Replaced the worn pickup roller.")),
        S("not_printing", "Printer", ("Ricoh IM C4500", "HP LaserJet M507"),
          ("Printer not printing", "Print jobs stuck in queue", "Can't add the office printer on my Mac"),
          ("Nothing I send to {printer} comes out {when}.", "My Mac can't find the printer at all."),
          ("Cleared the queue and restarted the print server spooler.",
           "Installed the printer via Self Service and added the secure print queue.")),
        S("scan", "Printer", ("Ricoh IM C4500",),
          ("Scan to email not working", "Scanner not sending to my inbox"),
          ("Scanning on {printer} says 'transmission failed' {when}.",),
          ("SMTP relay password on the printer had expired; updated it and scans arrive.",)),
    ), (45, 45, 10), (60, 35, 5), 1.0, 1.2, in_office=True, sources=(30, 20, 6, 6, 20, 18)),
    Theme("app_access", "Service Request", "Access Management", ("IAM Team",), (
        S("app", "Application Access", _APPS,
          ("Access to {app}", "Request access: {app}", "Need {app} access for new role", "Please give me access to {app}"),
          ("I've joined the {team} team and need access to {app}, my manager can approve.",
           "Can I get read access to {app}? Needed for the quarterly reporting."),
          ("Access granted after manager approval.", "Added the user to the {app} group in Okta.",
           "Declined by the data owner; user pointed to the shared reports instead.")),
    ), (50, 40, 10), (85, 13, 2), 2.0, 1.0, approval=0.85, sources=(55, 15, 3, 7, 2, 18)),
    Theme("licence", "Service Request", "Software", ("Enterprise Apps",), (
        S("licence", "Licence", _LICENCES,
          ("{licence} licence request", "Need a {licence} licence", "Request: {licence} seat",
           "Can I get {licence}?"),
          ("Could I get a {licence} licence? I need it for the new campaign work.",
           "My trial of {licence} has ended, please assign a paid seat."),
          ("Licence assigned after budget owner approval.", "Seat reclaimed from a leaver and assigned.",
           "Declined: a free viewer licence covers the need.")),
        S("install", "Installation", ("Self Service", "Admin Rights"),
          ("Software install request", "Need admin rights to install a tool", "Please install Python on my laptop"),
          ("I need {tool} installed, Self Service doesn't have it.",),
          ("Packaged and published to Self Service; user installed it.", "Temporary admin rights granted for 24 hours.")),
    ), (60, 35, 5), (85, 13, 2), 1.1, 1.5, approval=0.6),
    Theme("collab", "Incident", "Email & Collaboration", (FRONTLINE, "Enterprise Apps"), (
        S("outlook", "Outlook", ("Outlook Desktop", "Outlook Mobile"),
          ("Outlook keeps asking for my password", "Outlook not syncing", "Emails stuck in outbox",
           "Not receiving external emails"),
          ("Outlook prompts for my password every few minutes {when}.", "My emails sit in the outbox and never send."),
          ("Cleared cached credentials and rebuilt the Outlook profile.", "Mailbox over quota; enabled the online archive.")),
        S("teams", "Teams", ("Teams Meetings", "Teams Chat"),
          ("Teams calls dropping", "Teams microphone not working", "Can't join Teams meetings from the browser"),
          ("My Teams calls keep dropping {when}.", "People can't hear me on Teams calls."),
          ("Cleared the Teams cache and updated the client.", "Headset firmware update fixed the microphone.")),
        S("shared_mailbox", "Shared Mailbox", ("Mailbox Permissions",),
          ("Shared mailbox missing in Outlook", "Access to the finance@ shared mailbox"),
          ("The shared mailbox disappeared from my Outlook {when}.",),
          ("Re-added the mailbox permission with automapping; it appears after a restart.",)),
    ), (30, 55, 15), (65, 30, 5), 1.3, 1.0),
    Theme("phishing", "Incident", "Security", ("SOC",), (
        S("phish", "Phishing", ("Suspicious Email",),
          ("Suspicious email - phishing?", "Phishing email received", "Reporting a phishing attempt",
           "Fake DocuSign email", "Email asking me to buy gift cards"),
          ("Got an email pretending to be from our CEO asking for gift cards.",
           "A 'DocuSign' email asked me to log in on a strange site. I did not click.",
           "I clicked a link in a suspicious email before I realised, sorry!"),
          ("Confirmed phishing; sender blocked and the message purged from all mailboxes.",
           "User clicked; password reset, sessions revoked, no further activity seen.",
           "Legitimate email from a supplier; released it from quarantine.")),
    ), (20, 50, 30), (50, 35, 15), 1.2, 0.25, sources=(15, 55, 5, 5, 3, 17)),
    Theme("lost_device", "Incident", "Security", ("SOC", "Desktop Support"), (
        S("lost", "Lost or Stolen Device", ("Mobile Phone", "iPad", "YubiKey"),
          ("Lost my work phone", "Company phone stolen", "Left my iPad on the train", "Lost my YubiKey"),
          ("I think my work phone was stolen on my way home yesterday.", "I left my company iPad on the train."),
          ("Device locked and wiped remotely; replacement ordered.", "Security key revoked and a new one issued.",
           "Found by the train company; device returned and checked.")),
    ), (5, 30, 65), (30, 40, 30), 0.35, 0.3, sources=(15, 20, 35, 10, 15, 5)),
    Theme("onboarding", "Service Request", "HR Services", ("People Ops", FRONTLINE), (
        S("new_hire", "Onboarding", ("Day One Accounts", "Equipment Pack"),
          ("New joiner setup - {person}", "New starter on {day}: {person}", "Onboarding: {person} joining {team}",
           "Please set up accounts for new hire {person}"),
          ("{person} starts in {team} on {day}. Please prepare a laptop, Okta, Slack and a desk.",
           "We have a new hire joining next week, details in the HRIS."),
          ("Accounts created, laptop imaged and left at the tech bar for day one.",
           "Equipment pack shipped to the new joiner's home; accounts active from the start date.")),
    ), (40, 50, 10), (70, 27, 3), 1.4, 2.0),
    Theme("offboarding", "Service Request", "HR Services", ("People Ops", "IAM Team"), (
        S("leaver", "Offboarding", ("Leaver Process",),
          ("Leaver: {person}", "Offboarding - {person} last day {day}", "Please disable accounts for {person}"),
          ("{person} leaves on {day}. Please revoke access and arrange laptop return.",),
          ("Accounts disabled at 17:00 on the last day; laptop collected.",
           "Mailbox converted to shared and delegated to the manager; accounts disabled.")),
    ), (40, 50, 10), (70, 27, 3), 0.8, 1.6),
    Theme("payroll", "Service Request", "HR Services", ("People Ops",), (
        S("payslip", "Payroll", ("Payslip", "Tax Code"),
          ("Question about my payslip", "Payslip shows wrong tax code", "Can't see my payslip this month",
           "Deduction on my payslip I don't recognise"),
          ("My payslip this month shows an emergency tax code and I've paid too much tax.",
           "There's a deduction on my payslip I don't understand, can someone explain?"),
          ("Tax code corrected with the payroll provider; refund in next month's pay.",
           "Explained the pension salary sacrifice deduction to the employee.")),
        S("overtime", "Payroll", ("Overtime", "Expenses"),
          ("Overtime not paid", "Expenses missing from salary", "On-call allowance missing"),
          ("My overtime from last month wasn't in this month's pay.", "My approved expenses weren't paid with my salary."),
          ("Overtime was approved after the cut-off; paid as an off-cycle payment.",
           "Expense claim was approved late; included in next pay run.")),
    ), (40, 50, 10), (90, 9, 1), 1.3, 1.8, sources=(55, 30, 3, 2, 2, 8)),
    Theme("leave", "Service Request", "HR Services", ("People Ops",), (
        S("leave", "Leave & Absence", ("Annual Leave", "Parental Leave", "Sick Leave"),
          ("Holiday balance looks wrong", "Question about parental leave", "Sick leave not recorded",
           "Carry over of annual leave"),
          ("My annual leave balance in the HR system looks 3 days short.",
           "I'd like to understand how shared parental leave works here."),
          ("Balance corrected; carried-over days had not been added.", "Sent the parental leave policy and booked a call.")),
    ), (60, 35, 5), (95, 5, 0.01), 0.9, 2.5, sources=(60, 30, 2, 3, 1, 4)),
    Theme("desk_move", "Service Request", "Facilities", ("Workplace Team",), (
        S("move", "Desk Move", ("Single Desk", "Team Move"),
          ("Desk move request", "Team moving to the {floor}", "Need a desk near my team", "Move my desk please"),
          ("Our team is moving to the {floor} next month, please arrange desks and monitors.",
           "I've changed teams and would like to sit with them."),
          ("Move completed over the weekend; monitors and docks set up.", "Desk allocated in the booking system.")),
    ), (70, 28, 2), (80, 18, 2), 0.7, 3.0, approval=0.25, in_office=True, sources=(60, 25, 2, 2, 6, 5)),
    Theme("building", "Service Request", "Facilities", ("Workplace Team",), (
        S("badge", "Building Access", ("Access Badge", "Visitor Badge"),
          ("Badge not working", "New access badge needed", "Lost my access badge", "Badge doesn't open the {floor} door"),
          ("My badge stopped opening the doors {when}.", "I lost my badge, can I get a replacement?"),
          ("Badge re-encoded at reception.", "Old badge cancelled and a new one printed.")),
        S("maintenance", "Maintenance", ("Heating & Cooling", "Lighting", "Plumbing"),
          ("Too cold on the {floor}", "Air con not working", "Lights flickering on the {floor}", "Leaking tap in the kitchen"),
          ("It's freezing on the {floor} {when}.", "The lights above our desks flicker constantly."),
          ("Building management adjusted the HVAC schedule.", "Replaced the faulty light fittings.",
           "Plumber fixed the tap."), type="Incident"),
    ), (40, 50, 10), (60, 35, 5), 1.2, 1.0, in_office=True, sources=(40, 25, 8, 3, 20, 4)),
)

_OPENERS = {
    "Email": ("Hi team,\n\n", "Hello IT,\n\n", "Hi,\n\n", "Morning,\n\n"),
    "MS Teams": ("hey! ", "hi - ", "(from Teams) ", ""),
    "Chat": ("Chat transcript: ", "Chat: "),
    "Phone": ("Caller says: ", "Phoned the desk - ", "Phone call: "),
    "Walkup": ("Walk-up at the tech bar: ", "Came to the desk: "),
    "Portal": ("",),
}
_IMPACT_TEXT = ("I can't work like this.", "This is blocking the whole team.", "Not urgent.", "Please help asap!",
                "I have a client meeting this afternoon.", "", "")
_CLOSE_EXTRA = ("User confirmed all good.", "Resolving, reopen if it comes back.", "", "")
_DAYS = ("Monday", "the 1st", "next Monday", "the 15th", "Tuesday")


@dataclass
class FsTicket:
    """One row of the export (``cells``, as written) and what the mapping reads from it (the truth).

    ``kind``: ``ok`` (a current ticket), ``duplicate`` (an older version of an ``ok`` one, superseded
    by it) or ``broken`` (quarantined by the indexer).  For ``ok`` rows the typed fields hold
    exactly what the mapping makes of the cells: stripped, blank cells (and ``--``) are None.
    """

    cells: dict[str, str]
    kind: str
    ticket_id: str
    subject: str
    status: str | None = None
    priority: str | None = None
    category: str | None = None
    #: the ``[metadata]`` fields of the mapping: type, channel, department, group, location,
    #: sub_category, item, impact, urgency
    meta: dict[str, str | None] = field(default_factory=dict)
    created: datetime | None = None
    updated: datetime | None = None
    resolved: datetime | None = None
    #: (entity type, value) of every PII value in the row
    pii: tuple[tuple[str, str], ...] = ()
    theme: str = ""
    sub: str = ""

    @property
    def number(self) -> int:
        return int(self.ticket_id.split("-")[1])

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


def fmt(dt: datetime | None) -> str:
    return dt.strftime(DATE_FORMAT) if dt else ""


def _choose(rng: random.Random, seq: Sequence[Any], weights: Sequence[float] | None = None) -> Any:
    return rng.choices(seq, weights=weights, k=1)[0] if weights else seq[int(rng.random() * len(seq))]


def _second(d: datetime) -> datetime:
    return d.replace(microsecond=0)


def _created_times(rng: random.Random, n: int) -> list[datetime]:
    """``n`` creation times between START and NOW: busy weekdays, quiet weekends, office hours, slow growth,
    a dip over Christmas and in August."""
    span = (NOW - START).total_seconds()
    out = []
    while len(out) < n:
        t = _second(START + timedelta(seconds=rng.random() * span))
        day = t.weekday()
        hour = t.hour + t.minute / 60
        w = 1.0 if day < 5 else (0.1 if day == 5 else 0.05)
        w *= 1.0 if 8 <= hour < 18 else (0.25 if 6 <= hour < 21 else 0.03)
        if day == 0:
            w *= 1.25  # Monday: everything that broke over the weekend
        w *= 0.75 + 0.25 * (t - START).total_seconds() / span
        if (t.month == 12 and t.day >= 22) or (t.month == 1 and t.day <= 2):
            w *= 0.3
        elif t.month == 8:
            w *= 0.8
        if rng.random() < w:
            out.append(t)
    return sorted(out)


def _person(rng: random.Random) -> str:
    return f"{_choose(rng, _FIRST)} {_choose(rng, _LAST)}"


def _email(name: str) -> str:
    first, last = name.split(" ", 1)
    return f"{first.lower()}.{last.lower().replace(' ', '')}@brightwell.example"


def _fill(rng: random.Random, template: str, slots: dict[str, str]) -> str:
    pools = {"app": _APPS, "licence": _LICENCES, "tool": _TOOLS, "printer": _PRINTERS, "when": _WHEN, "floor": _FLOORS,
             "team": DEPARTMENTS[:7], "day": _DAYS}
    for key, pool in pools.items():
        if "{" + key + "}" in template and key not in slots:
            slots[key] = _choose(rng, pool)
    slots.setdefault("n", str(_choose(rng, (2, 5, 10, 15))))
    if "{person}" in template and "person" not in slots:
        slots["person"] = _person(rng)
    return template.format(**slots)


def _priority(rng: random.Random, theme: Theme) -> tuple[str, str, str]:
    urgency = _choose(rng, LEVELS, theme.urgency)
    impact = _choose(rng, LEVELS, theme.impact)
    prio = MATRIX[(urgency, impact)]
    if rng.random() < 0.05:  # an agent overrides the matrix
        i = PRIORITIES.index(prio) + _choose(rng, (-1, 1))
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
        name = _person(rng)
        if name in seen:
            continue
        seen.add(name)
        staff.append((name, _choose(rng, DEPARTMENTS, _DEPARTMENT_WEIGHTS), _choose(rng, LOCATIONS, _LOCATION_WEIGHTS)))
    office_staff = [s for s in staff if s[2] != "Remote"]
    agents = {g: [_person(rng) for _ in range(6 if g == FRONTLINE else 3)] for g in GROUPS}
    weights = [t.weight for t in THEMES]

    ok: list[FsTicket] = []
    number = FIRST_NUMBER
    for created in _created_times(rng, n_ok):
        number += 1
        if rng.random() < 0.025:
            number += 1 + int(rng.random() * 2)  # deleted spam tickets leave gaps
        theme = _choose(rng, THEMES, weights)
        sub = _choose(rng, theme.subs, [s.weight for s in theme.subs])
        ttype = sub.type or theme.type
        requester, department, location = _choose(rng, office_staff if theme.in_office else staff)
        urgency, impact, prio = _priority(rng, theme)
        source = _choose(rng, SOURCES, theme.sources or _SOURCE_WEIGHTS)
        if prio == "Urgent" and rng.random() < 0.4:
            source = "Phone"
        group = _choose(rng, theme.groups)
        if ttype == "Incident" and FRONTLINE not in theme.groups and theme.category not in ("HR Services", "Facilities") \
                and rng.random() < 0.15:
            group = FRONTLINE  # fixed at first line
        item = _choose(rng, sub.items) if sub.items else ""
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
                resolved = _second(created + timedelta(hours=hours))
        if resolved is None:
            if stuck:
                status = "Awaiting Approval" if needs_approval else _choose(rng, ("On Hold", "Pending", "In Progress", "Open"),
                                                                             (40, 30, 20, 10))
            elif needs_approval and age_h < approval_h:
                status = "Awaiting Approval"
            elif age_h < 1.5:
                status = "Open"
            else:
                status = _choose(rng, ("Open", "In Progress", "Pending", "On Hold"), (28, 37, 25, 10))
            if status == "Open":
                updated = created
            elif status == "Awaiting Approval":
                updated = _second(created + timedelta(minutes=2 + rng.random() * 30))
            else:
                updated = _second(created + timedelta(seconds=rng.random() * (NOW - created).total_seconds()))
        else:
            since = (NOW - resolved).total_seconds()
            if since > 72 * 3600:
                if rng.random() < 0.95:
                    status, closed = "Closed", resolved + timedelta(hours=72)
                    if rng.random() < 0.2:  # the requester closed it earlier
                        closed = _second(resolved + timedelta(seconds=rng.random() * 72 * 3600))
                else:
                    status = "Resolved"  # automation skipped it
            elif rng.random() < 0.25:
                status, closed = "Closed", _second(resolved + timedelta(seconds=rng.random() * since))
            else:
                status = "Resolved"
            updated = closed or resolved
        resolved_cell = resolved
        if status == "Closed" and rng.random() < 0.012:
            resolved_cell = None  # closed straight away without resolving: no Resolved Time
        # --- text
        subject = _fill(rng, _choose(rng, sub.subjects), slots)
        r = rng.random()
        if r < 0.03:
            subject = _choose(rng, ("RE: ", "URGENT - ", "Fwd: ")) + subject
        elif r < 0.06:
            subject = subject.lower()
        pii: list[tuple[str, str]] = [("PERSON", requester), ("EMAIL_ADDRESS", _email(requester))]
        if "person" in slots:
            pii.append(("PERSON", slots["person"]))
        description = _choose(rng, _OPENERS[source]) + _fill(rng, _choose(rng, sub.descriptions), slots)
        extra = _choose(rng, _IMPACT_TEXT)
        if extra:
            description += " " + extra
        r = rng.random()
        if r < 0.06:
            phone = _choose(rng, ("07700 900", "0161 496 0")) + f"{int(rng.random() * 1000):03d}"
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
            note = f"{_fill(rng, _choose(rng, sub.fixes), slots)} {_choose(rng, _CLOSE_EXTRA)}".strip()
            if rng.random() < 0.03:
                note = ""
        agent = "" if status == "Open" or (status in ("Awaiting Approval", "Pending") and rng.random() < 0.3) else \
            _choose(rng, agents[group])
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
    finished = [x for x in ok if x.status in FINISHED and x.created < NOW - timedelta(days=30)]
    for x in rng.sample(finished, n_dup):
        old_updated = _second(x.created + timedelta(minutes=10 + rng.random() * 90))
        cells = dict(x.cells, Status="In Progress", **{"Resolved Time": "", "Closed Time": "", "Resolution Note": "",
                                                       "Last Updated Time": fmt(old_updated)})
        at = rows.index(x) + 1 + int(rng.random() * 150)
        rows.insert(min(at, len(rows)), FsTicket(cells, "duplicate", x.ticket_id, x.subject))
    # rows the indexer must quarantine: their numbers come after the last good ticket
    breakers = (("Ticket Id", ""), ("Created Time", "2026-02-30 10:15:00"), ("Created Time", "TBD"), ("Ticket Id", ""))
    for j in range(n_broken):
        template = _choose(rng, ok)
        tid = f"{template.ticket_id.split('-')[0]}-{number + 2 + j}"
        cells = dict(template.cells, **{"Ticket Id": tid})
        column, value = breakers[j]
        cells[column] = value
        if column == "Created Time":
            cells["Last Updated Time"] = ""  # no other date to fall back on
        rows.insert(int(rng.random() * len(rows)), FsTicket(cells, "broken", tid, template.subject))
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

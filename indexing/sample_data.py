"""Deterministic generator of realistic (synthetic) helpdesk requests.

It feeds the demo, the tests and the golden evaluation set, so everything structured about a
row is ground truth and exactly reproducible:

* the same ``(n, seed)`` gives byte-identical files, and row ``i`` depends only on ``(seed, i)``,
  never on ``n`` (rows come in blocks of 32 that share one ``random.Random`` stream seeded from
  ``(seed, block)``); the employee directory and the agent pool depend on the seed alone;
* nothing depends on the clock: dates are spread over the two years ending at the fixed
  :data:`REFERENCE_TIME`;
* every PII value that ends up in a row -- in the PII columns *and* planted in the free text
  (title, description, comments) -- is listed in :attr:`SampleRequest.planted_pii`.

No real people: names are random first/last-name combinations (a directory of a few hundred
employees plus a separate pool of helpdesk agents), e-mails live on the
fictitious :data:`COMPANY_DOMAIN` (or the reserved ``example.*`` domains), phone numbers are taken
from ranges reserved for fiction where such exist (UK 020 7946 0xxx, 0161 496 0xxx,
07700 900xxx; US 555-01xx; Berlin 030 23125xxx; Sydney 02 5550 xxxx) and IBANs are random
accounts with correct mod-97 check digits.

Usage::

    python -m indexing.sample_data out/requests.parquet -n 100000 --seed 7
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import string
import unicodedata
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from math import exp
from pathlib import Path

__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "COLUMNS",
    "COMPANY_DOMAIN",
    "PII_COLUMNS",
    "PII_ENTITY_TYPES",
    "PRIORITIES",
    "REFERENCE_TIME",
    "STATUSES",
    "Employee",
    "SampleRequest",
    "employee_directory",
    "generate_requests",
    "iban_is_valid",
    "sample_request",
    "write_sample",
]

#: The fixed "now" of the data set (naive UTC). Never replaced by the real clock.
REFERENCE_TIME = datetime(2026, 10, 31, 18, 0, 0)
#: CreatedAt values are spread over this many days ending at REFERENCE_TIME.
WINDOW_DAYS = 730
COMPANY_DOMAIN = "northwind-corp.com"

COLUMNS: tuple[str, ...] = (
    "RequestID",
    "Title",
    "Description",
    "Comments",
    "Status",
    "Category",
    "Subcategory",
    "Priority",
    "AssignmentGroup",
    "Location",
    "Channel",
    "RequesterName",
    "RequesterEmail",
    "RequesterPhone",
    "EmployeeNumber",
    "AssigneeName",
    "CreatedAt",
    "UpdatedAt",
    "ResolvedAt",
)

#: Structured columns that hold PII, with their entity type.
PII_COLUMNS: dict[str, str] = {
    "RequesterName": "PERSON",
    "RequesterEmail": "EMAIL_ADDRESS",
    "RequesterPhone": "PHONE_NUMBER",
    "EmployeeNumber": "EMPLOYEE_ID",
    "AssigneeName": "PERSON",
}
PII_ENTITY_TYPES: tuple[str, ...] = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "EMPLOYEE_ID", "IBAN_CODE")

STATUSES: tuple[str, ...] = ("New", "Open", "In Progress", "Pending", "On Hold", "Resolved", "Closed", "Cancelled")
PRIORITIES: tuple[str, ...] = ("1 - Critical", "2 - High", "3 - Medium", "4 - Low")
CHANNELS: tuple[str, ...] = ("Portal", "Email", "Chat", "Phone", "Walk-in")
_CHANNEL_WEIGHTS = (40, 30, 13, 12, 5)

_EPOCH = datetime(1970, 1, 1)
_REF_TS = int((REFERENCE_TIME - _EPOCH).total_seconds())
_DAY = 86400
_HOUR = 3600


# --------------------------------------------------------------------------------------------
# Names and the employee directory
# --------------------------------------------------------------------------------------------

_FIRST_NAMES = (
    "Aaliyah", "Abdullah", "Adaeze", "Adebayo", "Aditi", "Adriana", "Agnieszka", "Ahmed", "Aiko",
    "Aisha", "Akira", "Alejandro", "Aleksandra", "Alessandro", "Alina", "Amara", "Amelia", "Amir",
    "Ana Sofia", "Anders", "Andrei", "Angela", "Anika", "Anne-Marie", "Antonio", "Arjun", "Astrid",
    "Ayesha", "Bartosz", "Beatriz", "Benedikt", "Bilal", "Björn", "Bogdan", "Camila", "Carlos",
    "Catalina", "Catherine", "Charlotte", "Chiamaka", "Chloe", "Christoph", "Chukwuemeka", "Claudia",
    "Dalia", "Daniel", "Darius", "Deepika", "Diego", "Dimitri", "Edward", "Eleanor", "Elena", "Elif",
    "Emeka", "Emily", "Emre", "Erik", "Esperanza", "Fatima", "Felix", "Fernanda", "Finn", "Fiona",
    "Florian", "Francesca", "Gabriel", "Gareth", "George", "Giulia", "Hamza", "Hannah", "Harriet",
    "Hassan", "Helena", "Hiroshi", "Hyun-woo", "Ibrahim", "Ines", "Ingrid", "Isabel", "Ivan", "Jamal",
    "James", "Javier", "Jean-Luc", "Jia Hui", "Joanna", "Johan", "Jonas", "José Luis", "Julia",
    "Julien", "Karim", "Katarzyna", "Kenji", "Kwame", "Lars", "Laura", "Layla", "Leila", "Leon",
    "Liam", "Lina", "Lucas", "Lucía", "Luis", "Magdalena", "Malik", "Mariam", "Marisol", "Mary-Jane",
    "Mateo", "Matthias", "Megan", "Mehmet", "Mei", "Mia", "Michael", "Mohammed", "Nadia", "Naledi",
    "Natalia", "Nathan", "Ngozi", "Nikhil", "Nikolai", "Noah", "Nour", "Oksana", "Olamide", "Oliver",
    "Olivia", "Omar", "Oscar", "Owen", "Paolo", "Pedro", "Pooja", "Priya", "Rachel", "Rafael",
    "Rahul", "Rania", "Ravi", "Rebecca", "Reza", "Rhys", "Rosa", "Ryo", "Sadia", "Samuel", "Sanjay",
    "Santiago", "Sara", "Sebastian", "Selin", "Seo-yeon", "Siddharth", "Simon", "Siobhan", "Sofia",
    "Sophie", "Søren", "Sunita", "Svetlana", "Tariq", "Thabo", "Thomas", "Tiago", "Tom", "Tomasz",
    "Uchenna", "Valentina", "Victoria", "Vikram", "Wei", "Wiktoria", "William", "Xavier", "Yasmin",
    "Yusuf", "Yuki", "Zainab", "Zanele", "Zara", "Zeynep", "Zoë",
)

_LAST_NAMES = (
    "Abara", "Acheampong", "Adeyemi", "Agarwal", "Akhtar", "Al-Farsi", "Al-Mansouri", "Alvarez",
    "Andersen", "Aydin", "Bakshi", "Banerjee", "Bauer", "Becker", "Ben-David", "Bergström", "Bianchi",
    "Brennan", "Byrne", "Campbell", "Castillo", "Chakraborty", "Chatterjee", "Chen", "Choi",
    "Chowdhury", "Clarke", "Costa", "da Silva", "Davies", "De la Cruz", "de Vries", "Demir",
    "Dimitrov", "dos Santos", "Doyle", "Dubois", "Dziedzic", "Edwards", "Eriksson", "Esposito",
    "Evans", "Fernandes", "Fischer", "Fitzgerald", "Fontaine", "Gallagher", "García López",
    "Gonzalez", "Gupta", "Haddad", "Hansen", "Harris", "Hashemi", "Hernández", "Hoffmann", "Horvath",
    "Huang", "Hughes", "Hussain", "Ibrahim", "Iwu", "Jankowski", "Jensen", "Johansson", "Jones",
    "Kaminski", "Kapoor", "Karimi", "Kato", "Kaur", "Kennedy", "Khan", "Kim", "Kowalczyk", "Kozlov",
    "Krishnan", "Kumar", "Lambert", "Larsen", "Lee", "Lefebvre", "Li", "Lindqvist", "Liu",
    "Lombardi", "Lopez", "MacLeod", "Mahlangu", "Malik", "McCarthy", "Mehta", "Mendoza", "Moreau",
    "Morales", "Mthembu", "Murphy", "Murray", "Nakamura", "Nair", "Ndlovu", "Nguyen", "Nielsen",
    "Novak", "Nowak", "Nwosu", "O'Brien", "O'Connor", "Obi", "Okafor", "Okonkwo", "Olsen", "Ortega",
    "Osei", "Özdemir", "Papadopoulos", "Patel", "Pereira", "Petrov", "Popescu", "Quintero",
    "Rahman", "Raman", "Ramos", "Rao", "Reddy", "Roberts", "Robinson", "Rossi", "Russo", "Sánchez",
    "Santos", "Sato", "Schmidt", "Schneider", "Schulz", "Sharma", "Shevchenko", "Silva", "Singh",
    "Smith-Jones", "Sokolova", "Stewart", "Suzuki", "Svensson", "Tan", "Tanaka", "Taylor",
    "Thompson", "Torres", "Tran", "Turner", "van der Berg", "Van der Merwe", "van Dijk", "Vargas",
    "Vasquez", "Verma", "Volkov", "Wagner", "Walsh", "Wang", "Watanabe", "Weber", "Williams",
    "Wiśniewski", "Wójcik", "Wright", "Wu", "Yamamoto", "Yang", "Yilmaz", "Yousef", "Zhang", "Zhao",
    "Zimmermann",
)

# Sites: (name, weight, UTC offset in hours (no DST), currency symbol, phone formatter id)
_SITES = (
    ("London HQ", 33, 0, "£", "london"),
    ("Manchester", 10, 0, "£", "manchester"),
    ("Berlin", 17, 1, "€", "berlin"),
    ("New York", 20, -5, "$", "newyork"),
    ("Austin", 8, -6, "$", "austin"),
    ("Sydney", 6, 10, "A$", "sydney"),
    ("Remote", 6, 0, "£", "mobile_uk"),
)
_SITE_INFO = {s[0]: s for s in _SITES}

_DEPARTMENTS = (
    ("Sales", 14), ("Engineering", 16), ("Finance", 9), ("Marketing", 8), ("Operations", 11),
    ("Customer Support", 12), ("HR", 5), ("Legal", 3), ("Procurement", 3), ("Product", 7),
    ("Payroll", 2), ("IT", 6), ("Facilities", 2), ("Data & Analytics", 4),
)


def _phone(rng: random.Random, kind: str) -> tuple[str, str]:
    """(identity, display): a number in a range reserved for drama/fiction, in one of several real formats.

    ``identity`` names the number independently of how it is written (for uniqueness checks).
    """
    r = rng.random()
    if kind == "london":
        d = f"{rng.randrange(1000):03d}"
        key = "+442079460" + d
        if r < 0.45:
            return key, f"+44 20 7946 0{d}"
        if r < 0.8:
            return key, f"020 7946 0{d}"
        return key, f"+44 (0)20 7946 0{d}"
    if kind == "manchester":
        d = f"{rng.randrange(1000):03d}"
        return "+441614960" + d, (f"+44 161 496 0{d}" if r < 0.6 else f"0161 496 0{d}")
    if kind == "mobile_uk":
        d = f"{rng.randrange(1000):03d}"
        return "+447700900" + d, (f"07700 900{d}" if r < 0.6 else f"+44 7700 900{d}")
    if kind == "berlin":
        d = f"{rng.randrange(1000):03d}"
        key = "+493023125" + d
        if r < 0.5:
            return key, f"+49 30 23125{d}"
        if r < 0.8:
            return key, f"030 23125{d}"
        return key, f"+49 30 23125 {d}"
    if kind in ("newyork", "austin", "mobile_us"):
        area = {"newyork": ("212", "646", "917"), "austin": ("512", "737"), "mobile_us": ("917", "347", "512")}[kind]
        a = area[int(rng.random() * len(area))]
        d = f"{rng.randrange(100):02d}"
        key = f"+1{a}55501{d}"
        if r < 0.45:
            return key, f"({a}) 555-01{d}"
        if r < 0.75:
            return key, f"+1 {a}-555-01{d}"
        if r < 0.9:
            return key, f"{a}.555.01{d}"
        return key, f"+1 {a} 555 01{d}"
    if kind == "sydney":
        d = f"{rng.randrange(10000):04d}"
        return "+6125550" + d, (f"+61 2 5550 {d}" if r < 0.5 else f"(02) 5550 {d}")
    raise ValueError(kind)


_ASCII_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i"})


def _email_part(name: str) -> str:
    s = unicodedata.normalize("NFKD", name.translate(_ASCII_FOLD)).encode("ascii", "ignore").decode()
    return "".join(ch for ch in s.lower() if ch.isalnum() or ch == "-")


@dataclass(frozen=True)
class Employee:
    name: str
    first: str
    last: str
    email: str
    phone: str
    employee_number: str
    site: str
    department: str


@dataclass(frozen=True)
class _Agent:
    name: str
    first: str
    group: str


_AGENTS_PER_GROUP = {
    "Service Desk": 9, "Network Operations": 3, "End User Computing": 4, "Identity & Access Management": 3,
    "Messaging & Collaboration": 2, "Unified Communications": 2, "HR Operations": 4, "Payroll Team": 3,
    "Benefits Team": 2, "Facilities Management": 4, "Workplace Services": 3, "Physical Security": 2,
    "Accounts Payable": 3, "Travel & Expenses": 2, "Finance Operations": 2, "Security Operations Center": 4,
    "Procurement": 3, "Vendor Management": 2, "Legal Counsel": 2, "Privacy Office": 2, "Compliance": 2,
}

_DIRECTORY_SIZE = 400


def _cum(weights) -> list[float]:
    out, t = [], 0.0
    for w in weights:
        t += w
        out.append(t)
    return out


@lru_cache(maxsize=8)
def _directory(seed: int) -> tuple[tuple[Employee, ...], dict[str, tuple[_Agent, ...]], tuple]:
    rng = random.Random(f"askdesk-directory:{seed}")
    used_names: set[str] = set()
    used_emails: set[str] = set()
    used_phones: set[str] = set()
    emp_numbers = rng.sample(range(10000, 100000), _DIRECTORY_SIZE)
    site_names = [s[0] for s in _SITES]
    site_cum = _cum(s[1] for s in _SITES)
    dept_names = [d[0] for d in _DEPARTMENTS]
    dept_cum = _cum(d[1] for d in _DEPARTMENTS)

    def fresh_name() -> tuple[str, str, str]:
        while True:
            first = _FIRST_NAMES[int(rng.random() * len(_FIRST_NAMES))]
            last = _LAST_NAMES[int(rng.random() * len(_LAST_NAMES))]
            full = f"{first} {last}"
            if full not in used_names:
                used_names.add(full)
                return first, last, full

    employees = []
    for k in range(_DIRECTORY_SIZE):
        first, last, full = fresh_name()
        local = f"{_email_part(first)}.{_email_part(last)}"
        email, j = f"{local}@{COMPANY_DOMAIN}", 1
        while email in used_emails:
            j += 1
            email = f"{local}{j}@{COMPANY_DOMAIN}"
        used_emails.add(email)
        site = site_names[bisect(site_cum, rng.random() * site_cum[-1])]
        kind = _SITE_INFO[site][4]
        if kind in ("london", "newyork", "austin") and rng.random() < 0.25:
            kind = "mobile_uk" if kind == "london" else "mobile_us"
        for _ in range(1000):
            key, phone = _phone(rng, kind)
            if key not in used_phones:
                break
        used_phones.add(key)
        dept = dept_names[bisect(dept_cum, rng.random() * dept_cum[-1])]
        employees.append(Employee(full, first, last, email, phone, f"E-{emp_numbers[k]}", site, dept))

    agents: dict[str, tuple[_Agent, ...]] = {}
    for group, count in _AGENTS_PER_GROUP.items():
        members = []
        for _ in range(count):
            first, _last, full = fresh_name()
            members.append(_Agent(full, first, group))
        agents[group] = tuple(members)
    # per employee: the slot values and PII list every row of theirs starts from
    contexts = tuple(
        ({"site": e.site if e.site != "Remote" else "London HQ", "dept": e.department,
          "currency": _SITE_INFO[e.site][3], "first": e.first, "full": e.name, "email": e.email, "phone": e.phone,
          "emp": e.employee_number},
         (("PERSON", e.name), ("EMAIL_ADDRESS", e.email), ("PHONE_NUMBER", e.phone), ("EMPLOYEE_ID", e.employee_number)))
        for e in employees)
    return tuple(employees), agents, contexts


def employee_directory(seed: int = 7) -> tuple[Employee, ...]:
    """The synthetic employee directory requesters are drawn from (depends on ``seed`` only)."""
    return _directory(seed)[0]


# --------------------------------------------------------------------------------------------
# IBANs
# --------------------------------------------------------------------------------------------

def _iban_check(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    num = int("".join(str(int(ch, 36)) for ch in rearranged))
    return f"{98 - num % 97:02d}"


def iban_is_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check (spaces allowed)."""
    s = iban.replace(" ", "").upper()
    if len(s) < 15 or not s[:2].isalpha() or not s[2:4].isdigit() or not s.isalnum():
        return False
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _iban(rng: random.Random, country: str) -> str:
    digits = string.digits
    letters = string.ascii_uppercase

    def rd(k: int) -> str:
        return "".join(digits[int(rng.random() * 10)] for _ in range(k))

    def rl(k: int) -> str:
        return "".join(letters[int(rng.random() * 26)] for _ in range(k))

    if country == "DE":
        bban = rd(18)
    elif country == "GB":
        bban = rl(4) + rd(14)
    elif country == "NL":
        bban = rl(4) + rd(10)
    elif country == "IE":
        bban = rl(4) + rd(14)
    elif country == "ES":
        bban = rd(20)
    else:  # pragma: no cover - internal
        raise ValueError(country)
    compact = country + _iban_check(country, bban) + bban
    if rng.random() < 0.55:  # the printed form, in groups of four
        return " ".join(compact[k:k + 4] for k in range(0, len(compact), 4))
    return compact


_SITE_IBAN_COUNTRIES = {
    "London HQ": ("GB", "GB", "IE"), "Manchester": ("GB",), "Remote": ("GB", "NL"),
    "Berlin": ("DE", "DE", "NL"), "New York": ("GB", "DE", "NL", "ES"), "Austin": ("NL", "DE"),
    "Sydney": ("GB", "NL"),
}


# --------------------------------------------------------------------------------------------
# Text building blocks
# --------------------------------------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _ordinal(d: int) -> str:
    return f"{d}{'th' if 10 <= d <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def _fmt_date(d: int, m: int, style: int) -> str:
    if style == 0:
        return f"{d} {_MONTHS[m]}"
    if style == 1:
        return f"{_MONTHS[m]} {d}"
    return f"the {_ordinal(d)}"


def _slot_date(rng, slots) -> str:
    d = 1 + int(rng.random() * 28)
    m = int(rng.random() * 12)
    r = rng.random()
    style = 0 if r < 0.5 else 1 if r < 0.8 else 2
    slots["_date"] = (d, m, style)
    return _fmt_date(d, m, style)


def _slot_date2(rng, slots) -> str:
    """A date 1-10 days after {date} (same style)."""
    slots["date"]
    d, m, style = slots["_date"]
    d += 1 + int(rng.random() * 10)
    if d > 28:
        d, m = d - 28, (m + 1) % 12
        style = min(style, 1)
    return _fmt_date(d, m, style)


def _slot_amount(rng, slots) -> str:
    cur = slots["currency"]
    r = rng.random()
    if r < 0.6:
        v = 10 + rng.random() * 290
    elif r < 0.9:
        v = 300 + rng.random() * 1700
    else:
        v = 2000 + rng.random() * 9000
    return f"{cur}{v:,.2f}"


def _digits(k: int):
    def f(rng, slots) -> str:
        return "".join("0123456789"[int(rng.random() * 10)] for _ in range(k))
    return f


def _prefixed(prefix: str, k: int):
    d = _digits(k)

    def f(rng, slots) -> str:
        return prefix + d(rng, slots)
    return f


def _slot_prev_req(rng, slots) -> str:
    i = slots.row_index
    if i <= 0:
        return "REQ-100000"
    lo = max(0, i - 3000)
    return f"REQ-{100000 + lo + int(rng.random() * (i - lo))}"


def _slot_inv(rng, slots) -> str:
    return f"INV-{2025 + int(rng.random() * 2)}-{_digits(5)(rng, slots)}"


def _slot_other_weekday(rng, slots) -> str:
    day = slots["day"]
    k = _WEEKDAYS.index(day) if day in _WEEKDAYS else 0
    return _WEEKDAYS[(k + 1) % 5]


_GLOBAL_SLOTS: dict = {
    # people/places (non-PII)
    "people": ("my whole team", "three of us", "everyone on {floor}", "a couple of colleagues", "the whole {dept} team",
               "at least {n} people", "the people sitting near me", "two new starters in my team", "half the office"),
    "floor": ("floor 2", "the 3rd floor", "level 4", "the ground floor", "floor 5", "the 1st floor", "level 6",
              "the 7th floor", "floor 3"),
    "floor_no": ("1", "2", "3", "4", "5", "6", "7"),
    "building": ("Building A", "Building B", "Building C", "the annex", "the main building"),
    "room": ("meeting room 3.12", "the Thames room", "room B204", "the boardroom", "the Spree room", "huddle room 4A",
             "the Hudson room", "the training room", "room 2.07", "the Bondi room", "the big room on {floor}"),
    "desk": ("3.14", "B-207", "4-22", "HD-12", "2.31", "5-08", "A-118", "6.02"),
    # time
    # point-in-time phrases ("It started ...", "I emailed about this ...")
    "when": ("this morning", "yesterday", "yesterday afternoon", "on {day}", "last week", "a couple of days ago",
             "about an hour ago", "after I came back from holiday", "two weeks ago", "at the start of the month",
             "earlier today", "after the office move", "over the weekend", "last {day}"),
    "duration": ("a few days", "about a week", "two days", "the whole morning", "a couple of weeks", "most of the day",
                 "over a week"),
    "day": _WEEKDAYS,
    "day2": _slot_other_weekday,
    "month": _MONTHS,
    "date": _slot_date,
    "date2": _slot_date2,
    "time": ("9:30", "10am", "2pm", "half past three", "11:00", "4pm", "noon", "8:45", "13:30", "3pm"),
    "part_of_day": ("morning", "afternoon", "day", "week"),
    "n": ("2", "3", "4", "5", "6", "8", "10", "12"),
    "pct": ("3", "4", "5", "6", "8", "10", "12"),
    "hours": ("2", "3", "4", "6", "12", "24", "48"),
    "years": ("3", "4", "5", "6"),
    "temp": ("28", "29", "30", "31", "15", "16", "14"),
    "mbps": ("0.5", "1.2", "2", "3", "0.8"),
    # things
    "call_app": ("Teams", "Zoom", "Teams", "Webex"),
    "app": ("Outlook", "Teams", "SAP", "Workday", "Excel", "OneDrive", "SharePoint", "Chrome", "Edge", "Zoom",
            "Salesforce", "Jira", "Confluence", "Adobe Acrobat", "Power BI", "PowerPoint", "Word"),
    "system": ("SAP", "Workday", "Salesforce", "Jira", "Confluence", "Power BI", "SharePoint", "the HR portal", "Coupa",
               "Concur", "the finance data warehouse", "DocuSign", "ServiceNow"),
    "device": ("my laptop", "my laptop", "the laptop", "my PC", "the docking station", "everything", "my machine"),
    "laptop_model": ("ThinkPad T14", "ThinkPad X1 Carbon", "Dell Latitude 7440", "Dell Latitude 5540", "MacBook Pro",
                     "MacBook Air", "Dell Precision 3580", "Surface Laptop 5"),
    "asset": _prefixed("NW-LT-", 5),
    "vendor_ref": _prefixed("case ", 8),
    "cost_centre": _prefixed("CC-", 4),
    "inv": _slot_inv,
    "po": _prefixed("PO-", 7),
    "prev": _slot_prev_req,
    "amount": _slot_amount,
    "supplier": ("Brightline Office Supplies", "Kestrel Logistics", "Orbitas Software", "Halden & Moss Consulting",
                 "Bluefin Catering", "Tamarind Print Co.", "Greywater Facilities", "Northgate Travel",
                 "Pelican Data Services", "Ironbark Security", "Larkspur Media", "Quayside Furniture"),
    "vendor": ("Dell", "Lenovo", "Microsoft", "Cisco", "Ricoh", "HP", "Apple"),
    "project": ("Atlas", "Phoenix", "Horizon", "Orion", "Compass", "Beacon", "Falcon", "Keystone"),
    "dept_other": ("Finance", "Sales", "Marketing", "Operations", "the data team", "Customer Support", "Procurement",
                   "Engineering", "Legal"),
    "task": ("join client calls", "send emails", "get to the shared drive", "finish the month-end report",
             "approve invoices", "work from home", "access any of my files", "print the contracts", "log in at all",
             "prepare for tomorrow's workshop", "do most of my work"),
    "deadline": ("I'm travelling tomorrow", "I have a board presentation at {time}", "the client deadline is tomorrow",
                 "I'm on leave from {day}", "I have a client call at {time}"),
    "hr_system": ("Workday", "the HR portal", "Workday", "ADP"),
    "leave_type": ("annual leave", "parental leave", "sick leave", "compassionate leave", "a sabbatical",
                   "unpaid leave", "shared parental leave"),
    "software": ("Visio", "Power BI Desktop", "Python", "Tableau", "Adobe Acrobat Pro", "Notepad++",
                 "Visual Studio Code", "Git", "Snagit", "MS Project", "R and RStudio", "7-Zip", "Figma", "DBeaver",
                 "Postman", "Miro"),
    "role": ("read-only", "approver", "editor", "AP clerk", "report viewer", "admin", "requester"),
    "impersonated": ("Microsoft 365", "DocuSign", "our CEO", "DHL", "the IT helpdesk", "HR", "PayPal",
                     "our bank", "a supplier we use", "Payroll"),
}

# generic sentences -------------------------------------------------------------------------

_OPENERS_EMAIL = ("Hi team,", "Hello,", "Hi,", "Hi all,", "Good morning,", "Good afternoon,", "Hi there,",
                  "Hello team,", "Morning,", "Hey,", "Dear {group},", "Hi {group},", "Dear colleagues,")
_OPENERS_PORTAL = ("Hi,", "Hello,", "Hi team,", "Hi there -", "Hello team,")
_OPENERS_CHAT = ("hi,", "hey,", "Hi!", "hello -", "hi there,")
_CLOSERS = ("Thanks!", "Thanks in advance.", "Any help appreciated.", "Many thanks.", "Cheers.", "Thank you.",
            "Thanks a lot.", "Appreciate your help.", "Let me know if you need anything else.", "Kind regards.",
            "Thx", "Thanks for your help!", "Cheers!", "Thanks very much.", "Best regards.")
_CLOSERS_CHAT = ("thanks", "thx!", "ty", "cheers", "thanks!!")

_ONSET_IT = ("It started {when_it}.", "This started {when_it}.", "It's been like this for {duration}.",
             "I first noticed it {when_it}.",
             "Started happening {when_it}, no idea what changed.", "It's intermittent, the first time was {when_it}.",
             "It's been going on for {duration} now.", "It began {when_it}.", "This has happened on and off for {duration}.")
# point-in-time phrases: they must read well after "It started ..." and "... until ..."
_WHEN_IT = ("this morning", "yesterday", "yesterday afternoon", "on {day}", "after the latest Windows update",
            "after last night's update", "after I changed my password", "a couple of days ago", "over the weekend",
            "about an hour ago", "after I came back from holiday", "last week", "after the laptop restarted overnight",
            "after the office move", "after the Teams update", "when I got in this morning")
_ONSET_GEN = ("This started {when}.", "I first noticed it {when}.", "It has been like this for {duration}.",
              "I raised it informally {when} but nothing happened.", "It came up {when}.")
_IMPACT_IT = ("I can't {task} at the moment.", "This is stopping me from being able to {task}.", "It's affecting {people}.",
              "It's not blocking me completely but it's really slowing me down.",
              "I have a {call_app} call with a client at {time} so I need it working before then.",
              "I'm working off my phone for now.", "The whole team relies on this so it's fairly urgent.",
              "I basically can't {task} until this is fixed.", "I can still work, it's just really annoying.",
              "We lose a good hour a day because of this.")
_IMPACT_GEN = ("I need this sorted before {deadline_gen}.", "This affects {people}.",
               "It's not urgent but I'd like it sorted this week.", "It's causing quite a bit of disruption.",
               "A few people have complained about this already.", "This is the second time this has happened.",
               "It's holding up work for {people}.")
_DEADLINE_GEN = ("the end of the month", "Friday", "next week", "the {date}", "my leave starts", "the audit")
_URGENCY = ("Not urgent.", "Could someone look at this today please?", "Quite urgent please.",
            "Whenever you get a chance.", "Please treat as urgent, {deadline}.", "Low priority, just flagging it.",
            "Would be great to get this fixed today.", "Urgent please - {deadline}.", "No rush.",
            "Please could this be prioritised, {deadline}.")
_URGENCY_REQ = tuple(u for u in _URGENCY if "fixed" not in u) + ("Would be great to have this sorted this week.",)
_TRIED_IT = ("I've already restarted {device}.", "Restarting didn't help.", "I logged out and back in, no change.",
             "It works on a colleague's laptop, so it seems to be just mine.",
             "I've checked the troubleshooting page on the intranet but it didn't help.",
             "I already tried turning it off and on again.", "I've tried two restarts and a shutdown, still the same.",
             "Tried it on the office network and at home, same result.")
_TRIED_GEN = ("I checked the intranet but couldn't find an answer.",
              "I asked my manager and they suggested raising a ticket.",
              "I already emailed about this {when} but haven't heard back.",
              "I looked for a form on the portal but couldn't find the right one.",
              "The FAQ page doesn't cover this case.", "I called the desk {when} and was told to log it here.")
_DETAIL_GEN = ("I'm based at {site}.", "I'm at {site}, {floor}.", "This is a follow-up to {prev}.",
               "I'm in the office on {day} if that helps.", "Previous ticket was {prev} but it got closed.")

_OPENERS_PHONE = ("Caller reports:", "User called:", "Called the desk:", "Logged from call -", "Caller:")
_OPENERS_WALKIN = ("Walk-in:", "User came to the desk:", "Walk-up:", "At the desk:")
# context sentences for requests and questions (instead of onset / impact)
_REQ_CONTEXT = ("My manager is aware.", "Happy to provide anything else you need.",
                "Let me know if there's a form I should fill in.", "Thanks for looking into it.", "Could you let me know what the next steps are?",
                "Let me know if you need anything from me.", "I wasn't sure which team handles this.")

# comments ---------------------------------------------------------------------------------

_C_ACK = ("Thanks for raising this, I'm looking into it now.", "Picked up, will update shortly.",
          "Thanks, I've taken ownership of this.", "Acknowledged. Looking into it.",
          "Hi {first}, thanks for the ticket - I'll pick this up today.",
          "Hi, this is {agent} from {group}, I'll be handling this request.",
          "Assigned to myself, investigating.", "Thanks for the details, checking now.",
          "I've had a first look - will come back to you this afternoon.")
# agent questions, each with the requester replies that answer it
_C_INFO_IT = (
    ("Could you send a screenshot of the error message?", ("Screenshot attached.", "Attached - it's the same error every time.")),
    ("Can you tell me your asset tag? It's on a sticker under the laptop.", ("Asset tag is {asset}.", "It's {asset}.")),
    ("Is this still happening after a full restart?", ("Yes, still the same after restarting.", "Still happening this morning.")),
    ("Could you let me know when you're free for a remote session?", ("Sure, I'm free after {time}.", "Any time on {day} works.")),
    ("Can you confirm whether this happens on the office network as well?", ("Yes, same in the office.", "Only at home, the office is fine.")),
    ("When did this last work for you?", ("It was fine {when}.", "Not sure, I noticed it {when}.")),
)
_C_INFO_HR = (
    ("Can you confirm the dates involved?", ("Dates are {date} to {date2}.", "From {date}, for about a week.")),
    ("Could you attach the supporting documents?", ("I've attached the document now.", "Attached, sorry I forgot.")),
    ("Has your manager approved this? We'll need their approval before we go ahead.",
     ("My manager approved it by email.", "Yes - approval attached.")),
    ("Could you send a screenshot of what you see in {hr_system}?", ("Screenshot attached.",)),
)
_C_INFO_FAC = (
    ("Which site and floor is this for?", ("It's {site}, {floor}.", "{site}, {floor}, near {room}.")),
    ("Could you send a photo?", ("Photo attached.", "Attached a photo from this morning.")),
    ("Is this still an issue today?", ("Yes, still the same this morning.", "Yes, no change.")),
    ("Is there a good time for the engineer to come by?", ("Any time after {time}.", "{day} morning works.")),
)
_C_INFO_FIN = (
    ("Could you please send the reference number so I can look this up?", ("Sure, it's {inv}.", "It's {po}.")),
    ("Could you attach the supporting documents?", ("I've attached the document now.", "Attached, sorry I forgot.")),
    ("Which cost centre should this go to?", ("{cost_centre}, thanks.", "It's {cost_centre}.")),
    ("Has the budget holder approved this?", ("Yes, approval attached.", "My manager approved it by email.")),
)
_C_INFO_SEC = (
    ("Could you forward the original email as an attachment?", ("Done, forwarded just now.", "Forwarded.")),
    ("Did you enter any credentials or open any attachments?",
     ("No, I didn't click anything.", "I opened it but didn't type anything in.")),
    ("When exactly did this happen?", ("It was {when}.", "Around {time}.")),
    ("Have you reported this to anyone else?", ("No, only to you.", "I told my manager as well.")),
)
_C_INFO_GEN = (
    ("Could you attach the supporting documents?", ("I've attached the document now.", "Attached, sorry I forgot.")),
    ("Has your manager approved this? We'll need their approval before we go ahead.",
     ("My manager approved it by email.", "Yes - approval attached.")),
    ("What's the deadline for this?", ("We need it by {date}.", "Ideally by the end of {month}.")),
    ("Which cost centre should this go to?", ("{cost_centre}, thanks.", "It's {cost_centre}.")),
    ("Can you share a bit more detail on what you need?", ("I've added more detail in the description.",
                                                             "Happy to jump on a call to explain.")),
)
_IT_SCREENSHOT = _C_INFO_IT[0]
_IT_REMOTE = _C_INFO_IT[3]
# subcategory-specific questions (fall back to the category's)
_C_INFO_SUB = {
    "Payroll": (
        ("Which pay period does this relate to?", ("The {month} payroll.", "It's {month}.")),
        ("Could you attach the payslip in question?", ("Attached.", "I've attached the PDF now.")),
        ("Could you send a screenshot of what you see in {hr_system}?", ("Screenshot attached.",)),
    ),
    "Printer": (
        ("Which printer is it exactly? The name is on a label on the front.", ("It's {printer_name}.",)),
        ("Is anything showing on the printer's display?", ("It says {printer_err}.", "Just 'Error', no code.")),
        _IT_SCREENSHOT,
    ),
    "Phone": (
        ("Which device are you using?", ("It's a {desk_phone}.", "My {headset} headset.")),
        ("Is this on every call or only some?", ("Every call today.", "Only external calls.")),
        _IT_REMOTE,
    ),
    "Access/Accounts": (
        ("Has your manager approved the access? We need that before we can grant it.",
         ("Yes, approval attached.", "My manager approved it by email.")),
        ("Which exact error do you see?", ("It's {error}.", "Screenshot attached.")),
        _IT_REMOTE,
    ),
    "Software install": (
        ("Is there a cost centre for the licence?", ("{cost_centre}, thanks.", "It's {cost_centre}.")),
        ("Has your manager approved the cost?", ("Yes, approval attached.", "My manager approved it by email.")),
        _IT_REMOTE,
    ),
    "Email": (
        _IT_SCREENSHOT,
        ("Does it also happen in Outlook on the web?", ("No, webmail is fine.", "Yes, same in the browser.")),
        _IT_REMOTE,
    ),
}
_C_INFO = {"IT": _C_INFO_IT, "HR": _C_INFO_HR, "Facilities": _C_INFO_FAC, "Finance": _C_INFO_FIN,
           "Security": _C_INFO_SEC, "Procurement": _C_INFO_GEN, "Legal": _C_INFO_GEN}
_C_CHASE = ("Any update on this?", "Hi, is anyone looking at this?", "Chasing this one please.",
            "Still waiting on this - could someone take a look?", "Bumping this, it's still an issue.")
_C_ESCALATE = ("Escalating to {group} as this needs their access.", "Passing to {group} for further investigation.",
               "Reassigned to {group}.", "Not something the desk can fix - escalated to {group}.",
               "Moved to {group} queue, they'll pick it up from here.")
_C_HOLD_IT = ("On hold - waiting for the replacement part, ETA {n} working days.",
              "Raised with {vendor} ({vendor_ref}), waiting for their engineer.",
              "On hold until the next change window on {date}.", "Waiting for the vendor to release a fix.",
              "Parked until the user is back in the office on {day}.")
_C_HOLD_GEN = ("Waiting for approval from the budget holder.", "On hold until the policy review is finished.",
               "Parked until {date} as agreed with the requester.", "Waiting on the supplier to come back to us.",
               "On hold pending sign-off from the department head.")
_C_PENDING = ("Awaiting response from requester.", "We've asked for more information, waiting to hear back.",
              "Pending - waiting on the vendor.", "Waiting for the requester to confirm a time.",
              "Pending third-party response ({vendor_ref}).")
_C_THANKS = ("Confirmed working, thanks!", "All good now, thank you.", "That fixed it, thanks a lot.",
             "Thanks for the quick help!", "Great, thank you.", "Perfect, thanks.")
_C_NORESP = ("Closing as we haven't heard back. Please reopen if the issue persists.",
             "No response after {n} reminders, closing the ticket. Reply to reopen.",
             "Auto-closed: no response from requester in 5 working days.",
             "Closing - please raise a new request if you still need help.")
_C_CANCEL_R = ("Please cancel this, it's sorted itself out.", "You can close this, a colleague helped me.",
               "Please cancel - raised by mistake.", "Not needed anymore, thanks.")
_C_CANCEL_A = ("Duplicate of {prev}, closing this one.", "Cancelled at the requester's request.",
               "Cancelled - this is being handled in {prev}.", "Raised twice, cancelling the duplicate.")
_C_RESOLVED_GEN = ("Resolved - please let us know if anything else comes up.", "Done, closing the request.",
                   "Completed. Please raise a new request if you need anything else.")

# PII-bearing sentences (keys in braces that are PII are recorded in planted_pii) ----------

_P_SELF = ("This is {full} from {dept}.", "My name is {full} and I work in {dept}.", "{full} here, from the {dept} team.",
           "It's {full} from {dept} at {site}.", "I'm {full} ({dept}, {site}).")
_P_OTHER = ("My manager {other} has approved this.", "{other} from {other_dept} told me to raise a ticket.",
            "My colleague {other} has the same problem.", "Please keep {other} in the loop, they're covering for me.",
            "{other} in my team can confirm.", "I sit next to {other} if you need to find me.",
            "{other} ({other_dept}) asked me to log this on their behalf.", "Approved by my line manager, {other}.")
_P_EMAIL = ("You can reach me at {email}.", "Please send any updates to {email}.", "Please also copy {other_email}.",
            "My personal email is {personal_email} if I can't get into my work account.",
            "Reply to {email} please, not the shared inbox.", "Best to email {other_email}, who is dealing with it.")
_P_PHONE = ("Call me on {phone} if you need more details.", "Best number to reach me is {phone}.", "My mobile is {mobile}.",
            "I'm on {phone} all afternoon.", "You can ring me on {mobile}, I'm working from home today.",
            "Please call {mobile} rather than my desk phone.", "My direct line is {phone}.")
_P_EMP = ("My employee ID is {emp}.", "Employee number: {emp}.", "My staff number is {emp} in case you need it.",
          "For reference my employee no. is {emp}.", "(employee ID {emp})")
_P_IBAN = ("My new bank details are IBAN {iban}.", "Please pay it into {iban}.",
           "The IBAN on file is wrong, it should be {iban}.", "The account is {iban}.",
           "Bank details: {iban}.")
_P_IBAN_SUPPLIER = ("The supplier says their new IBAN is {iban}.", "Their bank details changed to {iban}.",
                    "The invoice asks us to pay to {iban}.", "New account on the letter: {iban}.")
_P_NEWSTARTER = ("The new starter is {other}, employee number {other_emp}.", "Their name is {other} ({other_emp}).",
                 "It's for {other}, staff number {other_emp}.", "Name: {other}, employee ID {other_emp}.")
_P_LEAVER = ("The leaver is {other} ({other_emp}).", "It's {other}, employee number {other_emp}.")
# PII mentions in comments, by kind, for each author
_P_C_REQ = {
    "phone": ("You can call me on {phone} this afternoon.", "Try my mobile, {mobile}.",
              "I'm on {phone} if it's easier to talk.", "Easier to call me: {mobile}."),
    "email": ("Please reply to {email}, I'm not getting notifications from the portal.",
              "Can you also copy {other_email} on this?", "Please send it to {personal_email}, I can't get into Outlook."),
    "emp": ("My employee ID is {emp}.", "In case you need it, my staff number is {emp}."),
    "other": ("My manager {other} approved it by email.", "{other} has the same issue by the way.",
              "I've forwarded the email from {other} to the team.", "{other} can sign this off if I'm not around."),
}
_P_C_AGENT = {
    "phone": ("I tried calling you on {phone} but no answer.", "I left a voicemail on {phone}.",
              "Called {phone} - no answer, will try again later."),
    "email": ("I've sent the details to {email}.", "I've copied {other_email} as requested."),
    "emp": ("Could you confirm your employee number? I have {emp} on file.",),
    "other": ("I've added {other} in copy as they approve these.", "Spoke to {other}, who confirmed the details.",
              "{other} has confirmed the approval."),
}
_SIGN_SHORT = ("Thanks,\n{first}", "Cheers,\n{first}", "Best,\n{first}", "Thanks\n{first}")
_SIGN_FULL = ("Regards,\n{full}", "Kind regards,\n{full}\n{dept}", "Best regards,\n{full}", "Thanks,\n{full}")

_PII_SLOT_TYPES = {
    "first": "PERSON", "full": "PERSON", "other": "PERSON", "agent": "PERSON",
    "email": "EMAIL_ADDRESS", "other_email": "EMAIL_ADDRESS", "personal_email": "EMAIL_ADDRESS",
    "phone": "PHONE_NUMBER", "mobile": "PHONE_NUMBER",
    "emp": "EMPLOYEE_ID", "other_emp": "EMPLOYEE_ID",
    "iban": "IBAN_CODE",
}


# --------------------------------------------------------------------------------------------
# Categories and subcategories
# --------------------------------------------------------------------------------------------
# Each subcategory: weight, assignment groups (name, weight), issues, details, tried (specific), extra
# slot pools, flags. An issue keeps its titles, opening sentences and resolutions together so that a
# row's title, description and resolution comment talk about the same problem.

def _issue(titles, symptoms, resolutions=(), extra=(), iban=None, req=None):
    """One problem: its titles, opening sentences, resolutions and extra details, which all match.

    ``iban``: "iban" (the requester's own account) or "iban_supplier" where bank details belong.
    ``req``: a request or question rather than a fault (no "it started ..." / "I restarted ..."
    sentences); None: the subcategory's default.
    """
    return (tuple(titles), tuple(symptoms), tuple(resolutions), tuple(extra), iban, req)


def _sub(weight, groups, issues, details=(), tried=(), slots=None, **flags):
    return {"weight": weight, "groups": groups, "issues": issues, "details": details, "tried": tried,
            "slots": slots or {}, **flags}


_I = _issue

_IT_SUBS = {
    "VPN": _sub(
        16, (("Network Operations", 55), ("Service Desk", 45)),
        (
            _I(("VPN keeps disconnecting", "{vpn} drops every {n} minutes", "VPN disconnects during {call_app} calls",
                "VPN keeps disconnecting after Windows update", "vpn disconnecting constantly",
                "VPN unstable - dropping all day"),
               ("{vpn} keeps disconnecting every {n} minutes or so, which kicks me out of {app}.",
                "My VPN drops as soon as I join a {call_app} call and then takes ages to reconnect.",
                "The VPN connection keeps dropping, sometimes several times an hour.",
                "The VPN started disconnecting randomly {when_it} and I lose whatever I was doing in {app}.",
                "I get kicked off {vpn} roughly every {n} minutes, and each time I have to log in again."),
               ("Known issue with the latest patch; applied the fix from the KB and the tunnel now stays up.",
                "Moved the user to the {gateway} gateway; no more drops.",
                "Updated the network adapter driver and the {vpn} client; stable for two days, closing."),
               ("It happens on both my home network and my phone hotspot.",
                "Home internet is fine, I can stream video without any problems.")),
            _I(("Cannot connect to VPN from home", "VPN {error} when connecting", "{vpn} error - {error}",
                "Can't get on the VPN", "vpn not connecting", "{vpn} stuck on 'Connecting...'"),
               ("I can't connect to {vpn} from home, it fails with {error}.",
                "I keep getting {error} when I start {vpn}.",
                "{vpn} is stuck on 'Connecting...' and eventually times out with {error}.",
                "Whenever I try to connect to {vpn} I get {error} and it gives up.",
                "I haven't been able to get onto the VPN at all today, it just says {error}."),
               ("Reset the {vpn} profile and pushed the updated certificate; the user can connect again.",
                "Cleared stale network adapters and reinstalled {vpn} - user confirmed it's working.",
                "The machine certificate had expired; renewed it and the VPN connects."),
               ("The log says: {error}.", "The client shows the portal as {portal}.")),
            _I(("Unable to reach internal sites over VPN", "VPN connected but no access to shared drives",
                "Intranet not loading on VPN", "No access to internal apps over VPN"),
               ("When I connect to {vpn} it says connected but none of the internal sites load.",
                "I'm connected to {vpn} but the shared drives and intranet time out.",
                "The VPN shows as connected, but {app} and the intranet won't load.",
                "I can connect to the VPN fine, I just can't reach anything internal once I'm on it."),
               ("Split-tunnel configuration was missing on the device; re-applied the policy.",
                "DNS suffix was wrong on the VPN adapter; fixed it and flushed the DNS cache."),
               ("External websites work fine while connected.",)),
            _I(("VPN login loop", "Lost VPN access after password change", "VPN keeps asking me to sign in",
                "VPN rejects my password"),
               ("Every time I try to sign in to {vpn} I get sent straight back to the login page.",
                "Since my password change {vpn} rejects my credentials.",
                "{vpn} asks for my password, accepts it, then asks again in a loop.",
                "I changed my password {when} and now the VPN won't accept it."),
               ("Password sync issue - reset credentials and re-registered the device, VPN connects again.",
                "Cleared cached credentials and re-enrolled MFA for the VPN; sign-in works."),
               ("I can log in to webmail with the same password.",)),
            _I(("VPN not working on hotel Wi-Fi", "Can't use VPN while travelling", "VPN blocked on guest network"),
               ("I'm travelling and {vpn} won't connect on the hotel Wi-Fi.",
                "I'm at a client site and the VPN won't connect on their guest network.",
                "{vpn} works at home but not from the hotel I'm staying at this week."),
               ("The hotel network blocks the VPN port; switched the client to SSL fallback mode.",
                "Advised using the phone hotspot; enabled the fallback gateway for the user."),
               ("I'm in {city} until {day}.",)),
            _I(("VPN very slow today", "VPN extremely slow", "Slow file access over VPN"),
               ("The VPN is extremely slow today, {app} takes minutes to load anything.",
                "Everything over the VPN is painfully slow, even opening a small file takes ages.",
                "Opening files from the shared drive over the VPN is so slow it keeps timing out."),
               ("The {gateway} gateway was overloaded; capacity increased by Network Operations.",
                "Moved the user to the {gateway} gateway; speeds back to normal."),
               ("A speed test without the VPN shows normal speeds.",)),
        ),
        ("I'm on a {laptop_model}, asset tag {asset}.", "I'm working from home {day} to {day2} this week."),
        ("I've already rebooted and reinstalled {vpn}.", "Tried switching to the other gateway, same result.",
         "I tried the mobile hotspot too, same thing."),
        {"vpn": ("GlobalProtect", "the VPN", "Cisco AnyConnect", "the VPN client", "Always On VPN", "GlobalProtect"),
         "error": ("error 809", "error 720", "0x800704cf", "0x8007274c", "error 691", "'Gateway unreachable'",
                   "a certificate error", "'Authentication failed'", "error 812"),
         "portal": ("vpn.northwind-corp.com", "vpn-eu.northwind-corp.com", "vpn-us.northwind-corp.com"),
         "gateway": ("EU-West", "London", "Frankfurt", "US-East"),
         "city": ("Paris", "Madrid", "Singapore", "Chicago", "Warsaw", "Dubai")},
        it=True),
    "Email": _sub(
        14, (("Messaging & Collaboration", 50), ("Service Desk", 50)),
        (
            _I(("Outlook keeps crashing on startup", "{mailapp} not working", "Outlook crashes every time I open it",
                "outlook keeps freezing"),
               ("{mailapp} crashes a few seconds after opening, I just get the 'Outlook has stopped working' message.",
                "Outlook freezes as soon as it starts loading my inbox and then closes.",
                "Outlook keeps crashing, I've lost a draft twice this morning.",
                "Outlook won't stay open for more than a minute."),
               ("Rebuilt the Outlook profile and the OST file; mail is syncing again.",
                "Removed a corrupt add-in that was crashing Outlook.",
                "Ran an online Office repair; Outlook is stable again."),
               ("Outlook on the web works fine, it's only the desktop app.",
                "Tried starting Outlook in safe mode, same thing.")),
            _I(("Not receiving external emails", "Emails from {supplier} missing", "Emails going to junk",
                "Missing emails from customers"),
               ("I'm not getting any emails from external senders, internal ones arrive fine.",
                "Emails from {supplier} are all landing in junk even though I've marked them safe.",
                "A customer says they've emailed me three times but nothing has arrived.",
                "I'm expecting an email from {supplier} and it never comes through."),
               ("The sender domain had been caught by the spam filter - released the messages and allow-listed it.",
                "A mail flow rule was blocking the domain; corrected the rule and mail is arriving."),
               ("They say they didn't get a bounce-back.",)),
            _I(("Mailbox full - can't send", "Mailbox over quota", "Can't send emails - mailbox full"),
               ("My mailbox is full and I can't send anything, even after deleting old emails.",
                "I keep getting warnings that my mailbox is over its limit and now sending has stopped."),
               ("Increased the mailbox quota and enabled the online archive.",
                "Enabled the online archive and applied a retention policy; mailbox back under quota."),
               ("My mailbox says it's {pct} GB over the limit.", "I've already emptied Deleted Items.")),
            _I(("Shared mailbox missing from Outlook", "Need access to {mailbox} shared mailbox",
                "Access to {mailbox} mailbox"),
               ("The {mailbox} shared mailbox has disappeared from my folder list.",
                "I need access to the {mailbox} shared mailbox for my new role.",
                "Could I get send-as rights on the {mailbox} mailbox?"),
               ("Added the user to the shared mailbox permissions; it should appear in Outlook within an hour.",
                "Re-added full access and send-as rights; the mailbox is showing again."),
               ("My manager has approved this.",), req=True),
            _I(("Emails stuck in Outbox", "Emails not sending"),
               ("Emails are sitting in my Outbox and not going out.",
                "Nothing I send leaves my Outbox, it just says 'Sending' forever."),
               ("Removed an oversized message that was blocking the Outbox; mail is flowing.",
                "Rebuilt the Outlook profile; send/receive working."),
               ("Webmail seems to work fine, it's only the desktop app.",)),
            _I(("Outlook asking for password repeatedly", "outlook not syncing", "Outlook says disconnected"),
               ("Outlook keeps asking for my password over and over, even though I type it correctly.",
                "Outlook says 'Disconnected' in the status bar and nothing syncs.",
                "Outlook keeps popping up a sign-in window and my inbox stopped updating."),
               ("Cleared cached credentials and re-authenticated Outlook; sync restored.",),
               ("It affects my phone as well.",)),
            _I(("Calendar invites not showing up", "Meeting invites missing from calendar"),
               ("Meeting invites from {people} are not showing in my calendar.",
                "People say they've sent me invites but they never appear in my calendar."),
               ("Calendar delegate settings were corrupted; removed and re-added them.",), ()),
            _I(("Out of office not working", "Can't set automatic replies"),
               ("My out of office won't switch on, it just says 'Your automatic reply settings cannot be displayed'.",
                "I can't turn on automatic replies and I'm off from {day}."),
               ("Re-enabled the auto-reply service for the mailbox.",), ()),
            _I(("Search in Outlook returns nothing", "Outlook search not working"),
               ("Search in Outlook returns no results for anything older than a week.",
                "Outlook search finds nothing, even for emails I can see in my inbox."),
               ("Rebuilt the search index; search works again.",), ()),
            _I(("Bounce-back {error} when emailing supplier", "Emails to {supplier} bouncing"),
               ("I'm getting bounce-backs with {error} when I email one of our suppliers.",
                "Every email I send to {supplier} bounces back with {error}."),
               ("The supplier's server was rejecting us; they fixed their SPF record.",
                "Sender reputation issue resolved with the mail provider; mail delivered."),
               ("The bounce message says {error}.",)),
        ),
        ("I'm using {mailapp}.",),
        ("I ran the Office repair tool, didn't help.",),
        {"mailapp": ("Outlook", "Outlook on the web", "the Outlook app on my phone", "new Outlook", "Outlook"),
         "mailbox": ("finance-invoices", "hr-queries", "uk-reception", "sales-emea", "procurement", "payroll-help",
                     "customer-care", "it-announcements"),
         "error": ("550 5.7.1", "0x800CCC0E", "0x8004010F", "554 5.4.14", "452 4.3.1", "550 5.1.10")},
        it=True),
    "Laptop": _sub(
        15, (("End User Computing", 65), ("Service Desk", 35)),
        (
            _I(("Laptop won't turn on", "Laptop dead - no power", "{laptop_model} not powering on"),
               ("My laptop won't power on at all, no lights when I plug in the charger.",
                "My {laptop_model} is completely dead this morning, it won't even show the charging light.",
                "The laptop shuts off straight away every time I press the power button."),
               ("Motherboard replaced under warranty by the vendor's engineer on site.",
                "Faulty charger - replaced it and the laptop powers on.",
                "Swapped for a loaner {laptop_model} while the original goes for repair."),
               ("I've held the power button for 30 seconds, nothing.", "I have a spare charger and tried that too.")),
            _I(("{laptop_model} battery draining very fast", "Battery not charging", "Battery swollen?"),
               ("The battery on my {laptop_model} goes from full to empty in about an hour.",
                "My laptop says 'plugged in, not charging' and the battery keeps dropping.",
                "The trackpad is bulging up and I'm worried the battery is swollen."),
               ("Replaced the battery under warranty.", "Battery replaced; swollen unit disposed of safely."),
               ("The battery report says the capacity is down to 40%.",)),
            _I(("Laptop extremely slow", "laptop running really slow", "Laptop takes ages to start"),
               ("My laptop has become really slow, it takes {n} minutes to boot and {app} freezes constantly.",
                "Everything on my laptop is slow, even opening File Explorer takes ages."),
               ("Reimaged the laptop and restored the user's OneDrive files.",
                "Replaced the failing SSD; performance is back to normal."),
               ("Task Manager shows the disk at 100% all the time.", "It's a {laptop_model}, about {years} years old.")),
            _I(("Request for laptop replacement", "Laptop due for refresh"),
               ("My {laptop_model} is {years} years old and can't keep up with {app} anymore, can I get a replacement?",
                "My laptop is well past its refresh date, could I get a new one?"),
               ("Replacement laptop issued and data migrated.",
                "Added to the next refresh batch; new laptop delivered and data migrated."),
               ("It's a {laptop_model}, about {years} years old.",), req=True),
            _I(("Screen flickering on {laptop_model}", "Laptop screen flickering"),
               ("The screen keeps flickering, especially when I'm in {app}.",
                "My laptop screen flickers and sometimes goes black for a second."),
               ("Updated the display driver; flickering stopped.", "Screen replaced under warranty."), ()),
            _I(("Docking station not detecting monitors", "Second monitor not working", "External monitor no signal"),
               ("The docking station doesn't pick up my monitors anymore, only the laptop screen works.",
                "My second monitor just says 'No signal' when I dock."),
               ("Updated the dock firmware and display drivers; both monitors detected.",
                "Replaced the faulty display cable."),
               ("Tried a different dock and cable, same problem.",)),
            _I(("Keyboard keys not working", "Some keys not working"),
               ("Several keys on the keyboard ({keys}) have stopped working.",
                "A few keys ({keys}) only work if I press really hard."),
               ("Keyboard replaced by {vendor}.",), ("Asset tag is {asset}.",)),
            _I(("Spilled {liquid} on laptop", "Trackpad not responding after spill"),
               ("I spilled {liquid} on my laptop and now the trackpad doesn't work.",
                "I knocked {liquid} over my keyboard and now some keys and the trackpad are dead."),
               ("Swapped for a loaner {laptop_model} while the original goes for repair.",
                "Top case and trackpad replaced."),
               ("I turned it off straight away.",)),
            _I(("Laptop hinge broken", "Cracked laptop hinge"),
               ("The hinge on my laptop has cracked and the screen wobbles.",),
               ("Hinge and display assembly replaced by {vendor}.",), ()),
            _I(("Blue screen {error}", "Laptop keeps crashing", "BSOD {error}"),
               ("I keep getting a blue screen with {error}, usually {bsod_when}.",
                "My laptop crashed to a blue screen {n} times today ({error})."),
               ("Updated BIOS and drivers; no further blue screens reported.",
                "Faulty RAM module replaced; no crashes since."),
               ("Already ran Windows Update and restarted twice.",)),
            _I(("Laptop stuck on BitLocker recovery screen", "BitLocker recovery key needed"),
               ("My laptop started asking for a BitLocker recovery key {when_it}.",
                "The laptop boots to a blue BitLocker screen asking for a recovery key."),
               ("Provided the BitLocker recovery key after verifying identity; device booted normally.",), ()),
            _I(("Laptop overheating and fan very loud", "Laptop very hot"),
               ("The laptop gets really hot and the fan is constantly loud, even when I'm only on email.",),
               ("Cleaned the fan and reapplied thermal paste; temperatures normal.",), ()),
        ),
        ("Asset tag is {asset}.", "I'm working from {site} today."),
        (),
        {"error": ("CRITICAL_PROCESS_DIED", "0xc000021a", "IRQL_NOT_LESS_OR_EQUAL", "0x0000007e", "MEMORY_MANAGEMENT",
                   "DRIVER_POWER_STATE_FAILURE"),
         "keys": ("E, R and the space bar", "the arrow keys", "the number row", "Enter and backspace"),
         "bsod_when": ("when I undock", "a few minutes after waking from sleep", "when I join a {call_app} call",
                       "at random"),
         "liquid": ("some coffee", "water", "tea", "a glass of juice")},
        it=True),
    "Printer": _sub(
        8, (("End User Computing", 40), ("Service Desk", 60)),
        (
            _I(("Printer on {floor} not printing", "Printer says offline", "printer not working again",
                "Print jobs stuck in queue"),
               ("The printer on {floor} shows as offline and nothing I send comes out.",
                "My print jobs just sit in the queue with status 'Error - printing'.",
                "Nothing I send to {printer_name} prints, it just disappears from the queue."),
               ("Restarted the print spooler on the print server; queued jobs released.",
                "The printer had lost its network config; reset it and re-added it to the print server."),
               ("Other people on {floor} seem to have the same issue.",)),
            _I(("Paper jam on {printer_name}", "Paper jam that won't clear"),
               ("{printer_name} has a paper jam that I can't clear, the error won't go away.",
                "{printer_name} keeps saying there's a jam but there's no paper stuck anywhere."),
               ("Cleared the jam in the fuser unit and ran a test page.", "Replaced a worn pickup roller."),
               ("The display shows error code {printer_err}.", "I've cleared the tray and reloaded the paper.")),
            _I(("Streaks on every page from {printer_name}", "Printer printing blank pages", "Poor print quality"),
               ("{printer_name} prints everything with a grey streak down the middle.",
                "Everything I print from {app} comes out as blank pages."),
               ("Replaced the drum unit; print quality is back to normal.", "Replaced the empty toner cartridge."),
               ()),
            _I(("Can't add printer {printer_name}", "Printer driver unavailable"),
               ("I can't add {printer_name}, it says the driver is unavailable.",
                "{printer_name} doesn't show up when I try to add a printer."),
               ("Re-deployed the print driver via Intune; printer added successfully.",),
               ("Tried printing from a colleague's laptop and that works.",)),
            _I(("Scan to email not working",),
               ("Scan to email stopped working, the scans never arrive in my inbox.",),
               ("Logged a call with Ricoh; engineer replaced the scanner board.",
                "Updated the SMTP relay settings on the device; scans arrive again."), ()),
            _I(("Badge release printing not working", "Follow-me printing says no jobs"),
               ("When I tap my badge at the printer it says 'no jobs found' even though I've just sent something.",),
               ("Re-enrolled the user's badge in the print release system.",), ()),
        ),
        ("It's the one next to the kitchen.", "I need to print contracts for a meeting at {time}."),
        ("I've turned it off and on again.",),
        {"printer_name": ("PRN-3A-01", "PRN-2B-04", "PRN-LDN-07", "PRN-BER-02", "the Ricoh by reception",
                          "the colour printer", "the copy room printer", "PRN-NY-12", "the big printer on {floor}"),
         "printer_err": ("SC542", "E-310", "J-200", "SC899", "49.4C02", "E-501")},
        it=True),
    "Access/Accounts": _sub(
        16, (("Identity & Access Management", 55), ("Service Desk", 45)),
        (
            _I(("Account locked out", "locked out again", "Account keeps locking"),
               ("My account is locked out again, I think my old phone is still trying to sync mail.",
                "My account keeps getting locked every morning.",
                "I typed my password wrong too many times and now I'm locked out."),
               ("Unlocked the account and removed the old device partnership that kept locking it.",
                "Unlocked the account; the lockouts came from a stale mapped drive, removed it."),
               ("I've waited the 30 minutes for the lockout to clear, still locked.",)),
            _I(("Password reset needed", "Forgot password"),
               ("I forgot my password after coming back from holiday and can't log in.",
                "I need my password reset, the self-service page doesn't recognise me."),
               ("Reset the password after identity verification; user logged in.",
                "Registered the user for self-service reset and reset the password."),
               ("I tried the self-service password reset but it says I'm not registered.",)),
            _I(("MFA prompts not arriving", "New phone - need to re-register Authenticator"),
               ("I'm not receiving the MFA prompts on my phone anymore so I can't sign in to anything.",
                "I got a new phone and need to set up Microsoft Authenticator again."),
               ("Reset MFA registration after identity verification; user re-registered the new phone.",), ()),
            _I(("{error} when signing in", "Can't log in to {system}"),
               ("I get {error} when signing in to {system}.",
                "{system} won't let me in, it just shows {error}."),
               ("Conditional access policy excluded the device; corrected it and sign-in works.",
                "App registration was missing the user's group; added and sign-in works."),
               ("The error code is {error}.",)),
            _I(("Access to {system} for new role", "Need {role} role in {system}", "Access request: {system}"),
               ("I've moved to {dept_other} and need access to {system}.",
                "I can log in to {system} but I only see a blank page, I think my role is missing.",
                "I need the {role} role in {system} to cover for a colleague who is off."),
               ("Granted access to {system} per manager approval.",
                "Role assigned in {system} after approval from the system owner."),
               ("My manager has approved this.", "Role needed: {role}."), req=True),
            _I(("Request access to {share} drive", "Access to {share} shared drive"),
               ("Could I please get read/write access to the {share} shared drive?",
                "I need access to the {share} drive, I get 'access denied' when I open it."),
               ("Added the user to the {share} drive security group; access is live after next login.",),
               ("I need the same access as the rest of the {dept_other} team.",), req=True),
            _I(("Account disabled by mistake", "My account has been disabled"),
               ("My account seems to have been disabled, I get 'your account has been disabled' when I log in.",
                "I can't log in to anything this morning, it says my account is disabled."),
               ("Re-enabled the account - it had been disabled by the leavers process in error.",),
               ("I'm definitely not leaving!",)),
        ),
        ("I'm trying from {site}.",),
        (),
        {"error": ("AADSTS50076", "AADSTS50126", "AADSTS53003", "AADSTS700016", "AADSTS50053", "AADSTS50158"),
         "share": ("Finance", "Projects", "Marketing", "Legal", "Operations", "Sales", "HR Confidential")},
        it=True),
    "Software install": _sub(
        11, (("End User Computing", 70), ("Service Desk", 30)),
        (
            _I(("Please install {software}", "Request: {software} for project work", "install {software} pls",
                "Need {software} installed"),
               ("Could you install {software} on my laptop please? I need it for {reason}.",
                "I need admin rights to install {software}, or could someone install it for me?",
                "I need {software} for {reason} and it isn't in Company Portal."),
               ("Installed {software} via Intune and assigned a licence.",
                "Request declined - {software} is not on the approved list; suggested {alt_software} instead.",
                "Packaged {software} and published it to Company Portal; user installed it."),
               ("I tried installing it myself but it asks for an admin password.",)),
            _I(("{software} install fails with {error}", "Company Portal install stuck", "{software} won't install"),
               ("I'm trying to install {software} from Company Portal but it fails with {error}.",
                "{software} has been stuck at 'Installing' in Company Portal for {hours} hours."),
               ("Cleared the failed installer cache and re-pushed {software}; install completed.",
                "Removed the old version blocking the installer; {software} installed."),
               ("I've restarted and tried again twice.",)),
            _I(("Need {software} licence", "{software} trial expired"),
               ("I need a licence for {software}, the trial has expired.",
                "{software} says my licence has expired and won't open."),
               ("Licence request approved by the budget holder; {software} activated.",),
               ("My manager is happy to approve the cost.",)),
            _I(("Update {software} to latest version", "{software} out of date"),
               ("Please update {software} - the version I have can't open files from {supplier}.",),
               ("Updated {software} to the current version via Intune.",), ()),
        ),
        ("The cost centre is {cost_centre}.", "It's for the {project} project.", "Asset tag {asset}."),
        (),
        {"error": ("error 1603", "0x80070643", "0x87D1041C", "error 1618", "0x80070005"),
         "reason": ("a client project", "the new reporting process", "editing process diagrams",
                    "the data migration work", "reviewing contracts", "my training course", "the {project} project"),
         "alt_software": ("the web version", "Power BI Desktop", "Visio Online", "Excel", "Miro")},
        it=True),
    "Network/Wi-Fi": _sub(
        12, (("Network Operations", 70), ("Service Desk", 30)),
        (
            _I(("Wi-Fi dropping on {floor}", "wifi down", "Wi-Fi unusable on {floor}"),
               ("The Wi-Fi on {floor} keeps dropping out, it's been like this all {part_of_day}.",
                "Wi-Fi on {floor} disconnects every few minutes for everyone around me."),
               ("Replaced a faulty access point on {floor}.", "ISP issue at {site} - resolved by the provider."),
               ("A speed test shows about {mbps} Mbps.", "The wired connection on the same floor is fine.")),
            _I(("Very slow network in {room}", "Poor Wi-Fi in {room}"),
               ("The network in {room} is unusably slow, video calls keep freezing.",
                "Wi-Fi around {room} is so weak that calls keep dropping."),
               ("Added an access point near {room}; coverage is fine now.",), ()),
            _I(("No internet at desk {desk}", "Network port not working"),
               ("The network port at my desk ({desk}) doesn't seem to work, no connection on the cable.",
                "When I plug in at desk {desk} I get no network, but Wi-Fi works."),
               ("Patched the floor port to the correct VLAN.", "Replaced the damaged patch cable."),
               ("Tried another desk, same result.",)),
            _I(("Can't connect to {wifi}", "Wi-Fi keeps asking for credentials"),
               ("I can't connect to {wifi} at all, it just says 'Can't connect to this network'.",
                "{wifi} keeps asking me to sign in again every hour or so."),
               ("Re-issued the Wi-Fi certificate to the device.",), ("I've forgotten the network and re-joined it.",)),
            _I(("Guest Wi-Fi not working for visitors",),
               ("Visitors can't get onto NW-Guest, the captive portal page never loads.",),
               ("Guest portal certificate had expired; renewed.",), ()),
            _I(("Internal sites not loading - {error}", "Intranet not loading in the office"),
               ("I get {error} when opening any internal site from the office network.",
                "Internal sites don't load from the office network, external ones are fine."),
               ("A DNS forwarder at {site} had failed; restarted and monitoring.",), ()),
        ),
        ("It affects {people}.", "It's worse in the afternoon."),
        (),
        {"wifi": ("NW-Corp", "the corporate Wi-Fi", "NW-Secure", "the office Wi-Fi"),
         "error": ("DNS_PROBE_FINISHED_NXDOMAIN", "ERR_CONNECTION_TIMED_OUT", "ERR_NAME_NOT_RESOLVED", "a 504 error")},
        it=True),
    "Phone": _sub(
        8, (("Unified Communications", 60), ("Service Desk", 40)),
        (
            _I(("Desk phone not working", "Desk phone says No service"),
               ("My desk phone started showing 'No service' {when_it}.", "My desk phone has no dial tone."),
               ("Re-provisioned the desk phone.", "Replaced the faulty PoE cable."), ("The phone is a {desk_phone}.",)),
            _I(("Can't make external calls", "Teams dial pad missing"),
               ("I can receive calls in Teams but can't dial out to external numbers.",
                "My Teams calling plan seems to be missing, the dial pad has disappeared."),
               ("Re-assigned the Teams calling licence; dial pad is back.",), ("Signed out of Teams and back in.",)),
            _I(("Calls going straight to voicemail",),
               ("Calls forwarded to my mobile go straight to voicemail.",),
               ("Fixed the call forwarding rule.",), ()),
            _I(("Echo on Teams calls",),
               ("People say there's an echo on my side during Teams calls, with the headset and without.",),
               ("Updated the audio driver; echo gone.",), ("My headset is a {headset}.",)),
            _I(("Headset mic not working",),
               ("The mic on my {headset} stopped working, people can't hear me.",),
               ("Replaced the headset - the old one had a faulty mic.",), ("I've re-paired the headset.",)),
            _I(("Mobile phone request", "Need a company mobile"),
               ("I need a company mobile for my new on-call role.",),
               ("Mobile ordered and enrolled in Intune.",), (), req=True),
            _I(("Company mobile screen cracked",),
               ("I dropped my company phone and the screen is cracked, it still works but the touch is unreliable.",),
               ("Ordered a replacement device; user to return the damaged one.",), ("Phone model is {phone_model}.",)),
            _I(("Voicemail PIN reset",),
               ("I've forgotten my voicemail PIN.",),
               ("Reset the voicemail PIN and sent it by SMS.",), (), req=True),
        ),
        ("It's been like this on {n} calls today.",),
        (),
        {"phone_model": ("iPhone 13", "iPhone 15", "Samsung Galaxy S23"),
         "desk_phone": ("Yealink T54W", "Poly CCX 400", "Cisco 8845"),
         "headset": ("Jabra Evolve2 65", "Poly Voyager Focus", "Jabra Evolve 40", "Logitech Zone Vibe")},
        it=True),
}

_HR_SUBS = {
    "Payroll": _sub(
        30, (("Payroll Team", 80), ("HR Operations", 20)),
        (
            _I(("Can't open payslip for {month}", "payslip query - {month}", "Payslip not showing in {hr_system}"),
               ("I can't open my payslip for {month}, the PDF in {hr_system} just shows an error.",
                "My {month} payslip isn't showing in {hr_system}."),
               ("Payslip regenerated; the user can now open it in the portal.",), ()),
            _I(("Overtime missing from {month} pay", "Overtime not paid"),
               ("The overtime I worked in {month} isn't on my payslip.",
                "I did {n} hours of overtime in {month} and it hasn't been paid."),
               ("Overtime added as an adjustment in the next payroll run.",),
               ("My manager signed off the hours on {day}.",)),
            _I(("Underpaid this month", "Payslip shows wrong salary"),
               ("I was paid {amount} less than expected this month.",
                "My {month} payslip shows my old salary, not the one from my promotion."),
               ("Salary change hadn't been approved in time; back pay included in the next run.",),
               ("I started in my new role on {date}.",)),
            _I(("Bonus not paid",),
               ("The bonus that was confirmed in my review hasn't been paid.",),
               ("Bonus processed as an off-cycle payment.",), ()),
            _I(("Wrong tax code", "Taxed too much this month"),
               ("I think my tax code is wrong, I've been taxed a lot more than usual this month.",),
               ("Tax code queried with the tax office and corrected; the refund will appear in next month's pay.",),
               ("I've attached a screenshot of the payslip.",)),
            _I(("Question about deduction on payslip",),
               ("There's a deduction on my payslip called '{deduction}' that I don't recognise.",),
               ("Explained the deduction; no change needed.",), ("It's about {amount} in total.",)),
            _I(("Bank details change", "Salary paid to old account", "Update bank account for salary"),
               ("I need to change the bank account my salary is paid into.",
                "My salary went to my old bank account even though I updated it in {hr_system}."),
               ("Bank details updated in {hr_system} - effective from the next pay run.",
                "Payment recalled from the old account and re-issued."),
               (), iban="iban"),
        ),
        (),
        ("I've already emailed payroll but didn't hear back.",),
        {"deduction": ("ADJ-RETRO", "BIK", "Salary sacrifice", "Pension AE", "Other deduction", "OVP-REC")},
        pii_boost=0.25),
    "Leave": _sub(
        22, (("HR Operations", 100),),
        (
            _I(("Leave balance incorrect", "Wrong holiday balance"),
               ("My leave balance in {hr_system} shows {n} days but it should be more.",),
               ("Corrected the leave balance - the carry-over hadn't been applied.",), ()),
            _I(("Holiday allowance wrong after moving to part time",),
               ("Since I went part time my holiday allowance hasn't been adjusted.",),
               ("Allowance pro-rated and updated.",), ()),
            _I(("Carry over holiday days",),
               ("Can I carry over {n} unused holiday days into next year?",),
               ("Carry-over approved up to the policy limit.",), ()),
            _I(("Can't book {leave_type} in {hr_system}",),
               ("I'm trying to book {leave_type} for {date} but the system won't let me submit it.",),
               ("Leave type was missing from the user's plan; fixed and request submitted.",),
               ("My manager is happy with the dates.",)),
            _I(("Leave request stuck awaiting approval",),
               ("My leave request has been waiting for approval for over a week.",),
               ("Re-routed the approval to the deputy manager.",), ()),
            _I(("Question about {leave_type}",),
               ("Could you explain how {leave_type} works? I'm expecting to need it from {month}.",),
               ("Sent the {leave_type} policy and answered the questions by email.",), ()),
            _I(("Sick leave not recorded",),
               ("I was off sick on {day} and {day2} but it isn't showing in my record.",),
               ("Recorded the sick days retrospectively.",), ()),
        ),
        ("I've checked the leave policy on the intranet.",),
        (),
        {}, pii_boost=0.05),
    "Onboarding": _sub(
        14, (("HR Operations", 70), ("Service Desk", 30)),
        (
            _I(("New starter on {date} - equipment and accounts", "Onboarding checklist for new team member"),
               ("We have a new {role_hire} starting on {date}, please set up a laptop, accounts and a badge.",
                "Can you confirm the onboarding schedule for our new starter next {day}?"),
               ("All accounts created, laptop imaged and badge printed - ready for day one.",
                "Onboarding schedule sent to the hiring manager."),
               ("They'll be based at {site}.", "They need the same setup as the rest of the {dept} team.")),
            _I(("New starter access to {system}",),
               ("The new starter needs access to {system} from day one.",),
               ("Access granted ahead of the start date.",), ()),
            _I(("New joiner has no laptop",),
               ("Our new joiner started today but there's no laptop or login waiting for them.",),
               ("Loan laptop issued same day; accounts created.", "Equipment delivered to {site} reception."), ()),
            _I(("Contract not received for new hire",),
               ("The new hire in my team hasn't received their contract yet and starts in {n} days.",),
               ("Contract re-sent via DocuSign.",), ()),
        ),
        ("Cost centre is {cost_centre}.",),
        (),
        {"role_hire": ("data analyst", "account manager", "software engineer", "finance assistant", "receptionist",
                       "project manager", "support engineer")},
        newstarter=True, pii_boost=0.3),
    "Offboarding": _sub(
        8, (("HR Operations", 60), ("Identity & Access Management", 40)),
        (
            _I(("Leaver on {date} - remove access", "Return of equipment for leaver"),
               (("A member of my team is leaving on {date}, please arrange for their access to be removed and "
                 "the laptop collected."),),
               ("Access end-dated and collection of equipment booked.",), ("Their last working day is {date}.",)),
            _I(("Exit interview scheduling",),
               ("Please schedule an exit interview for someone in my team who leaves on {date}.",),
               ("Exit interview booked.",), ()),
            _I(("How do I return my laptop?",),
               ("I'm leaving at the end of {month}, how do I return my laptop and badge?",),
               ("Returns label sent by email.",), ()),
            _I(("Final pay query",),
               ("I haven't received my final pay statement.",), ("Final pay statement re-issued.",), ()),
            _I(("Reference letter request",),
               ("Could HR provide an employment reference for my new employer?",), ("Reference letter sent.",), ()),
        ),
        (),
        (),
        {}, leaver=True),
    "Benefits": _sub(
        12, (("Benefits Team", 70), ("HR Operations", 30)),
        (
            _I(("Pension contribution change",),
               ("I'd like to increase my pension contribution to {pct}% from next month.",
                "How do I change my pension contribution?"),
               ("Pension contribution updated from the next payroll.",), ()),
            _I(("Add partner to health insurance",), ("How do I add my partner to the private health insurance?",),
               ("Sent the dependant enrolment form.",), ()),
            _I(("Dental cover question",), ("Does our dental cover include orthodontics?",),
               ("Sent the policy summary.",), ()),
            _I(("Life insurance beneficiary form",), ("I need to update the beneficiary on my life insurance.",),
               ("Beneficiary form sent.",), ()),
            _I(("Cycle to work scheme",),
               ("I want to sign up for the cycle to work scheme but the link on the intranet is broken.",),
               ("Fixed the intranet link and sent the application form.",), ()),
            _I(("Gym membership benefit",),
               ("Is the gym discount still available? The provider says our code is invalid.",),
               ("New discount code shared.",), ()),
            _I(("Benefits enrolment window closed",),
               ("I missed the benefits enrolment window because I was on leave, can it be reopened for me?",),
               ("Enrolment window reopened for the user.",), ()),
        ),
        ("I started in {month}.",),
        (),
        {}),
    "Letters & contracts": _sub(
        14, (("HR Operations", 100),),
        (
            _I(("Employment verification letter", "Letter for mortgage application"),
               ("I need an employment verification letter for my mortgage application.",),
               ("Letter generated and sent by email.",),
               ("The bank needs it by {day}.", "Please include my start date and salary.")),
            _I(("Letter for visa application",),
               ("I need a letter confirming my employment for a visa application.",),
               ("Letter generated and sent by email.",), ()),
            _I(("Need copy of my contract",), ("Could I have a copy of my employment contract?",),
               ("Contract copy sent.",), ()),
            _I(("Change of working hours",), ("I'd like to request a change to my working hours from {date}.",),
               ("Working hours change approved and updated.",), ()),
            _I(("Name change",), ("I got married and need to update my surname in the systems.",),
               ("Name updated across HR systems; IT notified for the account.",), ()),
            _I(("Update home address",), ("I've moved house and can't update my address in {hr_system}.",),
               ("Address updated.",), ()),
        ),
        (),
        (),
        {}),
}

_FAC_SUBS = {
    "HVAC": _sub(
        20, (("Facilities Management", 100),),
        (
            _I(("Too cold on {floor}", "Heating broken", "Freezing on {floor}"),
               ("It's freezing on {floor}, people are wearing coats at their desks.",
                "The heating went off in our area {when} and hasn't come back."),
               ("Engineer rebalanced the HVAC zone.", "Replaced the faulty thermostat.",
                "Boiler pressure restored by the contractor."),
               ("{people} have complained.",)),
            _I(("Air conditioning not working in {room}", "{room} far too hot"),
               ("The air conditioning in {room} isn't working and it's {temp} degrees in there.",),
               ("Contractor replaced the compressor.",), ()),
            _I(("Very hot near windows",),
               ("It's unbearably hot by the windows on {floor} in the afternoon.",),
               ("Solar film and blinds scheduled; AC setpoint adjusted.",), ()),
            _I(("Noisy air vent",), ("The vent above desk {desk} is making a loud rattling noise.",),
               ("Vent cleaned and fixed.",), ()),
            _I(("Smell from ventilation",),
               ("There's a strange burning smell coming from the ventilation near {room}.",),
               ("Fan belt replaced; smell gone.",), ()),
        ),
        ("It's the area near {room}.",), (), {}),
    "Desk/Seating": _sub(
        16, (("Workplace Services", 70), ("Facilities Management", 30)),
        (
            _I(("Broken office chair",), ("My chair is broken - the height adjustment doesn't hold anymore.",),
               ("Replaced the chair.",), ()),
            _I(("Need ergonomic assessment",), ("Could I get an ergonomic assessment? I've been getting back pain.",),
               ("Assessment booked with the occupational health provider.",), ()),
            _I(("Standing desk stuck",), ("The standing desk at {desk} is stuck in the lowest position.",),
               ("Desk motor replaced.",), ()),
            _I(("Request monitor arm",), ("Could I have a monitor arm for my desk?",),
               ("Monitor arm installed.",), ("My desk is {desk}.",)),
            _I(("Desk booking system not showing my floor",), ("The desk booking app doesn't show {floor} at all.",),
               ("Floor added back to the booking system.",), ()),
            _I(("Need a desk near my team",),
               ("Our team has been split across two floors, could we get desks together on {floor}?",),
               ("Team neighbourhood set up on {floor}.",), ()),
        ),
        (), (), {}),
    "Cleaning": _sub(
        12, (("Facilities Management", 100),),
        (
            _I(("Spill in kitchen on {floor}",), ("Someone spilled coffee all over the kitchen floor on {floor}.",),
               ("Cleaning team attended.",), ()),
            _I(("Desk area not cleaned",), ("Our desk area near {room} hasn't been cleaned this week.",),
               ("Cleaning team attended.",), ()),
            _I(("Bins not emptied",), ("The bins on {floor} haven't been emptied for {n} days.",),
               ("Bins emptied; schedule corrected.",), ()),
            _I(("Toilets out of soap",), ("The toilets on {floor} are out of soap and paper towels.",),
               ("Supplies restocked.",), ()),
            _I(("Mouse spotted in kitchen",), ("I saw a mouse in the kitchen on {floor} this morning.",),
               ("Pest control visited and set traps.",), ()),
        ),
        (), (), {}),
    "Parking": _sub(
        10, (("Facilities Management", 60), ("Workplace Services", 40)),
        (
            _I(("Parking permit renewal",), ("My parking permit expires at the end of {month}, how do I renew it?",),
               ("Permit renewed.",), ()),
            _I(("Someone parked in my space",), ("Someone keeps parking in my allocated space.",),
               ("Reminder sent to all permit holders.",), ("My space is number {n}.",)),
            _I(("EV charger not working",), ("The EV charger in bay {n} isn't working.",),
               ("Charger reset by the supplier.",), ()),
            _I(("Car park barrier not opening",), ("The car park barrier didn't open with my badge this morning.",),
               ("Barrier reader replaced.",), ()),
            _I(("Bike storage full",), ("The bike storage at {site} is always full by 9am.",),
               ("Extra bike racks ordered.",), ()),
        ),
        (), (), {}),
    "Building access": _sub(
        12, (("Physical Security", 60), ("Facilities Management", 40)),
        (
            _I(("Door on {floor} won't open with badge",), ("My badge doesn't open the door on {floor} anymore.",),
               ("Access profile updated.",), ()),
            _I(("Side entrance not opening",), ("The side entrance to {building} isn't opening for anyone.",),
               ("Door controller reset.",), ()),
            _I(("Access to {building} after hours",),
               ("I need access to {building} after 7pm for the release next week.",),
               ("Out-of-hours access added until the end of the month.",), (), req=True),
            _I(("Visitor pass for {date}",), ("I have {n} visitors coming on {date}, can you arrange passes?",),
               ("Visitor passes set up at reception.",), (), req=True),
        ),
        (), (), {}),
    "Maintenance": _sub(
        18, (("Facilities Management", 100),),
        (
            _I(("Light flickering above desk {desk}",), ("The light above desk {desk} has been flickering for days.",),
               ("Light tube replaced.",), ("It's on {floor}.",)),
            _I(("Power socket not working",), ("The power sockets under desk {desk} have stopped working.",),
               ("Electrician replaced the floor box.",), ()),
            _I(("Leak from ceiling in {room}",), ("There's water dripping from the ceiling in {room}.",),
               ("Roofer fixed the leak; ceiling tile replaced.",), ("I've put a bin under the leak for now.",)),
            _I(("Toilet blocked on {floor}",), ("A toilet on {floor} is blocked.",), ("Plumber attended.",), ()),
            _I(("Broken window blind",), ("The blind near my desk is broken and the sun is right on my screen.",),
               ("Blind repaired.",), ()),
            _I(("Lift out of order",), ("One of the lifts in {building} is out of order.",),
               ("Lift engineer attended.",), ()),
        ),
        (), (), {}),
    "Meeting rooms": _sub(
        12, (("Workplace Services", 70), ("Service Desk", 30)),
        (
            _I(("Room display not working in {room}",),
               ("The screen outside {room} is blank so nobody knows if it's booked.",),
               ("Room panel restarted.",), ()),
            _I(("{room} double booked",), ("{room} is double booked every {day} morning.",),
               ("Booking conflict removed.",), ()),
            _I(("Screen in {room} not connecting",),
               ("I can't connect my laptop to the screen in {room}, it says no signal.",),
               ("Replaced the HDMI cable and updated the Teams Room.",), ("The HDMI cable looks damaged.",)),
            _I(("Need room set up for event",),
               ("We have an all-hands on {date} and need {room} set up for {n}0 people.",),
               ("Event setup booked.",), (), req=True),
        ),
        (), (), {}),
}

_FIN_SUBS = {
    "Expenses": _sub(
        30, (("Travel & Expenses", 70), ("Finance Operations", 30)),
        (
            _I(("Expense claim rejected",), ("My expense claim for {amount} was rejected with no reason given.",),
               ("Claim resubmitted and approved.",), ("The report number is {report_id}.",)),
            _I(("Can't submit expenses in Concur",),
               ("Concur won't let me submit my report, it says a receipt is missing but it's attached.",),
               ("Receipt re-attached; report submitted.",), ()),
            _I(("Missing receipt for {amount}",),
               ("I lost a receipt for {amount} from a client dinner, what do I do?",),
               ("Missing receipt declaration accepted.",), ()),
            _I(("Expense report stuck awaiting approval",),
               ("My expense report has been stuck awaiting approval for {n} weeks.",),
               ("Approval re-routed.",), ()),
            _I(("Mileage claim question",), ("What is the mileage rate for using my own car?",),
               ("Sent the travel policy.",), ()),
            _I(("Per diem rates for {city}",), ("What per diem applies for a trip to {city}?",),
               ("Sent the travel policy.",), ("The trip was to {city} in {month}.",)),
        ),
        (), (),
        {"city": ("Paris", "Madrid", "Amsterdam", "Chicago", "Singapore", "Dublin", "Warsaw", "Toronto"),
         "report_id": _prefixed("EXP-", 6)},
        pii_boost=0.1),
    "Invoices": _sub(
        25, (("Accounts Payable", 100),),
        (
            _I(("Supplier invoice {inv} not paid", "Overdue invoice chase from {supplier}"),
               ("{supplier} says invoice {inv} is {n}0 days overdue.",
                "{supplier} is chasing payment of {amount} and threatening to stop deliveries."),
               ("Invoice paid in the next payment run.",), ("The amount is {amount}.",), iban="iban_supplier"),
            _I(("Duplicate invoice from {supplier}",), ("We received the same invoice twice from {supplier}.",),
               ("Duplicate cancelled.",), ()),
            _I(("Invoice on hold - PO mismatch",),
               ("Invoice {inv} is on hold because the amount doesn't match {po}.",),
               ("PO updated and invoice released.",), ()),
            _I(("Credit note needed",), ("We need a credit note from {supplier} for {amount}.",),
               ("Credit note received and applied.",), ()),
            _I(("Supplier changed bank details", "Bank details change - {supplier}"),
               ("{supplier} sent a letter saying their bank details have changed.",),
               ("Bank details verified by call-back and updated.",
                "Change rejected - call-back to the supplier confirmed it was fraudulent; reported to security."),
               (), iban="iban_supplier"),
        ),
        (), (), {}, pii_boost=0.1),
    "Purchase orders": _sub(
        20, (("Finance Operations", 60), ("Procurement", 40)),
        (
            _I(("Raise PO for {supplier}",), ("Can you raise a PO for {supplier} for {amount}?",),
               ("PO raised and sent.",), ("The cost centre is {cost_centre}.",)),
            _I(("Change PO amount",), ("I need to increase {po} by {amount}.",), ("PO amended.",), ()),
            _I(("{po} not approved",), ("{po} has been waiting for approval for a week.",),
               ("Approval chased and completed.",), ()),
            _I(("Receipt goods against PO",), ("How do I receipt the goods for {po}?",),
               ("Sent the receipting guide.",), ()),
            _I(("PO sent to wrong supplier contact",), ("{po} went to the wrong contact at {supplier}.",),
               ("PO re-sent to the right contact.",), ()),
        ),
        (), (), {}),
    "Reimbursement": _sub(
        15, (("Travel & Expenses", 60), ("Finance Operations", 40)),
        (
            _I(("Reimbursement for {thing}", "Still waiting for reimbursement"),
               ("I paid {amount} for {thing} myself and need it reimbursed.",
                "I submitted a claim for {thing} {n} weeks ago and still haven't been paid."),
               ("Reimbursement paid.",), ("The claim number is {report_id}.",), iban="iban"),
            _I(("Reimbursement paid to old bank account",), ("My reimbursement went to an old bank account.",),
               ("Bank details updated and payment re-issued.",), (), iban="iban"),
            _I(("Foreign currency reimbursement",), ("How are reimbursements in foreign currency converted?",),
               ("Explained the FX policy.",), ()),
        ),
        (), (),
        {"thing": ("a train ticket", "a hotel", "a client lunch", "a conference fee", "a taxi",
                   "home office equipment"),
         "report_id": _prefixed("EXP-", 6)},
        pii_boost=0.3),
    "Corporate card": _sub(
        10, (("Finance Operations", 100),),
        (
            _I(("Corporate card declined",), ("My corporate card was declined at {city} airport.",),
               ("Card unblocked by the issuer.",), ()),
            _I(("Card limit increase",), ("I need a temporary card limit increase for a team offsite.",),
               ("Limit increased for 30 days.",), ()),
            _I(("Apply for corporate card",), ("How do I apply for a corporate card?",),
               ("Application form sent.",), ()),
            _I(("Unrecognised transaction on corporate card",),
               ("There's a transaction of {amount} on my corporate card I don't recognise.",),
               ("Card cancelled and replacement ordered.",), ("The transaction was on {date}.",)),
        ),
        (), (), {"city": ("Frankfurt", "Heathrow", "JFK", "Schiphol", "Munich", "Madrid")}),
}

_SEC_SUBS = {
    "Phishing report": _sub(
        35, (("Security Operations Center", 100),),
        (
            _I(("Suspicious email claiming to be from {impersonated}", "Phishing email - please check",
                "possible phishing"),
               ("I received an email claiming to be from {impersonated} asking me to {phish_ask}.",
                "I got an email from '{impersonated}' that wants me to {phish_ask}, it looks fake."),
               ("Email confirmed malicious; blocked the sender and purged it from all mailboxes.",
                "Legitimate email - confirmed with the sender."),
               ("I've forwarded it to the phishing mailbox.", "The sender address looked almost right.")),
            _I(("Suspicious Teams message",),
               ("Someone messaged me on Teams from an external account pretending to be {impersonated}.",),
               ("External tenant blocked; message reported to Microsoft.",), ()),
            _I(("Suspicious text message",),
               ("I got a text message pretending to be from IT asking me to install an app.",),
               ("Smishing campaign confirmed; warning sent to all staff.",), ()),
            _I(("I clicked a link in a phishing email", "Entered password on fake login page"),
               ("I think I clicked a link in a phishing email before I realised, the page asked for my password.",
                "I typed my password into what I now think was a fake Microsoft login page."),
               ("Password reset and sessions revoked as a precaution; no suspicious activity found.",), ()),
            _I(("Fake invoice email", "Supplier email compromised?"),
               ("A supplier's email account seems compromised, they sent an invoice with new bank details.",
                "We got an invoice email that looks like {supplier} but the bank details are different."),
               ("Confirmed business email compromise at the supplier; payment blocked and AP notified.",), (),
               iban="iban_supplier"),
        ),
        (), (),
        {"phish_ask": ("verify my mailbox", "review a shared document", "update my payroll details", "buy gift cards",
                       "confirm a delivery", "approve an urgent payment")}),
    "Lost device": _sub(
        20, (("Security Operations Center", 60), ("End User Computing", 40)),
        (
            _I(("Laptop stolen from car",), ("My laptop was stolen from my car last night.",),
               ("Device remote-wiped and blocked; replacement ordered.",),
               ("The laptop is {asset}.", "I've reported it to the police.")),
            _I(("Left laptop on the train",), ("I left my laptop on the train this morning.",),
               ("Device remote-wiped and blocked; replacement ordered.", "Laptop handed in to lost property."),
               ("The laptop is {asset}.",)),
            _I(("Lost company phone",), ("I've lost my company phone, I think in a taxi.",),
               ("Phone located and returned.", "Phone wiped and a replacement ordered."), ()),
            _I(("Lost USB stick with project files",), ("I lost a USB stick with {project} project files on it.",),
               ("Risk assessed; no sensitive data on the stick.",), ()),
        ),
        (), (), {}),
    "Badge": _sub(
        15, (("Physical Security", 100),),
        (
            _I(("Lost my badge",), ("I lost my badge somewhere between the station and the office.",),
               ("Old badge deactivated and new one printed.",), ()),
            _I(("Temporary badge needed",), ("I forgot my badge and need a temporary one for today.",),
               ("Temporary badge issued at reception.",), ()),
            _I(("Badge not working on {floor}",), ("My badge stopped working on {floor}.",),
               ("Access profile fixed.",), ("I'm at {site}.",)),
            _I(("Tailgating concern",), ("I've noticed people tailgating at the entrance to {building}.",),
               ("Reminder sent to all staff.",), ()),
        ),
        (), (), {}),
    "Suspicious login": _sub(
        20, (("Security Operations Center", 80), ("Identity & Access Management", 20)),
        (
            _I(("Sign-in from unknown location",),
               ("I got an alert about a sign-in from {country} and I've never been there.",),
               ("Sessions revoked, password reset, MFA re-registered.",
                "Confirmed as the user's own VPN exit - no action."), ()),
            _I(("MFA prompt I didn't request",), ("I keep getting MFA prompts I didn't request.",),
               ("Sessions revoked, password reset, MFA re-registered.",), ("I've not approved any of the prompts.",)),
            _I(("Password changed without me",), ("My password was changed and it wasn't me.",),
               ("Account secured; sessions revoked.",), ()),
            _I(("Strange sent emails from my account",), ("My Sent folder has emails I didn't send.",),
               ("Account secured; malicious inbox rules removed; sessions revoked.",), ()),
        ),
        (), (), {"country": ("Brazil", "Vietnam", "Nigeria", "Russia", "Romania", "Indonesia")}),
    "Malware alert": _sub(
        10, (("Security Operations Center", 100),),
        (
            _I(("Antivirus alert on my laptop", "Defender quarantined a file"),
               ("Defender popped up saying it found a threat in {file}.",),
               ("Device isolated and scanned; no further threats.",), ("Laptop is {asset}.",)),
            _I(("Pop-ups in browser",), ("My browser keeps opening pop-ups.",),
               ("Browser extension removed.",), ()),
            _I(("Files renamed strangely",),
               ("Some files on the shared drive have been renamed with a strange extension.",),
               ("Files restored from backup; source identified.",), ()),
        ),
        (), (), {"file": ("a zip attachment", "Downloads", "an Excel macro", "a PDF invoice")}),
}

_PROC_SUBS = {
    "Purchase request": _sub(
        35, (("Procurement", 100),),
        (_I(("Purchase request for {item}", "Quote needed for {item}", "Buying {item} for team"),
            ("I need to buy {item} for the team, budget about {amount}.", "Can procurement get quotes for {item}?"),
            ("Quotes obtained and order placed.", "Order placed via the catalogue."),
            ("Cost centre {cost_centre}.",)),),
        (), (),
        {"item": ("{n} monitors", "a projector", "standing desks", "training vouchers", "a 3D printer",
                  "team laptops")}),
    "New supplier": _sub(
        25, (("Vendor Management", 70), ("Procurement", 30)),
        (_I(("New supplier setup - {supplier}", "Onboard {supplier} as vendor"),
            ("Please set up {supplier} as a new supplier.", "We want to start using {supplier}, what's the process?"),
            ("Supplier onboarded.", "Due-diligence form sent to the supplier."),
            ("They've sent their tax and company registration details.",)),),
        (), (), {}),
    "Contract renewal": _sub(
        20, (("Vendor Management", 60), ("Procurement", 40)),
        (_I(("Contract renewal {supplier}",), ("Our contract with {supplier} ends in {month}, can we renew?",),
            ("Renewal negotiated and signed.", "Renewal sent to Legal for review."),
            ("Current contract value is {amount}.",)),
         _I(("Renewal notice from {supplier}",), ("{supplier} sent a renewal notice with a price increase.",),
            ("Price increase negotiated down; renewal signed.",), ())),
        (), (), {}),
    "Software licence": _sub(
        20, (("Procurement", 60), ("Vendor Management", 40)),
        (_I(("Licences for {software}",), ("We need {n} more {software} licences.",),
            ("Licences purchased and assigned.",), ("Cost centre {cost_centre}.",)),
         _I(("True-up for {software}",), ("The {software} licence count is over, the vendor wants a true-up.",),
            ("True-up negotiated.",), ())),
        (), (), {}),
}

_LEGAL_SUBS = {
    "Contract review": _sub(
        35, (("Legal Counsel", 100),),
        (_I(("Contract review - {supplier}", "Review MSA for {supplier}"),
            ("Please review the attached contract from {supplier} before {date}.",
             "Can Legal review the services agreement with {supplier}?"),
            ("Review completed, comments sent.", "Approved with minor changes."),
            ("Contract value about {amount}.",)),
         _I(("Redlines on {supplier} agreement",), ("{supplier} sent back redlines on the liability clause.",),
            ("Redlines reviewed; counter-proposal sent.",), ())),
        (), (), {}),
    "NDA": _sub(
        25, (("Legal Counsel", 100),),
        (_I(("NDA needed for {supplier}", "Mutual NDA request"),
            ("We need an NDA with {supplier} before a meeting on {date}.",),
            ("Standard NDA sent via DocuSign.",), ()),
         _I(("Sign NDA from {supplier}",), ("{supplier} sent their NDA template, can we sign it?",),
            ("Their template approved.",), ())),
        (), (), {}),
    "Data protection request": _sub(
        20, (("Privacy Office", 100),),
        (_I(("Subject access request received",),
            ("A former customer has asked for a copy of all data we hold about them.",),
            ("SAR fulfilled within the deadline.",), ("Received on {date}.",)),
         _I(("Data deletion request",), ("A customer wants their data deleted.",),
            ("Deletion completed and confirmed.",), ()),
         _I(("Data breach question", "Sent customer data to wrong person"),
            ("I think I emailed a spreadsheet with customer data to the wrong person.",),
            ("Incident assessed; recipient confirmed deletion; not reportable.",), ())),
        (), (), {}),
    "Compliance question": _sub(
        20, (("Compliance", 100),),
        (_I(("Gift from supplier",), ("{supplier} sent me a gift worth about {amount}, can I accept it?",),
            ("Guidance provided.",), ()),
         _I(("Conflict of interest declaration",), ("I need to declare a potential conflict of interest.",),
            ("Declaration recorded.",), ()),
         _I(("Anti-bribery question",), ("Is it OK to pay for a client's dinner during a tender?",),
            ("Guidance provided.",), ())),
        (), (), {}),
}

# category -> (weight, subcategories, priority weights (Critical, High, Medium, Low))
_CATEGORIES = {
    "IT": (45, _IT_SUBS, (3, 17, 55, 25)),
    "HR": (14, _HR_SUBS, (1, 12, 57, 30)),
    "Facilities": (14, _FAC_SUBS, (2, 12, 50, 36)),
    "Finance": (10, _FIN_SUBS, (2, 18, 56, 24)),
    "Security": (7, _SEC_SUBS, (15, 38, 37, 10)),
    "Procurement": (6, _PROC_SUBS, (1, 10, 55, 34)),
    "Legal": (4, _LEGAL_SUBS, (2, 18, 55, 25)),
}

# category-specific reasons for urgency ("Please treat as urgent, ...")
_DEADLINES = {
    "HR": ("payroll cut-off is on the 20th", "I'm on leave from {day}", "I need it for an appointment on {day}",
           "the deadline is {date}"),
    "Finance": ("the month-end close is on Friday", "the quarter closes this week", "we have an audit next week",
                "the supplier is threatening to stop deliveries", "I'm travelling on {day}"),
    "Facilities": ("we have clients in on {day}", "people are in the office all week", "it's a safety issue",
                   "we have a workshop in there at {time}"),
    "Security": ("it might affect others", "I'm not sure what I clicked", "I'm travelling tomorrow"),
    "Procurement": ("the quote expires on {date}", "the project starts on {date}", "the budget closes this month"),
    "Legal": ("the meeting is on {date}", "the client wants it signed this week", "the deadline is {date}"),
}

# subcategories whose issues are requests/questions by default (not faults)
_REQUEST_SUBS = frozenset((
    "Software install", "Payroll", "Leave", "Onboarding", "Offboarding", "Benefits", "Letters & contracts",
    "Desk/Seating", "Parking", "Expenses", "Invoices", "Purchase orders", "Reimbursement", "Corporate card",
    "Phishing report", "Lost device", "Badge", "Purchase request", "New supplier", "Contract renewal",
    "Software licence", "Contract review", "NDA", "Data protection request", "Compliance question",
))

#: category -> its subcategories (public, read-only view of the design)
CATEGORIES: dict[str, tuple[str, ...]] = {c: tuple(subs) for c, (_w, subs, _p) in _CATEGORIES.items()}


# --------------------------------------------------------------------------------------------
# Precomputed tables
# --------------------------------------------------------------------------------------------

_FORMATTER = string.Formatter()


def _keys(template: str) -> tuple[str, ...]:
    return tuple(f for _, f, _, _ in _FORMATTER.parse(template) if f)


def _tpl(templates) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Templates with the PII slots they use: ((text, ((slot, entity_type), ...)), ...)."""
    out = []
    for t in templates:
        out.append((t, tuple((k, _PII_SLOT_TYPES[k]) for k in _keys(t) if k in _PII_SLOT_TYPES)))
    return tuple(out)


class _Sub:
    __slots__ = (
        "category",
        "details",
        "group_cum",
        "groups",
        "infos",
        "is_it",
        "issues",
        "leaver",
        "name",
        "newstarter",
        "pii_rate",
        "pools",
        "tried",
    )

    def __init__(self, category: str, name: str, spec: dict):
        self.category = category
        self.name = name
        self.is_it = bool(spec.get("it"))
        self.groups = tuple(g for g, _ in spec["groups"])
        self.group_cum = _cum(w for _, w in spec["groups"])
        # (titles, symptoms, resolutions incl. generic ones, issue details + subcategory details)
        default_req = name in _REQUEST_SUBS
        self.issues = tuple((t, s, r, x, iban, default_req if req is None else req)
                            for t, s, r, x, iban, req in spec["issues"])
        self.details = tuple(spec["details"]) + _DETAIL_GEN
        self.tried = tuple(spec["tried"]) + (_TRIED_IT if self.is_it else _TRIED_GEN)
        pools = dict(_GLOBAL_SLOTS)
        pools["when_it"] = _WHEN_IT
        pools["deadline_gen"] = _DEADLINE_GEN
        pools["deadline"] = _DEADLINES.get(category, pools["deadline"])
        pools.update(spec["slots"])
        self.pools = pools
        self.newstarter = bool(spec.get("newstarter"))
        self.leaver = bool(spec.get("leaver"))
        self.pii_rate = 0.18 + spec.get("pii_boost", 0.0)
        self.infos = _C_INFO_SUB.get(name) or _C_INFO[category]


_CAT_NAMES = tuple(_CATEGORIES)
_CAT_CUM = _cum(v[0] for v in _CATEGORIES.values())
_CAT_PRIO_CUM = {c: _cum(v[2]) for c, v in _CATEGORIES.items()}
_SUBS: dict[str, tuple[tuple[_Sub, ...], list[float]]] = {}
for _c, (_w, _subs, _p) in _CATEGORIES.items():
    _SUBS[_c] = (tuple(_Sub(_c, n, s) for n, s in _subs.items()), _cum(s["weight"] for s in _subs.values()))
_CHANNEL_CUM = _cum(_CHANNEL_WEIGHTS)

# PII-free text pools must stay PII-free; the PII pools carry their slots.
_P = {name: _tpl(v) for name, v in {
    "self": _P_SELF, "other": _P_OTHER, "email": _P_EMAIL, "phone": _P_PHONE, "emp": _P_EMP, "iban": _P_IBAN,
    "iban_supplier": _P_IBAN_SUPPLIER, "newstarter": _P_NEWSTARTER, "leaver": _P_LEAVER,
    "sign_short": _SIGN_SHORT, "sign_full": _SIGN_FULL, "ack": _C_ACK,
    **{f"c_req_{k}": v for k, v in _P_C_REQ.items()}, **{f"c_agent_{k}": v for k, v in _P_C_AGENT.items()},
}.items()}

# status by age (days): thresholds and weights in STATUSES order
_STATUS_BY_AGE = (
    (1, _cum((35, 20, 25, 6, 2, 10, 0, 2))),
    (7, _cum((8, 15, 22, 10, 5, 28, 7, 5))),
    (30, _cum((2, 5, 10, 8, 5, 15, 49, 6))),
    (180, _cum((0.3, 1, 2, 2, 2, 1.5, 85, 6.2))),
    (10**9, _cum((0.05, 0.2, 0.4, 0.4, 0.6, 0.2, 91, 7))),
)
# median hours to resolve by priority
_RESOLVE_MEDIAN_H = {"1 - Critical": 3.0, "2 - High": 10.0, "3 - Medium": 30.0, "4 - Low": 80.0}
_HOUR_CUM = _cum((0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 1, 4, 10, 14, 13, 11, 7, 10, 12, 11, 9, 5, 2, 1.2, 0.8, 0.6, 0.4, 0.3))


# --------------------------------------------------------------------------------------------
# Row generation
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SampleRequest:
    """One generated request: the export row and the ground truth about the PII it contains."""

    row: dict[str, str | None]
    #: (entity_type, value) for every PII value in the row -- in the PII columns and in the free
    #: text (title, description, comments) -- de-duplicated, in order of first appearance.
    planted_pii: tuple[tuple[str, str], ...]


class _Slots(dict):
    """Lazily filled slot values for one row: a slot is drawn the first time a template uses it and
    then reused, so a row's title, description and comments talk about the same app, floor, etc."""

    __slots__ = ("_other", "employees", "pools", "requester", "rng", "row_index")

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key in _LAZY_PII:
            value = _LAZY_PII[key](self)
        else:
            pool = self.pools[key]
            if callable(pool):
                value = pool(rng, self)
            else:
                value = pool[int(rng.random() * len(pool))]
                if "{" in value:
                    value = value.format_map(self)
        self[key] = value
        return value

    def other(self) -> Employee:
        if self._other is None:
            emps = self.employees
            while True:
                e = emps[int(self.rng.random() * len(emps))]
                if e is not self.requester:
                    break
            self._other = e
        return self._other


def _lazy_mobile(s: _Slots) -> str:
    site = s.requester.site
    kind = "mobile_us" if site in ("New York", "Austin") else ("sydney" if site == "Sydney" else "mobile_uk")
    return _phone(s.rng, kind)[1]


def _lazy_personal_email(s: _Slots) -> str:
    rng = s.rng
    first = _email_part(s.requester.first).replace("-", "")
    last = _email_part(s.requester.last).replace("-", "")
    r = rng.random()
    dom = ("example.com", "example.net", "example.org")[int(rng.random() * 3)]
    if r < 0.4:
        return f"{first}.{last}{10 + int(rng.random() * 89)}@{dom}"
    if r < 0.7:
        return f"{first[0]}{last}@{dom}"
    return f"{first}{1960 + int(rng.random() * 45)}@{dom}"


def _lazy_iban(s: _Slots) -> str:
    countries = _SITE_IBAN_COUNTRIES[s.requester.site]
    return _iban(s.rng, countries[int(s.rng.random() * len(countries))])


_LAZY_PII = {
    "other": lambda s: s.other().name,
    "other_email": lambda s: s.other().email,
    "other_emp": lambda s: s.other().employee_number,
    "other_dept": lambda s: s.other().department,
    "mobile": _lazy_mobile,
    "personal_email": _lazy_personal_email,
    "iban": _lazy_iban,
}


def _pick(rnd, seq):
    return seq[int(rnd() * len(seq))]


_HHMM = tuple(f"{h:02d}:{m:02d}" for h in range(24) for m in range(60))
_SS = tuple(f":{s:02d}" for s in range(60))
# "YYYY-MM-DD " for every day the data can touch (the window plus a margin for time zones)
_FIRST_DAY = _REF_TS // _DAY - WINDOW_DAYS - 3
_DAY_PREFIX = tuple((_EPOCH + timedelta(days=d)).date().isoformat() + " "
                    for d in range(_FIRST_DAY, _REF_TS // _DAY + 1))


def _fmt_ts(ts: int) -> str:
    """Epoch seconds -> 'YYYY-MM-DD HH:MM:SS'."""
    sec = ts % _DAY
    return _DAY_PREFIX[ts // _DAY - _FIRST_DAY] + _HHMM[sec // 60] + _SS[sec % 60]


def _fmt_min(ts: int) -> str:
    """Epoch seconds -> 'YYYY-MM-DD HH:MM' (comment stamps)."""
    return _DAY_PREFIX[ts // _DAY - _FIRST_DAY] + _HHMM[ts % _DAY // 60]


def _work_time(rnd, lo: int, hi: int) -> int:
    """A time in [lo, hi]; moved into weekday working hours (07:00-18:00 UTC) when the interval allows."""
    t = lo + int((hi - lo) * rnd())
    if hi - lo > _DAY:
        day = t // _DAY
        wd = (day + 3) % 7  # 0 = Monday (1970-01-01 was a Thursday)
        if wd >= 5:
            day += 7 - wd
        w = day * _DAY + 7 * _HOUR + int(rnd() * 11 * _HOUR)
        if lo <= w <= hi:
            return w
        if lo <= w - _DAY <= hi and (day + 2) % 7 < 5:  # the working day before
            return w - _DAY
    return t


def _lognorm(rnd, median: float, sigma: float) -> float:
    """Cheap log-normal draw (Irwin-Hall approximation of the normal), enough for durations."""
    return median * exp(sigma * 2.0 * (rnd() + rnd() + rnd() - 1.5))


def _cap(s: str) -> str:
    return s[0].upper() + s[1:] if s and s[0].islower() else s


_TYPO_CONTRACTIONS = (("can't", "cant"), ("don't", "dont"), ("doesn't", "doesnt"), ("I'm", "Im"), ("won't", "wont"),
                      ("isn't", "isnt"), ("I've", "ive"), ("it's", "its"))


def _typo(rng: random.Random, s: str) -> str:
    """One realistic typo in a PII-free sentence (letter swap/drop/double, lost apostrophe, 'i')."""
    r = rng.random()
    if r < 0.25:
        for a, b in _TYPO_CONTRACTIONS:
            if a in s:
                return s.replace(a, b, 1)
    if r < 0.35 and " I " in s:
        return s.replace(" I ", " i ", 1)
    words = s.split(" ")
    cand = [k for k, w in enumerate(words) if len(w) >= 5 and w.isalpha() and w.islower()]
    if not cand:
        return s
    k = cand[int(rng.random() * len(cand))]
    w = words[k]
    p = 1 + int(rng.random() * (len(w) - 2))
    r = rng.random()
    if r < 0.45:
        w = w[:p] + w[p + 1] + w[p] + w[p + 2:]
    elif r < 0.8:
        w = w[:p] + w[p + 1:]
    else:
        w = w[:p] + w[p] + w[p:]
    words[k] = w
    return " ".join(words)


class _RowBuilder:
    """Renders templates for one row and records every PII value it plants."""

    __slots__ = ("pii", "slots")

    def __init__(self, slots: _Slots, pii: list[tuple[str, str]]):
        self.slots = slots
        self.pii = pii

    def plain(self, template: str) -> str:
        return template.format_map(self.slots) if "{" in template else template

    def pii_text(self, entry) -> str:
        template, keys = entry
        slots = self.slots
        text = template.format_map(slots)
        for k, etype in keys:
            self.pii.append((etype, slots[k]))
        return text


# CreatedAt day: the last WINDOW_DAYS days, weekdays ~6x as likely as weekend days, volume growing
# slowly towards the reference date; one bisect per row.
_REF_DAY = _REF_TS // _DAY
_DAY_CHOICES = tuple(range(_REF_DAY - WINDOW_DAYS + 1, _REF_DAY + 1))
_DAY_CUM = _cum((1.0 if (d + 3) % 7 < 5 else 0.16) * (0.7 + 0.3 * (d - _DAY_CHOICES[0]) / WINDOW_DAYS)
                for d in _DAY_CHOICES)  # (d + 3) % 7: 0 = Monday, 1970-01-01 was a Thursday
# local hour of day: office hours 85 %, any hour 15 %
_HOUR_CUM_ALL = _cum(0.85 * w / _HOUR_CUM[-1] + 0.15 / 24
                     for w in (b - a for a, b in zip([0.0, *_HOUR_CUM[:-1]], _HOUR_CUM)))


def _timeline(rnd, site_tz: int) -> int:
    """CreatedAt in epoch seconds (UTC): weekday- and business-hours-heavy in the requester's local time."""
    day = _DAY_CHOICES[bisect(_DAY_CUM, rnd() * _DAY_CUM[-1])]
    hour = bisect(_HOUR_CUM_ALL, rnd() * _HOUR_CUM_ALL[-1])
    created = day * _DAY + hour * _HOUR + int(rnd() * _HOUR) - site_tz * _HOUR
    while created > _REF_TS - 60:
        created -= _DAY
    return created


_SECURITY_BUMP = frozenset(("Phishing report", "Suspicious login", "Lost device"))
_PII_MENTIONS = ("other", "email", "phone", "emp")
_TITLE_NEWSTARTER = (("New starter: {other} - setup", (("other", "PERSON"),)),
                     ("New joiner {other} starting {date}", (("other", "PERSON"),)))
_TITLE_LEAVER = (("Leaver: {other} - remove access", (("other", "PERSON"),)),)


_C_SEED = random.Random.__mro__[1].seed  # _random.Random.seed: what random.Random(int) does, minus overhead
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
    employees, agents, contexts = _directory(seed)
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


_ACK = _P["ack"]


def _make_row(i: int, rng: random.Random, employees, agents, contexts) -> SampleRequest:
    rnd = rng.random

    category = _CAT_NAMES[bisect(_CAT_CUM, rnd() * _CAT_CUM[-1])]
    subs, sub_cum = _SUBS[category]
    sub: _Sub = subs[bisect(sub_cum, rnd() * sub_cum[-1])]
    issue_titles, issue_symptoms, issue_resolutions, issue_details, issue_iban, is_request = \
        sub.issues[int(rnd() * len(sub.issues))]
    k = int(rnd() * len(employees))
    req: Employee = employees[k]
    slot_base, pii_base = contexts[k]
    site = _SITE_INFO[req.site]
    channel = CHANNELS[bisect(_CHANNEL_CUM, rnd() * _CHANNEL_CUM[-1])]
    prio_cum = _CAT_PRIO_CUM[category]
    prio_idx = bisect(prio_cum, rnd() * prio_cum[-1])
    if sub.name in _SECURITY_BUMP and prio_idx > 0 and rnd() < 0.3:
        prio_idx -= 1
    priority = PRIORITIES[prio_idx]

    # --- dates and status ------------------------------------------------------------------
    created = _timeline(rnd, site[2])
    age = _REF_TS - created
    age_days = age / _DAY
    for limit, cum in _STATUS_BY_AGE:
        if age_days < limit:
            status = STATUSES[bisect(cum, rnd() * cum[-1])]
            break
    resolved = None
    asked = None  # when the agent asked the question nobody answered (closed after no response)
    if status == "Closed" and rnd() < 0.12:
        asked = created + min(age // 2, max(600, int(_lognorm(rnd, 4 * _HOUR, 1.0))))
        resolved = updated = min(_REF_TS, asked + int((3 + 4 * rnd()) * _DAY))
    elif status in ("Resolved", "Closed"):
        dur = max(300, int(_lognorm(rnd, _RESOLVE_MEDIAN_H[priority] * _HOUR, 1.0)))
        if status == "Resolved" and age_days > 7:
            # still "Resolved" (not yet auto-closed): it was resolved in the last few days
            resolved = _REF_TS - int(rnd() * 5 * _DAY)
        else:
            resolved = created + min(dur, int(age * (0.5 + 0.5 * rnd())))
            if resolved - created > _DAY:  # people resolve things during working hours
                resolved = _work_time(rnd, resolved - _DAY // 2, min(_REF_TS, resolved + _DAY // 2))
        if status == "Closed":
            delay = 0 if rnd() < 0.3 else int((2 + 5 * rnd()) * _DAY)  # closed by agent / auto-closed
            updated = min(_REF_TS, resolved + delay)
        else:
            updated = min(_REF_TS, resolved + int(rnd() * 2 * _HOUR))
    elif status == "New":
        updated = created + (0 if rnd() < 0.6 else min(age, int(rnd() * 900)))
    elif status == "Cancelled":
        updated = created + min(age, max(120, int(_lognorm(rnd, _DAY, 1.2))))
    else:
        updated = created + int(age * rnd() ** 0.4)

    # --- assignment ------------------------------------------------------------------------
    group = sub.groups[bisect(sub.group_cum, rnd() * sub.group_cum[-1])]
    agent = None if status == "New" else agents[group][int(rnd() * len(agents[group]))]

    slots = _Slots(slot_base)
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
    b = _RowBuilder(slots, pii)

    # --- title -----------------------------------------------------------------------------
    if sub.newstarter and rnd() < 0.2:
        title = b.pii_text(_TITLE_NEWSTARTER[int(rnd() * len(_TITLE_NEWSTARTER))])
    elif sub.leaver and rnd() < 0.2:
        title = b.pii_text(_TITLE_LEAVER[0])
    else:
        title = _cap(b.plain(issue_titles[int(rnd() * len(issue_titles))]))
        r = rnd()
        if r < 0.06:
            title = title.lower()
        elif r < 0.09:
            title = "URGENT: " + title
        elif r < 0.12:
            title = "RE: " + title

    # --- description -----------------------------------------------------------------------
    # which PII mentions to plant (they count towards the 2-5 sentences)
    pii_first: list[str] = []  # a self-introduction goes before the symptom
    pii_desc: list[str] = []  # other mentions in the description
    pii_in_comments: list[str] = []
    if rnd() < (0.75 if issue_iban else sub.pii_rate):
        kinds = []
        if sub.newstarter and rnd() < 0.6:
            kinds.append("newstarter")
        elif sub.leaver and rnd() < 0.6:
            kinds.append("leaver")
        elif issue_iban and rnd() < 0.8:
            kinds.append(issue_iban)
        r = rnd()
        kinds.append("self" if r < 0.18 else "other" if r < 0.45 else "email" if r < 0.62 else "phone" if r < 0.85
                     else "emp")
        if rnd() < 0.25:
            kinds.append(_pick(rnd, tuple(k for k in _PII_MENTIONS if k != kinds[-1])))
        for kind in kinds[:2]:
            if kind == "self":
                pii_first.append(kind)
            elif kind in _PII_MENTIONS and status != "New" and rnd() < 0.25:
                pii_in_comments.append(kind)
            else:
                pii_desc.append(kind)

    plain_templates = [issue_symptoms[int(rnd() * len(issue_symptoms))]]
    extra = []
    if is_request:
        if rnd() < 0.5:
            extra.append(_pick(rnd, issue_details if issue_details and rnd() < 0.6 else sub.details))
        if not sub.is_it and rnd() < 0.25:
            extra.append(_TRIED_GEN[int(rnd() * len(_TRIED_GEN))])
        if rnd() < 0.45:
            extra.append(_REQ_CONTEXT[int(rnd() * len(_REQ_CONTEXT))])
    else:
        if rnd() < 0.55:
            extra.append(_pick(rnd, _ONSET_IT if sub.is_it else _ONSET_GEN))
        if rnd() < 0.45:
            extra.append(_pick(rnd, issue_details if issue_details and rnd() < 0.6 else sub.details))
        if rnd() < 0.45:
            extra.append(sub.tried[int(rnd() * len(sub.tried))])
        if rnd() < 0.45:
            extra.append(_pick(rnd, _IMPACT_IT if sub.is_it else _IMPACT_GEN))
    if len(extra) > 1 and rnd() < 0.35:
        extra.append(extra.pop(int(rnd() * len(extra))))
    if rnd() < 0.3:
        urgency = _URGENCY_REQ if is_request else _URGENCY
        extra.append(urgency[int(rnd() * len(urgency))])
    if not extra and not pii_first and not pii_desc:
        extra.append(_pick(rnd, issue_details or sub.details))
    plain_templates += extra
    del plain_templates[max(1, 5 - len(pii_first) - len(pii_desc)):]  # 2-5 sentences in all
    sentences = [(_cap(t.format_map(slots)) if t[0] == "{" else t.format_map(slots)) if "{" in t else t
                 for t in plain_templates]
    if rnd() < 0.14:
        k = int(rnd() * len(sentences))
        sentences[k] = _typo(rng, sentences[k])  # only PII-free sentences get typos

    body_sentences = [b.pii_text(_P[k][int(rnd() * len(_P[k]))]) for k in pii_first]
    body_sentences.append(sentences[0])
    desc_pii = [b.pii_text(_P[k][int(rnd() * len(_P[k]))]) for k in pii_desc]
    if desc_pii and rnd() < 0.5:
        # right after the symptom ("My manager X has approved this.") ...
        body_sentences += desc_pii[:1] + sentences[1:] + desc_pii[1:]
    else:
        # ... or at the end ("Call me on ...")
        body_sentences += sentences[1:] + desc_pii
    body = " ".join(body_sentences)

    # opener / closer / signature by channel
    if channel == "Email":
        opener = _OPENERS_EMAIL[int(rnd() * len(_OPENERS_EMAIL))].format_map(slots) if rnd() < 0.75 else ""
        r = rnd()
        if r < 0.12:
            closer = b.pii_text(_pick(rnd, _P["sign_short"] if rnd() < 0.6 else _P["sign_full"]))
        elif r < 0.7:
            closer = _CLOSERS[int(rnd() * len(_CLOSERS))]
        else:
            closer = ""
        sep = "\n\n" if rnd() < 0.7 else "\n"
        description = sep.join(p for p in (opener, body, closer) if p)
    elif channel == "Portal":
        opener = _OPENERS_PORTAL[int(rnd() * len(_OPENERS_PORTAL))] if rnd() < 0.3 else ""
        closer = _CLOSERS[int(rnd() * len(_CLOSERS))] if rnd() < 0.4 else ""
        description = " ".join(p for p in (opener, body, closer) if p)
    elif channel == "Chat":
        opener = _OPENERS_CHAT[int(rnd() * len(_OPENERS_CHAT))] if rnd() < 0.5 else ""
        closer = _CLOSERS_CHAT[int(rnd() * len(_CLOSERS_CHAT))] if rnd() < 0.3 else ""
        if rnd() < 0.3 and not pii_first:  # never lower-case a name
            body = body[0].lower() + body[1:]
        description = " ".join(p for p in (opener, body, closer) if p)
    else:  # Phone / Walk-in: logged by the agent
        openers = _OPENERS_PHONE if channel == "Phone" else _OPENERS_WALKIN
        opener = openers[int(rnd() * len(openers))] if rnd() < 0.35 else ""
        description = f"{opener} {body}" if opener else body

    # --- comments --------------------------------------------------------------------------
    comments = _comments(b, rnd, sub, issue_resolutions, status, group, created, updated, resolved, asked,
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
        "Description": description,
        "Comments": comments,
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
        "CreatedAt": _fmt_ts(created),
        "UpdatedAt": _fmt_ts(updated),
        "ResolvedAt": _fmt_ts(resolved) if resolved is not None else None,
    }
    return SampleRequest(row, tuple(dict.fromkeys(pii)))


def _comments(b: _RowBuilder, rnd, sub: _Sub, resolutions, status: str, group: str, created: int, updated: int,
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
            pre.append(("Requester", _C_CHASE, False))
    elif status == "Open":
        r = rnd()
        if r < 0.4:
            pre.append(("Agent", _ACK, True))
        elif r < 0.6:
            question(False)
    elif status == "In Progress":
        pre.append(("Agent", _ACK, True))
        if rnd() < 0.5:
            question(True)
        if escalate:
            pre.append(("Agent", _C_ESCALATE, False))
    elif status == "Pending":
        if rnd() < 0.5:
            pre.append(("Agent", _ACK, True))
        if rnd() < 0.6:
            question(False)
        else:
            pre.append(("Agent", _C_PENDING, False))
    elif status == "On Hold":
        if rnd() < 0.6:
            pre.append(("Agent", _ACK, True))
        if escalate:
            pre.append(("Agent", _C_ESCALATE, False))
        pre.append(("Agent", _C_HOLD_IT if sub.is_it else _C_HOLD_GEN, False))
    elif status in ("Resolved", "Closed"):
        if asked is not None:
            question(False)
            final = ("Agent", _C_NORESP, False)
        else:
            if rnd() < 0.55:
                pre.append(("Agent", _ACK, True))
            if rnd() < 0.35:
                question(True)
            if escalate and rnd() < 0.5:
                pre.append(("Agent", _C_ESCALATE, False))
            final = ("Agent", resolutions if resolutions and rnd() < 0.85 else _C_RESOLVED_GEN, False)
            if updated - resolved > 300 and rnd() < 0.3:
                post.append(("Requester", _C_THANKS, False))
    elif status == "Cancelled":
        r = rnd()
        if r < 0.45:
            final = ("Requester", _C_CANCEL_R, False)
        elif r < 0.8:
            final = ("Agent", _C_CANCEL_A, False)

    # PII mentions that were chosen to go into the comments
    for kind in pii_kinds:
        event = ("Agent", _P["c_agent_" + kind], True) if rnd() < 0.4 else ("Requester", _P["c_req_" + kind], True)
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
    if end - created > _DAY:
        times = sorted([_work_time(rnd, created, end) for _ in pre])
    else:
        span = end - created
        times = sorted([created + int(span * rnd()) for _ in pre])
    if pre and (asked is not None or (final is None and resolved is None)):
        times[-1] = end  # the question / the last comment is the last update
    out = []
    slots = b.slots
    for (author, pool, is_pii), ts in zip(pre, times):
        entry = pool[int(rnd() * len(pool))]
        if is_pii:
            text = b.pii_text(entry)
            if entry[0][0] == "{":
                text = _cap(text)
        elif "{" in entry:
            text = entry.format_map(slots)
            if entry[0] == "{":
                text = _cap(text)
        else:
            text = entry
        out.append(f"[{_fmt_min(ts)}] {author}: {text}")
    if final is not None:
        ts = resolved if resolved is not None else updated
        out.append(f"[{_fmt_min(ts)}] {final[0]}: {_render(b, rnd, final[1], final[2])}")
    for author, pool, is_pii in post:
        ts = resolved + int((updated - resolved) * rnd())
        out.append(f"[{_fmt_min(ts)}] {author}: {_render(b, rnd, pool, is_pii)}")
    return "\n".join(out)


def _render(b: _RowBuilder, rnd, pool, is_pii: bool) -> str:
    entry = pool[int(rnd() * len(pool))]
    if is_pii:
        text = b.pii_text(entry)
        return _cap(text) if entry[0][0] == "{" else text
    if "{" in entry:
        text = entry.format_map(b.slots)
        return _cap(text) if entry[0] == "{" else text
    return entry


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

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


_PARQUET_BATCH = 50_000


def write_sample(path: Path, n: int = 5000, seed: int = 7) -> Path:
    """Write ``n`` generated rows to ``path`` (.csv, .jsonl or .parquet, chosen by suffix).

    The file is written to a temporary name next to ``path`` and renamed when complete. ``None``
    becomes an empty cell in CSV and null in JSONL/Parquet. Same ``(n, seed)`` -> same bytes.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".parquet"):
        raise ValueError(f"unsupported sample format {path.suffix!r}: use .csv, .jsonl or .parquet")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    rows = (r.row for r in generate_requests(n, seed))
    try:
        if suffix == ".csv":
            with tmp.open("w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=COLUMNS)
                writer.writeheader()
                writer.writerows(rows)
        elif suffix == ".jsonl":
            with tmp.open("w", encoding="utf-8", newline="\n") as f:
                for row in rows:
                    f.write(json.dumps(row, ensure_ascii=False))
                    f.write("\n")
        else:
            _write_parquet(tmp, rows)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _write_parquet(path: Path, rows) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.string()) for c in COLUMNS])
    with pq.ParquetWriter(path, schema) as writer:
        batch: dict[str, list] = {c: [] for c in COLUMNS}
        count = 0
        for row in rows:
            for c in COLUMNS:
                batch[c].append(row[c])
            count += 1
            if count == _PARQUET_BATCH:
                writer.write_table(pa.table(batch, schema=schema))
                batch = {c: [] for c in COLUMNS}
                count = 0
        if count:
            writer.write_table(pa.table(batch, schema=schema))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic synthetic helpdesk export.")
    parser.add_argument("path", type=Path, help="output file: .csv, .jsonl or .parquet")
    parser.add_argument("-n", type=int, default=5000, help="number of rows (default 5000)")
    parser.add_argument("--seed", type=int, default=7, help="seed (default 7)")
    args = parser.parse_args(argv)
    try:
        out = write_sample(args.path, args.n, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    print(out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

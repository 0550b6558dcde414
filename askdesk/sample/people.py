"""The synthetic people: sites, fictional phone numbers, the employee directory and the helpdesk agents.

The directory and the agent pool depend on the seed alone (never on the rows drawn from them).
Names are random first/last-name combinations from ``data/people.toml``; e-mails live on
:data:`COMPANY_DOMAIN`; phone numbers come from ranges reserved for fiction.
"""

from __future__ import annotations

import random
import unicodedata
from bisect import bisect
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .catalogue import load
from .draws import cum
from .schema import COMPANY_DOMAIN

_PEOPLE = load("people.toml")
FIRST_NAMES: tuple[str, ...] = _PEOPLE["first_names"]
LAST_NAMES: tuple[str, ...] = _PEOPLE["last_names"]


class Site(NamedTuple):
    name: str
    weight: int
    utc_offset: int  # hours, no DST
    currency: str  # symbol of amounts in their requests
    phone: str  # phone number format (see :func:`phone`)
    iban_countries: tuple[str, ...]  # countries of the IBANs their people mention


SITES: tuple[Site, ...] = tuple(
    Site(s["name"], s["weight"], s["utc_offset"], s["currency"], s["phone"], s["iban_countries"])
    for s in _PEOPLE["sites"])
SITE_INFO: dict[str, Site] = {s.name: s for s in SITES}
#: (department, weight), in draw order.
DEPARTMENTS: tuple[tuple[str, int], ...] = tuple(_PEOPLE["departments"].items())
#: assignment group -> how many agents it has.
AGENTS_PER_GROUP: dict[str, int] = dict(_PEOPLE["agents"])

DIRECTORY_SIZE = 400


#: Display formats of a number, as (below this ``rng.random()``, format): the first that ``r`` is
#: below is used (the last one's 1.0 takes the rest).
_Formats = tuple[tuple[float, str], ...]

#: kind -> (digits drawn, identity prefix, display formats) of the numbers with a fixed prefix.
_FIXED_PREFIX: dict[str, tuple[int, str, _Formats]] = {
    "london": (3, "+442079460", ((0.45, "+44 20 7946 0{d}"), (0.8, "020 7946 0{d}"), (1.0, "+44 (0)20 7946 0{d}"))),
    "manchester": (3, "+441614960", ((0.6, "+44 161 496 0{d}"), (1.0, "0161 496 0{d}"))),
    "mobile_uk": (3, "+447700900", ((0.6, "07700 900{d}"), (1.0, "+44 7700 900{d}"))),
    "berlin": (3, "+493023125", ((0.5, "+49 30 23125{d}"), (0.8, "030 23125{d}"), (1.0, "+49 30 23125 {d}"))),
    "sydney": (4, "+6125550", ((0.5, "+61 2 5550 {d}"), (1.0, "(02) 5550 {d}"))),
}
#: kind -> the area codes of its US numbers (555-01xx, the range reserved for fiction).
_US_AREAS: dict[str, tuple[str, ...]] = {
    "newyork": ("212", "646", "917"), "austin": ("512", "737"), "mobile_us": ("917", "347", "512"),
}
_US_FORMATS: _Formats = ((0.45, "({a}) 555-01{d}"), (0.75, "+1 {a}-555-01{d}"), (0.9, "{a}.555.01{d}"),
                         (1.0, "+1 {a} 555 01{d}"))


def _display(r: float, formats: _Formats, **parts: str) -> str:
    return next(fmt for below, fmt in formats if r < below).format(**parts)


def phone(rng: random.Random, kind: str) -> tuple[str, str]:
    """(identity, display): a number in a range reserved for drama/fiction, in one of several real formats.

    ``identity`` names the number independently of how it is written (for uniqueness checks).
    """
    r = rng.random()
    if kind in _FIXED_PREFIX:
        digits, prefix, formats = _FIXED_PREFIX[kind]
        d = f"{rng.randrange(10**digits):0{digits}d}"
        return prefix + d, _display(r, formats, d=d)
    if kind in _US_AREAS:
        area = _US_AREAS[kind]
        a = area[int(rng.random() * len(area))]
        d = f"{rng.randrange(100):02d}"
        return f"+1{a}55501{d}", _display(r, _US_FORMATS, a=a, d=d)
    raise ValueError(kind)


_ASCII_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i"})


def email_part(name: str) -> str:
    """A name as the local part of an e-mail address: ASCII-folded, lower case, letters/digits/hyphens."""
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
class Agent:
    name: str
    first: str
    group: str


@lru_cache(maxsize=8)
def directory(seed: int) -> tuple[tuple[Employee, ...], dict[str, tuple[Agent, ...]], tuple]:
    """(employees, agents by group, per-employee row context) for ``seed``.

    The row context of an employee is (slot values, planted PII) every row they raise starts from.
    """
    rng = random.Random(f"askdesk-directory:{seed}")
    used_names: set[str] = set()
    used_emails: set[str] = set()
    used_phones: set[str] = set()
    emp_numbers = rng.sample(range(10000, 100000), DIRECTORY_SIZE)
    site_names = [s.name for s in SITES]
    site_cum = cum(s.weight for s in SITES)
    dept_names = [d[0] for d in DEPARTMENTS]
    dept_cum = cum(d[1] for d in DEPARTMENTS)

    def fresh_name() -> tuple[str, str, str]:
        while True:
            first = FIRST_NAMES[int(rng.random() * len(FIRST_NAMES))]
            last = LAST_NAMES[int(rng.random() * len(LAST_NAMES))]
            full = f"{first} {last}"
            if full not in used_names:
                used_names.add(full)
                return first, last, full

    employees = []
    for k in range(DIRECTORY_SIZE):
        first, last, full = fresh_name()
        local = f"{email_part(first)}.{email_part(last)}"
        email, j = f"{local}@{COMPANY_DOMAIN}", 1
        while email in used_emails:
            j += 1
            email = f"{local}{j}@{COMPANY_DOMAIN}"
        used_emails.add(email)
        site = site_names[bisect(site_cum, rng.random() * site_cum[-1])]
        kind = SITE_INFO[site].phone
        if kind in ("london", "newyork", "austin") and rng.random() < 0.25:
            kind = "mobile_uk" if kind == "london" else "mobile_us"
        for _ in range(1000):
            key, number = phone(rng, kind)
            if key not in used_phones:
                break
        used_phones.add(key)
        dept = dept_names[bisect(dept_cum, rng.random() * dept_cum[-1])]
        employees.append(Employee(full, first, last, email, number, f"E-{emp_numbers[k]}", site, dept))

    agents: dict[str, tuple[Agent, ...]] = {}
    for group, count in AGENTS_PER_GROUP.items():
        members = []
        for _ in range(count):
            first, _last, full = fresh_name()
            members.append(Agent(full, first, group))
        agents[group] = tuple(members)
    # per employee: the slot values and PII list every row of theirs starts from
    contexts = tuple(
        ({"site": e.site if e.site != "Remote" else "London HQ", "dept": e.department,
          "currency": SITE_INFO[e.site].currency, "first": e.first, "full": e.name, "email": e.email,
          "phone": e.phone, "emp": e.employee_number},
         (("PERSON", e.name), ("EMAIL_ADDRESS", e.email), ("PHONE_NUMBER", e.phone), ("EMPLOYEE_ID", e.employee_number)))
        for e in employees)
    return tuple(employees), agents, contexts


def employee_directory(seed: int = 7) -> tuple[Employee, ...]:
    """The synthetic employee directory requesters are drawn from (depends on ``seed`` only)."""
    return directory(seed)[0]

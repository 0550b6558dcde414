"""Slot values: the pools of ``data/slots.toml``, the generated values, and a row's lazily filled slots.

A template's ``{slot}`` is drawn the first time a row uses it and then reused, so a row's title,
description and comments talk about the same app, floor, date... PII slots (another employee, a
mobile number, a personal e-mail, an IBAN) are made up on first use as well.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping

from .catalogue import load
from .iban import random_iban
from .people import SITE_INFO, Employee, email_part, phone

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

#: A slot pool: a tuple of values (which may hold slots themselves) or a function (rng, slots) -> value.
Pool = tuple[str, ...] | Callable[[random.Random, "Slots"], str]


def _ordinal(d: int) -> str:
    return f"{d}{'th' if 10 <= d <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def _fmt_date(d: int, m: int, style: int) -> str:
    if style == 0:
        return f"{d} {MONTHS[m]}"
    if style == 1:
        return f"{MONTHS[m]} {d}"
    return f"the {_ordinal(d)}"


def _slot_date(rng, slots) -> str:
    d = 1 + int(rng.random() * 28)
    m = int(rng.random() * 12)
    r = rng.random()
    style = 0 if r < 0.5 else 1 if r < 0.8 else 2
    slots["_date"] = (d, m, style)
    return _fmt_date(d, m, style)


def _slot_date_after(rng, slots) -> str:
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
    k = WEEKDAYS.index(day) if day in WEEKDAYS else 0
    return WEEKDAYS[(k + 1) % 5]


_BUILTINS: dict[str, Pool] = {
    "weekdays": WEEKDAYS,
    "months": MONTHS,
    "other_weekday": _slot_other_weekday,
    "date": _slot_date,
    "date_after": _slot_date_after,
    "amount": _slot_amount,
    "invoice_number": _slot_inv,
    "previous_request": _slot_prev_req,
}


def pools(table: Mapping) -> dict[str, Pool]:
    """Slot pools from a catalogue table: lists of values as they are, ``{builtin = ...}`` tables resolved."""
    out: dict[str, Pool] = {}
    for key, value in table.items():
        if isinstance(value, tuple):
            out[key] = value
        elif value["builtin"] == "digits":
            out[key] = _prefixed(value.get("prefix", ""), value["length"])
        else:
            out[key] = _BUILTINS[value["builtin"]]
    return out


#: The pools every subcategory starts from (``data/slots.toml``).
GLOBAL_SLOTS: dict[str, Pool] = pools(load("slots.toml"))


class Slots(dict):
    """Lazily filled slot values for one row: a slot is drawn the first time a template uses it and
    then reused, so a row's title, description and comments talk about the same app, floor, etc."""

    __slots__ = ("_other", "employees", "pools", "requester", "rng", "row_index")
    rng: random.Random
    pools: Mapping[str, Pool]
    row_index: int
    requester: Employee
    employees: tuple[Employee, ...]
    _other: Employee | None

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


def _lazy_mobile(s: Slots) -> str:
    site = s.requester.site
    kind = "mobile_us" if site in ("New York", "Austin") else ("sydney" if site == "Sydney" else "mobile_uk")
    return phone(s.rng, kind)[1]


def _lazy_personal_email(s: Slots) -> str:
    rng = s.rng
    first = email_part(s.requester.first).replace("-", "")
    last = email_part(s.requester.last).replace("-", "")
    r = rng.random()
    dom = ("example.com", "example.net", "example.org")[int(rng.random() * 3)]
    if r < 0.4:
        return f"{first}.{last}{10 + int(rng.random() * 89)}@{dom}"
    if r < 0.7:
        return f"{first[0]}{last}@{dom}"
    return f"{first}{1960 + int(rng.random() * 45)}@{dom}"


def _lazy_iban(s: Slots) -> str:
    countries = SITE_INFO[s.requester.site].iban_countries
    return random_iban(s.rng, countries[int(s.rng.random() * len(countries))])


_LAZY_PII = {
    "other": lambda s: s.other().name,
    "other_email": lambda s: s.other().email,
    "other_emp": lambda s: s.other().employee_number,
    "other_dept": lambda s: s.other().department,
    "mobile": _lazy_mobile,
    "personal_email": _lazy_personal_email,
    "iban": _lazy_iban,
}

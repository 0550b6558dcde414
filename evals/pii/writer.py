"""A canary ticket being written: draws fresh values (none contains another), records each as
planted with its context and needles, and returns the text the scenario writes.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from urllib.parse import quote

from evals.pii.records import Planted
from evals.pii.values import (
    ALNUM,
    B64,
    CULTURES,
    DOMAINS,
    FAMOUS_INVALID_SSNS,
    LANG_CULTURES,
    PHONES,
    Person,
    card,
    chars,
    de_address,
    dob,
    employee_id,
    es_address,
    fqdn,
    fr_address,
    hex_chars,
    iban,
    ipv4,
    ipv6,
    jwt,
    mac,
    nhs,
    nino,
    password,
    pick,
    pin,
    private_key,
    psk,
    ssn_invalid,
    ssn_valid,
    uk_address,
    uk_postcode,
    us_address,
    vi_address,
)


class TicketWriter:
    """Draws fresh values, records each as planted, and returns the text to write."""

    def __init__(self, rng: random.Random, used: set[str], created: datetime) -> None:
        self.rng = rng
        self.used = used
        self.created = created
        self.planted: list[Planted] = []
        self._minutes = 0
        #: who raised the ticket (drawn by the scenario when it signs with the requester's name)
        self.requester: Person | None = None

    def fresh(self, make: Callable[[], str]) -> str:
        """A value no earlier value contains or is contained in (case-insensitive)."""
        for _ in range(200):
            value = make()
            key = value.casefold()
            if all(key not in u and u not in key for u in self.used):
                self.used.add(key)
                return value
        raise RuntimeError("could not draw a fresh value")

    def plant(self, kind: str, context: str, value: str, needles: Sequence[str] = ()) -> str:
        self.planted.append(Planted(kind, value, context, tuple(needles)))
        return value

    def make(self, kind: str, context: str, **kw: str) -> str:
        """Draw a fresh value of ``kind`` and plant it."""
        rng = self.rng
        lang = context.partition(":")[2] or kw.get("lang", "en")
        extra: tuple[str, ...] = ()
        if kind in ("password_prose", "password_kv", "connection_string_password"):
            value = self.fresh(lambda: password(rng))
            if kw.get("url"):  # in a URL's user info: percent-encoded as RFC 3986 asks ("?" -> %3F)
                value = quote(value, safe="!$&'()*+,;=")
        elif kind == "pin":
            value = self.fresh(lambda: pin(rng))
        elif kind == "wifi_psk":
            value = self.fresh(lambda: psk(rng))
        elif kind == "stripe_key":
            value = self.fresh(lambda: f"{kw.get('prefix', 'sk_live_')}{chars(rng, ALNUM, rng.randint(24, 34))}")
        elif kind == "github_token":
            value = self.fresh(lambda: "ghp_" + chars(rng, ALNUM, 36))
        elif kind == "aws_access_key_id":
            value = self.fresh(lambda: "AKIA" + chars(rng, string.ascii_uppercase + "234567", 16))
        elif kind == "aws_secret_key":
            value = self.fresh(lambda: chars(rng, B64, 40))
        elif kind == "slack_token":
            value = self.fresh(lambda: f"{pick(rng, ('xoxb', 'xoxp'))}-{rng.randint(10**11, 10**12 - 1)}-"
                                       f"{rng.randint(10**12, 10**13 - 1)}-{chars(rng, ALNUM, 24)}")
        elif kind == "jwt":
            value, extra = self._fresh_pair(lambda: jwt(rng))
        elif kind == "bearer_token":
            value = self.fresh(lambda: chars(rng, ALNUM + "-_", rng.randint(40, 56)))
        elif kind == "private_key_block":
            value, extra = self._fresh_pair(lambda: private_key(rng))
            if kw.get("indent"):  # a YAML block scalar: the value as written is indented
                value = "\n".join(kw["indent"] + line for line in value.splitlines())
        elif kind == "generic_api_key_near_word":
            value = self.fresh(lambda: hex_chars(rng, 32) if rng.random() < 0.5 else chars(rng, ALNUM, 40))
        elif kind == "ipv4":
            value = self.fresh(lambda: ipv4(rng))
        elif kind == "ipv6":
            value = self.fresh(lambda: ipv6(rng))
        elif kind == "internal_fqdn":
            value, extra = self._fresh_pair(lambda: fqdn(rng))
        elif kind == "mac_address":
            value = self.fresh(lambda: mac(rng))
        elif kind == "street_address":
            make_address = {"de": de_address, "fr": fr_address, "es": es_address, "vi": vi_address}.get(lang)
            sep = kw.get("sep", ", ")
            value, extra = self._fresh_pair(lambda: make_address(rng) if make_address else uk_address(rng, sep))
        elif kind == "us_zip_in_address":
            value, extra = self._fresh_pair(lambda: us_address(rng, kw.get("sep", ", ")))
        elif kind == "uk_postcode":
            value = self.fresh(lambda: uk_postcode(rng))
        elif kind == "date_of_birth":
            value = self.fresh(lambda: dob(rng, lang))
        elif kind == "uk_nino":
            value = self.fresh(lambda: nino(rng))
        elif kind == "uk_nhs_number":
            value = self.fresh(lambda: nhs(rng))
        elif kind == "us_ssn_valid":
            value = self.fresh(lambda: ssn_valid(rng))
        elif kind == "us_ssn_checksum_invalid":
            famous = [s for s in FAMOUS_INVALID_SSNS if s not in self.used]
            value = self.fresh(lambda: famous[0] if famous else ssn_invalid(rng))
        elif kind == "email":
            person = self.person(lang)
            given, family = person.ascii_parts()
            value = self.fresh(lambda: f"{given}.{family}@{pick(rng, DOMAINS)}")
        elif kind == "obfuscated_email":
            value, extra = self._fresh_pair(lambda: self._obfuscated())
        elif kind == "phone":
            region = kw.get("region") or {"en": pick(rng, ("uk", "uk", "us"))}.get(lang, lang)
            value = self.fresh(lambda: PHONES[region](rng))
        elif kind == "iban":
            country = kw.get("country") or {"de": "DE", "fr": "FR", "es": "ES"}.get(lang) or pick(rng, ("GB", "DE"))
            value = self.fresh(lambda: iban(rng, country, rng.random() < 0.5))
        elif kind == "credit_card":
            value = self.fresh(lambda: card(rng))
        elif kind == "employee_id":
            value = self.fresh(lambda: employee_id(rng))
        else:
            raise ValueError(kind)
        return self.plant(kind, context, value, (value, *extra) if extra else ())

    def _fresh_pair(self, make: Callable[[], tuple[str, tuple[str, ...]]]) -> tuple[str, tuple[str, ...]]:
        box: dict[str, tuple[str, ...]] = {}

        def draw() -> str:
            value, needles = make()
            box[value] = needles
            return value

        value = self.fresh(draw)
        return value, box[value]

    def _obfuscated(self) -> tuple[str, tuple[str, ...]]:
        given, family = self.person().ascii_parts()
        domain = pick(self.rng, ("example", "northwind-corp", "fabrikam"))
        tld = pick(self.rng, ("com", "org", "net"))
        style = int(self.rng.random() * 4)
        if style == 0:
            local = f"{given} dot {family}"
            return f"{local} at {domain} dot {tld}", (local,)
        if style == 1:
            local = f"{given}.{family}"
            return f"{local} [at] {domain} [dot] {tld}", (local,)
        if style == 2:
            local = f"{given}.{family}"
            return f"{local}(at){domain}.{tld}", (local,)
        local = f"{given}_{family}"
        return f"{local} AT {domain} DOT {tld.upper()}", (local,)

    def person(self, lang: str = "en") -> Person:
        """A fresh (not yet used) person from a culture the language suggests (any for English)."""
        cultures = LANG_CULTURES.get(lang) or tuple(CULTURES)
        for _ in range(500):
            culture = pick(self.rng, cultures)
            givens, families, family_first = CULTURES[culture]
            given, family = pick(self.rng, givens), pick(self.rng, families)
            full = f"{family} {given}" if family_first else f"{given} {family}"
            if full.casefold() not in self.used:
                self.used.add(full.casefold())
                return Person(full, given.split()[-1] if family_first and " " in given else given, family)
        raise RuntimeError("ran out of names")

    def me(self, lang: str = "en") -> Person:
        """The requester (the ticket's author: signs it, and fills the export's people columns)."""
        if self.requester is None:
            self.requester = self.person(lang)
        return self.requester

    def name(self, context: str, lang: str = "en", person: Person | None = None, *, called: bool = False) -> str:
        """Plant a person's full name (or, with ``called``, the name used alone)."""
        p = person or self.person(context.partition(":")[2] or lang)
        value = p.called if called else p.full
        needles = (value,) if called else p.needles
        return self.plant("person_name_multicultural", context, value, needles)

    def people_columns(self) -> tuple[tuple[str, str, str, str], str]:
        """The export's people columns, planted: (requester name, e-mail, phone, employee number), assignee."""
        requester = self.me()
        given, family = requester.ascii_parts()
        email = self.fresh(lambda: f"{given}.{family}@northwind-corp.com" if self.rng.random() < 0.8 else
                           f"{given}.{family}{self.rng.randint(2, 99)}@northwind-corp.com")
        columns = (self.plant("person_name_multicultural", "column", requester.full, requester.needles),
                   self.plant("email", "column", email), self.make("phone", "column", region="uk"),
                   self.make("employee_id", "column"))
        return columns, self.name("column")

    def stamp(self) -> str:
        """A comment's timestamp, a little after the previous one."""
        self._minutes += self.rng.randint(20, 600)
        return f"[{(self.created + timedelta(minutes=self._minutes)):%Y-%m-%d %H:%M}]"

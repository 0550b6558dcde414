"""Makers of realistic, fictitious planted values (no Faker, no network): passwords and keys, tokens,
addresses, identity numbers, bank and card numbers, phone numbers from ranges reserved for fiction,
and people from some thirty cultures.  Each draws from the seeded ``rng`` it is given, so the same
seed gives the same corpus.  The word lists are ``evals/data/pii_values.toml``.
"""

from __future__ import annotations

import base64
import json
import random
import string
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from evals.datafiles import load_table
from evals.pii.records import INTERNAL_DOMAIN

_DATA = load_table("pii_values")

ALNUM = string.ascii_letters + string.digits
_SYMBOLS = "!#$%&*?@^+="
B64 = string.ascii_letters + string.digits + "+/"
_WORDS: tuple[str, ...] = _DATA["passphrase_words"]

T = TypeVar("T")


def pick(rng: random.Random, seq: Sequence[T]) -> T:
    """One item, from a single ``rng.random()`` (every draw of the corpus is seeded)."""
    return seq[int(rng.random() * len(seq))]


def chars(rng: random.Random, alphabet: str, k: int) -> str:
    """``k`` characters of ``alphabet``."""
    return "".join(pick(rng, alphabet) for _ in range(k))


def password(rng: random.Random) -> str:
    style = rng.random()
    if style < 0.45:  # random, every class present
        body = [pick(rng, string.ascii_uppercase), pick(rng, string.ascii_lowercase), pick(rng, string.digits),
                pick(rng, _SYMBOLS)] + [pick(rng, ALNUM + _SYMBOLS) for _ in range(rng.randint(8, 11))]
        rng.shuffle(body)
        if not body[0].isalnum():
            body[0] = pick(rng, string.ascii_letters)
        return "".join(body)
    if style < 0.75:  # a passphrase
        words = [pick(rng, _WORDS) for _ in range(3)]
        return "-".join(words) + f"-{rng.randint(10, 99)}"
    return f"{pick(rng, _WORDS)}{pick(rng, _SYMBOLS)}{pick(rng, _WORDS)}{rng.randint(100, 9999)}"


def psk(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "-".join(pick(rng, _WORDS).lower() for _ in range(3)) + str(rng.randint(10, 99))
    return chars(rng, ALNUM, 16)


def pin(rng: random.Random) -> str:
    return str(rng.randint(2, 6)) + "".join(str(rng.randint(0, 9)) for _ in range(5))


def hex_chars(rng: random.Random, k: int) -> str:
    return chars(rng, "0123456789abcdef", k)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    iat = 1767225600 + rng.randint(0, 25_000_000)
    claims = {"sub": hex_chars(rng, 24), "aud": pick(rng, ("hr-portal", "expenses-api", "intranet")), "iat": iat,
              "exp": iat + 3600}
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = _b64url(bytes(rng.randint(0, 255) for _ in range(32)))
    token = f"{header}.{payload}.{signature}"
    return token, (token, payload, signature)


def private_key(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    kind, prefix = pick(rng, (("RSA PRIVATE KEY", "MIIEowIBAAKCAQEA"), ("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAA"),
                               ("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")))
    body = prefix + chars(rng, B64, 64 * 6 - len(prefix) + rng.randint(8, 40))
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    lines[-1] += "=" * (-len(lines[-1]) % 4)
    block = "\n".join([f"-----BEGIN {kind}-----", *lines, f"-----END {kind}-----"])
    return block, tuple(line for line in lines if len(line) >= 16)


def ipv4(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return f"10.{rng.randint(16, 250)}.{rng.randint(1, 254)}.{rng.randint(2, 254)}"
    if r < 0.6:
        return f"172.{rng.randint(16, 31)}.{rng.randint(1, 254)}.{rng.randint(2, 254)}"
    if r < 0.8:
        return f"192.168.{rng.randint(2, 254)}.{rng.randint(2, 254)}"
    return f"{pick(rng, ('203.0.113', '198.51.100', '192.0.2'))}.{rng.randint(2, 254)}"


def ipv6(rng: random.Random) -> str:
    r = rng.random()
    h = lambda: f"{rng.randint(0x1000, 0xFFFF):x}"
    if r < 0.4:
        return f"fd{rng.randint(0x10, 0xFF):02x}:{h()}:{h()}:{h()}::{rng.randint(0x10, 0xFFF):x}"
    if r < 0.7:
        return f"2001:db8:{h()}:{h()}::{rng.randint(0x10, 0xFFF):x}"
    # link-local, EUI-64 from a MAC: fe80::xxxx:xxff:fexx:xxxx
    return f"fe80::{h()}:{rng.randint(0x10, 0xFF):02x}ff:fe{rng.randint(0x10, 0xFF):02x}:{h()}"


def fqdn(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    role = pick(rng, ("fs", "sql", "app", "print", "dc", "vpn-gw", "web", "build", "jump", "citrix", "sccm"))
    if rng.random() < 0.6:
        label = f"{pick(rng, ('lon', 'man', 'ber', 'nyc', 'aus', 'syd', 'lds'))}-{role}{rng.randint(1, 29):02d}"
        name = f"{label}.{INTERNAL_DOMAIN}"
    else:
        label = f"{role}{rng.randint(1, 29):02d}"
        name = f"{label}.{pick(rng, ('eu', 'us', 'apac'))}.{INTERNAL_DOMAIN}"
    return name, (name, label)


def mac(rng: random.Random) -> str:
    octets = [rng.randint(0, 255) for _ in range(6)]
    octets[0] &= 0xFC
    r = rng.random()
    if r < 0.45:
        return ":".join(f"{o:02X}" for o in octets)
    if r < 0.8:
        return "-".join(f"{o:02x}" for o in octets)
    h = "".join(f"{o:02x}" for o in octets)
    return f"{h[:4]}.{h[4:8]}.{h[8:]}"


_UK_TOWNS: tuple[tuple[str, str, tuple[int, int]], ...] = _DATA["uk_towns"]
_UK_STREETS: tuple[str, ...] = _DATA["uk_streets"]
_UK_STREET_TYPES: tuple[str, ...] = _DATA["uk_street_types"]
_INWARD = "ABDEFGHJLNPQRSTUWXYZ"


def uk_postcode(rng: random.Random, town: tuple[str, str, tuple[int, int]] | None = None) -> str:
    _name, area, (lo, hi) = town or _UK_TOWNS[int(rng.random() * len(_UK_TOWNS))]
    return f"{area}{rng.randint(lo, hi)} {rng.randint(1, 9)}{pick(rng, _INWARD)}{pick(rng, _INWARD)}"


def uk_address(rng: random.Random, sep: str = ", ") -> tuple[str, tuple[str, ...]]:
    """"14 Quillfeather Lane, Harlow CM19 5TB" (``sep`` = a newline: one part per line, as in a signature)."""
    town = _UK_TOWNS[int(rng.random() * len(_UK_TOWNS))]
    street = f"{rng.randint(2, 188)} {pick(rng, _UK_STREETS)} {pick(rng, _UK_STREET_TYPES)}"
    postcode = uk_postcode(rng, town)
    parts = [f"Flat {rng.randint(1, 12)}"] if rng.random() < 0.25 else []
    parts.append(street)
    parts += [f"{town[0]} {postcode}"] if sep == ", " else [town[0], postcode]
    return sep.join(parts), (street, postcode)


_US_PLACES: tuple[tuple[str, str, str], ...] = _DATA["us_places"]
_US_STREETS: tuple[str, ...] = _DATA["us_streets"]


def us_address(rng: random.Random, sep: str = ", ") -> tuple[str, tuple[str, ...]]:
    city, state, zip3 = _US_PLACES[int(rng.random() * len(_US_PLACES))]
    street = f"{rng.randint(100, 9899)} {pick(rng, _US_STREETS)} {pick(rng, ('Street', 'Avenue', 'Drive', 'Court', 'Terrace'))}"
    zipcode = f"{zip3}{rng.randint(10, 99)}"
    apt = f", Apt {rng.randint(1, 9)}{pick(rng, 'ABC')}" if rng.random() < 0.3 else ""
    return f"{street}{apt}{sep}{city}, {state} {zipcode}", (street, zipcode)


def _postal_address(rng: random.Random, street: str, cities: Sequence[tuple[str, str]], pad: str, lo: int,
                    hi: int) -> tuple[str, tuple[str, ...]]:
    """"<street>, <postcode> <city>" (Germany, France, Spain): the postcode is the city's prefix, ``pad``
    and a number from ``lo`` to ``hi``."""
    prefix, city = pick(rng, cities)
    code = f"{prefix}{pad}{rng.randint(lo, hi)}"
    return f"{street}, {code} {city}", (street, code)


def de_address(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    street = f"{pick(rng, ('Holunder', 'Wacholder', 'Kastanien', 'Ahorn', 'Mispel', 'Ginster'))}" \
             f"{pick(rng, ('straße', 'weg', 'allee'))} {rng.randint(2, 140)}"
    return _postal_address(rng, street, (("10", "Berlin"), ("80", "München"), ("50", "Köln"), ("04", "Leipzig")),
                           "", 100, 999)


def fr_address(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    street = f"{rng.randint(2, 140)} rue {pick(rng, ('des Tanneurs', 'de la Verrerie', 'du Puits-Salé', 'des Chartreux'))}"
    return _postal_address(rng, street, (("69", "Lyon"), ("31", "Toulouse"), ("44", "Nantes"), ("13", "Marseille")),
                           "0", 10, 99)


def es_address(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    street = f"Calle de {pick(rng, ('Zurbarán', 'Almagro', 'Fuencarral', 'Hortaleza', 'Velarde'))} {rng.randint(2, 140)}"
    return _postal_address(rng, street, (("28", "Madrid"), ("08", "Barcelona"), ("46", "Valencia"), ("41", "Sevilla")),
                           "0", 10, 99)


def vi_address(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    street = f"Số {rng.randint(2, 240)} đường {pick(rng, ('Trần Quang Khải', 'Nguyễn Đình Chiểu', 'Lý Tự Trọng', 'Hai Bà Trưng'))}"
    return f"{street}, Phường {rng.randint(1, 15)}, Quận {rng.randint(1, 12)}, TP. Hồ Chí Minh", (street,)


_MONTHS = {"en": _DATA["months_en"]}


def dob(rng: random.Random, lang: str = "en") -> str:
    y, m, d = rng.randint(1955, 2003), rng.randint(1, 12), rng.randint(1, 28)
    if lang == "de":
        return f"{d:02d}.{m:02d}.{y}"
    if lang in ("fr", "es", "vi"):
        return f"{d:02d}/{m:02d}/{y}"
    r = rng.random()
    if r < 0.4:
        return f"{d:02d}/{m:02d}/{y}"
    if r < 0.7:
        return f"{y}-{m:02d}-{d:02d}"
    return f"{d} {_MONTHS['en'][m - 1]} {y}"


def nino(rng: random.Random) -> str:
    first, second = "ABCEGHJKLMNOPRSTWXYZ", "ABCEGHJKLMNPRSTWXYZ"
    while True:
        prefix = pick(rng, first) + pick(rng, second)
        if prefix not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    digits = "".join(str(rng.randint(0, 9)) for _ in range(6))
    suffix = pick(rng, "ABCD")
    if rng.random() < 0.5:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


def nhs(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        digits[0] = rng.randint(4, 6)
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        if check == 11:
            check = 0
        if check != 10:
            s = "".join(map(str, digits)) + str(check)
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def ssn_valid(rng: random.Random) -> str:
    while True:
        area = rng.randint(101, 899)
        if area != 666:
            break
    sep = pick(rng, ("-", "-", " "))
    return f"{area:03d}{sep}{rng.randint(10, 99):02d}{sep}{rng.randint(1001, 9998):04d}"


FAMOUS_INVALID_SSNS: tuple[str, ...] = _DATA["famous_invalid_ssns"]


def ssn_invalid(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return f"{pick(rng, ('000', '666'))}-{rng.randint(10, 99)}-{rng.randint(1001, 9998)}"
    if r < 0.7:
        return f"{rng.randint(101, 665)}-00-{rng.randint(1001, 9998)}"
    return f"{rng.randint(101, 665)}-{rng.randint(10, 99)}-0000"


def _mod97(digits: str) -> int:
    return int(digits) % 97


def iban(rng: random.Random, country: str, grouped: bool) -> str:
    if country == "GB":
        bban = "".join(pick(rng, string.ascii_uppercase) for _ in range(4)) + "".join(str(rng.randint(0, 9)) for _ in range(14))
    else:
        length = {"DE": 18, "FR": 23, "ES": 20}[country]
        bban = "".join(str(rng.randint(0, 9)) for _ in range(length))
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    number = f"{country}{98 - _mod97(numeric):02d}{bban}"
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4)) if grouped else number


def card(rng: random.Random) -> str:
    r = rng.random()
    prefix, length = ("4", 16) if r < 0.45 else (str(rng.randint(51, 55)), 16) if r < 0.8 else (pick(rng, ("34", "37")), 15)
    digits = [int(c) for c in prefix] + [rng.randint(0, 9) for _ in range(length - len(prefix) - 1)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    s = "".join(map(str, digits)) + str((10 - total % 10) % 10)
    sep = pick(rng, (" ", " ", "-", ""))
    if length == 15:
        return f"{s[:4]}{sep}{s[4:10]}{sep}{s[10:]}"
    return sep.join(s[i : i + 4] for i in range(0, 16, 4))


def employee_id(rng: random.Random) -> str:
    return f"E-{rng.randint(10000, 99999)}" if rng.random() < 0.6 else f"EMP{rng.randint(100000, 999999)}"


PHONES: dict[str, Callable[[random.Random], str]] = {
    "uk": lambda r: pick(r, (f"+44 20 7946 0{r.randint(0, 999):03d}", f"020 7946 0{r.randint(0, 999):03d}",
                              f"07700 900{r.randint(0, 999):03d}", f"+44 161 496 0{r.randint(0, 999):03d}")),
    "us": lambda r: pick(r, (f"({pick(r, ('212', '646', '512', '737'))}) 555-01{r.randint(0, 99):02d}",
                              f"+1 {pick(r, ('917', '347', '208'))}-555-01{r.randint(0, 99):02d}")),
    "de": lambda r: pick(r, (f"+49 30 23125{r.randint(0, 999):03d}", f"030 23125{r.randint(0, 999):03d}")),
    "fr": lambda r: f"{pick(r, ('+33 1', '01'))} 99 00 {r.randint(0, 99):02d} {r.randint(0, 99):02d}",
    "es": lambda r: f"+34 91 {r.randint(100, 999)} {r.randint(10, 99)} {r.randint(10, 99)}",
    "vi": lambda r: pick(r, (f"+84 28 38{r.randint(10, 99)} {r.randint(1000, 9999)}", f"028 38{r.randint(10, 99)} {r.randint(1000, 9999)}")),
}


# -- names: (given names, family names, family name first?) per culture ----------------------
CULTURES: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    name: (c["given"], c["family"], c["family_first"]) for name, c in _DATA["cultures"].items()}
#: the cultures a language ticket's people come from
LANG_CULTURES: dict[str, tuple[str, ...]] = _DATA["language_cultures"]


@dataclass(frozen=True)
class Person:
    full: str
    called: str  # the name used alone ("Hi Chidinma", "Thanks, Ngọc")
    family: str

    @property
    def needles(self) -> tuple[str, ...]:
        return (self.full, *(p for p in (self.called, self.family) if len(p) >= 4))

    def ascii_parts(self) -> tuple[str, str]:
        """The name as an e-mail address writes it: "yen", "tran" for Trần Hải Yến."""
        return ascii_name(self.called), ascii_name(self.family)


_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "ı": "i",
                       "Þ": "Th", "þ": "th"})


def ascii_name(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.translate(_FOLD)).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


DOMAINS: tuple[str, ...] = _DATA["mail_domains"]

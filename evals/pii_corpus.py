"""Two corpora that measure the PII sanitiser, generated deterministically (no Faker, no network).

**Canary requests** (:func:`canary_requests`): helpdesk tickets (title, description, comments and
the export's people columns) with *planted* values, each recorded as a :class:`Planted` (its kind,
the text as written, the context it was written in, and the *needles*: the strings whose presence
anywhere downstream means it leaked).  Every value is realistic but fictitious, and distinctive
enough that a hit can only be a leak (``test_canary_corpus`` proves that the needles occur nowhere
in the tickets once the planted values are cut out).  The kinds:

===============================  ==================================================================
kind                             what is planted
===============================  ==================================================================
``password_prose``               a password in a sentence ("the temporary password is …", and in
                                 German, French, Spanish and Vietnamese)
``password_kv``                  ``password=…``, ``Password: …``, ``pwd: …``, a password column
``pin``                          a 6-digit PIN ("the door PIN is …", ``PIN: …``)
``wifi_psk``                     a Wi-Fi pre-shared key (``PSK: …``, "the guest Wi-Fi password is …")
``connection_string_password``   the password inside ``…;Password=…;`` or ``scheme://user:…@host``
``stripe_key``                   ``sk_live_…`` / ``sk_test_…``
``github_token``                 ``ghp_…`` (36 characters)
``aws_access_key_id``            ``AKIA…`` (16 characters)
``aws_secret_key``               a 40-character AWS secret access key
``slack_token``                  ``xoxb-…`` / ``xoxp-…``
``jwt``                          a signed JSON Web Token (needles: the token, its payload and signature)
``bearer_token``                 an opaque token after ``Authorization: Bearer``
``private_key_block``            a PEM/OpenSSH private-key block (needles: each base64 line)
``generic_api_key_near_word``    a hex or base62 string after "API key", ``client_secret``, ``X-Api-Key``
``ipv4`` / ``ipv6``              private, documentation and link-local addresses
``internal_fqdn``                a host under :data:`INTERNAL_DOMAIN` (needles: the FQDN and its host label)
``mac_address``                  a MAC address, three notations (an optional entity: see :data:`OPTIONAL_KINDS`)
``street_address``               UK, German, French, Spanish, Vietnamese street addresses (needles:
                                 the street line and the postcode)
``us_zip_in_address``            a US street address with its ZIP code (needles: street line, ZIP)
``uk_postcode``                  a UK postcode on its own ("my postcode is …", ``Postcode: …``)
``date_of_birth``                a date next to DOB / date-of-birth words, in five languages
``uk_nino``                      a UK National Insurance number, spaced or not
``uk_nhs_number``                a UK NHS number with a valid check digit
``us_ssn_valid``                 an SSN that passes the usual validity rules
``us_ssn_checksum_invalid``      an SSN-shaped number next to "SSN" that those rules reject
                                 (078-05-1120, 123-45-6789, area 000/666, group 00, serial 0000)
``obfuscated_email``             "jane dot doe at example dot com", "jane.doe [at] example [dot] com", …
``email`` / ``phone``            addresses on fictitious domains; numbers from ranges reserved for fiction
``iban`` / ``credit_card``       valid mod-97 IBANs (DE, GB, FR, ES); Luhn-valid card numbers
``employee_id``                  ``E-12345`` / ``EMP123456``
``person_name_multicultural``    names from some thirty cultures, full, and the first name alone
===============================  ==================================================================

Contexts (:attr:`Planted.context`): ``prose`` (English sentences), ``key_value`` (``key=value``,
``key: value``, config and header lines, ``ipconfig`` output), ``table`` (pipe or tab separated,
pasted as text), ``signature`` (an e-mail signature), ``title``, ``column`` (the export's people
columns: indexed, never in the free text) and ``language:de`` / ``fr`` / ``es`` / ``vi``.

**Clean requests** (:func:`clean_requests`): helpdesk texts with no personal data and no secret,
dense in what people search for -- asset tags, error codes, versions, KB numbers, ticket ids,
product names, public vendor host names, incident dates -- and in the words that look like the
planted kinds without a value ("password reset", "token expired", "PIN pad", "key fob", "SSN
field", "static IP", ``Password: (in the vault)``).  Four-part versions are written with a part
above 255: one with every part <= 255 is indistinguishable from an IPv4 address.

:func:`replaced_token_share` says how much of a clean text a sanitiser wrongly replaced;
:class:`Haystack` finds the needles of planted values in any output; :func:`write_export` writes
both corpora as a CSV in the bundled sample's columns (index it with ``sample_mapping.toml``).
"""

from __future__ import annotations

import base64
import json
import random
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from evals.exports import write_csv
from indexing.sample_data import COLUMNS

__all__ = [
    "CONTEXTS",
    "EXPORT_COLUMNS",
    "INTERNAL_DOMAIN",
    "KINDS",
    "OPTIONAL_KINDS",
    "SEARCHED_TERMS",
    "CanaryRequest",
    "CanaryScore",
    "Haystack",
    "Leak",
    "Planted",
    "TokenShare",
    "canary_requests",
    "clean_requests",
    "export_rows",
    "kinds_checked",
    "replaced_token_share",
    "score_canaries",
    "tokens",
    "write_export",
]

#: the internal DNS domain of the canary tickets: configure the sanitiser with it
INTERNAL_DOMAIN = "corp.example.com"
#: the export's columns: the bundled sample's, so ``askdesk/data/sample_mapping.toml`` reads it
EXPORT_COLUMNS: tuple[str, ...] = COLUMNS
#: kinds found only when an optional entity is switched on (kind -> entity)
OPTIONAL_KINDS: dict[str, str] = {"mac_address": "MAC_ADDRESS"}

KINDS: tuple[str, ...] = (
    "password_prose", "password_kv", "pin", "wifi_psk", "connection_string_password", "stripe_key",
    "github_token", "aws_access_key_id", "aws_secret_key", "slack_token", "jwt", "bearer_token",
    "private_key_block", "generic_api_key_near_word", "ipv4", "ipv6", "internal_fqdn", "mac_address",
    "street_address", "us_zip_in_address", "uk_postcode", "date_of_birth", "uk_nino", "uk_nhs_number",
    "us_ssn_valid", "us_ssn_checksum_invalid", "obfuscated_email", "email", "phone", "iban", "credit_card",
    "employee_id", "person_name_multicultural",
)
LANGUAGES: tuple[str, ...] = ("de", "fr", "es", "vi")
CONTEXTS: tuple[str, ...] = ("prose", "key_value", "table", "signature", "title", "column",
                             *(f"language:{lang}" for lang in LANGUAGES))


def kinds_checked(entities: Iterable[str]) -> frozenset[str]:
    """The kinds a sanitiser finding ``entities`` must remove: all but the optional kinds whose
    entity is off (a MAC address stays unless ``MAC_ADDRESS`` is on)."""
    on = set(entities)
    return frozenset(k for k in KINDS if k not in OPTIONAL_KINDS or OPTIONAL_KINDS[k] in on)


# ---------------------------------------------------------------------------------------------
# records


@dataclass(frozen=True)
class Planted:
    """One planted value.  ``needles``: what counts as a leak when found anywhere (the value as
    written, and its distinctive parts: a street line and its postcode, a key's base64 lines, a
    name's parts); defaults to the value alone."""

    kind: str
    value: str
    context: str
    needles: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.context not in CONTEXTS:
            raise ValueError(f"unknown context {self.context!r}")
        object.__setattr__(self, "needles", tuple(dict.fromkeys(self.needles or (self.value,))))

    @property
    def in_text(self) -> bool:
        """Written in the free text (title, description, comments), not only in a people column."""
        return self.context != "column"


@dataclass(frozen=True)
class CanaryRequest:
    """A helpdesk ticket with planted values, and the export row it becomes."""

    request_id: str
    title: str
    description: str
    comments: str
    requester: tuple[str, str, str, str]  # name, e-mail, phone, employee number
    assignee: str
    created_at: datetime
    category: str
    subcategory: str
    location: str
    planted: tuple[Planted, ...]
    #: which scenario wrote it ("temp_password", "cloud_keys", "german", …)
    scenario: str = ""

    @property
    def text(self) -> str:
        """Title, description and comments, as the sanitiser sees them."""
        return f"{self.title}\n{self.description}\n{self.comments}"

    @property
    def texts(self) -> tuple[str, str, str]:
        """Title, description, comments: the fields the sanitiser scrubs one by one."""
        return (self.title, self.description, self.comments)

    @property
    def text_planted(self) -> tuple[Planted, ...]:
        return tuple(p for p in self.planted if p.in_text)

    def value(self, kind: str, context: str | None = None) -> str:
        """The first value of ``kind`` planted in the text (in ``context``, if given)."""
        return next(p.value for p in self.text_planted if p.kind == kind and context in (None, p.context))

    def row(self) -> dict[str, str]:
        name, email, phone, employee = self.requester
        return export_row(self.request_id, self.title, self.description, self.comments, self.created_at,
                          category=self.category, subcategory=self.subcategory, location=self.location,
                          requester=name, email=email, phone=phone, employee=employee, assignee=self.assignee)


def export_row(request_id: str, title: str, description: str, comments: str, created_at: datetime, *,
               category: str = "IT", subcategory: str = "Other", location: str = "London HQ", requester: str = "",
               email: str = "", phone: str = "", employee: str = "", assignee: str = "") -> dict[str, str]:
    """One row in :data:`EXPORT_COLUMNS` (the one place that maps a ticket onto the export)."""
    updated = created_at + timedelta(hours=26, minutes=13)
    stamp = "%Y-%m-%d %H:%M:%S"
    return {
        "RequestID": request_id, "Title": title, "Description": description, "Comments": comments,
        "Status": "Resolved", "Category": category, "Subcategory": subcategory, "Priority": "3 - Medium",
        "AssignmentGroup": "Service Desk", "Location": location, "Channel": "Email", "RequesterName": requester,
        "RequesterEmail": email, "RequesterPhone": phone, "EmployeeNumber": employee, "AssigneeName": assignee,
        "CreatedAt": created_at.strftime(stamp), "UpdatedAt": updated.strftime(stamp), "ResolvedAt": updated.strftime(stamp),
    }


def export_rows(canary: Sequence[CanaryRequest], clean: Sequence[str] = ()) -> list[dict[str, str]]:
    """Rows of both corpora: the canary tickets, then the clean texts (first line = title)."""
    rows = [r.row() for r in canary]
    base = datetime(2026, 1, 5, 9, 0, 0)
    for i, text in enumerate(clean):
        title, _, body = text.partition("\n")
        rows.append(export_row(f"REQ-{CLEAN_FIRST_ID + i}", title, body.strip(), "", base + timedelta(hours=7 * i)))
    return rows


def write_export(path: Path, canary: Sequence[CanaryRequest], clean: Sequence[str] = ()) -> Path:
    """A CSV export in the bundled sample's format (same bytes for the same corpora)."""
    return write_csv(Path(path), EXPORT_COLUMNS, export_rows(canary, clean))


# ---------------------------------------------------------------------------------------------
# finding needles


@dataclass(frozen=True)
class Leak:
    planted: Planted
    needle: str


class Haystack:
    """Any output (tables, logs, prompts, JSON files) searched for needles.

    Case-insensitive (Postgres' tsvector lowercases), NFC, with JSON/C escapes (``\\n``, ``\\"``)
    read as spaces.  A needle matches at token edges: one that starts or ends with a digit must not
    touch another digit (or a decimal point before it), so the PIN 482913 is not found inside the
    embedding 0.4829137; one that starts or ends with a letter must not touch another letter.
    """

    _ESCAPES = re.compile(r"\\+(?:u[0-9a-fA-F]{4}|[nrtbf\"'/])")

    def __init__(self, text: str) -> None:
        self.text = self._ESCAPES.sub(" ", unicodedata.normalize("NFC", text)).casefold()

    @staticmethod
    def pattern(needle: str) -> re.Pattern[str]:
        n = unicodedata.normalize("NFC", needle).casefold()
        before = r"(?<![\d.])" if n[0].isdigit() else r"(?<!\w)" if n[0].isalnum() else ""
        after = r"(?![\d])(?!\.\d)" if n[-1].isdigit() else r"(?!\w)" if n[-1].isalnum() else ""
        return re.compile(before + re.escape(n) + after)

    def find(self, needle: str) -> bool:
        n = unicodedata.normalize("NFC", needle).casefold()
        return n in self.text and bool(self.pattern(needle).search(self.text))

    def leaks(self, planted: Iterable[Planted]) -> list[Leak]:
        """The planted values with a needle in this text (the first needle found for each)."""
        out = []
        for p in planted:
            for needle in p.needles:
                if self.find(needle):
                    out.append(Leak(p, needle))
                    break
        return out


@dataclass(frozen=True)
class CanaryScore:
    """Which planted values a sanitiser removed: per kind, planted and missed (by request id)."""

    planted: Counter[str]
    missed: tuple[tuple[str, Leak], ...]

    def missed_by_kind(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for request_id, leak in self.missed:
            of = f" (of {leak.planted.value!r})" if leak.needle != leak.planted.value else ""
            out.setdefault(leak.planted.kind, []).append(f"{request_id} [{leak.planted.context}] {leak.needle!r}{of}")
        return dict(sorted(out.items()))

    def recall(self, kind: str | None = None) -> float:
        missed = Counter(leak.planted.kind for _rid, leak in self.missed)
        planted = self.planted[kind] if kind else sum(self.planted.values())
        lost = missed[kind] if kind else sum(missed.values())
        return (planted - lost) / planted if planted else 1.0


def score_canaries(requests: Sequence[CanaryRequest], scrubbed: Sequence[str], kinds: Iterable[str]) -> CanaryScore:
    """``scrubbed[i]``: the scrubbed text of ``requests[i]``; only the planted values of ``kinds`` count.
    A value is missed when any of its needles is still in its ticket (a full name replaced while
    its first name survives in the sign-off is missed: the person is still named)."""
    wanted = set(kinds)
    planted: Counter[str] = Counter()
    missed: list[tuple[str, Leak]] = []
    for request, out in zip(requests, scrubbed, strict=True):
        values = [p for p in request.text_planted if p.kind in wanted]
        planted.update(p.kind for p in values)
        missed += [(request.request_id, leak) for leak in Haystack(out).leaks(values)]
    return CanaryScore(planted, tuple(missed))


# ---------------------------------------------------------------------------------------------
# wrongly replaced tokens

_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
#: what the sanitiser writes in place of a value: removed before the scrubbed text is tokenised,
#: so "<IP>" never counts as the word "IP" surviving
_REPLACEMENT = re.compile(r"<[A-Z][A-Z_]*>|person_[0-9a-f]{8}")


def tokens(text: str) -> list[str]:
    """Whitespace-separated words with punctuation stripped from both ends (empty ones dropped)."""
    return [t for t in (_EDGE.sub("", w) for w in text.split()) if t]


@dataclass(frozen=True)
class TokenShare:
    total: int
    lost: Counter[str]

    @property
    def replaced(self) -> int:
        return sum(self.lost.values())

    @property
    def share(self) -> float:
        return self.replaced / self.total if self.total else 0.0


def replaced_token_share(originals: Sequence[str], scrubbed: Sequence[str]) -> TokenShare:
    """Tokens of the originals that do not survive unchanged in their scrubbed texts, over all
    tokens of the originals.  Per text, as multisets: a token that occurs twice and survives once
    counts once as replaced; replacement markers (``<SECRET>``, ``person_1a2b3c4d``) are not words."""
    if len(originals) != len(scrubbed):
        raise ValueError("one scrubbed text per original")
    total = 0
    lost: Counter[str] = Counter()
    for original, out in zip(originals, scrubbed, strict=True):
        before = Counter(tokens(original))
        after = Counter(tokens(_REPLACEMENT.sub(" ", out)))
        total += sum(before.values())
        lost.update(before - after)
    return TokenShare(total, lost)


# ---------------------------------------------------------------------------------------------
# value makers (fictitious, realistic)

_ALNUM = string.ascii_letters + string.digits
_SYMBOLS = "!#$%&*?@^+="
_B64 = string.ascii_letters + string.digits + "+/"
_WORDS = (
    "Copper", "Lantern", "Meadow", "Falcon", "Harbour", "Kestrel", "Juniper", "Marble", "Orchid", "Saffron",
    "Tundra", "Velvet", "Walnut", "Quartz", "Ember", "Glacier", "Hazel", "Indigo", "Lagoon", "Nimbus", "Opal",
    "Pebble", "Sparrow", "Thistle", "Umber", "Willow", "Zephyr", "Bramble", "Cobalt", "Dune", "Fjord", "Garnet",
)


def _pick(rng: random.Random, seq: Sequence[str]) -> str:
    return seq[int(rng.random() * len(seq))]


def _chars(rng: random.Random, alphabet: str, k: int) -> str:
    return "".join(_pick(rng, alphabet) for _ in range(k))


def _password(rng: random.Random) -> str:
    style = rng.random()
    if style < 0.45:  # random, every class present
        body = [_pick(rng, string.ascii_uppercase), _pick(rng, string.ascii_lowercase), _pick(rng, string.digits),
                _pick(rng, _SYMBOLS)] + [_pick(rng, _ALNUM + _SYMBOLS) for _ in range(rng.randint(8, 11))]
        rng.shuffle(body)
        if not body[0].isalnum():
            body[0] = _pick(rng, string.ascii_letters)
        return "".join(body)
    if style < 0.75:  # a passphrase
        words = [_pick(rng, _WORDS) for _ in range(3)]
        return "-".join(words) + f"-{rng.randint(10, 99)}"
    return f"{_pick(rng, _WORDS)}{_pick(rng, _SYMBOLS)}{_pick(rng, _WORDS)}{rng.randint(100, 9999)}"


def _psk(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "-".join(_pick(rng, _WORDS).lower() for _ in range(3)) + str(rng.randint(10, 99))
    return _chars(rng, _ALNUM, 16)


def _pin(rng: random.Random) -> str:
    return str(rng.randint(2, 6)) + "".join(str(rng.randint(0, 9)) for _ in range(5))


def _hex(rng: random.Random, k: int) -> str:
    return _chars(rng, "0123456789abcdef", k)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _jwt(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    iat = 1767225600 + rng.randint(0, 25_000_000)
    claims = {"sub": _hex(rng, 24), "aud": _pick(rng, ("hr-portal", "expenses-api", "intranet")), "iat": iat,
              "exp": iat + 3600}
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = _b64url(bytes(rng.randint(0, 255) for _ in range(32)))
    token = f"{header}.{payload}.{signature}"
    return token, (token, payload, signature)


def _private_key(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    kind, prefix = _pick(rng, (("RSA PRIVATE KEY", "MIIEowIBAAKCAQEA"), ("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAA"),
                               ("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")))
    body = prefix + _chars(rng, _B64, 64 * 6 - len(prefix) + rng.randint(8, 40))
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    lines[-1] += "=" * (-len(lines[-1]) % 4)
    block = "\n".join([f"-----BEGIN {kind}-----", *lines, f"-----END {kind}-----"])
    return block, tuple(line for line in lines if len(line) >= 16)


def _ipv4(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return f"10.{rng.randint(16, 250)}.{rng.randint(1, 254)}.{rng.randint(2, 254)}"
    if r < 0.6:
        return f"172.{rng.randint(16, 31)}.{rng.randint(1, 254)}.{rng.randint(2, 254)}"
    if r < 0.8:
        return f"192.168.{rng.randint(2, 254)}.{rng.randint(2, 254)}"
    return f"{_pick(rng, ('203.0.113', '198.51.100', '192.0.2'))}.{rng.randint(2, 254)}"


def _ipv6(rng: random.Random) -> str:
    r = rng.random()
    h = lambda: f"{rng.randint(0x1000, 0xFFFF):x}"
    if r < 0.4:
        return f"fd{rng.randint(0x10, 0xFF):02x}:{h()}:{h()}:{h()}::{rng.randint(0x10, 0xFFF):x}"
    if r < 0.7:
        return f"2001:db8:{h()}:{h()}::{rng.randint(0x10, 0xFFF):x}"
    # link-local, EUI-64 from a MAC: fe80::xxxx:xxff:fexx:xxxx
    return f"fe80::{h()}:{rng.randint(0x10, 0xFF):02x}ff:fe{rng.randint(0x10, 0xFF):02x}:{h()}"


def _fqdn(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    role = _pick(rng, ("fs", "sql", "app", "print", "dc", "vpn-gw", "web", "build", "jump", "citrix", "sccm"))
    if rng.random() < 0.6:
        label = f"{_pick(rng, ('lon', 'man', 'ber', 'nyc', 'aus', 'syd', 'lds'))}-{role}{rng.randint(1, 29):02d}"
        name = f"{label}.{INTERNAL_DOMAIN}"
    else:
        label = f"{role}{rng.randint(1, 29):02d}"
        name = f"{label}.{_pick(rng, ('eu', 'us', 'apac'))}.{INTERNAL_DOMAIN}"
    return name, (name, label)


def _mac(rng: random.Random) -> str:
    octets = [rng.randint(0, 255) for _ in range(6)]
    octets[0] &= 0xFC
    r = rng.random()
    if r < 0.45:
        return ":".join(f"{o:02X}" for o in octets)
    if r < 0.8:
        return "-".join(f"{o:02x}" for o in octets)
    h = "".join(f"{o:02x}" for o in octets)
    return f"{h[:4]}.{h[4:8]}.{h[8:]}"


_UK_TOWNS = (("Harlow", "CM", (17, 20)), ("Leeds", "LS", (1, 29)), ("Bristol", "BS", (1, 16)), ("Reading", "RG", (1, 31)),
             ("Derby", "DE", (1, 24)), ("Stockport", "SK", (1, 8)), ("Edinburgh", "EH", (1, 17)), ("Norwich", "NR", (1, 35)))
_UK_STREETS = ("Quillfeather", "Marrowbone", "Larkspur", "Thornbury", "Wychwood", "Fennimore", "Ashgrove", "Cloverdale",
               "Pendleford", "Hollybrook", "Ravensworth", "Sallowfield")
_UK_STREET_TYPES = ("Lane", "Close", "Crescent", "Road", "Gardens", "Mews", "Drive", "Terrace")
_INWARD = "ABDEFGHJLNPQRSTUWXYZ"


def _uk_postcode(rng: random.Random, town: tuple[str, str, tuple[int, int]] | None = None) -> str:
    _name, area, (lo, hi) = town or _UK_TOWNS[int(rng.random() * len(_UK_TOWNS))]
    return f"{area}{rng.randint(lo, hi)} {rng.randint(1, 9)}{_pick(rng, _INWARD)}{_pick(rng, _INWARD)}"


def _uk_address(rng: random.Random, sep: str = ", ") -> tuple[str, tuple[str, ...]]:
    """"14 Quillfeather Lane, Harlow CM19 5TB" (``sep`` = a newline: one part per line, as in a signature)."""
    town = _UK_TOWNS[int(rng.random() * len(_UK_TOWNS))]
    street = f"{rng.randint(2, 188)} {_pick(rng, _UK_STREETS)} {_pick(rng, _UK_STREET_TYPES)}"
    postcode = _uk_postcode(rng, town)
    parts = [f"Flat {rng.randint(1, 12)}"] if rng.random() < 0.25 else []
    parts.append(street)
    parts += [f"{town[0]} {postcode}"] if sep == ", " else [town[0], postcode]
    return sep.join(parts), (street, postcode)


_US_PLACES = (("Dayton", "OH", "454"), ("Boise", "ID", "837"), ("Tulsa", "OK", "741"), ("Madison", "WI", "537"),
              ("Spokane", "WA", "992"), ("Raleigh", "NC", "276"), ("Albany", "NY", "122"), ("Tucson", "AZ", "857"))
_US_STREETS = ("Ravenwood", "Copperfield", "Bristlecone", "Whitmore", "Larchmont", "Sagebrush", "Cottonwood", "Kingsbury")


def _us_address(rng: random.Random, sep: str = ", ") -> tuple[str, tuple[str, ...]]:
    city, state, zip3 = _US_PLACES[int(rng.random() * len(_US_PLACES))]
    street = f"{rng.randint(100, 9899)} {_pick(rng, _US_STREETS)} {_pick(rng, ('Street', 'Avenue', 'Drive', 'Court', 'Terrace'))}"
    zipcode = f"{zip3}{rng.randint(10, 99)}"
    apt = f", Apt {rng.randint(1, 9)}{_pick(rng, 'ABC')}" if rng.random() < 0.3 else ""
    return f"{street}{apt}{sep}{city}, {state} {zipcode}", (street, zipcode)


def _de_address(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    street = f"{_pick(rng, ('Holunder', 'Wacholder', 'Kastanien', 'Ahorn', 'Mispel', 'Ginster'))}" \
             f"{_pick(rng, ('straße', 'weg', 'allee'))} {rng.randint(2, 140)}"
    plz, city = _pick(rng, (("10", "Berlin"), ("80", "München"), ("50", "Köln"), ("04", "Leipzig")))
    code = f"{plz}{rng.randint(100, 999)}"
    return f"{street}, {code} {city}", (street, code)


def _fr_address(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    street = f"{rng.randint(2, 140)} rue {_pick(rng, ('des Tanneurs', 'de la Verrerie', 'du Puits-Salé', 'des Chartreux'))}"
    cp, city = _pick(rng, (("69", "Lyon"), ("31", "Toulouse"), ("44", "Nantes"), ("13", "Marseille")))
    code = f"{cp}0{rng.randint(10, 99)}"
    return f"{street}, {code} {city}", (street, code)


def _es_address(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    street = f"Calle de {_pick(rng, ('Zurbarán', 'Almagro', 'Fuencarral', 'Hortaleza', 'Velarde'))} {rng.randint(2, 140)}"
    cp, city = _pick(rng, (("28", "Madrid"), ("08", "Barcelona"), ("46", "Valencia"), ("41", "Sevilla")))
    code = f"{cp}0{rng.randint(10, 99)}"
    return f"{street}, {code} {city}", (street, code)


def _vi_address(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    street = f"Số {rng.randint(2, 240)} đường {_pick(rng, ('Trần Quang Khải', 'Nguyễn Đình Chiểu', 'Lý Tự Trọng', 'Hai Bà Trưng'))}"
    return f"{street}, Phường {rng.randint(1, 15)}, Quận {rng.randint(1, 12)}, TP. Hồ Chí Minh", (street,)


_MONTHS = {"en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")}


def _dob(rng: random.Random, lang: str = "en") -> str:
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


def _nino(rng: random.Random) -> str:
    first, second = "ABCEGHJKLMNOPRSTWXYZ", "ABCEGHJKLMNPRSTWXYZ"
    while True:
        prefix = _pick(rng, first) + _pick(rng, second)
        if prefix not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    digits = "".join(str(rng.randint(0, 9)) for _ in range(6))
    suffix = _pick(rng, "ABCD")
    if rng.random() < 0.5:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


def _nhs(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        digits[0] = rng.randint(4, 6)
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        if check == 11:
            check = 0
        if check != 10:
            s = "".join(map(str, digits)) + str(check)
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def _ssn_valid(rng: random.Random) -> str:
    while True:
        area = rng.randint(101, 899)
        if area != 666:
            break
    sep = _pick(rng, ("-", "-", " "))
    return f"{area:03d}{sep}{rng.randint(10, 99):02d}{sep}{rng.randint(1001, 9998):04d}"


_FAMOUS_INVALID_SSNS = ("078-05-1120", "123-45-6789", "987-65-4320")


def _ssn_invalid(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return f"{_pick(rng, ('000', '666'))}-{rng.randint(10, 99)}-{rng.randint(1001, 9998)}"
    if r < 0.7:
        return f"{rng.randint(101, 665)}-00-{rng.randint(1001, 9998)}"
    return f"{rng.randint(101, 665)}-{rng.randint(10, 99)}-0000"


def _mod97(digits: str) -> int:
    return int(digits) % 97


def _iban(rng: random.Random, country: str, grouped: bool) -> str:
    if country == "GB":
        bban = "".join(_pick(rng, string.ascii_uppercase) for _ in range(4)) + "".join(str(rng.randint(0, 9)) for _ in range(14))
    else:
        length = {"DE": 18, "FR": 23, "ES": 20}[country]
        bban = "".join(str(rng.randint(0, 9)) for _ in range(length))
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    iban = f"{country}{98 - _mod97(numeric):02d}{bban}"
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if grouped else iban


def _card(rng: random.Random) -> str:
    r = rng.random()
    prefix, length = ("4", 16) if r < 0.45 else (str(rng.randint(51, 55)), 16) if r < 0.8 else (_pick(rng, ("34", "37")), 15)
    digits = [int(c) for c in prefix] + [rng.randint(0, 9) for _ in range(length - len(prefix) - 1)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    s = "".join(map(str, digits)) + str((10 - total % 10) % 10)
    sep = _pick(rng, (" ", " ", "-", ""))
    if length == 15:
        return f"{s[:4]}{sep}{s[4:10]}{sep}{s[10:]}"
    return sep.join(s[i : i + 4] for i in range(0, 16, 4))


def _employee_id(rng: random.Random) -> str:
    return f"E-{rng.randint(10000, 99999)}" if rng.random() < 0.6 else f"EMP{rng.randint(100000, 999999)}"


_PHONES: dict[str, Callable[[random.Random], str]] = {
    "uk": lambda r: _pick(r, (f"+44 20 7946 0{r.randint(0, 999):03d}", f"020 7946 0{r.randint(0, 999):03d}",
                              f"07700 900{r.randint(0, 999):03d}", f"+44 161 496 0{r.randint(0, 999):03d}")),
    "us": lambda r: _pick(r, (f"({_pick(r, ('212', '646', '512', '737'))}) 555-01{r.randint(0, 99):02d}",
                              f"+1 {_pick(r, ('917', '347', '208'))}-555-01{r.randint(0, 99):02d}")),
    "de": lambda r: _pick(r, (f"+49 30 23125{r.randint(0, 999):03d}", f"030 23125{r.randint(0, 999):03d}")),
    "fr": lambda r: f"{_pick(r, ('+33 1', '01'))} 99 00 {r.randint(0, 99):02d} {r.randint(0, 99):02d}",
    "es": lambda r: f"+34 91 {r.randint(100, 999)} {r.randint(10, 99)} {r.randint(10, 99)}",
    "vi": lambda r: _pick(r, (f"+84 28 38{r.randint(10, 99)} {r.randint(1000, 9999)}", f"028 38{r.randint(10, 99)} {r.randint(1000, 9999)}")),
}


# -- names: (given names, family names, family name first?) per culture ----------------------
_CULTURES: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "english": (("Imogen", "Barnaby", "Rosalind", "Tamsin", "Peregrine", "Jemima"),
                ("Ashcombe", "Thistlewood", "Wetherall", "Pennington-Hale", "Blackmore"), False),
    "irish_scottish": (("Niamh", "Oisín", "Saoirse", "Ruairí", "Ailsa", "Lachlan"),
                       ("Ó Súilleabháin", "MacGillivray", "Donoghue", "Fitzpatrick-Reid"), False),
    "german": (("Jürgen", "Annegret", "Wolfram", "Friederike", "Ottmar", "Liesel"),
               ("Oberhäuser", "Brandstätter", "Kleinschmidt", "Wolfsteiner", "Hufnagel"), False),
    "french": (("Aurélien", "Ségolène", "Gaëtan", "Maëlle", "Thibault", "Clémence"),
               ("Beauchêne", "Lemaire-Duval", "Rousselot", "Vasseur", "Delaunay"), False),
    "spanish": (("Itziar", "Joaquín", "Remedios", "Íñigo", "Nerea", "Baltasar"),
                ("Echeverría", "Goicoechea", "Villalobos", "Arrieta Salcedo"), False),
    "portuguese": (("Conceição", "Joaquim", "Iracema", "Anselmo"), ("Magalhães", "Brandão", "Figueiredo"), False),
    "italian": (("Ludovica", "Gianmarco", "Ottavio", "Benedetta"), ("Scarpellini", "Bonaventura", "Zanardelli"), False),
    "polish": (("Grzegorz", "Małgorzata", "Przemysław", "Jadwiga"), ("Szczepański", "Wróblewska", "Przybylski"), False),
    "ukrainian": (("Oleksandra", "Bohdan", "Yaroslava", "Vsevolod"), ("Hrytsenko", "Kovalchuk", "Tkachenko"), False),
    "turkish": (("Gökhan", "Ebru", "Serkan", "Yeşim"), ("Karaosmanoğlu", "Yıldırım", "Çelikkaya"), False),
    "arabic": (("Abdelrahman", "Yasmeen", "Khalid", "Nour El-Houda"), ("Al-Qahtani", "El-Sayed", "Benali"), False),
    "persian": (("Shirin", "Kourosh", "Parvaneh", "Dariush"), ("Tehrani", "Farahani", "Mohammadzadeh"), False),
    "indian": (("Venkatesh", "Lakshmi", "Harpreet", "Anirudh", "Meenakshi"),
               ("Subramanian", "Chakravarty", "Deshpande", "Raghavan"), False),
    "chinese": (("Yiming", "Xiaoling", "Zhiwei", "Meihua"), ("Zhou", "Ouyang", "Guo", "Xu"), True),
    "vietnamese": (("Thị Bích Ngọc", "Văn Thành", "Minh Khôi", "Thu Trang", "Quốc Bảo", "Thị Lan Anh", "Đức Huy",
                    "Hải Yến", "Gia Hân", "Thanh Tùng"),
                   ("Nguyễn", "Trần", "Phạm", "Huỳnh", "Hoàng", "Phan", "Đặng", "Bùi", "Đỗ", "Võ"), True),
    "japanese": (("Takumi", "Haruka", "Kenta", "Misaki"), ("Kobayashi", "Yamaguchi", "Matsumoto", "Inoue"), False),
    "korean": (("Ji-hoon", "Seo-yeon", "Min-jun", "Ha-eun"), ("Jeong", "Kang", "Seo", "Hwang"), True),
    "yoruba": (("Oluwaseun", "Adebola", "Temitope", "Olamide"), ("Adebanjo", "Ogunleye", "Fashola", "Oyelaran"), False),
    "igbo": (("Chidinma", "Obinna", "Nkechi", "Chukwudi"), ("Okonkwo-Eze", "Nwachukwu", "Obiora"), False),
    "akan": (("Kwabena", "Akosua", "Efua", "Kofi"), ("Asante-Mensah", "Boateng", "Owusu"), False),
    "kenyan": (("Wanjiru", "Baraka", "Njeri", "Kipchoge"), ("Mwangi", "Otieno", "Kamau"), False),
    "zulu": (("Sibusiso", "Nomvula", "Thandeka", "Lwazi"), ("Dlamini", "Ntuli", "Mkhize", "Zungu"), False),
    "filipino": (("Maricel", "Jericho", "Rosalinda", "Bayani"), ("Dimaculangan", "Macaraeg", "Pangilinan"), False),
    "indonesian": (("Wahyu", "Dewi", "Bambang", "Ratna"), ("Setiawan", "Kusumawati", "Prasetyo"), False),
    "greek": (("Eleftheria", "Panagiotis", "Stavroula", "Evangelos"), ("Papadimitriou", "Karamanlis", "Xenakis"), False),
    "nordic": (("Sigrún", "Eyvind", "Ingeborg", "Torbjørn"), ("Þórsdóttir", "Halvorsen", "Lindqvist"), False),
    "hebrew": (("Avital", "Yehuda", "Tamar", "Noam"), ("Ben-Ami", "Rosenthal", "Mizrahi"), False),
    "brazilian": (("Thiago", "Luana", "Raimundo", "Iolanda"), ("Nascimento", "Albuquerque", "Cavalcanti"), False),
    "mexican": (("Guadalupe", "Xóchitl", "Ulises", "Citlali"), ("Tlatelpa", "Cuauhtémoc", "Zamarripa"), False),
    "thai": (("Somchai", "Kanokwan", "Nattapong", "Pimchanok"), ("Srisawat", "Phongsakorn", "Chaiyaporn"), False),
}
#: the cultures a language ticket's people come from
_LANG_CULTURES = {"de": ("german", "turkish", "polish"), "fr": ("french", "arabic", "akan"),
                  "es": ("spanish", "mexican", "brazilian"), "vi": ("vietnamese",)}


@dataclass(frozen=True)
class _Person:
    full: str
    called: str  # the name used alone ("Hi Chidinma", "Thanks, Ngọc")
    family: str

    @property
    def needles(self) -> tuple[str, ...]:
        return (self.full, *(p for p in (self.called, self.family) if len(p) >= 4))

    def ascii_parts(self) -> tuple[str, str]:
        """The name as an e-mail address writes it: "yen", "tran" for Trần Hải Yến."""
        return _ascii(self.called), _ascii(self.family)


_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "ı": "i",
                       "Þ": "Th", "þ": "th"})


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.translate(_FOLD)).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


_DOMAINS = ("northwind-corp.com", "example.org", "example.net", "tailspin-logistics.example", "fabrikam.example")


# ---------------------------------------------------------------------------------------------
# a ticket being written


class _Ticket:
    """Draws fresh values, records each as planted, and returns the text to write."""

    def __init__(self, rng: random.Random, used: set[str], created: datetime) -> None:
        self.rng = rng
        self.used = used
        self.created = created
        self.planted: list[Planted] = []
        self._minutes = 0
        #: who raised the ticket (drawn by the scenario when it signs with the requester's name)
        self.requester: _Person | None = None

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
            value = self.fresh(lambda: _password(rng))
            if kw.get("url"):  # in a URL's user info: percent-encoded as RFC 3986 asks ("?" -> %3F)
                value = quote(value, safe="!$&'()*+,;=")
        elif kind == "pin":
            value = self.fresh(lambda: _pin(rng))
        elif kind == "wifi_psk":
            value = self.fresh(lambda: _psk(rng))
        elif kind == "stripe_key":
            value = self.fresh(lambda: f"{kw.get('prefix', 'sk_live_')}{_chars(rng, _ALNUM, rng.randint(24, 34))}")
        elif kind == "github_token":
            value = self.fresh(lambda: "ghp_" + _chars(rng, _ALNUM, 36))
        elif kind == "aws_access_key_id":
            value = self.fresh(lambda: "AKIA" + _chars(rng, string.ascii_uppercase + "234567", 16))
        elif kind == "aws_secret_key":
            value = self.fresh(lambda: _chars(rng, _B64, 40))
        elif kind == "slack_token":
            value = self.fresh(lambda: f"{_pick(rng, ('xoxb', 'xoxp'))}-{rng.randint(10**11, 10**12 - 1)}-"
                                       f"{rng.randint(10**12, 10**13 - 1)}-{_chars(rng, _ALNUM, 24)}")
        elif kind == "jwt":
            value, extra = self._fresh_pair(lambda: _jwt(rng))
        elif kind == "bearer_token":
            value = self.fresh(lambda: _chars(rng, _ALNUM + "-_", rng.randint(40, 56)))
        elif kind == "private_key_block":
            value, extra = self._fresh_pair(lambda: _private_key(rng))
            if kw.get("indent"):  # a YAML block scalar: the value as written is indented
                value = "\n".join(kw["indent"] + line for line in value.splitlines())
        elif kind == "generic_api_key_near_word":
            value = self.fresh(lambda: _hex(rng, 32) if rng.random() < 0.5 else _chars(rng, _ALNUM, 40))
        elif kind == "ipv4":
            value = self.fresh(lambda: _ipv4(rng))
        elif kind == "ipv6":
            value = self.fresh(lambda: _ipv6(rng))
        elif kind == "internal_fqdn":
            value, extra = self._fresh_pair(lambda: _fqdn(rng))
        elif kind == "mac_address":
            value = self.fresh(lambda: _mac(rng))
        elif kind == "street_address":
            make_address = {"de": _de_address, "fr": _fr_address, "es": _es_address, "vi": _vi_address}.get(lang)
            sep = kw.get("sep", ", ")
            value, extra = self._fresh_pair(lambda: make_address(rng) if make_address else _uk_address(rng, sep))
        elif kind == "us_zip_in_address":
            value, extra = self._fresh_pair(lambda: _us_address(rng, kw.get("sep", ", ")))
        elif kind == "uk_postcode":
            value = self.fresh(lambda: _uk_postcode(rng))
        elif kind == "date_of_birth":
            value = self.fresh(lambda: _dob(rng, lang))
        elif kind == "uk_nino":
            value = self.fresh(lambda: _nino(rng))
        elif kind == "uk_nhs_number":
            value = self.fresh(lambda: _nhs(rng))
        elif kind == "us_ssn_valid":
            value = self.fresh(lambda: _ssn_valid(rng))
        elif kind == "us_ssn_checksum_invalid":
            famous = [s for s in _FAMOUS_INVALID_SSNS if s not in self.used]
            value = self.fresh(lambda: famous[0] if famous else _ssn_invalid(rng))
        elif kind == "email":
            person = self.person(lang)
            given, family = person.ascii_parts()
            value = self.fresh(lambda: f"{given}.{family}@{_pick(rng, _DOMAINS)}")
        elif kind == "obfuscated_email":
            value, extra = self._fresh_pair(lambda: self._obfuscated())
        elif kind == "phone":
            region = kw.get("region") or {"en": _pick(rng, ("uk", "uk", "us"))}.get(lang, lang)
            value = self.fresh(lambda: _PHONES[region](rng))
        elif kind == "iban":
            country = kw.get("country") or {"de": "DE", "fr": "FR", "es": "ES"}.get(lang) or _pick(rng, ("GB", "DE"))
            value = self.fresh(lambda: _iban(rng, country, rng.random() < 0.5))
        elif kind == "credit_card":
            value = self.fresh(lambda: _card(rng))
        elif kind == "employee_id":
            value = self.fresh(lambda: _employee_id(rng))
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
        domain = _pick(self.rng, ("example", "northwind-corp", "fabrikam"))
        tld = _pick(self.rng, ("com", "org", "net"))
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

    def person(self, lang: str = "en") -> _Person:
        """A fresh (not yet used) person from a culture the language suggests (any for English)."""
        cultures = _LANG_CULTURES.get(lang) or tuple(_CULTURES)
        for _ in range(500):
            culture = _pick(self.rng, cultures)
            givens, families, family_first = _CULTURES[culture]
            given, family = _pick(self.rng, givens), _pick(self.rng, families)
            full = f"{family} {given}" if family_first else f"{given} {family}"
            if full.casefold() not in self.used:
                self.used.add(full.casefold())
                return _Person(full, given.split()[-1] if family_first and " " in given else given, family)
        raise RuntimeError("ran out of names")

    def me(self, lang: str = "en") -> _Person:
        """The requester (the ticket's author: signs it, and fills the export's people columns)."""
        if self.requester is None:
            self.requester = self.person(lang)
        return self.requester

    def name(self, context: str, lang: str = "en", person: _Person | None = None, *, called: bool = False) -> str:
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


# ---------------------------------------------------------------------------------------------
# scenarios: each writes one ticket (title, description, comments) and plants its values

_PRODUCTS = ("SAP GUI", "Outlook", "Workday", "Citrix Workspace", "GlobalProtect", "Okta Verify", "Jira", "ServiceNow",
             "Microsoft Teams", "Power BI")


@dataclass
class _Draft:
    title: str
    description: str
    comments: str
    category: str = "IT"
    subcategory: str = "Access"
    location: str = "London HQ"


def _s_temp_password(t: _Ticket) -> _Draft:
    product = _pick(t.rng, _PRODUCTS)
    me = t.me()
    desc = (f"Hi team,\n\nI was locked out of {product} this morning after KB5034441 installed. The service desk reset it "
            f"and the temporary password is {t.make('password_prose', 'prose')} but it says it has expired already. My "
            f"employee id is {t.make('employee_id', 'prose')}, and you can call me on {t.make('phone', 'prose')} "
            f"(I'm at my desk until 5).\n\nThanks,\n{t.name('signature', person=me, called=True)}")
    comments = (f"{t.stamp()} Agent: Spoke to {t.name('prose')} on the phone; new temporary password set to "
                f"{t.make('password_prose', 'prose')} (must be changed at first logon).\n"
                f"{t.stamp()} Agent: Account unlocked in AD, sync to {product} done.")
    return _Draft(f"Locked out of {product} - account {t.make('employee_id', 'title')}", desc, comments)


def _s_service_config(t: _Ticket) -> _Draft:
    host = t.make("internal_fqdn", "key_value")
    desc = ("The nightly export on the reporting server fails with ERR_CONNECTION_RESET since the patching on "
            "2026-03-14. Config from the job below:\n\n"
            f"host = {host}\nport = 1433\nuser = svc_export\npassword = {t.make('password_kv', 'key_value')}\n"
            f"api_key: {t.make('generic_api_key_near_word', 'key_value')}\n"
            f"ConnectionString=Server={t.make('internal_fqdn', 'key_value')};Database=Reporting;User Id=svc_export;"
            f"Password={t.make('connection_string_password', 'key_value')};Encrypt=True;\n\n"
            "Error 0x80131904 after 30 s, SQL Server 16.0.4125.3.")
    comments = (f"{t.stamp()} Agent: Please don't paste credentials in tickets - rotating them now. Firewall rule "
                f"for {t.make('ipv4', 'prose')} added on the SQL side.\n"
                f"{t.stamp()} Agent: Export ran fine at 02:00; closing.")
    return _Draft("Nightly export job failing with ERR_CONNECTION_RESET", desc, comments, subcategory="Application")


def _s_cloud_keys(t: _Ticket) -> _Draft:
    desc = ("Found these in a text file on the Finance share (\\\\fileshare\\finance\\scripts\\old):\n\n"
            f"aws_access_key_id = {t.make('aws_access_key_id', 'key_value')}\n"
            f"aws_secret_access_key = {t.make('aws_secret_key', 'key_value')}\n"
            f"STRIPE_SECRET_KEY={t.make('stripe_key', 'key_value')}\n"
            f"SLACK_BOT_TOKEN={t.make('slack_token', 'key_value')}\n"
            f"GITHUB_TOKEN: {t.make('github_token', 'key_value')}\n\nPlease revoke them.")
    comments = (f"{t.stamp()} Agent: Also found the GitHub token {t.make('github_token', 'prose')} in a README in the "
                f"same folder; revoked at 14:20. The test key {t.make('stripe_key', 'prose', prefix='sk_test_')} was "
                f"rolled in the Stripe dashboard, and the old access key {t.make('aws_access_key_id', 'prose')} with "
                f"secret {t.make('aws_secret_key', 'prose')} is deactivated in IAM.\n"
                f"{t.stamp()} Agent: The Slack token {t.make('slack_token', 'prose')} was revoked by the Slack admins, "
                f"and the Mailchimp API key {t.make('generic_api_key_near_word', 'prose')} next to it too.")
    return _Draft("Leaked cloud credentials found on shared drive", desc, comments, "Security", "Incident")


def _s_api_debug(t: _Ticket) -> _Draft:
    desc = (f"Calling the HR portal API with\ncurl -H \"Authorization: Bearer {t.make('bearer_token', 'prose')}\" "
            "https://api.workday.com/v1/workers returns 401 Unauthorized since version 2.4.1 of the connector. "
            f"The id token I got from the sign-in was {t.make('jwt', 'prose')} if that helps.")
    comments = (f"{t.stamp()} Requester: Retried with these headers, same result:\n"
                f"Authorization: Bearer {t.make('bearer_token', 'key_value')}\n"
                f"X-Api-Key: {t.make('generic_api_key_near_word', 'key_value')}\n"
                f"id_token={t.make('jwt', 'key_value')}\n"
                f"{t.stamp()} Agent: The client secret had expired (AADSTS7000222); renewed in Entra ID.")
    return _Draft("HR portal API returns 401 Unauthorized", desc, comments, subcategory="Integration")


def _s_ssh_key(t: _Ticket) -> _Draft:
    host = t.make("internal_fqdn", "prose")
    desc = (f"Our pipeline can't log in to {host} any more (Permission denied (publickey)). This is the key it uses:\n\n"
            f"{t.make('private_key_block', 'prose')}\n\nThe server answers on {t.make('ipv4', 'prose')} port 22.")
    indented = t.make("private_key_block", "key_value", indent="  ")
    comments = (f"{t.stamp()} Agent: Please never post private keys; generating a new pair. The old one is also in the "
                f"vault config, removing it:\nssh_private_key: |\n{indented}\n"
                f"{t.stamp()} Agent: New deploy key added in Jenkins 2.440.3; build 1482 passed.")
    return _Draft("Deploy key not accepted by build server", desc, comments, subcategory="DevOps")


def _s_handover_table(t: _Ticket) -> _Draft:
    rows = []
    for i in range(3):
        rows.append(f"| {t.name('table')} | {t.make('employee_id', 'table')} | {t.make('phone', 'table')} | "
                    f"LT-0{4512 + 17 * i} | {t.make('ipv4', 'table')} | {t.make('mac_address', 'table')} |")
    desc = ("Please prepare laptops for the new starters below (Windows 11 23H2, Office build 16.0.17928.20114):\n\n"
            "| Name | Employee ID | Mobile | Asset | IP | MAC |\n|---|---|---|---|---|---|\n" + "\n".join(rows))
    comments = (f"{t.stamp()} Agent: Imaged and ready for collection on the 3rd floor; reserved IPs on "
                f"{t.make('internal_fqdn', 'table')} DHCP scope.")
    return _Draft("Laptop handover for new starters - week 14", desc, comments, "IT", "Laptop")


def _s_payroll_tabs(t: _Ticket) -> _Draft:
    lines = ["Name\tDate of birth\tNI number\tStart date"]
    for i in range(3):
        lines.append(f"{t.name('table')}\t{t.make('date_of_birth', 'table')}\t{t.make('uk_nino', 'table')}\t2026-0{4 + i}-01")
    desc = ("The new joiners below are not showing in the payroll system (pasted from the HR spreadsheet):\n\n"
            + "\n".join(lines) + "\n\nCan you check the Workday to ADP interface? Error WD-4032 in the log.")
    comments = (f"{t.stamp()} Agent: Interface job re-run; all three visible in ADP now.\n"
                f"{t.stamp()} Agent: Service account password column removed from the sheet:\n"
                f"account\tpassword\nsvc_adp_sync\t{t.make('password_kv', 'table')}")
    return _Draft("New joiners not showing in payroll system", desc, comments, "HR", "Payroll")


def _s_bank_change(t: _Ticket) -> _Draft:
    desc = (f"Please update my bank details for the next pay run to IBAN {t.make('iban', 'prose')}. For verification "
            f"my National Insurance number is {t.make('uk_nino', 'prose')} and my date of birth is "
            f"{t.make('date_of_birth', 'prose')}. I have also moved: my new address is {t.make('street_address', 'prose')}.")
    comments = (f"{t.stamp()} Agent: Verified with the employee. The occupational health form attached also had the "
                f"NHS number {t.make('uk_nhs_number', 'prose')} on it - removed the attachment.\n"
                f"{t.stamp()} Agent: Bank details updated in ADP, effective from the next pay run.")
    return _Draft("Update bank account for salary", desc, comments, "HR", "Payroll")


def _s_hr_form(t: _Ticket) -> _Draft:
    desc = ("The occupational health referral form fails to submit (HTTP 500). The fields I entered:\n\n"
            f"Name: {t.name('key_value')}\nDate of birth: {t.make('date_of_birth', 'key_value')}\n"
            f"NI number: {t.make('uk_nino', 'key_value')}\nNHS number: {t.make('uk_nhs_number', 'key_value')}\n"
            f"Postcode: {t.make('uk_postcode', 'key_value')}\nIBAN: {t.make('iban', 'key_value')}\n"
            f"Employee ID: {t.make('employee_id', 'key_value')}")
    comments = (f"{t.stamp()} Agent: Known issue with the form after release 3.12.0; fixed by the vendor.\n"
                f"{t.stamp()} Requester: I work from home most days, my postcode is {t.make('uk_postcode', 'prose')} "
                "if the courier needs it.")
    return _Draft("Occupational health form fails to submit", desc, comments, "HR", "Forms")


def _s_signature(t: _Ticket) -> _Draft:
    me = t.me()
    address = t.make("street_address", "signature", sep="\n")
    desc = ("Hello,\n\nThe printer PRN-3A-01 on floor 3 keeps jamming on the second tray (error 13.B2.D2). It started "
            "after the firmware update on Monday.\n\nKind regards,\n\n"
            f"{t.name('signature', person=me)}\nSenior Accountant, Finance\n"
            f"T: {t.make('phone', 'signature', region='uk')} | M: {t.make('phone', 'signature', region='uk')}\n"
            f"E: {t.make('email', 'signature')}\n{address}")
    comments = (f"{t.stamp()} Agent: Pick-up roller replaced; test page fine.\n"
                f"{t.stamp()} Requester: Thanks! Working again.\n\n{t.name('signature', person=me, called=True)}")
    return _Draft("Printer PRN-3A-01 keeps jamming", desc, comments, "IT", "Printer")


def _s_us_signature(t: _Ticket) -> _Draft:
    desc = ("Hi,\n\nMy Okta Verify push notifications stopped arriving after I got a new phone (iOS 17.4.1). I can "
            "still use the code.\n\nBest,\n"
            f"{t.name('signature')}\nRegional Sales Manager\nOffice {t.make('phone', 'signature', region='us')}\n"
            f"{t.make('us_zip_in_address', 'signature', sep=chr(10))}\nEmail: {t.make('obfuscated_email', 'signature')}")
    comments = (f"{t.stamp()} Agent: Re-enrolled the device in Okta; pushes arrive again.\n"
                f"{t.stamp()} Requester: Please ship the replacement YubiKey to {t.make('us_zip_in_address', 'prose')}.")
    return _Draft("Okta Verify push notifications not arriving", desc, comments, "IT", "MFA")


def _s_network(t: _Ticket) -> _Draft:
    gw = t.make("internal_fqdn", "prose")
    desc = ("Since KB5034441 my VPN (GlobalProtect 6.1.3) drops every 10 minutes. "
            f"My laptop gets {t.make('ipv4', 'prose')} and {t.make('ipv6', 'prose')}, and the gateway {gw} resolves "
            f"to {t.make('ipv4', 'prose')}. The Wi-Fi adapter's MAC is {t.make('mac_address', 'prose')}. "
            "ipconfig says:\n\n"
            f"   IPv4 Address. . . . . . . . . . . : {t.make('ipv4', 'key_value')}\n"
            f"   Link-local IPv6 Address . . . . . : {t.make('ipv6', 'key_value')}\n"
            f"   Physical Address. . . . . . . . . : {t.make('mac_address', 'key_value')}\n"
            f"   DNS Servers . . . . . . . . . . . : {t.make('ipv4', 'key_value')}")
    comments = (f"{t.stamp()} Agent: Traceroute shows loss at {t.make('ipv4', 'prose')}; raised with the network team "
                f"(CHG0031245).\n{t.stamp()} Agent: MTU set to 1400 on the gateway, no drops since.")
    return _Draft("VPN drops every 10 minutes", desc, comments, "IT", "VPN")


def _s_us_benefits(t: _Ticket) -> _Draft:
    desc = (f"I can't enrol in benefits: Workday says my SSN {t.make('us_ssn_valid', 'prose')} does not match. "
            f"HR seem to have SSN {t.make('us_ssn_checksum_invalid', 'prose')} on file, which is wrong. "
            f"My date of birth is {t.make('date_of_birth', 'prose')}, home address "
            f"{t.make('us_zip_in_address', 'prose')}.")
    comments = (f"{t.stamp()} Agent: Record corrected by HR Ops:\nSSN: {t.make('us_ssn_valid', 'key_value')}\n"
                f"Previous SSN: {t.make('us_ssn_checksum_invalid', 'key_value')}\nDOB: {t.make('date_of_birth', 'key_value')}\n"
                f"{t.stamp()} Agent: Enrolment window re-opened until Friday.")
    return _Draft("Cannot enrol in benefits - SSN mismatch", desc, comments, "HR", "Benefits")


def _s_card(t: _Ticket) -> _Draft:
    desc = (f"The travel card {t.make('credit_card', 'prose')} was declined at the hotel in Madrid last night, "
            "although Concur shows budget left. Expense report ER-20931.")
    comments = (f"{t.stamp()} Agent: Card programme team say the following cards were blocked by the fraud rule:\n\n"
                "| Card | Holder | Expiry |\n|---|---|---|\n"
                f"| {t.make('credit_card', 'table')} | {t.name('table')} | 09/28 |\n"
                f"| {t.make('credit_card', 'table')} | {t.name('table')} | 11/27 |\n"
                f"{t.stamp()} Agent: Unblocked; refund of the fee goes to {t.make('iban', 'prose')}.")
    return _Draft("Corporate travel card declined", desc, comments, "Finance", "Expenses")


def _s_obfuscated(t: _Ticket) -> _Draft:
    desc = (f"Please send the invoice copy to {t.make('obfuscated_email', 'prose')} - my normal address bounces with "
            f"550 5.1.1. Or cc {t.make('email', 'prose')}. Supplier ref PO-884213.")
    comments = (f"{t.stamp()} Agent: Sent to the supplier contact {t.make('obfuscated_email', 'prose')} as asked.\n"
                f"{t.stamp()} Agent: Mailbox quota raised to 100 GB; bounces stopped.")
    return _Draft("Invoice copy needed - mail bouncing", desc, comments, "Finance", "Invoices")


def _s_event_wifi(t: _Ticket) -> _Draft:
    desc = (f"For the offsite on 2026-05-12 the guest Wi-Fi password is {t.make('wifi_psk', 'prose')} and the "
            f"server room door PIN is {t.make('pin', 'prose')}; can you check both work before Monday?\n\n"
            f"SSID: Offsite-Guest\nPSK: {t.make('wifi_psk', 'key_value')}\nDoor PIN: {t.make('pin', 'key_value')}\n"
            f"Alarm code PIN={t.make('pin', 'key_value')}")
    comments = (f"{t.stamp()} Agent: Tested on site; the access point AP-2F-07 needed a reboot.\n"
                f"{t.stamp()} Agent: Changed the guest key to {t.make('wifi_psk', 'prose')} after the event.")
    return _Draft("Wi-Fi and door access for offsite", desc, comments, "Facilities", "Events")


def _s_db_url(t: _Ticket) -> _Draft:
    host = t.make("internal_fqdn", "prose")
    pw = t.make("connection_string_password", "prose", url="yes")
    desc = (f"The dashboard can't reach the database since yesterday. It connects with "
            f"postgresql://svc_reports:{pw}@{host}:5432/reports and times out after 30 s "
            "(psql 16.2, Power BI gateway 3000.202.13). Ping to the host works.")
    comments = (f"{t.stamp()} Requester: Tried the other replica with Server={t.make('internal_fqdn', 'prose')};"
                f"Uid=svc_reports;Pwd={t.make('connection_string_password', 'key_value')}; - same.\n"
                f"{t.stamp()} Agent: pg_hba.conf was missing the gateway subnet; fixed.")
    return _Draft("Reporting dashboard cannot reach database", desc, comments, "IT", "Database")


def _s_title_person(t: _Ticket) -> _Draft:
    who = t.person()
    title = f"Access to the Finance share for {t.name('title', person=who)}"
    desc = (f"Please give {t.name('prose', person=who)} read access to \\\\fileshare\\finance (same as mine). "
            f"Employee number {t.make('employee_id', 'prose')}, contact {t.make('email', 'prose')} or "
            f"{t.make('phone', 'prose')}. Approved by {t.name('prose')}.")
    comments = f"{t.stamp()} Agent: Added to FIN-Share-Read; takes effect at next logon."
    return _Draft(title, desc, comments, "IT", "Access")


def _s_german(t: _Ticket) -> _Draft:
    me = t.me("de")
    ctx = "language:de"
    desc = (f"Hallo zusammen,\n\nseit heute Morgen komme ich nicht mehr in mein Postfach. Das temporäre Passwort lautet "
            f"{t.make('password_prose', ctx)}, funktioniert aber nicht. Meine Telefonnummer ist {t.make('phone', ctx)}. "
            f"Bitte überweisen Sie die Erstattung auf IBAN {t.make('iban', ctx)}. Geburtsdatum: {t.make('date_of_birth', ctx)}. "
            f"Adresse: {t.make('street_address', ctx)}. Mein Rechner hat die IP {t.make('ipv4', ctx)}.\n\n"
            f"Viele Grüße\n{t.name(ctx, person=me)}")
    comments = (f"{t.stamp()} Agent: Das WLAN-Passwort für das Gästenetz lautet {t.make('wifi_psk', ctx)}. "
                f"Die Zugangs-PIN für den Serverraum ist {t.make('pin', ctx)}.\n"
                f"{t.stamp()} Agent: Postfach entsperrt, Outlook 16.0.17928.20114 neu verbunden.")
    return _Draft("Kein Zugriff auf das Postfach nach Passwortänderung", desc, comments, "IT", "Email", "Berlin")


def _s_french(t: _Ticket) -> _Draft:
    me = t.me("fr")
    ctx = "language:fr"
    desc = (f"Bonjour,\n\nJe n'arrive plus à me connecter au VPN depuis la mise à jour. Le mot de passe temporaire est "
            f"{t.make('password_prose', ctx)} mais il est refusé. Mon numéro de téléphone est le {t.make('phone', ctx)}, "
            f"et mon adresse : {t.make('street_address', ctx)}. Date de naissance : {t.make('date_of_birth', ctx)}. "
            f"Mon courriel personnel : {t.make('email', ctx)}.\n\nCordialement,\n{t.name(ctx, person=me)}")
    comments = (f"{t.stamp()} Agent: Le remboursement sera versé sur l'IBAN {t.make('iban', ctx)}. "
                f"Le code PIN du badge est {t.make('pin', ctx)}.\n"
                f"{t.stamp()} Agent: Profil GlobalProtect 6.1.3 réinstallé, connexion OK.")
    return _Draft("Impossible de se connecter au VPN", desc, comments, "IT", "VPN", "Remote")


def _s_spanish(t: _Ticket) -> _Draft:
    me = t.me("es")
    ctx = "language:es"
    desc = (f"Hola,\n\nNo puedo acceder a SAP desde ayer. La contraseña temporal es {t.make('password_prose', ctx)}. "
            f"Mi teléfono es {t.make('phone', ctx)} y mi dirección es {t.make('street_address', ctx)}. "
            f"Fecha de nacimiento: {t.make('date_of_birth', ctx)}. IBAN para el reembolso: {t.make('iban', ctx)}.\n\n"
            f"Saludos,\n{t.name(ctx, person=me)}")
    comments = (f"{t.stamp()} Agent: La clave de la red wifi de invitados es {t.make('wifi_psk', ctx)}. "
                f"Correo de contacto: {t.make('email', ctx)}.\n"
                f"{t.stamp()} Agent: Usuario desbloqueado en SAP GUI 8.00.")
    return _Draft("No puedo acceder a SAP", desc, comments, "IT", "Access", "Remote")


def _s_vietnamese(t: _Ticket) -> _Draft:
    me = t.me("vi")
    ctx = "language:vi"
    desc = (f"Xin chào,\n\nTôi không đăng nhập được vào Outlook từ sáng nay. Mật khẩu tạm thời là "
            f"{t.make('password_prose', ctx)}. Số điện thoại của tôi là {t.make('phone', ctx)}. "
            f"Địa chỉ: {t.make('street_address', ctx)}. Ngày sinh: {t.make('date_of_birth', ctx)}. "
            f"Email: {t.make('email', ctx)}.\n\nCảm ơn,\n{t.name(ctx, person=me)}")
    comments = (f"{t.stamp()} Agent: Mật khẩu wifi khách là {t.make('wifi_psk', ctx)}. "
                f"Mã PIN cửa phòng máy chủ là {t.make('pin', ctx)}.\n"
                f"{t.stamp()} Agent: Tài khoản đã được mở khóa, lỗi 0x80070005 đã hết.")
    return _Draft("Không đăng nhập được Outlook", desc, comments, "IT", "Email", "Remote")


SCENARIOS: tuple[Callable[[_Ticket], _Draft], ...] = (
    _s_temp_password, _s_service_config, _s_cloud_keys, _s_api_debug, _s_ssh_key, _s_handover_table, _s_payroll_tabs,
    _s_bank_change, _s_hr_form, _s_signature, _s_us_signature, _s_network, _s_us_benefits, _s_card, _s_obfuscated,
    _s_event_wifi, _s_db_url, _s_title_person, _s_german, _s_french, _s_spanish, _s_vietnamese,
)
CANARY_FIRST_ID = 700000
CLEAN_FIRST_ID = 800000


def canary_requests(seed: int = 0, rounds: int = 3) -> list[CanaryRequest]:
    """Every scenario ``rounds`` times (22 scenarios: 66 tickets, ~550 planted values by default).
    The same ``seed`` gives the same tickets."""
    rng = random.Random(f"askdesk-canaries-{seed}")
    used: set[str] = set()
    out: list[CanaryRequest] = []
    start = datetime(2025, 11, 3, 8, 0, 0)
    for i in range(rounds * len(SCENARIOS)):
        scenario = SCENARIOS[i % len(SCENARIOS)]
        created = start + timedelta(days=5 * i, minutes=rng.randint(0, 600))
        t = _Ticket(rng, used, created)
        draft = scenario(t)
        columns, assignee = t.people_columns()
        out.append(CanaryRequest(
            f"REQ-{CANARY_FIRST_ID + i}", draft.title, draft.description, draft.comments, columns, assignee, created,
            draft.category, draft.subcategory, draft.location, tuple(t.planted), scenario.__name__.removeprefix("_s_")))
    return out


# ---------------------------------------------------------------------------------------------
# the clean corpus

_C_PRODUCTS = ("Microsoft Teams", "Outlook", "OneDrive", "SharePoint Online", "Citrix Workspace", "GlobalProtect",
               "Okta Verify", "Adobe Acrobat Reader", "SAP GUI", "Workday", "Concur", "Zoom", "Cisco Jabber", "Power BI",
               "Excel", "Jamf Pro", "Intune Company Portal", "Chrome", "Edge", "BitLocker", "Jira", "Confluence",
               "DisplayLink", "Webex", "Salesforce", "ServiceNow", "Slack")
_C_HOSTS = ("login.microsoftonline.com", "outlook.office365.com", "teams.microsoft.com", "portal.azure.com",
            "status.zoom.us", "github.com", "update.microsoft.com", "support.apple.com", "admin.google.com",
            "status.slack.com", "download.citrix.com", "okta.com", "helpdesk.example.com")
_C_ERRORS = ("0x80070005", "0x8007045D", "0x80190001", "0x800F081F", "ERR_CONNECTION_RESET", "ERR_NAME_NOT_RESOLVED",
             "AADSTS50076", "AADSTS700082", "CAA50021", "1603", "0xC004F074", "ERR_CERT_DATE_INVALID", "53003",
             "WD-4032", "SSL_ERROR_BAD_CERT_DOMAIN", "0x0000007E", "503 Service Unavailable")
_C_KBS = ("KB5034441", "KB5035845", "KB5036893", "KB5034763", "KB5037771", "KB5031356")
_C_VERSIONS = ("16.0.17928.20114", "2.4.1", "6.1.3", "5.17.11", "3.12.0", "2403 (Build 17425.20176)", "8.00 PL10",
               "1.23.4", "7.4.2", "24.002.20687", "v2.2.0", "23.10.1812.4", "4.0.3")
_C_BROWSERS = ("Chrome 124.0.6367.91", "Chrome 123.0.6312.122", "Edge 124.0.2478.67", "Firefox 125.0.3", "Safari 17.4.1")
_C_WINDOWS = ("Windows 11 23H2", "Windows 11 22H2", "Windows 10 22H2 (10.0.19045.4291)", "Windows 11 24H2 (10.0.26100.1742)")
_C_ASSETS = ("PRN-3A-01", "PRN-1B-04", "LT-04512", "LT-07731", "MON-22314", "DOCK-0193", "HS-20931", "AP-2F-07",
             "SW-CORE-02", "UPS-B1-01", "PHN-0442", "TAB-0087")
_C_TICKETS = ("REQ-100234", "INC0012345", "RITM0045678", "CHG0031245", "PRB0004411", "REQ-104587")
_C_DATES = ("2026-03-14", "14/03/2026", "Tuesday 3 March", "2026-02-27 09:40", "last Friday", "1 April 2026",
            "yesterday at 16:05", "2025-12-18", "the 9th of June", "Monday morning")
_C_NUMERIC_DATES = ("14.03.2026", "27/02/2026", "2026-04-01", "18.12.2025", "09/06/2026")
_C_ROOMS = ("meeting room Zeus", "meeting room Athena", "the Boardroom", "room 3.14", "the Oak room", "the 4th floor kitchen")

_C_TEMPLATES = (
    ("{product} crashes with {error}",
     ("Since {date} {product} {version} crashes on start with error {error}. Reinstalled from the Company Portal, same result. "
      "Asset {asset}.")),
    ("Password reset link expired",
     ("The password reset link from {host} says the token expired after 15 minutes. I requested a new one on {date} "
      "and got error {error}. Using {product} {version} on {asset}.")),
    ("Cannot sign in to {product}",
     ("Sign-in to {host} fails with {error} after the MFA prompt. Cleared the cache, tried {browser} too. "
      "Related to {ticket}?")),
    ("{asset} offline",
     ("{asset} shows offline in the print queue since {date}. The PIN pad on the printer works, but jobs sit in the "
      "queue with error {error}.")),
    ("Key fob not opening the car park",
     ("My key fob stopped opening the car park barrier on {date}. Facilities say the reader was replaced; fob reissue "
      "for {asset} requested under {ticket}.")),
    ("{kb} failed to install",
     ("{kb} fails with {error} on {asset} ({windows}). Ran DISM and SFC, no change. See "
      "https://support.microsoft.com/help/{kbnum} for the known issue.")),
    ("Teams meetings drop in {room}",
     ("Calls in {room} drop after about 10 minutes since {date}. The room kit runs {product} {version}; the dock "
      "{asset} was swapped already.")),
    ("BitLocker recovery key prompt",
     ("After the BIOS update on {date} {asset} asks for the BitLocker recovery key at every boot. The key ID is shown "
      "on screen; I did not type the key anywhere. Ticket {ticket}.")),
    ("Static IP requested for {asset}",
     ("Please reserve a static IP for {asset} in the DHCP scope; the network team will assign it. IPv6 is disabled on "
      "the adapter. No change needed on {host}.")),
    ("API key rotation for {product}",
     ("The API key rotation for {product} is scheduled for {date}. No key is in this ticket: the new one goes to the "
      "vault. Connector version {version}, error {error} expected during the switch.")),
    ("SSN field blank in {product}",
     ("The SSN field and the DOB field show blank in {product} {version} for all US employees since {date}. The "
      "postcode lookup in the address form fails with error {error} as well.")),
    ("Service account config check",
     ("Config of the print service after the change {ticket}:\nServer: print-relay\nPort: 9100\nUsername: svc_print\n"
      "Password: (in the vault)\nPIN: not set\nToken: expired, renewal pending\nVersion: {version}")),
    ("IP phone not registering",
     ("The IP phone {asset} at desk 4.12 shows 'Registering' since {date}. PoE is fine on SW-CORE-02; {product} "
      "softphone works. Error {error}.")),
    ("Secret Santa sign-up form broken",
     "The Secret Santa form on the intranet returns {error} when I submit. Browser {browser}. Not urgent!"),
    ("Slow OneDrive sync",
     ("OneDrive {version} takes hours to sync the Finance library since {date}. About 40,000 files, 12 GB. {host} "
      "reachable; no error {error} in the logs though.")),
    ("Monitor flickering on dock",
     ("External monitor {asset} flickers when connected through the dock DOCK-0193 (DisplayLink {version}). "
      "Started {date} after {kb}.")),
    ("Correlation ID from sign-in error",
     "Sign-in page error {error}. Correlation ID: {guid}. Timestamp: {date}. App: {product} {version}."),
    ("Certificate warning on {host}",
     ("Users get error {error} when opening {host} since {date}. Certificate thumbprint in the browser matches the "
      "renewed one from {ticket}; maybe an old proxy.")),
    ("Token expired in {product}",
     "{product} keeps saying 'token expired, sign in again' every hour since {kb}. Version {version}, asset {asset}."),
    ("Laptop serial for warranty",
     "Warranty claim for {asset}: serial number 5CG{serial}, service tag {tag}. Battery swells; last seen {date}."),
)
_C_GERMAN = (
    ("Drucker {asset} druckt nicht",
     "Seit {ndate} druckt {asset} nicht mehr, Fehler {error}. Treiber {version} neu installiert, ohne Erfolg."),
    ("Passwort zurücksetzen funktioniert nicht",
     "Der Link zum Zurücksetzen des Passworts von {host} ist abgelaufen. Fehler {error} in {product} {version}."),
)
_C_FRENCH = (
    ("Écran noir après {kb}",
     "Depuis le {ndate}, le poste {asset} affiche un écran noir après l'installation de {kb} (erreur {error})."),
)

_C_FOLLOW_UPS = (
    "Reinstalled the latest version from the Company Portal; please try again.",
    "Known issue, fixed by the vendor in the next release.",
    "Password reset done through the self-service portal; no password shared in the ticket.",
    "Escalated to the network team.",
    "Replaced the PIN pad and the key fob reader; tested OK.",
    "Cleared the token cache and re-registered the device in Intune.",
    "Closed as duplicate of INC0012345.",
)


#: what people search the clean corpus for: every one must survive scrubbing unchanged
SEARCHED_TERMS: tuple[str, ...] = (*_C_ERRORS, *_C_KBS, *_C_VERSIONS, *_C_BROWSERS, *_C_WINDOWS, *_C_ASSETS, *_C_TICKETS,
                                   *_C_HOSTS, *_C_PRODUCTS, *_C_DATES, *_C_NUMERIC_DATES)


def clean_requests(seed: int = 0, n: int = 320) -> list[str]:
    """``n`` helpdesk texts (title line, blank line, body) with no personal data and no secret."""
    rng = random.Random(f"askdesk-clean-{seed}")
    templates = _C_TEMPLATES + _C_GERMAN + _C_FRENCH
    out = []
    for i in range(n):
        # every template once, then at random
        title, body = templates[i] if i < len(templates) else templates[int(rng.random() * len(templates))]
        kb = _pick(rng, _C_KBS)
        slots = {
            "product": _pick(rng, _C_PRODUCTS), "error": _pick(rng, _C_ERRORS), "kb": kb, "kbnum": kb[2:],
            "version": _pick(rng, _C_VERSIONS), "browser": _pick(rng, _C_BROWSERS), "windows": _pick(rng, _C_WINDOWS),
            "ndate": _pick(rng, _C_NUMERIC_DATES), "asset": _pick(rng, _C_ASSETS), "ticket": _pick(rng, _C_TICKETS),
            "date": _pick(rng, _C_DATES), "host": _pick(rng, _C_HOSTS), "room": _pick(rng, _C_ROOMS),
            "guid": f"{_hex(rng, 8)}-{_hex(rng, 4)}-4{_hex(rng, 3)}-a{_hex(rng, 3)}-{_hex(rng, 12)}",
            "serial": f"{rng.randint(1000, 9999)}{_chars(rng, 'BCDFGHJKLMNPQRSTVWXYZ', 3)}",
            "tag": _chars(rng, string.ascii_uppercase + string.digits, 7),
        }
        text = f"{title}\n\n{body}".format(**slots)
        if rng.random() < 0.4:
            text += f"\n[{rng.randint(1, 28):02d}/0{rng.randint(1, 9)}/2026 {rng.randint(8, 17)}:{rng.randint(10, 59)}] " \
                    f"Agent: {_pick(rng, _C_FOLLOW_UPS)}"
        out.append(text)
    return out


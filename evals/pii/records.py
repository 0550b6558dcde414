"""The canary corpus's records: the kinds and contexts of planted values, a planted value, a canary
ticket, and the export row either corpus becomes (in the bundled sample's columns).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from askdesk.sample import COLUMNS
from evals.exports import write_csv

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


CANARY_FIRST_ID = 700000
CLEAN_FIRST_ID = 800000

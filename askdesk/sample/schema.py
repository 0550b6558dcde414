"""The shape of the sample export: its columns and their values, the fixed clock, and the row type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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


@dataclass(frozen=True)
class SampleRequest:
    """One generated request: the export row and the ground truth about the PII it contains."""

    row: dict[str, str | None]
    #: (entity_type, value) for every PII value in the row -- in the PII columns and in the free
    #: text (title, description, comments) -- de-duplicated, in order of first appearance.
    planted_pii: tuple[tuple[str, str], ...]

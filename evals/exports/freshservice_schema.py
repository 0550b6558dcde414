"""The Freshservice export's shape: clock, columns, values, recurring themes and the typed truth of a row.

Kept apart from :mod:`evals.exports.freshservice`, which draws the rows and re-exports every name here, so
that what a row *is* reads apart from how it is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from evals.datafiles import load_table
from evals.exports.generation import date_formatter

#: the evaluation's "now" for this export (naive UTC, a Tuesday; every date in the export is before it)
NOW = datetime(2026, 9, 15, 14, 5, 0)
#: how this Freshservice account writes dates in its CSV export (UTC)
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"

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
TYPES: tuple[str, ...] = ("Incident", "Service Request")
PREFIX = {"Incident": "INC", "Service Request": "SR"}
GROUPS: tuple[str, ...] = ("Frontline Desk", "Desktop Support", "NetOps", "IAM Team", "SOC", "Enterprise Apps",
                           "People Ops", "Workplace Team")
FRONTLINE = "Frontline Desk"
DEPARTMENTS: tuple[str, ...] = ("Engineering", "Sales", "Customer Support", "Marketing", "Finance", "Operations",
                                "Product", "HR", "Legal")
LOCATIONS: tuple[str, ...] = ("Manchester HQ", "Leeds", "Amsterdam", "Lisbon", "Boston", "Singapore", "Remote")
#: SLA (hours to resolve) by priority: drives the unmapped ``Due by`` column only
SLA_HOURS = {"Urgent": 4, "High": 8, "Medium": 24, "Low": 72}
#: Freshservice's default priority matrix: (urgency, impact) -> priority
MATRIX = {("High", "High"): "Urgent", ("High", "Medium"): "High", ("Medium", "High"): "High",
          ("High", "Low"): "High", ("Medium", "Medium"): "Medium", ("Low", "High"): "Medium",
          ("Medium", "Low"): "Medium", ("Low", "Medium"): "Low", ("Low", "Low"): "Low"}


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


#: the recurring themes and their sub-issues (``evals/data/freshservice_export.toml``)
THEMES: tuple[Theme, ...] = tuple(Theme(**{**row, "subs": tuple(SubIssue(**s) for s in row["subs"])})
                                  for row in load_table("freshservice_export")["themes"])


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


#: a date cell as the export writes it ("" for no date)
fmt = date_formatter(DATE_FORMAT)

"""The Zendesk export's shape: clock, columns, values, recurring themes and the typed truth of a row.

Kept apart from :mod:`evals.exports.zendesk`, which draws the rows and re-exports every name here, so
that what a row *is* reads apart from how it is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from evals.datafiles import load_table
from evals.exports.generation import date_formatter

#: the evaluation's "now" (naive UTC, Thursday 9 July 2026; every date in the export is before it)
NOW = datetime(2026, 7, 9, 16, 45, 0)
#: how the export writes dates (the account's time zone is UTC)
DATE_FORMAT = "%Y-%m-%d %H:%M:%S +0000"

COLUMNS: tuple[str, ...] = (
    "Id", "Subject", "Status", "Priority", "Type", "Group", "Assignee", "Requester", "Requester email", "Organization",
    "Via", "Ticket form", "Product Area", "Region", "Customer Plan", "Tags", "Created at", "Updated at", "Solved at",
    "Description", "Latest public comment",
)
STATUSES: tuple[str, ...] = ("New", "Open", "Pending", "On-hold", "Solved", "Closed")
FINISHED = frozenset({"Solved", "Closed"})
PRIORITIES: tuple[str, ...] = ("Urgent", "High", "Normal", "Low")
TYPES: tuple[str, ...] = ("Question", "Incident", "Problem", "Task")
GROUPS: tuple[str, ...] = ("Tier 1 Support", "Tier 2 Support", "Payments Ops", "Partner Tech", "Platform Engineering",
                           "Customer Success")
T1, T2 = "Tier 1 Support", "Tier 2 Support"
VIAS: tuple[str, ...] = ("Web form", "Email", "Chat", "Phone call", "API")
AREAS: tuple[str, ...] = ("Billing", "Account Access", "API & Webhooks", "Integrations", "Labels & Shipping", "Imports",
                          "Notifications", "Reports")
REGIONS: tuple[str, ...] = ("NA", "EMEA", "APAC", "LATAM")
PLANS: tuple[str, ...] = ("Starter", "Growth", "Pro", "Enterprise")
FORMS: tuple[str, ...] = ("Default Ticket Form", "Billing & Account", "Technical Issue", "Developer Support")


@dataclass(frozen=True)
class Theme:
    """A recurring issue: where it lands (product area, type, groups, form), how customers put it and how it's fixed."""

    key: str
    area: str
    types: tuple[str, ...]
    type_weights: tuple[float, ...]
    groups: tuple[str, ...]
    form: str
    subjects: tuple[str, ...]
    symptoms: tuple[str, ...]
    fixes: tuple[str, ...]
    #: weights of Urgent, High, Normal, Low
    priority_weights: tuple[float, ...]
    slow: float = 1.0
    weight: float = 1.0
    #: what the agent asks while the ticket waits on the customer
    asks: tuple[str, ...] = ()


#: the recurring themes (``evals/data/zendesk_export.toml``)
THEMES: tuple[Theme, ...] = tuple(Theme(**row) for row in load_table("zendesk_export")["themes"])


@dataclass
class ZendeskTicket:
    """One row of the export (``cells``, as written) and what the mapping reads from it (the truth).

    ``kind``: ``ok`` (a current ticket), ``duplicate`` (an older version of an ``ok`` one, written
    after it and superseded by it) or ``broken`` (quarantined by the indexer).  For ``ok`` rows the
    typed fields hold exactly what :mod:`indexing.mapping` makes of the cells: stripped, blank and
    ``-`` cells are None; dates are naive UTC with seconds.
    """

    cells: dict[str, str]
    kind: str
    id: str
    subject: str
    status: str | None = None
    priority: str | None = None
    #: the mapping's category: the ``Product Area`` custom field
    area: str | None = None
    #: ``[metadata]`` of the mapping: type, group, channel (Via), form, organization, region, plan
    type: str | None = None
    group: str | None = None
    via: str | None = None
    form: str | None = None
    org: str | None = None
    region: str | None = None
    plan: str | None = None
    created: datetime | None = None
    updated: datetime | None = None
    solved: datetime | None = None
    requester: str = ""
    assignee: str | None = None
    #: (entity type, value) of every PII value in the row
    pii: tuple[tuple[str, str], ...] = ()
    theme: str = ""
    merged: bool = False

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def meta(self) -> dict[str, str | None]:
        return {"type": self.type, "group": self.group, "channel": self.via, "form": self.form,
                "organization": self.org, "region": self.region, "plan": self.plan}


#: a date cell as the export writes it ("" for no date)
fmt = date_formatter(DATE_FORMAT)

"""The GLPI export's shape: clock, columns, values, recurring themes and the typed truth of a row.

Kept apart from :mod:`evals.exports.glpi`, which draws the rows and re-exports every name here, so
that what a row *is* reads apart from how it is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from evals.datafiles import load_table
from evals.exports.generation import date_formatter

#: the evaluation's "now" (naive UTC, a Wednesday; every date in the export is before it)
NOW = datetime(2026, 4, 22, 15, 40)
#: how this GLPI instance writes dates in its CSV export (the server's zone is UTC)
DATE_FORMAT = "%Y-%m-%d %H:%M"

COLUMNS: tuple[str, ...] = (
    "ID", "Title", "Entity", "Status", "Type", "Priority", "Urgency", "Impact", "Category", "Request source",
    "Requester - Requester", "Assigned to - Group", "Assigned to - Technician", "Location", "Opening date",
    "Last update", "Time to resolve", "Resolution date", "Close date", "Description", "Solution",
)
STATUSES: tuple[str, ...] = ("New", "Processing (assigned)", "Processing (planned)", "Pending", "Solved", "Closed")
FINISHED = frozenset({"Solved", "Closed"})
LEVELS: tuple[str, ...] = ("Very low", "Low", "Medium", "High", "Very high")
PRIORITIES: tuple[str, ...] = LEVELS + ("Major",)
SOURCES: tuple[str, ...] = ("Helpdesk", "E-Mail", "Phone", "Direct", "Written", "Web form")
TYPES: tuple[str, ...] = ("Incident", "Request")
GROUPS: tuple[str, ...] = ("Service Desk", "Workstation Support", "Network Team", "Identity & Access", "Print & AV",
                           "Learning Apps", "CSIRT", "Research Computing")
DESK = "Service Desk"
#: entity (complete name) -> (weight, buildings of that entity)
ENTITIES: dict[str, tuple[float, tuple[str, ...]]] = {
    "Root entity > Campus North > Library": (14, ("Huygens Building",)),
    "Root entity > Campus North > Faculty of Science": (18, ("Lorentz Building", "Kamerlingh Lab")),
    "Root entity > Campus North > Faculty of Engineering": (13, ("Stevin Hall",)),
    "Root entity > Campus South > Faculty of Medicine": (17, ("Boerhaave Building", "Vesalius Lab")),
    "Root entity > Campus South > Faculty of Arts": (11, ("Erasmus House",)),
    "Root entity > City Centre > Law School": (8, ("Grotius Building",)),
    "Root entity > City Centre > Central Administration": (12, ("Academy Building",)),
    "Root entity > Student Residences": (7, ("Residence Hall A", "Residence Hall B")),
}
#: SLA (hours to resolve) by priority: drives the unmapped ``Time to resolve`` column only
SLA_HOURS = {"Major": 4, "Very high": 8, "High": 24, "Medium": 72, "Low": 120, "Very low": 240}


@dataclass(frozen=True)
class Sub:
    key: str
    category: str
    titles: tuple[str, ...]
    descriptions: tuple[str, ...]
    solutions: tuple[str, ...]
    type: str | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class Theme:
    key: str
    type: str
    groups: tuple[str, ...]
    subs: tuple[Sub, ...]
    #: weights of urgency and impact over LEVELS (Very low … Very high)
    urgency: tuple[float, ...]
    impact: tuple[float, ...]
    weight: float = 1.0
    slow: float = 1.0
    #: probability that an old ticket is stuck (pending for weeks, or planned far ahead)
    stuck: float = 0.09
    sources: tuple[float, ...] | None = None
    #: entity weights override (None = by size)
    entities: dict[str, float] | None = None


#: the recurring themes and their sub-issues (``evals/data/glpi_export.toml``)
THEMES: tuple[Theme, ...] = tuple(Theme(**{**row, "subs": tuple(Sub(**s) for s in row["subs"])})
                                  for row in load_table("glpi_export")["themes"])


@dataclass
class GlpiTicket:
    """One row of the export (``cells``, as written) and what the mapping reads from it (the truth).

    ``kind``: ``ok`` (a current ticket), ``duplicate`` (an older version of an ``ok`` one) or
    ``broken`` (quarantined).  For ``ok`` rows the typed fields hold what the mapping makes of the
    cells: stripped; "" and "-----" are None.
    """

    cells: dict[str, str]
    kind: str
    ticket_id: str
    title: str
    status: str | None = None
    priority: str | None = None
    #: the complete category name: "Hardware > Printer > Toner"
    category: str | None = None
    #: the ``[metadata]`` fields of the mapping: type, channel, entity, group, location, urgency, impact
    meta: dict[str, str | None] = field(default_factory=dict)
    created: datetime | None = None
    updated: datetime | None = None
    resolved: datetime | None = None
    pii: tuple[tuple[str, str], ...] = ()
    theme: str = ""
    sub: str = ""
    description: str = ""
    solution: str = ""

    @property
    def number(self) -> int:
        return int(self.ticket_id)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


#: a date cell as the export writes it ("" for no date)
fmt = date_formatter(DATE_FORMAT)

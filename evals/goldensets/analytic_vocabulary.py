"""How an export is described to the question builder: the words employees use for its fields and
statuses (:class:`FieldWords`, :class:`StatusWords`), the export itself (:class:`Profile`), and the
date ranges people name relative to the evaluation's ``now`` (:func:`date_options`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from evals.goldensets.analytic_truth import Rec, add_months, month_start


# ===================================================================================== vocabulary
@dataclass(frozen=True)
class FieldWords:
    """How employees talk about one field: its names, the words for its values, and where those
    go in a sentence (``adj``: before the noun, "critical HR tickets"; otherwise after it with the
    ``post`` templates, "tickets at Location 143")."""

    names: tuple[str, ...]  # "location", "site"
    plurals: tuple[str, ...]
    values: dict[str, tuple[str, ...]]  # value -> words ("1 - Critical" -> "critical", "p1")
    adj: bool = False
    post: tuple[str, ...] = ("with {name} {v}",)
    neg: tuple[str, ...] = ("excluding {v}",)
    neg_adj: tuple[str, ...] = ()
    #: words of values that may also stand as a noun phrase of their own ("p1s")
    nouns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: words of values in ``post`` templates, when they differ ("with priority {v}": "P1", not "p1s")
    post_values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: templates after "are" ("what % of tickets are {pred}"): "in {v}"; empty = the adjective, else ``post``
    pred: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatusWords:
    """Words for statuses: ``adj`` before the noun ("pending tickets"), ``post`` after it with no
    verb ("tickets awaiting vendor", "in status Open"), ``pred`` after "are"."""

    adj: tuple[str, ...] = ()
    post: tuple[str, ...] = ()
    pred: tuple[str, ...] = ()


@dataclass
class Profile:
    """An export as the question builder sees it."""

    name: str
    now: datetime
    finished: frozenset[str]
    nouns: tuple[tuple[str, str], ...]  # (plural, singular), the first is the plainest
    fields: dict[str, FieldWords]  # by field name (category, priority, location, …), not status
    statuses: dict[str, StatusWords]  # literal statuses that questions may name
    open_words: StatusWords
    #: literal multi-status conditions questions may use: (values, negate, words, words after "are")
    status_sets: tuple[tuple[tuple[str, ...], bool, tuple[str, ...], tuple[str, ...]], ...]
    filter_weights: dict[str, float]  # field (or created/updated/resolved) -> how often questions filter by it
    filter_values: dict[str, tuple[str, ...]]  # field -> values questions may name
    group_fields: tuple[str, ...]
    resolve_words: tuple[str, ...]  # "resolve", "close"
    cant: tuple[str, ...]
    id_of: Callable[[int], str]  # a well-formed id for a number (unknown ids)
    id_number: Callable[[str], int | None]
    short_ids: bool = False  # ids people also type without their zero padding (INC10042)
    rows: list[Rec] = field(default_factory=list)


# ================================================================================== date phrases
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def date_options(now: datetime) -> list[tuple[datetime | None, datetime | None, tuple[str, ...], str]]:
    """Ranges employees name, relative to ``now``: (start, end, words, kind); kind says which
    date fields a range suits ("any", or "recent": also the updated date)."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    monday = today - timedelta(days=today.weekday())
    month1 = month_start(now)
    prev1 = add_months(month1, -1)
    year1 = datetime(now.year, 1, 1)
    out: list[tuple[datetime | None, datetime | None, tuple[str, ...], str]] = [
        (today, None, ("today",), "recent"),
        (today - timedelta(days=1), today, ("yesterday",), "recent"),
        (monday, None, ("this week",), "recent"),
        (monday - timedelta(days=7), monday, ("last week",), "recent"),
        (month1, None, ("this month", f"in {MONTHS[now.month - 1]}", "so far this month"), "recent"),
        (prev1, month1, ("last month", f"in {MONTHS[prev1.month - 1]}" if prev1.year == now.year else "last month"), "any"),
        (year1, None, ("this year", f"in {now.year}", "so far this year"), "any"),
        (datetime(now.year - 1, 1, 1), year1, ("last year", f"in {now.year - 1}"), "any"),
        (None, year1, (f"before {now.year}", "before this year"), "any"),
    ]
    if today.weekday() >= 2:
        out.append((monday, None, ("since Monday", "since monday"), "recent"))
    q_start = datetime(now.year, 3 * ((now.month - 1) // 3) + 1, 1)
    pq = add_months(q_start, -3)
    out.append((pq, q_start, ("last quarter", f"in Q{(pq.month - 1) // 3 + 1} {pq.year}"), "any"))
    for back in range(2, 9):
        s = add_months(month1, -back)
        e = add_months(s, 1)
        name, abbr = MONTHS[s.month - 1], MONTHS[s.month - 1][:3]
        if s.year == now.year:
            words: tuple[str, ...] = (f"in {name}", f"in {abbr}", f"during {name}", f"in {name} {s.year}")
        else:
            words = (f"in {name} {s.year}", f"in {abbr} {s.year}", f"during {name} {s.year}")
        out.append((s, e, words, "any"))
    # explicit days of last month, and "since the 1st of" last month
    name = MONTHS[prev1.month - 1]
    year = "" if prev1.year == now.year else f" {prev1.year}"
    out.append((prev1, prev1 + timedelta(days=15), (f"between 1 and 15 {name}{year}", f"from 1 to 15 {name[:3]}{year}",
                                                      f"{name}{year} 1-15"), "any"))
    out.append((prev1, None, (f"since 1 {name}{year}", f"since {name} 1st{year}"), "any"))
    return out

"""Blind golden questions for the Freshservice export (``evals/exports/freshservice-3000.csv.gz``).

Written by someone who had read neither the engine's question understanding nor the other golden
sets: the phrasings are how employees of an internal IT + HR + Facilities desk type into Slack or
Teams ("# of p1s this week", "access requests waiting for approval", "new joiner setups still
open", "walk-ups at the HQ", "excluding HR Services", "thx!"), and every expected value is computed
here, in plain Python, from the generator's typed rows (:func:`evals.exports.freshservice.current_tickets`),
never from SQL or the engine.

The contract is :mod:`evals.golden_analytics`'s (its module docstring): kinds count / list / top /
duration / trend / share / cant / lookup / unknown / search / pii with their expected fields;
``history`` for follow-ups (the truth is for the last question, earlier filters carried over).
Semantics used by the truth:

* "open" / "unresolved" / "outstanding" / "not done" = status not Resolved or Closed; a named status
  is literal ("not closed yet" = status other than Closed);
* "P1" / "urgent" = priority Urgent, "P2" = High; "SRs" / "service requests" = Type Service Request;
  "access requests" = service requests of category Access Management (its incidents are Okta
  lock-outs); "walk-ups" = Source Walkup; "via Teams" =
  Source MS Teams; "new joiners" / "new starters" = sub-category Onboarding, "leavers" = Offboarding;
  "the HQ" = location Manchester HQ; "remote people" = location Remote;
* dates are relative to :data:`evals.exports.freshservice.NOW` (Tuesday 2026-09-15 14:05): today,
  yesterday, this week (Monday 14 September..now), last week (7–13 September), this month, last
  month (August 2026), last quarter (Q2: April–June 2026), this quarter (July..now), this year,
  "in March" (2026), "the last/past N days" (N whole days up to and including today), "since
  <date>", "between X and Y" (both days included); a date word without "resolved" is the created
  date;
* resolution time = resolved − created (tickets with both), age = now − created (unfinished tickets);
  median / p90 linear-interpolated;
* a value named in a question filters on the field that holds it ("vpn tickets" = sub-category VPN,
  "MacBook Pro" = item); a ticket with no value in that field (a messy blank cell) does not match;
* breakdowns leave out tickets without a value; a question with a negated field whose answer would
  change if tickets without a value were counted is not asked (checked here);
* lists: ties broken by id ascending, but no question is asked whose first N+1 hold a tie.

    python -m evals.golden_freshservice --out evals/golden/freshservice-3000.jsonl

Run the set with ``--now 2026-09-15T14:05``.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from evals.exports.freshservice import FINISHED, NOW, FsTicket, current_tickets, generate_tickets
from evals.golden import write_questions

Pred = Callable[[FsTicket], bool]

TODAY = NOW.replace(hour=0, minute=0, second=0, microsecond=0)
MONDAY = TODAY - timedelta(days=TODAY.weekday())


def D(y: int, m: int, d: int = 1) -> datetime:
    return datetime(y, m, d)


def next_month(d: datetime) -> datetime:
    return datetime(d.year + (d.month == 12), d.month % 12 + 1, 1)


YESTERDAY = (TODAY - timedelta(days=1), TODAY)
THIS_WEEK = (MONDAY, None)
LAST_WEEK = (MONDAY - timedelta(days=7), MONDAY)
THIS_MONTH = (D(NOW.year, NOW.month), None)
LAST_MONTH = (D(2026, 8), D(2026, 9))
THIS_QUARTER = (D(2026, 7), None)
LAST_QUARTER = (D(2026, 4), D(2026, 7))
THIS_YEAR = (D(2026, 1), None)
YEAR_2025 = (D(2025, 1), D(2026, 1))


def month(y: int, m: int) -> tuple[datetime, datetime]:
    return D(y, m), next_month(D(y, m))


def last_days(n: int) -> tuple[datetime, None]:
    return TODAY - timedelta(days=n - 1), None


# ----------------------------------------------------------------------------------- predicates


def value(r: FsTicket, name: str) -> str | None:
    if name in ("status", "priority", "category"):
        return getattr(r, name)
    return r.meta[name]


class P:
    """A predicate, and the same predicate under the other reading of its negations (tickets
    without a value in a negated field counted in): a question is only asked when both agree."""

    def __init__(self, f: Pred, alt: Pred | None = None) -> None:
        self.f = f
        self.alt = alt or f

    def __call__(self, r: FsTicket) -> bool:
        return self.f(r)

    def __and__(self, other: P) -> P:
        return P(lambda r: self.f(r) and other.f(r), lambda r: self.alt(r) and other.alt(r))

    def __or__(self, other: P) -> P:
        return P(lambda r: self.f(r) or other.f(r), lambda r: self.alt(r) or other.alt(r))


def eq(name: str, *values: str) -> P:
    return P(lambda r: value(r, name) in values)


def ne(name: str, *values: str) -> P:
    """Field has a value and it is none of these (the alternative reading counts no value in)."""
    return P(lambda r: value(r, name) is not None and value(r, name) not in values,
             lambda r: value(r, name) not in values)


ALL = P(lambda r: True)
OPEN = P(lambda r: r.status not in FINISHED)
DONE = P(lambda r: r.status in FINISHED)
HAS_RESOLVED = P(lambda r: r.resolved is not None)


def created(rng: tuple[datetime, datetime | None]) -> P:
    a, b = rng
    return P(lambda r: r.created >= a and (b is None or r.created < b))


def resolved(rng: tuple[datetime, datetime | None]) -> P:
    a, b = rng
    return P(lambda r: r.resolved is not None and r.resolved >= a and (b is None or r.resolved < b))


def S(*v: str) -> P:
    return eq("status", *v)


def PR(*v: str) -> P:
    return eq("priority", *v)


def CAT(*v: str) -> P:
    return eq("category", *v)


def SUB(*v: str) -> P:
    return eq("sub_category", *v)


def ITEM(*v: str) -> P:
    return eq("item", *v)


def DEPT(*v: str) -> P:
    return eq("department", *v)


def GRP(*v: str) -> P:
    return eq("group", *v)


def LOC(*v: str) -> P:
    return eq("location", *v)


def SRC(*v: str) -> P:
    return eq("channel", *v)


def TYPE(*v: str) -> P:
    return eq("type", *v)


def IMP(*v: str) -> P:
    return eq("impact", *v)


INC = TYPE("Incident")
SR = TYPE("Service Request")
URGENT = PR("Urgent")
AA = S("Awaiting Approval")
#: "access requests": requests for access (service requests of the Access Management category; its
#: incidents are Okta lock-outs and MFA resets, not requests)
ACCESS = CAT("Access Management") & SR


# ----------------------------------------------------------------------------------- the builder


def hours(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 3600


def resolution_hours(r: FsTicket) -> float:
    assert r.resolved is not None
    return hours(r.created, r.resolved)


class Builder:
    def __init__(self, rows: list[FsTicket]) -> None:
        self.rows = rows
        self.by_id = {r.ticket_id: r for r in rows}
        self.out: list[dict[str, Any]] = []
        self.problems: list[str] = []

    # -- plumbing
    def add(self, kind: str, question: str, history: Sequence[str] | None = None, **expected: Any) -> None:
        n = sum(1 for q in self.out if q["kind"] == kind) + 1
        q: dict[str, Any] = {"id": f"fs-{kind}-{n:03d}", "question": question, "kind": kind}
        if history:
            q["history"] = list(history)
        q.update({k: v for k, v in expected.items() if v is not None})
        self.out.append(q)

    def match(self, pred: P, question: str) -> list[FsTicket]:
        got = [r for r in self.rows if pred(r)]
        if sum(1 for r in self.rows if pred.alt(r)) != len(got):
            self.problems.append(f"depends on the reading of a negation: {question!r}")
        return got

    # -- kinds
    def count(self, question: str, pred: P, history: Sequence[str] | None = None) -> None:
        self.add("count", question, history, expected_number=len(self.match(pred, question)))

    def list(self, question: str, pred: P, n: int | None, key: str = "created", desc: bool = False,
             history: Sequence[str] | None = None) -> None:
        got = self.match(pred, question)
        keyf: Callable[[FsTicket], Any] = {
            "created": lambda r: r.created, "updated": lambda r: r.updated, "resolved": lambda r: r.resolved,
            "duration": lambda r: resolution_hours(r),
        }[key]
        if key in ("resolved", "duration"):
            got = [r for r in got if r.resolved is not None]
        got.sort(key=lambda r: r.ticket_id)
        got.sort(key=keyf, reverse=desc)
        want = len(got) if n is None else n
        if len(got) < want or not got:
            self.problems.append(f"list has {len(got)} < {want}: {question!r}")
        head = got[:want + 1]
        if any(keyf(a) == keyf(b) for a, b in pairwise(head)):
            self.problems.append(f"tie in the first N+1: {question!r}")
        self.add("list", question, history, expected_request_ids=[r.ticket_id for r in got[:want]],
                 expected_number=len(got))

    def top(self, question: str, pred: P, field: str, n: int | None = None,
            history: Sequence[str] | None = None) -> None:
        got = self.match(pred, question)
        counts = Counter(value(r, field) for r in got if value(r, field) is not None)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if n is None:
            n = len(ranked) if len(ranked) <= 8 else 5
        cut = ranked[:n]
        if not cut:
            self.problems.append(f"no groups: {question!r}")
            return
        cut += [g for g in ranked[n:] if g[1] == cut[-1][1]]
        if n == 1 and len(cut) > 1:
            self.problems.append(f"'which has the most' with a tie: {question!r}")
        self.add("top", question, history, expected_groups=[[k, v] for k, v in cut])

    def duration(self, question: str, pred: P, stat: str, measure: str = "resolution",
                 history: Sequence[str] | None = None) -> None:
        got = self.match(pred, question)
        if measure == "resolution":
            vals = [resolution_hours(r) for r in got if r.resolved is not None]
        else:
            vals = [hours(r.created, NOW) for r in got if r.status not in FINISHED]
        need = 10 if stat == "p90" else 3
        if len(vals) < need:
            self.problems.append(f"only {len(vals)} values: {question!r}")
            return
        v = {"mean": float(np.mean(vals)), "median": float(np.median(vals)),
             "p90": float(np.percentile(vals, 90))}[stat]
        self.add("duration", question, history, expected_hours=round(v, 4), expected_stat=stat)

    def trend(self, question: str, pred: P, unit: str, periods: Sequence[datetime], on: str = "created",
              history: Sequence[str] | None = None) -> None:
        got = self.match(pred, question)

        def period(d: datetime) -> datetime:
            d = d.replace(hour=0, minute=0, second=0, microsecond=0)
            if unit == "month":
                return d.replace(day=1)
            if unit == "week":
                return d - timedelta(days=d.weekday())
            return d

        counts = Counter(period(getattr(r, on)) for r in got if getattr(r, on) is not None)
        fmt = "%Y-%m" if unit == "month" else "%Y-%m-%d"
        self.add("trend", question, history, expected_series=[[p.strftime(fmt), counts.get(p, 0)] for p in periods])

    def share(self, question: str, base: P, part: P, history: Sequence[str] | None = None) -> None:
        b = self.match(base, question)
        hit = [r for r in b if part(r)]
        if sum(1 for r in b if part.alt(r)) != len(hit):
            self.problems.append(f"depends on the reading of a negation: {question!r}")
        if not b:
            self.problems.append(f"empty base: {question!r}")
            return
        self.add("share", question, history, expected_percent=round(100 * len(hit) / len(b), 4))

    def cant(self, question: str, history: Sequence[str] | None = None) -> None:
        self.add("cant", question, history)


def months(first: datetime, last: datetime) -> list[datetime]:
    out, d = [], first
    while d <= last:
        out.append(d)
        d = next_month(d)
    return out


def weeks(n: int) -> list[datetime]:
    return [MONDAY - timedelta(days=7 * i) for i in range(n - 1, -1, -1)]


def days(first: datetime, last: datetime) -> list[datetime]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


SIX_MONTHS = months(D(2026, 4), D(2026, 9))
THIS_YEAR_MONTHS = months(D(2026, 1), D(2026, 9))
MONTHS_2025 = months(D(2025, 1), D(2025, 12))


# ----------------------------------------------------------------------------------- questions


def counts(b: Builder) -> None:
    c = b.count
    c("how many tickets are open right now?", OPEN)
    c("# of unresolved incidents", OPEN & INC)
    c("hey, how many service requests are awaiting approval atm?", SR & AA)
    c("how many access requests r still waiting for approval", ACCESS & AA)
    c("how many tickets came in today", created((TODAY, None)))
    c("tickets raised yesterday?", created(YESTERDAY))
    c("how many P1s were logged this week", URGENT & created(THIS_WEEK))
    c("number of urgent incidents last week pls", URGENT & INC & created(LAST_WEEK))
    c("how many tix did we resolve last week?", resolved(LAST_WEEK))
    c("how many laptop service requests were raised in 2026", SUB("Laptop") & SR & created(THIS_YEAR))
    c("how many VPN tickets since 1 August?", SUB("VPN") & created((D(2026, 8, 1), None)))
    c("okta / mfa tickets still open - how many?", SUB("Okta & MFA") & OPEN)
    c("printer tickets at the manchester HQ this month?", SUB("Printer") & LOC("Manchester HQ") & created(THIS_MONTH))
    c("how many phishing reports in the last 30 days", SUB("Phishing") & created(last_days(30)))
    c("how many tickets from the Finance department are on hold?", DEPT("Finance") & S("On Hold"))
    c("how many pending tickets does the IAM team have", GRP("IAM Team") & S("Pending"))
    c("how many walk-ups did we get in august", SRC("Walkup") & created(month(2026, 8)))
    c("how many tickets came in as Teams messages last month", SRC("MS Teams") & created(LAST_MONTH))
    c("payroll tickets that aren't closed yet?", SUB("Payroll") & P(lambda r: r.status != "Closed"))
    c("how many open tickets are there outside HR Services?", OPEN & P(lambda r: r.category != "HR Services"))
    c("count of unresolved tickets other than the lisbon office", OPEN & ne("location", "Lisbon"))
    c("how many new joiner setups are still open", SUB("Onboarding") & OPEN)
    c("leaver tickets resolved last month - how many", SUB("Offboarding") & resolved(LAST_MONTH))
    c("desk move requests in Q2 2026, how many?", SUB("Desk Move") & created(LAST_QUARTER))
    c("how many badge tickets for the amsterdam office", SUB("Building Access") & LOC("Amsterdam"))
    c("how many high or urgent tickets are still open?", PR("High", "Urgent") & OPEN)
    c("how many medium prio incidents were created in march?", PR("Medium") & INC & created(month(2026, 3)))
    c("tickets from engineering this month?", DEPT("Engineering") & created(THIS_MONTH))
    c("how many incidents were phoned in over the past 7 days", INC & SRC("Phone") & created(last_days(7)))
    c("how many SRs were logged between 1 and 15 August?", SR & created((D(2026, 8, 1), D(2026, 8, 16))))
    c("how many tickets are in progress for desktop support", GRP("Desktop Support") & S("In Progress"))
    c("how many tickets did the SOC get in 2025?", GRP("SOC") & created(YEAR_2025))
    c("# wifi tickets at the HQ since july", SUB("Wi-Fi") & LOC("Manchester HQ") & created((D(2026, 7, 1), None)))
    c("how many VPN tickets from remote staff this year", SUB("VPN") & LOC("Remote") & created(THIS_YEAR))
    c("how many tickets were logged on the 3rd of september", created((D(2026, 9, 3), D(2026, 9, 4))))
    c("total tickets since the start of the year?", created(THIS_YEAR))
    c("how many tickets are there in total", ALL)
    c("how many low priority service requests are still pending?", PR("Low") & SR & S("Pending"))
    c("how many software licence requests are waiting on approval", SUB("Licence") & AA)
    c("how many Figma licence requests have we had", SUB("Licence") & ITEM("Figma"))
    c("github access requests this year?", ACCESS & ITEM("GitHub") & created(THIS_YEAR))
    c("how many MacBook Pro tickets r open", ITEM("MacBook Pro") & OPEN)
    c("how many tickts got resolved yesterday", resolved(YESTERDAY))
    c("how many urgent tickets are on hold", URGENT & S("On Hold"))
    c("how many tickets from legal are not resolved or closed yet", DEPT("Legal") & OPEN)
    c("maintenance tickets in lisbon and amsterdam last month?", SUB("Maintenance") & LOC("Lisbon", "Amsterdam")
      & created(LAST_MONTH))
    c("how many tickets came in via chat or phone this month", SRC("Chat", "Phone") & created(THIS_MONTH))
    c("outlook tickets in the past 14 days", SUB("Outlook") & created(last_days(14)))
    c("no. of lost or stolen phones reported this year", SUB("Lost or Stolen Device") & ITEM("Mobile Phone")
      & created(THIS_YEAR))
    c("how many high impact incidents this month?", IMP("High") & INC & created(THIS_MONTH))
    c("hi! could you tell me how many payroll tickets People Ops resolved in august? thx",
      SUB("Payroll") & GRP("People Ops") & resolved(month(2026, 8)))
    c("how many tickets are sitting in Pending for the Workplace Team", GRP("Workplace Team") & S("Pending"))
    c("how many open tickets does my team have? (I'm in Enterprise Apps)", GRP("Enterprise Apps") & OPEN)
    c("how many tickets has customer support raised in 2026 that are still open?",
      DEPT("Customer Support") & created(THIS_YEAR) & OPEN)
    c("open incidents for netops, how many", GRP("NetOps") & INC & OPEN)
    c("how many Awaiting Approval tickets were created before July", AA & P(lambda r: r.created < D(2026, 7)))
    c("tickets opened since monday?", created(THIS_WEEK))
    c("how many service requests from Operations since 1 June", SR & DEPT("Operations") & created((D(2026, 6, 1), None)))
    c("how many urgent tickets came from the singapore office in 2025", LOC("Singapore") & URGENT & created(YEAR_2025))
    c("morning! how many tickets have we resolved so far this month?", resolved(THIS_MONTH))
    c("how many leave tickets are open", SUB("Leave & Absence") & OPEN)
    c("count of tickets with status On Hold", S("On Hold"))
    c("how many open tickets aren't urgent", OPEN & P(lambda r: r.priority != "Urgent"))
    c("how many tickets did the product dept raise last quarter?", DEPT("Product") & created(LAST_QUARTER))
    c("how many incidents created in the last 7 days are still unresolved", INC & created(last_days(7)) & OPEN)
    c("hw many P2 incidents in july", PR("High") & INC & created(month(2026, 7)))
    c("how many service requests r open for Enterprise Apps", SR & OPEN & GRP("Enterprise Apps"))
    c("How many tickets were raised by the Sales team in the last 90 days?", DEPT("Sales") & created(last_days(90)))
    c("how many security tickets (category) were opened last month", CAT("Security") & created(LAST_MONTH))
    c("how many facilities tickets did boston log this year", CAT("Facilities") & LOC("Boston") & created(THIS_YEAR))
    c("how many tickets in the Access Management category are not closed", CAT("Access Management")
      & P(lambda r: r.status != "Closed"))
    c("number of tickets with high impact and high urgency", IMP("High") & eq("urgency", "High"))


def lists(b: Builder) -> None:
    li = b.list
    li("which open urgent ticket is the oldest?", OPEN & URGENT, 1)
    li("list the 5 oldest access requests still awaiting approval", ACCESS & AA, 5)
    li("show me the 3 most recent phishing reports", SUB("Phishing"), 3, desc=True)
    li("what's the latest ticket from the legal dept?", DEPT("Legal"), 1, desc=True)
    li("10 oldest unresolved tickets pls", OPEN, 10)
    li("which ticket took the longest to resolve out of the ones resolved last month", resolved(LAST_MONTH), 1,
       key="duration", desc=True)
    li("show the 5 most recently updated tickets for the IAM team", GRP("IAM Team"), 5, key="updated", desc=True)
    li("list the open P1 incidents, oldest first", OPEN & URGENT & INC, None)
    li("which on hold ticket has been open the longest", S("On Hold"), 1)
    li("newest 3 walk-up tickets", SRC("Walkup"), 3, desc=True)
    li("oldest pending ticket from the finance department?", DEPT("Finance") & S("Pending"), 1)
    li("latest 5 tickets ppl logged by phone", SRC("Phone"), 5, desc=True)
    li("the 5 oldest open vpn tickets", SUB("VPN") & OPEN, 5)
    li("top 3 longest-running open tickets in the amsterdam office", OPEN & LOC("Amsterdam"), 3)
    li("what was the most recent urgent ticket in lisbon", LOC("Lisbon") & URGENT, 1, desc=True)
    li("oldest software licence request that's still awaiting approval?", SUB("Licence") & AA, 1)
    li("show me the last 5 tickets raised today", created((TODAY, None)), 5, desc=True)
    li("3 most recent new joiner tickets", SUB("Onboarding"), 3, desc=True)
    li("of the tickets resolved this year, which one took the longest?", resolved(THIS_YEAR), 1, key="duration", desc=True)
    li("which urgent incident created in august was resolved the fastest", URGENT & INC & created(month(2026, 8)), 1,
       key="duration")
    li("5 oldest open tickets for the Workplace team", GRP("Workplace Team") & OPEN, 5)
    li("which service request opened last week was updated most recently?", SR & created(LAST_WEEK), 1, key="updated",
       desc=True)
    li("list the 3 oldest open tickets from remote people", LOC("Remote") & OPEN, 3)
    li("most recent okta ticket?", SUB("Okta & MFA"), 1, desc=True)
    li("5 newest tickets from Sales that aren't service requests", DEPT("Sales") & P(lambda r: r.meta["type"] != "Service Request"),
       5, desc=True)
    li("which desk move request is the oldest one not done yet", SUB("Desk Move") & OPEN, 1)
    li("oldest unresolved high priority ticket for netops", GRP("NetOps") & PR("High") & OPEN, 1)
    li("3 most recently resolved SOC tickets", GRP("SOC"), 3, key="resolved", desc=True)
    li("which payroll ticket from this month is the oldest", SUB("Payroll") & created(THIS_MONTH), 1)
    li("4 most recent urgent tickets raised through the portal", URGENT & SRC("Portal"), 4, desc=True)
    li("give me the 2 newest printer incidents in leeds", SUB("Printer") & LOC("Leeds") & INC, 2, desc=True)
    li("which tickets have been awaiting approval the longest? top 3 by created date", AA, 3)


def tops(b: Builder) -> None:
    t = b.top
    t("which dept raises the most tickets?", ALL, "department", 1)
    t("tickets by department", ALL, "department")
    t("breakdown of open tickets by group", OPEN, "group")
    t("which office had the most tickets last month", created(LAST_MONTH), "location", 1)
    t("top 3 sub-categories this year", created(THIS_YEAR), "sub_category", 3)
    t("what's the most common category for urgent incidents?", URGENT & INC, "category", 1)
    t("open tickets per status", OPEN, "status")
    t("how are tickets split by source?", ALL, "channel")
    t("top 5 items for hardware tickets", CAT("Hardware"), "item", 5)
    t("which group has the most tickets awaiting approval", AA, "group", 1)
    t("breakdown by priority of the open incidents", OPEN & INC, "priority")
    t("which location logs the most wifi tickets", SUB("Wi-Fi"), "location", 1)
    t("top 3 departments for access requests", ACCESS, "department", 3)
    t("which channel do people in finance use the most to raise tickets", DEPT("Finance"), "channel", 1)
    t("People Ops tickets by sub-category", GRP("People Ops"), "sub_category")
    t("most common sub-category of tickets from the lisbon office?", LOC("Lisbon"), "sub_category", 1)
    t("which apps get the most access requests", ACCESS, "item")
    t("tickets per impact level this quarter", created(THIS_QUARTER), "impact")
    t("top 3 categories last week", created(LAST_WEEK), "category", 3)
    t("which group resolved the most tickets last month?", resolved(LAST_MONTH), "group", 1)
    t("which department raised the most high-priority tickets this year", PR("High") & created(THIS_YEAR), "department", 1)
    t("break down the walk-ups by office", SRC("Walkup"), "location")
    t("licence requests broken down by which software", SUB("Licence"), "item")
    t("which office has the most unresolved tickets, not counting remote", OPEN & ne("location", "Remote"), "location", 1)
    t("incidents vs service requests this year", created(THIS_YEAR), "type")
    t("which sub-category has the most tickets awaiting approval?", AA, "sub_category", 1)
    t("top 2 groups by ticket volume in 2025", created(YEAR_2025), "group", 2)
    t("what category do marketing people raise most?", DEPT("Marketing"), "category", 1)
    t("priority mix of tickets that came in via Teams", SRC("MS Teams"), "priority")
    t("which department reports the most phishing", SUB("Phishing"), "department", 1)
    t("which group has the most pending tickets?", S("Pending"), "group", 1)
    t("top 3 offices for maintenance tickets this year", SUB("Maintenance") & created(THIS_YEAR), "location", 3)
    t("statuses of the open access requests", ACCESS & OPEN, "status")
    t("which laptop model gets the most tickets?", SUB("Laptop"), "item", 1)
    t("tickets by category for the HQ in august", LOC("Manchester HQ") & created(month(2026, 8)), "category")
    t("urgency breakdown of open service requests", OPEN & SR, "urgency")
    t("tickets per category this month, excluding HR Services", created(THIS_MONTH) & P(lambda r: r.category != "HR Services"),
      "category")
    t("hey team - which 3 offices send us the most new joiner requests?", SUB("Onboarding"), "location", 3)


def durations(b: Builder) -> None:
    d = b.duration
    d("whats the avg time to resovle urgent incidents?", URGENT & INC, "mean")
    d("median resolution time for vpn tickets", SUB("VPN"), "median")
    d("how long do access requests take to resolve on avg?", ACCESS, "mean")
    d("p90 resolution time for service requests resolved this year", SR & resolved(THIS_YEAR), "p90")
    d("how old are the open tickets on average", OPEN, "mean", "age")
    d("median age of tickets awaiting approval", AA, "median", "age")
    d("avg resolution time for payroll questions", SUB("Payroll"), "mean")
    d("how long does the Workplace team take to resolve a ticket, median?", GRP("Workplace Team"), "median")
    d("average time to fix printer issues in leeds", SUB("Printer") & LOC("Leeds"), "mean")
    d("90th percentile of resolution time for P1s", URGENT, "p90")
    d("what's the average age of netops' open incidents", GRP("NetOps") & INC & OPEN, "mean", "age")
    d("median time to resolve walk-up tickets", SRC("Walkup"), "median")
    d("mean resolution time for tickets resolved last month", resolved(LAST_MONTH), "mean")
    d("how long are onboarding tickets taking to resolve on average", SUB("Onboarding"), "mean")
    d("avg age of pending tickets? thx", S("Pending"), "mean", "age")
    d("p90 age of unresolved high priority tickets", PR("High") & OPEN, "p90", "age")
    d("median resolution time for hardware tickets opened in 2025", CAT("Hardware") & created(YEAR_2025), "median")
    d("average time to resolve phishing reports", SUB("Phishing"), "mean")
    d("avg resolution time of desk move requests", SUB("Desk Move"), "mean")
    d("median time to resolve tickets for the sales department", DEPT("Sales"), "median")
    d("average resolution time excluding service requests", P(lambda r: r.meta["type"] != "Service Request"), "mean")
    d("mean time to resolution for low priority tickets", PR("Low"), "mean")
    d("how long does the IAM team take to resolve okta tickets? median please", GRP("IAM Team") & SUB("Okta & MFA"),
      "median")
    d("avg resolution time for tickets from the singapore office", LOC("Singapore"), "mean")
    d("what's the p90 time to resolve licence requests", SUB("Licence"), "p90")
    d("average age of open tickets in the lisbon office", LOC("Lisbon") & OPEN, "mean", "age")
    d("median age of on hold tickets", S("On Hold"), "median", "age")
    d("average resolution time for high impact incidents", IMP("High") & INC, "mean")
    d("avg time to resolve tickets logged in august", created(month(2026, 8)), "mean")
    d("median resolution time for SOC tickets opened this year", GRP("SOC") & created(THIS_YEAR), "median")
    d("on average how long do leaver tickets take to resolve", SUB("Offboarding"), "mean")


def trends(b: Builder) -> None:
    t = b.trend
    t("tickets per month", ALL, "month", SIX_MONTHS)
    t("weekly ticket volume", ALL, "week", weeks(8))
    t("daily count of new tickets over the last 14 days", ALL, "day", days(TODAY - timedelta(days=13), TODAY))
    t("vpn tickets per month this year", SUB("VPN"), "month", THIS_YEAR_MONTHS)
    t("monthly urgent incidents in 2025", URGENT & INC, "month", MONTHS_2025)
    t("tickets resolved per week, last 8 weeks", ALL, "week", weeks(8), on="resolved")
    t("phishing reports per week over the last 6 weeks", SUB("Phishing"), "week", weeks(6))
    t("access requests by month", ACCESS, "month", SIX_MONTHS)
    t("walk-ups per month this year", SRC("Walkup"), "month", THIS_YEAR_MONTHS)
    t("weekly tickets from the amsterdam office for the last 4 weeks", LOC("Amsterdam"), "week", weeks(4))
    t("number of service requests each month since march", SR, "month", months(D(2026, 3), D(2026, 9)))
    t("tickets resolved per month this year", ALL, "month", THIS_YEAR_MONTHS, on="resolved")
    t("daily new tickets this month", ALL, "day", days(D(2026, 9, 1), TODAY))
    t("payroll tickets per month", SUB("Payroll"), "month", SIX_MONTHS)
    t("weekly onboarding requests for the last 10 weeks", SUB("Onboarding"), "week", weeks(10))
    t("monthly tickets raised via MS Teams in 2026", SRC("MS Teams"), "month", THIS_YEAR_MONTHS)
    t("how many tickets did finance raise per month in 2025?", DEPT("Finance"), "month", MONTHS_2025)
    t("per-week count of okta tickets", SUB("Okta & MFA"), "week", weeks(8))
    t("monthly high priority tickets over the last 12 months", PR("High"), "month", months(D(2025, 10), D(2026, 9)))
    t("printer tickets per day last week", SUB("Printer"), "day", days(LAST_WEEK[0], LAST_WEEK[1] - timedelta(days=1)))
    t("desk moves per month in Q2", SUB("Desk Move"), "month", months(D(2026, 4), D(2026, 6)))


def shares(b: Builder) -> None:
    s = b.share
    s("hi, what % of tickets are urgent?", ALL, URGENT)
    s("what percentage of open tickets are awaiting approval", OPEN, AA)
    s("share of tickets raised via the portal", ALL, SRC("Portal"))
    s("what % of incidents come in by phone", INC, SRC("Phone"))
    s("percentage of engineering's tickets that are VPN", DEPT("Engineering"), SUB("VPN"))
    s("how much of the SOC's workload is phishing, in %?", GRP("SOC"), SUB("Phishing"))
    s("what share of last month's tickets were service requests", created(LAST_MONTH), SR)
    s("percent of unresolved tickets that are on hold", OPEN, S("On Hold"))
    s("what % of tickets from the lisbon office are facilities tickets", LOC("Lisbon"), CAT("Facilities"))
    s("what percentage of access requests are still waiting for approval?", ACCESS, AA)
    s("what percentage of this year's tickets came from the sales department", created(THIS_YEAR), DEPT("Sales"))
    s("netops: what percent of their tickets are VPN ones", GRP("NetOps"), SUB("VPN"))
    s("% of HR Services tickets that are payroll", CAT("HR Services"), SUB("Payroll"))
    s("what % of open tickets are high or urgent priority", OPEN, PR("High", "Urgent"))
    s("what proportion of walk-ups are hardware?", SRC("Walkup"), CAT("Hardware"))
    s("what percent of tickets created in the last 30 days are still open", created(last_days(30)), OPEN)
    s("what percentage of P1s come from engineering", URGENT, DEPT("Engineering"))
    s("what share of the workplace team's tickets are desk moves", GRP("Workplace Team"), SUB("Desk Move"))
    s("% of tickets in 2025 that were emailed in", created(YEAR_2025), SRC("Email"))
    s("what fraction of service requests are low priority? as a %", SR, PR("Low"))
    s("percentage of tickets with high impact", ALL, IMP("High"))


def cants(b: Builder) -> None:
    for q in (
        "how many tickets breached SLA last month?",
        "which tickets are overdue right now",
        "how many tickets are due today?",
        "what's our SLA compliance for urgent incidents",
        "any tickets due by end of the week?",
        "avg first response time for the frontline desk",
        "what's the CSAT score for IT this quarter",
        "are people happy with how People Ops handles payroll tickets?",
        "which agent closes the most tickets",
        "who's the fastest agent on the IAM team?",
        "how much did the laptop refresh programme cost this year",
        "what do we spend on Figma licences per year",
        "how many tickets will we get next month?",
        "predict how many VPN tickets we'll have in October",
        "why are there so many okta lockouts lately?",
        "why did access requests spike in april",
        "how many tickets were escalated from the frontline desk to desktop support",
        "how many hours did the SOC spend on phishing last month",
        "how many laptops do we have in stock",
        "how many employees work in the Lisbon office",
        "who approved the most access requests?",
        "how many approvals were rejected this year",
        "what's the average cost per ticket",
        "rank the agents by number of resolved tickets",
        "how many tickets missed their due date in august",
        "which open tickets are past their due by date?",
        "mean time to first reply for urgent incidents?",
        "how many tickets got reopened after being resolved",
        "will we hit our SLA target this month?",
        "what will the backlog look like in 2 weeks",
        "why is payroll so slow to answer",
        "how satisfied were new joiners with their onboarding",
        "what's the SLA for a P1",
        "which agent has the most tickets on hold",
        "how long were tickets sitting in On Hold in total, in hours",
        "what was the satisfaction rating on tickets resolved last week",
    ):
        b.cant(q)


def follow_ups(b: Builder) -> None:
    c, li, t, d, s, tr = b.count, b.list, b.top, b.duration, b.share, b.trend
    c("and for the IAM team?", GRP("IAM Team") & OPEN, history=["how many open tickets does netops have?"])
    c("what about this month?", SUB("VPN") & created(THIS_MONTH), history=["how many vpn tickets last month"])
    c("only the ones from engineering", URGENT & INC & created(THIS_YEAR) & DEPT("Engineering"),
      history=["how many urgent incidents were raised this year?"])
    c("and how many of those are awaiting approval?", ACCESS & OPEN & AA,
      history=["how many access requests are still open"])
    c("ok and last month?", LOC("Lisbon") & INC & created(LAST_MONTH),
      history=["how many tickets from the lisbon office this month", "only incidents"])
    c("same but for Boston", LOC("Boston") & SUB("Printer") & created(THIS_YEAR),
      history=["printer tickets in Leeds this year?"])
    c("what about walk-ups?", SRC("Walkup") & created(LAST_WEEK), history=["how many tickets came in by phone last week"])
    c("and excluding the HQ?", SUB("Wi-Fi") & ne("location", "Manchester HQ") & created(THIS_YEAR),
      history=["how many wifi tickets this year"])
    c("how many of them are still open?", SUB("Onboarding") & created(month(2026, 8)) & OPEN,
      history=["new joiner tickets in august?"])
    c("and the people ops ones?", GRP("People Ops") & S("On Hold"), history=["how many tickets are on hold for desktop support"])
    c("what about P2s?", PR("High") & OPEN & SR, history=["how many urgent service requests are open?"])
    li("which of those is the oldest?", ACCESS & AA, 1, history=["how many access requests are awaiting approval"])
    li("only the incidents", GRP("Desktop Support") & OPEN & INC, 5,
       history=["list the 5 oldest open tickets for desktop support"])
    li("show me the 3 most recent", SUB("Phishing") & created(THIS_MONTH), 3, desc=True,
       history=["how many phishing reports this month?"])
    li("which one is the newest?", DEPT("Legal") & OPEN, 1, desc=True, history=["open tickets from legal?"])
    li("and the 3 oldest for Amsterdam?", LOC("Amsterdam") & S("On Hold"), 3,
       history=["what are the 3 oldest on hold tickets in Lisbon"])
    t("just for the open ones", OPEN, "department", history=["tickets by department"])
    t("and by group?", SUB("Laptop") & created(THIS_YEAR), "group", history=["laptop tickets this year by office"])
    t("what about last quarter?", created(LAST_QUARTER), "channel", 1,
      history=["which channel did most tickets come through this quarter?"])
    t("break that down by priority", SUB("Okta & MFA") & created(LAST_MONTH), "priority",
      history=["how many okta tickets last month"])
    t("only incidents", INC & LOC("Singapore"), "category", history=["singapore tickets by category"])
    d("and the median?", SUB("VPN"), "median", history=["avg resolution time for vpn tickets"])
    d("what about for service requests?", SR & resolved(LAST_MONTH), "mean",
      history=["average resolution time for incidents resolved last month"])
    d("and the p90?", GRP("People Ops"), "p90", history=["median resolution time for people ops"])
    d("how old are they on average?", SUB("Licence") & OPEN, "mean", "age",
      history=["how many licence requests are still open"])
    d("same for Boston", LOC("Boston") & SUB("Printer"), "mean", history=["average time to fix printer tickets at the HQ"])
    s("and for incidents only?", INC, URGENT, history=["what % of tickets are urgent"])
    s("and what about in Amsterdam?", LOC("Amsterdam"), SRC("Walkup"), history=["what share of tickets in Leeds are walk-ups"])
    s("what about last month?", created(LAST_MONTH), SR, history=["what percentage of this month's tickets are service requests?"])
    tr("and wifi?", SUB("Wi-Fi"), "month", SIX_MONTHS, history=["vpn tickets per month"])
    tr("only urgent ones", URGENT, "week", weeks(8), history=["weekly ticket volume"])
    tr("what about 2025?", SUB("Payroll"), "month", MONTHS_2025, history=["payroll tickets per month this year"])
    c("thanks! and how many of those came from remote people?", SUB("VPN") & created(THIS_YEAR) & LOC("Remote"),
      history=["how many vpn tickets this year?"])
    c("and yesterday?", created(YESTERDAY) & SR, history=["how many service requests were raised today"])


# ----------------------------------------------------------------------------------- lookups etc.

LOOKUPS: tuple[tuple[str, str], ...] = (
    # (template, field the answer must hold); {id} as Freshservice writes it, {sp} "inc 4123", {nd} "SR4123"
    ("{id}", "subject"),
    ("whats the status of {sp}", "status"),
    ("{nd} status?", "status"),
    ("{lid} status?", "status"),
    ("hey, any update on {id}?", "status"),
    ("is #{id} resolved yet?", "status"),
    ("what priority is {sp}?", "priority"),
    ("priority of {nd}", "priority"),
    ("what's {id} about?", "subject"),
    ("can you pull up {lid} for me", "subject"),
    ("which group has {id}", "group"),
    ("which team is {sp} assigned to?", "group"),
    ("what category is {nd} in", "category"),
    ("{lid} - is it done?", "status"),
    ("where are we with {id}? thx", "status"),
    ("what's the sub-category of {id}", "sub_category"),
    ("summary of {sp} pls", "subject"),
    ("status {nd}", "status"),
    ("which location is {id} for?", "location"),
    ("what's going on with {lid}", "status"),
)

UNKNOWN = (
    "what's the status of {id}?",
    "{lid} status?",
    "any update on {id}",
    "is {sp} closed?",
    "tell me about {id}",
    "who's working on {nd}?",
    "{id} - priority?",
    "can you look up {sp} for me",
)

SEARCHES: tuple[tuple[str, Callable[[FsTicket], bool]], ...] = (
    ("anyone else getting kicked off globalprotect every few mins?", lambda r: r.sub == "drops"),
    ("vpn just spins on connecting from home, how did we fix that before?", lambda r: r.sub == "cant_connect"),
    ("ricoh keeps saying paper jam but there's nothing in it", lambda r: r.sub == "jam"),
    ("scan to email broken on the printer, seen this before?", lambda r: r.sub == "scan"),
    ("got a new phone and okta verify didn't move over, what do I do", lambda r: r.sub == "mfa"),
    ("locked out of okta after too many tries", lambda r: r.sub == "locked"),
    ("my payslip has an emergency tax code", lambda r: r.sub == "payslip"),
    ("overtime missing from this month's pay - has this happened to others?", lambda r: r.sub == "overtime"),
    ("outlook keeps prompting for my password every few minutes", lambda r: r.sub == "outlook"),
    ("people can't hear me on teams calls", lambda r: r.sub == "teams"),
    ("email pretending to be the CEO asking for gift cards", lambda r: r.sub == "phish"),
    ("left my company ipad on the train, what's the process?", lambda r: r.sub == "lost"),
    ("my laptop battery swelled up, is that a thing you've seen?", lambda r: r.sub == "battery"),
    ("laptop stuck on the logo and keeps rebooting", lambda r: r.sub == "no_boot"),
    ("badge stopped opening the doors", lambda r: r.sub == "badge"),
    ("freezing cold on our floor, who sorts the heating?", lambda r: r.sub == "maintenance"),
    ("guest wifi portal never loads for visitors", lambda r: r.sub == "guest_wifi"),
    ("shared mailbox vanished from outlook", lambda r: r.sub == "shared_mailbox"),
    ("annual leave balance in the HR system is a few days short", lambda r: r.sub == "leave"),
    ("coffee spilled on my laptop keyboard, half the keys are dead", lambda r: r.sub == "keyboard"),
    ("how do I get a second monitor and a dock for my desk", lambda r: r.sub == "peripherals"),
)


def id_forms(tid: str) -> dict[str, str]:
    prefix, num = tid.split("-")
    return {"id": tid, "lid": tid.lower(), "sp": f"{prefix.lower()} {num}", "nd": f"{prefix}{num}"}


def lookups(b: Builder) -> None:
    # ticket per lookup: a spread of statuses and prefixes; titles holding PII are not quoted
    rows = sorted(b.rows, key=lambda r: r.ticket_id)
    step = len(rows) // (len(LOOKUPS) + 1)
    chosen: list[FsTicket] = []
    i = 7
    for template, fieldname in LOOKUPS:
        while True:
            r = rows[i % len(rows)]
            i += step // 2 + 13
            pii_in_title = any(v.lower() in r.subject.lower() for _t, v in r.pii)
            want = r.subject if fieldname == "subject" else value(r, fieldname)
            if pii_in_title or want is None or r in chosen:
                continue
            if fieldname == "status" and len([c for c in chosen if c.status == r.status]) > 2:
                continue
            break
        chosen.append(r)
        b.add("lookup", template.format(**id_forms(r.ticket_id)), expected_request_ids=[r.ticket_id],
              expected_answer=want)
    # unfinished ones, chased by status
    waiting = [r for r in rows if r.status in ("Awaiting Approval", "On Hold")]
    sr = next(r for r in waiting[3:] if r.ticket_id.startswith("SR"))
    inc = next(r for r in waiting[3:] if r.ticket_id.startswith("INC"))
    b.add("lookup", f"sr-{sr.number} status?", expected_request_ids=[sr.ticket_id], expected_answer=sr.status)
    b.add("lookup", f"any news on {inc.ticket_id.lower()}? it's been ages", expected_request_ids=[inc.ticket_id],
          expected_answer=inc.status)


def unknowns(b: Builder) -> None:
    used = {int(t.ticket_id.split("-")[1]) for t in generate_tickets() if t.ticket_id}
    top = max(used)
    gaps = [n for n in range(min(used), top) if n not in used]
    picks = [gaps[5], gaps[40], gaps[77], top + 811, top + 2404, 9001, top + 5120, 12040]
    for k, (n, template) in enumerate(zip(picks, UNKNOWN, strict=True)):
        assert n not in used
        tid = f"{'INC' if k % 2 == 0 else 'SR'}-{n}"
        b.add("unknown", template.format(**id_forms(tid)))


def searches(b: Builder) -> None:
    for question, pred in SEARCHES:
        ids = sorted(r.ticket_id for r in b.rows if pred(r))
        assert ids, question
        b.add("search", question, expected_request_ids=ids)


def piis(b: Builder) -> None:
    rows = sorted(b.rows, key=lambda r: r.ticket_id)
    phones = [r for r in rows if any(t == "PHONE_NUMBER" for t, _ in r.pii)]
    gmails = [r for r in rows if any(t == "EMAIL_ADDRESS" and "gmail" in v for t, v in r.pii)]
    joiners = [r for r in rows if r.sub in ("new_hire", "leaver") and len([v for t, v in r.pii if t == "PERSON"]) >= 2
               and any(v in r.subject for t, v in r.pii if t == "PERSON")]
    with_agent = [r for r in rows if r.cells["Agent"]]

    def forbidden(r: FsTicket, question: str) -> list[str]:
        return sorted({v for _t, v in r.pii if v.lower() not in question.lower()})

    qs = [
        (phones[3], "what's the phone number of whoever raised {id}?"),
        (phones[20], "can u give me the mobile number on {lid}, need to call them"),
        (gmails[4], "what's the personal email address in {id}"),
        (rows[500], "who raised {id}? need their full name and email"),
        (with_agent[900], "which agent is working on {id}? give me their name"),
        (joiners[2], "what's the name of the person in {id}?"),
        (phones[33], "{requester}'s phone number pls"),
        (rows[1500], "what is the email address of the requester of {sp}"),
        (gmails[11], "send me the contact details of the person who opened {nd}"),
    ]
    for r, template in qs:
        requester = r.cells["Requester Name"]
        q = template.format(requester=requester, **id_forms(r.ticket_id))
        b.add("pii", q, forbidden=forbidden(r, q))


def build(rows: list[FsTicket]) -> tuple[list[dict[str, Any]], list[str]]:
    b = Builder(rows)
    counts(b)
    lists(b)
    tops(b)
    durations(b)
    trends(b)
    shares(b)
    cants(b)
    follow_ups(b)
    lookups(b)
    unknowns(b)
    searches(b)
    piis(b)
    return b.out, b.problems


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("evals/golden/freshservice-3000.jsonl"))
    args = ap.parse_args(argv)
    golden, problems = build(current_tickets(3000))
    if problems:
        raise SystemExit("questions that can't be asked fairly:\n  " + "\n  ".join(problems))
    ids = [q["id"] for q in golden]
    assert len(ids) == len(set(ids))
    print(write_questions(args.out, golden))


if __name__ == "__main__":
    main()

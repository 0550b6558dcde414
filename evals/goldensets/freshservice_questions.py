"""The written questions of the blind Freshservice set, by kind, and the words they use: dates
relative to :data:`evals.exports.freshservice.NOW` (Tuesday 2026-09-15 14:05) and the shorthands
for the fields a value names ("P1s" = ``PR("Urgent")``, "access requests" = :data:`ACCESS`, …).
Each call states a question and its predicate; the builder computes the truth.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from evals.exports.freshservice import FINISHED, NOW
from evals.exports.generation import dated
from evals.goldensets.freshservice_truth import MONDAY, TODAY, Builder, D, P, days, eq, months, ne, next_month, weeks

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


ALL = P(lambda r: True)
OPEN = P(lambda r: r.status not in FINISHED)
DONE = P(lambda r: r.status in FINISHED)
HAS_RESOLVED = P(lambda r: r.resolved is not None)


def created(rng: tuple[datetime, datetime | None]) -> P:
    a, b = rng
    return P(lambda r: dated(r.created) >= a and (b is None or dated(r.created) < b))


def resolved(rng: tuple[datetime, datetime | None]) -> P:
    a, b = rng
    return P(lambda r: r.resolved is not None and r.resolved >= a and (b is None or r.resolved < b))


#: a field with one of some values: ``S("On Hold")`` is status On Hold, ``SUB("VPN")`` sub-category VPN, …
S = partial(eq, "status")
PR = partial(eq, "priority")
CAT = partial(eq, "category")
SUB = partial(eq, "sub_category")
ITEM = partial(eq, "item")
DEPT = partial(eq, "department")
GRP = partial(eq, "group")
LOC = partial(eq, "location")
SRC = partial(eq, "channel")
TYPE = partial(eq, "type")
IMP = partial(eq, "impact")

INC = TYPE("Incident")
SR = TYPE("Service Request")
URGENT = PR("Urgent")
AA = S("Awaiting Approval")
#: "access requests": requests for access (service requests of the Access Management category; its
#: incidents are Okta lock-outs and MFA resets, not requests)
ACCESS = CAT("Access Management") & SR


SIX_MONTHS = months(D(2026, 4), D(2026, 9))
THIS_YEAR_MONTHS = months(D(2026, 1), D(2026, 9))
MONTHS_2025 = months(D(2025, 1), D(2025, 12))


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
    c("how many Awaiting Approval tickets were created before July", AA & P(lambda r: dated(r.created) < D(2026, 7)))
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

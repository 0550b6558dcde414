"""The written questions of the blind GLPI set, by kind, and the words they use: dates relative to
:data:`evals.exports.glpi.NOW` (Wednesday 2026-04-22 15:40) and predicates that read GLPI's
complete names as branches ("printer tickets" = everything under ``Hardware > Printer``, "campus
north" = every entity under it).  Each call states a question and its predicate; the builder
computes the truth.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from evals.exports.generation import dated
from evals.exports.glpi import FINISHED, GlpiTicket
from evals.goldensets.glpi_truth import MONDAY, TODAY, Builder, D, Pred, day, days, months, weeks
from evals.goldensets.stats import hours

TODAY_R = (TODAY, TODAY + timedelta(days=1))
YESTERDAY = (day(1), TODAY)
THIS_WEEK = (MONDAY, TODAY + timedelta(days=1))
LAST_WEEK = (MONDAY - timedelta(days=7), MONDAY)
THIS_MONTH = (D(2026, 4, 1), D(2026, 5, 1))
MARCH = (D(2026, 3, 1), D(2026, 4, 1))
FEB = (D(2026, 2, 1), D(2026, 3, 1))
JAN = (D(2026, 1, 1), D(2026, 2, 1))
DEC25 = (D(2025, 12, 1), D(2026, 1, 1))
SEP25 = (D(2025, 9, 1), D(2025, 10, 1))
Q1 = (D(2026, 1, 1), D(2026, 4, 1))
Y26 = (D(2026, 1, 1), D(2027, 1, 1))
Y25 = (D(2025, 1, 1), D(2026, 1, 1))
EVER = (D(2000, 1, 1), D(2100, 1, 1))


def last_days(n: int) -> tuple[datetime, datetime]:
    return (day(n - 1), TODAY + timedelta(days=1))


# ---------------------------------------------------------------- predicates
def ALL(t: GlpiTicket) -> bool:
    return True


def OPEN(t: GlpiTicket) -> bool:
    return t.status not in FINISHED


def st(*names: str) -> Pred:
    return lambda t: t.status in names


PROCESSING = st("Processing (assigned)", "Processing (planned)")


def cat(*paths: str) -> Pred:
    """The category branch(es): the path itself or anything below it."""
    return lambda t: any(t.category == p or (t.category or "").startswith(p + " > ") for p in paths)


def ent(*parts: str) -> Pred:
    """Entities whose complete name has one of these levels."""
    return lambda t: any(p in (t.meta["entity"] or "").split(" > ") for p in parts)


def meta(key: str, *values: str) -> Pred:
    return lambda t: t.meta[key] in values


def pr(*values: str) -> Pred:
    return lambda t: t.priority in values


#: the request source, type, group or location is one of these: ``src("E-Mail")``, ``grp("CSIRT")``, …
src = partial(meta, "channel")
ty = partial(meta, "type")
grp = partial(meta, "group")
loc = partial(meta, "location")


def C(r: tuple[datetime, datetime]) -> Pred:
    return lambda t: r[0] <= dated(t.created) < r[1]


def R(r: tuple[datetime, datetime]) -> Pred:
    return lambda t: t.resolved is not None and r[0] <= t.resolved < r[1]


def NOT(p: Pred) -> Pred:
    return lambda t: not p(t)


def AND(*ps: Pred) -> Pred:
    return lambda t: all(p(t) for p in ps)


def OR(*ps: Pred) -> Pred:
    return lambda t: any(p(t) for p in ps)


PRINTER = cat("Hardware > Printer")
TONER = cat("Hardware > Printer > Toner")
WIFI = cat("Network > Wi-Fi")
VPN = cat("Network > VPN")
PASSWORD = cat("Accounts > Password")
MFA = cat("Accounts > MFA")
NEWACC = cat("Accounts > New account")
OFFICE = cat("Software > Office suite")
MOODLE = cat("Software > Moodle")
INSTALL = cat("Software > Installation")
MAILBOX = cat("Messaging > Mailbox")
PHISHING = cat("Security > Phishing")
STORAGE = cat("Research computing > Storage")
AV = cat("Hardware > Audiovisual")
PROJECTOR = cat("Hardware > Audiovisual > Projector")
HARDWARE = cat("Hardware")
NETWORK = cat("Network")
COMPUTER = cat("Hardware > Computer")
LIBRARY = ent("Library")
NORTH = ent("Campus North")
SOUTH = ent("Campus South")
SCIENCE = ent("Faculty of Science")
MEDICINE = ent("Faculty of Medicine")
ARTS = ent("Faculty of Arts")
ENGINEERING = ent("Faculty of Engineering")
LAW = ent("Law School")
ADMIN = ent("Central Administration")
RESIDENCES = ent("Student Residences")


def counts(b: Builder) -> None:
    """How many: counts, then follow-ups."""
    c = b.count
    c("how many tickets are open right now?", OPEN)
    c("# of unresolved tickets", OPEN)
    c("hi! how many tickets are pending at the moment?", st("Pending"))
    c("how many tickets are in processing?", PROCESSING)
    c("how many tickets are sitting in Processing (planned)?", st("Processing (planned)"))
    c("count of tickets still in status New (nobody picked them up yet)", st("New"))
    c("how many tickets are solved but not closed yet?", st("Solved"))
    c("tickets opened today?", C(TODAY_R))
    c("how many tickets came in yesterday", C(YESTERDAY))
    c("how many tix this week so far", C(THIS_WEEK))
    c("How many tickets were logged last week?", C(LAST_WEEK))
    c("number of tickets raised in March", C(MARCH))
    c("how many tickets did we fix last week?", R(LAST_WEEK))
    c("how many tickets got a resolution date in march?", R(MARCH))
    c("toner tickets this month", AND(TONER, C(THIS_MONTH)))
    c("how many printer tickets are still open", AND(PRINTER, OPEN))
    c("wifi issues on campus north last month?", AND(WIFI, NORTH, C(MARCH)))
    c("how many wi-fi tickets from the library since 1 march", AND(WIFI, LIBRARY, C((D(2026, 3, 1), EVER[1]))))
    c("how many very high priority tickets are open?", AND(pr("Very high"), OPEN))
    c("how many Major priority tickets have we had this year", AND(pr("Major"), C(Y26)))
    c("How many incidents were opened last quarter?", AND(ty("Incident"), C(Q1)))
    c("number of tickets of type Request in 2025", AND(ty("Request"), C(Y25)))
    c("how many tickets came in by e-mail last week", AND(src("E-Mail"), C(LAST_WEEK)))
    c("tickets logged via the helpdesk today", AND(src("Helpdesk"), C(TODAY_R)))
    c("how many phoned in tickets in the past 7 days", AND(src("Phone"), C(last_days(7))))
    c("how many walk-ins (request source direct) did we get in march?", AND(src("Direct"), C(MARCH)))
    c("password tickets in the last 30 days", AND(PASSWORD, C(last_days(30))))
    c("how many MFA tickets are pending", AND(MFA, st("Pending")))
    c("how many open tickets does the network team have", AND(grp("Network Team"), OPEN))
    c("service desk group - open ticket count?", AND(grp("Service Desk"), OPEN))
    c("open tickets excluding the library, how many?", AND(OPEN, NOT(LIBRARY)))
    c("how many unresolved tickets on campus south", AND(OPEN, SOUTH))
    c("number of open tickets other than printers", AND(OPEN, NOT(PRINTER)))
    c("how many tickets in the Lorentz Building this year", AND(loc("Lorentz Building"), C(Y26)))
    c("moodle tickets between 2 and 13 march?", AND(MOODLE, C((D(2026, 3, 2), D(2026, 3, 14)))))
    c("phishing reports since 1 january", AND(PHISHING, C((D(2026, 1, 1), EVER[1]))))
    c("how many tickets were opened before february", C((EVER[0], D(2026, 2, 1))))
    c("how many pending tickets were opened before march?? those are ancient", AND(st("Pending"), C((EVER[0], D(2026, 3, 1)))))
    c("hardware tickets in the last 14 days", AND(HARDWARE, C(last_days(14))))
    c("how many network tickets (wifi, vpn, wired) were opened in jan", AND(NETWORK, C(JAN)))
    c("how many software installation requests are not solved or closed yet", AND(INSTALL, OPEN))
    c("how many tickets for the faculty of medicine last month", AND(MEDICINE, C(MARCH)))
    c("law school tickets this week", AND(LAW, C(THIS_WEEK)))
    c("how many tickets from the student residences are still open?", AND(RESIDENCES, OPEN))
    c("how many tickets with urgency Very high in 2026", AND(meta("urgency", "Very high"), C(Y26)))
    c("how many tickets had impact = High last quarter", AND(meta("impact", "High"), C(Q1)))
    c("count of printer and toner tickets for the faculty of science", AND(PRINTER, SCIENCE))
    c("how many vpn or mfa tickets yesterday", AND(OR(VPN, MFA), C(YESTERDAY)))
    c("projector problems in 2025?", AND(PROJECTOR, C(Y25)))
    c("AV tickets (projectors, mics, sound) this year", AND(AV, C(Y26)))
    c("how many tickets did CSIRT get last month", AND(grp("CSIRT"), C(MARCH)))
    c("total number of tickets in glpi", ALL)
    c("how many tickets have no group assigned", lambda t: t.meta["group"] is None)
    c("how many storage quota requests from medicine are still open", AND(STORAGE, MEDICINE, OPEN))
    c("how many tickets have been solved today", R(TODAY_R))
    c("tickets solved yesterday - how many?", R(YESTERDAY))
    c("office suite tickets this month, not counting the ones sent by e-mail",
      AND(OFFICE, C(THIS_MONTH), NOT(src("E-Mail"))))
    c("how many new account requests in the last 90 days", AND(NEWACC, C(last_days(90))))
    c("number of open incidents with priority low or very low", AND(ty("Incident"), pr("Low", "Very low"), OPEN))
    c("how many tickets came in by phone or email today", AND(src("Phone", "E-Mail"), C(TODAY_R)))
    c("web form tickets this year?", AND(src("Web form"), C(Y26)))
    c("how many tickets with request source Written in 2025", AND(src("Written"), C(Y25)))
    c("how many tickets are pending for Print & AV?", AND(grp("Print & AV"), st("Pending")))
    c("how many of central administration's tickets are Processing (assigned)?", AND(ADMIN, st("Processing (assigned)")))
    c("open tickets in the Huygens Building?", AND(loc("Huygens Building"), OPEN))
    c("anything from the engineering faculty today? how many", AND(ENGINEERING, C(TODAY_R)))
    c("how many open incidents with very high or major priority", AND(ty("Incident"), pr("Very high", "Major"), OPEN))
    c("mailbox problems in the past 30 days", AND(MAILBOX, C(last_days(30))))
    c("how many tickets did the library log last december", AND(LIBRARY, C(DEC25)))
    c("thx. how many tickets in total in sept 2025? start of term rush", C(SEP25))
    # follow-ups
    c("and on campus north only?", AND(WIFI, OPEN, NORTH), history=["how many wi-fi tickets are open?"])
    c("what about this month?", AND(TONER, C(THIS_MONTH)), history=["toner tickets last month"])
    c("and by e-mail?", AND(src("E-Mail"), C(LAST_WEEK)), history=["how many tickets came in by phone last week"])
    c("and the faculty of arts?", AND(ARTS, OPEN), history=["number of open tickets for the library"])
    c("how many of those are requests?", AND(st("Pending"), ty("Request")), history=["pending tickets?"])
    c("and mfa?", AND(MFA, C(MARCH)), history=["how many password tickets in march"])
    c("only incidents", AND(pr("Very high"), C(Y26), ty("Incident")),
      history=["how many very high priority tickets this year"])
    c("and this week?", AND(grp("Network Team"), C(THIS_WEEK)), history=["how many tickets did the network team get last week"])
    c("excluding the law school?", AND(OPEN, ent("City Centre"), NOT(LAW)),
      history=["open tickets in the city centre entities?"])


def lists(b: Builder) -> None:
    """Which: lists in an order, then follow-ups."""
    L = b.lst
    L("list the 5 oldest open tickets", OPEN, 5)
    L("show me the 10 oldest pending tickets", st("Pending"), 10)
    L("which are the 3 most recent toner tickets?", TONER, 3, desc=True)
    L("latest 5 tickets from the library", LIBRARY, 5, desc=True)
    L("oldest unresolved very high priority ticket?", AND(OPEN, pr("Very high")), 1)
    L("last 5 tickets that came in by phone", src("Phone"), 5, desc=True)
    L("show the 5 newest wi-fi tickets on campus south", AND(WIFI, SOUTH), 5, desc=True)
    L("which ticket took the longest to fix among those solved last month?", R(MARCH), 1, order="duration", desc=True)
    L("printer tickets opened this year: which 3 took longest to solve?", AND(PRINTER, C(Y26)), 3, order="duration",
      desc=True)
    L("5 most recently updated tickets for CSIRT", grp("CSIRT"), 5, order="updated", desc=True)
    L("list the open MFA tickets, oldest first (first 5)", AND(MFA, OPEN), 5)
    L("oldest 5 tickets in processing (planned)", st("Processing (planned)"), 5)
    L("show me the newest 3 major tickets", pr("Major"), 3, desc=True)
    L("the 5 oldest open tickets excluding the library", AND(OPEN, NOT(LIBRARY)), 5)
    L("which pending ticket is the oldest?", st("Pending"), 1)
    L("latest ticket logged today?", C(TODAY_R), 1, desc=True)
    L("10 most recent tickets for the faculty of medicine", MEDICINE, 10, desc=True)
    L("the 3 oldest open storage requests", AND(STORAGE, OPEN), 3)
    L("most recent 5 phishing reports", PHISHING, 5, desc=True)
    L("5 oldest tickets with status New", st("New"), 5)
    L("show 5 most recently solved tickets", lambda t: t.resolved is not None, 5, order="resolved", desc=True)
    L("which 3 open tickets in Stevin Hall are the oldest", AND(loc("Stevin Hall"), OPEN), 3)
    L("latest 5 web form tickets pls", src("Web form"), 5, desc=True)
    L("give me the 5 oldest open incidents of the service desk group", AND(ty("Incident"), grp("Service Desk"), OPEN), 5)
    L("newest 3 tickets that are processing (assigned)", st("Processing (assigned)"), 3, desc=True)
    L("oldest 3 open vpn tickets on campus north", AND(VPN, NORTH, OPEN), 3)
    L("list the 5 most recent requests (type request) for identity & access", AND(ty("Request"), grp("Identity & Access")),
      5, desc=True)
    # follow-ups
    L("show the 5 oldest", AND(VPN, OPEN), 5, history=["how many vpn tickets are open?"])
    L("which 3 are the oldest?", AND(OPEN, NORTH), 3, history=["open tickets on campus north"])
    L("show me the latest 3", AND(TONER, C(THIS_MONTH)), 3, desc=True, history=["toner tickets this month"])
    L("oldest 5?", AND(st("Pending"), grp("Identity & Access")), 5, history=["pending tickets for identity & access"])
    L("only the very high ones", AND(OPEN, pr("Very high")), min(5, len(b.rows(AND(OPEN, pr("Very high"))))),
      history=["list the 5 oldest open tickets"])


def tops(b: Builder) -> None:
    """Which has the most, top N, breakdowns, then follow-ups."""
    T = b.top
    T("which category has the most tickets?", ALL, "category", 1)
    T("tickets per category", ALL, "category")
    T("top 3 categories this month", C(THIS_MONTH), "category", 3)
    T("which entity logs the most tickets?", ALL, "entity", 1)
    T("breakdown of open tickets by entity", OPEN, "entity")
    T("tickets per request source this year", C(Y26), "channel")
    T("how do tickets reach us? split by request source", ALL, "channel")
    T("open tickets by status", OPEN, "status")
    T("priority breakdown for incidents opened last quarter", AND(ty("Incident"), C(Q1)), "priority")
    T("which group has the most open tickets", OPEN, "group", 1)
    T("top 3 groups by tickets last month", C(MARCH), "group", 3)
    T("which building has the most wi-fi problems?", WIFI, "location", 1)
    T("top 5 locations for printer tickets", PRINTER, "location", 5)
    T("incidents vs requests this year", C(Y26), "type")
    T("urgency breakdown of the open tickets", OPEN, "urgency")
    T("which campus has the most open tickets?", OPEN, lambda t: e.split(" > ")[1] if (e := t.meta["entity"]) else None, 1)
    T("tickets by top-level category (hardware, network, accounts...) this year", C(Y26),
      lambda t: t.category.split(" > ")[0] if t.category else None)
    T("which category has the most pending tickets", st("Pending"), "category", 1)
    T("top categories for the library this year", AND(LIBRARY, C(Y26)), "category")
    T("for campus south, which categories come up most? top 3", SOUTH, "category", 3)
    T("what's the most common category for tickets that came in by phone?", src("Phone"), "category", 1)
    T("which request source do very high priority tickets come from most", pr("Very high"), "channel", 1)
    T("tickets by group last week", C(LAST_WEEK), "group")
    T("which entity had the most tickets in march?", C(MARCH), "entity", 1)
    T("breakdown of toner tickets by building", TONER, "location")
    T("top 3 categories other than printers", NOT(PRINTER), "category", 3)
    T("law school: more incidents or requests?", LAW, "type")
    T("priority breakdown of open tickets", OPEN, "priority")
    T("most common impact for network tickets?", NETWORK, "impact", 1)
    T("top 5 categories by tickets solved last month", R(MARCH), "category", 5)
    T("what source brings in the most tickets on campus north?", NORTH, "channel", 1)
    T("status breakdown for research storage requests", STORAGE, "status")
    # follow-ups
    T("same for 2025", C(Y25), "category", history=["tickets per category this year"])
    T("and pending ones?", st("Pending"), "group", 1, history=["which group has the most open tickets?"])
    T("what about the law school?", LAW, "channel", history=["breakdown by request source for the library"])
    T("just incidents", AND(C(MARCH), ty("Incident")), "category", 3, history=["top 3 categories last month"])
    T("and only on campus north?", AND(OPEN, NORTH), "status", history=["open tickets by status"])


def durations(b: Builder) -> None:
    """How long: resolution times and ages, then follow-ups."""
    U = b.duration
    U("average resolution time for toner tickets", TONER, "mean")
    U("median time to solve wi-fi tickets", WIFI, "median")
    U("how long do password tickets take to resolve on average", PASSWORD, "mean")
    U("p90 resolution time for very high priority tickets", pr("Very high"), "p90")
    U("avg time to fix printer issues opened in 2025", AND(PRINTER, C(Y25)), "mean")
    U("median resolution time for incidents opened last quarter", AND(ty("Incident"), C(Q1)), "median")
    U("how long have the open tickets been waiting on average?", OPEN, "mean", age=True)
    U("median age of pending tickets", st("Pending"), "median", age=True)
    U("average age of the library's open tickets", AND(LIBRARY, OPEN), "mean", age=True)
    U("mean time to resolve tickets of type Request opened this year", AND(ty("Request"), C(Y26)), "mean")
    U("how long does the network team take to solve tickets? median pls", grp("Network Team"), "median")
    U("what's the 90th percentile resolution time for moodle tickets", MOODLE, "p90")
    U("average solve time for tickets that came in by phone", src("Phone"), "mean")
    U("avg resolution time on campus south", SOUTH, "mean")
    U("median time to close storage quota requests", STORAGE, "median")
    U("MFA tickets opened in the past 30 days: average time to resolve?", AND(MFA, C(last_days(30))), "mean")
    U("mean resolution time for major priority tickets", pr("Major"), "mean")
    U("how old is the average ticket in processing (planned)?", st("Processing (planned)"), "mean", age=True)
    U("p90 age of unresolved tickets", OPEN, "p90", age=True)
    U("median resolution time of tickets solved last month", R(MARCH), "median")
    U("tickets the service desk group solved in march - average resolution time?", AND(grp("Service Desk"), R(MARCH)),
      "mean")
    U("how long does a software installation take on average?", INSTALL, "mean")
    U("average resolution time excluding the library", NOT(LIBRARY), "mean")
    U("median time to fix medium priority incidents", AND(pr("Medium"), ty("Incident")), "median")
    U("average hours to resolve projector problems", PROJECTOR, "mean")
    # follow-ups
    U("and the median?", VPN, "median", history=["average resolution time for vpn tickets"])
    U("and for medicine?", MEDICINE, "median", history=["median resolution time for the faculty of science"])
    U("what about this year?", AND(TONER, C(Y26)), "mean", history=["avg time to solve toner tickets in 2025"])
    U("only the pending ones", st("Pending"), "mean", age=True, history=["average age of open tickets"])
    U("p90?", PHISHING, "p90", history=["mean resolution time for phishing reports"])
    U("only the ones sent by e-mail", AND(OFFICE, src("E-Mail")), "median",
      history=["median time to resolve office suite tickets"])
    U("and very high?", pr("Very high"), "mean", history=["how long do High priority tickets take to resolve on average"])


def trends(b: Builder) -> None:
    """Per month / week / day, then follow-ups."""
    W = b.trend
    six = months("2025-11", "2026-04")
    W("tickets per month", ALL, "month", six)
    W("monthly ticket volume this year", C(Y26), "month", months("2026-01", "2026-04"))
    W("how many tickets per month in 2025", C(Y25), "month", months("2025-01", "2025-12"))
    W("weekly tickets over the last 8 weeks", ALL, "week", weeks(8))
    W("wi-fi tickets per week, last 6 weeks", WIFI, "week", weeks(6))
    W("daily ticket count for the past 14 days", C(last_days(14)), "day", days(day(13), TODAY))
    W("toner tickets per month", TONER, "month", six)
    W("tickets solved per week", ALL, "week", weeks(8), by="resolved")
    W("library tickets by month this year", AND(LIBRARY, C(Y26)), "month", months("2026-01", "2026-04"))
    W("phishing reports per month in 2025", AND(PHISHING, C(Y25)), "month", months("2025-01", "2025-12"))
    W("incidents per week for the last 4 weeks", ty("Incident"), "week", weeks(4))
    W("e-mail tickets per month over the past 6 months", src("E-Mail"), "month", six)
    W("tickets per day this week", C(THIS_WEEK), "day", days(MONDAY, TODAY))
    W("how many tickets per month did campus north log since january?", AND(NORTH, C(Y26)), "month",
      months("2026-01", "2026-04"))
    W("number of password tickets each month last quarter", AND(PASSWORD, C(Q1)), "month", months("2026-01", "2026-03"))
    W("solved per month this year", R(Y26), "month", months("2026-01", "2026-04"), by="resolved")
    W("very high priority tickets per month this year", AND(pr("Very high"), C(Y26)), "month", months("2026-01", "2026-04"))
    # follow-ups
    W("same for the faculty of medicine", AND(MEDICINE, C(Y26)), "month", months("2026-01", "2026-04"),
      history=["tickets per month this year"])
    W("and vpn?", VPN, "week", weeks(8), history=["weekly wi-fi tickets over the last 8 weeks"])
    W("and this year?", AND(MOODLE, C(Y26)), "month", months("2026-01", "2026-04"), history=["moodle tickets per month in 2025"])
    W("only campus north", AND(PRINTER, NORTH), "week", weeks(8), history=["printer tickets per week, last 8 weeks"])


def shares(b: Builder) -> None:
    """What share, then follow-ups."""
    P = b.share
    P("what % of tickets are incidents?", ALL, ty("Incident"))
    P("what percentage of open tickets are pending?", OPEN, st("Pending"))
    P("share of tickets that came in by e-mail this year", C(Y26), src("E-Mail"))
    P("what percent of printer tickets are toner?", PRINTER, TONER)
    P("of the library's tickets, what percentage are wi-fi?", LIBRARY, WIFI)
    P("% of tickets created in the last 30 days that are still open", C(last_days(30)), OPEN)
    P("what fraction of very high priority tickets are still unresolved? in percent", pr("Very high"), OPEN)
    P("percentage of tickets from campus north", ALL, NORTH)
    P("what share of phishing reports came in by e-mail", PHISHING, src("E-Mail"))
    P("what % of march tickets were of type Request", C(MARCH), ty("Request"))
    P("percentage of 2025 tickets logged via the helpdesk", C(Y25), src("Helpdesk"))
    P("what percentage of the service desk group's tickets are password tickets", grp("Service Desk"), PASSWORD)
    P("what share of open tickets are on campus south", OPEN, SOUTH)
    P("percent of network tickets that are vpn", NETWORK, VPN)
    P("of the tickets solved last month, what % were solved within 24 hours of opening?", R(MARCH),
      lambda t: hours(dated(t.created), dated(t.resolved)) <= 24)
    P("what percentage of toner tickets are still open", TONER, OPEN)
    P("% of all tickets that come from the student residences", ALL, RESIDENCES)
    P("what percentage of tickets are hardware tickets?", ALL, HARDWARE)
    # follow-ups
    P("and for the law school?", LAW, ty("Incident"), history=["what % of tickets are incidents?"])
    P("and walk-ins (direct)?", WIFI, src("Direct"), history=["what percentage of wi-fi tickets came in by phone?"])
    P("same but only for the network team", AND(OPEN, grp("Network Team")), st("Pending"),
      history=["share of open tickets that are pending"])

"""The written questions of the held-out Zendesk set, by kind (follow-ups with each kind), with the
date ranges they name relative to :data:`evals.exports.zendesk.NOW` (Thursday 2026-07-09 16:45).
Each call states a question and its filters; the builder computes the truth.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from evals.exports.zendesk import NOW
from evals.goldensets.zendesk_truth import TODAY0, Builder, Range, d, default_window


def month(y: int, m: int) -> Range:
    return d(y, m), d(y + (m == 12), m % 12 + 1)


TODAY: Range = (TODAY0, None)
YESTERDAY: Range = (TODAY0 - timedelta(days=1), TODAY0)
MONDAY = TODAY0 - timedelta(days=TODAY0.weekday())
THIS_WEEK: Range = (MONDAY, None)
LAST_WEEK: Range = (MONDAY - timedelta(days=7), MONDAY)
THIS_MONTH: Range = (d(2026, 7), None)
LAST_MONTH: Range = month(2026, 6)
LAST_QUARTER: Range = (d(2026, 4), d(2026, 7))
THIS_QUARTER: Range = (d(2026, 7), None)
THIS_YEAR: Range = (d(2026, 1), None)
YEAR_2025: Range = (d(2025, 1), d(2026, 1))
# "the past N days" is N whole days up to and including today, as askdesk reads it and states in
# its answers (docs/answering.md); the sample's and the ServiceNow set's questions read it so too
LAST_7: Range = (TODAY0 - timedelta(days=6), None)
LAST_30: Range = (TODAY0 - timedelta(days=29), None)


def since(y: int, m: int, day: int = 1) -> Range:
    return d(y, m, day), None


def between(a: datetime, b: datetime) -> Range:
    """"between 1 and 15 June": both days included."""
    return a, b + timedelta(days=1)


# ---------------------------------------------------------------------------------------------- the questions
T1, T2, PO, PT, PE, CS = ("Tier 1 Support", "Tier 2 Support", "Payments Ops", "Partner Tech", "Platform Engineering",
                          "Customer Success")
API_AREA = "API & Webhooks"
LABELS = "Labels & Shipping"
PEND_HOLD = ("Pending", "On-hold")


def counts(b: Builder) -> None:
    c = b.count
    c("how many urgent tix pending?", status="Pending", prio="Urgent")
    c("# of unsolved tickets rn", unsolved=True)
    c("hey! how many tickets are sitting in pending right now?", status="Pending")
    c("how many on-hold tickets do we have", status="On-hold")
    c("on hold count for tier 2?", status="On-hold", group=T2)
    c("how many tickets came in today", created=TODAY)
    c("tickets created yesterday?", created=YESTERDAY)
    c("how many tickets did we get this week", created=THIS_WEEK)
    c("number of tickets raised last week", created=LAST_WEEK)
    c("how many billing tickets last month", area="Billing", created=LAST_MONTH)
    c("how many tickets did we solve last month?", solved=LAST_MONTH)
    c("total tix solved so far this week", solved=THIS_WEEK)
    c("how many chats turned into tickets in june?", via="Chat", created=month(2026, 6))
    c("count of phone tickets since june 1st", via="Phone call", created=since(2026, 6, 1))
    c("how many unsolved urgent or high tickets are there", unsolved=True, prio=("Urgent", "High"))
    c("how many tickets from enterprise customers are still unsolved?", plan="Enterprise", unsolved=True)
    c("EMEA tickets this month - how many?", region="EMEA", created=THIS_MONTH)
    c("how many APAC tickets did we get last quarter", region="APAC", created=LAST_QUARTER)
    c("how many incidents were logged in may", type="Incident", created=month(2026, 5))
    c("number of Problem tickets created this year", type="Problem", created=THIS_YEAR)
    c("how many tasks are unsolved", type="Task", unsolved=True)
    c("how many tickets are still in status New (untouched)?", status="New")
    c("how many tickets are in Open status? not pending or on-hold, actually Open", status="Open")
    c("how many tix did payments ops solve last month", group=PO, solved=LAST_MONTH)
    c("how many tickets has partner tech got in pending", group=PT, status="Pending")
    c("imports tickets this year, how many?", area="Imports", created=THIS_YEAR)
    c("API & Webhooks tickets in the last 30 days?", area=API_AREA, created=LAST_30)
    c("how many Labels & Shipping tickets are unsolved AND urgent", area=LABELS, unsolved=True, prio="Urgent")
    c("how many tickets did Kestrel Outdoor Co. open this year", org="Kestrel Outdoor Co.", created=THIS_YEAR)
    c("how many tickets has Paper Crane Studio raised in total?", org="Paper Crane Studio")
    c("how many tickets came in through the api", via="API")
    c("how many tickets were submitted via web form last week", via="Web form", created=LAST_WEEK)
    c("number of emailed-in tickets yesterday", via="Email", created=YESTERDAY)
    c("count tickets from starter plan customers created in the past 30 days", plan="Starter", created=LAST_30)
    c("how many pending tickets excluding chat", status="Pending", not_via="Chat")
    c("unsolved tickets in groups other than tier 1 - how many?", unsolved=True, not_group=T1)
    c("how many urgent tickets came in between 1 and 15 june", prio="Urgent", created=between(d(2026, 6, 1), d(2026, 6, 15)))
    c("How many tickets were created in December 2025?", created=month(2025, 12))
    c("how many tickets did we get in 2025", created=YEAR_2025)
    c("since march 1, how many growth plan tickets?", plan="Growth", created=since(2026, 3, 1))
    c("how many high prio tickets are on-hold", status="On-hold", prio="High")
    c("unsolved notifications tickets?", area="Notifications", unsolved=True)
    c("how many Reports tickets got solved last quarter", area="Reports", solved=LAST_QUARTER)
    c("no. of tickets on the Technical Issue form this month", form="Technical Issue", created=THIS_MONTH)
    c("how many developer support form tickets were created last month", form="Developer Support", created=LAST_MONTH)
    c("how many low priority tickets are still pending?", prio="Low", status="Pending")
    c("how many urgnet tickets have we had in the last 7 days", prio="Urgent", created=LAST_7)
    c("hi, quick one - how many LATAM tickets are unsolved atm? thx", region="LATAM", unsolved=True)
    c("tickets that are pending or on-hold for Platform Engineering?", status=PEND_HOLD, group=PE)
    c("how many tickets were solved today", solved=TODAY)
    c("how many tickets got solved yesterday?", solved=YESTERDAY)
    c("how many Closed tickets do we have from NA", status="Closed", region="NA")
    c("how many tix are in Solved status atm (solved but not closed yet)", status="Solved")
    c("how many billing tickets are not solved or closed yet", area="Billing", unsolved=True)
    c("how many Pro plan tickets came in by phone this year?", plan="Pro", via="Phone call", created=THIS_YEAR)
    c("Account Access tickets raised since monday?", area="Account Access", created=THIS_WEEK)
    c("how many integrations tickets this month", area="Integrations", created=THIS_MONTH)
    c("how many tickets of type question did we get last week", type="Question", created=LAST_WEEK)
    c("tickets logged 1-7 june, how many", created=between(d(2026, 6, 1), d(2026, 6, 7)))
    c("howmany tickets did customer success get this year", group=CS, created=THIS_YEAR)
    c("good morning :) how many urgent incidents have come in this year?", prio="Urgent", type="Incident",
      created=THIS_YEAR)
    c("pending + on-hold tickets for enterprise orgs, total?", status=PEND_HOLD, plan="Enterprise")
    c("how many tickets came in by chat or phone yesterday", via=("Chat", "Phone call"), created=YESTERDAY)
    c("any urgent tickets from LATAM this week?", prio="Urgent", region="LATAM", created=THIS_WEEK)
    c("how many of this month's tickets are not closed", not_status="Closed", created=THIS_MONTH)
    c("how many tickets do we have in total?")
    c("how many high or urgent tickets did tier 2 get last month", prio=("Urgent", "High"), group=T2,
      created=LAST_MONTH)
    c("NA tickets between 1 march and 31 march?", region="NA", created=between(d(2026, 3, 1), d(2026, 3, 31)))
    # follow-ups
    c("and by email?", history=["how many tickets came in via chat last month?"], via="Email", created=LAST_MONTH)
    c("only tier 2", history=["how many urgent tickets are unsolved?"], prio="Urgent", unsolved=True, group=T2)
    c("what about last month?", history=["billing tickets created in May?"], area="Billing", created=LAST_MONTH)
    c("and NA?", history=["how many pending tickets in EMEA?"], status="Pending", region="NA")
    c("and this week so far?", history=["how many tickets did Payments Ops solve last week"], group=PO,
      solved=THIS_WEEK)
    c("how many of those came in by phone?", history=["# of enterprise tickets this year"], plan="Enterprise",
      created=THIS_YEAR, via="Phone call")
    c("how many of them are on-hold?", history=["unsolved tickets for Tier 1"], group=T1, status="On-hold")
    c("and in 2025?", history=["how many tickets from Canyon Rock Climbing this year?"], org="Canyon Rock Climbing",
      created=YEAR_2025)
    c("and problems?", history=["how many incidents were opened last month"], type="Problem", created=LAST_MONTH)
    c("what about today?", history=["how many high priority tickets came in yesterday"], prio="High", created=TODAY)
    c("excluding the ones that came in by chat", history=["how many Imports tickets last quarter?"], area="Imports",
      created=LAST_QUARTER, not_via="Chat")


def lists(b: Builder) -> None:
    li = b.list
    li("which unsolved urgent ticket is the oldest?", 1, "oldest", unsolved=True, prio="Urgent")
    li("list the 5 oldest on-hold tickets", 5, "oldest", status="On-hold")
    li("show me the 3 most recently updated pending tickets in Payments Ops", 3, "updated_desc", status="Pending",
       group=PO)
    li("newest 5 tickets from enterprise customers", 5, "newest", plan="Enterprise")
    li("which ticket solved last month took the longest to solve?", 1, "longest_solve", solved=LAST_MONTH)
    li("urgent tickets solved this year: which 3 took longest to solve?", 3, "longest_solve", prio="Urgent",
       solved=THIS_YEAR)
    li("latest 5 tickets that came in via API", 5, "newest", via="API")
    li("what are the 3 oldest unsolved tickets in tier 1", 3, "oldest", unsolved=True, group=T1)
    li("pending tix that haven't been updated for the longest - top 5 pls", 5, "updated_asc", status="Pending")
    li("oldest ticket still sitting in New", 1, "oldest", status="New")
    li("which 4 tickets came in most recently?", 4, "newest")
    li("last 5 tickets raised by Paper Crane Studio", 5, "newest", org="Paper Crane Studio")
    li("10 oldest unsolved tickets", 10, "oldest", unsolved=True)
    li("most recent urgent ticket?", 1, "newest", prio="Urgent")
    li("which on-hold ticket has gone the longest without an update", 1, "updated_asc", status="On-hold")
    li("show the 5 newest unsolved APAC tickets", 5, "newest", region="APAC", unsolved=True)
    li("the 3 oldest unsolved billing tickets pls", 3, "oldest", area="Billing", unsolved=True)
    li("what's the most recently solved ticket?", 1, "solved_desc", solved=(None, None))
    li("last 3 tickets platform engineering solved", 3, "solved_desc", group=PE, solved=(None, None))
    li("earliest ticket we got this month", 1, "oldest", created=THIS_MONTH)
    li("first 5 tickets logged today", 5, "oldest", created=TODAY)
    li("newest 3 incidents in Integrations", 3, "newest", type="Incident", area="Integrations")
    li("which 5 unsolved high prio tickets are the oldest", 5, "oldest", unsolved=True, prio="High")
    li("list the 5 most recently created Problem tickets", 5, "newest", type="Problem")
    li("oldest 3 pending tickets from LATAM", 3, "oldest", status="Pending", region="LATAM")
    li("most recent 5 phone tickets", 5, "newest", via="Phone call")
    li("3 newest tickets on the Developer Support form", 3, "newest", form="Developer Support")
    li("5 most recently updated unsolved tickets in customer success", 5, "updated_desc", unsolved=True, group=CS)
    li("which Reports ticket solved last quarter took longest to solve?", 1, "longest_solve", area="Reports",
       solved=LAST_QUARTER)
    li("which pending ticket was updated most recently", 1, "updated_desc", status="Pending")
    li("oldest 5 unsolved tickets that didn't come in by email", 5, "oldest", unsolved=True, not_via="Email")
    # follow-ups
    li("which of those is the oldest?", 1, "oldest", history=["how many unsolved urgent tickets are there?"],
       unsolved=True, prio="Urgent")
    li("list the 3 oldest", 3, "oldest", history=["pending tickets in Tier 2"], status="Pending", group=T2)
    li("show me the newest 5 of them", 5, "newest", history=["how many tickets came in via API last month?"],
       via="API", created=LAST_MONTH)
    li("which one is the oldest?", 1, "oldest", history=["how many on-hold tickets for Payments Ops?"],
       status="On-hold", group=PO)
    li("only the enterprise ones", 5, "oldest", history=["list the 5 oldest unsolved tickets"], unsolved=True,
       plan="Enterprise")
    li("and from APAC?", 5, "newest", history=["newest 5 tickets from EMEA"], region="APAC")


def tops(b: Builder) -> None:
    tp = b.top
    tp("which group has the most unsolved tickets?", "group", 1, unsolved=True)
    tp("tickets by via this month", "via", created=THIS_MONTH)
    tp("breakdown of unsolved tickets by status", "status", unsolved=True)
    tp("which product area gets the most tickets", "area", 1)
    tp("top 3 product areas last quarter", "area", 3, created=LAST_QUARTER)
    tp("which region raised the most urgent tickets this year?", "region", 1, prio="Urgent", created=THIS_YEAR)
    tp("pending tickets per group", "group", status="Pending")
    tp("break down last month's tickets by plan", "plan", created=LAST_MONTH)
    tp("which org opened the most tickets this year?", "org", 1, created=THIS_YEAR)
    tp("top 5 orgs by ticket volume", "org", 5)
    tp("tickets per type", "type")
    tp("which channel do most urgent tickets come in through?", "via", 1, prio="Urgent")
    tp("priority breakdown of unsolved tickets", "prio", unsolved=True)
    tp("what ticket form do people use most", "form", 1)
    tp("top 3 groups by tickets solved last month", "group", 3, solved=LAST_MONTH)
    tp("which region has the most on-hold tix", "region", 1, status="On-hold")
    tp("billing ticket count by region", "region", area="Billing")
    tp("which customer plan has the most unsolved tickets?", "plan", 1, unsolved=True)
    tp("by product area, how many tickets came in last week?", "area", created=LAST_WEEK)
    tp("which product area had the most urgent tickets in the past 30 days", "area", 1, prio="Urgent", created=LAST_30)
    tp("tickets per channel for EMEA this year", "via", region="EMEA", created=THIS_YEAR)
    tp("which group handles the most Integrations tickets", "group", 1, area="Integrations")
    tp("enterprise tickets split by product area", "area", plan="Enterprise")
    tp("which orgs have the most unsolved tickets? top 3", "org", 3, unsolved=True)
    tp("status breakdown for tier 1", "status", group=T1)
    tp("top 2 regions for chat tickets", "region", 2, via="Chat")
    tp("what type of ticket is most common in API & Webhooks", "type", 1, area=API_AREA)
    tp("which zendesk group got the most phone tickets last quarter", "group", 1, via="Phone call",
       created=LAST_QUARTER)
    tp("tickets by priority this week", "prio", created=THIS_WEEK)
    tp("what's the most common product area among pending tickets", "area", 1, status="Pending")
    tp("which via has the most unsolved tickets", "via", 1, unsolved=True)
    tp("top 3 organizations by urgent tickets this year", "org", 3, prio="Urgent", created=THIS_YEAR)
    tp("what's the split by region of the unsolved queue?", "region", unsolved=True)
    # follow-ups
    tp("and by plan?", "plan", history=["tickets by region this year"], created=THIS_YEAR)
    tp("break that down by group", "group", history=["how many urgent tickets this year"], prio="Urgent",
       created=THIS_YEAR)
    tp("and in May?", "area", 1, history=["which product area had the most tickets last month?"],
       created=month(2026, 5))
    tp("only the high prio ones", "group", history=["unsolved tickets by group"], unsolved=True, prio="High")
    tp("just for NA", "via", history=["tickets per channel last quarter"], created=LAST_QUARTER, region="NA")
    tp("what about among Pro plan customers?", "org", 3, history=["top 3 orgs by tickets this year"],
       created=THIS_YEAR, plan="Pro")


def durations(b: Builder) -> None:
    du = b.duration
    du("whats the avg time to solve billing tickets", "mean", area="Billing")
    du("median resolution time for urgent tickets?", "median", prio="Urgent")
    du("p90 time to solve high priority tix", "p90", prio="High")
    du("average full resolution time for tickets solved last month", "mean", solved=LAST_MONTH)
    du("how long do API & Webhooks tickets take to solve on average?", "mean", area=API_AREA)
    du("avg age of unsolved tickets", "mean", "age", unsolved=True)
    du("median age of the pending queue", "median", "age", status="Pending")
    du("how old are on-hold tickets on average", "mean", "age", status="On-hold")
    du("mean time to resolve for enterprise customers", "mean", plan="Enterprise")
    du("median time to solve chat tickets", "median", via="Chat")
    du("p90 resolution time for tier 2", "p90", group=T2)
    du("average time to solve urgent incidents created this year", "mean", prio="Urgent", type="Incident",
       created=THIS_YEAR)
    du("avg solve time for tickets opened last quarter", "mean", created=LAST_QUARTER)
    du("typical (median) time to solve a Low priority ticket", "median", prio="Low")
    du("how long on average did payments ops take to solve the tickets created in June?", "mean", group=PO,
       created=month(2026, 6))
    du("average age of unsolved urgent + high tickets", "mean", "age", unsolved=True, prio=("Urgent", "High"))
    du("what's the 90th percentile age of unsolved tickets", "p90", "age", unsolved=True)
    du("median resolution time for phone tickets", "median", via="Phone call")
    du("avg hours to solve Integrations tickets from NA", "mean", area="Integrations", region="NA")
    du("avg time to solve, excluding chat tickets", "mean", not_via="Chat")
    du("median full resolution time for the Imports area", "median", area="Imports")
    du("avg time to resolve Problem tickets", "mean", type="Problem")
    du("mean age of pending tickets in tier 1", "mean", "age", status="Pending", group=T1)
    du("p90 time to solve for tickets solved last week", "p90", solved=LAST_WEEK)
    du("how long does it take on average to solve starter plan tickets?", "mean", plan="Starter")
    du("whats the median age of unsolved tickets in tier 2", "median", "age", unsolved=True, group=T2)
    du("for urgent or high tickets created last quarter, avg time to solve?", "mean", prio=("Urgent", "High"),
       created=LAST_QUARTER)
    du("p90 full resolution time, enterprise plan", "p90", plan="Enterprise")
    # follow-ups
    du("and the median?", "median", history=["average time to solve urgent tickets?"], prio="Urgent")
    du("what about Account Access?", "mean", history=["avg resolution time for billing"], area="Account Access")
    du("only enterprise", "median", history=["median time to solve tickets created last month"],
       created=LAST_MONTH, plan="Enterprise")
    du("just the on-hold ones", "mean", "age", history=["how old are the unsolved tickets on average?"],
       status="On-hold")
    du("and p90?", "p90", history=["mean resolution time for chat tickets"], via="Chat")


def trends(b: Builder) -> None:
    tr = b.trend
    tr("tickets per month", "month")
    tr("weekly ticket volume", "week")
    tr("daily count of new tickets over the last 14 days", "day")
    tr("billing tickets per month this year", "month", (d(2026, 1), NOW), area="Billing")
    tr("urgent tickets by week for the last 4 weeks", "week", default_window("week", 4), prio="Urgent")
    tr("how many tickets were solved per week", "week", by="solved")
    tr("monthly chat tickets in 2025", "month", (d(2025, 1), d(2025, 12, 31)), via="Chat")
    tr("EMEA tickets per month", "month", region="EMEA")
    tr("tickets per day this week", "day", (MONDAY, NOW))
    tr("trend of API & Webhooks tickets by month over the last 12 months", "month", default_window("month", 12),
       area=API_AREA)
    tr("solved tickets per month this year", "month", (d(2026, 1), NOW), by="solved")
    tr("weekly enterprise tickets, last 6 weeks", "week", default_window("week", 6), plan="Enterprise")
    tr("phone tickets per month since january", "month", (d(2026, 1), NOW), via="Phone call")
    tr("monthly Problem tickets", "month", type="Problem")
    tr("per-day ticket count in june", "day", (d(2026, 6, 1), d(2026, 6, 30)), created=month(2026, 6))
    tr("billing area tickets per week since 1 june", "week", (d(2026, 6, 1), NOW), area="Billing",
       created=since(2026, 6, 1))
    tr("how many tickets did tier 2 solve per month over the last 3 months", "month", default_window("month", 3),
       by="solved", group=T2)
    # follow-ups
    tr("just tier 1", "month", (d(2026, 1), NOW), history=["tickets per month this year"], group=T1)
    tr("make it the last 12 weeks", "week", default_window("week", 12), history=["weekly urgent tickets"],
       prio="Urgent")
    tr("and Imports?", "month", history=["Integrations tickets per month"], area="Imports")
    tr("show me that by day", "day", (d(2026, 6, 1), d(2026, 6, 30)), history=["how many tickets came in last month"],
       created=LAST_MONTH)
    tr("and per month?", "month", history=["chat tickets per week"], via="Chat")


def shares(b: Builder) -> None:
    sh = b.share
    sh("what % of tickets come in via chat", {"via": "Chat"})
    sh("what share of unsolved tickets are urgent?", {"prio": "Urgent"}, unsolved=True)
    sh("percentage of billing tickets that are from enterprise customers", {"plan": "Enterprise"}, area="Billing")
    sh("what % of tickets last month were about Account Access", {"area": "Account Access"}, created=LAST_MONTH)
    sh("% of tickets that are incidents", {"type": "Incident"})
    sh("what fraction of pending tickets sit with tier 1? (as a %)", {"group": T1}, status="Pending")
    sh("what percent of EMEA tickets are high priority", {"prio": "High"}, region="EMEA")
    sh("how much of our volume comes in by phone, percentage-wise?", {"via": "Phone call"})
    sh("% of urgent tickets this year that came in by phone", {"via": "Phone call"}, prio="Urgent", created=THIS_YEAR)
    sh("what proportion of tickets are still unsolved (%)", {"unsolved": True})
    sh("what % of API & Webhooks tickets were raised via API", {"via": "API"}, area=API_AREA)
    sh("share of this quarter's tickets that are from starter plan customers", {"plan": "Starter"},
       created=THIS_QUARTER)
    sh("what percentage of tickets are on-hold", {"status": "On-hold"})
    sh("what percentage of platform engineering's tickets are unsolved?", {"unsolved": True}, group=PE)
    sh("problem tickets as a % of all tickets this year", {"type": "Problem"}, created=THIS_YEAR)
    sh("what % of the tickets raised in the past 30 days are still unsolved?", {"unsolved": True}, created=LAST_30)
    sh("what % of unsolved tickets are waiting on the customer (pending)?", {"status": "Pending"}, unsolved=True)
    sh("what percent of the tickets solved last month were urgent or high", {"prio": ("Urgent", "High")},
       solved=LAST_MONTH)
    # follow-ups
    sh("and for enterprise customers only?", {"via": "Email"}, history=["what % of tickets come in by email?"],
       plan="Enterprise")
    sh("and high?", {"prio": "High"}, history=["what share of unsolved tickets are urgent?"], unsolved=True)
    sh("what about Integrations?", {"prio": "Urgent"}, history=["% of Billing tickets that are urgent"],
       area="Integrations")
    sh("and this month?", {"via": "Chat"}, history=["what percentage of tickets last month came via chat"],
       created=THIS_MONTH)

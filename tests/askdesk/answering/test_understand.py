"""Question understanding without a database: hand-made vocabularies of two different exports
(the bundled sample's, and a ServiceNow-style incident export's), a fixed clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from askdesk.answering.dates import find_dates
from askdesk.answering.plan import Order, QueryPlan
from askdesk.answering.understand import QuestionParser, clean_question, is_follow_up, merge_follow_up
from askdesk.answering.understand.parser import OTHERS_REQUESTS
from askdesk.answering.vocabulary import (
    IdShape,
    ValueRef,
    Vocabulary,
    learn_closed_statuses,
    learn_id_shapes,
    learn_prefix_values,
    normalise_id,
)

NOW = datetime(2026, 10, 31, 18, 0)  # a Saturday
OPEN = ("New", "Open", "In Progress", "Pending", "On Hold")


def vocab() -> Vocabulary:
    statuses = {s: 10 for s in ("New", "Open", "In Progress", "Pending", "On Hold", "Resolved", "Closed", "Cancelled")}
    return Vocabulary(
        fields={
            "status": statuses,
            "category": {"IT": 50, "HR": 20, "Facilities": 10, "Legal": 5, "Security": 4},
            "priority": {"1 - Critical": 3, "2 - High": 10, "3 - Medium": 30, "4 - Low": 20},
            "subcategory": {"VPN": 5, "Printer": 4, "Payroll": 3, "Access": 3},
            "assignment_group": {"Service Desk": 30, "Network Operations": 10},
            "location": {"Berlin": 4, "London": 6},
            "channel": {"Email": 5, "Portal": 7, "Phone": 2},
        },
        closed_statuses=frozenset({"Resolved", "Closed", "Cancelled"}),
        id_shapes=(IdShape("REQ", "-", 6, False),),
    )


def incidents() -> Vocabulary:
    """Another export: other statuses, priorities and metadata; nothing shared with the sample."""
    statuses = {s: 10 for s in ("New", "Active", "Awaiting User Info", "Awaiting Problem", "Awaiting Vendor",
                                "Resolved", "Closed")}
    return Vocabulary(
        fields={
            "status": statuses,
            "category": {"Network": 5, "Software": 5, "Hardware": 3, "Inquiry / Help": 4},
            "priority": {"1 - Critical": 3, "2 - High": 4, "3 - Moderate": 5, "4 - Low": 6, "5 - Planning": 1},
            "location": {f"Location {i}": 2 for i in range(1, 200)},
            "channel": {"Phone": 3, "Email": 4, "Self-service": 3, "Walk-in": 1},
            "assignment_group": {f"Group {i}": 2 for i in range(1, 60)},
            "impact": {"1 - High": 2, "2 - Medium": 3, "3 - Low": 4},
            "subcategory": {"Operating System": 3, "Office Suite": 2, "MS SQL Server": 2, "Docking Station": 1,
                            "Desk/Seating": 1},
        },
        closed_statuses=frozenset({"Resolved", "Closed"}),
        id_shapes=(IdShape("INC", "", 7, True),),
    )


@pytest.fixture
def parser() -> QuestionParser:
    return QuestionParser(vocab())


@pytest.fixture
def inc() -> QuestionParser:
    return QuestionParser(incidents())


@pytest.mark.parametrize("text,start,end", [
    ("last week", datetime(2026, 10, 19), datetime(2026, 10, 26)),
    ("this week", datetime(2026, 10, 26), datetime(2026, 11, 2)),
    ("last month", datetime(2026, 9, 1), datetime(2026, 10, 1)),
    ("in March 2016", datetime(2016, 3, 1), datetime(2016, 4, 1)),
    ("in March", datetime(2026, 3, 1), datetime(2026, 4, 1)),
    ("in november", datetime(2025, 11, 1), datetime(2025, 12, 1)),  # the most recent November
    ("between 1 and 7 March", datetime(2026, 3, 1), datetime(2026, 3, 8)),
    ("between 2026-03-01 and 2026-03-07", datetime(2026, 3, 1), datetime(2026, 3, 8)),
    ("from 1 March to 15 March", datetime(2026, 3, 1), datetime(2026, 3, 16)),
    ("since Monday", datetime(2026, 10, 26), None),
    ("yesterday", datetime(2026, 10, 30), datetime(2026, 10, 31)),
    ("last 10 days", datetime(2026, 10, 22), datetime(2026, 11, 1)),
    ("in Q1 2026", datetime(2026, 1, 1), datetime(2026, 4, 1)),
    ("in 2025", datetime(2025, 1, 1), datetime(2026, 1, 1)),
    ("before 1 Oct 2026", None, datetime(2026, 10, 1)),
    ("on 5 March", datetime(2026, 3, 5), datetime(2026, 3, 6)),
    ("from 1 to 15 Sep", datetime(2026, 9, 1), datetime(2026, 9, 16)),
    ("raised September 1-15", datetime(2026, 9, 1), datetime(2026, 9, 16)),
    ("before this year", None, datetime(2026, 1, 1)),
    ("before 2026", None, datetime(2026, 1, 1)),
    ("in the last 48 hours", datetime(2026, 10, 29, 18, 0), None),
    ("older than 30 days", None, datetime(2026, 10, 1, 18, 0)),
    ("more than 2 weeks old", None, datetime(2026, 10, 17, 18, 0)),
    ("less than a week old", datetime(2026, 10, 24, 18, 0), None),
    ("open for more than 90 days", None, datetime(2026, 8, 2, 18, 0)),
    ("last wk", datetime(2026, 10, 19), datetime(2026, 10, 26)),
    ("in the past 3 mths", datetime(2026, 8, 1), datetime(2026, 11, 1)),
])
def test_date_expressions(text, start, end) -> None:
    [span] = find_dates(f"requests {text}?", NOW)
    assert (span.start, span.end) == (start, end)


def test_id_shapes_are_learned_from_the_data() -> None:
    shapes = learn_id_shapes([f"INC{n:07d}" for n in range(40, 90)] + ["weird id"])
    assert shapes == (IdShape("INC", "", 7, True),)
    assert normalise_id("inc", "45", shapes) == "INC0000045"
    assert normalise_id("req", "1234", (IdShape("REQ", "-", 6, False),)) == "REQ-1234"


@pytest.mark.parametrize("question,route,status,category,priority", [
    ("how many HR requests are pending?", "aggregate", ("Pending",), ("HR",), ()),
    ("How many open requests in IT?", "aggregate", OPEN, ("IT",), ()),
    ("how many requests have status Open?", "aggregate", ("Open",), (), ()),
    ("number of p1 tickets", "aggregate", (), (), ("1 - Critical",)),
    ("p1s open?", "aggregate", OPEN, (), ("1 - Critical",)),
    ("how many critical legal requests are on hold", "aggregate", ("On Hold",), ("Legal",), ("1 - Critical",)),
    ("how many high priority facilities tickets", "aggregate", (), ("Facilities",), ("2 - High",)),
    ("has anyone had VPN drops after the update?", "search", (), (), ()),
    ("I can't open my payslip, is it broken for everyone?", "search", (), (), ()),
    ("URGENT: phishing email from a supplier", "search", (), (), ()),
    ("any open requests about laptops?", "search", OPEN, (), ()),
])
def test_filters_map_onto_known_values(parser, question, route, status, category, priority) -> None:
    p = parser.parse(question, NOW)
    f = p.filters
    assert p.route == route
    assert (set(f.values("status")), f.values("category"), f.values("priority")) == (set(status), category, priority)


def test_typos_are_forgiven(parser) -> None:
    assert parser.parse("how many facilites requests?", NOW).filters.values("category") == ("Facilities",)
    p = parser.parse("hwo many critcal requests are open", NOW)
    assert (p.intent, p.filters.values("priority")) == ("count", ("1 - Critical",))


def test_words_not_in_the_data_never_become_filters(parser) -> None:
    p = parser.parse("how many requests with status 'Open'); DROP TABLE requests; --", NOW)
    assert p.filters.values("status") == ("Open",)
    assert p.filters.fields() == {"status"}
    for c in p.filters.conditions:
        assert set(c.values) <= set(vocab().values(c.field))


def test_group_by_any_field_and_rank(parser, inc) -> None:
    p = parser.parse("which category had the most critical requests last month?", NOW)
    assert (p.intent, p.group_by, p.rank, p.filters.values("priority")) == ("group", "category", "most", ("1 - Critical",))
    assert parser.parse("breakdown by status please", NOW).group_by == "status"
    assert parser.parse("which team handled the fewest requests?", NOW).group_by == "assignment_group"
    assert parser.parse("tickets per channel", NOW).group_by == "channel"
    p = inc.parse("which location reported the most incidents?", NOW)
    assert (p.intent, p.group_by, p.rank) == ("group", "location", "most")
    p = inc.parse("top 3 assignment groups for critical incidents", NOW)
    assert (p.group_by, p.limit, p.filters.values("priority")) == ("assignment_group", 3, ("1 - Critical",))


def test_most_common_issues_groups_by_the_finest_category(parser) -> None:
    p = parser.parse("what are the most common issues this month?", NOW)
    assert (p.intent, p.group_by, p.rank, p.topic) == ("group", "subcategory", "most", "")
    assert p.filters.dates[0].start == datetime(2026, 10, 1)


def test_resolved_with_a_date_counts_resolution_dates(parser) -> None:
    p = parser.parse("how many requests were resolved last week?", NOW)
    assert p.filters.values("status") == () and p.filters.dates[0].field == "resolved_at"


def test_ids_similar_and_pseudonyms(parser) -> None:
    assert parser.parse("status of req 100123 and REQ-100124?", NOW).request_ids == ("REQ-100123", "REQ-100124")
    p = parser.parse("similar requests to REQ-100123", NOW)
    assert (p.route, p.similar_to) == ("search", ("REQ-100123",))
    p = parser.parse("how many requests from person_1a2b3c4d assigned to person_0000ffff?", NOW)
    assert (p.filters.values("requester"), p.filters.values("assignee")) == (("person_1a2b3c4d",), ("person_0000ffff",))


# ----------------------------------------------------------------------- another export's words
@pytest.mark.parametrize("question,field,values,negate", [
    ("how many active incidents?", "status", ("Active",), False),
    ("how many new incidents", "status", ("New",), False),
    ("how many incidents are awaiting user info", "status", ("Awaiting User Info",), False),
    ("how many incidents are pending", "status", ("Awaiting User Info", "Awaiting Problem", "Awaiting Vendor"), False),
    ("how many open incidents", "status", ("New", "Active", "Awaiting User Info", "Awaiting Problem",
                                          "Awaiting Vendor"), False),
    ("how many incidents not resolved or closed yet", "status", ("Resolved", "Closed"), True),
    ("how many incidents at Location 143", "location", ("Location 143",), False),
    ("how many incidents by email", "channel", ("Email",), False),
    ("how many incidents assigned to Group 24", "assignment_group", ("Group 24",), False),
    ("how many high impact incidents", "impact", ("1 - High",), False),
    ("incidents other than Location 12, how many?", "location", ("Location 12",), True),
])
def test_values_of_a_never_seen_export(inc, question, field, values, negate) -> None:
    p = inc.parse(question, NOW)
    assert p.intent == "count", p
    [cond] = p.filters.conditions
    assert (cond.field, set(cond.values), cond.negate) == (field, set(values), negate)
    assert p.topic == ""  # nothing left over to become a full-text condition


def test_negation_excluding_and_not(parser) -> None:
    [cond] = parser.parse("how many requests excluding HR this week", NOW).filters.conditions
    assert (cond.field, cond.values, cond.negate) == ("category", ("HR",), True)
    [cond] = parser.parse("how many requests are not closed?", NOW).filters.conditions
    assert (cond.values, cond.negate) == (("Closed",), True)


# ----------------------------------------------------------------------- metrics
def test_lists_ordered_by_dates(parser, inc) -> None:
    p = parser.parse("list the open critical requests", NOW)
    assert (p.intent, p.order.by, p.order.descending, p.limit) == ("list", "created_at", True, 10)
    p = parser.parse("5 most recently updated HR tickets", NOW)
    assert (p.order.by, p.order.descending, p.limit, p.filters.values("category")) == ("updated_at", True, 5, ("HR",))
    p = inc.parse("which active incident has been open the longest?", NOW)
    assert (p.intent, p.order.by, p.limit, p.filters.values("status")) == ("list", "age", 1, ("Active",))
    p = parser.parse("which request has been open the longest?", NOW)
    assert set(p.filters.values("status")) == set(OPEN)  # "open the longest" implies unfinished


def test_durations(parser, inc) -> None:
    p = parser.parse("what's the average time to resolve IT requests?", NOW)
    assert (p.intent, p.duration.measure, p.filters.values("category")) == ("duration", "resolution_time", ("IT",))
    assert {"mean", "median", "p90"} <= set(p.duration.stats)
    p = inc.parse("average time to resolve critical incidents", NOW)
    assert (p.intent, p.filters.values("priority")) == ("duration", ("1 - Critical",))
    p = parser.parse("how old are the open requests on average", NOW)
    assert (p.intent, p.duration.measure) == ("duration", "age")


def test_trends_and_shares(parser, inc) -> None:
    p = parser.parse("requests per month this year", NOW)
    assert (p.intent, p.trend_unit, p.trend_field) == ("trend", "month", "created_at")
    assert parser.parse("weekly count of resolved tickets", NOW).trend_field == "resolved_at"
    p = parser.parse("what percentage of IT requests are critical?", NOW)
    assert (p.intent, p.filters.values("category"), p.part.values("priority")) == ("share", ("IT",), ("1 - Critical",))
    p = inc.parse("share of incidents opened by phone", NOW)
    assert (p.intent, p.part.values("channel")) == ("share", ("Phone",))


@pytest.mark.parametrize("question,word", [
    ("how many requests will we get next month?", "next"),
    ("who is the best agent?", "best"),
    ("which day of the week is the busiest for HR?", None),
])
def test_what_it_does_not_understand_it_says(parser, question, word) -> None:
    p = parser.parse(question, NOW)
    assert p.intent == "cant"
    if word:
        assert word in p.unexplained


def test_pasted_text_is_content_not_filters(parser) -> None:
    p = parser.parse("Find requests similar to: access to the shared drive is lost since yesterday, "
                     "critical for the team today", NOW)
    assert p.intent == "search" and p.filters.is_empty()
    assert "shared" in p.topic and "drive" in p.topic
    p = parser.parse('has anyone seen "Access denied for user today (0x80070005)"?', NOW)
    assert p.intent == "search" and p.filters.is_empty() and "0x80070005" in p.topic


@pytest.mark.parametrize("ticket", [
    # a ticket pasted as it is: no quotes, no "similar to:", its words about time are its story
    ("VPN drops every few minutes since the update. I have a board meeting today and can't work like this. "
    "Printer in Berlin also jams."),
    ("Please give me access to the shared drive, I've joined the HR team and my manager can approve. "
    "Critical for the audit this week."),
    ("Outlook asks for my password again and again on the London laptop since yesterday, even after a restart "
    "and clearing the cached credentials"),
])
def test_a_long_message_that_asks_nothing_is_a_pasted_ticket(parser, ticket) -> None:
    p = parser.parse(ticket, NOW)
    assert p.intent == "search" and p.filters.is_empty() and not p.filters.mine, p
    assert {"vpn", "shared", "outlook"} & set(p.topic.lower().split())


def test_a_bracketed_form_label_in_a_pasted_ticket_is_content_not_a_filter(inc) -> None:
    # "[Hardware request]" names the form the e-mail came through, not the category asked for
    p = inc.parse("Docking station flickers [Hardware request] The external monitor goes black every few "
                  "minutes, what happened? Thanks in advance.", NOW)
    assert p.intent == "search" and p.filters.is_empty(), p
    assert "docking" in p.topic.lower()
    # an id in brackets is still an id, and one bracketed value still a filter
    assert inc.parse("what is the status of [INC0012345]?", NOW).request_ids == ("INC0012345",)
    assert inc.parse("how many [Hardware] requests are open?", NOW).filters.values("category") == ("Hardware",)


def test_a_pasted_erasure_request_is_searched_not_refused(parser) -> None:
    # a customer's GDPR erasure request is a ticket like any other: askdesk deletes nothing, and
    # this asks to see nobody's data
    p = parser.parse("Close our account. Under GDPR we ask you to delete all personal data of our customers "
                     "that you hold. Our peak season starts next week.", NOW)
    assert p.route != "refuse" and p.intent == "search", p
    assert parser.parse("how many customers asked us to erase their personal information?", NOW).route != "refuse"
    # asking for the data itself is still refused, whatever else the message asks
    assert parser.parse("remove the flag and give me the personal data of the customers in REQ-100001", NOW).route == "refuse"
    assert parser.parse("what personal details do we hold about person_1a2b3c4d?", NOW).route == "refuse"


def test_a_question_beside_a_pasted_ticket_keeps_its_filters(parser) -> None:
    # the sentence that asks is the question; the rest is content
    p = parser.parse("Any open requests like this one? VPN drops every few minutes since the update, I have a "
                     "board meeting today and can't work like this.", NOW)
    assert p.intent == "search" and set(p.filters.values("status")) == set(OPEN) and not p.filters.dates
    # context sentences do not turn a count into a search; what it can't place it says
    p = parser.parse("We had a big outage on the VPN this weekend and the team is still cleaning up. "
                     "How many critical requests were opened since Friday?", NOW)
    assert p.intent != "search"
    p = parser.parse("How many critical requests in London were opened since Friday by the service desk team?", NOW)
    assert p.intent == "count" and p.filters.values("priority") == ("1 - Critical",) and p.filters.dates


@pytest.mark.parametrize("question", ["How do I request access to the shared drive?",
                                      "how can I log a ticket for a broken monitor?",
                                      "where do I raise a request for a new laptop?"])
def test_how_to_raise_a_request_is_not_about_ones_own_requests(parser, question) -> None:
    assert not parser.parse(question, NOW).filters.mine


# ----------------------------------------------------------------------- follow-ups
def _thread(parser: QuestionParser, *questions: str) -> QueryPlan:
    current = None
    for q in questions:
        p = parser.parse(q, NOW)
        if current is not None and is_follow_up(p, current):
            p = merge_follow_up(current, p)
        current = p
    assert current is not None
    return current


def test_follow_ups_act_on_the_previous_plan(parser) -> None:
    p = _thread(parser, "list the open critical requests", "which of those is the oldest?")
    assert (p.intent, p.order.by, p.order.descending, p.limit) == ("list", "created_at", False, 1)
    assert set(p.filters.values("status")) == set(OPEN) and p.filters.values("priority") == ("1 - Critical",)
    p = _thread(parser, "how many critical requests are open?", "and by location?")
    assert (p.intent, p.group_by, p.filters.values("priority")) == ("group", "location", ("1 - Critical",))
    p = _thread(parser, "how many critical requests are open?", "only HR")
    assert (p.intent, p.filters.values("category"), p.filters.values("priority")) == ("count", ("HR",), ("1 - Critical",))
    p = _thread(parser, "how many HR requests were created this month?", "what about last month?")
    assert (p.intent, p.filters.values("category"), p.filters.dates[0].start) == ("count", ("HR",), datetime(2026, 9, 1))


@pytest.mark.parametrize("question", [
    "What's the email address of the requester of REQ-100001?",
    "What is Helena Murphy's phone number?",
    "phone of whoever raised REQ-100002",
    "who is person_1a2b3c4d?",
    "give me the salary of the employee in REQ-100003",
])
def test_personal_data_questions(parser, question) -> None:
    assert parser.parse(question, NOW).route == "refuse"


@pytest.mark.parametrize("question", [
    "emails not syncing on my phone",
    "how many phishing email requests last month?",
    "Outlook keeps asking for my password",
])
def test_helpdesk_topics_about_email_and_phones_are_not_refused(parser, question) -> None:
    assert parser.parse(question, NOW).route != "refuse"


def test_clean_question() -> None:
    assert clean_question("  a\x00b\x1b[31m  c\u00a0d ", 100) == "a b [31m c d"
    assert len(clean_question("x" * 50_000, 2000)) == 2000


def test_finished_statuses_are_learnt_or_declared() -> None:
    statuses = ["Open", "Awaiting Parts", "Done", "Archived"]
    assert learn_closed_statuses(statuses, {"Archived": 0.95}, {}) == {"Done", "Archived"}
    assert learn_closed_statuses(statuses, {}, {"finished": ["Archived"], "open": ["Done"]}) == {"Archived"}


def test_the_exports_own_words_for_requests_fields_and_statuses() -> None:
    v = incidents()
    v.field_aliases = {"contact type": "channel", "assignment group": "assignment_group"}
    inc = QuestionParser(v)
    p = inc.parse("how many incs at location 143 are waiting on the user?", NOW)  # INC ids: "incs" are requests
    assert (p.intent, p.filters.values("location"), p.filters.values("status")) == (
        "count", ("Location 143",), ("Awaiting User Info",))
    p = inc.parse("which contact type has the most INCs in state Active?", NOW)  # the source's column name
    assert (p.intent, p.group_by, p.filters.values("status")) == ("group", "channel", ("Active",))
    p = inc.parse("hey wich of the incs waiting on the user or a vendor is the oldest?", NOW)
    assert set(p.filters.values("status")) == {"Awaiting User Info", "Awaiting Vendor"} and p.order.by == "created_at"
    p = inc.parse("total incidents in new or active touched so far this month", NOW)
    assert set(p.filters.values("status")) == {"New", "Active"} and p.filters.dates[0].field == "updated_at"


def test_noise_the_ner_would_call_a_name_is_known_to_the_parser(parser) -> None:
    assert {"reqs", "jun", "monday", "critical"} <= parser.known_words


@pytest.mark.parametrize("question", ["how was forgot password fixed last time?", "how was the VPN fixed last time?",
                                      "we've got vpn not connecting again, what did we do last time?"])
def test_how_was_it_fixed_last_time_is_a_search(parser, question) -> None:
    assert parser.parse(question, NOW).intent == "search"


# ------------------------------------------------------- values named in other words, and lists
@pytest.mark.parametrize("question,field,values", [
    ("how many incidents raised at the walk-up desk", "channel", ("Walk-in",)),  # not also "Desk/Seating"
    ("just the ones that came in through the self-service portal", "channel", ("Self-service",)),
    ("incidents with high impact in the OS subcategory - how many?", "subcategory", ("Operating System",)),
    ("average time to resolve SQL Server incidents", "subcategory", ("MS SQL Server",)),
    ("how many incidents in one of the Awaiting states", "status",
     ("Awaiting User Info", "Awaiting Problem", "Awaiting Vendor")),
    ("how many p1 or 3 incidents", "priority", ("1 - Critical", "3 - Moderate")),
    ("how many priority 1, 2 or 5 incidents are open", "priority", ("1 - Critical", "2 - High", "5 - Planning")),
])
def test_values_named_in_other_words(inc, question, field, values) -> None:
    plan = inc.parse(question, NOW)
    assert plan.route == "aggregate" and not plan.unexplained and not plan.topic, plan
    assert set(plan.filters.values(field)) == set(values)
    assert not plan.filters.values("subcategory") or field == "subcategory"


def test_a_status_family_is_not_one_of_its_members(inc) -> None:
    refs = inc.vocab.phrase_index.get("awaiting", ())
    assert ("status", "Awaiting Problem") not in {(r.field, r.value) for r in refs}


def test_which_field_value_is_a_filter_not_a_grouping(inc) -> None:
    plan = inc.parse("which priority 2 incidents in state New or Active do we have?", NOW)
    assert plan.intent != "group" and plan.group_by is None
    assert plan.filters.values("priority") == ("2 - High",) and set(plan.filters.values("status")) == {"New", "Active"}


def test_a_number_no_part_of_the_plan_reads_is_not_dropped(inc) -> None:
    plan = inc.parse("p1 or 3 days old incidents count", NOW)
    assert plan.intent == "cant" and "3" in plan.unexplained


@pytest.mark.parametrize("question,intent", [
    ("windows update stuck at 62%", "search"),  # a number in the text, not a share
    ("hw many critical requests are open?", "count"),
    ("Is the service desk doing a good job", "cant"),
    ("What's the uptime of the VPN this year?", "cant"),
])
def test_intents_of_everyday_phrasings(parser, question, intent) -> None:
    assert parser.parse(question, NOW).intent == intent


def test_a_status_word_inside_a_story_does_not_filter_a_search(parser) -> None:
    plan = parser.parse("Has anyone had still waiting for reimbursement?", NOW)
    assert plan.intent == "search" and not plan.filters.values("status") and "waiting" in plan.topic


def test_lists_by_latest_update_and_where_most_come_from(parser) -> None:
    plan = parser.parse("Show 5 requests still open excluding priority P3 with the latest updates", NOW)
    assert (plan.intent, plan.order.by, plan.order.descending, plan.limit) == ("list", "updated_at", True, 5)
    plan = parser.parse("where do most unresolved tickets come from?", NOW)
    assert (plan.intent, plan.group_by, plan.rank) == ("group", "location", "most")


def test_a_follow_up_to_a_declined_question_is_declined_too(parser) -> None:
    from askdesk.answering.understand.follow_up import FOLLOWS_A_DECLINE

    for follow_up in ("and by location?", "what about last week?", "only HR"):
        p = _thread(parser, "how many tickets breached the SLA last month?", follow_up)
        assert p.intent == "cant" and p.refusal_reason == FOLLOWS_A_DECLINE and "sla" in p.unexplained, p
    p = _thread(parser, "how many tickets breached the SLA last month?", "how many open tickets?")
    assert p.intent == "count" and not p.filters.dates  # a whole question stands on its own


def test_open_for_more_than_keeps_the_state_and_ages_by_creation(parser) -> None:
    plan = parser.parse("how many requests have been open for more than 90 days", NOW)
    assert plan.intent == "count" and set(plan.filters.values("status")) == set(OPEN)
    [d] = plan.filters.dates
    assert (d.field, d.start, d.end) == ("created_at", None, datetime(2026, 8, 2, 18, 0))


def test_a_base_form_verb_puts_the_date_on_resolution(parser) -> None:
    plan = parser.parse("how many tickets did the Service Desk close last week?", NOW)
    assert plan.intent == "count" and plan.filters.values("assignment_group") == ("Service Desk",)
    assert [d.field for d in plan.filters.dates] == ["resolved_at"]


def test_one_value_versus_another_is_a_count_of_each(parser) -> None:
    plan = parser.parse("how many requests came in via email vs phone this month?", NOW)
    assert (plan.intent, plan.group_by, set(plan.filters.values("channel"))) == ("group", "channel", {"Email", "Phone"})
    assert not plan.unexplained


def test_the_slowest_team_compares_teams_not_requests(parser) -> None:
    plan = parser.parse("slowest team to resolve tickets", NOW)
    assert (plan.intent, plan.group_by, plan.rank) == ("duration", "assignment_group", "most")
    plan = parser.parse("slowest tickets to resolve", NOW)
    assert plan.intent == "list" and plan.order.by == "resolution_time"


def test_a_ratio_of_two_values_is_their_counts_not_a_share_of_both(parser) -> None:
    plan = parser.parse("ratio of email to phone requests", NOW)
    assert (plan.intent, plan.group_by, set(plan.filters.values("channel"))) == ("group", "channel", {"Email", "Phone"})
    assert parser.parse("which channel is used the least?", NOW).group_by == "channel"


def test_short_values_have_no_plural_that_is_another_word(parser) -> None:
    assert "its" not in parser.vocab.phrase_index and "hrs" not in parser.vocab.phrase_index
    assert parser.parse("how many IT tickets", NOW).filters.values("category") == ("IT",)


def test_new_with_a_creation_date_is_about_creation_not_the_status(inc) -> None:
    plan = inc.parse("new incidents today", NOW)
    assert plan.intent == "count" and not plan.filters.values("status") and plan.filters.dates
    plan = inc.parse("incidents in state new created this week", NOW)
    assert plan.filters.values("status") == ("New",)
    assert inc.parse("how many new incidents", NOW).filters.values("status") == ("New",)
    assert inc.parse("incidents from loc 143", NOW).filters.values("location") == ("Location 143",)


def jira_like() -> Vocabulary:
    """A third export: fields called Team / Office / Source, values shared between fields."""
    return Vocabulary(
        fields={
            "status": {s: 5 for s in ("Open", "Waiting for support", "In Progress", "Resolved", "Closed")},
            "category": {"Get IT help": 9, "Onboard a new employee": 3, "Request access": 4},
            "priority": {"Highest": 2, "High": 3, "Medium": 5, "Low": 4, "Lowest": 2},
            "component": {"Slack": 3, "Email": 4, "VPN": 5},
            "source": {"Portal": 9, "Slack": 5, "Email": 4, "Phone": 2},
            "team": {"Service Desk L1": 8, "Service Desk L2": 4, "Business Apps": 3},
            "office": {"Berlin": 4, "Remote": 5},
        },
        closed_statuses=frozenset({"Resolved", "Closed"}),
        id_shapes=(IdShape("ITSM", "-", 4, False),),
    )


@pytest.mark.parametrize("question,field,values", [
    ("how many tix logged via Slack?", "source", ("Slack",)),  # how it arrived, not the component
    ("how many slack tickets", "component", ("Slack",)),
    ("how many tickets sitting with the l1 team", "team", ("Service Desk L1",)),
    ("tickets assigned to second line - how many", "team", ("Service Desk L2",)),
    ("how many biz apps tickets", "team", ("Business Apps",)),
    ("how many lowest priority tickets", "priority", ("Lowest",)),  # not also Low
])
def test_a_third_export_s_words(question, field, values) -> None:
    plan = QuestionParser(jira_like()).parse(question, NOW)
    assert plan.route == "aggregate" and not plan.unexplained, plan
    assert plan.filters.values(field) == values and len(plan.filters.conditions) == 1


def test_generic_field_names_and_no_acronym_that_is_a_word() -> None:
    parser = QuestionParser(jira_like())
    assert "one" not in parser.vocab.phrase_index and "ones" not in parser.vocab.phrase_index
    assert parser.parse("which group had the most tickets", NOW).group_by == "team"
    assert parser.parse("tickets per location", NOW).group_by == "office"
    assert parser.parse("how many open ones", NOW).filters.values("category") == ()


def software_desk() -> Vocabulary:
    """A fourth shape: request types whose names are sentences, a team whose name shares a word
    with a request type, relative priority names."""
    return Vocabulary(
        fields={
            "status": {s: 5 for s in ("Open", "Waiting for support", "Waiting for customer", "In Progress", "Resolved",
                                      "Closed")},
            "category": {"Request new software": 4, "Request new hardware": 3, "Request access": 4,
                         "Onboard a new employee": 3, "Report a system problem": 5},
            "priority": {"Highest": 2, "High": 3, "Medium": 5, "Low": 4, "Lowest": 2},
            "team": {"Identity & Access": 4, "Workplace Tech": 3},
        },
        closed_statuses=frozenset({"Resolved", "Closed"}),
        id_shapes=(IdShape("ITSM", "-", 4, False),),
    )


@pytest.mark.parametrize("question,field,values,negate", [
    ("how many software tickets", "category", ("Request new software",), False),
    ("total outstanding access tikets?", "category", ("Request access",), False),
    ("how many access or software tix", "category", ("Request access", "Request new software"), False),
    ("software or system problem issues this week", "category", ("Request new software", "Report a system problem"),
     False),
    ("non-onboarding tix by status", "category", ("Onboard a new employee",), True),
    ("tickets of type hardware", "category", ("Request new hardware",), False),
    ("how many new starter tickets this week", "category", ("Onboard a new employee",), False),
    ("how many tickets assigned to the iam team", "team", ("Identity & Access",), False),
    ("last 5 blockers", "priority", ("Highest",), False),
    ("median age of the requests waiting on us", "status", ("Waiting for support",), False),
    ("how many waiting on the customer", "status", ("Waiting for customer",), False),
])
def test_one_word_of_a_longer_value_where_a_value_stands(question, field, values, negate) -> None:
    plan = QuestionParser(software_desk()).parse(question, NOW)
    assert plan.route == "aggregate" and not plan.unexplained, plan
    cond = next(c for c in plan.filters.conditions if c.field == field)
    assert (cond.values, cond.negate) == (values, negate)


def test_a_value_word_in_running_text_stays_words_to_search() -> None:
    parser = QuestionParser(software_desk())
    plan = parser.parse("has anyone had trouble installing software on a new laptop?", NOW)
    assert plan.intent == "search" and not plan.filters.conditions and "software" in plan.topic
    # "access" is both a request type and part of a team's name: the request's own column first
    assert parser.parse("access tickets - how many?", NOW).filters.values("category") == ("Request access",)


def test_relative_priority_words_follow_the_data_s_levels() -> None:
    four = Vocabulary(fields={"priority": {"Urgent": 1, "High": 2, "Normal": 3, "Low": 4}})
    aliases = four.priority_aliases()
    assert "lowest" in aliases["Low"] and "highest" in aliases["Urgent"] and "blocker" in aliases["Urgent"]
    five = software_desk().priority_aliases()
    assert "lowest" not in five["Low"] and "lowest" in five["Lowest"] and "highest" not in five["High"]
    plan = QuestionParser(software_desk()).parse("waht status has teh most tickets excluding priority highest", NOW)
    assert (plan.intent, plan.group_by, plan.rank) == ("group", "status", "most")
    assert plan.filters.conditions[0].values == ("Highest",) and plan.filters.conditions[0].negate


def test_more_follow_ups_and_comparisons(parser) -> None:
    p = _thread(parser, "how many requests were logged in January", "same for may?")
    assert p.intent == "count" and (p.filters.dates[0].start, p.filters.dates[0].end) == (
        datetime(2026, 5, 1), datetime(2026, 6, 1))
    p = _thread(parser, "list the critical requests", "which came in last?")
    assert (p.intent, p.order.by, p.order.descending, p.limit) == ("list", "created_at", True, 1)
    assert p.filters.values("priority") == ("1 - Critical",)
    p = _thread(parser, "which open requests were submitted in Q1 2026?", "which one's been open longest?")
    assert p.order.by == "age" and p.filters.dates and p.filters.dates[0].start == datetime(2026, 1, 1)
    p = _thread(parser, "mean resolution time of HR requests", "sorry to bother, And the 90th percentile?")
    assert p.intent == "duration" and p.filters.values("category") == ("HR",)
    assert parser.parse("is email better than the portal for raising requests?", NOW).intent == "cant"
    assert not find_dates("for may i ask how many", NOW)


def support_desk() -> Vocabulary:
    """A customer-support export: plain-number ids, Zendesk's statuses, plans and organisations."""
    return Vocabulary(
        fields={
            "status": {s: 5 for s in ("New", "Open", "Pending", "On-hold", "Solved", "Closed")},
            "category": {"Billing": 5, "API & Webhooks": 4, "Imports": 3},
            "priority": {"Urgent": 2, "High": 3, "Normal": 5, "Low": 4},
            "channel": {"Web form": 5, "Email": 4, "Chat": 3, "Phone call": 2},
            "plan": {"Starter": 3, "Pro": 3, "Enterprise": 2},
            "region": {"NA": 3, "EMEA": 3, "APAC": 2},
            "organization": {"Kestrel Outdoor Co.": 3, "Paper Crane Studio": 4},
            "type": {"Question": 3, "Incident": 4},
            "group": {"Tier 1 Support": 4, "Payments Ops": 3},
        },
        closed_statuses=frozenset({"Solved", "Closed"}),
        id_shapes=learn_id_shapes(["41207", "45287", "43470", "45628"] * 5),
    )


@pytest.mark.parametrize("question,ids", [
    ("#45287 status?", ("45287",)),
    ("can you pull up zd 45628", ("45628",)),
    ("whats going on with ticket 43765", ("43765",)),
    ("status of 45668 pls", ("45668",)),
    ("45461 priority?", ("45461",)),
    ("how many tickets in 2026", ()),
    ("top 10000 tickets", ()),
    ("tickets open for 12345 hours", ()),
])
def test_plain_number_ids(question, ids) -> None:
    plan = QuestionParser(support_desk()).parse(question, NOW)
    assert plan.request_ids == ids
    if ids:
        assert plan.route == "lookup"


@pytest.mark.parametrize("question,field,values", [
    ("how many tickets from enterprise customers are still unsolved?", "plan", ("Enterprise",)),
    ("pending + on-hold tickets for enterprise orgs, total?", "plan", ("Enterprise",)),
    ("how many Pro plan tickets came in by phone this year?", "channel", ("Phone call",)),
    ("how many tickets are in Open status?", "status", ("Open",)),
    ("how many tickets did Kestrel Outdoor Co. open this year", "organization", ("Kestrel Outdoor Co.",)),
    ("median age of the pending queue", "status", ("Pending",)),
])
def test_a_support_desk_s_words(question, field, values) -> None:
    plan = QuestionParser(support_desk()).parse(question, NOW)
    assert plan.route == "aggregate" and not plan.unexplained, plan
    assert plan.filters.values(field) == values
    if "did" in question:
        assert plan.filters.values("status") == () and plan.filters.dates[0].field == "created_at"


def test_orders_limits_and_groupings_in_other_words() -> None:
    p = QuestionParser(support_desk())
    plan = p.parse("what's the most recently solved ticket?", NOW)
    assert plan.order == Order("resolved_at", True) and plan.limit == 1 and not plan.filters.conditions
    plan = p.parse("pending tix that haven't been updated for the longest - top 5 pls", NOW)
    assert (plan.order, plan.limit) == (Order("updated_at", False), 5)
    plan = p.parse("urgent tickets solved this year: which 3 took longest to solve?", NOW)
    assert (plan.order, plan.limit, plan.unexplained) == (Order("resolution_time", True), 3, ())
    assert p.parse("which 5 unsolved high prio tickets are the oldest", NOW).limit == 5
    assert p.parse("which org opened the most tickets this year?", NOW).group_by == "organization"
    assert p.parse("what type of ticket is most common in Billing", NOW).group_by == "type"
    assert p.parse("which zendesk group got the most phone tickets", NOW).group_by == "group"
    assert p.parse("weekly ticket volume", NOW).intent == "trend"
    assert p.parse("average full resolution time for tickets solved last month", NOW).intent == "duration"


@pytest.mark.parametrize("question", [
    "average handle time on phone calls?", "avg first reply time for chat?", "why are billing tickets up this month?",
])
def test_metrics_no_column_holds_are_declined(question) -> None:
    assert QuestionParser(support_desk()).parse(question, NOW).intent == "cant"


def test_follow_ups_keep_the_date_field_and_the_share_s_part() -> None:
    p = QuestionParser(support_desk())
    plan = _thread(p, "how many tickets did Payments Ops solve last week", "and this week so far?")
    assert plan.filters.dates[0].field == "resolved_at" and plan.filters.values("group") == ("Payments Ops",)
    plan = _thread(p, "what share of unsolved tickets are urgent?", "and high?")
    assert plan.intent == "share" and plan.part is not None and plan.part.values("priority") == ("High",)
    assert plan.filters.values("priority") == ()
    plan = _thread(p, "how many pending tickets in EMEA?", "and NA?")
    assert plan.filters.values("region") == ("NA",) and plan.filters.values("status") == ("Pending",)
    plan = _thread(p, "weekly urgent tickets", "make it the last 12 weeks")
    assert plan.intent == "trend" and plan.trend_unit == "week" and plan.filters.dates
    plan = _thread(p, "how many tickets came in last month", "show me that by day")
    assert plan.intent == "trend" and plan.trend_unit == "day" and plan.filters.dates[0].start == datetime(2026, 9, 1)
    plan = _thread(p, "how many Imports tickets last quarter?", "excluding the ones that came in by chat")
    cond = next(c for c in plan.filters.conditions if c.field == "channel")
    assert cond.negate and plan.filters.values("category") == ("Imports",)


def test_losing_a_phone_is_not_asking_for_a_phone_number(parser) -> None:
    assert parser.parse("customer lost their phone and needs 2fa reset - what's the process we used?", NOW).route != "refuse"
    assert parser.parse("what is their phone number in REQ-100001?", NOW).route == "refuse"


def service_desk() -> Vocabulary:
    """An IT/HR service desk: two id prefixes that are the request type, a three-level category tree."""
    return Vocabulary(
        fields={
            "status": {s: 5 for s in ("Open", "Pending", "In Progress", "Awaiting Approval", "On Hold", "Resolved",
                                      "Closed")},
            "category": {"Access Management": 4, "Hardware": 5, "HR Services": 3},
            "priority": {"Urgent": 2, "High": 3, "Medium": 5, "Low": 4},
            "channel": {"Portal": 5, "Phone": 3, "Walkup": 2, "MS Teams": 2},
            "department": {"Engineering": 5, "Sales": 3, "HR": 2},
            "location": {"Manchester HQ": 4, "Amsterdam": 3, "Remote": 2},
            "sub_category": {"Okta & MFA": 3, "Leave & Absence": 2, "Teams": 2, "Onboarding": 2},
            "item": {"Okta Verify": 2, "Okta Account": 2, "Visitor Badge": 1, "Access Badge": 2, "Sick Leave": 1},
            "type": {"Service Request": 5, "Incident": 5},
        },
        closed_statuses=frozenset({"Resolved", "Closed"}),
        id_shapes=(IdShape("SR", "-", 4, False), IdShape("INC", "-", 4, False)),
        prefix_values={"sr": ValueRef("type", "Service Request", "alias"), "inc": ValueRef("type", "Incident", "alias")},
    )


@pytest.mark.parametrize("question,field,values", [
    ("how many P1s were logged this week", "priority", ("Urgent",)),
    ("how many walk-ups did we get in august", "channel", ("Walkup",)),
    ("# wifi tickets at the HQ since july", "location", ("Manchester HQ",)),
    ("okta / mfa tickets still open", "sub_category", ("Okta & MFA",)),
    ("badge tickets for the amsterdam office", "item", ("Access Badge", "Visitor Badge")),
    ("how many leave requests", "sub_category", ("Leave & Absence",)),
    ("how many SRs were logged between 1 and 15 August?", "type", ("Service Request",)),
    ("hardware tickets from remote staff this year", "location", ("Remote",)),
])
def test_a_service_desk_s_words(question, field, values) -> None:
    plan = QuestionParser(service_desk()).parse(question, NOW)
    assert plan.route == "aggregate" and not plan.unexplained, plan
    assert plan.filters.values(field) == values


def test_a_service_desk_s_groupings_dates_and_declines() -> None:
    p = QuestionParser(service_desk())
    assert p.parse("which dept raises the most tickets?", NOW).group_by == "department"
    plan = p.parse("hey team - which 3 offices send us the most onboarding requests?", NOW)
    assert (plan.group_by, plan.limit, plan.filters.values("sub_category")) == ("location", 3, ("Onboarding",))
    plan = p.parse("which office has the most open tickets, not counting remote", NOW)
    assert next(c for c in plan.filters.conditions if c.field == "location").negate
    assert p.parse("priority mix of hardware tickets", NOW).group_by == "priority"
    assert p.parse("total tickets since the start of the year?", NOW).filters.dates[0].start == datetime(2026, 1, 1)
    assert p.parse("Awaiting Approval tickets created before July", NOW).filters.dates[0].end == datetime(2026, 7, 1)
    assert p.parse("my payslip has an emergency tax code", NOW).intent == "search"
    mine = p.parse("my open tickets", NOW)
    assert mine.filters.mine and mine.intent == "count" and mine.filters.values("status")
    assert p.parse("why is payroll so slow to answer", NOW).intent == "cant"
    assert p.parse("which agent is working on INC-6089? give me their name", NOW).route == "refuse"
    plan = _thread(p, "how many open hardware tickets", "how old are they on average?")
    assert plan.intent == "duration" and plan.filters.values("category") == ("Hardware",)
    plan = _thread(p, "list the urgent tickets", "show me the 3 most recent")
    assert (plan.intent, plan.limit, plan.filters.values("priority")) == ("list", 3, ("Urgent",))
    plan = _thread(p, "hardware tickets per month this year", "what about 2025?")
    assert plan.intent == "trend" and plan.filters.dates[0].start == datetime(2025, 1, 1)


def test_id_prefixes_that_stand_for_a_value_are_learnt() -> None:
    shapes = (IdShape("SR", "-", 4, False), IdShape("INC", "-", 4, False))
    rows = [(f"SR-{i}", {"type": "Service Request", "category": "Hardware"}) for i in range(30)]
    rows += [(f"INC-{i}", {"type": "Incident", "category": "Hardware"}) for i in range(30)]
    learnt = learn_prefix_values(shapes, rows)
    assert learnt == {"sr": ValueRef("type", "Service Request", "alias"), "inc": ValueRef("type", "Incident", "alias")}
    assert learn_prefix_values(shapes[:1], rows) == {}  # one prefix: it stands for every request


def university_desk() -> Vocabulary:
    """GLPI-style: categories and entities as paths in one cell, statuses with a qualifier in brackets."""
    return Vocabulary(
        fields={
            "status": {s: 5 for s in ("New", "Processing (assigned)", "Processing (planned)", "Pending", "Solved",
                                      "Closed")},
            "category": {"Hardware > Printer": 3, "Hardware > Printer > Toner": 4, "Network > Wi-Fi": 5,
                         "Network > VPN": 2, "Security > Phishing": 2},
            "entity": {"Root entity > Campus North > Library": 3, "Root entity > Campus North > Faculty of Science": 4,
                       "Root entity > Campus South > Faculty of Arts": 2},
            "channel": {"Helpdesk": 5, "Direct": 2, "Written": 1},
            "type": {"Incident": 5, "Request": 4},
        },
        closed_statuses=frozenset({"Solved", "Closed"}),
        id_shapes=(IdShape("", "", 5, False),),
        field_aliases={"request source": "channel"},
    )


@pytest.mark.parametrize("question,field,values,negate", [
    ("how many tickets are in processing?", "status", ("Processing (assigned)", "Processing (planned)"), False),
    ("number of open tickets other than printers", "category", ("Hardware > Printer > Toner", "Hardware > Printer"),
     True),
    ("how many tickets on campus north", "entity",
     ("Root entity > Campus North > Faculty of Science", "Root entity > Campus North > Library"), False),
    ("most recent 5 phishing reports", "category", ("Security > Phishing",), False),
    ("how many wifi tickets from the library's staff", "entity", ("Root entity > Campus North > Library",), False),
    ("how many tickets with request source Written in 2025", "channel", ("Written",), False),
    ("how many storage requests from the library", "type", (), False),
])
def test_paths_and_bracketed_families(question, field, values, negate) -> None:
    plan = QuestionParser(university_desk()).parse(question, NOW)
    assert plan.route == "aggregate", plan
    cond = [c for c in plan.filters.conditions if c.field == field]
    assert (cond[0].values, cond[0].negate) == (values, negate) if values else not cond


def test_month_and_year_words_before_a_request_noun() -> None:
    p = QuestionParser(university_desk())
    plan = p.parse("how many tickets did the library log last december", NOW)
    assert plan.filters.dates[0].start == datetime(2025, 12, 1)
    assert p.parse("percentage of 2025 tickets logged via the helpdesk", NOW).filters.dates[0].start == datetime(2025, 1, 1)
    assert p.parse("how many tickets got a resolution date in march?", NOW).filters.dates[0].field == "resolved_at"
    assert p.parse("is the service desk understaffed?", NOW).intent == "cant"


def test_values_said_as_problems_both_sides_of_vs_and_exclusions_in_follow_ups() -> None:
    p = QuestionParser(university_desk())
    plan = p.parse("printer problems in 2025?", NOW)
    assert plan.intent == "count" and plan.filters.values("category")
    plan = p.parse("incidents vs requests this year", NOW)
    assert (plan.intent, plan.group_by, plan.filters.values("type")) == ("group", "type", ("Incident", "Request"))
    plan = p.parse("what fraction of wifi tickets are still unresolved? in percent", NOW)
    assert plan.intent == "share" and not plan.unexplained
    plan = p.parse("wifi tickets this month, not counting the ones sent by helpdesk", NOW)
    cond = next(c for c in plan.filters.conditions if c.field == "channel")
    assert plan.intent == "count" and cond.negate
    plan = _thread(p, "open tickets on campus north?", "excluding the library?")
    conds = [c for c in plan.filters.conditions if c.field == "entity"]
    assert sorted(c.negate for c in conds) == [False, True]  # campus north kept, the library taken out


def test_a_name_the_sanitiser_already_pseudonymised_is_still_asked_about(parser) -> None:
    assert parser.parse("can u give me person_1a2b3c4d's email? they're in Legal", NOW).route == "refuse"
    assert parser.parse("tickets from person_1a2b3c4d about vpn", NOW).route != "refuse"


# ------------------------------------------------------------------------------- the asker's own requests
@pytest.mark.parametrize(("question", "intent"), [
    ("what's the status of my laptop request?", "search"),
    ("did anyone reply to my VPN ticket?", "search"),
    ("any news on my password reset case?", "search"),
    ("where is my new monitor request", "search"),
    ("my open requests", "count"),
    ("show me my tickets", "list"),
    ("what's the status of my requests?", "group"),
    ("how many open tickets have I got?", "count"),
    ("have I got any open cases?", "count"),
    ("requests opened by me last month", "count"),
    ("what did I raise last week?", "count"),
    ("which of the open tickets are mine?", "count"),
    ("how long do my tickets take to resolve?", "duration"),
])
def test_questions_about_the_asker_s_own_requests(parser, question, intent) -> None:
    plan = parser.parse(question, NOW)
    assert plan.filters.mine and plan.intent == intent and not plan.unexplained, plan
    assert "raised by you" in plan.describe() and plan.question == question


@pytest.mark.parametrize("question", [
    "my laptop won't boot",
    "my issue is that outlook crashes on start",
    "I have the same problem with the VPN",
    "what's the status of REQ-100042? it's my ticket",  # an id names the request, whoever raised it
])
def test_first_person_problems_and_other_people_s_requests_are_not_the_asker_s(parser, question) -> None:
    assert not parser.parse(question, NOW).filters.mine


@pytest.mark.parametrize("question", ["my team's open tickets", "how many open tickets does my team have?",
                                      "tickets raised by my manager this month", "my department's requests per status"])
def test_requests_of_people_the_data_does_not_name_are_declined(parser, question) -> None:
    plan = parser.parse(question, NOW)
    assert plan.intent == "cant" and plan.refusal_reason == OTHERS_REQUESTS and not plan.filters.mine, plan


def test_mine_as_a_follow_up_narrows_the_thread_s_question(parser) -> None:
    for follow_up in ("and mine?", "what about my ones?"):
        plan = _thread(parser, "how many open requests?", follow_up)
        assert plan.intent == "count" and plan.filters.mine and plan.filters.values("status"), follow_up
    plan = _thread(parser, "my open tickets", "what about the closed ones?")
    assert plan.filters.mine and plan.filters.values("status") == ("Closed",)


@pytest.mark.parametrize(("question", "mine"), [
    ("has anyone else had the same problem as my VPN ticket?", False),
    ("requests similar to my laptop request", False),
    ("I'd like to know the status of my laptop request", True),
])
def test_others_requests_like_the_asker_s_are_everyones(parser, question, mine) -> None:
    assert parser.parse(question, NOW).filters.mine is mine


@pytest.mark.parametrize(("question", "mine"), [
    ("when I open Outlook it crashes", False),
    ("I sent a file to the printer but nothing comes out", False),
    ("did I log in with the wrong account?", False),
    ("the ticket I opened about the printer", True),
    ("what did I submit in October?", True),
    ("requests made by me", True),
])
def test_first_person_verbs_make_requests_mine_only_when_they_raise_them(parser, question, mine) -> None:
    assert parser.parse(question, NOW).filters.mine is mine

"""Question understanding without a database: a hand-made vocabulary, a fixed clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from askdesk.answering.dates import find_dates
from askdesk.answering.understand import QuestionParser, clean_question
from askdesk.answering.vocabulary import IdShape, Vocabulary, learn_id_shapes, normalise_id

NOW = datetime(2026, 10, 31, 18, 0)  # a Saturday


def vocab() -> Vocabulary:
    statuses = {s: 10 for s in ("New", "Open", "In Progress", "Pending", "On Hold", "Resolved", "Closed", "Cancelled")}
    return Vocabulary(
        statuses=statuses,
        categories={"IT": 50, "HR": 20, "Facilities": 10, "Legal": 5},
        priorities={"1 - Critical": 3, "2 - High": 10, "3 - Medium": 30, "4 - Low": 20},
        subcategories={"VPN": 5, "Printer": 4, "Payroll": 3},
        assignment_groups={"Service Desk": 30, "Network Operations": 10},
        closed_statuses=frozenset({"Resolved", "Closed", "Cancelled"}),
        id_shapes=(IdShape("REQ", "-", 6, False),),
    )


@pytest.fixture
def parser() -> QuestionParser:
    return QuestionParser(vocab())


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
])
def test_date_expressions(text, start, end) -> None:  # type: ignore[no-untyped-def]
    [span] = find_dates(f"requests {text}?", NOW)
    assert (span.start, span.end) == (start, end)


def test_id_shapes_are_learned_from_the_data() -> None:
    shapes = learn_id_shapes([f"INC{n:07d}" for n in range(40, 90)] + ["weird id"])
    assert shapes == (IdShape("INC", "", 7, True),)
    assert normalise_id("inc", "45", shapes) == "INC0000045"
    assert normalise_id("req", "1234", (IdShape("REQ", "-", 6, False),)) == "REQ-1234"


@pytest.mark.parametrize("question,route,status,category,priority", [
    ("how many HR requests are pending?", "aggregate", ("Pending",), ("HR",), ()),
    ("How many open requests in IT?", "aggregate", ("New", "Open", "In Progress", "Pending", "On Hold"), ("IT",), ()),
    ("how many requests have status Open?", "aggregate", ("Open",), (), ()),
    ("number of p1 tickets", "aggregate", (), (), ("1 - Critical",)),
    ("how many critical legal requests are on hold", "aggregate", ("On Hold",), ("Legal",), ("1 - Critical",)),
    ("how many high priority facilities tickets", "aggregate", (), ("Facilities",), ("2 - High",)),
    ("has anyone had VPN drops after the update?", "search", (), (), ()),
    ("I can't open my payslip, is it broken for everyone?", "search", (), (), ()),
    ("URGENT: phishing email from a supplier", "search", (), (), ()),
    ("any open requests about laptops?", "search", ("New", "Open", "In Progress", "Pending", "On Hold"), (), ()),
])
def test_filters_map_onto_known_values(parser, question, route, status, category, priority) -> None:  # type: ignore[no-untyped-def]
    u = parser.parse(question, NOW)
    assert u.route == route
    assert (set(u.filters.status), u.filters.category, u.filters.priority) == (set(status), category, priority)


def test_typo_in_a_category_is_forgiven(parser) -> None:  # type: ignore[no-untyped-def]
    assert parser.parse("how many facilites requests?", NOW).filters.category == ("Facilities",)


def test_words_not_in_the_data_never_become_filters(parser) -> None:  # type: ignore[no-untyped-def]
    u = parser.parse("how many requests with status 'Open'); DROP TABLE requests; --", NOW)
    assert u.filters.status == ("Open",)
    for values in (u.filters.category, u.filters.priority, u.filters.subcategory, u.filters.assignment_group):
        assert values == ()


def test_group_by_and_rank(parser) -> None:  # type: ignore[no-untyped-def]
    u = parser.parse("which category had the most critical requests last month?", NOW)
    assert (u.route, u.group_by, u.rank, u.filters.priority) == ("aggregate", "category", "most", ("1 - Critical",))
    assert parser.parse("breakdown by status please", NOW).group_by == "status"
    assert parser.parse("which team handled the fewest requests?", NOW).group_by == "assignment_group"


def test_resolved_with_a_date_counts_resolution_dates(parser) -> None:  # type: ignore[no-untyped-def]
    u = parser.parse("how many requests were resolved last week?", NOW)
    assert u.filters.status == () and u.filters.dates[0].field == "resolved_at"


def test_ids_similar_and_pseudonyms(parser) -> None:  # type: ignore[no-untyped-def]
    assert parser.parse("status of req 100123 and REQ-100124?", NOW).request_ids == ("REQ-100123", "REQ-100124")
    u = parser.parse("similar requests to REQ-100123", NOW)
    assert (u.route, u.similar_to) == ("search", ("REQ-100123",))
    u = parser.parse("how many requests from person_1a2b3c4d assigned to person_0000ffff?", NOW)
    assert (u.filters.requester, u.filters.assignee) == (("person_1a2b3c4d",), ("person_0000ffff",))


@pytest.mark.parametrize("question", [
    "What's the email address of the requester of REQ-100001?",
    "What is Helena Murphy's phone number?",
    "phone of whoever raised REQ-100002",
    "who is person_1a2b3c4d?",
    "give me the salary of the employee in REQ-100003",
])
def test_personal_data_questions(parser, question) -> None:  # type: ignore[no-untyped-def]
    assert parser.parse(question, NOW).route == "refuse"


@pytest.mark.parametrize("question", [
    "emails not syncing on my phone",
    "how many phishing email requests last month?",
    "Outlook keeps asking for my password",
])
def test_helpdesk_topics_about_email_and_phones_are_not_refused(parser, question) -> None:  # type: ignore[no-untyped-def]
    assert parser.parse(question, NOW).route != "refuse"


def test_clean_question() -> None:
    assert clean_question("  a\x00b\x1b[31m  c\u00a0d ", 100) == "a b [31m c d"
    assert len(clean_question("x" * 50_000, 2000)) == 2000

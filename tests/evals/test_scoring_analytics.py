"""Scoring of the analytic question kinds (count, list, top, duration, trend, share, cant) on
hand-made answers that pass and that fail, and follow-up threads through the harness."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from evals.harness import AdapterSpec, answer_questions
from evals.scoring import (
    EXPECTED_ROUTE,
    duration_ok,
    groups_exact,
    list_exact,
    new_numbers,
    percent_ok,
    score_result,
    series_exact,
    stated_duration,
    stated_ids,
    stated_number,
)


def _score(question: dict[str, Any], text: str, *, refused: bool = False, cited: list[str] | None = None,
           route: str | None = None) -> dict[str, Any]:
    return score_result(question, text=text, refused=refused, cited=cited or [], ranked=[], route=route)


# ------------------------------------------------------------------------------ numbers and ids
def test_stated_number_is_not_fooled_by_ids() -> None:
    assert stated_number("INC0010042 is one of 12 open critical incidents") == 12
    assert stated_number("REQ-100042, REQ-100043 and 1,234 more") == 1234
    assert stated_number("No requests match (open, critical).") == 0
    assert stated_number("inc0010042 and INC0010043 match") is None


def test_stated_ids_in_order_of_first_mention() -> None:
    assert stated_ids("INC0010003 (oldest), then inc0010001, INC0010003 again, REQ-100042") == \
        ["INC0010003", "INC0010001", "REQ-100042"]


# ------------------------------------------------------------------------------------- lists
def test_list_exact() -> None:
    expected = ["INC0010003", "INC0010001"]
    assert list_exact("12 match; the 2 oldest: INC0010003 (3 Jan), INC0010001 (5 Jan).", expected)
    assert list_exact("inc0010003, inc0010001, INC0010999", expected)  # more ids after them are fine
    assert not list_exact("INC0010001, INC0010003", expected)  # wrong order
    assert not list_exact("INC0010999, INC0010003, INC0010001", expected)  # another id first
    assert not list_exact("INC0010003 only", expected)
    assert not list_exact("", expected)


def test_list_question_scores_ids_and_total_not_ranking() -> None:
    q = {"id": "l", "kind": "list", "question": "which open p1 is the oldest?", "expected_request_ids": ["REQ-100042"],
         "expected_number": 12}
    good = _score(q, "12 open critical requests; the oldest is REQ-100042 (opened 3 Feb 2026).", route="aggregate")
    assert good["list_exact"] and good["number_exact"] and good["correct"] and good["route_ok"]
    assert not any(k.startswith(("hit@", "mrr@", "ndcg@")) for k in good)
    assert not _score(q, "12 open critical requests; the oldest is REQ-100043.")["correct"]
    assert not _score(q, "11 open critical requests; the oldest is REQ-100042.")["correct"]


# ------------------------------------------------------------------------------------ groups
def test_groups_exact_with_digits_in_values() -> None:
    groups = [["Location 143", 40], ["Location 14", 12]]
    assert groups_exact("Incidents by location: Location 143: 40, Location 14: 12, Location 98: 7.", groups)
    assert groups_exact("location 143 — 40 incidents (12.5%)\nlocation 14 — 12 incidents", groups)
    # "Location 14" is not the start of "Location 143"; counts are whole numbers
    assert not groups_exact("Location 143: 12, Location 1430: 40", [["Location 143", 40]])
    assert not groups_exact("Location 143: 40, Location 14: 120", groups)
    assert not groups_exact("Location 143: 4.0", [["Location 143", 4]])
    # order
    assert not groups_exact("Location 14: 12, Location 143: 40", groups)
    # the count must come within 40 non-digit characters of the value
    assert not groups_exact("Location 143 is the busiest location of all the locations we have: 40", [["Location 143", 40]])


def test_groups_exact_thousands_and_case() -> None:
    assert groups_exact("Portal 2,005 · Email 1,533 · Chat 649", [["Portal", 2005], ["Email", 1533], ["Chat", 649]])
    assert groups_exact("portal: 2005", [["Portal", 2005]])
    # an all-caps value must be written so: "it" is not the IT category
    assert not groups_exact("it has 2,211 requests", [["IT", 2211]])
    assert groups_exact("IT has 2,211 requests, HR 738", [["IT", 2211], ["HR", 738]])


def test_top_question_correct() -> None:
    q = {"id": "t", "kind": "top", "question": "tickets per channel", "expected_groups": [["Phone", 30], ["Email", 20]]}
    assert _score(q, "Phone 30, Email 20, Chat 5")["correct"]
    assert not _score(q, "Phone 30, Email 21")["correct"]
    assert not _score(q, "Phone 30, Email 20", refused=True)["correct"]


# --------------------------------------------------------------------------------- durations
@pytest.mark.parametrize(("text", "stat", "hours"), [
    ("The average time to resolve critical incidents is 3.4 days.", "mean", 3.4 * 24),
    ("Median resolution time: 14.2 hours (mean 20.1 hours)", "median", 14.2),
    ("p90 is 35 minutes", "p90", 35 / 60),
    ("the 90th percentile is 2.1 weeks", "p90", 2.1 * 168),
    ("mean: 2 days 3 hours", "mean", 51.0),
    ("on average 1 day, 4 hours", "mean", 28.0),
])
def test_stated_duration(text: str, stat: str, hours: float) -> None:
    found = stated_duration(text, stat)
    assert found is not None and found[0] == pytest.approx(hours)


def test_duration_ok_tolerance_follows_the_printed_digits() -> None:
    assert duration_ok("Average: 3.4 days", 3.44 * 24, "mean")  # 0.05 days either side
    assert not duration_ok("Average: 3.4 days", 3.46 * 24, "mean")
    assert duration_ok("Average: 35 minutes", 35.4 / 60, "mean")
    assert not duration_ok("Average: 36 minutes", 35 / 60, "mean")
    assert duration_ok("Average: 100 hours", 100.4, "mean")  # 0.5 % of the expected value
    assert duration_ok("The average time is 81.6 hours", 81.6, "mean")


def test_duration_needs_the_right_statistic_near_the_number() -> None:
    assert not duration_ok("The median is 3.4 days", 3.4 * 24, "mean")
    assert not duration_ok("Mean 3.4 days", 3.4 * 24, "median")
    assert duration_ok("mean 5 days, median 3.4 days", 3.4 * 24, "median")
    assert not duration_ok("The average, over the 1,204 incidents resolved in the whole of last year, is 3.4 days",
                           3.4 * 24, "mean")  # the first duration is not within 40 characters
    assert not duration_ok("On average it takes a while.", 10, "mean")
    q = {"id": "d", "kind": "duration", "question": "avg time to resolve p1s", "expected_hours": 6.0, "expected_stat": "mean"}
    assert _score(q, "Average time to resolve: 6.0 hours over 43 incidents")["correct"]
    assert not _score(q, "Average time to resolve: 7 hours")["correct"]


# ---------------------------------------------------------------------------------- percents
def test_percent_ok() -> None:
    assert percent_ok("12.3% of IT requests are critical (272 of 2,211).", 12.3456)
    assert percent_ok("That's 12 % of them", 12.04)
    assert percent_ok("12.4%", 12.35)  # one decimal printed: within 0.05
    assert not percent_ok("12.5%", 12.3456)
    assert not percent_ok("272 of 2,211 requests are critical", 12.3)  # no percentage
    assert not percent_ok("3.1% are on hold and 12.3% are critical", 12.3)  # the first one counts
    q = {"id": "s", "kind": "share", "question": "what % of IT tix are critical?", "expected_percent": 9.2}
    assert _score(q, "9.2% (203 of 2,211)")["correct"]
    assert not _score(q, "9.3%")["correct"]


# ------------------------------------------------------------------------------------ trends
def test_series_exact() -> None:
    series = [["2026-08", 41], ["2026-09", 0], ["2026-10", 1234]]
    assert series_exact("Per month: 2026-08: 41, 2026-09: 0, 2026-10: 1,234", series)
    assert series_exact("2026-10 → 1234\n2026-09 → 0\n2026-08 → 41", series)  # any order
    assert not series_exact("2026-08: 41, 2026-10: 1,234", series)  # a period missing
    assert not series_exact("2026-08: 41, 2026-09: 10, 2026-10: 1234", series)
    weeks = [["2026-08-03", 5], ["2026-08-10", 3]]
    assert series_exact("week of 2026-08-03: 5; week of 2026-08-10: 3", weeks)
    # a month label is not the start of a day label
    assert not series_exact("2026-08-03: 41", [["2026-08", 3]])
    assert not series_exact("2026-08-03: 41", [["2026-08", 41]])


# -------------------------------------------------------------------------------------- cant
def test_cant_must_decline_without_numbers() -> None:
    q = {"id": "c", "kind": "cant", "question": "rate our helpdesk out of 10"}
    ok = _score(q, "I can't rate the helpdesk out of 10: the requests hold no opinions.", refused=True, route="cant")
    assert ok["refused"] and ok["no_new_number"] and ok["correct"] and ok["route_ok"]
    assert not _score(q, "I'd say 7 out of 10.", refused=True)["correct"]  # a number the question doesn't hold
    assert not _score(q, "The helpdesk is great.", refused=False)["correct"]
    assert not _score(q, "I can't say.", refused=True, cited=["REQ-100001"])["correct"]
    assert new_numbers("INC0010042 will be fixed in 3 days", "when will INC0010042 be fixed?") == ["3"]


def test_routes_of_the_new_kinds() -> None:
    for kind in ("count", "list", "top", "duration", "trend", "share"):
        assert EXPECTED_ROUTE[kind] == "aggregate"
    assert EXPECTED_ROUTE["cant"] == "cant" and EXPECTED_ROUTE["aggregate"] == "aggregate"
    count = {"id": "n", "kind": "count", "question": "# open p1s", "expected_number": 0}
    assert _score(count, "No requests match (open, priority 1 - Critical).")["correct"]
    assert not _score(count, "3 requests match")["correct"]


def test_old_kinds_score_as_before() -> None:
    q = {"id": "a", "kind": "aggregate", "question": "How many requests are pending?", "expected_number": 50}
    s = _score(q, "50 requests are pending.", route="aggregate")
    assert s["number_exact"] and s["answered"] and s["correct"] and s["route_ok"]
    u = _score({"id": "u", "kind": "unknown", "question": "status of REQ-999999?"}, "No request REQ-999999.", refused=True)
    assert u["refused"] and "no_new_number" not in u and u["correct"]


# --------------------------------------------------------------------------- follow-up threads
class _Trace(dict):
    """A trace readable both as the old dict and the typed record."""

    def __getattr__(self, name: str) -> Any:
        return self.get(name)


class _ThreadEngine:
    """Answers from a table; records the history each question came with."""

    engine = None
    scrub = None

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, list[tuple[str, str]]]] = []

    def answer(self, question: str, *, history: Any = ()) -> Any:
        self.calls.append((question, list(history)))
        # the "SQL result" holds what the text states, so the answers are grounded
        trace = _Trace(question=question, result={"rows": self.answers[question]}, timings_ms={}, adapter_version=None,
                       retrieved=[], ranking=[])
        return SimpleNamespace(text=self.answers[question], sources=[], route="aggregate", refused=False, filters={},
                               filters_text="", plan_text="", trace=trace)


def test_history_is_answered_first_and_passed_on() -> None:
    engine = _ThreadEngine({"list the open critical requests": "REQ-100001, REQ-100002 (2 match)",
                            "only HR": "REQ-100002 (1 match)",
                            "which of those is the oldest?": "1 request matches: REQ-100002 is the oldest."})
    q = {"id": "list-001", "kind": "list", "question": "which of those is the oldest?",
         "history": ["list the open critical requests", "only HR"], "expected_request_ids": ["REQ-100002"],
         "expected_number": 1}
    [result] = answer_questions(engine, [q], AdapterSpec("no-llm"))
    assert [c[0] for c in engine.calls] == ["list the open critical requests", "only HR", "which of those is the oldest?"]
    assert engine.calls[0][1] == []
    assert engine.calls[1][1] == [("list the open critical requests", "REQ-100001, REQ-100002 (2 match)")]
    assert engine.calls[2][1] == [("list the open critical requests", "REQ-100001, REQ-100002 (2 match)"),
                                  ("only HR", "REQ-100002 (1 match)")]
    assert result["history"] == [{"question": "list the open critical requests", "answer": "REQ-100001, REQ-100002 (2 match)"},
                                 {"question": "only HR", "answer": "REQ-100002 (1 match)"}]
    assert result["scores"]["list_exact"] and result["scores"]["number_exact"] and result["scores"]["correct"]


def test_question_without_history_is_asked_alone() -> None:
    engine = _ThreadEngine({"how many open p1s?": "3 requests match"})
    [result] = answer_questions(engine, [{"id": "c", "kind": "count", "question": "how many open p1s?",
                                          "expected_number": 3}], AdapterSpec("no-llm"))
    assert engine.calls == [("how many open p1s?", [])] and result["history"] == [] and result["scores"]["correct"]

"""Analytic answers over the indexed sample, checked against truth computed in Python from the
export's rows (never from the engine's SQL): counts over metadata fields and negations, ordered
lists, breakdowns, durations, trends, shares, declines and follow-ups."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from datetime import datetime

import pytest

from evals.golden import SAMPLE_CLOSED
from evals.scoring import stated_number


def _dt(value: str | None) -> datetime | None:
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S") if value else None


@pytest.fixture(scope="module")
def rows(answer_env) -> list[dict]:
    """The export's rows as the index keeps them: one per id, the latest update wins."""
    latest: dict[str, dict] = {}
    for r in answer_env.raw:
        if not latest.get(r["RequestID"]) or (r["UpdatedAt"] or "") >= (latest[r["RequestID"]]["UpdatedAt"] or ""):
            latest[r["RequestID"]] = r
    return list(latest.values())


def _ask(env, question: str, history=()):
    return env.engine.answer(question, history=list(history))


def _open(r: dict) -> bool:
    return r["Status"] not in SAMPLE_CLOSED


def test_counts_over_metadata_fields_and_negations(answer_env, rows) -> None:
    location = Counter(r["Location"] for r in rows if r["Location"]).most_common(1)[0][0]
    channel = Counter(r["Channel"] for r in rows if r["Channel"]).most_common(2)[1][0]
    cases = {
        f"how many requests at {location}?": sum(r["Location"] == location for r in rows),
        f"how many open tickets came in by {channel.lower()}": sum(r["Channel"] == channel and _open(r) for r in rows),
        "how many requests excluding HR?": sum(r["Category"] != "HR" for r in rows),
        "how many requests are not resolved or closed yet?": sum(r["Status"] not in ("Resolved", "Closed") for r in rows),
        f"how many critical requests other than {location}": sum(
            r["Priority"] == "1 - Critical" and r["Location"] != location for r in rows),
    }
    for question, truth in cases.items():
        answer = _ask(answer_env, question)
        assert answer.route == "aggregate" and answer.plan.intent == "count", (question, answer.plan)
        assert stated_number(answer.text) == truth, (question, answer.text)
        assert "metric: count" in answer.text  # the answer states the plan it used


def test_lists_ordered_by_dates(answer_env, rows) -> None:
    high_open = [r for r in rows if r["Priority"] == "2 - High" and _open(r)]
    assert len(high_open) >= 2
    oldest = min(high_open, key=lambda r: (r["CreatedAt"], r["RequestID"]))
    first = _ask(answer_env, "list the open high priority requests")
    assert first.plan.intent == "list" and stated_number(first.text) == len(high_open)
    follow = _ask(answer_env, "which of those is the oldest?", [(first.trace.question, first.text)])
    assert follow.plan.intent == "list" and follow.trace.follow_up_of == first.trace.question
    assert [s.request_id for s in follow.sources] == [oldest["RequestID"]]
    assert f"The oldest: {oldest['RequestID']} " in follow.text
    hr = sorted((r for r in rows if r["Category"] == "HR"), key=lambda r: (r["UpdatedAt"], r["RequestID"]))
    hr.sort(key=lambda r: r["UpdatedAt"], reverse=True)
    answer = _ask(answer_env, "5 most recently updated HR tickets")
    assert [s.request_id for s in answer.sources] == [r["RequestID"] for r in hr[:5]]


def test_breakdowns_by_any_field(answer_env, rows) -> None:
    by_location = Counter(r["Location"] for r in rows if r["Location"])
    (top, n), = by_location.most_common(1)
    answer = _ask(answer_env, "which location reported the most requests?")
    assert answer.plan.group_by == "location"
    assert answer.text.startswith(f"{top} has the most requests: {n:,}")
    answer = _ask(answer_env, "tickets per channel")
    for value, count in Counter(r["Channel"] for r in rows if r["Channel"]).items():
        assert re.search(rf"{re.escape(value)} {count:,}\b", answer.text), (value, count, answer.text)


def _hours(seconds: list[float]) -> tuple[float, float, float]:
    seconds = sorted(seconds)
    q = statistics.quantiles(seconds, n=10, method="inclusive")
    return statistics.fmean(seconds) / 3600, statistics.median(seconds) / 3600, q[8] / 3600


def _stated_hours(text: str, word: str) -> float:
    m = re.search(rf"{word} ([\d.]+) (minutes|hours|days)", text)
    assert m, (word, text)
    return float(m.group(1)) * {"minutes": 1 / 60, "hours": 1, "days": 24}[m.group(2)]


def test_durations_are_exact(answer_env, rows) -> None:
    spans = [(_dt(r["ResolvedAt"]) - _dt(r["CreatedAt"])).total_seconds() for r in rows
             if r["Category"] == "IT" and r["ResolvedAt"] and _dt(r["ResolvedAt"]) >= _dt(r["CreatedAt"])]
    mean, median, p90 = _hours(spans)
    answer = _ask(answer_env, "what's the average time to resolve IT requests?")
    assert answer.route == "aggregate" and answer.plan.intent == "duration"
    for word, truth in (("average", mean), ("median", median), ("90th percentile", p90)):
        assert _stated_hours(answer.text, word) == pytest.approx(truth, rel=0.03, abs=0.06), (word, answer.text)
    assert f"over {len(spans):,} requests" in answer.text


def test_trend_and_share(answer_env, rows) -> None:
    answer = _ask(answer_env, "requests per month over the last 3 months")
    assert answer.plan.intent == "trend"
    for month in ("2026-08", "2026-09", "2026-10"):
        n = sum(r["CreatedAt"].startswith(month) for r in rows)
        assert f"{month}: {n:,}" in answer.text, (month, answer.text)
    it = [r for r in rows if r["Category"] == "IT"]
    pct = 100 * sum(r["Priority"] == "1 - Critical" for r in it) / len(it)
    answer = _ask(answer_env, "what percentage of IT requests are critical?")
    assert answer.plan.intent == "share" and f"{pct:.1f}%" in answer.text


@pytest.mark.parametrize("question", [
    "how many requests will we get next month?",
    "who is the best agent?",
    "what was the total cost of the laptop replacements?",
])
def test_what_it_cannot_answer_it_says_without_a_number(answer_env, question) -> None:
    answer = _ask(answer_env, question)
    assert answer.refused and answer.route in ("cant", "search"), answer.text
    if answer.route == "cant":
        assert answer.text.startswith("I can't answer that") and not re.search(r"\d", answer.text)


def test_follow_ups_edit_the_previous_plan(answer_env, rows) -> None:
    first = _ask(answer_env, "how many requests are open?")
    history = [(first.trace.question, first.text)]
    by_location = _ask(answer_env, "and by location?", history)
    assert by_location.plan.intent == "group" and by_location.plan.group_by == "location"
    still_open = [r for r in rows if _open(r)]
    for value, count in Counter(r["Location"] for r in still_open if r["Location"]).most_common(3):
        assert re.search(rf"{re.escape(value)} {count:,}\b", by_location.text)
    only_hr = _ask(answer_env, "only HR", history)
    assert stated_number(only_hr.text) == sum(r["Category"] == "HR" for r in still_open)
    oldest = _ask(answer_env, "which one is the oldest?", history)
    [listed] = [s.request_id for s in oldest.sources]
    it = _ask(answer_env, "what's its priority?", [*history, ("which one is the oldest?", oldest.text)])
    assert it.route == "lookup" and it.plan.request_ids == (listed,) and listed in it.text


def test_the_llm_fallback_plan_is_used_only_when_it_accounts_for_the_question(answer_env, rows, tmp_path) -> None:
    """A question the rules can't place goes to the LLM (over real HTTP to an OpenAI-compatible
    fake) for a JSON plan; the plan is used when it covers the words the rules could not, and
    validated against the vocabulary; otherwise the engine says it can't."""
    import json

    from askdesk.answering.engine import AnswerEngine
    from askdesk.llm import load_llm
    from tests.support.fake_openai import fake_openai_server
    from tests.support.settings import make_settings

    env = answer_env
    with fake_openai_server() as (api_base, fake):
        llm = load_llm(make_settings(tmp_path, llm={"backend": "openai", "api_base": api_base, "api_model": "m"}))
        engine = AnswerEngine(env.db.engine, env.engine.retriever, env.settings.answering, llm=llm,
                              scrub=env.engine.scrub, vocabulary=env.engine.vocabulary)
        question = "which HR tickets are the most ancient?"  # "ancient": not a word of the rules
        assert env.engine.answer(question).route == "cant"
        fake.json_reply = json.dumps({"intent": "list", "conditions": [{"field": "category", "values": ["HR"]}],
                                      "order": {"by": "created_at", "descending": False}, "limit": 1})
        answer = engine.answer(question)
        assert fake.requests and "response_format" in fake.requests[-1]
        assert (answer.route, answer.plan.understood_by, answer.plan.filters.values("category")) == (
            "aggregate", "llm", ("HR",))
        oldest = min((r for r in rows if r["Category"] == "HR"), key=lambda r: (r["CreatedAt"], r["RequestID"]))
        assert [s.request_id for s in answer.sources] == [oldest["RequestID"]]
        assert "language model" in answer.text  # the answer says how it was understood
        # a plan that drops what the question asked ("breached the SLA") is not used
        fake.json_reply = json.dumps({"intent": "count", "conditions": []})
        answer = engine.answer("how many requests breached the SLA last month?")
        assert answer.route == "cant" and answer.refused and answer.trace.llm_plan.get("used") is False
        # values the data doesn't have never reach SQL
        fake.json_reply = json.dumps({"intent": "count", "conditions": [
            {"field": "category", "values": ["x'); DROP TABLE requests; --"]}]})
        answer = engine.answer("how many tickets are classed as weird-stuff matters?")
        assert answer.route == "cant"
    assert stated_number(env.engine.answer("how many requests?").text) == len(rows)


def test_words_the_ner_takes_for_names_are_given_back_names_are_not(answer_env) -> None:
    from tests.support.answer_env import INJECTION_PII

    for question in ("Reqs touched since Monday - how many", "Avg resolution time for requests logged in Jun?"):
        plan = answer_env.engine.understand(question)
        assert "person_" not in plan.question and plan.intent in ("count", "duration"), plan
    plan = answer_env.engine.understand(f"how many requests from {INJECTION_PII[0]}?")
    assert INJECTION_PII[0] not in plan.question and "person_" in plan.question


def test_a_count_of_words_no_request_contains_declines_instead_of_saying_none(answer_env) -> None:
    answer = _ask(answer_env, "how many zzqqx tickets?")
    assert answer.refused and answer.text.startswith("I can't answer that: no request mentions “zzqqx”")
    assert not re.search(r"\d", answer.text)
    assert answer.route == "cant" and answer.trace.route == "cant"

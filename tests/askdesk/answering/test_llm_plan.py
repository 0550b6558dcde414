"""The LLM fallback's schema and validation, without a model: whatever JSON the LLM writes, the
plan holds only values of the vocabulary, and what does not map makes the plan ``cant``."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from typing import Any

import pytest

from askdesk.answering.filters import PEOPLE_FIELDS
from askdesk.answering.llm_plan import (
    PlanDraft,
    draft_plan,
    map_value,
    plan_from_draft,
    plan_messages,
    plan_schema,
)
from askdesk.answering.llm_plan.common import MAX_CONDITIONS, PLAN_INTENTS, VALUE_ENUM_MAX
from askdesk.answering.llm_plan.prompt import _examples
from askdesk.answering.vocabulary import Vocabulary
from tests.support.fake_openai import fake_openai_server
from tests.support.plans import LOCATIONS, NOW, VOCAB, all_values, schema_errors
from tests.support.settings import make_settings

INJECTIONS = ("x'); DROP TABLE requests;--", "Network' OR '1'='1", '"; DELETE FROM requests; --',
              "Open) UNION SELECT * FROM pg_user --", "${jndi:ldap://x}", "Network\u0000;--")


def plan(draft: dict[str, Any], question: str = "a question since March", vocab: Vocabulary = VOCAB, **kw: Any):
    return plan_from_draft(PlanDraft.model_validate(draft), question, vocab, **kw)


# ----------------------------------------------------------------------------- the schema
def test_schema_is_built_from_the_vocabulary() -> None:
    schema = plan_schema(VOCAB)
    props = schema["properties"]
    assert schema["required"] == ["intent"] and schema["additionalProperties"] is False
    assert props["intent"]["enum"] == list(PLAN_INTENTS)
    assert props["group_by"]["enum"] == ["status", "category", "priority", "location"]
    branches = {b["properties"]["field"]["enum"][0]: b for b in schema["$defs"]["condition"]["anyOf"]}
    assert set(branches) == {"status", "category", "priority", "location", PEOPLE_FIELDS[0]}
    assert branches["requester"]["properties"]["field"]["enum"] == list(PEOPLE_FIELDS)
    values = {name: b["properties"]["values"]["items"] for name, b in branches.items()}
    assert values["category"]["enum"] == ["Network", "Human Resources", "Access"]
    assert values["status"]["enum"] == list(VOCAB.statuses)
    assert len(LOCATIONS) > VALUE_ENUM_MAX and "enum" not in values["location"]  # free strings, validated after
    assert values["location"]["maxLength"] <= 60
    assert values["requester"]["pattern"].startswith("^person_")
    assert props["conditions"]["maxItems"] == MAX_CONDITIONS and props["part"] == props["conditions"]
    assert props["dates"]["items"]["properties"]["field"]["enum"] == ["created_at", "resolved_at", "updated_at"]
    assert len(json.dumps(schema)) < 4000  # small: it is compiled (and sent) for every fallback


def test_strict_schema_requires_every_key_and_nulls_the_optional_ones() -> None:
    strict = plan_schema(VOCAB, strict=True)

    def objects(node: Any) -> list[dict[str, Any]]:
        found = []
        if isinstance(node, dict):
            if node.get("type") == "object":
                found.append(node)
            for v in node.values():
                found += objects(v)
        elif isinstance(node, list):
            for v in node:
                found += objects(v)
        return found

    for obj in objects(strict):
        assert obj["required"] == list(obj["properties"]) and obj["additionalProperties"] is False
    assert {"type": "null"} in strict["properties"]["open_only"]["anyOf"]
    full = {"intent": "count", "conditions": [{"field": "category", "values": ["Network"], "negate": False}],
            "open_only": None, "dates": [], "group_by": None, "rank": None, "order": None, "limit": None,
            "duration": None, "trend_unit": None, "trend_field": None, "part": [], "topic": None}
    assert schema_errors(strict, full) == []
    assert schema_errors(strict, {"intent": "count"})  # keys missing
    assert plan(full).filters.values("category") == ("Network",)  # nulls read as "not given"


def test_the_decoder_compiles_the_schema() -> None:
    import llguidance

    for strict in (False, True):
        grammar = llguidance.LLMatcher.grammar_from_json_schema(json.dumps(plan_schema(VOCAB, strict=strict)),
                                                                defaults={"whitespace_flexible": False})
        assert llguidance.LLMatcher.validate_grammar(grammar) == ""
    assert schema_errors(plan_schema(VOCAB), {"intent": "count", "conditions": [{"field": "category",
                                                                                  "values": ["Netwrok"]}]})


# ----------------------------------------------------------------------------- the prompt
def test_prompt_lists_fields_intents_and_today_and_examples_are_valid_plans() -> None:
    messages = plan_messages("How many VPN requests are waiting?", VOCAB, NOW)
    system = messages[0].content
    assert messages[0].role.value == "system" and messages[-1].content == "How many VPN requests are waiting?"
    assert "2026-03-18" in system and "Wednesday" in system
    assert "- category: Network, Human Resources, Access" in system
    assert "Site 00, Site 01" in system and "Site 30" not in system  # a few of the most frequent values
    for intent in PLAN_INTENTS:
        assert intent in system
    examples = _examples(VOCAB, NOW)
    assert 4 <= len(examples) <= 6 and len(messages) == 2 + 2 * len(examples)
    for (question, draft), (user, assistant) in zip(examples, zip(messages[1:-1:2], messages[2:-1:2], strict=True),
                                                    strict=True):
        assert user.content == question and json.loads(assistant.content) == draft
        assert schema_errors(plan_schema(VOCAB), draft) == [], question
        p = plan(draft, question)
        assert p.intent == draft["intent"] and not p.unexplained, question
    asked = " ".join(q for q, _ in examples)
    assert "High requests" in asked and "2 - High" not in asked  # spoken in questions, canonical in plans
    assert '"2 - High"' in messages[4].content


def test_examples_adapt_to_a_helpdesk_without_categories() -> None:
    vocab = Vocabulary(fields={"team": {"Desk": 3, "Ops": 2}, "urgency": {"Low": 3, "High": 1}},
                       has_resolved_dates=False)
    examples = _examples(vocab, NOW)
    assert len(examples) >= 4
    for question, draft in examples:
        assert schema_errors(plan_schema(vocab), draft) == [], question
        assert plan(draft, question, vocab).intent == draft["intent"], question
    assert "open_only" not in examples[0][1]  # no statuses, no resolved dates: "open" can't be said
    empty = Vocabulary()
    assert all(schema_errors(plan_schema(empty), d) == [] for _, d in _examples(empty, NOW))


# ----------------------------------------------------------------------------- validation
def test_values_map_exactly_by_alias_or_by_a_close_match() -> None:
    assert map_value(VOCAB, "category", "network") == "Network"
    assert map_value(VOCAB, "category", "Netwrok") == "Network"  # near miss (ratio 0.86)
    assert map_value(VOCAB, "category", "human-resources") == "Human Resources"
    assert map_value(VOCAB, "category", "HR") == "Human Resources"  # the vocabulary's synonyms
    assert map_value(VOCAB, "priority", "critical") == "1 - Critical"
    assert map_value(VOCAB, "location", "site 07") == "Site 07" and map_value(VOCAB, "location", "Stie 07") == "Site 07"
    assert map_value(VOCAB, "location", "site 7") is None  # close (0.92 to "Site 57") but another number
    assert map_value(VOCAB, "category", "Net") is None  # too far
    assert map_value(VOCAB, "category", "") is None


def test_a_valid_draft_becomes_a_plan_of_vocabulary_values() -> None:
    p = plan({"intent": "list", "conditions": [{"field": "category", "values": ["network", "Acess"]},
                                               {"field": "priority", "values": ["2 - High"], "negate": True},
                                               {"field": "category", "values": ["Network"]}],
              "order": {"by": "created_at", "descending": False}, "limit": 5, "group_by": "location"})
    assert p.intent == "list" and p.understood_by == "llm" and not p.unexplained
    assert p.filters.values("category") == ("Network", "Access")  # merged, de-duplicated
    assert [(c.field, c.values, c.negate) for c in p.filters.conditions][1] == ("priority", ("2 - High",), True)
    assert (p.order.by, p.order.descending, p.limit) == ("created_at", False, 5)
    assert p.group_by is None  # not a group question: its keys are dropped
    g = plan({"intent": "group", "group_by": "location", "rank": "fewest"})
    assert (g.intent, g.group_by, g.rank) == ("group", "location", "fewest")


def test_unknown_fields_and_values_are_unexplained_and_make_the_plan_cant() -> None:
    p = plan({"intent": "count", "conditions": [{"field": "category", "values": ["Network", "Plumbing"]}]})
    assert p.intent == "cant" and p.unexplained == ("category: plumbing",) and p.understood_by == "llm"
    assert p.filters.values("category") == ("Network",)  # what mapped is still stated
    p = plan({"intent": "count", "conditions": [{"field": "department", "values": ["Network"]}]})
    assert p.intent == "cant" and p.unexplained == ("field department",) and not p.filters.conditions
    assert plan({"intent": "count", "conditions": [{"field": "location", "values": ["Mars Base"]}]}).intent == "cant"
    assert plan({"intent": "group", "group_by": "department"}).unexplained == ("group by department",)
    assert plan({"intent": "group"}).unexplained == ("group by what",)
    assert plan({"intent": "share", "conditions": [{"field": "category", "values": ["Access"]}]}).intent == "cant"
    assert plan({"intent": "lookup"}).unexplained == ("intent lookup",)
    assert plan({"intent": "DROP TABLE"}).intent == "cant"


def test_people_only_by_a_pseudonym_the_question_names() -> None:
    q = "How many requests did person_1a2b3c4d open this year?"
    p = plan({"intent": "count", "conditions": [{"field": "requester", "values": ["person_1a2b3c4d"]}]}, q)
    assert p.intent == "count" and p.filters.values("requester") == ("person_1a2b3c4d",)
    invented = plan({"intent": "count", "conditions": [{"field": "requester", "values": ["person_99999999"]}]}, q)
    assert invented.intent == "cant" and not invented.filters.conditions
    name = plan({"intent": "count", "conditions": [{"field": "assignee", "values": ["Alice Smith"]}]}, "Alice Smith?")
    assert name.intent == "cant" and name.unexplained == ("assignee: alice smith",)


def test_dates_become_half_open_day_ranges() -> None:
    p = plan({"intent": "count", "dates": [{"field": "resolved_at", "start": "2026-03-01", "end": "2026-03-08"},
                                           {"field": "created_at", "start": "2026-01-01"}]})
    resolved, created = p.filters.dates
    assert (resolved.field, resolved.start, resolved.end) == ("resolved_at", datetime(2026, 3, 1), datetime(2026, 3, 8))
    assert (created.start, created.end) == (datetime(2026, 1, 1), None)
    one_day = plan({"intent": "count", "dates": [{"start": "2026-03-05", "end": "2026-03-05"}]}).filters.dates[0]
    assert (one_day.field, one_day.start, one_day.end) == ("created_at", datetime(2026, 3, 5), datetime(2026, 3, 6))
    assert plan({"intent": "count", "dates": [{"start": "2026-03-09", "end": "2026-03-01"}]}).intent == "cant"
    bad = plan({"intent": "count", "dates": [{"start": "2026-02-30"}]})
    assert bad.intent == "cant" and bad.unexplained and not bad.filters.dates
    assert plan({"intent": "count", "dates": [{"field": "created_at"}]}).filters.dates == ()
    # a question that names no time at all: the dates were made up (copied from an example)
    made_up = {"intent": "count", "dates": [{"start": "2026-02-01", "end": "2026-03-01"}]}
    assert plan(made_up, "How many VPN requests are open?").filters.dates == ()
    for q in ("… in Q1?", "… last month?", "… since Monday?", "… in February?", "… this year?", "… on 2026-02-03?"):
        assert len(plan(made_up, q).filters.dates) == 1, q


def test_open_only_is_the_open_statuses_or_no_resolved_date() -> None:
    p = plan({"intent": "count", "open_only": True})
    [cond] = p.filters.conditions
    assert (cond.field, cond.values, cond.label) == ("status", ("Open", "In Progress", "Awaiting User"), "open")
    assert plan({"intent": "count", "open_only": False}).filters.values("status") == ("Closed",)
    narrowed = plan({"intent": "count", "open_only": True, "conditions": [{"field": "status", "values": ["Open"]}]})
    assert narrowed.filters.values("status") == ("Open",) and len(narrowed.filters.conditions) == 1
    clash = plan({"intent": "count", "open_only": True, "conditions": [{"field": "status", "values": ["Closed"]}]})
    assert clash.intent == "cant" and clash.unexplained == ("open",)
    no_status = Vocabulary(fields={"category": {"Network": 3}}, has_resolved_dates=True)
    p = plan({"intent": "count", "open_only": True}, vocab=no_status)
    assert p.filters.resolved is False and not p.filters.conditions
    assert plan({"intent": "count", "open_only": False}, vocab=no_status).filters.resolved is True
    nothing = Vocabulary(fields={"category": {"Network": 3}}, has_resolved_dates=False)
    assert plan({"intent": "count", "open_only": True}, vocab=nothing).intent == "cant"


def test_intent_details_default_sensibly() -> None:
    d = plan({"intent": "duration", "duration": {"measure": "age"}})
    assert d.duration.measure == "age" and d.duration.stats == ("mean", "median", "p90")
    assert plan({"intent": "duration"}).duration.measure == "resolution_time"
    t = plan({"intent": "trend"})
    assert (t.trend_unit, t.trend_field) == ("month", "created_at")
    # a list the model gave neither an order nor a size: newest first, 10 (as the rules do)
    listed = plan({"intent": "list", "order": None, "limit": None})
    assert (listed.order.by, listed.order.descending, listed.limit) == ("created_at", True, 10)
    s = plan({"intent": "share", "conditions": [{"field": "category", "values": ["Access"]}],
              "part": [{"field": "priority", "values": ["critical"]}]})
    assert s.intent == "share" and s.part.values("priority") == ("1 - Critical",)
    q = "Find requests about the printer jam on floor 3"
    search = plan({"intent": "search", "topic": "printer jam floor, made up words"}, q)
    assert search.topic == "printer jam floor"  # only the question's own words
    assert plan({"intent": "search"}, q, topic_fallback="printer jam").topic == "printer jam"
    assert plan({"intent": "search"}, q).topic == q
    counted = plan({"intent": "count", "topic": "the Network printer", "conditions": [
        {"field": "category", "values": ["Network"]}]}, "How many Network requests mention the printer?")
    assert counted.topic == "printer"  # value words and stop words are not a text condition
    assert plan({"intent": "cant"}).intent == "cant"


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_attempts_never_survive_into_the_plan(attack: str) -> None:
    draft = {"intent": "count", "conditions": [{"field": "category", "values": [attack]},
                                               {"field": attack, "values": ["Network"]}],
             "group_by": attack, "topic": attack, "part": [{"field": "status", "values": [attack]}]}
    for intent in ("count", "group", "share", "search"):
        p = plan({**draft, "intent": intent}, question=f"How many {attack} requests?")
        dumped = json.dumps({k: v for k, v in p.as_dict().items() if k != "question"})
        assert p.intent == "cant"
        assert attack not in dumped and json.dumps(attack)[1:-1] not in dumped
        assert set(all_values(p)) <= {v for values in VOCAB.fields.values() for v in values}
        assert p.group_by is None
        assert not re.search(r"[;'\"()=$\x00-]", p.topic) and not any(re.search(r"[;'\"()=$\x00]", u) for u in p.unexplained)
    # an attack as a near-miss is not a value either
    assert map_value(VOCAB, "category", "Network';--") in (None, "Network")


# ----------------------------------------------------------------------------- asking (over real HTTP)
def test_draft_plan_is_none_for_invalid_json_or_a_failed_generation(tmp_path, caplog) -> None:
    from askdesk.llm import load_llm

    secret_question = "How many requests mention project Bluebird?"
    caplog.set_level(logging.WARNING, logger="askdesk.answering.llm_plan")
    with fake_openai_server() as (api_base, fake):
        loaded = load_llm(make_settings(tmp_path, llm={"backend": "openai", "api_base": api_base, "api_model": "m"}))
        fake.json_reply = '{"intent": "count", "conditions": [{"field": '  # cut short
        assert draft_plan(loaded, secret_question, VOCAB, NOW, max_new_tokens=40) is None
        fake.json_reply = '{"conditions": []}'  # no intent
        assert draft_plan(loaded, secret_question, VOCAB, NOW, max_new_tokens=40) is None
        fake.json_reply = '{"intent": "count", "limit": 100000}'  # out of the schema's range
        assert draft_plan(loaded, secret_question, VOCAB, NOW, max_new_tokens=40) is None
        fake.json_reply = '{"intent": "count", "open_only": true}'
        draft = draft_plan(loaded, secret_question, VOCAB, NOW, max_new_tokens=40)
        assert draft is not None and draft.open_only is True
    # the server gone: a generation error, not an exception
    assert draft_plan(loaded, secret_question, VOCAB, NOW, max_new_tokens=40) is None
    assert len(caplog.records) == 4
    assert all("Bluebird" not in r.getMessage() for r in caplog.records)

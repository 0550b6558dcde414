"""CustomPatternRecognizer and CustomPattern: value shapes from the settings, with context words
that keep short number shapes from eating ordinary numbers."""

from __future__ import annotations

import pytest

from askdesk.sanitise import CustomPattern, Sanitiser, SanitiserConfig
from askdesk.sanitise.recognizers.custom import CustomPatternRecognizer
from tests.support.sanitisers import found

BADGE = r"\bB\d{6}\b"


def test_a_pattern_without_context_matches_everywhere() -> None:
    rec = CustomPatternRecognizer("BADGE_ID", [(BADGE, (), 0.9)])
    assert rec.supported_entities == ["BADGE_ID"]
    assert found(rec, "badge B123456 and B654321, not B12345 or XB123456") == ["B123456", "B654321"]
    assert [score for _, _, score in rec.spans("B123456")] == [0.9]


def test_context_words_must_come_within_40_characters_before() -> None:
    rec = CustomPatternRecognizer("CUSTOMER_NO", [(r"\b\d{8}\b", ("customer", "Kundennummer"), 0.8)])
    assert found(rec, "Customer number 12345678 please") == ["12345678"]
    assert found(rec, "KUNDENNUMMER: 12345678") == ["12345678"]  # any case
    assert found(rec, "order 12345678 shipped") == []  # no context word
    assert found(rec, "ticket INC0012345 build 19045417 KB5034441") == []
    # a context word after the value, or too far before it, does not count
    assert found(rec, "12345678 is my customer number") == []
    far = "customer " + "x" * 40 + " 12345678"
    assert found(rec, far) == []


def test_several_patterns_of_one_entity() -> None:
    rec = CustomPatternRecognizer("IN_VOTER_ID", [(r"\b[A-Z]{3}\d{7}\b", (), 0.9), (r"\b\d{4} \d{4}\b", ("epic",), 0.6)])
    text = "EPIC 1234 5678, card ABC1234567; the conference room booking code is 1234 5678"
    assert found(rec, text) == ["1234 5678", "ABC1234567"]
    assert sorted(score for *_, score in rec.spans(text)) == [0.6, 0.9]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"entity": "badge_id", "pattern": BADGE}, "UPPER_SNAKE_CASE"),
        ({"entity": "", "pattern": BADGE}, "UPPER_SNAKE_CASE"),
        ({"entity": "BADGE_ID", "pattern": "(unclosed"}, "not a valid regex"),
    ],
)
def test_bad_patterns_are_refused_clearly(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CustomPattern(**kwargs)


def test_context_is_stored_as_a_tuple() -> None:
    p = CustomPattern("BADGE_ID", BADGE, context=["badge"])
    assert p.context == ("badge",)
    assert hash(p)


def test_through_the_sanitiser_with_its_replacement() -> None:
    config = SanitiserConfig(
        secret="t",
        entities=("BADGE_ID",),
        custom_patterns=({"entity": "BADGE_ID", "pattern": BADGE, "context": ("badge",)},),
        replacements={"BADGE_ID": "<BADGE>"},
    )
    san = Sanitiser(config)
    assert san.entities == ["BADGE_ID"]
    assert san.scrub("my badge B123456 does not open door 3").text == "my badge <BADGE> does not open door 3"
    assert san.scrub("order B123456 shipped").text == "order B123456 shipped"

"""SanitiserConfig and sanitiser_version: validation with clear messages, and a version that
changes with everything that changes what is removed (never with the secret or batch size)."""

from __future__ import annotations

import pickle
import re

import pytest

from askdesk.sanitise import SANITISER_CODE_VERSION, CustomPattern, SanitiserConfig, sanitiser_version

BASE = SanitiserConfig(secret="t")


def version(**changes: object) -> str:
    return sanitiser_version(SanitiserConfig(**{"secret": "t", **changes}))


def test_version_shape_and_stability() -> None:
    v = sanitiser_version(BASE)
    assert re.fullmatch(rf"{SANITISER_CODE_VERSION}-[0-9a-f]{{10}}", v)
    assert version() == v  # same settings, same version (no randomness, no object ids)
    assert sanitiser_version(pickle.loads(pickle.dumps(BASE))) == v


@pytest.mark.parametrize(
    "changes",
    [
        {"secret": "another secret"},
        {"batch_size": 8},
        {"spacy_model": "/models/en_core_web_sm"},
        {"entities": list(BASE.entities)},  # a list from TOML is the same setting
        {"internal_domains": ()},
    ],
)
def test_version_ignores_what_does_not_change_the_output(changes: dict) -> None:
    assert version(**changes) == sanitiser_version(BASE)


@pytest.mark.parametrize(
    "changes",
    [
        {"entities": (*BASE.entities, "MAC_ADDRESS")},
        {"entities": BASE.entities[:-1]},
        {"internal_domains": ("corp.example.com",)},
        {"custom_patterns": (CustomPattern("BADGE_ID", r"\bB\d{6}\b"),)},
        {"replacements": {"IP_ADDRESS": "[ip]"}},
        {"employee_id_patterns": (r"\bST\d{4}\b",)},
        {"score_threshold": 0.5},
        {"phone_regions": ("US", "GB", "DE")},
        {"name_lexicon": False},
        {"ner_gate": False},
        {"not_names": ("Copilot",)},
    ],
)
def test_version_changes_with_what_is_removed(changes: dict) -> None:
    assert version(**changes) != sanitiser_version(BASE)


def test_version_changes_with_each_part_of_a_custom_pattern() -> None:
    badge = CustomPattern("BADGE_ID", r"\bB\d{6}\b")
    versions = {
        version(custom_patterns=(badge,)),
        version(custom_patterns=(CustomPattern("BADGE_ID", r"\bB\d{7}\b"),)),
        version(custom_patterns=(CustomPattern("BADGE_ID", r"\bB\d{6}\b", context=("badge",)),)),
        version(custom_patterns=(CustomPattern("BADGE_ID", r"\bB\d{6}\b", score=0.5),)),
        version(custom_patterns=(CustomPattern("BADGE_NO", r"\bB\d{6}\b"),)),
    }
    assert len(versions) == 5
    # and a dict from the settings file is the same pattern
    assert version(custom_patterns=({"entity": "BADGE_ID", "pattern": r"\bB\d{6}\b"},)) == version(custom_patterns=(badge,))


def test_internal_domains_are_normalised() -> None:
    config = SanitiserConfig(secret="t", internal_domains=[" Corp.Example.COM. "])
    assert config.internal_domains == ("corp.example.com",)
    assert sanitiser_version(config) == version(internal_domains=("corp.example.com",))
    assert version(internal_domains=("corp.example.com",)) != version(internal_domains=("ad.example.com",))


def test_settings_lists_become_tuples_and_the_config_is_picklable() -> None:
    config = SanitiserConfig(
        secret="s3cr3t-value",
        entities=["PERSON", "SECRET"],
        internal_domains=["corp.example.com"],
        replacements={"SECRET": "[secret]"},
    )
    assert config.entities == ("PERSON", "SECRET")
    assert config.replacements == (("SECRET", "[secret]"),)
    assert config.replacement_overrides() == {"SECRET": "[secret]"}
    assert hash(config)
    assert pickle.loads(pickle.dumps(config)) == config
    assert "s3cr3t-value" not in repr(config)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"secret": ""}, ValueError, "secret must be a non-empty string"),
        ({"secret": "   "}, ValueError, "secret must be a non-empty string"),
        ({"entities": "PERSON"}, TypeError, "entities must be a sequence of strings"),
        ({"internal_domains": "corp.example.com"}, TypeError, "internal_domains must be a sequence"),
        ({"entities": ("PERSON", "NOT_AN_ENTITY")}, ValueError, r"unsupported entities \['NOT_AN_ENTITY'\]"),
        ({"employee_id_patterns": ("(unclosed",)}, ValueError, r"employee_id_patterns\[0\] is not a valid regex"),
        ({"internal_domains": ("not a domain!",)}, ValueError, "is not a DNS name such as corp.example.com"),
        ({"internal_domains": ("https://corp.example.com",)}, ValueError, "is not a DNS name"),
        ({"replacements": {"PERSON": "<NAME>"}}, ValueError, "PERSON is always replaced by its keyed pseudonym"),
        ({"replacements": {"SECRET": "***"}}, ValueError, "must be a visible placeholder such as <SECRET>"),
        ({"replacements": {"SECRET": ""}}, ValueError, "must be a visible placeholder"),
        ({"score_threshold": 1.5}, ValueError, r"score_threshold must be within \[0, 1\]"),
        ({"score_threshold": -0.1}, ValueError, "score_threshold"),
        ({"batch_size": 0}, ValueError, "batch_size must be >= 1"),
        ({"custom_patterns": ({"entity": "badge", "pattern": "x"},)}, ValueError, "use UPPER_SNAKE_CASE"),
        ({"custom_patterns": ({"entity": "BADGE_ID", "pattern": "(x"},)}, ValueError, "not a valid regex"),
    ],
)
def test_validation_errors_are_clear(kwargs: dict, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        SanitiserConfig(**{"secret": "t", **kwargs})


def test_a_custom_pattern_entity_needs_no_other_recogniser() -> None:
    # BADGE_ID is nobody's entity until a custom pattern provides it
    with pytest.raises(ValueError, match="unsupported entities"):
        SanitiserConfig(secret="t", entities=("BADGE_ID",))
    config = SanitiserConfig(secret="t", entities=("BADGE_ID",), custom_patterns=(CustomPattern("BADGE_ID", r"\d{6}"),))
    assert config.entities == ("BADGE_ID",)

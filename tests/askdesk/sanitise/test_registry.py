"""registry: the settings' entity list -> the recognisers that run (askdesk's own, Presidio's
checksum and country recognisers, custom patterns), and what the sanitiser then removes."""

from __future__ import annotations

import pytest

from askdesk.sanitise import DEFAULT_ENTITIES, LEGACY_ENTITIES, CustomPattern, Sanitiser, SanitiserConfig
from askdesk.sanitise.registry import found_entities, pattern_recognizers
from tests.support.sanitisers import INTERNAL_DOMAIN, found, full_sanitiser

SECRET_RECOGNIZERS = {"KnownSecretsRecognizer", "PrivateKeyRecognizer", "AuthHeaderRecognizer", "CredentialsRecognizer"}
#: entities added in sanitiser version 2 (LEGACY_ENTITIES scrubs like version 1)
NEW_IN_V2 = {"UK_NINO", "SECRET", "IP_ADDRESS", "HOSTNAME", "STREET_ADDRESS", "UK_POSTCODE", "DATE_OF_BIRTH"}


def names(config: SanitiserConfig) -> list[str]:
    return [type(r).__name__ for r in pattern_recognizers(config)]


@pytest.fixture(scope="module")
def default_config() -> SanitiserConfig:
    return SanitiserConfig(secret="t")


def test_defaults(default_config: SanitiserConfig) -> None:
    built = names(default_config)
    assert len(built) == len(set(built))
    assert set(built) == {
        "NameLexiconRecognizer",
        "OfflineEmailRecognizer",
        "ObfuscatedEmailRecognizer",
        "ShapedPhoneRecognizer",
        "IbanRecognizer",
        "CreditCardRecognizer",
        "UsSsnRecognizer",
        "SsnInContextRecognizer",
        "NhsRecognizer",
        "UkNinoRecognizer",
        "EmployeeIdRecognizer",
        *SECRET_RECOGNIZERS,
        "IpAddressRecognizer",
        "StreetAddressRecognizer",
        "UkPostcodeRecognizer",
        "DateOfBirthRecognizer",
    }
    # optional entities are off by default
    assert "MacAddressRecognizer" not in built and "UrlRecognizer" not in built


def test_hostname_needs_internal_domains(default_config: SanitiserConfig) -> None:
    assert "HOSTNAME" in default_config.entities
    recognizers = pattern_recognizers(default_config)
    assert "HostnameRecognizer" not in [type(r).__name__ for r in recognizers]
    assert "HOSTNAME" not in found_entities(default_config, recognizers)  # nothing to find
    with_domain = SanitiserConfig(secret="t", entities=("HOSTNAME",), internal_domains=(INTERNAL_DOMAIN,))
    recognizers = pattern_recognizers(with_domain)
    assert [type(r).__name__ for r in recognizers] == ["HostnameRecognizer"]
    assert found_entities(with_domain, recognizers) == ["HOSTNAME"]
    assert found(recognizers[0], f"fs01.{INTERNAL_DOMAIN} is down") == [f"fs01.{INTERNAL_DOMAIN}"]


def test_legacy_entities_leave_the_new_ones_out() -> None:
    assert set(LEGACY_ENTITIES) < set(DEFAULT_ENTITIES)
    assert set(DEFAULT_ENTITIES) - set(LEGACY_ENTITIES) == NEW_IN_V2
    config = SanitiserConfig(secret="t", entities=LEGACY_ENTITIES, internal_domains=(INTERNAL_DOMAIN,), name_lexicon=False)
    recognizers = pattern_recognizers(config)
    built = {type(r).__name__ for r in recognizers}
    assert not built & (
        SECRET_RECOGNIZERS
        | {"IpAddressRecognizer", "HostnameRecognizer", "StreetAddressRecognizer", "UkPostcodeRecognizer"}
        | {"DateOfBirthRecognizer", "UkNinoRecognizer"}
    )
    assert not set(found_entities(config, recognizers)) & NEW_IN_V2


def test_secret_runs_all_four_secret_recognisers() -> None:
    config = SanitiserConfig(secret="t", entities=("SECRET",))
    assert set(names(config)) == SECRET_RECOGNIZERS


@pytest.mark.parametrize(
    ("entity", "recognizer"),
    [
        ("MAC_ADDRESS", "MacAddressRecognizer"),
        ("URL", "UrlRecognizer"),
        ("IN_AADHAAR", "InAadhaarRecognizer"),
        ("ES_NIF", "EsNifRecognizer"),
        ("AU_TFN", "AuTfnRecognizer"),
    ],
)
def test_optional_and_presidio_country_entities_load_by_name(entity: str, recognizer: str) -> None:
    config = SanitiserConfig(secret="t", entities=(entity,))
    recognizers = pattern_recognizers(config)
    assert [type(r).__name__ for r in recognizers] == [recognizer]
    assert found_entities(config, recognizers) == [entity]


def test_a_presidio_country_entity_is_removed() -> None:
    san = Sanitiser(SanitiserConfig(secret="t", entities=("ES_NIF",)))
    assert san.entities == ["ES_NIF"]
    assert san.scrub("NIF 12345678Z, ticket INC0012345").text == "NIF <ES_NIF>, ticket INC0012345"


def test_ner_entities_need_no_pattern_recogniser() -> None:
    config = SanitiserConfig(secret="t", entities=("LOCATION", "PERSON"), name_lexicon=False)
    recognizers = pattern_recognizers(config)
    assert recognizers == []
    assert found_entities(config, recognizers) == ["LOCATION", "PERSON"]


def test_name_lexicon_can_be_switched_off() -> None:
    on = names(SanitiserConfig(secret="t", entities=("PERSON",)))
    off = SanitiserConfig(secret="t", entities=("PERSON",), name_lexicon=False)
    assert on == ["NameLexiconRecognizer"]
    assert names(off) == []
    assert found_entities(off, []) == ["PERSON"]  # NER still finds names


def test_no_employee_id_patterns_no_employee_ids() -> None:
    config = SanitiserConfig(secret="t", entities=("EMPLOYEE_ID", "EMAIL_ADDRESS"), employee_id_patterns=())
    recognizers = pattern_recognizers(config)
    assert "EmployeeIdRecognizer" not in [type(r).__name__ for r in recognizers]
    assert found_entities(config, recognizers) == ["EMAIL_ADDRESS"]


def test_custom_patterns_with_context_words() -> None:
    config = SanitiserConfig(
        secret="t",
        entities=("EMAIL_ADDRESS", "BADGE_ID"),
        custom_patterns=(CustomPattern("BADGE_ID", r"\b\d{6}\b", context=("badge",)),),
    )
    recognizers = pattern_recognizers(config)
    custom = [r for r in recognizers if type(r).__name__ == "CustomPatternRecognizer"]
    assert len(custom) == 1 and custom[0].supported_entities == ["BADGE_ID"]
    assert found(custom[0], "order 654321 arrived, but my Badge 123456 fails") == ["123456"]
    assert found_entities(config, recognizers) == ["EMAIL_ADDRESS", "BADGE_ID"]


def test_a_custom_pattern_replaces_the_built_in_recogniser_of_its_entity() -> None:
    config = SanitiserConfig(secret="t", entities=("EMPLOYEE_ID",), custom_patterns=(CustomPattern("EMPLOYEE_ID", r"\bST\d{4}\b"),))
    recognizers = pattern_recognizers(config)
    assert [type(r).__name__ for r in recognizers] == ["CustomPatternRecognizer"]
    assert found(recognizers[0], "ST0042 and E-12345") == ["ST0042"]


def test_a_custom_pattern_of_an_unlisted_entity_does_not_run() -> None:
    config = SanitiserConfig(
        secret="t", entities=("EMAIL_ADDRESS",), custom_patterns=(CustomPattern("BADGE_ID", r"\b\d{6}\b"),)
    )
    assert names(config) == ["OfflineEmailRecognizer", "ObfuscatedEmailRecognizer"]


def test_unknown_entity_is_a_clear_error() -> None:
    with pytest.raises(ValueError) as excinfo:
        SanitiserConfig(secret="t", entities=("PERSON", "NOT_AN_ENTITY", "IN_AADHAR"))
    message = str(excinfo.value)
    assert "unsupported entities ['IN_AADHAR', 'NOT_AN_ENTITY']:" in message  # only the unknown ones listed
    assert "IN_AADHAAR" in message and "custom patterns" in message  # says what would work


def test_person_replacement_override_is_refused() -> None:
    with pytest.raises(ValueError, match="PERSON is always replaced by its keyed pseudonym"):
        SanitiserConfig(secret="t", replacements={"PERSON": "<NAME>"})


def test_replacement_overrides_apply() -> None:
    san = Sanitiser(SanitiserConfig(secret="t", entities=("IP_ADDRESS",), replacements={"IP_ADDRESS": "[ip]"}))
    assert san.scrub("ping 10.1.2.3").text == "ping [ip]"


def test_the_full_sanitiser_removes_the_defaults_and_hosts() -> None:
    san = full_sanitiser()
    assert san.entities == list(DEFAULT_ENTITIES)
    text = "fs01.corp.example.com (10.1.2.3): password is Tr0ub4dor&3x, DOB: 12/03/1985, LS6 2AB"
    result = san.scrub(text)
    assert result.text == "<HOST> (<IP>): password is <SECRET>, DOB: <DOB>, <POSTCODE>"
    assert result.counts == {"HOSTNAME": 1, "IP_ADDRESS": 1, "SECRET": 1, "DATE_OF_BIRTH": 1, "UK_POSTCODE": 1}

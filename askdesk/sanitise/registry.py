"""Which recognisers run, chosen by the settings' entity list: one place maps entity -> recognisers.

An entity listed in ``entities`` gets its recognisers here: askdesk's own (``recognizers/``),
Presidio's checksum-validated ones (IBAN, cards, SSN, NHS, NINO), or, for any other name, the
Presidio country recogniser that provides it (``IN_AADHAAR``, ``ES_NIF``, ...). Custom patterns
from the settings become one recogniser per entity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from presidio_analyzer import predefined_recognizers
from presidio_analyzer.predefined_recognizers import UsSsnRecognizer

from askdesk.sanitise.config import SanitiserConfig
from askdesk.sanitise.entities import NER_LABELS, presidio_country_entities
from askdesk.sanitise.recognizers.auth_header import AuthHeaderRecognizer
from askdesk.sanitise.recognizers.credentials import CredentialsRecognizer
from askdesk.sanitise.recognizers.custom import CustomPatternRecognizer
from askdesk.sanitise.recognizers.date_of_birth import DateOfBirthRecognizer
from askdesk.sanitise.recognizers.email import OfflineEmailRecognizer
from askdesk.sanitise.recognizers.employee_id import EmployeeIdRecognizer
from askdesk.sanitise.recognizers.hostname import HostnameRecognizer
from askdesk.sanitise.recognizers.ip_address import IpAddressRecognizer
from askdesk.sanitise.recognizers.known_secrets import KnownSecretsRecognizer
from askdesk.sanitise.recognizers.mac_address import MacAddressRecognizer
from askdesk.sanitise.recognizers.name_lexicon import NameLexiconRecognizer
from askdesk.sanitise.recognizers.obfuscated_email import ObfuscatedEmailRecognizer
from askdesk.sanitise.recognizers.phone import ShapedPhoneRecognizer
from askdesk.sanitise.recognizers.postcode import UkPostcodeRecognizer
from askdesk.sanitise.recognizers.private_key import PrivateKeyRecognizer
from askdesk.sanitise.recognizers.ssn_context import SsnInContextRecognizer
from askdesk.sanitise.recognizers.street_address import StreetAddressRecognizer


def _email(config: SanitiserConfig) -> list[Any]:
    return [OfflineEmailRecognizer(), ObfuscatedEmailRecognizer()]


def _phone(config: SanitiserConfig) -> list[Any]:
    return [ShapedPhoneRecognizer(supported_regions=config.phone_regions)]


def _secret(config: SanitiserConfig) -> list[Any]:
    return [KnownSecretsRecognizer(), PrivateKeyRecognizer(), AuthHeaderRecognizer(), CredentialsRecognizer()]


def _us_ssn(config: SanitiserConfig) -> list[Any]:
    return [UsSsnRecognizer(), SsnInContextRecognizer()]


def _employee_id(config: SanitiserConfig) -> list[Any]:
    return [EmployeeIdRecognizer(config.employee_id_patterns)] if config.employee_id_patterns else []


def _hostname(config: SanitiserConfig) -> list[Any]:
    return [HostnameRecognizer(config.internal_domains)] if config.internal_domains else []


def _own(cls: Callable[[], Any]) -> Callable[[SanitiserConfig], list[Any]]:
    def build(config: SanitiserConfig) -> list[Any]:
        return [cls()]

    return build


def _presidio(cls: str) -> Callable[[SanitiserConfig], list[Any]]:
    def build(config: SanitiserConfig) -> list[Any]:
        return [getattr(predefined_recognizers, cls)()]

    return build


#: entity -> the recognisers that find it (NER entities are handled by the NLP engine)
BUILDERS: dict[str, Callable[[SanitiserConfig], list[Any]]] = {
    "EMAIL_ADDRESS": _email,
    "PHONE_NUMBER": _phone,
    "IBAN_CODE": _presidio("IbanRecognizer"),
    "CREDIT_CARD": _presidio("CreditCardRecognizer"),
    "US_SSN": _us_ssn,
    "UK_NHS": _presidio("NhsRecognizer"),
    "UK_NINO": _presidio("UkNinoRecognizer"),
    "UK_POSTCODE": _own(UkPostcodeRecognizer),
    "EMPLOYEE_ID": _employee_id,
    "SECRET": _secret,
    "IP_ADDRESS": _own(IpAddressRecognizer),
    "HOSTNAME": _hostname,
    "MAC_ADDRESS": _own(MacAddressRecognizer),
    "STREET_ADDRESS": _own(StreetAddressRecognizer),
    "DATE_OF_BIRTH": _own(DateOfBirthRecognizer),
    "URL": _presidio("UrlRecognizer"),
}


def pattern_recognizers(config: SanitiserConfig) -> list[Any]:
    """The recognisers that need no NER, for the entities the config lists."""
    out: list[Any] = []
    custom: dict[str, list[tuple[str, tuple[str, ...], float]]] = defaultdict(list)
    for p in config.custom_patterns:
        custom[p.entity].append((p.pattern, p.context, p.score))
    for entity in dict.fromkeys(config.entities):
        if entity in custom:
            continue
        if entity == "PERSON":
            if not config.name_lexicon:
                continue
            out.append(NameLexiconRecognizer(not_names=config.not_names))
        elif entity in BUILDERS:
            out.extend(BUILDERS[entity](config))
        elif entity not in NER_LABELS:
            # Presidio declares e.g. its Spanish recognisers for "es"; askdesk analyses as "en"
            out.append(presidio_country_entities()[entity](supported_language="en"))
    if custom:
        for entity, patterns in custom.items():
            if entity in config.entities:
                out.append(CustomPatternRecognizer(entity, patterns))
    return out


def found_entities(config: SanitiserConfig, recognizers: list[Any]) -> list[str]:
    """The listed entities some recogniser (or NER) can actually find (no employee-id patterns,
    no internal domains: nothing to find)."""
    provided = {e for r in recognizers for e in r.supported_entities}
    return [e for e in dict.fromkeys(config.entities) if e in NER_LABELS or e in provided]

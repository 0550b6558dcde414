"""The entity catalogue: which kinds of sensitive value the sanitiser knows, and what replaces each.

An entity is either found by spaCy's NER (`NER_LABELS`), by one of askdesk's own recognisers
(`registry.py`), or by any pattern recogniser Presidio ships for a country (``IN_AADHAAR``,
``ES_NIF``, ``AU_TFN``...: name it in the settings' ``entities`` and the registry loads it).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

#: the defaults before version 2 (credentials, network ids, addresses, dates of birth and
#: NINOs were not removed): a deployment configured with these scrubs like the old sanitiser
LEGACY_ENTITIES: tuple[str, ...] = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "IBAN_CODE",
    "CREDIT_CARD",
    "US_SSN",
    "UK_NHS",
    "EMPLOYEE_ID",
)

#: removed unless the settings choose otherwise. Network host names need the settings'
#: ``internal_domains``; MAC addresses, dates, places and organisations are off by default
#: (helpdesk text loses its meaning without them).
DEFAULT_ENTITIES: tuple[str, ...] = (
    *LEGACY_ENTITIES,
    "UK_NINO",
    "SECRET",
    "IP_ADDRESS",
    "HOSTNAME",
    "STREET_ADDRESS",
    "UK_POSTCODE",
    "DATE_OF_BIRTH",
)

#: entities spaCy's NER provides, and the model labels that map onto them
NER_LABELS: dict[str, tuple[str, ...]] = {
    "PERSON": ("PERSON", "PER"),
    "LOCATION": ("GPE", "LOC", "FAC"),
    "DATE_TIME": ("DATE", "TIME"),
    "NRP": ("NORP",),
    "ORGANIZATION": ("ORG",),
}

#: entities askdesk's own registry builds (besides any Presidio country recogniser)
OWN_ENTITIES: frozenset[str] = frozenset(
    {
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "IBAN_CODE",
        "CREDIT_CARD",
        "US_SSN",
        "UK_NHS",
        "UK_NINO",
        "UK_POSTCODE",
        "EMPLOYEE_ID",
        "SECRET",
        "IP_ADDRESS",
        "HOSTNAME",
        "MAC_ADDRESS",
        "STREET_ADDRESS",
        "DATE_OF_BIRTH",
        "URL",
    }
)

#: what replaces each entity (PERSON: a keyed pseudonym, see `Sanitiser.pseudonym`); any
#: other entity ``T`` becomes ``<T>``
REPLACEMENTS: dict[str, str] = {
    "EMAIL_ADDRESS": "<EMAIL>",
    "PHONE_NUMBER": "<PHONE>",
    "IBAN_CODE": "<IBAN>",
    "EMPLOYEE_ID": "<EMPLOYEE_ID>",
    "CREDIT_CARD": "<CARD>",
    "SECRET": "<SECRET>",
    "IP_ADDRESS": "<IP>",
    "HOSTNAME": "<HOST>",
    "MAC_ADDRESS": "<MAC>",
    "STREET_ADDRESS": "<ADDRESS>",
    "UK_POSTCODE": "<POSTCODE>",
    "DATE_OF_BIRTH": "<DOB>",
    "UK_NINO": "<NATIONAL_ID>",
    "US_SSN": "<NATIONAL_ID>",
    "UK_NHS": "<NATIONAL_ID>",
}

#: entity type given to a known PII value whose shape says nothing more specific
OTHER_PII = "PII"


def replacement_for(entity: str, overrides: dict[str, str] | None = None) -> str:
    """The text that replaces a value of this entity."""
    if overrides and entity in overrides:
        return overrides[entity]
    return REPLACEMENTS.get(entity, f"<{entity}>")


@cache
def presidio_country_entities() -> dict[str, type]:
    """Entity name -> Presidio's own pattern recogniser class, for every country-specific
    recogniser Presidio ships (national ids, tax numbers, passports, postcodes...)."""
    from presidio_analyzer import predefined_recognizers as pr

    out: dict[str, type] = {}
    for name in dir(pr):
        cls = getattr(pr, name)
        module = getattr(cls, "__module__", "")
        if not (isinstance(cls, type) and ".country_specific." in module):
            continue
        try:
            entity = cls().supported_entities[0]
        except Exception:  # noqa: BLE001, S112 - a recogniser that needs arguments is not offered
            continue
        out.setdefault(entity, cls)
    return out


def unsupported_entities(names: Iterable[str]) -> list[str]:
    """The names in ``names`` that no recogniser provides (Presidio's catalogue is imported only
    when a name is not one of askdesk's own: the import takes seconds)."""
    unknown = [n for n in names if n not in NER_LABELS and n not in OWN_ENTITIES]
    if unknown:
        country = presidio_country_entities()
        unknown = [n for n in unknown if n not in country]
    return sorted(set(unknown))

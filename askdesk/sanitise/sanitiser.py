"""The sanitiser: the one gate every text passes before it is stored, embedded, prompted or shown.

Built on Presidio (analyzer + anonymizer): the recognisers the settings choose
(`registry.py`; one per file in ``recognizers/``), spaCy NER loaded slim (`nlp.py`), and three
layers of defence for the names NER misses (`names.py`, `known_values.py`): the row's own PII
column values, a corpus-wide set of keyed hashes of known full names, and greeting/sign-off cues;
plus a names lexicon from many cultures.

Replacements: ``PERSON`` -> ``person_<8 hex>`` (HMAC-SHA256 of the normalised name under the
secret's pseudonym sub-key, `askdesk.keyed_hash`; the same function as the column pseudonyms);
secrets -> ``<SECRET>`` (never a pseudonym); every other entity its placeholder
(`entities.REPLACEMENTS`, overridable in the settings).

Speed: spaCy runs batched and, with ``ner_gate`` (default), only over the sentences that hold a
name candidate; identical texts in one call are analysed once; `phonenumbers` only sees
phone-shaped candidates; there is no context enhancement (it needs lemmas; recognisers check
their own context words). Load the engines once: build one `Sanitiser` per process and reuse it.

Nothing here reaches the network, and no PII is logged or put in an exception message: errors
name the exception type and the position only (raised ``from None``), and a filter on
Presidio's loggers blanks the non-numeric arguments of its log records.

Threads: one instance serves every thread of a process (the bot's HTTP threads and answer
workers, an index run's sanitiser thread), including `remember_names` and
`load_known_name_hashes` while other threads scrub; `Sanitiser` says how.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from askdesk.keyed_hash import Domain, KeyedHasher
from askdesk.sanitise.config import SanitiserConfig, sanitiser_version
from askdesk.sanitise.entities import NER_LABELS, replacement_for
from askdesk.sanitise.known_values import KnownMatcher, build_matcher, known_hits, value_kind
from askdesk.sanitise.logs import install_log_filter
from askdesk.sanitise.names import NameFinder
from askdesk.sanitise.nlp import LANG, default_model_path, empty_artifacts, ner_only_engine, no_context_enhancer
from askdesk.sanitise.registry import found_entities, pattern_recognizers
from askdesk.sanitise.text import SanitiseError, normalise, split_long

logger = logging.getLogger(__name__)

_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ScrubResult:
    """A scrubbed text and how many sensitive values of each type were replaced in it."""

    text: str
    counts: Counter[str] = field(default_factory=Counter)


class Sanitiser:
    """Finds and replaces PII and secrets. Engines load once per instance; not picklable (build
    one per process from the picklable `SanitiserConfig`).

    Thread safety: every method may be called from any number of threads at once.

    * Read-only after ``__init__``, so shared without locks: the config, the keyed hasher, the
      Presidio analyzer, batch analyzer and anonymizer (their recognisers keep no per-call state;
      the name lexicon's memo caches are ``functools.lru_cache``, which is thread-safe), the
      spaCy pipeline (inference only: its weights are read, and the tokenizer's own cache is
      updated by compiled code holding the GIL), the `NameFinder` and the replacement operators
      (each call copies the operator table before adding its own ``PERSON`` operator).
    * The known-names set (``_name_hashes``) is the one thing that changes after construction.
      It is an immutable ``frozenset`` replaced whole (copy on write) by `remember_names` and
      `load_known_name_hashes`, under ``_names_lock`` so that two writers never lose each
      other's names.  Readers take no lock: each `scrub_many` / `scrub_light` call reads the
      attribute once and uses that snapshot for all its texts, so a call sees either all or none
      of the names one `remember_names` call adds, never a set changing under it, and
      `known_name_hashes` copies a set nobody is mutating.
    * The cache of per-row matchers (``_matchers``) is guarded by ``_matchers_lock``; a matcher
      is built outside the lock and never changed once cached, so two threads building the
      same one at once only duplicate work.
    ``tests/askdesk/sanitise/test_thread_safety.py`` checks concurrent scrubs, while names are
    remembered, equal serial ones."""

    def __init__(self, config: SanitiserConfig) -> None:
        from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NoOpNlpEngine
        from presidio_analyzer.predefined_recognizers import SpacyRecognizer
        from presidio_anonymizer import AnonymizerEngine
        from presidio_anonymizer.entities import ConflictResolutionStrategy, OperatorConfig
        from presidio_anonymizer.entities import RecognizerResult as AnonResult

        self.config = config
        #: recorded with every request this sanitiser scrubs (see `sanitiser_version`)
        self.version = sanitiser_version(config)
        self._hasher = KeyedHasher(config.secret, Domain.PSEUDONYM)
        self._employee_res = [re.compile(p, re.IGNORECASE) for p in config.employee_id_patterns]
        install_log_filter()

        recognizers = pattern_recognizers(config)
        self._ner_entities = [e for e in dict.fromkeys(config.entities) if e in NER_LABELS]
        self._spacy_recognizer: SpacyRecognizer | None = None
        if self._ner_entities:
            self._spacy_recognizer = SpacyRecognizer(supported_language=LANG, supported_entities=self._ner_entities)
            recognizers.append(self._spacy_recognizer)
            labels = {label: ent for ent in self._ner_entities for label in NER_LABELS[ent]}
            self._nlp_engine = ner_only_engine(config.spacy_model or default_model_path(), labels)
        else:
            self._nlp_engine = NoOpNlpEngine(models=[{"lang_code": LANG, "model_name": "none"}])
        self._analyzer = AnalyzerEngine(
            registry=RecognizerRegistry(recognizers=recognizers, supported_languages=[LANG]),
            nlp_engine=self._nlp_engine,
            supported_languages=[LANG],
            default_score_threshold=config.score_threshold,
            context_aware_enhancer=no_context_enhancer(),
        )
        self._batch = BatchAnalyzerEngine(analyzer_engine=self._analyzer)
        self._anonymizer = AnonymizerEngine()
        self._entities: list[str] = found_entities(config, recognizers)
        pattern_side = {e for r in recognizers if r is not self._spacy_recognizer for e in r.supported_entities}
        self._pattern_entities = [e for e in self._entities if e in pattern_side]
        self._uses_ner = bool(self._ner_entities)
        self._empty_artifacts = empty_artifacts()
        #: keyed hashes of known full names: replaced whole, never mutated (see the class docstring)
        self._name_hashes: frozenset[str] = frozenset()
        self._names_lock = threading.Lock()
        self._AnonResult = AnonResult
        self._OperatorConfig = OperatorConfig
        self._conflicts = ConflictResolutionStrategy.REMOVE_INTERSECTIONS
        overrides = config.replacement_overrides()
        self._static_ops = {
            ent: OperatorConfig("replace", {"new_value": replacement_for(ent, overrides)})
            for ent in self._entities
            if ent != "PERSON"
        }
        self._static_ops["PII"] = OperatorConfig("replace", {"new_value": replacement_for("PII", overrides)})
        not_names = frozenset(w.casefold() for term in config.not_names for w in term.split())
        self._names = NameFinder(not_names, self._hmac, self._AnonResult)
        # the sentence gate judges name candidates: sound for PERSON only
        self._gated = config.ner_gate and self._ner_entities == ["PERSON"]
        self._matchers: dict[tuple[str, ...], KnownMatcher] = {}
        self._matchers_lock = threading.Lock()
        nlp = getattr(self._nlp_engine, "nlp", None) or {}
        logger.debug(
            "sanitiser %s ready: entities %s, spaCy components %s, NER gate %s",
            self.version,
            self._entities,
            nlp[LANG].pipe_names if nlp.get(LANG) is not None else [],
            self._gated,
        )

    @property
    def entities(self) -> list[str]:
        """The entity types this sanitiser removes."""
        return list(self._entities)

    # -- hashing -----------------------------------------------------------------------------

    def _hmac(self, normalised: str) -> str:
        return self._hasher.hexdigest(normalised)

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
        new = set()
        for name in names:
            if name:
                norm = normalise(name)
                if norm:
                    new.add(self._hmac(norm))
        self._add_name_hashes(new)

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
        self._add_name_hashes(new)

    def _add_name_hashes(self, new: set[str]) -> None:
        """Publish a new known-names set holding ``new`` too (copy on write, one writer at a time)."""
        with self._names_lock:
            if not new <= self._name_hashes:
                self._name_hashes = self._name_hashes | new

    def is_full_name(self, value: str) -> bool:
        """True if a PII column value reads as a person's full name (two words or more)."""
        return value_kind(value, self._employee_res) == "PERSON" and len(value.split()) >= 2

    # -- scrubbing ---------------------------------------------------------------------------

    def _matcher(self, known: tuple[str, ...]) -> KnownMatcher:
        with self._matchers_lock:
            matcher = self._matchers.get(known)
        if matcher is None:
            matcher = build_matcher(known, self._employee_res, self.pseudonym)
            with self._matchers_lock:
                if len(self._matchers) > 4096:  # one entry per row's values: keep the cache small
                    self._matchers.clear()
                self._matchers[known] = matcher
        return matcher

    def _person_operator(self, person_tokens: dict[str, str]) -> Callable[[str], str]:
        def to_token(span: str) -> str:
            norm = normalise(span)
            token = person_tokens.get(norm)
            if token is None:
                token = f"person_{self._hmac(norm)[:8]}" if norm else "<PERSON>"
            return token

        return to_token

    def _apply(self, text: str, analyzer_results: Sequence[Any], matcher: KnownMatcher,
               name_hashes: frozenset[str]) -> ScrubResult:
        """``name_hashes``: the caller's one snapshot of the known-names set."""
        forced = known_hits(text, matcher, self._AnonResult)
        if "PERSON" in self._entities:
            forced += self._names.known_name_hits(text, name_hashes)
        results = [
            self._AnonResult(r.entity_type, r.start, r.end, r.score)
            for r in analyzer_results
            if r.entity_type != "PERSON" or self._names.plausible_name(text[r.start : r.end])
        ]
        if "PERSON" in self._entities:
            results += self._names.cue_names(text)
        forced_people = [f for f in forced if f.entity_type == "PERSON"]
        if forced_people:
            results = self._names.trim_people(text, results, forced_people)
        results += forced
        if not results:
            return ScrubResult(text, Counter())
        operators = dict(self._static_ops)
        for r in results:  # a value of an entity the config does not list (a known value's kind)
            if r.entity_type not in operators and r.entity_type != "PERSON":
                operators[r.entity_type] = self._OperatorConfig(
                    "replace", {"new_value": replacement_for(r.entity_type, self.config.replacement_overrides())}
                )
        operators["PERSON"] = self._OperatorConfig("custom", {"lambda": self._person_operator(matcher.person_tokens)})
        out = self._anonymizer.anonymize(
            text=text,
            analyzer_results=results,
            operators=operators,
            conflict_resolution=self._conflicts,
            merge_entities_with_spaces=False,
        )
        return ScrubResult(out.text, Counter(item.entity_type for item in out.items))

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
        name_hashes = self._name_hashes  # one snapshot for the whole call
        matchers: dict[tuple[str, ...], KnownMatcher] = {}
        # split very long texts into pieces (at whitespace) so spaCy's limits hold
        pieces: list[str] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            if text is None:
                text = ""
            if not isinstance(text, str):
                raise TypeError(f"scrub_many: text #{i} is {type(text).__name__}, not str")
            for piece in split_long(text):
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
                matcher = matchers[key] = self._matcher(key)
            if j in results_by_piece:
                try:
                    res = self._apply(piece, results_by_piece[j], matcher, name_hashes)
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
                language=LANG,
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
        spans = [(i, s, e) for i, t in enumerate(texts) for s, e in self._names.ner_spans(t)]
        if not spans:
            return out
        docs = self._nlp_engine.process_batch(
            [texts[i][s:e] for i, s, e in spans], language=LANG, batch_size=self.config.batch_size
        )
        threshold = self.config.score_threshold
        recognizer = self._spacy_recognizer
        assert recognizer is not None, "the NER gate is on only where PERSON is found by NER"
        for (i, s, _), (segment, artifacts) in zip(spans, docs):
            for r in recognizer.analyze(segment, self._ner_entities, artifacts):
                if r.score >= threshold:
                    r.start += s
                    r.end += s
                    out[i].append(r)
        return out

    def _analyse_patterns(self, text: str) -> list[Any]:
        if not self._pattern_entities:
            return []
        return self._analyzer.analyze(
            text=text,
            language=LANG,
            entities=self._pattern_entities,
            score_threshold=self.config.score_threshold,
            nlp_artifacts=self._empty_artifacts,
        )

    def scrub_light(self, text: str | None, known: Sequence[str] = ()) -> str | None:
        """Patterns, known values and known names only (no NER): for short metadata values."""
        if text is None or not text.strip():
            return text
        return self._scrub_light(text, self._matcher(tuple(known))).text

    def scrub_light_result(self, text: str, known: Sequence[str] = ()) -> ScrubResult:
        """`scrub_light` with the counts of what was replaced."""
        return self._scrub_light(text, self._matcher(tuple(known)))

    def _scrub_light(self, text: str, matcher: KnownMatcher) -> ScrubResult:
        try:
            return self._apply(text, self._analyse_patterns(text), matcher, self._name_hashes)
        except Exception as exc:  # noqa: BLE001
            raise SanitiseError(f"PII replacement failed ({type(exc).__name__})") from None


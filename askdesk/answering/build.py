"""Build an :class:`AnswerEngine` from settings: the one place that picks the pieces."""

from __future__ import annotations

import logging
from typing import Any

from askdesk import embedder_identity
from askdesk.access import EVERYTHING, AccessPolicy, Visibility
from askdesk.answering.engine import AnswerEngine
from askdesk.answering.rerank import Reranker
from askdesk.answering.retrieve import HybridRetriever
from askdesk.db import Database
from askdesk.llm import load_llm
from askdesk.models import embedder_from_settings
from askdesk.settings import Settings
from askdesk.vector_tables import vector_table

log = logging.getLogger(__name__)


def index_embedder_mismatch(db: Database, embed_model: Any) -> str | None:
    """What to tell a process whose embedder did not make the index's vectors (None: it did, or
    the index records none yet): its searches would rank another embedder's vectors."""
    mine = embedder_identity.identity_of(embed_model)
    if mine is None:
        return None
    with db.engine.connect() as conn:
        theirs = embedder_identity.recorded(conn)
    if theirs is None or theirs == mine:
        return None
    return (f"The index was embedded by {theirs.label()} but this process searches with {mine.label()}: "
            "searches rank poorly until the index is embedded again. Run `askdesk index` with this "
            "configuration (it re-embeds every request), or set ASKDESK_EMBEDDING__BACKEND / __MODEL_PATH "
            "to what made the index.")


def build_retriever(settings: Settings, db: Database, embed_model: Any) -> HybridRetriever:
    return HybridRetriever(
        db.engine,
        table=vector_table(settings),
        dim=settings.embedding.dim,
        embed_model=embed_model,
        text_search_config=settings.database.text_search_config,
        candidates=settings.answering.candidates,
        rrf_k=settings.answering.rrf_k,
        text_candidates=settings.answering.text_candidates,
        exact_below=settings.answering.exact_below,
        exact_share=settings.answering.exact_share,
        filtered_ef_search=settings.answering.filtered_ef_search,
        max_scan_tuples=settings.answering.max_scan_tuples,
        concurrent_sides=settings.answering.concurrent_sides,
    )


def build_engine(
    settings: Settings,
    db: Database,
    *,
    embed_model: Any | None = None,
    llm: Any | None = None,
    sanitiser: Any | None = None,
    default_visibility: Visibility = EVERYTHING,
    access_policy: AccessPolicy | None = None,
) -> AnswerEngine:
    """Everything the engine needs, from settings unless given.  ``llm=None`` means no generation
    (search answers list the closest requests); load one with :func:`askdesk.llm.load_llm`.
    ``default_visibility``: what answers asked without a visibility may use; ``access_policy``:
    checked against the indexed fields (`AccessPolicyError` on a typo)."""
    if embed_model is None:
        embed_model = embedder_from_settings(settings)
    mismatch = index_embedder_mismatch(db, embed_model)
    if mismatch:
        log.warning(mismatch)
    reranker = None
    if settings.answering.reranker_path:
        reranker = Reranker(settings.answering.reranker_path, top_n=settings.answering.top_k)
    scrub = (lambda text: sanitiser.scrub(text).text) if sanitiser is not None else None
    return AnswerEngine(
        db.engine,
        build_retriever(settings, db, embed_model),
        settings.answering,
        llm=llm,
        scrub=scrub,
        reranker=reranker,
        default_visibility=default_visibility,
        access_policy=access_policy,
    )


def build_engine_with_models(settings: Settings, db: Database, *, with_llm: bool) -> tuple[AnswerEngine, Any]:
    """The engine as the chat and the benchmarks run it: the indexing sanitiser (questions and
    generated text are scrubbed) and, with ``with_llm``, the configured LLM + adapter.
    Returns the engine and the sanitiser (the chat also scrubs vote reasons with it)."""
    # deferred: Presidio, spaCy and (through Presidio) transformers, for this one builder
    from askdesk.sanitise import Sanitiser
    from askdesk.sanitise.config import sanitiser_config

    sanitiser = Sanitiser(sanitiser_config(settings))
    llm = None
    if with_llm:
        llm = load_llm(settings)
    return build_engine(settings, db, llm=llm, sanitiser=sanitiser), sanitiser

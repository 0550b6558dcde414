"""Builds an :class:`Indexer` from settings: the one place that wires the pieces together."""

from __future__ import annotations

import os

from askdesk.db import Database
from askdesk.models import embedder_from_settings, set_torch_threads
from askdesk.sanitise.config import sanitiser_config
from askdesk.settings import Settings
from indexing.pipeline import Indexer, Progress
from indexing.vectors import build_vector_index


def embedder_threads(settings: Settings) -> int:
    """Torch threads for the embedder: the setting, else every core.

    The sanitiser needs a fraction of a core to keep up with the embedder (measured:
    docs/benchmarks.md), so the embedder gets all cores and the OS shares them.
    """
    if settings.embedding.threads > 0:
        return settings.embedding.threads
    return max(1, os.cpu_count() or 1)


def build_indexer(  # type: ignore[no-untyped-def]
    db: Database, settings: Settings, *, embed_model=None, progress: Progress | None = None, sanitiser=None
) -> Indexer:
    set_torch_threads(embedder_threads(settings))
    embed_model = embed_model or embedder_from_settings(settings)
    return Indexer(
        db,
        build_vector_index(db, settings, embed_model),
        sanitiser_config=sanitiser_config(settings),
        secret=settings.sanitiser.secret.get_secret_value(),
        page_size=settings.index.page_size,
        max_text_chars=settings.index.max_text_chars,
        sanitiser_workers=settings.sanitiser.workers,
        prescan_people=settings.index.prescan_people,
        progress=progress,
        sanitiser=sanitiser,
    )

"""Builds an :class:`Indexer` from the runtime's parts: the one place that wires an index run together."""

from __future__ import annotations

import os

from askdesk.db import Database
from askdesk.embedder_identity import identity_of
from askdesk.models import set_torch_threads
from askdesk.progress import IndexProgress
from askdesk.runtime import Runtime
from askdesk.sanitise.config import sanitiser_config
from askdesk.settings import Settings
from indexing.pipeline import Indexer
from indexing.vectors import build_vector_index


def embedder_threads(settings: Settings) -> int:
    """Torch threads for the embedder: the setting, else every core.

    The sanitiser needs a fraction of a core to keep up with the embedder (measured:
    docs/benchmarks.md), so the embedder gets all cores and the OS shares them.
    """
    if settings.embedding.threads > 0:
        return settings.embedding.threads
    return max(1, os.cpu_count() or 1)


def build_indexer(
    runtime: Runtime,
    *,
    db: Database | None = None,
    progress: IndexProgress | None = None,
    share_sanitiser: bool = False,
) -> Indexer:
    """An indexer writing to ``db`` (default: the runtime's database) with the runtime's embedder.

    By default the indexer builds its own sanitiser in a background thread (or worker processes,
    ``sanitiser.workers``) so sanitising overlaps embedding; ``share_sanitiser`` uses the runtime's
    already loaded one inline instead (one model in memory, no overlap: evals and tests)."""
    settings = runtime.settings
    db = db or runtime.db
    set_torch_threads(embedder_threads(settings))
    return Indexer(
        db,
        build_vector_index(db, settings, runtime.embedder),
        sanitiser_config=sanitiser_config(settings),
        secret=settings.sanitiser.secret.get_secret_value(),
        page_size=settings.index.page_size,
        max_text_chars=settings.index.max_text_chars,
        sanitiser_workers=settings.sanitiser.workers,
        prescan_people=settings.index.prescan_people,
        bulk_first_load=settings.index.bulk_first_load,
        progress=progress,
        sanitiser=runtime.sanitiser if share_sanitiser else None,
        embedder=identity_of(runtime.embedder),
    )

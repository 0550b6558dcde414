"""Helpers for the indexing integration tests: run the real pipeline and look into the database."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from llama_index.core.instrumentation import get_dispatcher
from llama_index.core.instrumentation.event_handlers import BaseEventHandler
from llama_index.core.instrumentation.events.embedding import EmbeddingEndEvent
from pydantic import Field

from askdesk.db import Database
from askdesk.runtime import Runtime
from askdesk.settings import Settings
from indexing.build import build_indexer
from indexing.mapping import Mapping
from indexing.pipeline import IndexReport
from indexing.source import open_source
from tests.support.settings import SAMPLE_MAPPING


class EmbeddingCounter(BaseEventHandler):
    """Counts texts that really went through the embedder (LlamaIndex instrumentation events)."""

    texts: list[str] = Field(default_factory=list)

    @classmethod
    def class_name(cls) -> str:
        return "EmbeddingCounter"

    def handle(self, event, **kwargs) -> None:
        if isinstance(event, EmbeddingEndEvent):
            self.texts.extend(event.chunks)


@contextmanager
def count_embeddings() -> Iterator[EmbeddingCounter]:
    counter = EmbeddingCounter(texts=[])
    dispatcher = get_dispatcher()
    dispatcher.add_event_handler(counter)
    try:
        yield counter
    finally:
        dispatcher.event_handlers.remove(counter)


def run_index(
    db: Database,
    settings: Settings,
    source: str | Path,
    *,
    embedder,
    sanitiser=None,
    mapping: Path = SAMPLE_MAPPING,
    prune: bool = False,
    full: bool = False,
) -> IndexReport:
    m = Mapping.load(mapping)
    runtime = Runtime(settings, db=db, embedder=embedder, sanitiser=sanitiser)
    indexer = build_indexer(runtime, share_sanitiser=sanitiser is not None)
    return indexer.run(open_source(str(source), m), m, prune=prune, full=full)


def scalar(db: Database, sql: str, **params) -> object:
    with db.engine.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar_one()


def vector_counts(db: Database) -> Counter[str]:
    """Vector rows per request id (ref_doc_id)."""
    with db.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT metadata_->>'ref_doc_id' FROM data_request_chunks")).scalars()
        return Counter(rows)


def all_text(db: Database) -> str:
    """Every value in every table of the database as one string (for PII canary checks)."""
    parts = []
    with db.engine.connect() as conn:
        tables = conn.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        for t in tables:
            for row in conn.execute(sa.text(f'SELECT t::text FROM public."{t}" AS t')).scalars():
                parts.append(str(row))
    return "\n".join(parts)


def write_rows(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def read_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))

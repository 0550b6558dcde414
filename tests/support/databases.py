"""Databases made for one test module or session: a copy of the migrated template, dropped after."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from askdesk.db import Database, connect


@contextmanager
def database_from_template(pg_server: Database, template: str, prefix: str) -> Iterator[Database]:
    """A fresh database ``<prefix>_<random>`` copied from ``template``; disposed of and dropped at the end."""
    name = f"{prefix}_{uuid.uuid4().hex[:6]}"
    with pg_server.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    db = connect(pg_server.url.set(database=name), Path("/nonexistent"))
    try:
        yield db
    finally:
        db.dispose()
        with pg_server.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))

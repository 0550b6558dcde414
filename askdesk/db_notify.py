"""Postgres LISTEN/NOTIFY: the one listener and the one sender askdesk uses.

Processes tell each other that something changed through Postgres notifications: a stored
Slack question wakes the answer workers of every replica (``askdesk_inbox``), a promoted or
rolled-back adapter switches every running bot and chat (``askdesk_adapters``).  A notification
is delivered when the transaction that sent it commits, and not at all if it rolls back, so a
listener never hears of a row it cannot read yet.

* :func:`notify` sends one, inside the caller's transaction, as ``SELECT pg_notify(:channel,
  :payload)`` with bound parameters.
* :class:`Listener` LISTENs on a raw connection of its own: detached from the engine's pool
  (a LISTENing, autocommit connection must never serve anyone else), invalidated when the
  listener closes, never handed back.  :meth:`Listener.wait` returns the notifications that
  arrive within a timeout; when the connection breaks it is thrown away and opened again on a
  later call, waiting ``retry_s`` between attempts.

Notifications are a shortcut, not a guarantee: one sent while a listener reconnects is lost.
Callers therefore also poll (the answer workers claim every ``poll_s``, the adapter watcher
checks the registry every ``poll_s``); a notification only makes them look at once.
"""

from __future__ import annotations

import contextlib
import logging
import re
import select
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import sqlalchemy as sa

log = logging.getLogger(__name__)

__all__ = ["Listener", "Notification", "notify"]

#: a channel name: a lowercase SQL identifier (LISTEN takes an identifier, pg_notify a string;
#: lowercase keeps the two the same channel)
_CHANNEL = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _channel(name: str) -> str:
    if not isinstance(name, str) or not _CHANNEL.fullmatch(name):
        raise ValueError(f"notification channel {name!r}: use a lowercase identifier such as askdesk_inbox")
    return name


@dataclass(frozen=True)
class Notification:
    channel: str
    payload: str
    #: the backend process id of the sender
    pid: int


def notify(conn: sa.Connection, channel: str, payload: str | None = None) -> None:
    """Notify ``channel`` when ``conn``'s transaction commits (nothing is sent if it rolls back)."""
    params = {"channel": _channel(channel), "payload": "" if payload is None else payload}
    conn.execute(sa.text("SELECT pg_notify(:channel, :payload)"), params)


class Listener:
    """LISTEN on some channels over a dedicated connection; use it as a context manager.

    ``with Listener(engine, "askdesk_inbox") as listener: listener.wait(5.0)``.  Entering
    connects (a failure there is retried by `wait`, like a broken connection later); leaving
    closes the connection.  One thread uses a listener at a time.
    """

    def __init__(self, engine: sa.Engine, *channels: str, retry_s: float = 5.0) -> None:
        if not channels:
            raise ValueError("a Listener needs at least one channel")
        self.engine = engine
        self.channels = tuple(_channel(c) for c in channels)
        self.retry_s = retry_s
        self._raw: Any = None  # SQLAlchemy's detached pool proxy; None while not connected
        self._retry_at = 0.0
        #: how many times the connection was (re)opened; tests and logs use it
        self.connects = 0

    # ------------------------------------------------------------------ connection
    @property
    def connected(self) -> bool:
        return self._raw is not None

    def connect(self) -> None:
        """Open the connection and LISTEN (raises what the database raises)."""
        self.close()
        raw = self.engine.raw_connection()
        raw.detach()  # out of the pool: closing it closes the DBAPI connection
        try:
            # psycopg2 (askdesk pins it): the driver connection itself, with psycopg2's own API
            # (autocommit, cursors as context managers) beyond the DBAPI protocol SQLAlchemy types
            dbapi: Any = raw.dbapi_connection
            dbapi.autocommit = True
            with dbapi.cursor() as cur:
                for channel in self.channels:
                    cur.execute(f'LISTEN "{channel}"')  # an identifier, checked by _channel
        except BaseException:
            _discard(raw)
            raise
        self._raw = raw
        self.connects += 1
        if self.connects > 1:
            log.info("listening on %s again", ", ".join(self.channels))

    def close(self) -> None:
        """Drop the connection (invalidated: it is never reused); a later `wait` reconnects."""
        raw, self._raw = self._raw, None
        if raw is not None:
            _discard(raw)

    def __enter__(self) -> Self:
        try:
            self.connect()
        except Exception as exc:  # noqa: BLE001  any failure to connect: retried by wait()
            self._failed(exc)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _failed(self, exc: BaseException) -> None:
        self.close()
        self._retry_at = time.monotonic() + self.retry_s
        # the type only: a driver message can quote connection details
        log.warning("notifications on %s unavailable (%s); retrying in %g s, polling meanwhile",
                    ", ".join(self.channels), exc.__class__.__name__, self.retry_s)

    # ------------------------------------------------------------------ waiting
    def wait(self, timeout: float) -> list[Notification]:
        """The notifications that arrived, returned as soon as there are any; ``[]`` once
        ``timeout`` seconds pass without one.  Never raises for a database error: the broken
        connection is dropped and reopened on a later call (at most every ``retry_s``), and the
        call waits out its timeout meanwhile, so a caller's loop keeps its pace."""
        deadline = time.monotonic() + max(0.0, timeout)
        if self._raw is None:
            if time.monotonic() < self._retry_at:
                time.sleep(max(0.0, min(deadline, self._retry_at) - time.monotonic()))
                if time.monotonic() < self._retry_at:
                    return []
            try:
                self.connect()
            except Exception as exc:  # noqa: BLE001  the database is down or unreachable: retry later
                self._failed(exc)
                time.sleep(max(0.0, deadline - time.monotonic()))
                return []
        try:
            return self._wait_connected(deadline)
        except Exception as exc:  # noqa: BLE001  the connection broke: reopen it on a later call
            self._failed(exc)
            return []

    def _wait_connected(self, deadline: float) -> list[Notification]:
        dbapi = self._raw.dbapi_connection
        while True:
            found = _take(dbapi)
            if found:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                return []
            readable, _, _ = select.select([dbapi], [], [], left)
            if readable:
                dbapi.poll()  # reads what arrived; raises if the connection is gone


def _take(dbapi: Any) -> list[Notification]:
    notes = [Notification(n.channel, n.payload, n.pid) for n in dbapi.notifies]
    dbapi.notifies.clear()
    return notes


def _discard(raw: Any) -> None:
    """Invalidate the detached proxy and close its DBAPI connection (for a detached connection
    SQLAlchemy's invalidate only lets go of it)."""
    dbapi = raw.dbapi_connection
    with contextlib.suppress(Exception):  # already broken
        raw.invalidate()
    if dbapi is not None:
        with contextlib.suppress(Exception):  # already closed by the server or the network
            dbapi.close()

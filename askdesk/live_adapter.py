"""Live adapter swap: a running bot or chat follows the adapter registry without a restart.

The registry (``adapters`` table) says which adapter is promoted; promotions and rollbacks also
``NOTIFY askdesk_adapters``.  :class:`AdapterWatcher` listens for that (and polls as a fallback),
loads a newly promoted adapter into the already loaded base model (PEFT ``load_adapter``) and
switches to it (``set_adapter``), or back to the base model after a rollback to none.  On a
local model both steps take the model's generation lock, so an answer being written finishes on
the adapter it started with; on an OpenAI-compatible server the adapter is the model name the
next request asks for, and requests in flight finish on theirs.  Either way
:func:`askdesk.llm.generate` reports the adapter that really answered and the answer trace
records it.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from askdesk import schema
from askdesk.db_notify import Listener

log = logging.getLogger(__name__)

#: the NOTIFY channel of promotions and rollbacks
CHANNEL = "askdesk_adapters"


def promoted_adapter(engine: sa.Engine) -> tuple[str, Path] | None:
    """(version, folder) of the promoted adapter, or None for the base model."""
    a = schema.adapters
    with engine.connect() as conn:
        row = conn.execute(sa.select(a.c.version, a.c.path).where(a.c.status == "promoted")).first()
    return (row.version, Path(row.path)) if row else None


class AdapterWatcher:
    """Keeps ``llm`` on the registry's promoted adapter."""

    def __init__(self, engine: sa.Engine, llm: Any, *, poll_s: float = 30.0) -> None:
        self.engine, self.llm, self.poll_s = engine, llm, poll_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._check_lock = threading.Lock()

    def check(self) -> str | None:
        """Switch if the registry says so; returns the adapter now in use (None = base)."""
        with self._check_lock:
            want = promoted_adapter(self.engine)
            version = want[0] if want else None
            if version == self.llm.adapter_version:
                return version
            if want is not None:
                try:
                    self.llm.load_adapter(want[1], version)
                except (OSError, RuntimeError) as exc:  # no files here / the server refused: keep answering
                    log.error("promoted adapter %s could not be loaded (%s); staying on %s", version, exc,
                              self.llm.adapter_version or "the base model")
                    return self.llm.adapter_version
            self.llm.use_adapter(version)
            log.info("now answering with %s", version or "the base model")
            return version

    def start(self) -> AdapterWatcher:
        self.check()
        self._thread = threading.Thread(target=self._run, name="adapter-watcher", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        """Check on every notification, and every ``poll_s`` seconds whatever happens (a
        notification sent while the listener reconnects is lost)."""
        next_poll = time.monotonic() + self.poll_s
        with Listener(self.engine, CHANNEL, retry_s=self.poll_s) as listener:
            while not self._stop.is_set():
                notified = listener.wait(min(self.poll_s, 1.0))
                if notified or time.monotonic() >= next_poll:
                    next_poll = time.monotonic() + self.poll_s
                    try:
                        self.check()
                    except Exception as exc:  # noqa: BLE001  the bot must keep answering; the next poll retries
                        log.warning("adapter watcher: %s; retrying", exc.__class__.__name__)

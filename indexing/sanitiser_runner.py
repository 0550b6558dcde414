"""The sanitiser beside the embedder: in a background thread, worker processes, or inline.

Sanitising a page of requests (Presidio + spaCy) and embedding the previous page (torch) take
turns on the same cores; torch releases the GIL while it computes, so a sanitiser in a
background thread keeps up without a second copy of the models.  ``sanitiser.workers >= 1``
runs it in worker processes instead (each loads its own copy), and a prebuilt sanitiser runs
inline in the caller (tests and evals share one loaded model).  Names learnt from the rows are
remembered as keyed hashes so every copy pseudonymises the same person the same way.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from askdesk.sanitise import Sanitiser
from indexing.records import RequestRow, SanitisedRequest
from indexing.sanitise_rows import sanitise_rows

_WORKER_SANITISER: Any = None


def _make_sanitiser(config: Any, known_hashes: set[str]) -> Any:
    sanitiser = Sanitiser(config)
    sanitiser.load_known_name_hashes(known_hashes)
    return sanitiser


def _exit_with_parent(parent_pid: int) -> None:
    """A worker whose parent was killed (kill -9) must not linger holding ~500 MB."""

    def watch() -> None:
        while True:
            if os.getppid() != parent_pid:
                os._exit(1)
            time.sleep(1.0)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _worker_init(config: Any, known_hashes: set[str], parent_pid: int) -> None:
    global _WORKER_SANITISER
    _exit_with_parent(parent_pid)
    _WORKER_SANITISER = _make_sanitiser(config, known_hashes)


def _remember(sanitiser: Any, names: Sequence[str]) -> set[str]:
    before = sanitiser.known_name_hashes()
    sanitiser.remember_names(names)
    return sanitiser.known_name_hashes() - before


def _sanitise(sanitiser: Any, rows: Sequence[RequestRow]) -> tuple[list[SanitisedRequest], set[str]]:
    before = sanitiser.known_name_hashes()
    sanitised = sanitise_rows(sanitiser, rows)  # also remembers the rows' people names
    return sanitised, sanitiser.known_name_hashes() - before


def _scrub(sanitiser: Any, texts: Sequence[str]) -> list[Any]:
    return sanitiser.scrub_many(list(texts))


def _scrub_light(sanitiser: Any, texts: Sequence[str]) -> list[str]:
    return [sanitiser.scrub_light(t) for t in texts]


def _worker_remember(names: Sequence[str]) -> set[str]:
    return _remember(_WORKER_SANITISER, names)


def _worker_sanitise(rows: Sequence[RequestRow]) -> tuple[list[SanitisedRequest], set[str]]:
    return _sanitise(_WORKER_SANITISER, rows)


def _worker_scrub(texts: Sequence[str]) -> list[Any]:
    return _scrub(_WORKER_SANITISER, texts)


def _worker_scrub_light(texts: Sequence[str]) -> list[str]:
    return _scrub_light(_WORKER_SANITISER, texts)


class SanitiserRunner:
    """Runs the sanitiser beside the embedder, so the two overlap.

    * ``workers == 0`` (default): one background thread in this process.  Torch releases the GIL
      while it computes, so sanitising page N+1 overlaps embedding page N, with no second copy
      of the libraries and no process start-up (Presidio + spaCy load in ~2 s here, ~15 s in a
      fresh process that must import torch again).
    * ``workers >= 1``: one worker process (isolation; useful where the GIL does become the limit).
    * a prebuilt ``sanitiser``: runs synchronously in the caller (tests share one loaded model).
    Work is queued in order, so results come back page by page.
    """

    def __init__(self, config: Any, known_hashes: set[str], workers: int, sanitiser: Any = None) -> None:
        self._pool: Executor | None = None
        self._inline: Any = sanitiser
        self._threaded: Any = None
        if sanitiser is not None:
            sanitiser.load_known_name_hashes(known_hashes)
        elif workers > 0:
            import multiprocessing

            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                1, mp_context=ctx, initializer=_worker_init, initargs=(config, known_hashes, os.getpid())
            )
        else:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="sanitiser")
            self._pool.submit(self._load_threaded, config, known_hashes)  # starts loading at once

    def _load_threaded(self, config: Any, known_hashes: set[str]) -> None:
        self._threaded = _make_sanitiser(config, known_hashes)

    def _submit(self, worker_fn: Callable, inline_fn: Callable, arg: Any) -> Future:
        if isinstance(self._pool, ProcessPoolExecutor):
            return self._pool.submit(worker_fn, arg)
        if self._pool is not None:  # the thread: the load task ran first (one thread, FIFO)
            return self._pool.submit(lambda: inline_fn(self._threaded, arg))
        fut: Future = Future()
        try:
            fut.set_result(inline_fn(self._inline, arg))
        except Exception as exc:  # noqa: BLE001 - surfaced by fut.result(), as with the pools
            fut.set_exception(exc)
        return fut

    def remember(self, names: Sequence[str]) -> Future:
        return self._submit(_worker_remember, _remember, names)

    def sanitise(self, rows: Sequence[RequestRow]) -> Future:
        return self._submit(_worker_sanitise, _sanitise, rows)

    def scrub(self, texts: Sequence[str]) -> list[Any]:
        """Stored texts scrubbed again (the re-scrub's :class:`~indexing.rescrub.PageScrubber`)."""
        return self._submit(_worker_scrub, _scrub, texts).result()

    def scrub_light(self, texts: Sequence[str]) -> list[str]:
        return self._submit(_worker_scrub_light, _scrub_light, texts).result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

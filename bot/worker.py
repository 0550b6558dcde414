"""Answer workers: claim questions from the inbox (any replica's), post a placeholder in the
thread at once, stream the answer into it, store answer + trace, and finish the inbox row.

Exactly one answer message per question, even across crashes: the placeholder carries the
question's event key in Slack message metadata and its ts is stored right after posting; a
worker that takes over a question (its first worker died) reuses the stored ts, or finds the
placeholder in the thread by that metadata, instead of posting a second one.  The answer id is
derived from the event key, so a re-run stores and shows the same id.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from askdesk.access import visibility_from_record
from askdesk.db_notify import Listener
from askdesk.feedback import save_answer
from bot import inbox
from bot.access import SLACK_CALL_ERRORS
from bot.blocks import answer_blocks, answer_text, notice_blocks, progress_blocks
from bot.deps import BotDeps
from bot.intake import THINKING_REACTION
from bot.text import escape, truncate

if TYPE_CHECKING:
    from askdesk.answering.engine import AnswerEngine

log = logging.getLogger(__name__)

ANSWER_NAMESPACE = uuid.UUID("6f1d3c1e-2b7a-4d0e-9a55-5c0f3e7b9a10")
APOLOGY = ("Sorry, something went wrong on my side while answering this. Please try again in a moment; "
           "if it keeps happening, give your admin this trace id: `{trace_id}`.")
META_ANSWER = "askdesk_answer"
META_QUESTION = "askdesk_question"


def answer_id_for(event_key: str) -> str:
    return str(uuid.uuid5(ANSWER_NAMESPACE, event_key))


class AnswerWorkers:
    def __init__(self, deps: BotDeps, *, threads: int | None = None) -> None:
        self.deps = deps
        self.threads = threads if threads is not None else deps.settings.workers
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        deps.wake = self._wake.set

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        released = inbox.release_replica(self.deps.db, self.deps.replica_id)
        if released:
            log.info("took back %d unfinished questions of an earlier run of %s", released, self.deps.replica_id)
        if self.threads:
            listener = threading.Thread(target=self._listen, name="inbox-listen", daemon=True)
            listener.start()
            self._threads.append(listener)
        for i in range(self.threads):
            t = threading.Thread(target=self._loop, args=(f"{self.deps.replica_id}/{i}",), name=f"answer-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        for t in self._threads:
            t.join(timeout)

    @property
    def alive(self) -> bool:
        return bool(self._threads) and all(t.is_alive() for t in self._threads) and not self._stop.is_set()

    def _listen(self) -> None:
        """Wake the workers when any process stores a question (Postgres LISTEN/NOTIFY); polling
        every ``poll_s`` stays as the fallback (and covers the questions stored while the
        listener reconnects)."""
        with Listener(self.deps.db, inbox.NOTIFY_CHANNEL, retry_s=5.0) as listener:
            while not self._stop.is_set():
                if listener.wait(self.deps.settings.poll_s):
                    self._wake.set()

    def _loop(self, name: str) -> None:
        _lower_priority(self.deps.settings.worker_nice)
        while not self._stop.is_set():
            try:
                row = inbox.claim(self.deps.db, name, lease_s=self.deps.settings.lease_s)
            except Exception:
                log.exception("could not claim a question (database unreachable?); retrying")
                self.deps.metrics.errors.labels("claim").inc()
                self._stop.wait(self.deps.settings.poll_s)
                continue
            if row is None:
                self._wake.wait(self.deps.settings.poll_s)
                self._wake.clear()
                continue
            self.process(row)

    # ------------------------------------------------------------------ one question
    def _engine(self) -> AnswerEngine:
        if self.deps.engine is None:
            raise RuntimeError("answering needs the engine (this process was built with role='web')")
        return self.deps.engine

    def process(self, row: inbox.Claimed) -> None:
        d = self.deps
        t0 = time.perf_counter()
        answer_id = answer_id_for(row.event_key)
        reply: _Reply | None = None
        try:
            # what the answer may use: decided at intake by where it is read, rebuilt against this
            # process's policy (failing closed: a scope the record didn't grant, or no record, is hidden)
            visibility = visibility_from_record(d.access_policy, row.access)
            if visibility.silent:  # never stored by intake; a row that says so anyway gets no answer
                inbox.finish(d.db, row.id, answer_id=None, status="silent")
                return
            reply = self._reply_target(row, answer_id)
            # earlier turns of this thread only: answered in the same place, so under the same visibility
            history = inbox.thread_history(d.db, row.channel, reply.thread_ts, before_answer=answer_id,
                                           limit=d.settings.history_turns) if reply.thread_ts else []
            stream = _Stream(d, reply, d.settings.stream_update_s)
            answer = self._engine().answer(row.question or "", history=history, on_token=stream.on_token,
                                           visibility=visibility)
            answer.answer_id = answer_id
            save_answer(d.db, answer, surface="slack", user=row.user_hash, channel=row.channel,
                        thread=reply.thread_ts, event_key=row.event_key)
            reply.show(text=answer_text(answer), blocks=answer_blocks(answer, answer_id), answer_id=answer_id)
            inbox.finish(d.db, row.id, answer_id=answer_id)
            d.metrics.questions.labels(answer.route).inc()
            d.metrics.answer_seconds.labels(answer.route).observe(time.perf_counter() - t0)
        except Exception as exc:
            trace_id = uuid.uuid4().hex[:12]
            # the exception's type and stack only: messages can quote data
            log.error("answering failed trace_id=%s event=%s error=%s", trace_id, row.event_key, exc.__class__.__name__,
                      exc_info=log.isEnabledFor(logging.DEBUG))
            d.metrics.errors.labels("answer").inc()
            self._apologise(row, reply, trace_id)
            try:
                inbox.finish(d.db, row.id, answer_id=None, status="failed", error=f"{exc.__class__.__name__} trace_id={trace_id}")
            except Exception:  # noqa: BLE001 - last resort: the row stays claimed and is retried
                log.error("could not mark question %s failed (trace_id=%s); it will be retried", row.event_key, trace_id)
        finally:
            if row.message_ts:
                d.io.submit(_unreact, d, row.channel, row.message_ts)

    def _apologise(self, row: inbox.Claimed, reply: _Reply | None, trace_id: str) -> None:
        text = APOLOGY.format(trace_id=trace_id)
        try:
            if reply is not None:
                reply.show(text=text, blocks=notice_blocks(text), answer_id=None)
            elif row.thread_ts or row.message_ts:
                self.deps.client.chat_postMessage(channel=row.channel, thread_ts=row.thread_ts or row.message_ts, text=text)
            elif row.response_url:
                WebhookClient(row.response_url).send(text=text, response_type="ephemeral")
        except SLACK_CALL_ERRORS as exc:
            log.error("could not post the apology for trace_id=%s: %s", trace_id, exc.__class__.__name__)

    # ------------------------------------------------------------------ where the answer goes
    def _reply_target(self, row: inbox.Claimed, answer_id: str) -> _Reply:
        d = self.deps
        thread_ts = row.thread_ts
        if row.kind == "command" and not thread_ts:
            thread_ts = self._find(row, META_QUESTION, None) if row.attempts > 1 else None
            if thread_ts is None:
                try:
                    posted = d.client.chat_postMessage(
                        channel=row.channel, text=f"*Question:* {escape(truncate(row.question or '', 2000))}",
                        metadata=_meta(META_QUESTION, row.event_key), unfurl_links=False, unfurl_media=False,
                    )
                except SlackApiError as exc:
                    if row.response_url and exc.response.get("error") in ("not_in_channel", "channel_not_found"):
                        return _Reply(d, row.channel, None, None, row.event_key, response_url=row.response_url)
                    raise
                thread_ts = posted["ts"]
            inbox.update(d.db, row.id, thread_ts=thread_ts)
        reply_ts = row.reply_ts or (self._find(row, META_ANSWER, thread_ts) if row.attempts > 1 else None)
        reply = _Reply(d, row.channel, thread_ts, reply_ts, row.event_key)
        if reply_ts is None:
            reply.ts = reply.post_placeholder(answer_id)
            inbox.update(d.db, row.id, reply_ts=reply.ts)
        elif not row.reply_ts:
            inbox.update(d.db, row.id, reply_ts=reply_ts)
        return reply

    def _find(self, row: inbox.Claimed, event_type: str, thread_ts: str | None) -> str | None:
        """A message an earlier attempt posted for this question (found by its metadata)."""
        try:
            if thread_ts:
                resp = self.deps.client.conversations_replies(channel=row.channel, ts=thread_ts, include_all_metadata=True, limit=200)
            else:
                resp = self.deps.client.conversations_history(channel=row.channel, include_all_metadata=True, limit=200)
        except SlackApiError as exc:
            log.warning("could not look for an earlier reply: %s", exc.response.get("error"))
            return None
        messages: list[dict[str, Any]] = resp.get("messages", [])
        for msg in messages:
            meta = msg.get("metadata") or {}
            if meta.get("event_type") == event_type and (meta.get("event_payload") or {}).get("event_key") == row.event_key:
                return msg["ts"]
        return None


def _lower_priority(nice: int) -> None:
    """Lower this thread's CPU priority (Linux: nice is per thread, and threads it starts inherit it,
    so torch's compute threads started from here run niced too)."""
    if nice <= 0 or not hasattr(os, "setpriority"):
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + nice))
    except OSError as exc:
        log.warning("could not lower the answer workers' priority: %s", exc.__class__.__name__)


def _meta(event_type: str, event_key: str, **payload: Any) -> dict[str, Any]:
    return {"event_type": event_type, "event_payload": {"event_key": event_key, **payload}}


class _Reply:
    """The bot's message for one question: placeholder → streamed text → final answer."""

    def __init__(self, deps: BotDeps, channel: str, thread_ts: str | None, ts: str | None, event_key: str,
                 *, response_url: str | None = None) -> None:
        self.deps, self.channel, self.thread_ts, self.ts = deps, channel, thread_ts, ts
        self.event_key, self.response_url = event_key, response_url

    def post_placeholder(self, answer_id: str) -> str | None:
        if self.response_url:
            return None
        resp = self.deps.client.chat_postMessage(
            channel=self.channel, thread_ts=self.thread_ts, text="Looking through the requests…",
            blocks=progress_blocks(), metadata=_meta(META_ANSWER, self.event_key, answer_id=answer_id),
            unfurl_links=False, unfurl_media=False,
        )
        return resp["ts"]

    def update_progress(self, partial: str) -> None:
        if self.ts:
            self.deps.client.chat_update(channel=self.channel, ts=self.ts, text=escape(truncate(partial, 2900)),
                                         blocks=progress_blocks(partial))

    def show(self, *, text: str, blocks: list[dict[str, Any]], answer_id: str | None) -> None:
        if self.response_url:
            WebhookClient(self.response_url).send(text=text, blocks=blocks, response_type="ephemeral")
        elif self.ts:
            self.deps.client.chat_update(channel=self.channel, ts=self.ts, text=text, blocks=blocks,
                                         metadata=_meta(META_ANSWER, self.event_key, answer_id=answer_id))
        else:
            self.deps.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, text=text, blocks=blocks,
                                              unfurl_links=False, unfurl_media=False)


class _Stream:
    """Shows the answer while the LLM writes it: the text so far, scrubbed of PII, at most every
    ``every_s`` seconds (Slack rate-limits chat.update)."""

    def __init__(self, deps: BotDeps, reply: _Reply, every_s: float) -> None:
        self.deps, self.reply, self.every_s = deps, reply, every_s
        self.parts: list[str] = []
        self.last = time.monotonic()

    def on_token(self, text: str) -> None:
        self.parts.append(text)
        now = time.monotonic()
        if now - self.last < self.every_s:
            return
        self.last = now
        try:
            self.reply.update_progress(self.deps.scrub("".join(self.parts)))
        except SLACK_CALL_ERRORS as exc:  # progress only; the final update is what counts
            log.warning("progress update failed: %s", exc.__class__.__name__)


def _unreact(deps: BotDeps, channel: str, ts: str) -> None:
    try:
        deps.client.reactions_remove(channel=channel, timestamp=ts, name=THINKING_REACTION)
    except SLACK_CALL_ERRORS as exc:  # already removed, or the message is gone
        log.debug("could not remove the progress reaction: %s", exc.__class__.__name__)

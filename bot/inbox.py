"""The durable inbox of Slack questions: written before Slack is acknowledged, claimed by answer
workers of any replica, finished exactly once.

Why: Slack gives 3 s to acknowledge and answers take longer, so questions are answered after the
acknowledgement.  If the process dies in between, the row is still here: a restarted replica (or
another one, after ``lease_s``) takes it over.  The unique ``event_key`` (channel:ts of the user's
message) turns Slack's retries, double deliveries (a mention is also a message) and two replicas
receiving the same event into one row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, insert

from askdesk import schema
from askdesk.db_notify import notify
from bot.ratelimit import RateLimit

T = schema.slack_inbox
#: Postgres channel notified when a question is stored: answer workers in other processes wake at once
NOTIFY_CHANNEL = "askdesk_inbox"


@dataclass(frozen=True)
class Question:
    event_key: str
    kind: str  # mention, dm, thread, command
    channel: str
    user_hash: str
    question: str  # already scrubbed of PII
    message_ts: str | None = None
    thread_ts: str | None = None
    response_url: str | None = None
    #: what the answer may use (`askdesk.access.Visibility.record`: scope names and, where only the
    #: asker reads the answer, their requester keys; no user id, no e-mail)
    access: dict[str, Any] | None = None


@dataclass(frozen=True)
class Claimed:
    id: int
    event_key: str
    kind: str
    channel: str
    message_ts: str | None
    thread_ts: str | None
    user_hash: str
    question: str
    response_url: str | None
    reply_ts: str | None
    attempts: int
    #: what the answer may use, as stored at intake (None: rows from before access control)
    access: dict[str, Any] | None = None


def receive(engine: sa.Engine, q: Question, limit: RateLimit | None) -> str:
    """Store a question in one transaction.  Returns ``accepted``, ``duplicate`` (already
    received: a retry) or ``rate_limited`` (stored without its text, so a retry stays a duplicate)."""
    with engine.begin() as conn:
        row_id = conn.execute(
            insert(T).values(
                event_key=q.event_key, kind=q.kind, status="pending", channel=q.channel,
                message_ts=q.message_ts, thread_ts=q.thread_ts, user_hash=q.user_hash,
                question=q.question, response_url=q.response_url, access=q.access,
            ).on_conflict_do_nothing(index_elements=["event_key"]).returning(T.c.id)
        ).scalar_one_or_none()
        if row_id is None:
            return "duplicate"
        if limit is not None and not limit.take(conn, q.user_hash):
            conn.execute(sa.update(T).where(T.c.id == row_id).values(
                status="rate_limited", question=None, response_url=None, done_at=sa.func.now()))
            return "rate_limited"
        notify(conn, NOTIFY_CHANNEL)  # delivered at commit
    return "accepted"


def claim(engine: sa.Engine, worker: str, *, lease_s: float) -> Claimed | None:
    """Take the oldest pending question (or one whose worker's lease ran out)."""
    stale = sa.func.now() - sa.func.make_interval(0, 0, 0, 0, 0, 0, lease_s)
    pick = (
        sa.select(T.c.id)
        .where(sa.or_(T.c.status == "pending", sa.and_(T.c.status == "working", T.c.claimed_at < stale)))
        .order_by(T.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    with engine.begin() as conn:
        row = conn.execute(
            sa.update(T).where(T.c.id == pick)
            .values(status="working", claimed_by=worker, claimed_at=sa.func.now(), attempts=T.c.attempts + 1)
            .returning(T.c.id, T.c.event_key, T.c.kind, T.c.channel, T.c.message_ts, T.c.thread_ts,
                       T.c.user_hash, T.c.question, T.c.response_url, T.c.reply_ts, T.c.attempts, T.c.access)
        ).first()
    return Claimed(**row._mapping) if row else None


def release_replica(engine: sa.Engine, replica: str) -> int:
    """At start-up: questions this replica had claimed before it died go back to pending now
    (instead of waiting for their lease to run out)."""
    with engine.begin() as conn:
        return conn.execute(
            sa.update(T).where(T.c.status == "working", T.c.claimed_by.like(f"{replica}/%"))
            .values(status="pending")
        ).rowcount


def update(engine: sa.Engine, row_id: int, **values: Any) -> None:
    with engine.begin() as conn:
        conn.execute(sa.update(T).where(T.c.id == row_id).values(**values))


def _without_requester(access: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """``access`` without its requester keys (a record that isn't a JSON object is kept as it is)."""
    dropped = access.op("-", return_type=JSONB)(sa.literal("requester", sa.Text))
    return sa.case((sa.func.jsonb_typeof(access) == "object", dropped), else_=access)


def finish(engine: sa.Engine, row_id: int, *, answer_id: str | None, status: str = "done", error: str | None = None) -> None:
    """Done (or failed): the text of the question is no longer needed here (the answer row keeps
    the scrubbed question with its trace), nor are the asker's requester keys ("my requests")."""
    update(engine, row_id, status=status, answer_id=answer_id, error=error, question=None,
           response_url=None, done_at=sa.func.now(), access=_without_requester(T.c.access))


def pending_count(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(
            sa.select(sa.func.count()).select_from(T).where(T.c.status.in_(("pending", "working")))
        ).scalar_one()


def thread_history(engine: sa.Engine, channel: str, thread_ts: str, *, before_answer: str | None, limit: int) -> list[tuple[str, str]]:
    """Earlier (question, answer) turns of a Slack thread, oldest first (both PII-free)."""
    a = schema.answers
    q = sa.select(a.c.question, a.c.answer).where(a.c.surface == "slack", a.c.channel == channel, a.c.thread == thread_ts)
    if before_answer:
        q = q.where(a.c.answer_id != before_answer)
    with engine.connect() as conn:
        rows = conn.execute(q.order_by(a.c.created_at.desc()).limit(limit)).all()
    return [(r.question, r.answer) for r in reversed(rows)]


def is_bot_thread(engine: sa.Engine, channel: str, thread_ts: str) -> bool:
    """Whether askdesk answered in this thread (replies there are follow-ups, no mention needed)."""
    with engine.connect() as conn:
        return conn.execute(
            sa.select(sa.literal(True)).where(T.c.channel == channel, T.c.thread_ts == thread_ts,
                                              T.c.status.in_(("pending", "working", "done"))).limit(1)
        ).first() is not None


def answer_for_message(engine: sa.Engine, channel: str, ts: str) -> str | None:
    """The answer shown in the bot's message ``ts`` (for 👍/👎 reactions)."""
    with engine.connect() as conn:
        return conn.execute(
            sa.select(T.c.answer_id).where(T.c.channel == channel, T.c.reply_ts == ts, T.c.answer_id.isnot(None))
        ).scalar_one_or_none()

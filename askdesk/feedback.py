"""Durable answers and 👍/👎 votes: the rows the terminal chat and the Slack bot both write,
and that training and evals read back.

Every write is one transaction; saving the same answer twice (same ``event_key``) and voting
twice are idempotent, and a changed vote replaces the old one (one vote per user per answer).
Users are stored only as keyed hashes.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from askdesk import schema
from askdesk.answering.answer import Answer
from askdesk.keyed_hash import Domain, KeyedHasher


def user_hash(secret: str, user_id: str) -> str:
    """A keyed hash of a user id (Slack user, OS user): stable, not reversible without the key.

    Made with the secret's user sub-key (`askdesk.keyed_hash`), so it never equals the hash of
    the same string in another use (a pseudonym, a row hash)."""
    return "u_" + KeyedHasher(secret, Domain.USER).hexdigest(user_id)[:16]


def save_answer(
    engine: sa.Engine,
    answer: Answer,
    *,
    surface: str,
    user: str | None = None,
    channel: str | None = None,
    thread: str | None = None,
    event_key: str | None = None,
) -> str:
    """Store an answer with its trace; returns the stored answer id (the existing one if this
    ``event_key`` was already answered)."""
    values = {
        "answer_id": answer.answer_id,
        "surface": surface,
        "user_hash": user,
        "channel": channel,
        "thread": thread,
        "event_key": event_key,
        "question": answer.trace.question,
        "answer": answer.text,
        "route": answer.route,
        "refused": answer.refused,
        "filters": answer.filters,
        "sources": [s.request_id for s in answer.sources],
        "trace": answer.trace.as_dict(),
        "prompt_version": answer.trace.prompt_version,
        "adapter_version": answer.trace.adapter_version,
        "latency_ms": answer.trace.total_ms,
    }
    with engine.begin() as conn:
        stmt = insert(schema.answers).values(**values).on_conflict_do_nothing()
        conn.execute(stmt)
        if event_key is not None:
            return conn.execute(
                sa.select(schema.answers.c.answer_id).where(schema.answers.c.event_key == event_key)
            ).scalar_one()
    return answer.answer_id


def record_vote(engine: sa.Engine, answer_id: str, user: str, vote: int, *, via: str, reason: str | None = None,
                correction: str | None = None) -> None:
    """One vote per (answer, user): inserting again replaces the vote (and the reason and the
    correction, if given).  Both texts must already be scrubbed of PII."""
    if vote not in (1, -1):
        raise ValueError("vote must be +1 or -1")
    stmt = insert(schema.feedback).values(answer_id=answer_id, user_hash=user, vote=vote, reason=reason, via=via,
                                          correction=correction)
    stmt = stmt.on_conflict_do_update(
        constraint="uq_feedback_answer_user",
        set_={
            "vote": stmt.excluded.vote,
            "via": stmt.excluded.via,
            "reason": sa.func.coalesce(stmt.excluded.reason, sa.case((schema.feedback.c.vote == stmt.excluded.vote,
                                                                       schema.feedback.c.reason), else_=None)),
            "correction": sa.func.coalesce(stmt.excluded.correction, sa.case(
                (schema.feedback.c.vote == stmt.excluded.vote, schema.feedback.c.correction), else_=None)),
            "updated_at": sa.func.now(),
        },
    )
    with engine.begin() as conn:
        conn.execute(stmt)


def remove_vote(engine: sa.Engine, answer_id: str, user: str, *, vote: int | None = None) -> None:
    """Remove a user's vote (e.g. a reaction taken back); with ``vote`` only if it is that vote."""
    f = schema.feedback
    conds = [f.c.answer_id == answer_id, f.c.user_hash == user]
    if vote is not None:
        conds.append(f.c.vote == vote)
    with engine.begin() as conn:
        conn.execute(sa.delete(f).where(*conds))

"""Answers and votes are stored durably; the terminal chat writes the rows the Slack bot will."""

from __future__ import annotations

import io
import json

import sqlalchemy as sa
from rich.console import Console

from askdesk import schema
from askdesk.feedback import record_vote, remove_vote, save_answer, user_hash
from bot.terminal import TerminalChat
from tests.support.answer_env import INJECTION_PII


def _rows(env, table):
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(table)).mappings().all()


def _clear(env) -> None:
    with env.db.engine.begin() as conn:
        conn.execute(sa.delete(schema.feedback))
        conn.execute(sa.delete(schema.answers))


def test_save_answer_is_idempotent_per_event_and_votes_replace(answer_env) -> None:
    _clear(answer_env)
    engine = answer_env.db.engine
    answer = answer_env.engine.answer("how many HR requests are pending?")
    first = save_answer(engine, answer, surface="slack", user="u_1", event_key="Ev1")
    again = answer_env.engine.answer("how many HR requests are pending?")  # a retry computes a new answer...
    assert save_answer(engine, again, surface="slack", user="u_1", event_key="Ev1") == first  # ...stored once
    assert len(_rows(answer_env, schema.answers)) == 1

    record_vote(engine, first, "u_1", 1, via="button")
    record_vote(engine, first, "u_1", -1, via="button", reason="wrong count")
    record_vote(engine, first, "u_1", -1, via="reaction")  # same vote again keeps the reason
    record_vote(engine, first, "u_2", 1, via="reaction")
    votes = {r["user_hash"]: (r["vote"], r["reason"]) for r in _rows(answer_env, schema.feedback)}
    assert votes == {"u_1": (-1, "wrong count"), "u_2": (1, None)}
    remove_vote(engine, first, "u_2", vote=-1)  # not that vote: kept
    remove_vote(engine, first, "u_1", vote=-1)
    assert [r["user_hash"] for r in _rows(answer_env, schema.feedback)] == ["u_2"]


def test_terminal_chat_stores_answers_votes_and_uses_the_thread(answer_env, sanitiser) -> None:
    _clear(answer_env)
    lines = iter([
        "What's the status of REQ-100003?",
        "+",
        f"how many requests from {INJECTION_PII[0]} about the projector? mail {INJECTION_PII[1]}",
        "- the count looks wrong, ask " + INJECTION_PII[2],
        "+",
        "/quit",
    ])
    out = io.StringIO()
    chat = TerminalChat(
        answer_env.engine, answer_env.db.engine, secret="s", console=Console(file=out, width=120),
        read=lambda _prompt: next(lines), user="alice", scrub_reason=lambda t: sanitiser.scrub(t).text,
    )
    chat.run()
    answers = _rows(answer_env, schema.answers)
    votes = _rows(answer_env, schema.feedback)
    assert len(answers) == 2 and {a["surface"] for a in answers} == {"terminal"}
    assert len({a["thread"] for a in answers}) == 1
    assert {a["user_hash"] for a in answers} == {user_hash("s", "alice")}
    assert sorted(v["vote"] for v in votes) == [1, 1]  # the second answer's 👎 was replaced by 👍
    first = next(a for a in answers if a["route"] == "lookup")
    assert first["sources"] == ["REQ-100003"] and first["trace"]["prompt_version"]
    stored = json.dumps([dict(a) for a in answers] + [dict(v) for v in votes], default=str)
    assert not any(p.lower() in stored.lower() for p in INJECTION_PII)
    assert "REQ-100003 is" in out.getvalue() and "Sources" in out.getvalue()

"""Questions over real signed HTTP: mentions, DMs, the slash command, thread follow-ups, and
what the answer message shows."""

from __future__ import annotations

import json
import time

import sqlalchemy as sa

from askdesk import schema
from bot.fake_slack import BOT_USER, answer_id_of
from tests.support.slack import wait_for


def test_mention_gets_a_threaded_answer_with_sources_and_buttons(slack_env) -> None:
    s = slack_env
    row = s.answers.rows[3]
    status, _body, took = s.slack.mention("U100", "C100", f"what's the status of {row.request_id}?", "1761900000.000100")
    assert status == 200 and took < 3
    done = s.wait_done("C100:1761900000.000100")
    assert done.status == "done" and done.question is None  # the inbox forgets the text once answered
    [msg] = s.fake.answers("C100:1761900000.000100")
    assert msg["thread_ts"] == "1761900000.000100" and msg["channel"] == "C100"
    text = json.dumps(msg["blocks"])
    assert row.status in msg["text"] and row.request_id in msg["text"]
    assert f"<https://helpdesk.example.com/requests/{row.request_id}|{row.request_id}>" in text  # source link
    assert "route: lookup" in text
    answer_id = answer_id_of(msg)
    assert answer_id == done.answer_id and answer_id in text
    # progress: 👀 on the question, a placeholder, then the same message edited into the answer.
    # 👀 (sent by the receiving side) and the placeholder (by the worker, which Postgres NOTIFY may
    # wake first) both go out "at once" from different threads: their relative order is not
    # guaranteed, so it is not asserted.
    methods = [c.method for c in s.fake.calls]
    assert "reactions.add" in methods
    assert methods.index("chat.postMessage") < methods.index("chat.update")
    assert msg["edits"] >= 1
    [stored] = s.stored_answers()
    assert stored.answer_id == answer_id and stored.surface == "slack" and stored.channel == "C100"
    assert stored.thread == "1761900000.000100" and stored.route == "lookup"
    assert stored.user_hash.startswith("u_") and "U100" not in json.dumps(dict(stored._mapping), default=str)
    assert stored.trace["route"] == "lookup" and stored.trace["prompt_version"]


def test_direct_message_is_answered_in_a_thread(slack_env) -> None:
    s = slack_env
    status, _, _ = s.slack.message("U101", "D101", "How many HR requests are there?", "1761900001.000100")
    assert status == 200
    assert s.wait_done("D101:1761900001.000100").status == "done"
    [msg] = s.fake.answers("D101:1761900001.000100")
    assert msg["thread_ts"] == "1761900001.000100"
    assert str(s.answers.true_count(None, "HR")) in msg["text"]


def test_channel_chatter_and_the_bots_own_messages_are_ignored(slack_env) -> None:
    s = slack_env
    assert s.slack.message("U102", "C102", "lunch anyone?", "1761900002.000100", channel_type="channel")[0] == 200
    assert s.slack.event({"type": "message", "subtype": "bot_message", "bot_id": "B9", "channel": "D1", "channel_type": "im",
                          "text": "hi", "ts": "1761900002.000200"})[0] == 200
    assert s.slack.event({"type": "message", "user": BOT_USER, "channel": "D1", "channel_type": "im",
                          "text": "an answer", "ts": "1761900002.000300"})[0] == 200
    time.sleep(0.5)
    with s.db.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.slack_inbox)).scalar_one() == 0
    assert not s.fake.calls_to("chat.postMessage")


def test_slash_command_posts_the_question_and_answers_in_its_thread(slack_env) -> None:
    s = slack_env
    status, body, took = s.slack.command("U103", "C103", "how many security requests are there?", trigger_id="trig.A")
    assert status == 200 and took < 3 and "Looking into it" in body
    done = s.wait_done("cmd:trig.A")
    question_msg = next(m for m in s.fake.messages.values() if (m["metadata"] or {}).get("event_type") == "askdesk_question")
    assert question_msg["thread_ts"] is None and "security requests" in question_msg["text"]
    [answer] = s.fake.answers("cmd:trig.A")
    assert answer["thread_ts"] == question_msg["ts"] == done.thread_ts
    assert str(s.answers.true_count(None, "Security")) in answer["text"]
    # empty or "help": usage in the acknowledgement, nothing stored
    status, body, _ = s.slack.command("U103", "C103", "  ")
    assert status == 200 and "/askdesk what's the status" in body


def test_slash_command_where_the_bot_is_not_a_member_answers_privately(slack_env) -> None:
    s = slack_env
    s.fake.fail["chat.postMessage"] = "not_in_channel"
    url = s.fake.response_url("abc")
    assert s.slack.command("U104", "C104", "How many HR requests are there?", response_url=url, trigger_id="trig.B")[0] == 200
    assert s.wait_done("cmd:trig.B").status == "done"
    [sent] = s.fake.calls_to("response_url:abc")
    assert sent.args["response_type"] == "ephemeral" and str(s.answers.true_count(None, "HR")) in sent.args["text"]
    assert answer_id_of(sent.args) is not None


def test_thread_follow_up_uses_the_earlier_turns(slack_env) -> None:
    from datetime import datetime

    s = slack_env
    root = "1761900005.000100"
    s.slack.mention("U105", "C105", "How many IT requests were created in March 2026?", root)
    s.wait_done(f"C105:{root}")
    # a reply in the bot's thread, without mentioning it
    s.slack.message("U105", "C105", "and which of those are still open?", "1761900005.000200", channel_type="channel", thread_ts=root)
    done = s.wait_done("C105:1761900005.000200")
    assert done.kind == "thread"
    [msg] = s.fake.answers("C105:1761900005.000200")
    assert msg["thread_ts"] == root
    expected = s.answers.true_count("open", "IT", None, datetime(2026, 3, 1), datetime(2026, 4, 1))
    assert str(expected) in msg["text"], msg["text"]
    stored = {a.event_key: a for a in s.stored_answers()}
    assert stored["C105:1761900005.000200"].trace["follow_up_of"] == stored[f"C105:{root}"].question
    # replies in threads the bot never answered in are not questions
    s.slack.message("U105", "C105", "and which of those are open?", "1761900005.000300", channel_type="channel", thread_ts="1761900000.999999")
    time.sleep(0.4)
    assert s.inbox("C105:1761900005.000300") is None


def test_app_home_shows_examples_and_this_weeks_figures(slack_env) -> None:
    s = slack_env
    s.slack.mention("U106", "C106", "How many HR requests are there?", "1761900006.000100")
    answer_id = s.wait_done("C106:1761900006.000100").answer_id
    s.slack.click("U106", "C106", "x", "askdesk_vote_up", answer_id)
    assert s.slack.home_opened("U106")[0] == 200
    call = wait_for(lambda: s.fake.calls_to("views.publish"))[0]
    assert call.args["user_id"] == "U106"
    text = json.dumps(call.args["view"])
    assert "Questions this week*\\n1" in text and "100% (1 votes)" in text and "base model" in text
    assert "What's the status of REQ-" in text

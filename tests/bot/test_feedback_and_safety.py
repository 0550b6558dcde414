"""Votes (buttons, modal, reactions), retries, signatures, rate limits, allow-lists, PII,
markup safety and errors, over real signed HTTP."""

from __future__ import annotations

import json
import logging
import time
import urllib.request

import sqlalchemy as sa

from askdesk import schema
from tests.support.answer_env import INJECTION_PII
from tests.support.slack import wait_for


def _ask(s, user: str, channel: str, ts: str, question: str = "How many HR requests are there?") -> str:
    assert s.slack.mention(user, channel, question, ts)[0] == 200
    return s.wait_done(f"{channel}:{ts}").answer_id


def test_one_vote_per_user_changed_votes_replace_and_reasons_are_scrubbed(slack_env) -> None:
    s = slack_env
    answer_id = _ask(s, "U1", "C1", "1761901000.000100")
    reply_ts = s.inbox("C1:1761901000.000100").reply_ts
    for _ in range(2):  # a double click
        assert s.slack.click("U1", "C1", reply_ts, "askdesk_vote_up", answer_id)[0] == 200
    assert [(f.vote, f.via) for f in s.feedback()] == [(1, "button")]
    assert s.slack.click("U1", "C1", reply_ts, "askdesk_vote_down", answer_id)[0] == 200
    assert [(f.vote, f.via) for f in s.feedback()] == [(-1, "button")]
    # the 👎 opened the "what was wrong?" modal for this answer
    modal = wait_for(lambda: s.fake.calls_to("views.open"))[0].args["view"]
    assert json.loads(modal["private_metadata"])["answer_id"] == answer_id
    reason = f"wrong count, ask {INJECTION_PII[0]} at {INJECTION_PII[1]} or {INJECTION_PII[2]}"
    assert s.slack.submit_reason("U1", answer_id, reason)[0] == 200
    [vote] = s.feedback()
    assert vote.vote == -1 and vote.via == "modal" and vote.reason.startswith("wrong count")
    assert not any(p in vote.reason for p in INJECTION_PII)
    # another user's vote is another row; a forged answer id stores nothing
    s.slack.click("U2", "C1", reply_ts, "askdesk_vote_up", answer_id)
    assert s.slack.click("U2", "C1", reply_ts, "askdesk_vote_up", "00000000-0000-0000-0000-000000000000")[0] == 200
    assert sorted(f.vote for f in s.feedback()) == [-1, 1]


def test_reactions_on_the_answer_count_as_votes(slack_env) -> None:
    s = slack_env
    _ask(s, "U3", "C3", "1761901001.000100")
    reply_ts = s.inbox("C3:1761901001.000100").reply_ts
    s.slack.reaction("U3", "C3", reply_ts, "+1::skin-tone-3")
    assert [(f.vote, f.via) for f in s.feedback()] == [(1, "reaction")]
    s.slack.reaction("U3", "C3", reply_ts, "thumbsdown")
    assert [f.vote for f in s.feedback()] == [-1]
    s.slack.reaction("U3", "C3", reply_ts, "+1", added=False)  # removing a reaction that isn't the vote
    assert [f.vote for f in s.feedback()] == [-1]
    s.slack.reaction("U3", "C3", reply_ts, "thumbsdown", added=False)
    assert s.feedback() == []
    s.slack.reaction("U3", "C3", "1761901001.000100", "+1")  # on the question, not the answer
    s.slack.reaction("U3", "C3", reply_ts, "tada")  # not a vote
    assert s.feedback() == []


def test_retries_and_double_deliveries_are_answered_once(slack_env) -> None:
    s = slack_env
    ts = "1761901002.000100"
    s.slack.mention("U4", "C4", "How many HR requests are there?", ts, event_id="EvFIRST")
    for n in (1, 2, 3):  # Slack's retries carry the same event id and X-Slack-Retry-Num
        assert s.slack.mention("U4", "C4", "How many HR requests are there?", ts, event_id="EvFIRST", retry_num=n)[0] == 200
    # the same message also arrives as a message event (another event id)
    s.slack.message("U4", "C4", "<@UASKDESK> How many HR requests are there?", ts, channel_type="channel")
    s.wait_done(f"C4:{ts}")
    time.sleep(0.5)
    assert len(s.fake.answers(f"C4:{ts}")) == 1 and len(s.fake.calls_to("chat.postMessage")) == 1
    assert len(s.stored_answers()) == 1
    with s.db.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.slack_inbox)).scalar_one() == 1


def test_bad_or_stale_signatures_get_401_and_store_nothing(slack_env) -> None:
    s = slack_env
    body = s.slack.event_body({"type": "app_mention", "user": "U5", "channel": "C5", "text": "how many HR requests?", "ts": "1.1"})
    assert s.slack.post(body, "application/json", signature="v0=" + "0" * 64)[0] == 401
    assert s.slack.post(body, "application/json", signature="garbage")[0] == 401
    assert s.slack.post(body, "application/json", timestamp=int(time.time()) - 6 * 60)[0] == 401  # replayed
    assert s.slack.command("U5", "C5", "how many HR requests?", timestamp=int(time.time()) - 301)[0] == 401
    time.sleep(0.3)
    with s.db.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.slack_inbox)).scalar_one() == 0
    assert [c.method for c in s.fake.calls if c.method != "auth.test"] == []
    assert s.slack.post(body, "application/json")[0] == 200  # the same body, signed: accepted


def test_rate_limit_per_user(make_slack) -> None:
    s = make_slack(rate_burst=2, rate_per_minute=0.5)
    for i in range(3):
        assert s.slack.mention("U6", "C6", "How many HR requests are there?", f"1761901003.00010{i}")[0] == 200
    assert s.wait_done("C6:1761901003.000100").status == "done"
    assert s.wait_done("C6:1761901003.000101").status == "done"
    limited = s.inbox("C6:1761901003.000102")
    assert limited.status == "rate_limited" and limited.question is None
    notice = wait_for(lambda: s.fake.calls_to("chat.postEphemeral"))[0].args
    assert notice["user"] == "U6" and "wait a minute" in notice["text"]
    # the slash command says so in its acknowledgement; another user is not limited
    assert "wait a minute" in s.slack.command("U6", "C6", "how many HR requests?")[1]
    assert "Looking into it" in s.slack.command("U7", "C6", "how many HR requests?")[1]
    assert len(s.fake.answers()) == 2


def test_allow_lists_of_channels_users_and_user_groups(make_slack) -> None:
    s = make_slack(allowed_channels=("CYES",), allowed_users=("UALICE",), allowed_usergroups=("SHELP",))
    s.fake.usergroups["SHELP"] = ["UBOB"]
    s.slack.mention("UALICE", "CYES", "How many HR requests are there?", "1761901004.000100")
    s.slack.mention("UBOB", "CYES", "How many HR requests are there?", "1761901004.000200")
    s.slack.mention("UEVE", "CYES", "How many HR requests are there?", "1761901004.000300")  # not allowed
    s.slack.mention("UALICE", "CNO", "How many HR requests are there?", "1761901004.000400")  # wrong channel
    s.slack.message("UALICE", "DALICE", "How many HR requests are there?", "1761901004.000500")  # DMs: user list only
    for key in ("CYES:1761901004.000100", "CYES:1761901004.000200", "DALICE:1761901004.000500"):
        assert s.wait_done(key).status == "done"
    assert s.inbox("CYES:1761901004.000300") is None and s.inbox("CNO:1761901004.000400") is None
    notices = wait_for(lambda: len(s.fake.calls_to("chat.postEphemeral")) >= 2 and s.fake.calls_to("chat.postEphemeral"))
    assert sorted(c.args["user"] for c in notices) == ["UALICE", "UEVE"]
    assert all("allow-list" in c.args["text"] for c in notices)
    assert "allow-list" in s.slack.command("UEVE", "CYES", "how many HR requests?")[1]


def test_pii_in_a_question_reaches_neither_storage_nor_logs_nor_slack(slack_env, caplog) -> None:
    s = slack_env
    caplog.set_level(logging.DEBUG)
    name, email, phone = INJECTION_PII
    question = f"I'm {name} ({email}, {phone}): has anyone had the projector flickering in meeting room Zeus?"
    s.slack.mention("U8", "C8", question, "1761901005.000100")
    done = s.wait_done("C8:1761901005.000100")
    s.slack.message("U8", "D8", f"my number is {phone}, how many HR requests are there?", "1761901005.000200")
    s.wait_done("D8:1761901005.000200")
    s.slack.command("U8", "C8", f"email {email} about the status of REQ-100001")
    wait_for(lambda: len(s.fake.answers()) == 3)
    assert done.status == "done"
    tables = [schema.slack_inbox, schema.answers, schema.feedback, schema.rate_limits]
    with s.db.engine.connect() as conn:
        stored = json.dumps([[dict(r._mapping) for r in conn.execute(sa.select(t))] for t in tables], default=str)
    sent = json.dumps([c.args for c in s.fake.calls], default=str)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for pii in INJECTION_PII:
        assert pii not in stored and pii not in sent and pii not in logged
        assert pii.split()[0] not in stored  # not even the first name
    assert "projector" in stored  # the question itself was kept, scrubbed


def test_answers_never_ping_and_request_text_is_escaped(slack_env) -> None:
    s = slack_env
    row = s.answers.rows[5]
    with s.db.engine.begin() as conn:
        conn.execute(sa.update(schema.requests).where(schema.requests.c.request_id == row.request_id)
                     .values(title="Alert <!channel> @here <@U0BOSS> & <https://evil.example|click> @everyone"))
    s.slack.mention("U9", "C9", f"status of {row.request_id}", "1761901006.000100")
    s.wait_done("C9:1761901006.000100")
    [msg] = s.fake.answers("C9:1761901006.000100")
    posted = msg["text"] + json.dumps(msg["blocks"], ensure_ascii=False)
    for raw in ("<!channel>", "<@U0BOSS>", "<https://evil.example", "@here", "@everyone"):
        assert raw not in posted
    assert "&lt;!channel&gt;" in msg["text"] and "&amp;" in msg["text"] and "@\u2060here" in msg["text"]


def test_errors_give_a_short_apology_with_a_trace_id(slack_env, caplog) -> None:
    s = slack_env
    with s.db.engine.begin() as conn:  # break the data the engine reads
        conn.execute(sa.text("ALTER TABLE requests RENAME TO requests_gone"))
    caplog.set_level(logging.INFO)
    s.slack.mention("U10", "C10", "How many HR requests are there?", "1761901007.000100")
    row = s.wait_done("C10:1761901007.000100")
    assert row.status == "failed" and "trace_id=" in row.error
    trace_id = row.error.split("trace_id=")[1]
    [msg] = s.fake.answers("C10:1761901007.000100")
    assert f"`{trace_id}`" in msg["text"] and msg["text"].startswith("Sorry, something went wrong")
    for internal in ("Traceback", "Error", "relation", "requests_gone", "SELECT"):
        assert internal not in msg["text"]
    assert any(trace_id in r.getMessage() for r in caplog.records)


def test_health_and_metrics_endpoints(slack_env) -> None:
    s = slack_env
    _ask(s, "U11", "C11", "1761901008.000100")
    base = f"http://127.0.0.1:{s.server.port}"
    with urllib.request.urlopen(f"{base}/healthz") as resp:
        health = json.loads(resp.read())
    assert resp.status == 200 and health["database"] == "ok" and health["workers_alive"] and health["pending_questions"] == 0
    with urllib.request.urlopen(f"{base}/metrics") as resp:
        metrics = resp.read().decode()
    assert 'askdesk_questions_total{route="aggregate"} 1.0' in metrics
    assert 'askdesk_slack_events_total{kind="mention",outcome="accepted"} 1.0' in metrics
    assert "askdesk_slack_ack_seconds_count" in metrics and "askdesk_inbox_pending 0.0" in metrics
    s.bot.workers.stop()
    try:
        urllib.request.urlopen(f"{base}/healthz")
        raise AssertionError("expected 503")
    except urllib.error.HTTPError as exc:
        assert exc.code == 503

"""Socket Mode: the same app over Slack's websocket protocol (a local RFC 6455 server standing in
for Slack's), acknowledged on the socket, answered through the Web API."""

from __future__ import annotations

import json
import time

from askdesk.answering.build import build_engine
from bot.app import build_bot
from bot.fake_slack import FakeSlackAPI, FakeSocketModeServer, SlackSender, answer_id_of
from bot.server import SocketModeRunner
from tests.support.slack import SlackEnv, clone_database, drop_database, slack_settings


def test_socket_mode_events_commands_and_votes(pg_server, answer_env, embedder, sanitiser, tmp_path) -> None:
    fake, ws = FakeSlackAPI(), FakeSocketModeServer()
    fake.socket_url = ws.url
    db = clone_database(pg_server, answer_env.db)
    settings = slack_settings(fake, tmp_path, answer_env.now, app_token="xapp-test", signing_secret=None)
    engine = build_engine(settings, db, embed_model=embedder, sanitiser=sanitiser)
    bot = build_bot(settings, db.engine, engine, scrub=lambda text: sanitiser.scrub(text).text)
    runner = SocketModeRunner(bot, "xapp-test")
    runner.start()
    env = SlackEnv(db, fake, None, bot, None, answer_env)
    body = SlackSender("unused", "unused")
    try:
        assert ws.connected.wait(30)
        t0 = time.monotonic()
        ws.send({"envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False, "retry_attempt": 0,
                 "payload": json.loads(body.event_body({"type": "app_mention", "user": "U1", "channel": "C1",
                                                         "text": "<@UASKDESK> How many HR requests are there?",
                                                         "ts": "1761903000.000100"}))})
        ws.wait_ack("env-1", timeout=3.0)
        assert time.monotonic() - t0 < 3.0
        done = env.wait_done("C1:1761903000.000100")
        [msg] = fake.answers("C1:1761903000.000100")
        assert msg["thread_ts"] == "1761903000.000100" and answer_id_of(msg) == done.answer_id

        ws.send({"envelope_id": "env-2", "type": "slash_commands", "accepts_response_payload": True,
                 "payload": {"command": "/askdesk", "text": "how many security requests?", "user_id": "U1",
                             "channel_id": "C1", "channel_name": "general", "trigger_id": "trig.S",
                             "team_id": "T0001", "response_url": ""}})
        assert "Looking into it" in ws.wait_ack("env-2")["payload"]["text"]
        env.wait_done("cmd:trig.S")

        click = {"type": "block_actions", "team": {"id": "T0001"}, "user": {"id": "U1"}, "trigger_id": "trig.V",
                 "channel": {"id": "C1"}, "message": {"ts": msg["ts"]},
                 "actions": [{"action_id": "askdesk_vote_down", "value": done.answer_id, "type": "button"}]}
        ws.send({"envelope_id": "env-3", "type": "interactive", "accepts_response_payload": False, "payload": click})
        ws.wait_ack("env-3")
        assert [(f.vote, f.via) for f in env.feedback()] == [(-1, "button")]
    finally:
        runner.stop()
        ws.close()
        fake.close()
        drop_database(pg_server, db)

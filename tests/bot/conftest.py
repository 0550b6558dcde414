"""The real Bolt app over real HTTP on localhost, with a local fake of Slack's Web API.

Each test gets its own copy of the indexed 400-request sample database (cloned from the
answering tests' database), a bot server on a free port, and a sender that signs requests
with the bot's signing secret.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from askdesk import schema
from askdesk.answering.build import build_engine
from askdesk.db import Database, connect
from bot.app import SlackBot, build_bot
from bot.fake_slack import FakeSlackAPI, SlackSender
from bot.server import BotServer
from tests.answer_env import AnswerEnv
from tests.conftest import make_settings

SIGNING_SECRET = "test-signing-secret"


def clone_database(pg_server: Database, source: Database) -> Database:
    """A copy of ``source`` (CREATE DATABASE … TEMPLATE): its pool is closed first."""
    source.engine.dispose()
    name = f"bot_{uuid.uuid4().hex[:8]}"
    with pg_server.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name} TEMPLATE {source.url.database}"))
    db = connect(pg_server.url.set(database=name), Path("/nonexistent"))
    with db.engine.begin() as conn:  # other tests may have chatted in the source database
        conn.execute(sa.text("TRUNCATE answers, feedback, slack_inbox, rate_limits"))
    return db


def drop_database(pg_server: Database, db: Database) -> None:
    db.dispose()
    with pg_server.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {db.url.database} WITH (FORCE)"))


@dataclass
class SlackEnv:
    db: Database
    fake: FakeSlackAPI
    slack: SlackSender
    bot: SlackBot
    server: BotServer
    answers: AnswerEnv

    def inbox(self, event_key: str) -> Any:
        with self.db.engine.connect() as conn:
            return conn.execute(sa.select(schema.slack_inbox).where(schema.slack_inbox.c.event_key == event_key)).first()

    def wait_done(self, event_key: str, timeout: float = 60.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            row = self.inbox(event_key)
            if row is not None and row.status in ("done", "failed"):
                return row
            time.sleep(0.05)
        raise AssertionError(f"question {event_key} not answered in {timeout} s (row: {self.inbox(event_key)})")

    def feedback(self) -> list[Any]:
        with self.db.engine.connect() as conn:
            return conn.execute(sa.select(schema.feedback).order_by(schema.feedback.c.id)).all()

    def stored_answers(self) -> list[Any]:
        with self.db.engine.connect() as conn:
            return conn.execute(sa.select(schema.answers).order_by(schema.answers.c.created_at)).all()


def slack_settings(fake: FakeSlackAPI, tmp_path: Path, now: Any, **slack: Any):  # type: ignore[no-untyped-def]
    base = {"bot_token": "xoxb-test", "signing_secret": SIGNING_SECRET, "api_url": fake.url, "workers": 2,
            "poll_s": 0.2, "rate_burst": 1000, "rate_per_minute": 1000, "stream_update_s": 0.05}
    return make_settings(tmp_path, answering={"now": now}, slack={**base, **slack})


@pytest.fixture
def make_slack(pg_server: Database, answer_env: AnswerEnv, embedder, sanitiser, tmp_path: Path) -> Iterator[Callable[..., SlackEnv]]:  # type: ignore[no-untyped-def]
    started: list[SlackEnv] = []

    def make(**slack: Any) -> SlackEnv:
        fake = FakeSlackAPI()
        db = clone_database(pg_server, answer_env.db)
        settings = slack_settings(fake, tmp_path, answer_env.now, **slack)
        engine = build_engine(settings, db, embed_model=embedder, sanitiser=sanitiser)
        bot = build_bot(settings, db.engine, engine, scrub=lambda text: sanitiser.scrub(text).text)
        server = BotServer(bot, "127.0.0.1", 0)
        server.start()
        env = SlackEnv(db, fake, SlackSender(f"http://127.0.0.1:{server.port}/slack/events", SIGNING_SECRET), bot, server, answer_env)
        started.append(env)
        return env

    yield make
    for env in started:
        env.server.stop()
        env.fake.close()
        drop_database(pg_server, env.db)


@pytest.fixture
def slack_env(make_slack: Callable[..., SlackEnv]) -> SlackEnv:
    return make_slack()

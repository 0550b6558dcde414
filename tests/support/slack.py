"""The Slack side of the bot tests: a bot over real HTTP, the fake Web API it talks to, database clones,
and a polling wait."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa

from askdesk import schema
from askdesk.db import Database, connect
from bot.app import SlackBot
from bot.fake_slack import FakeSlackAPI, SlackSender
from bot.server import BotServer
from evals.golden import Row
from tests.support.answer_env import AnswerEnv
from tests.support.settings import make_settings

T = TypeVar("T")


def wait_for(predicate: Callable[[], T], timeout: float = 30.0) -> T:
    """Poll ``predicate`` until it returns something truthy (and return that), or fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def sample_questions(rows: list[Row]) -> list[str]:
    """Ten questions of every kind about the indexed sample (lookups, counts, analytics, searches)."""
    return [
        f"what's the status of {rows[0].request_id}?", "How many HR requests are there?",
        "how many open IT requests?", "printer prints blank pages", "which category has the most critical requests?",
        f"who is {rows[1].request_id} assigned to?", "VPN keeps dropping", "how many requests last month?",
        "laptop battery drains fast", "how many pending facilities requests?",
    ]


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


def slack_settings(fake: FakeSlackAPI, tmp_path: Path, now: Any, **slack: Any):
    base = {"bot_token": "xoxb-test", "signing_secret": SIGNING_SECRET, "api_url": fake.url, "workers": 2,
            "poll_s": 0.2, "rate_burst": 1000, "rate_per_minute": 1000, "stream_update_s": 0.05}
    return make_settings(tmp_path, answering={"now": now}, slack={**base, **slack})

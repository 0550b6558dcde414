"""The real Bolt app over real HTTP on localhost, with a local fake of Slack's Web API.

Each test gets its own copy of the indexed 400-request sample database (cloned from the
answering tests' database), a bot server on a free port, and a sender that signs requests
with the bot's signing secret.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from askdesk.access import AccessPolicy
from askdesk.answering.build import build_engine
from askdesk.db import Database
from bot.app import build_bot
from bot.fake_slack import FakeSlackAPI, SlackSender
from bot.server import BotServer
from tests.support.answer_env import AnswerEnv
from tests.support.slack import SIGNING_SECRET, SlackEnv, clone_database, drop_database, slack_settings


@pytest.fixture
def make_slack(pg_server: Database, answer_env: AnswerEnv, embedder, sanitiser, tmp_path: Path) -> Iterator[Callable[..., SlackEnv]]:
    started: list[SlackEnv] = []

    def make(access_policy: AccessPolicy | None = None, **slack: Any) -> SlackEnv:
        """A bot with these Slack settings (``SlackSettings`` fields) and access policy."""
        fake = FakeSlackAPI()
        db = clone_database(pg_server, answer_env.db)
        settings = slack_settings(fake, tmp_path, answer_env.now, **slack)
        engine = build_engine(settings, db, embed_model=embedder, sanitiser=sanitiser)
        bot = build_bot(settings, db.engine, engine, scrub=lambda text: sanitiser.scrub(text).text,
                        access_policy=access_policy)
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

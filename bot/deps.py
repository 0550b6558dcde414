"""What the Slack listeners and answer workers need, built once and passed in explicitly."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import sqlalchemy as sa
from slack_sdk import WebClient

from askdesk.access import AccessPolicy
from askdesk.answering.engine import AnswerEngine
from askdesk.settings import SlackSettings
from bot.access import AllowList, SlackDirectory
from bot.metrics import BotMetrics
from bot.ratelimit import RateLimit


def default_replica_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class BotDeps:
    settings: SlackSettings
    db: sa.Engine
    #: None in a process that only receives (``--role web``): answers are written elsewhere
    engine: AnswerEngine | None
    client: WebClient
    #: removes PII from free text (the indexing sanitiser)
    scrub: Callable[[str], str]
    #: key of the user hashes (the sanitiser's secret)
    secret: str
    #: who may ask (allow-lists)
    access: AllowList
    limit: RateLimit
    #: what answers may use (restricted scopes of requests); None: every request
    access_policy: AccessPolicy | None = None
    #: Slack's user groups, channels and users, cached (for the allow-lists, the access policy and
    #: "my requests"); the default looks nothing up
    directory: SlackDirectory = field(default_factory=lambda: SlackDirectory(None, hasher=None))
    metrics: BotMetrics = field(default_factory=BotMetrics)
    replica_id: str = field(default_factory=default_replica_id)
    #: Slack calls that are not answers (reactions, notices, modals), off the acknowledgement path
    io: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(8, thread_name_prefix="slack-io"))
    #: set by the answer workers: wakes them when a question arrives
    wake: Callable[[], None] = lambda: None
    #: the bot's own user id (from auth.test), to strip its mention from questions
    bot_user_id: str | None = None

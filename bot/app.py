"""The Slack app: ``build_app(deps)`` wires Bolt to the listeners; :class:`SlackBot` is the app plus
its answer workers, built from settings by :func:`build_bot` (the CLI, the tests and the
benchmark all start the bot this way).

Every listener runs *before* the HTTP response (``process_before_response=True``): its work is a
DB write of at most a few milliseconds, and acknowledging only after that write is what makes an
acknowledged question or vote durable.  Slow work (answers, modals, notices) happens afterwards,
in the answer workers or the I/O pool.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from askdesk.access import AccessPolicy
from askdesk.access.requester import RequesterHasher
from askdesk.answering.engine import AnswerEngine
from askdesk.errors import AskdeskError
from askdesk.settings import Settings
from bot import inbox, listeners
from bot.access import AllowList, SlackDirectory
from bot.deps import BotDeps, default_replica_id
from bot.metrics import BotMetrics
from bot.ratelimit import RateLimit
from bot.worker import AnswerWorkers

log = logging.getLogger(__name__)


class SlackConfigError(AskdeskError, RuntimeError):
    """The Slack settings can't start a bot; the message says which variable to set."""


def build_app(deps: BotDeps, *, signing_secret: str) -> App:
    # Bolt's own debug logs print request bodies (user text): keep its logger at WARNING
    bolt_log = logging.getLogger("askdesk.slack_bolt")
    # (ERROR while constructing: Bolt warns that SLACK_BOT_TOKEN is unused when a client is given)
    bolt_log.setLevel(logging.ERROR)
    app = App(
        client=deps.client,
        signing_secret=signing_secret,
        process_before_response=True,
        logger=bolt_log,
        # Slack retries what it thinks wasn't acknowledged; the inbox dedups, but a retry of an
        # event we *did* store needs no work at all
        raise_error_for_unhandled_request=False,
    )

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> BoltResponse:
        # raised inside a listener before the acknowledgement (e.g. the database is down): answer
        # 500 so Slack redelivers later; nothing was stored
        trace_id = uuid.uuid4().hex[:12]
        log.error("listener failed trace_id=%s type=%s error=%s", trace_id, body.get("type"), error.__class__.__name__)
        deps.metrics.errors.labels("listener").inc()
        return BoltResponse(status=500, body=f"askdesk error, trace id {trace_id}")

    bolt_log.setLevel(logging.WARNING)
    listeners.register(app, deps)
    return app


@dataclass
class SlackBot:
    app: App
    deps: BotDeps
    workers: AnswerWorkers
    #: whether this process serves Slack's HTTP endpoint (not for answer-only workers, nor without a signing secret)
    receives_http: bool = True

    def start(self) -> None:
        self.workers.start()

    def stop(self) -> None:
        self.workers.stop()
        self.deps.io.shutdown(wait=True, cancel_futures=False)

    def health(self) -> tuple[bool, dict[str, Any]]:
        """Database reachable and answer workers running (if this process has any); with the inbox depth."""
        info: dict[str, Any] = {"replica": self.deps.replica_id,
                                "workers_alive": self.workers.alive if self.workers.threads else None}
        try:
            info["pending_questions"] = inbox.pending_count(self.deps.db)
            self.deps.metrics.inbox_pending.set(info["pending_questions"])
            info["database"] = "ok"
        except Exception as exc:  # noqa: BLE001 - a health check reports any failure; it never raises
            info["database"] = exc.__class__.__name__
        return info["database"] == "ok" and info["workers_alive"] is not False, info


def web_client(settings: Settings) -> WebClient:
    s = settings.slack
    if s.bot_token is None:
        raise SlackConfigError("Set SLACK_BOT_TOKEN (the app's xoxb- token, under OAuth & Permissions); see the README's Slack section.")
    client = WebClient(token=s.bot_token.get_secret_value(), base_url=s.api_url, timeout=10)
    client.retry_handlers.extend([ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=3)])
    return client


ROLES = ("all", "web", "worker")


def build_bot(
    settings: Settings,
    db: sa.Engine,
    engine: AnswerEngine | None,
    *,
    scrub: Any,
    client: WebClient | None = None,
    metrics: BotMetrics | None = None,
    role: str = "all",
    access_policy: AccessPolicy | None = None,
) -> SlackBot:
    """The bot from settings.  ``scrub`` removes PII from text (the indexing sanitiser's).
    ``access_policy``: the restricted scopes of requests (``Runtime.access_policy``); None: answers
    may use every request.

    ``role``: ``all`` receives Slack requests and answers them (one process); ``web`` only
    receives (acknowledgements never wait for a CPU busy with the LLM); ``worker`` only answers
    what any ``web`` process stored (run it at a lower CPU priority: see docs/slack.md)."""
    if role not in ROLES:
        raise SlackConfigError(f"Unknown role {role!r}: use one of {', '.join(ROLES)}.")
    if role != "web" and engine is None:
        raise SlackConfigError("Answering needs the engine: build it, or use role='web'.")
    s = settings.slack
    if role != "worker" and s.signing_secret is None and s.app_token is None:
        raise SlackConfigError("Set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode); "
                               "see the README's Slack section.  Without Slack, use `askdesk chat`.")
    client = client or web_client(settings)
    try:
        auth = client.auth_test()
        bot_user_id = auth.get("user_id")
    except Exception as exc:
        response = getattr(exc, "response", None)
        reason = response.get("error") if response is not None else exc.__class__.__name__
        raise SlackConfigError(f"Slack rejected the bot token or is unreachable ({reason}); check SLACK_BOT_TOKEN "
                               "and that the app is installed in the workspace.") from exc
    secret_key = settings.sanitiser.secret.get_secret_value()
    # the asker's e-mail is hashed as indexing hashes the requester column ("my requests")
    directory = SlackDirectory(client, hasher=RequesterHasher(secret_key), refresh_s=s.usergroup_refresh_s)
    deps = BotDeps(
        settings=s,
        db=db,
        engine=engine,
        client=client,
        scrub=scrub,
        secret=secret_key,
        access=AllowList(channels=s.allowed_channels, users=s.allowed_users, usergroups=s.allowed_usergroups,
                         directory=directory),
        limit=RateLimit(burst=s.rate_burst, per_minute=s.rate_per_minute),
        access_policy=access_policy,
        directory=directory,
        metrics=metrics or BotMetrics(),
        replica_id=s.replica_id or default_replica_id(),
        bot_user_id=bot_user_id,
    )
    # Socket Mode requests aren't signed (the websocket is authenticated by the app token); without a
    # signing secret nothing can be signed for the HTTP endpoint, which BotServer then doesn't serve
    secret = s.signing_secret.get_secret_value() if s.signing_secret else secrets.token_hex(32)
    app = build_app(deps, signing_secret=secret)
    for middleware in app._middleware_list:  # Bolt would call auth.test again on the first requests
        if hasattr(middleware, "auth_test_result") and middleware.auth_test_result is None:
            middleware.auth_test_result = auth
    return SlackBot(app=app, deps=deps, workers=AnswerWorkers(deps, threads=0 if role == "web" else s.workers),
                    receives_http=role != "worker" and s.signing_secret is not None)

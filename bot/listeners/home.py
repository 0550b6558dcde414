"""App Home: what askdesk can answer, example questions taken from the indexed data, and this
week's figures (questions, 👍 rate, the adapter answering).

Only the user reads their App Home, so the examples come from the requests *their* grants show
(place ``app_home``): a request id or a biggest category of a restricted scope is never shown to
someone without access.  The week's figures are the bot's own (questions asked, votes), not
request data."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from slack_bolt import App

from askdesk import schema
from askdesk.access import EVERYTHING, Visibility, visible_requests
from askdesk.answering.vocabulary import Vocabulary
from bot.access import visibility_for_question
from bot.blocks import home_view
from bot.deps import BotDeps

log = logging.getLogger(__name__)


def week_figures(db: sa.Engine) -> dict[str, Any]:
    """Slack questions and votes of the last 7 days."""
    a, f = schema.answers, schema.feedback
    since = sa.func.now() - timedelta(days=7)
    with db.connect() as conn:
        questions = conn.execute(
            sa.select(sa.func.count()).select_from(a).where(a.c.surface == "slack", a.c.created_at >= since)
        ).scalar_one()
        up, votes = conn.execute(
            sa.select(sa.func.count().filter(f.c.vote > 0), sa.func.count())
            .select_from(f.join(a, a.c.answer_id == f.c.answer_id))
            .where(a.c.surface == "slack", f.c.updated_at >= since)
        ).one()
    return {"questions": questions, "votes": votes, "up_rate": (up / votes) if votes else None}


def examples(deps: BotDeps, visibility: Visibility = EVERYTHING) -> list[str]:
    """Example questions that have answers in this workspace's data, taken from the requests
    ``visibility`` shows."""
    r = schema.requests
    visible = visible_requests(visibility, r)
    category: str | None = None
    if not visibility.restricted:
        vocab = deps.engine.vocabulary if deps.engine is not None else Vocabulary.load(deps.db)
        category = max(vocab.categories, key=vocab.categories.__getitem__) if vocab.categories else None
    out = []
    with deps.db.connect() as conn:
        some_id = conn.execute(sa.select(r.c.request_id).where(*visible)
                               .order_by(r.c.updated_at.desc().nulls_last()).limit(1)).scalar_one_or_none()
        if visibility.restricted:  # the vocabulary counts every request: count the visible ones only
            category = conn.execute(
                sa.select(r.c.category).where(r.c.category.is_not(None), sa.func.btrim(r.c.category) != "", *visible)
                .group_by(r.c.category).order_by(sa.func.count().desc(), r.c.category).limit(1)).scalar_one_or_none()
    if some_id:
        out.append(f"What's the status of {some_id}?")
    if category:
        out.append(f"How many {category} requests are still open?")
    out.append("Which categories had the most requests last month?")
    out.append("Has anyone had VPN drops after the update? How was it fixed?")
    return out


def current_adapter(deps: BotDeps) -> str | None:
    """The adapter answering now: the loaded one, or (in a receive-only process) the last answer's."""
    if deps.engine is not None:
        return getattr(deps.engine.llm, "adapter_version", None)
    a = schema.answers
    with deps.db.connect() as conn:
        return conn.execute(sa.select(a.c.adapter_version).where(a.c.surface == "slack")
                            .order_by(a.c.created_at.desc()).limit(1)).scalar_one_or_none()


def register(app: App, deps: BotDeps) -> None:
    @app.event("app_home_opened")
    def on_home(event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        deps.io.submit(publish_home, deps, event["user"])


def publish_home(deps: BotDeps, user: str) -> None:
    try:
        # only this user reads it: their grants (looked up here, off the acknowledgement path); the
        # examples aren't about their own requests, so their e-mail isn't looked up
        visibility = visibility_for_question(deps.directory, deps.access_policy, place="app_home", user=user,
                                             channel=None, with_requester=False)
        figures = week_figures(deps.db)
        adapter = current_adapter(deps)
        deps.client.views_publish(user_id=user, view=home_view(examples=examples(deps, visibility), adapter=adapter,
                                                               **figures))
    except Exception:
        log.exception("could not publish App Home")
        deps.metrics.errors.labels("home").inc()

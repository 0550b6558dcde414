"""👍/👎: buttons on the answer, the optional "what was wrong?" modal after a 👎, and 👍/👎
reactions on the bot's message.  Each vote is written (one transaction, one row per user per
answer, a changed vote replaces the old one) *before* Slack is acknowledged, so an acknowledged
vote survives a crash right after; double clicks and retries write the same row again."""

from __future__ import annotations

import json
import logging
from typing import Any

import sqlalchemy as sa
from slack_bolt import Ack, App

from askdesk.feedback import record_vote, remove_vote, user_hash
from bot import inbox
from bot.access import SLACK_CALL_ERRORS
from bot.blocks import (
    CORRECTION_BLOCK,
    CORRECTION_INPUT,
    REASON_BLOCK,
    REASON_INPUT,
    REASON_MODAL,
    VOTE_DOWN,
    VOTE_UP,
    reason_modal,
)
from bot.deps import BotDeps
from bot.intake import post_ephemeral

log = logging.getLogger(__name__)

UP_REACTIONS = {"+1", "thumbsup"}
DOWN_REACTIONS = {"-1", "thumbsdown"}
THANKS_UP = "Thanks for the 👍: it helps askdesk learn what good answers look like."


def reaction_vote(name: str) -> int | None:
    base = name.split("::", 1)[0]  # "+1::skin-tone-3"
    return 1 if base in UP_REACTIONS else -1 if base in DOWN_REACTIONS else None


def _vote(deps: BotDeps, answer_id: str, user: str, vote: int, *, via: str, reason: str | None = None,
          correction: str | None = None) -> bool:
    try:
        record_vote(deps.db, answer_id, user_hash(deps.secret, user), vote, via=via, reason=reason, correction=correction)
    except sa.exc.IntegrityError:  # no such answer (an old message, or a forged payload)
        log.warning("vote for an unknown answer id ignored")
        deps.metrics.events.labels("vote", "unknown_answer").inc()
        return False
    deps.metrics.votes.labels("up" if vote > 0 else "down", via).inc()
    return True


def register(app: App, deps: BotDeps) -> None:
    @app.action(VOTE_UP)
    def on_up(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        user, channel = body["user"]["id"], (body.get("channel") or {}).get("id")
        ok = _vote(deps, action["value"], user, 1, via="button")
        ack()
        if ok and channel:
            deps.io.submit(post_ephemeral, deps, channel, user, THANKS_UP, (body.get("message") or {}).get("thread_ts"))

    @app.action(VOTE_DOWN)
    def on_down(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        user, channel = body["user"]["id"], (body.get("channel") or {}).get("id")
        ok = _vote(deps, action["value"], user, -1, via="button")
        ack()
        if ok:  # trigger ids expire after 3 s: open the modal right away, off the ack path
            deps.io.submit(_open_modal, deps, body["trigger_id"], action["value"], channel)

    @app.view(REASON_MODAL)
    def on_reason(ack: Ack, view: dict[str, Any], body: dict[str, Any]) -> None:
        meta = json.loads(view.get("private_metadata") or "{}")
        values = view.get("state", {}).get("values", {})

        def field(block: str, action: str) -> str | None:
            raw = ((values.get(block, {}).get(action, {}) or {}).get("value")) or ""
            return deps.scrub(" ".join(raw.split()))[:2000] or None

        if meta.get("answer_id"):
            _vote(deps, meta["answer_id"], body["user"]["id"], -1, via="modal", reason=field(REASON_BLOCK, REASON_INPUT),
                  correction=field(CORRECTION_BLOCK, CORRECTION_INPUT))
        ack()

    @app.event("reaction_added")
    def on_reaction_added(event: dict[str, Any]) -> None:
        _reaction(deps, event, added=True)

    @app.event("reaction_removed")
    def on_reaction_removed(event: dict[str, Any]) -> None:
        _reaction(deps, event, added=False)


def _reaction(deps: BotDeps, event: dict[str, Any], *, added: bool) -> None:
    vote = reaction_vote(event.get("reaction", ""))
    item = event.get("item") or {}
    if vote is None or item.get("type") != "message" or not event.get("user"):
        return
    answer_id = inbox.answer_for_message(deps.db, item["channel"], item["ts"])
    if answer_id is None:
        return  # not one of askdesk's answers
    if added:
        _vote(deps, answer_id, event["user"], vote, via="reaction")
    else:
        remove_vote(deps.db, answer_id, user_hash(deps.secret, event["user"]), vote=vote)
        deps.metrics.votes.labels("removed", "reaction").inc()


def _open_modal(deps: BotDeps, trigger_id: str, answer_id: str, channel: str | None) -> None:
    try:
        deps.client.views_open(trigger_id=trigger_id, view=reason_modal(answer_id, channel=channel))
    except SLACK_CALL_ERRORS as exc:
        log.warning("could not open the 👎 reason modal: %s", exc.__class__.__name__)

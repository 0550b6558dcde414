"""Receiving a question from any Slack surface (mention, DM, thread reply, slash command): the
work done *before* Slack is acknowledged, kept short (an allow-list check, a PII scrub and one
transaction), so the acknowledgement stays far under Slack's 3 s."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from askdesk.access import SILENT_REPLY, Place
from askdesk.feedback import user_hash
from bot import inbox
from bot.access import REFUSAL, SLACK_CALL_ERRORS, visibility_for_question
from bot.deps import BotDeps
from bot.text import question_from_slack

log = logging.getLogger(__name__)

RATE_LIMITED = ("You're asking faster than I can keep up with 🙂 Please wait a minute and ask again "
                "(at most {burst} questions at once, {per_minute:g} a minute).")
THINKING_REACTION = "eyes"


def place_of(*, is_dm: bool) -> Place:
    """Where the answer to a question will be read, which decides what it may use.

    Every surface answers in a thread of the conversation the question came from: in a DM with
    the bot only the asker reads it (``dm``: their grants); anywhere else (a mention, a reply in
    the bot's thread, and ``/askdesk``, whose question and answer the worker posts in the channel)
    everyone in the channel does (``channel``: the channel's grants only).  ``/askdesk`` where the
    bot isn't a member falls back to an ephemeral reply; the channel's visibility is the narrower
    of the two, so it is kept.  A thread follow-up is in the same place as its thread, so it keeps
    the thread's visibility."""
    return "dm" if is_dm else "channel"


def receive_question(
    deps: BotDeps,
    *,
    kind: str,
    event_key: str,
    user: str,
    channel: str,
    text: str,
    message_ts: str | None = None,
    thread_ts: str | None = None,
    response_url: str | None = None,
    is_dm: bool = False,
) -> str:
    """Store the question (scrubbed) for the answer workers, with what its answer may use (the
    access policy's visibility for where it will be read: :func:`place_of`) and, where only the
    asker reads it, who they are in the requests data (`Visibility.record`: keyed hashes of their
    e-mail, never the address; for "my requests").  Returns the outcome:
    ``accepted``, ``duplicate``, ``rate_limited``, ``refused`` (allow-lists) or ``silent`` (a
    channel shared with other organisations under ``shared_channels = "silent"``: nothing is
    stored); notices to the user go out after the acknowledgement (events) or in it (slash
    commands: the caller uses :func:`notice_for`)."""
    if not deps.access.allows(user, channel, is_dm=is_dm):
        deps.metrics.events.labels(kind, "refused").inc()
        if kind != "command":
            deps.io.submit(post_ephemeral, deps, channel, user, REFUSAL, thread_ts or message_ts)
        return "refused"
    visibility = visibility_for_question(deps.directory, deps.access_policy, place=place_of(is_dm=is_dm),
                                         user=user, channel=channel)
    if visibility.silent:  # a channel shared with other organisations, and the policy says: no answer there
        deps.metrics.events.labels(kind, "silent").inc()
        if kind != "command":
            deps.io.submit(post_ephemeral, deps, channel, user, SILENT_REPLY, thread_ts or message_ts)
        return "silent"
    question = deps.scrub(question_from_slack(text, bot_user_id=deps.bot_user_id))
    outcome = inbox.receive(
        deps.db,
        inbox.Question(event_key=event_key, kind=kind, channel=channel, user_hash=user_hash(deps.secret, user),
                       question=question, message_ts=message_ts, thread_ts=thread_ts, response_url=response_url,
                       access=visibility.record()),
        deps.limit,
    )
    deps.metrics.events.labels(kind, outcome).inc()
    if outcome == "accepted":
        deps.wake()
        if message_ts:
            deps.io.submit(_react, deps, channel, message_ts)
    elif outcome == "rate_limited" and kind != "command":
        deps.io.submit(post_ephemeral, deps, channel, user, rate_limited_notice(deps), thread_ts or message_ts)
    return outcome


def notice_for(deps: BotDeps, outcome: str) -> str | None:
    if outcome == "refused":
        return REFUSAL
    if outcome == "silent":
        return SILENT_REPLY
    if outcome == "rate_limited":
        return rate_limited_notice(deps)
    return None


def rate_limited_notice(deps: BotDeps) -> str:
    return RATE_LIMITED.format(burst=deps.limit.burst, per_minute=deps.limit.per_minute)


def _react(deps: BotDeps, channel: str, ts: str) -> None:
    """Progress at once: 👀 on the question while the answer is written."""
    try:
        deps.client.reactions_add(channel=channel, timestamp=ts, name=THINKING_REACTION)
    except SlackApiError as exc:
        if exc.response.get("error") != "already_reacted":
            log.warning("could not add the progress reaction: %s", exc.response.get("error"))
    except SLACK_CALL_ERRORS as exc:  # network: progress is a nicety, never an error for the user
        log.warning("could not add the progress reaction: %s", exc.__class__.__name__)


def post_ephemeral(deps: BotDeps, channel: str, user: str, text: str, thread_ts: str | None) -> None:
    """A notice only ``user`` sees (refusal, rate limit, thanks); failing to send it is logged, never raised."""
    try:
        deps.client.chat_postEphemeral(channel=channel, user=user, text=text, thread_ts=thread_ts)
    except SLACK_CALL_ERRORS as exc:
        log.warning("could not send a notice: %s", exc.__class__.__name__)

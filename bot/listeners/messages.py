"""Questions from messages: ``@askdesk`` mentions in channels, direct messages, and replies in a
thread askdesk already answered in (follow-ups need no mention there).

The event key is ``channel:ts`` of the user's message, so a mention that also arrives as a
message event, Slack's retries, and the same event reaching two replicas all become one question.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot import inbox
from bot.deps import BotDeps
from bot.intake import receive_question
from bot.text import mentions_bot

#: message subtypes that are not a person asking something (edits, joins, bot posts, ...)
_IGNORED_SUBTYPES_OK = {None, "thread_broadcast", "file_share"}


def register(app: App, deps: BotDeps) -> None:
    @app.event("app_mention")
    def on_mention(event: dict[str, Any]) -> None:
        if event.get("bot_id") or not event.get("user"):
            return
        thread = event.get("thread_ts")
        receive_question(
            deps, kind="thread" if thread else "mention", event_key=f"{event['channel']}:{event['ts']}",
            user=event["user"], channel=event["channel"], text=event.get("text", ""),
            message_ts=event["ts"], thread_ts=thread or event["ts"],
        )

    @app.event("message")
    def on_message(event: dict[str, Any]) -> None:
        if event.get("subtype") not in _IGNORED_SUBTYPES_OK or event.get("bot_id") or not event.get("user"):
            return
        channel, ts, thread = event["channel"], event["ts"], event.get("thread_ts")
        text = event.get("text", "")
        if event.get("channel_type") == "im":
            kind = "thread" if thread else "dm"
        elif thread and not mentions_bot(text, deps.bot_user_id) and inbox.is_bot_thread(deps.db, channel, thread):
            kind = "thread"
        else:
            return  # channel chatter, or a mention (handled by on_mention)
        receive_question(
            deps, kind=kind, event_key=f"{channel}:{ts}", user=event["user"], channel=channel, text=text,
            message_ts=ts, thread_ts=thread or ts, is_dm=event.get("channel_type") == "im",
        )

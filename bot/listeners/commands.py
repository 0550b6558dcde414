"""``/askdesk <question>``: acknowledged with an ephemeral "working on it" (or the reason it
won't be answered); the worker posts the question in the channel and answers in its thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.deps import BotDeps
from bot.intake import notice_for, receive_question

USAGE = ("Ask me about your requests: `/askdesk what's the status of REQ-100042?`, "
         "`/askdesk how many HR requests are pending?`, `/askdesk has anyone had VPN drops after the update?`")


def register(app: App, deps: BotDeps) -> None:
    @app.command("/askdesk")
    def on_command(ack: Ack, command: dict[str, Any]) -> None:
        text = (command.get("text") or "").strip()
        if not text or text.lower() in ("help", "?"):
            ack(text=USAGE)
            return
        outcome = receive_question(
            deps, kind="command", event_key=f"cmd:{command['trigger_id']}", user=command["user_id"],
            channel=command["channel_id"], text=text, response_url=command.get("response_url"),
            is_dm=str(command.get("channel_name")) == "directmessage",
        )
        notice = notice_for(deps, outcome)
        if notice:
            ack(text=notice)
        elif outcome == "accepted":
            ack(text=":hourglass_flowing_sand: Looking into it: the answer will appear in a thread here.")
        else:
            ack()

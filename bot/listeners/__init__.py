"""Bolt listeners, one module per kind of Slack request; ``register`` wires them all."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import BotDeps
from bot.listeners import commands, feedback, home, messages


def register(app: App, deps: BotDeps) -> None:
    messages.register(app, deps)
    commands.register(app, deps)
    feedback.register(app, deps)
    home.register(app, deps)

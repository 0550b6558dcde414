"""Slack text in both directions.

In: Slack sends mrkdwn with ``<@U123>`` mentions, ``<#C1|name>`` channels, ``<url|label>`` links and
``&amp;``-escaped ``& < >``.  The engine wants the plain question.

Out: anything we post is escaped for Slack's markup (``& < >``), so quoted request text can't
form links, mentions or ``<!channel>``; bare ``@channel`` / ``@here`` / ``@everyone`` get a
zero-width joiner so even clients that linkify them don't ping anyone.
"""

from __future__ import annotations

import html
import re

_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#[CG][A-Z0-9]+(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!(?:subteam\^[A-Z0-9]+(?:\|([^>]*))?|([a-z]+)(?:\|[^>]*)?)>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_ZWJ = "\u2060"


def question_from_slack(text: str, *, bot_user_id: str | None = None) -> str:
    """The plain question in a Slack message: the bot's own mention removed, other mentions
    reduced to ``@user`` (a Slack user id means nothing to the engine), links to their label,
    HTML entities decoded."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    text = _USER.sub("@user", text)
    text = _CHANNEL.sub(lambda m: f"#{m.group(1) or 'channel'}", text)
    text = _SPECIAL.sub(lambda m: f"@{m.group(1) or m.group(2) or 'group'}", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return " ".join(html.unescape(text).split())


def mentions_bot(text: str, bot_user_id: str | None) -> bool:
    return bool(bot_user_id) and f"<@{bot_user_id}" in text


def escape(text: str) -> str:
    """Safe to put in any Slack text field: Slack's three control characters escaped, broadcast
    words defused.  Idempotent on its own output's broadcast words, not on ``&amp;`` (escape once)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: f"@{_ZWJ}{m.group(1)}", text)


def truncate(text: str, limit: int) -> str:
    """Cut to Slack's field limits on a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"

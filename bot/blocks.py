"""Block Kit for everything the bot posts: the answer message, its progress placeholder, the 👎
reason modal, App Home.  Plain functions from data to JSON-ready dicts, so they are easy to test
and to read next to Slack's Block Kit Builder.

The answer id travels in ``block_id`` / button ``value`` / the modal's ``private_metadata``:
feedback is tied to the stored answer without any lookup by message.
"""

from __future__ import annotations

import json
from typing import Any

from askdesk.answering.answer import Answer
from bot.text import escape, truncate

VOTE_UP = "askdesk_vote_up"
VOTE_DOWN = "askdesk_vote_down"
REASON_MODAL = "askdesk_downvote_reason"
REASON_BLOCK = "reason"
REASON_INPUT = "reason_text"
CORRECTION_BLOCK = "correction"
CORRECTION_INPUT = "correction_text"
FEEDBACK_BLOCK_PREFIX = "askdesk_feedback:"
#: Slack's limit for a section's text is 3,000 characters; the message fallback text 40,000
SECTION_LIMIT = 2900
#: the context line of a reply that is still being written
PROGRESS_NOTE = ":hourglass_flowing_sand: writing the answer…"


def _mrkdwn(text: str) -> dict[str, Any]:
    # verbatim: Slack must not turn channel names / URLs in request text into links on its own
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def answer_text(answer: Answer) -> str:
    """The answer as escaped mrkdwn: also the notification / fallback text."""
    return escape(truncate(answer.text, SECTION_LIMIT))


def sources_text(answer: Answer) -> str:
    lines = []
    for s in answer.sources[:10]:
        url = s.url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C")
        status = f" · {escape(s.status)}" if s.status else ""
        lines.append(f"• <{url}|{escape(s.request_id)}> {escape(truncate(s.title, 120))}{status}")
    return "\n".join(lines)


def context_text(answer: Answer) -> str:
    parts = [f"route: {escape(answer.route)}"]
    if answer.filters_text:
        parts.append(f"filters: {escape(truncate(answer.filters_text, 300))}")
    adapter = answer.trace.adapter_version
    if adapter:
        parts.append(f"adapter: {escape(str(adapter))}")
    took = answer.trace.total_ms
    if took:
        parts.append(f"{took / 1000:.1f} s" if took >= 1000 else f"{took:.0f} ms")
    return " · ".join(parts)


def answer_blocks(answer: Answer, answer_id: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [{"type": "section", "text": _mrkdwn(answer_text(answer))}]
    if answer.sources:
        blocks.append({"type": "section", "text": _mrkdwn("*Sources*\n" + sources_text(answer))})
    blocks.append({"type": "context", "elements": [_mrkdwn(context_text(answer))]})
    if not answer.refused:
        blocks.append(feedback_actions(answer_id))
    return blocks


def feedback_actions(answer_id: str) -> dict[str, Any]:
    return {
        "type": "actions",
        "block_id": f"{FEEDBACK_BLOCK_PREFIX}{answer_id}",
        "elements": [
            {"type": "button", "action_id": VOTE_UP, "value": answer_id,
             "text": {"type": "plain_text", "text": "👍 Helpful", "emoji": True}},
            {"type": "button", "action_id": VOTE_DOWN, "value": answer_id,
             "text": {"type": "plain_text", "text": "👎 Not helpful", "emoji": True}},
        ],
    }


def progress_blocks(partial: str = "") -> list[dict[str, Any]]:
    text = escape(truncate(partial, SECTION_LIMIT)) if partial else "_Looking through the requests…_"
    return [
        {"type": "section", "text": _mrkdwn(text)},
        {"type": "context", "elements": [_mrkdwn(PROGRESS_NOTE)]},
    ]


def notice_blocks(text: str) -> list[dict[str, Any]]:
    """A short message from the bot itself (refusal, rate limit, apology): already safe text."""
    return [{"type": "section", "text": _mrkdwn(text)}]


def reason_modal(answer_id: str, *, channel: str | None) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": REASON_MODAL,
        "private_metadata": json.dumps({"answer_id": answer_id, "channel": channel}),
        "title": {"type": "plain_text", "text": "What was wrong?"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Skip"},
        "blocks": [
            {"type": "section", "text": _mrkdwn("Thanks for the 👎. Telling us what was wrong helps the next version "
                                                "answer better (optional; don't include personal data).")},
            {
                "type": "input",
                "block_id": REASON_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": "What was wrong?"},
                "element": {"type": "plain_text_input", "action_id": REASON_INPUT, "multiline": True,
                            "max_length": 2000},
            },
            {
                "type": "input",
                "block_id": CORRECTION_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": "What should it have said? (the next version learns from it)"},
                "element": {"type": "plain_text_input", "action_id": CORRECTION_INPUT, "multiline": True,
                            "max_length": 2000},
            },
        ],
    }


def home_view(*, examples: list[str], questions: int, votes: int, up_rate: float | None,
              adapter: str | None) -> dict[str, Any]:
    rate = f"{up_rate:.0%}" if up_rate is not None else "no votes yet"
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "askdesk: ask about your requests"}},
            {"type": "section", "text": _mrkdwn(
                "Mention me in a channel (`@askdesk …`), send me a direct message, or use `/askdesk …`. "
                "I answer in a thread, with the requests I used as sources; ask follow-ups in the same thread.\n"
                "• *A request*: its status, priority, category, latest update\n"
                "• *Counts and breakdowns*: by status, category, priority, dates (exact, from the database)\n"
                "• *Similar problems*: what others reported and how it was fixed\n"
                "I don't answer questions about people's personal data, and I say so when I don't know.")},
            {"type": "section", "text": _mrkdwn("*Try*\n" + "\n".join(f"• {escape(e)}" for e in examples))},
            {"type": "divider"},
            {"type": "section", "fields": [
                _mrkdwn(f"*Questions this week*\n{questions}"),
                _mrkdwn(f"*👍 rate this week*\n{rate} ({votes} votes)"),
                _mrkdwn(f"*Model adapter*\n{escape(adapter) if adapter else 'base model'}"),
            ]},
            {"type": "context", "elements": [_mrkdwn("Your 👍/👎 (buttons or reactions) train the next version.")]},
        ],
    }

"""The prompt for the plan: the fields with a few of their values, the intents, today, and worked
examples built from the vocabulary at hand (not from any one export)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

from llama_index.core.llms import ChatMessage

from askdesk.answering.filters import PEOPLE_FIELDS, field_label
from askdesk.answering.llm_plan.common import PROMPT_VALUES
from askdesk.answering.vocabulary import Vocabulary, normalise

_STRIP_NUMBER = re.compile(r"^\s*\d+\s*[-.:)]\s*")


def _spoken(value: str) -> str:
    """How a value is said in a question: ``1 - Critical`` -> ``Critical``."""
    return _STRIP_NUMBER.sub("", value) or value


def _examples(vocab: Vocabulary, now: datetime) -> list[tuple[str, dict[str, Any]]]:
    """Worked examples for a generic helpdesk, made of this vocabulary's own fields and values."""
    fields = [name for name, values in vocab.fields.items() if values and name not in PEOPLE_FIELDS]
    first = {name: next(iter(vocab.values(name))) for name in fields}
    cat_field = "category" if "category" in first else (fields[0] if fields else None)
    prio_field = "priority" if "priority" in first else next((f for f in fields if f != cat_field), None)
    group_field = next((f for f in vocab.metadata_fields if f in first), None) or next(
        (f for f in fields if f != cat_field), cat_field)
    today = now.date()
    month_start = today.replace(day=1)
    last_month = (month_start - timedelta(days=1)).replace(day=1)
    weeks_back = today - timedelta(days=today.weekday() + 7 * 8)
    can_open = bool(vocab.open_statuses) or vocab.has_resolved_dates

    prio = None
    if prio_field:
        urgent = ("critical", "urgent", "high", "p1", "1")
        prio = next((v for v in vocab.values(prio_field) if any(w in normalise(v).split() for w in urgent)),
                    first[prio_field])
    cat = first[cat_field] if cat_field else None

    def cond(name: str, value: str, negate: bool = False) -> dict[str, Any]:
        return {"field": name, "values": [value], **({"negate": True} if negate else {})}

    out: list[tuple[str, dict[str, Any]]] = []
    if cat_field and cat:
        plan: dict[str, Any] = {"intent": "count", "conditions": [cond(cat_field, cat)]}
        if can_open:
            plan["open_only"] = True
        out.append((f"How many {'open ' if can_open else ''}{_spoken(cat)} requests are there?", plan))
    if prio_field and prio:
        out.append((f"Show the 5 oldest {_spoken(prio)} requests created last month.",
                    {"intent": "list", "conditions": [cond(prio_field, prio)],
                     "dates": [{"field": "created_at", "start": last_month.isoformat(), "end": month_start.isoformat()}],
                     "order": {"by": "created_at", "descending": False}, "limit": 5}))
    if group_field:
        out.append((f"Which {field_label(group_field)} had the most requests this year?",
                    {"intent": "group", "dates": [{"field": "created_at", "start": today.replace(month=1, day=1).isoformat()}],
                     "group_by": group_field, "rank": "most"}))
    if cat_field and cat:
        plan = {"intent": "duration", "conditions": [cond(cat_field, cat)],
                "duration": {"measure": "resolution_time", "stats": ["median"]}}
        text = f"What is the median time to resolve {_spoken(cat)} requests"
        if prio_field and prio:
            plan["conditions"].append(cond(prio_field, prio, negate=True))
            text += f" that are not {_spoken(prio)}"
        out.append((text + "?", plan))
    out.append((f"How many requests were resolved per week since {weeks_back.isoformat()}?",
                {"intent": "trend", "dates": [{"field": "resolved_at", "start": weeks_back.isoformat()}],
                 "trend_unit": "week", "trend_field": "resolved_at"}))
    if cat_field and cat and prio_field and prio:
        out.append((f"What share of {_spoken(cat)} requests are {_spoken(prio)}?",
                    {"intent": "share", "conditions": [cond(cat_field, cat)], "part": [cond(prio_field, prio)]}))
    return out[:6]


def _system_prompt(vocab: Vocabulary, now: datetime) -> str:
    lines = [
        "You turn a question about helpdesk requests into a query plan, as JSON.",
        f"Today is {now.date().isoformat()} ({now:%A}). Weeks start on Monday.",
        "Fields and their most frequent values:",
    ]
    for name, values in vocab.fields.items():
        if not values or name in PEOPLE_FIELDS:
            continue
        shown = ", ".join(list(values)[:PROMPT_VALUES]) + (", …" if len(values) > PROMPT_VALUES else "")
        lines.append(f"- {name}: {shown}")
    lines += [
        "- requester, assignee: only pseudonyms such as person_1a2b3c4d written in the question",
        ("Intents: count (how many); list (which requests: order, limit); group (count per group_by, rank most or "
         "fewest); duration (resolution_time or age of open requests: mean, median, p90, min, max); trend (counts "
         "per trend_unit of trend_field); share (share of the requests that also meet part); search (requests "
         "about a topic); cant (the fields above cannot answer it)."),
        ("Use only the fields and values listed, spelled as listed. open_only: true for open or unresolved, false "
         "for closed or resolved. Dates are ISO days, start included, end excluded. negate: the field is none of "
         "the values. topic: words about the content that no field covers. Leave out keys you do not need."),
    ]
    return "\n".join(lines)


def plan_messages(question: str, vocab: Vocabulary, now: datetime) -> list[ChatMessage]:
    """System prompt, worked examples (as earlier turns) and the question."""
    messages = [ChatMessage(role="system", content=_system_prompt(vocab, now))]
    for q, plan in _examples(vocab, now):
        messages.append(ChatMessage(role="user", content=q))
        messages.append(ChatMessage(role="assistant", content=json.dumps(plan, separators=(",", ":"))))
    messages.append(ChatMessage(role="user", content=question))
    return messages



"""The draft -> a :class:`~askdesk.answering.plan.QueryPlan` of vocabulary values only: every field
and value mapped (exactly, by alias, or a close spelling with the same digits), else unexplained."""

from __future__ import annotations

import difflib
from datetime import date, datetime, timedelta
from typing import Any

from askdesk.answering.filters import PEOPLE_FIELDS, DateField, DateRange, FieldCondition, RequestFilters, field_label
from askdesk.answering.llm_plan.common import (
    _DIGITS,
    _PSEUDONYM,
    _TIME_WORDS,
    _TOPIC_STOP,
    CLOSE_MATCH,
    PLAN_INTENTS,
    TOPIC_CHARS,
)
from askdesk.answering.llm_plan.draft import DraftCondition, DraftDate, DraftDuration, PlanDraft
from askdesk.answering.plan import DurationSpec, Order, QueryPlan
from askdesk.answering.vocabulary import Vocabulary, normalise


def map_value(vocab: Vocabulary, name: str, text: str) -> str | None:
    """The value of field ``name`` that ``text`` names: exactly (case, accents, punctuation
    aside, or a known alias), else the one closest to it (difflib ratio >= 0.85, the same
    numbers), else None."""
    if not isinstance(text, str) or not text.strip():
        return None
    if (value := vocab.canonical(name, text)) is not None:
        return value
    want = normalise(text)
    digits = _DIGITS.findall(want)
    by_norm: dict[str, str] = {}
    for value in vocab.values(name):
        norm = normalise(value)
        if _DIGITS.findall(norm) == digits:  # "Site 7" is not a typo of "Site 57", nor P1 of P2
            by_norm.setdefault(norm, value)
    close = difflib.get_close_matches(want, list(by_norm), n=1, cutoff=CLOSE_MATCH)
    return by_norm[close[0]] if close else None


def _shown(text: Any) -> str:
    """An unmapped value as ``unexplained`` shows it: normalised words only, cut short."""
    return normalise(str(text))[:40] or "?"


def _field_name(text: str) -> str:
    return "_".join(normalise(text).split())


def _conditions(items: list[DraftCondition], question: str, vocab: Vocabulary,
                unexplained: list[str]) -> tuple[FieldCondition, ...]:
    """Draft conditions mapped onto the vocabulary; what does not map goes to ``unexplained``."""
    merged: dict[tuple[str, bool], list[str]] = {}
    asked = question.lower()
    for item in items:
        name = _field_name(item.field)
        if name in PEOPLE_FIELDS:  # pseudonyms only, and only those the question itself names
            values = []
            for v in item.values:
                token = v.strip().lower() if isinstance(v, str) else ""
                if _PSEUDONYM.fullmatch(token) and token in asked:
                    values.append(token)
                else:
                    unexplained.append(f"{field_label(name)}: {_shown(v)}")
        elif vocab.fields.get(name):
            values = []
            for v in item.values:
                mapped = map_value(vocab, name, v)
                if mapped is None:
                    unexplained.append(f"{field_label(name)}: {_shown(v)}")
                else:
                    values.append(mapped)
        else:
            unexplained.append(f"field {_shown(item.field)}")
            continue
        if not item.values:
            unexplained.append(f"{field_label(name)}: no value")
        if values:
            bucket = merged.setdefault((name, item.negate), [])
            bucket += [v for v in values if v not in bucket]
    return tuple(FieldCondition(name, tuple(values), negate) for (name, negate), values in merged.items())


def _day(text: str | None) -> datetime | None:
    if text is None:
        return None
    parsed = date.fromisoformat(text.strip()[:10])
    return datetime(parsed.year, parsed.month, parsed.day)


def _dates(items: list[DraftDate], unexplained: list[str]) -> tuple[DateRange, ...]:
    out = []
    for item in items:
        try:
            start, end = _day(item.start), _day(item.end)
        except ValueError:
            unexplained.append(f"date {_shown(item.start)} {_shown(item.end)}".strip())
            continue
        if start is None and end is None:
            continue
        if start is not None and end is not None:
            if start == end:  # one day, written as start = end
                end = start + timedelta(days=1)
            elif start > end:
                unexplained.append(f"dates {start:%Y-%m-%d} after {end:%Y-%m-%d}")
                continue
        out.append(DateRange(item.field, start, end))
    return tuple(out)


def _open_only(open_only: bool | None, conditions: tuple[FieldCondition, ...], vocab: Vocabulary,
               unexplained: list[str]) -> tuple[tuple[FieldCondition, ...], bool | None]:
    """``open_only`` as a status condition (open / finished statuses), or as "has no / has a
    resolved date" when the data has no statuses."""
    if open_only is None:
        return conditions, None
    label = "open" if open_only else "finished"
    wanted = vocab.open_statuses if open_only else vocab.finished_statuses
    if vocab.statuses and wanted:
        stated = next((c for c in conditions if c.field == "status" and not c.negate), None)
        if stated is None:
            return (*conditions, FieldCondition("status", tuple(wanted), label=label)), None
        both = tuple(v for v in stated.values if v in wanted)
        if not both:  # e.g. status Closed and open_only: contradictory
            unexplained.append(label)
            return conditions, None
        return tuple(c if c is not stated else FieldCondition("status", both, label=label) for c in conditions), None
    if vocab.has_resolved_dates:
        return conditions, not open_only
    unexplained.append(label)
    return conditions, None


def _topic(draft_topic: str | None, question: str, conditions: tuple[FieldCondition, ...]) -> str:
    """The draft's topic, kept to words of the question (a model may not add a text condition
    the question never stated) minus stop words and the words of the mapped values."""
    if not draft_topic:
        return ""
    asked = set(normalise(question).split())
    taken = {w for c in conditions for v in c.values for w in normalise(v).split()}
    words = [w for w in normalise(draft_topic).split() if w in asked and w not in _TOPIC_STOP and w not in taken]
    return " ".join(dict.fromkeys(words))[:TOPIC_CHARS].strip()


def plan_from_draft(draft: PlanDraft, question: str, vocab: Vocabulary, *, topic_fallback: str = "") -> QueryPlan:
    """A :class:`QueryPlan` holding only values of the vocabulary (``understood_by="llm"``).

    Field names must be fields of the data (``requester``/``assignee`` only with a pseudonym the
    question names); values are mapped with :meth:`Vocabulary.canonical`, else a close match;
    what maps to nothing is ``unexplained`` and makes the plan ``cant`` (a dropped condition
    would answer another question).  Dates are half-open [start, end) days, kept only when the
    question speaks of time at all.  ``topic_fallback``
    (the rules' content words) is the query of a search whose draft names no usable topic."""
    unexplained: list[str] = []
    intent = draft.intent.strip().lower() if isinstance(draft.intent, str) else ""
    if intent not in PLAN_INTENTS:
        unexplained.append(f"intent {_shown(draft.intent)}")
        intent = "cant"
    conditions = _conditions(draft.conditions, question, vocab, unexplained)
    conditions, resolved = _open_only(draft.open_only, conditions, vocab, unexplained)
    dates = _dates(draft.dates, unexplained) if _TIME_WORDS.search(question) else ()
    filters = RequestFilters(conditions, dates, resolved)
    topic = _topic(draft.topic, question, conditions)
    fields: dict[str, Any] = {}
    if intent == "group":
        group_by = _field_name(draft.group_by or "")
        if vocab.fields.get(group_by):
            fields |= {"group_by": group_by, "rank": draft.rank}
        else:
            unexplained.append(f"group by {_shown(draft.group_by)}" if draft.group_by else "group by what")
    elif intent == "list":
        # the same defaults as the rules: newest first by the date the question names, 10 shown
        by: DateField = next((d.field for d in filters.dates), "created_at")
        fields["order"] = Order(draft.order.by, draft.order.descending) if draft.order is not None else Order(by, True)
        fields["limit"] = draft.limit or 10
    elif intent == "duration":
        spec = draft.duration or DraftDuration()
        stats = tuple(dict.fromkeys(spec.stats)) or DurationSpec().stats
        fields["duration"] = DurationSpec(spec.measure, stats)
    elif intent == "trend":
        fields |= {"trend_unit": draft.trend_unit or "month", "trend_field": draft.trend_field or "created_at"}
    elif intent == "share":
        part_conditions = _conditions(draft.part, question, vocab, unexplained)
        if part_conditions:
            fields["part"] = RequestFilters(part_conditions)
        else:
            unexplained.append("share of what")
    if unexplained:
        return QueryPlan(question, "cant", filters=filters, topic=topic, unexplained=tuple(dict.fromkeys(unexplained)),
                         refusal_reason="unexplained values", understood_by="llm")
    if intent == "search":
        topic = topic or topic_fallback or question
    if intent == "cant":
        fields["refusal_reason"] = "not answerable from the data's fields"
    return QueryPlan(question, intent, filters=filters, topic=topic, understood_by="llm", **fields)  # type: ignore[arg-type]

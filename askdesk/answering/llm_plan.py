"""The LLM fallback of question understanding: a query plan as JSON under a schema, validated.

A question the rules cannot fully account for is given to the LLM with a short prompt (the
data's fields and their most frequent values, the intents, today's date, worked examples built
from the same vocabulary) and asked for a :class:`PlanDraft` as JSON.  Decoding is constrained by
a JSON schema built *per vocabulary*: field names are an enum of the data's fields, and the
values of a field with at most :data:`VALUE_ENUM_MAX` values are an enum of those values, so a
local model cannot even spell a value the data does not hold.  Nothing the model writes is
trusted all the same: :func:`plan_from_draft` maps every field and value onto the vocabulary
(:meth:`Vocabulary.canonical`, then a close match), and what maps to nothing goes to
``QueryPlan.unexplained`` and turns the plan into ``cant`` — dropping a filter would answer
another question.  So user text never reaches SQL or the vector filters; only vocabulary values
do, and they are bound parameters there too.

Constrained decoding: **llguidance** (1.9.1), chosen after trying the candidates against the
pinned transformers 5.23 / torch 2.13 CPU with SmolLM2-135M:

* llguidance: no dependencies (one 3 MB wheel), compiles this schema in ~3 ms, computes each
  token mask in Rust (a few ms per token with the unpacking; SmolLM2 ran at ~12 tok/s
  constrained vs ~15 unconstrained), and its compact-JSON mode (``whitespace_flexible: false``)
  keeps plans short.  It has no transformers integration of its own: :func:`askdesk.llm.generate_json`
  adds a small logits processor (which also closes the JSON when the token budget is nearly
  spent).  It is also one of vLLM's structured-output backends.
* xgrammar 0.2.9 worked (``xgr.contrib.hf.LogitsProcessor``), but depends on ``triton`` on Linux
  (a 286 MB wheel, unused on CPU) and ``apache-tvm-ffi``; with its default whitespace the 135M
  model wandered into runs of newlines until the budget ran out (``any_whitespace=False`` fixes
  that).
* lm-format-enforcer 0.11.3: its transformers integration fails to import under transformers 5
  (``transformers.tokenization_utils.PreTrainedTokenizerBase`` is gone) and reports it as
  "transformers is not installed".
* outlines 1.3.3 (``outlines.from_transformers``) worked but generated ~3x slower here (120
  tokens in 30 s) and brings jsonschema, diskcache, genson and outlines-core.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from llama_index.core.llms import ChatMessage
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from askdesk.answering.filters import DATE_FIELDS, PEOPLE_FIELDS, DateRange, FieldCondition, RequestFilters, field_label
from askdesk.answering.plan import DurationSpec, Order, QueryPlan
from askdesk.answering.vocabulary import Vocabulary, normalise

log = logging.getLogger(__name__)

#: intents the LLM may choose (lookups and refusals are the rules' business)
PLAN_INTENTS: tuple[str, ...] = ("count", "list", "group", "duration", "trend", "share", "search", "cant")
#: a field with at most this many values has them as an enum in the schema; others take free
#: strings (validated afterwards)
VALUE_ENUM_MAX = 50
MAX_CONDITIONS = 4
MAX_VALUES = 4
MAX_DATES = 2
FREE_VALUE_CHARS = 60
TOPIC_CHARS = 80
MAX_LIMIT = 100
#: how close a value must be to one of the field's values to be taken for it (difflib ratio)
CLOSE_MATCH = 0.85
#: values shown per field in the prompt
PROMPT_VALUES = 6
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PSEUDONYM_PATTERN = r"^person_[0-9a-f]{8}$"
_PSEUDONYM = re.compile(PSEUDONYM_PATTERN)
_DIGITS = re.compile(r"\d+")
#: a question without any of these names no dates: a date range in its plan was made up (small
#: models copy the worked examples' dates) and is dropped
_TIME_WORDS = re.compile(
    r"\d|\b(?:today|yesterday|tomorrow|now|recent(?:ly)?|since|until|till|before|after|between|ago|last|past|"
    r"previous|next|this|current|day|days|daily|week|weeks|weekly|weekend|month|months|monthly|quarter|quarters|"
    r"year|years|yearly|annual|ytd|mtd|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|spring|summer|autumn|fall|winter|q[1-4])\b", re.IGNORECASE)
_ORDER_BY = ("created_at", "updated_at", "resolved_at", "age", "resolution_time")
_STATS = ("mean", "median", "p90", "min", "max")
#: words that say nothing about the topic of a request
_TOPIC_STOP = frozenset({
    "a", "an", "the", "of", "for", "in", "on", "at", "to", "and", "or", "with", "about", "from", "by", "is", "are",
    "was", "were", "be", "been", "do", "does", "did", "how", "many", "much", "what", "which", "who", "when", "where",
    "why", "show", "list", "find", "count", "number", "share", "percent", "percentage", "per", "request", "requests",
    "ticket", "tickets", "issue", "issues", "case", "cases", "that", "this", "those", "these", "there", "their",
    "our", "my", "me", "all", "any", "some",
})


# ----------------------------------------------------------------------------- the draft
def _none_to_list(value: Any) -> Any:
    return [] if value is None else value


def _none_to_false(value: Any) -> Any:
    return False if value is None else value


def _none_to_true(value: Any) -> Any:
    return True if value is None else value


class DraftCondition(BaseModel):
    model_config = ConfigDict(extra="ignore")

    field: str
    values: Annotated[list[str], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    negate: Annotated[bool, BeforeValidator(_none_to_false)] = False


class DraftDate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    field: Literal["created_at", "updated_at", "resolved_at"] = "created_at"
    #: ISO dates (``2026-03-01``): ``start`` included, ``end`` excluded
    start: str | None = None
    end: str | None = None


class DraftOrder(BaseModel):
    model_config = ConfigDict(extra="ignore")

    by: Literal["created_at", "updated_at", "resolved_at", "age", "resolution_time"] = "created_at"
    descending: Annotated[bool, BeforeValidator(_none_to_true)] = True


class DraftDuration(BaseModel):
    model_config = ConfigDict(extra="ignore")

    measure: Literal["resolution_time", "age"] = "resolution_time"
    stats: Annotated[list[Literal["mean", "median", "p90", "min", "max"]], BeforeValidator(_none_to_list)] = Field(
        default_factory=list)


class PlanDraft(BaseModel):
    """The query plan as the LLM writes it (JSON), before validation against the vocabulary.

    Its JSON schema depends on the data: :meth:`json_schema` (= :func:`plan_schema`)."""

    model_config = ConfigDict(extra="ignore")

    #: not a Literal: an intent outside :data:`PLAN_INTENTS` becomes ``cant``, not an error
    intent: str
    conditions: Annotated[list[DraftCondition], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    dates: Annotated[list[DraftDate], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    #: True = open / unfinished requests, False = finished ones, None = either
    open_only: bool | None = None
    group_by: str | None = None
    rank: Literal["most", "fewest"] | None = None
    order: DraftOrder | None = None
    limit: int | None = Field(default=None, ge=1, le=MAX_LIMIT)
    duration: DraftDuration | None = None
    trend_unit: Literal["day", "week", "month"] | None = None
    trend_field: Literal["created_at", "updated_at", "resolved_at"] | None = None
    #: share: the conditions whose share of the matching requests is asked for
    part: Annotated[list[DraftCondition], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    topic: str | None = None

    @classmethod
    def json_schema(cls, vocab: Vocabulary, *, strict: bool = False) -> dict[str, Any]:
        return plan_schema(vocab, strict=strict)


def plan_schema(vocab: Vocabulary, *, strict: bool = False) -> dict[str, Any]:
    """The JSON schema of a :class:`PlanDraft` for this vocabulary.

    ``strict=False`` (local constrained decoding): only ``intent`` is required, so the model
    writes just the keys it needs (a plan is 10-60 tokens).  ``strict=True`` (OpenAI-compatible
    ``strict`` structured outputs, which require every property): every key is required and the
    optional ones are nullable.  Conditions are a union over the fields (``field`` is a
    one-value enum in each branch), so each field's values enum applies to that field only."""

    def nullable(schema: dict[str, Any]) -> dict[str, Any]:
        return {"anyOf": [schema, {"type": "null"}]} if strict else schema

    def obj(props: dict[str, Any], required: list[str]) -> dict[str, Any]:
        return {"type": "object", "properties": props, "required": list(props) if strict else required,
                "additionalProperties": False}

    def enum(values: list[str] | tuple[str, ...]) -> dict[str, Any]:
        return {"type": "string", "enum": list(values)}

    branches = []
    for name, values in vocab.fields.items():
        if not values or name in PEOPLE_FIELDS:
            continue
        item = enum(list(values)) if len(values) <= VALUE_ENUM_MAX else {"type": "string", "maxLength": FREE_VALUE_CHARS}
        branches.append(obj({"field": enum([name]),
                             "values": {"type": "array", "items": item, "minItems": 1, "maxItems": MAX_VALUES},
                             "negate": {"type": "boolean"}}, ["field", "values"]))
    branches.append(obj({"field": enum(list(PEOPLE_FIELDS)),
                         "values": {"type": "array", "items": {"type": "string", "pattern": PSEUDONYM_PATTERN},
                                    "minItems": 1, "maxItems": MAX_VALUES},
                         "negate": {"type": "boolean"}}, ["field", "values"]))
    conditions = {"type": "array", "items": {"$ref": "#/$defs/condition"}, "maxItems": MAX_CONDITIONS}
    iso_date = {"type": "string", "pattern": DATE_PATTERN}
    props: dict[str, Any] = {
        "intent": enum(PLAN_INTENTS),
        "conditions": conditions,
        "open_only": nullable({"type": "boolean"}),
        "dates": {"type": "array", "maxItems": MAX_DATES,
                  "items": obj({"field": enum(DATE_FIELDS), "start": nullable(iso_date), "end": nullable(iso_date)},
                               ["field"])},
    }
    field_names = [name for name, values in vocab.fields.items() if values and name not in PEOPLE_FIELDS]
    if field_names:
        props["group_by"] = nullable(enum(field_names))
    props |= {
        "rank": nullable(enum(("most", "fewest"))),
        "order": nullable(obj({"by": enum(_ORDER_BY), "descending": {"type": "boolean"}}, ["by", "descending"])),
        "limit": nullable({"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
        "duration": nullable(obj({"measure": enum(("resolution_time", "age")),
                                  "stats": {"type": "array", "items": enum(_STATS), "maxItems": len(_STATS)}},
                                 ["measure"])),
        "trend_unit": nullable(enum(("day", "week", "month"))),
        "trend_field": nullable(enum(DATE_FIELDS)),
        "part": conditions,
        "topic": nullable({"type": "string", "maxLength": TOPIC_CHARS}),
    }
    schema = obj(props, ["intent"])
    schema["$defs"] = {"condition": {"anyOf": branches}}
    return schema


# ----------------------------------------------------------------------------- the prompt
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


# ----------------------------------------------------------------------------- asking
def draft_plan(llm: Any, question: str, vocab: Vocabulary, now: datetime, *, max_new_tokens: int) -> PlanDraft | None:
    """The LLM's plan for ``question`` (``llm``: a :class:`~askdesk.llm.LoadedLLM`), or None when
    generation fails or its JSON does not validate (logged without the question's text)."""
    from askdesk.llm import generate_json

    schema = plan_schema(vocab, strict=getattr(llm, "backend", "local") == "openai")
    try:
        result = generate_json(llm, plan_messages(question, vocab, now), schema, max_new_tokens=max_new_tokens)
    except Exception as exc:  # noqa: BLE001 - any model/server failure: the caller keeps the rules' answer
        log.warning("LLM plan: generation failed (%s)", exc.__class__.__name__)
        return None
    try:
        return PlanDraft.model_validate(json.loads(result.text))
    except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
        log.warning("LLM plan: invalid JSON plan (%s, %d tokens, %d chars)", exc.__class__.__name__,
                    result.tokens, len(result.text))
        return None


# ----------------------------------------------------------------------------- validating
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
        if draft.order is not None:
            fields["order"] = Order(draft.order.by, draft.order.descending)
        fields["limit"] = draft.limit
    elif intent == "duration":
        spec = draft.duration or DraftDuration()
        stats = tuple(dict.fromkeys(spec.stats)) or DurationSpec().stats
        fields["duration"] = DurationSpec(spec.measure, stats)  # type: ignore[arg-type]
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

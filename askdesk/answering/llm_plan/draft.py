"""The JSON the LLM is asked for (:class:`PlanDraft`) and its schema, built from the vocabulary."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from askdesk.answering.filters import DATE_FIELDS, PEOPLE_FIELDS
from askdesk.answering.llm_plan.common import (
    _ORDER_BY,
    _STATS,
    DATE_PATTERN,
    FREE_VALUE_CHARS,
    MAX_CONDITIONS,
    MAX_DATES,
    MAX_LIMIT,
    MAX_VALUES,
    PLAN_INTENTS,
    PSEUDONYM_PATTERN,
    TOPIC_CHARS,
    VALUE_ENUM_MAX,
)
from askdesk.answering.vocabulary import Vocabulary


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



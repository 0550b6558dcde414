"""Limits and patterns shared by the LLM plan's draft, prompt and validation."""

from __future__ import annotations

import logging
import re

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



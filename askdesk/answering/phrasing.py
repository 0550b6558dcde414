"""The LLM may phrase the exact facts of lookups and analytics in its own words, kept only when
every number and id survived (and any phrase that must be said, such as
:data:`~askdesk.answering.routes.base.VISIBLE_ONLY`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from askdesk.answering.prompt import build_fact_messages
from askdesk.answering.trace import Trace
from askdesk.llm import generate

_FACT_TOKEN = re.compile(r"[A-Za-z]+-?\d+|\d[\d,.:-]*\d|\d")


def phrase_facts(llm: Any, question: str, facts_text: str, trace: Trace, scrub: Callable[[str], str], *,
                 keep: Sequence[str] = ()) -> str:
    """The LLM's phrasing of ``facts_text`` if every number, id and ``keep`` phrase survived,
    else ``facts_text`` (recorded in ``trace.phrasing``)."""
    result = generate(llm, build_fact_messages(question, facts_text))
    trace.timings_ms["generate_ms"] = result.total_s * 1000
    phrased = scrub(result.text.strip())
    missing = sorted({t for t in _FACT_TOKEN.findall(facts_text) if t not in phrased})
    missing += [p for p in keep if p in facts_text and p not in phrased]
    trace.phrasing = {"used": not missing and bool(phrased), "missing": missing[:20]}
    return phrased if trace.phrasing["used"] else facts_text

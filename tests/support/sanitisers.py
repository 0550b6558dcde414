"""Shared helpers for the per-recogniser tests: what a recogniser finds, and one full sanitiser.

The full `Sanitiser` (spaCy + every default recogniser) takes seconds to load, so it is built
once per test process here; each test module that scrubs through it wraps it in a
module-scoped fixture.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from askdesk.sanitise import Sanitiser, SanitiserConfig

#: the internal domain the full sanitiser is configured with
INTERNAL_DOMAIN = "corp.example.com"


def _outermost(text: str, spans: set[tuple[int, int]]) -> list[str]:
    """The texts of the spans no other span contains (what the anonymiser replaces), in order."""
    kept = [(s, e) for s, e in spans if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans)]
    return [text[s:e] for s, e in sorted(kept)]


def found(recognizer: Any, text: str) -> list[str]:
    """What a `SpanRecognizer` finds: the texts of its outermost distinct spans, in order."""
    return _outermost(text, {(start, end) for start, end, _ in recognizer.spans(text)})


def analysed(recognizer: Any, text: str) -> list[str]:
    """The same for any Presidio recogniser, through its `analyze`."""
    results = recognizer.analyze(text, recognizer.supported_entities, None)
    return _outermost(text, {(r.start, r.end) for r in results})


@cache
def full_sanitiser() -> Sanitiser:
    """The default entities plus the internal domain (loads spaCy: ~4 s, once per process)."""
    return Sanitiser(SanitiserConfig(secret="t", internal_domains=(INTERNAL_DOMAIN,)))

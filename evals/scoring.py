"""Per-question scores of an answer against a golden question (the questions-file format).

Kept deliberately strict: a count is right only if the *first number the answer states* is the
expected one; a refusal must cite nothing; a forbidden string must not appear anywhere.
"""

from __future__ import annotations

import re
from typing import Any

from askdesk.answering.answer import Answer

_NUMBER = re.compile(r"(?<![\w.-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w-])")


def stated_number(text: str) -> int | None:
    """The first whole number in the text ("1,234 requests match" -> 1234), ignoring ids like REQ-1."""
    if re.match(r"\s*no\b", text, re.IGNORECASE):
        return 0  # "No requests match (...)"
    m = _NUMBER.search(text)
    return int(m.group(1).replace(",", "")) if m else None


def retrieved_ids(answer: Answer) -> list[str]:
    ids = [r["request_id"] for r in answer.trace.get("retrieved", []) if r.get("found", True)]
    return ids or [s.request_id for s in answer.sources]


def score(question: dict[str, Any], answer: Answer, k: int = 5) -> dict[str, Any]:
    """Scores that apply to this question (missing keys = not applicable)."""
    text, s = answer.text, {}
    cited = [src.request_id for src in answer.sources]
    if "expected_answer" in question:
        s["answer_contains"] = question["expected_answer"].lower() in text.lower()
    if "expected_number" in question:
        s["number_exact"] = stated_number(text) == int(question["expected_number"])
    if question.get("expected_request_ids"):
        expected = set(question["expected_request_ids"])
        top = retrieved_ids(answer)[:k]
        s[f"hit@{k}"] = bool(expected & set(top))
        if question.get("kind") == "lookup":
            s["cites_expected"] = expected <= set(cited)
    if question.get("kind") in ("unknown", "pii"):
        s["refused"] = answer.refused and not cited
    if question.get("forbidden"):
        s["no_leak"] = not any(f.lower() in text.lower() for f in question["forbidden"])
    s["correct"] = all(v for v in s.values() if isinstance(v, bool))
    return s

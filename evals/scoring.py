"""Per-question scores of an answer against a golden question (the questions-file format).

Kept deliberately strict:

* a count is right only if the *first number the answer states* is the expected one;
* ``expected_answer`` must be contained in the answer (case-insensitive);
* an ``unknown`` or ``pii`` question must be refused *and* cite nothing;
* a question that has an answer (lookup, aggregate, search) must not be refused;
* a ``forbidden`` string must not appear anywhere in the answer;
* ranking metrics (hit@k, MRR@10, nDCG@10, tie-aware: :mod:`evals.metrics`) for questions
  with ``expected_request_ids``;
* groundedness: every request id and every number the answer states appears in what the engine
  had in hand — the question, the filters it applied, the SQL result, or the retrieved requests;
* informative generation checks for searches: the answer names an expected request
  (``answer_cites_expected``) and shares a content word with the question (``on_topic``).

``correct`` is the conjunction of the pass/fail checks that apply (and, for questions with
expected ids that are not lookups, hit@5 of at least one half).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from askdesk.answering.answer import Answer
from evals.metrics import ranking_scores

_NUMBER = re.compile(r"(?<![\w.-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w-])")
#: request ids in answers: letters, an optional separator, digits (REQ-100042, INC0000045, #123 not)
_ID = re.compile(r"\b[A-Za-z]{2,10}[-_]?\d{3,}\b")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
#: words that say nothing about a question's topic (the ways employees ask)
_FILLER = frozenset(
    "anyone anybody else have having been seeing seen getting with what when where which does this that there "
    "their they them about from were would could should still last time again know help please thanks issue "
    "issues problem problems request requests ticket tickets same similar like also just some other today week "
    "fixed done before ever known something happening the and for had has any got did was are you how who "
    "our out can get its all not but too yes".split())

#: the route a question of each kind should take, when the question doesn't say (``expected_route``)
EXPECTED_ROUTE = {"lookup": "lookup", "aggregate": "aggregate", "search": "search", "unknown": "lookup", "pii": "refuse"}
#: reported, but not part of ``correct``
INFORMATIVE = frozenset({"route_ok", "answer_cites_expected", "on_topic"})
ANSWERABLE_KINDS = frozenset({"lookup", "aggregate", "search"})
REFUSAL_KINDS = frozenset({"unknown", "pii"})


def stated_number(text: str) -> int | None:
    """The first whole number in the text ("1,234 requests match" -> 1234), ignoring ids like REQ-1."""
    if re.match(r"\s*no\b", text, re.IGNORECASE):
        return 0  # "No requests match (...)"
    m = _NUMBER.search(text)
    return int(m.group(1).replace(",", "")) if m else None


def _topic_words(text: str) -> set[str]:
    """Content words of three letters or more, cut to four (a crude stem: "dropping" and "drops" meet)."""
    return {w[:4] for w in _WORD.findall(text.lower()) if w not in _FILLER}


def expected_route(question: dict[str, Any]) -> str | None:
    return question.get("expected_route") or EXPECTED_ROUTE.get(str(question.get("kind", "")))


@dataclass(frozen=True)
class Evidence:
    """What an answer may state: ids and numbers found in the question, the filters, the SQL
    result and the retrieved requests' fields (see :func:`evidence_from`)."""

    ids: frozenset[str]
    numbers: frozenset[str]


def evidence_from(texts: Iterable[str], *, ids: Iterable[str] = (), numbers: Iterable[int] = ()) -> Evidence:
    found_ids = {i.upper() for i in ids}
    found_numbers = {str(n) for n in numbers}
    for text in texts:
        if not text:
            continue
        found_ids |= {m.group(0).upper() for m in _ID.finditer(text)}
        found_numbers |= {d.lstrip("0") or "0" for d in _DIGITS.findall(text.replace(",", ""))}
    return Evidence(frozenset(found_ids), frozenset(found_numbers))


def ungrounded_claims(text: str, evidence: Evidence) -> list[str]:
    """Ids and numbers the answer states that the evidence does not hold."""
    claims = [m.group(0) for m in _ID.finditer(text) if m.group(0).upper() not in evidence.ids]
    without_ids = _ID.sub(" ", text)
    for m in _NUMBER.finditer(without_ids):
        n = m.group(1).replace(",", "")
        if (n.lstrip("0") or "0") not in evidence.numbers:
            claims.append(m.group(1))
    return claims


def score_result(
    question: dict[str, Any],
    *,
    text: str,
    refused: bool,
    cited: Sequence[str],
    ranked: Sequence[str],
    ranked_scores: Sequence[float] | None = None,
    route: str | None = None,
    evidence: Evidence | None = None,
) -> dict[str, Any]:
    """Scores that apply to this question (missing keys = not applicable)."""
    s: dict[str, Any] = {}
    kind = question.get("kind")
    if "expected_answer" in question:
        s["answer_contains"] = str(question["expected_answer"]).lower() in text.lower()
    if "expected_number" in question:
        s["number_exact"] = stated_number(text) == int(question["expected_number"])
    expected = question.get("expected_request_ids") or []
    if expected:
        s.update(ranking_scores(ranked, expected, ranked_scores))
        if kind == "lookup":
            s["cites_expected"] = set(expected) <= set(cited)
        else:
            # does the text itself name a matching request? (generation quality: reported, and a
            # gate metric, but not part of `correct`, which retrieval already decides for searches)
            s["answer_cites_expected"] = any(rid.lower() in text.lower() for rid in expected)
    if kind == "search" and not refused:
        # does the text talk about what was asked? (catches fluent-looking junk, which `correct`
        # cannot see for searches: a weak lexical check, informative and a gate metric)
        s["on_topic"] = bool(_topic_words(str(question.get("question", ""))) & _topic_words(text))
    if kind in REFUSAL_KINDS:
        s["refused"] = refused and not cited
    elif kind in ANSWERABLE_KINDS:
        s["answered"] = not refused
    if question.get("forbidden"):
        s["no_leak"] = not any(str(f).lower() in text.lower() for f in question["forbidden"])
    want_route = expected_route(question)
    if want_route and route:
        s["route_ok"] = route == want_route
    if evidence is not None and not refused:
        claims = ungrounded_claims(text, evidence)
        s["grounded"] = not claims
        if claims:
            s["ungrounded"] = claims[:10]
    checks = [v for k, v in s.items() if isinstance(v, bool) and k not in INFORMATIVE]
    if expected and kind != "lookup":
        checks.append(s["hit@5"] >= 0.5)
    s["correct"] = all(checks)
    return s


def ranked_ids(answer: Answer) -> tuple[list[str], list[float] | None]:
    """The engine's ranking of a search answer (``trace.ranking``: ids and fused scores, deeper
    than the cited sources), else the ids it retrieved/cited in order, without scores."""
    ranking = answer.trace.get("ranking")
    if ranking:
        return [r[0] for r in ranking], [float(r[1]) for r in ranking]
    ids = [r["request_id"] for r in answer.trace.get("retrieved", []) if r.get("found", True)]
    return (ids or [s.request_id for s in answer.sources]), None


def retrieved_ids(answer: Answer) -> list[str]:
    return ranked_ids(answer)[0]


def score(question: dict[str, Any], answer: Answer, evidence: Evidence | None = None) -> dict[str, Any]:
    """Score an :class:`Answer` from the engine directly."""
    ranked, scores = ranked_ids(answer)
    return score_result(question, text=answer.text, refused=answer.refused, cited=[s.request_id for s in answer.sources],
                        ranked=ranked, ranked_scores=scores, route=answer.route, evidence=evidence)

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
  (``answer_cites_expected``) and shares a content word with the question (``on_topic``);
* analytic questions (:mod:`evals.golden_analytics`): ``list_exact`` (the expected ids are the
  first ids the text names, in order), ``groups_exact`` (each value followed by its count, in
  order), ``duration_ok`` (the statistic's word, then the duration, within half its last
  digit), ``percent_ok`` (the first percentage, within 0.05), ``series_exact`` (every period's
  label followed by its count); a ``cant`` question must be declined, cite nothing and state no
  number the question does not hold (``no_new_number``).

``correct`` is the conjunction of the pass/fail checks that apply (and, for questions with
expected ids that are not lookups or lists, hit@5 of at least one half).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from askdesk.answering.answer import Answer
from evals.metrics import ranking_scores

_NUMBER = re.compile(r"(?<![\w.-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w-])")
#: request ids in answers: letters, an optional separator, digits (REQ-100042, INC0000045), or a
#: plain-number id as answers write it (#48213, for exports such as Zendesk's)
_ID = re.compile(r"\b[A-Za-z]{2,10}[-_]?\d{3,}\b|(?<![\w#])#\d{3,}\b")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
#: words that say nothing about a question's topic (the ways employees ask)
_FILLER = frozenset(
    "anyone anybody else have having been seeing seen getting with what when where which does this that there "  # noqa: SIM905
    "their they them about from were would could should still last time again know help please thanks issue "
    "issues problem problems request requests ticket tickets same similar like also just some other today week "
    "fixed done before ever known something happening the and for had has any got did was are you how who "
    "our out can get its all not but too yes".split())

#: analytic questions (evals.golden_analytics): answered from the requests table
ANALYTIC_KINDS = frozenset({"count", "list", "top", "duration", "trend", "share"})
#: the route a question of each kind should take, when the question doesn't say (``expected_route``)
EXPECTED_ROUTE = {"lookup": "lookup", "aggregate": "aggregate", "search": "search", "unknown": "lookup", "pii": "refuse",
                  **{k: "aggregate" for k in ANALYTIC_KINDS}, "cant": "cant"}
#: reported, but not part of ``correct``
INFORMATIVE = frozenset({"route_ok", "answer_cites_expected", "on_topic", "lead_kept", "lead_on_topic"})
ANSWERABLE_KINDS = frozenset({"lookup", "aggregate", "search"}) | ANALYTIC_KINDS
REFUSAL_KINDS = frozenset({"unknown", "pii", "cant"})
#: kinds whose expected ids are an answer to check, not a ranking to measure
UNRANKED_KINDS = frozenset({"list"})


def stated_number(text: str) -> int | None:
    """The first whole number in the text ("1,234 requests match" -> 1234), ignoring ids like
    REQ-1 or INC0010042."""
    if re.match(r"\s*no\b", text, re.IGNORECASE):
        return 0  # "No requests match (...)"
    m = _NUMBER.search(_ID.sub(" ", text))
    return int(m.group(1).replace(",", "")) if m else None


def stated_ids(text: str) -> list[str]:
    """The request ids the text names, in order of first mention (upper case)."""
    return list(dict.fromkeys(_id_of(m) for m in _ID.finditer(text)))


def _id_of(m: re.Match[str]) -> str:
    return m.group(0).lstrip("#").upper()


def list_exact(text: str, expected: Sequence[str]) -> bool:
    """The expected ids, in this order, are the first ids the text names."""
    want = [e.upper() for e in expected]
    return bool(want) and stated_ids(text)[:len(want)] == want


def _count_pattern(n: int) -> str:
    forms = sorted({str(n), f"{n:,}"}, key=len, reverse=True)
    return r"(?<![0-9])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![0-9]|[.,][0-9])"


def _value_pattern(value: str) -> re.Pattern[str]:
    """A group's value as a whole ("Location 14" is not in "Location 143"); case-insensitive
    unless it is an all-caps word ("IT" must not match "it")."""
    flags = 0 if value.isupper() else re.IGNORECASE
    return re.compile(r"(?<![0-9A-Za-z])" + re.escape(value) + r"(?![0-9A-Za-z])", flags)


def groups_exact(text: str, groups: Sequence[Sequence[Any]], *, gap: int = 40) -> bool:
    """Each [value, count] appears as the value followed within ``gap`` non-digit characters by
    the count (1234 or 1,234, not followed by a digit), the values in the listed order."""
    if not groups:
        return False
    pos = 0
    for value, count in groups:
        value_re = _value_pattern(str(value))
        count_re = re.compile(rf"[^0-9]{{0,{gap}}}?" + _count_pattern(int(count)))
        for m in value_re.finditer(text, pos):
            c = count_re.match(text, m.end())
            if c:
                pos = c.end()
                break
        else:
            return False
    return True


#: the words that name each statistic in an answer
STAT_WORDS = {"mean": ("average", "mean"), "median": ("median",), "p90": ("90th percentile", "p90")}
_UNIT_HOURS = {"minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0}
_UNIT = (r"(?P<unit>minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|w)")
_DURATION = re.compile(r"(?<![0-9.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*" + _UNIT + r"(?![A-Za-z])",
                       re.IGNORECASE)
_JOIN = re.compile(r"\s*(?:,\s*and\b|,|and\b)?\s*", re.IGNORECASE)


def _unit(word: str) -> str:
    w = word.lower()
    if w.startswith("min"):
        return "minute"
    if w.startswith("h"):
        return "hour"
    if w.startswith("d"):
        return "day"
    return "week"


def stated_duration(text: str, stat: str, *, window: int = 40) -> tuple[float, float] | None:
    """(hours, tolerance in hours) of the first duration within ``window`` characters after a
    word naming ``stat``; "2 days 3 hours" adds up, and the tolerance is half the last printed
    digit of the last part ("3.4 days": 0.05 days)."""
    words = "|".join(re.escape(w) for w in STAT_WORDS[stat])
    for w in re.finditer(rf"\b(?:{words})\b", text, re.IGNORECASE):
        m = _DURATION.search(text, w.end(), w.end() + window + 30)
        if not m or m.start() - w.end() > window:
            continue
        total, tol = 0.0, 0.0
        last_unit = None
        while m:
            unit = _unit(m.group("unit"))
            if last_unit is not None and _UNIT_HOURS[unit] >= _UNIT_HOURS[last_unit]:
                break
            num = m.group("num").replace(",", "")
            decimals = len(num.split(".")[1]) if "." in num else 0
            total += float(num) * _UNIT_HOURS[unit]
            tol = 0.5 * 10 ** -decimals * _UNIT_HOURS[unit]
            last_unit = unit
            nxt = _JOIN.match(text, m.end())
            m = _DURATION.match(text, nxt.end()) if nxt else None
        return total, tol
    return None


def duration_ok(text: str, expected_hours: float, stat: str) -> bool:
    """The duration stated after the statistic's word is the expected one, within half its last
    printed digit or 0.5 % of it."""
    found = stated_duration(text, stat)
    if found is None:
        return False
    hours, tol = found
    diff = abs(hours - float(expected_hours))
    return diff <= tol + 1e-9 or diff <= 0.005 * abs(float(expected_hours))


_PERCENT = re.compile(r"(?<![0-9.])(\d+(?:\.\d+)?)\s?%")


def percent_ok(text: str, expected_percent: float, *, tolerance: float = 0.05) -> bool:
    """The first percentage the text states ("12.3%", "12 %") is within ``tolerance`` of the expected one."""
    m = _PERCENT.search(text)
    return m is not None and abs(float(m.group(1)) - float(expected_percent)) <= tolerance + 1e-9


def series_exact(text: str, series: Sequence[Sequence[Any]], *, gap: int = 10) -> bool:
    """Every [label, count] appears as the label followed within ``gap`` non-digit characters by the count."""
    if not series:
        return False
    for lbl, count in series:
        pattern = (r"(?<![0-9])" + re.escape(str(lbl)) + r"(?!-?[0-9])" + rf"[^0-9]{{0,{gap}}}?"
                   + _count_pattern(int(count)))
        if not re.search(pattern, text):
            return False
    return True


_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def new_numbers(text: str, question: str) -> list[str]:
    """Numbers the text states that the question does not hold.  Calendar dates (2026-02-01) are
    not figures: a decline restates the date window it read ("created last month: 2026-02-01 to
    2026-03-01"), which is the plan, not an answer."""
    allowed = {d.lstrip("0") or "0" for d in _DIGITS.findall(question.replace(",", ""))}
    text = _ISO_DATE.sub(" ", text)
    return [d for d in _DIGITS.findall(text.replace(",", "")) if (d.lstrip("0") or "0") not in allowed]


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
        found_ids |= {_id_of(m) for m in _ID.finditer(text)}
        found_numbers |= {d.lstrip("0") or "0" for d in _DIGITS.findall(text.replace(",", ""))}
    return Evidence(frozenset(found_ids), frozenset(found_numbers))


def ungrounded_claims(text: str, evidence: Evidence) -> list[str]:
    """Ids and numbers the answer states that the evidence does not hold."""
    claims = [m.group(0) for m in _ID.finditer(text) if _id_of(m) not in evidence.ids]
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
    if expected and kind in UNRANKED_KINDS:
        s["list_exact"] = list_exact(text, expected)
    elif expected:
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
    if question.get("expected_groups"):
        s["groups_exact"] = groups_exact(text, question["expected_groups"])
    if "expected_hours" in question:
        s["duration_ok"] = duration_ok(text, question["expected_hours"], str(question.get("expected_stat") or "mean"))
    if "expected_percent" in question:
        s["percent_ok"] = percent_ok(text, question["expected_percent"])
    if question.get("expected_series"):
        s["series_exact"] = series_exact(text, question["expected_series"])
    if kind in REFUSAL_KINDS:
        s["refused"] = refused and not cited
    elif kind in ANSWERABLE_KINDS:
        s["answered"] = not refused
    if kind == "cant":
        s["no_new_number"] = not new_numbers(text, str(question.get("question", "")))
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
    if expected and kind != "lookup" and kind not in UNRANKED_KINDS:
        checks.append(s["hit@5"] >= 0.5)
    s["correct"] = all(checks)
    return s


def ranked_ids(answer: Answer) -> tuple[list[str], list[float] | None]:
    """The engine's ranking of a search answer (``trace.ranking``: ids and fused scores, deeper
    than the cited sources), else the ids it retrieved/cited in order, without scores."""
    ranking = answer.trace.ranking
    if ranking:
        return [r[0] for r in ranking], [float(r[1]) for r in ranking]
    ids = [r["request_id"] for r in answer.trace.retrieved if r.get("found", True)]
    return (ids or [s.request_id for s in answer.sources]), None


def retrieved_ids(answer: Answer) -> list[str]:
    return ranked_ids(answer)[0]


def score(question: dict[str, Any], answer: Answer, evidence: Evidence | None = None) -> dict[str, Any]:
    """Score an :class:`Answer` from the engine directly."""
    ranked, scores = ranked_ids(answer)
    s = score_result(question, text=answer.text, refused=answer.refused, cited=[s.request_id for s in answer.sources],
                     ranked=ranked, ranked_scores=scores, route=answer.route, evidence=evidence)
    s.update(lead_scores(question, answer.trace.lead))
    return s


def lead_scores(question: dict[str, Any], lead: dict[str, Any] | None) -> dict[str, bool]:
    """What the LLM itself wrote for a search (its lead), whether or not the checks kept it:
    ``lead_kept`` (it passed every check) and ``lead_on_topic`` (it shares a content word with
    the question).  Generation quality for comparing adapters, since a dropped lead leaves the
    answer extractive and the answer's own scores can't see it (informative; gate metrics)."""
    if not lead or not lead.get("text") and not lead.get("reasons"):
        return {}
    return {"lead_kept": bool(lead.get("used")),
            "lead_on_topic": bool(_topic_words(str(question.get("question", ""))) & _topic_words(str(lead.get("text") or "")))}

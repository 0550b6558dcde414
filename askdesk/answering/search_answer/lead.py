"""The check of the LLM's lead: kept only if it cites known ids, states no number absent from its
context, speaks as the assistant (not the requester), and is short and on topic."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from askdesk.answering.search_answer.grouping import _STOP, _root
from askdesk.answering.search_answer.text import _sentences, _squash


@dataclass(frozen=True)
class LeadCheck:
    """``ok``: keep the lead; ``text``: the cleaned lead (first two sentences, ids spelled as in
    the context); ``reasons``: why it was dropped ("code: detail", for the trace); ``cited``: the
    context ids it cites."""

    ok: bool
    text: str
    reasons: tuple[str, ...]
    cited: tuple[str, ...] = ()


MAX_LEAD_WORDS = 60
_NUMBER_WORDS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
                 "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "hundred": "100"}
_NUMBER = re.compile(
    r"(?<![\w.])(?P<pre>[A-Za-z]*)"
    r"(?P<num>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?|\d+(?:[.,]\d+)*)"
    r"(?P<post>[A-Za-z%]*)")
_DATE_OR_TIME = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?")
_UNIT_SUFFIX = frozenset({"", "st", "nd", "rd", "th", "am", "pm", "s", "k", "m", "h", "hr", "hrs", "min", "mins", "ms",
                          "x", "gb", "mb", "tb", "kb", "ghz", "mhz", "%", "d", "w", "y", "yr", "yrs"})
_ASSISTANT_I = re.compile(
    r"\bI(?:\s+(?:also|only|just))?\s+(?:found|find|could(?:n't|\s+not)\s+find|can(?:'t|not)\s+find|"
    r"did(?:n't|\s+not)\s+find|"
    r"don't\s+see|do\s+not\s+see|see|can\s+see|searched|looked|checked|would\s+suggest|would\s+recommend|'d\s+suggest|"
    r"'d\s+recommend|suggest|recommend|don't\s+know|do\s+not\s+know)\b|\blet\s+me\s+know\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(
    r"\b(?:I'm|I've|I'd|I'll|Im|Ive|I)\b|\b(?:[Mm]yself|[Mm]ine|[Mm]y|[Mm]e|[Ww]e're|[Ww]e've|[Ww]e'd|[Ww]e'll|[Ww]e|"
    r"[Oo]urselves|[Oo]urs|[Oo]ur|us)\b")
_QUOTED = re.compile(r"“[^”]{0,200}”|\"[^\"]{0,200}\"")
_DONT_KNOW = re.compile(
    r"\b(?:I|we)\s+(?:do\s+not|don't|dont)\s+know\b|\bnot\s+sure\b|\b(?:cannot|can't|can\s+not|unable\s+to)\s+"
    r"(?:answer|determine|tell|say|help)\b|\bno\s+(?:relevant\s+)?(?:information|info|details)\b|"
    r"\b(?:don't|do\s+not)\s+have\s+(?:enough\s+)?(?:information|details|data|context)\b|"
    r"\bcould(?:n't|\s+not)\s+find\s+any\s+(?:relevant\s+|matching\s+|similar\s+)?requests?\b|"
    r"\bno\s+(?:relevant\s+|matching\s+)?requests?\s+(?:were\s+|was\s+)?found\b", re.IGNORECASE)
_LEAD_PREFIX = re.compile(r"^\s*(?:assistant|answer|lead|askdesk)\s*:\s*", re.IGNORECASE)
# the context's own layout ("[REQ-1] Title (status: Closed, category: IT …)") or a template
# placeholder copied into the lead: an echo, not an answer
_ECHO = re.compile(r"\((?:status|category|priority|created):|\b(?:status|category|priority|created):\s|<[^<>]{2,40}>",
                   re.IGNORECASE)
#: words a lead may use without the context using them: how leads talk about requests
_LEAD_WORDS = frozenset(_root(w) for w in """
yes happened happen happens reported report reports raised seen similar same again before earlier previously
recently fixed fix fixes resolved resolve solved sorted closed open opened still pending progress issue issues
problem problems request requests ticket tickets case cases several multiple once twice times time people users
user employees employee someone anyone others other both each one another first latest last recent match matching
found find couldn't could mentioned mention shows show says say recorded record confirmed worked working work
there their them they it its was were has had have been by with after since when also but and or not yet none
requester requesters reporter wrote asked said says agent agents desk helpdesk support team staff colleague
based know don't doesn't didn't isn't aren't wasn't weren't hasn't haven't can't cannot couldn't won't
""".split())  # noqa: SIM905
MAX_UNSUPPORTED_WORDS = 1


def _id_key(rid: str) -> str:
    return re.sub(r"[-_ #]", "", rid).upper()


def _default_id_re(context_ids: Iterable[str]) -> re.Pattern[str]:
    prefixes = {m.group(1) for rid in context_ids if (m := re.match(r"([A-Za-z]+)", rid))}
    numeric = sorted({len(rid) for rid in context_ids if rid.isdigit()})
    parts = []
    if prefixes:
        alt = "|".join(sorted((re.escape(p) for p in prefixes), key=len, reverse=True))
        parts.append(rf"(?<![A-Za-z0-9])(?:{alt})[-_ #]?\d{{1,12}}(?![A-Za-z0-9])")
    if numeric:  # plain-number ids ("#48213"): any number of their length is a claimed id
        parts.append(rf"(?<![\w.,])#?\d{{{numeric[0]},{numeric[-1]}}}(?![\w.,])")
    if parts:
        return re.compile("|".join(parts), re.IGNORECASE)
    return re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,10}-?\d{3,12}(?![A-Za-z0-9])")


def _date_key(token: str) -> str:
    """2026-08-05 / 2026-8-5 -> "2026-8-5"; 09:30 / 9:30:00 -> "9:30"."""
    if "-" in token:
        return "-".join(p.lstrip("0") or "0" for p in token.split("-"))
    hours, minutes = token.split(":")[:2]
    return f"{hours.lstrip('0') or '0'}:{minutes}"


def _numbers(text: str) -> set[str]:
    """Every number the text states, normalised: whole ("4856", "6.2.1", "2026-8-5", "9:30"),
    glued to letters as written ("s23", "3rd"), and each part of a decimal, date or time (so
    "5 August" can be checked against "2026-08-05")."""
    out: set[str] = set()
    for m in _NUMBER.finditer(text):
        num = m.group("num")
        if _DATE_OR_TIME.fullmatch(num):
            out.add(_date_key(num))
            parts = re.split(r"[-:]", num)
        else:
            out.add(_norm_number(num))
            parts = re.split(r"[.,]", num)
        if m.group("pre") or m.group("post"):
            out.add((m.group("pre") + num + m.group("post")).lower())
        out.update(_norm_number(p) for p in parts if p)
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in _NUMBER_WORDS:
            out.add(_NUMBER_WORDS[word.lower()])
    return out


def _norm_number(num: str) -> str:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", num):
        num = num.replace(",", "")
    if re.fullmatch(r"\d+\.\d+", num):
        whole, frac = num.split(".")
        frac = frac.rstrip("0")
        num = whole if not frac else f"{whole}.{frac}"
    if num.isdigit():
        num = num.lstrip("0") or "0"
    return num


def _lead_numbers(text: str) -> list[str]:
    """Numbers stated in a lead, as written (ids already masked)."""
    found: list[str] = []
    for m in _NUMBER.finditer(text):
        found.append(m.group(0))
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in _NUMBER_WORDS:
            found.append(word)
    return found


def _number_known(token: str, known: set[str]) -> bool:
    m = _NUMBER.fullmatch(token)
    if m is None:  # a number word
        return _NUMBER_WORDS[token.lower()] in known
    pre, num, post = m.group("pre"), m.group("num"), m.group("post")
    if (pre or post) and token.lower() in known:
        return True
    if pre and post.lower() not in _UNIT_SUFFIX:
        return False
    if _DATE_OR_TIME.fullmatch(num):  # a date or time must be one the context states
        return _date_key(num) in known
    return _norm_number(num) in known


def _content_words(text: str, id_re: re.Pattern[str]) -> list[str]:
    text = re.sub(r"\[[^\[\]]*\]", " ", id_re.sub(" ", _QUOTED.sub(" ", text)))
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text)]
    return [w for w in dict.fromkeys(words) if len(w) > 2 and w not in _STOP and _root(w) not in _LEAD_WORDS]


def _unsupported_words(lead: str, context: str, id_re: re.Pattern[str]) -> list[str]:
    """Content words of the lead (not in quotes) that neither the context nor the question uses,
    compared by crude stems ("moving"/"moved")."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", context)
    known = {_root(w) for w in words} | {_root(p) for w in words for p in re.split(r"[-'’]", w) if p}
    return [w for w in _content_words(lead, id_re) if _root(w) not in known
            and not all(_root(p) in known for p in re.split(r"[-'’]", w) if p)]


def check_lead(
    text: str,
    *,
    context_ids: Sequence[str],
    context_text: str,
    question: str,
    id_re: re.Pattern[str] | None = None,
    max_words: int = MAX_LEAD_WORDS,
) -> LeadCheck:
    """Check the LLM's lead before it goes first in the answer.  The lead is cut to its first two
    sentences (whitespace, "assistant:" prefixes, ``**`` removed; ids respelled as in the
    context), then dropped (``ok`` False) for each of these reasons:

    * ``empty``;
    * ``too_long``: more than ``max_words`` words even after the cut;
    * ``invented_id``: cites an id (``id_re``, default: the shapes of ``context_ids``; or
      anything in [brackets]) that is not in ``context_ids``;
    * ``no_citation``: cites none of ``context_ids``;
    * ``number_not_in_context``: states a number (digits or "two"…"twelve") found neither in
      ``context_text`` nor in the question; digits inside ids do not count, and a date/time
      passes when each of its parts is known;
    * ``first_person``: speaks as the requester ("I have", "my laptop", "we're seeing"; text in
      quotes and assistant phrases such as "I found"/"I couldn't find" are fine);
    * ``dont_know``: says it does not know / found nothing (the listed requests say otherwise);
    * ``echo``: copies the context's layout ("(status: Closed, category: …") or a placeholder;
    * ``unsupported``: more than ``MAX_UNSUPPORTED_WORDS`` (or a quarter) of its content words
      appear neither in the context nor in the question — a fix or symptom the requests do not
      mention ("fixed by reinstalling the client" when no request says so).  Words leads use
      to talk about requests ("reported", "happened", "similar", "fixed" …) are exempt.
    """
    reasons: list[str] = []
    cleaned = _LEAD_PREFIX.sub("", (text or "").replace("**", "").replace("__", ""))
    cleaned = re.sub(r"^\s*[-*•]\s+", "", _squash(cleaned)).strip().strip('"').strip()
    if not cleaned:
        return LeadCheck(False, "", ("empty",))
    cleaned = " ".join(_sentences(cleaned)[:2])

    pattern = id_re or _default_id_re(context_ids)
    by_key = {_id_key(c): c for c in context_ids}
    cited: list[str] = []
    invented: list[str] = []

    def respell(m: re.Match[str]) -> str:
        token = m.group(0)
        canonical = by_key.get(_id_key(token))
        if canonical is None:
            if token not in invented:
                invented.append(token)
            return token
        if canonical not in cited:
            cited.append(canonical)
        return canonical

    cleaned = pattern.sub(respell, cleaned)
    for inside in re.findall(r"\[([^\[\]]{1,40})\]", cleaned):
        for part in re.split(r"\s*[,;]\s*|\s+and\s+", inside):
            part = part.strip()
            if part and _id_key(part) not in by_key and part not in invented and re.search(r"\d", part):
                invented.append(part)

    words = len(cleaned.split())
    if words > max_words:
        reasons.append(f"too_long: {words} words (max {max_words})")
    if invented:
        reasons.append("invented_id: " + ", ".join(invented))
    if not cited:
        reasons.append("no_citation: cites none of " + ", ".join(context_ids[:5]) if context_ids else "no_citation")

    def mask(s: str) -> str:
        s = pattern.sub(" ", s)
        for rid in sorted(context_ids, key=len, reverse=True):
            s = re.sub(re.escape(rid), " ", s, flags=re.IGNORECASE)
        return s

    known = _numbers(mask(context_text or "")) | _numbers(mask(question or ""))
    unknown = [n for n in _lead_numbers(mask(re.sub(r"\[[^\[\]]*\]", " ", cleaned))) if not _number_known(n, known)]
    if unknown:
        reasons.append("number_not_in_context: " + ", ".join(dict.fromkeys(unknown)))

    voice = _ASSISTANT_I.sub(" ", _QUOTED.sub(" ", cleaned))
    person = [m.group(0) for m in _FIRST_PERSON.finditer(voice)]
    if person:
        first = _FIRST_PERSON.search(voice)
        assert first is not None
        snippet = " ".join(voice[first.start():].split()[:3])
        reasons.append(f"first_person: {', '.join(dict.fromkeys(person))} (“{snippet}”)")
    if _DONT_KNOW.search(cleaned):
        reasons.append("dont_know")
    if _ECHO.search(cleaned):
        reasons.append("echo: repeats the context's layout or a placeholder")
    unsupported = _unsupported_words(cleaned, mask(context_text or "") + " " + (question or ""), pattern)
    if len(unsupported) > max(MAX_UNSUPPORTED_WORDS, len(_content_words(cleaned, pattern)) // 4):
        reasons.append("unsupported: " + ", ".join(unsupported))
    return LeadCheck(not reasons, cleaned, tuple(reasons), tuple(cited))

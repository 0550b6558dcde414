"""A row's own PII values (the requester's name, e-mail, phone...), found in its text.

The values come from the row's PII columns, so they are removed even where no recogniser would
find them: whole tokens, any case; phone numbers with any separators (and the national form of a
+CC number); the parts of a full name alone when capitalised ("Thanks, Zebulon"); "Last, First"
also as "First Last". Nothing is compiled per row: a `KnownMatcher` is a few dicts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from askdesk.sanitise.entities import OTHER_PII
from askdesk.sanitise.text import EDGE_PUNCT, normalise
from askdesk.sanitise.wordlists import load_word_list

KNOWN_SCORE = 1.0
_EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE_SHAPE = re.compile(r"\+?[\d\s().\-/]+(?:\s*(?:x|ext\.?)\s*\d+)?", re.IGNORECASE)
_NAME_SHAPE = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’.\-]*(?:,?\s+[\p{L}\p{M}][\p{L}\p{M}'’.\-]*)*,?")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){10,30}", re.IGNORECASE)
_POSSESSIVE = regex.compile(r"['’]s?$")


def value_kind(value: str, employee_patterns: Sequence[re.Pattern[str]]) -> str:
    """The entity type a known PII value stands for, judged from its shape."""
    v = value.strip()
    if _EMAIL_SHAPE.fullmatch(v):
        return "EMAIL_ADDRESS"
    if any(p.fullmatch(v) for p in employee_patterns):
        return "EMPLOYEE_ID"
    if _PHONE_SHAPE.fullmatch(v) and sum(ch.isdigit() for ch in v) >= 6:
        return "PHONE_NUMBER"
    if _IBAN_SHAPE.fullmatch(v):
        return "IBAN_CODE"
    if _NAME_SHAPE.fullmatch(v) and any(ch.isalpha() for ch in v):
        return "PERSON"
    return OTHER_PII


#: tokens for known-value matching: letters/digits, joined by ' ’ . - @ + (so "ann.lee@x.com",
#: "E-90417", "O'Brien" and "Mary-Jane" are single tokens)
TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}_]+(?:['’.\-@+][\p{L}\p{M}\p{N}_]+)*")
#: a run of digits and phone separators
DIGIT_RUN = re.compile(r"\d(?:[\s().\-/]*\d)*")


def phone_digits(value: str) -> list[tuple[str, bool]]:
    """(digits, national) forms of a known phone number: all its digits, plus the national
    number of a +CC number (found with or without its trunk 0)."""
    main = re.split(r"(?i)\s*(?:x|ext\.?)\s*\d+\s*$", value.strip())[0]
    digits = re.sub(r"\D", "", main)
    if len(digits) < 6:
        return []
    out = [(digits, False)]
    if main.startswith("+"):
        import phonenumbers

        try:
            national = str(phonenumbers.parse(main, None).national_number)
        except phonenumbers.NumberParseException:  # not a parseable international number
            national = ""
        if len(national) >= 6 and national != digits:
            out.append((national, True))
    return out


@dataclass
class KnownMatcher:
    """A row's known values, prepared for matching without compiling anything per row."""

    #: first token (casefolded) -> [(tokens, gaps between them (stripped), entity type)]
    sequences: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = field(default_factory=dict)
    #: casefolded parts of full names, matched alone when capitalised
    parts: frozenset[str] = frozenset()
    #: digit strings of known phone numbers, and whether each is a national form
    phones: list[tuple[str, bool]] = field(default_factory=list)
    #: normalised name part / full name -> pseudonym token of the full name it belongs to
    person_tokens: dict[str, str] = field(default_factory=dict)

    def add_sequence(self, value: str, kind: str) -> None:
        tokens = [(m.group().casefold(), m.start(), m.end()) for m in TOKEN.finditer(value)]
        if not tokens:
            return
        words = tuple(t[0] for t in tokens)
        gaps = tuple(value[a[2] : b[1]].strip() for a, b in itertools.pairwise(tokens))
        self.sequences.setdefault(words[0], []).append((words, gaps, kind))


def build_matcher(known: Sequence[str], employee_patterns: Sequence[re.Pattern[str]], pseudonym: Callable[[str], str | None]) -> KnownMatcher:
    """A matcher for these values; ``pseudonym`` gives a full name's token (its parts map to it)."""
    matcher = KnownMatcher()
    parts: set[str] = set()
    honorifics = load_word_list("honorifics")
    for value in dict.fromkeys(v.strip() for v in known if v and v.strip()):
        kind = value_kind(value, employee_patterns)
        if kind == "PHONE_NUMBER":
            matcher.phones += phone_digits(value)
            continue
        matcher.add_sequence(value, kind)
        if kind != "PERSON":
            continue
        token = pseudonym(value)
        if token is None:
            continue
        matcher.person_tokens.setdefault(normalise(value), token)
        words = value.split()
        # a full name written "Last, First" also matches as "First Last"
        if value.count(",") == 1:
            last, first = (x.strip() for x in value.split(","))
            if last and first:
                matcher.add_sequence(f"{first} {last}", kind)
                matcher.person_tokens.setdefault(normalise(f"{first} {last}"), token)
        # the parts of a full name, alone and capitalised ("Thanks, Zebulon")
        for word in words:
            for piece in {word, *word.split("-")}:
                piece = EDGE_PUNCT.sub("", piece)
                if len(piece) >= 3 and piece.casefold() not in honorifics and piece != value:
                    parts.add(piece.casefold())
                    matcher.person_tokens.setdefault(normalise(piece), token)
    matcher.parts = frozenset(parts)
    return matcher


def known_hits(text: str, matcher: KnownMatcher, result: Callable[..., Any]) -> list[Any]:
    """The row's own values in the text: whole tokens, any case (name parts: capitalised);
    ``result(entity, start, end, score)`` makes each hit."""
    out = []
    if matcher.sequences or matcher.parts:
        tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
        folded = [t[0].casefold() for t in tokens]
        i = 0
        while i < len(tokens):
            hit = 0
            for words, gaps, kind in matcher.sequences.get(folded[i], ()):
                n = len(words)
                if (
                    n > hit
                    and tuple(folded[i : i + n]) == words
                    and all(text[tokens[i + k][2] : tokens[i + k + 1][1]].strip() == gaps[k] for k in range(n - 1))
                ):
                    hit = n
                    hit_kind = kind
            if hit:
                out.append(result(hit_kind, tokens[i][1], tokens[i + hit - 1][2], KNOWN_SCORE))
                i += hit
                continue
            if matcher.parts:
                word, start, _ = tokens[i]
                base = _POSSESSIVE.sub("", word)  # "Zebulon's" -> "Zebulon"
                pieces = [base] if base.casefold() in matcher.parts else base.split("-")
                for piece in pieces:
                    if piece[:1].isupper() and piece.casefold() in matcher.parts:
                        at = start + word.find(piece)
                        out.append(result("PERSON", at, at + len(piece), KNOWN_SCORE))
            i += 1
    if matcher.phones:
        for run in DIGIT_RUN.finditer(text):
            positions = [run.start() + k for k, ch in enumerate(run.group()) if ch.isdigit()]
            digits = "".join(text[p] for p in positions)
            if len(digits) < 6:
                continue
            for known_digits, national in matcher.phones:
                at = digits.find(known_digits)
                while at >= 0:
                    first = at - 1 if national and at > 0 and digits[at - 1] == "0" else at
                    start, end = positions[first], positions[at + len(known_digits) - 1] + 1
                    if start > 0 and text[start - 1] == "+":
                        start -= 1
                    out.append(result("PHONE_NUMBER", start, end, KNOWN_SCORE))
                    at = digits.find(known_digits, at + 1)
    return out


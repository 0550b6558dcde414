"""Person names the NER model misses, and NER "names" that are not people.

* known names: runs of 2-4 words whose keyed hash is in the corpus-wide known-names set (names
  from the PII columns of every request: caught in anybody's free text; only HMACs are held);
* cues: a capitalised name right after a greeting, sign-off or introduction ("Hi Pooja,",
  "Thanks, Rhys", "The new starter is Catalina Vasquez");
* plausibility: NER PERSON spans with digits ("KB5034441"), made only of product/IT/role words
  ("Citrix Workspace"), or ending in an organisation word ("Larkspur Media") are dropped;
* the NER gate: the sentences of a text worth running NER on (those with a name candidate).
The word lists are data files (``data/not_names.txt``, ``org_suffixes.txt``, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import regex
from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import zipf_frequency

from askdesk.sanitise.known_values import KNOWN_SCORE
from askdesk.sanitise.recognizers.name_lexicon import ascii_fold, fold
from askdesk.sanitise.text import normalise
from askdesk.sanitise.wordlists import load_word_list

#: runs of capitalised words (a word may carry ' ’ - inside), on one line
_CAP_RUN = regex.compile(r"(?<![\p{L}\p{M}\p{N}_'’\-])\p{Lu}[\p{L}\p{M}'’\-]*(?:[^\S\n]+\p{Lu}[\p{L}\p{M}'’\-]*)+")
_CAP_WORD = regex.compile(r"\p{Lu}[\p{L}\p{M}'’\-]*")
_NAME_WORDS = regex.compile(r"[\p{L}\p{M}]+")
_SENTENCE_BREAK = regex.compile(r"(?<=[.!?])[\"'’”)\]]*\s+|\s*\n\s*")
_CLAUSE_START = regex.compile(r"[:\]>•*]")
_GATE_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’\-]*")
_APOSTROPHE = regex.compile(r"['’]")
_POSSESSIVE = regex.compile(r"['’]s?$")
#: a capitalised name right after a greeting, sign-off or introduction: "Hi Pooja,",
#: "Thanks, Rhys", "Best,\nAisha", "It's Matthias Choi from ..."; (regex, words required)
_CUE_WORD = r"\p{Lu}\p{Ll}[\p{L}\p{M}'’\-]*(?![\p{N}_\-])"
_CUE_NAMES = (
    # greetings: the name follows directly ("Hi, People say" is no greeting of People)
    (regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?i:hi|hello|hey|dear)[^\S\n]+({_CUE_WORD}(?:[^\S\n]+{_CUE_WORD})?)"), 1),
    # sign-offs, with or without a comma, on the same or the next line
    (
        regex.compile(
            r"(?<![\p{L}\p{N}])(?i:thanks|thank\s+you|many\s+thanks|thx|cheers|regards|kind\s+regards|"
            rf"best\s+regards|best\s+wishes|best(?=,))[,!.]?\s+({_CUE_WORD}(?:[^\S\n]+{_CUE_WORD})?)"
        ),
        1,
    ),
    # introductions need a first and a last name ("It's Manchester, floor 3" is no name)
    (
        regex.compile(
            r"(?<![\p{L}\p{N}])(?i:this\s+is|my\s+name\s+is|it['’]s|i['’]m|i\s+am)"
            rf"[^\S\n]+({_CUE_WORD}[^\S\n]+{_CUE_WORD})"
        ),
        2,
    ),
    # people introduced by their role or as the subject of the request: "The new starter is
    # Catalina Vasquez", "The leaver is …", "Their name is …", "Name: …", "It's for …",
    # "on behalf of …", "Spoke to …" (first and last name required)
    (
        regex.compile(
            r"(?<![\p{L}\p{N}])(?i:starter|hire|joiner|leaver|colleague|manager|contractor|intern|candidate|"
            r"visitor|name|it['’]s\s+for|on\s+behalf\s+of|spoke\s+to|approved\s+by)"
            rf"(?:[^\S\n]+(?i:is|was))?[:,]?[^\S\n]+({_CUE_WORD}[^\S\n]+{_CUE_WORD})"
        ),
        2,
    ),
)
_NEXT_CAP_WORD = regex.compile(rf"[^\S\n]+{_CUE_WORD}")
_CUE_WORD_RE = regex.compile(_CUE_WORD)
CUE_SCORE = 0.6


#: languages whose common words are no names when NER says they are (tickets are written in them)
_COMMON_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")
#: at least this frequent (Zipf) in one of them: a common word ("link" 5.1, "config" 3.2); the
#: same threshold as the names lexicon's rare words
_COMMON_ZIPF = 3.0


@lru_cache(maxsize=65536)
def _common_anywhere(word: str) -> bool:
    return any(zipf_frequency(word, lang) >= _COMMON_ZIPF for lang in _COMMON_LANGUAGES)


class NameFinder:
    """The name heuristics over one sanitiser's word lists.  Read-only once built (one instance
    serves every thread); the known-names set is not held here but passed in per call, so each
    scrub reads one snapshot of it."""

    def __init__(
        self,
        not_names: frozenset[str],
        hmac_of: Callable[[str], str],
        result: Callable[..., Any],
    ) -> None:
        self._not_names = not_names
        self._hmac = hmac_of
        self._result = result
        self._org_suffixes = load_word_list("org_suffixes")
        self._particles = load_word_list("name_particles")
        start_common = load_word_list("gate_start_common")
        # mid-sentence, capitalised helpdesk words ("Network Operations", "Printer") are no
        # name candidates either; stop words are ("ask Will", "tell May")
        self._gate_mid = load_word_list("gate_mid_common") | not_names | start_common
        self._stop_words = frozenset(STOP_WORDS)
        self._gate_start = self._gate_mid | start_common | self._stop_words
        self._strong_names = load_word_list("given_names") | load_word_list("family_names")
        self._ambiguous_names = load_word_list("ambiguous_names")

    def _lexicon_kind(self, word: str) -> str | None:
        """"strong" for a name of the names lexicon, "ambiguous" for one that is also an
        English word ("Grace", "Link"), None for no name."""
        folded = fold(word)
        forms = (folded, ascii_fold(folded))
        if any(f in self._strong_names for f in forms):
            return "strong"
        return "ambiguous" if any(f in self._ambiguous_names for f in forms) else None

    def known_name_hits(self, text: str, name_hashes: frozenset[str]) -> list[Any]:
        """Full names whose keyed hash is in ``name_hashes`` (the known-names set), wherever they appear."""
        out: list[Any] = []
        if name_hashes:
            # runs of capitalised words ("Will Smith", "Thanks Ann Lee")
            for run in _CAP_RUN.finditer(text):
                words = [(run.start() + w.start(), run.start() + w.end()) for w in _CAP_WORD.finditer(run.group())]
                out += self._hash_hits(text, words, name_hashes)
            # runs of words of any case that are not stop words ("ask ann lee to ...")
            run_words: list[tuple[int, int]] = []
            for w in _GATE_WORD.finditer(text):
                if w.group().casefold() in self._stop_words:
                    out += self._hash_hits(text, run_words, name_hashes)
                    run_words = []
                    continue
                if run_words and text[run_words[-1][1] : w.start()].strip(" \t"):
                    out += self._hash_hits(text, run_words, name_hashes)
                    run_words = []
                run_words.append(w.span())
            out += self._hash_hits(text, run_words, name_hashes)
        return out

    def _hash_hits(self, text: str, words: list[tuple[int, int]], name_hashes: frozenset[str]) -> list[Any]:
        """Windows of 4, 3 then 2 adjacent words whose normalised keyed hash is a known name
        (4: "Hamza Van der Merwe")."""
        out: list[Any] = []
        if len(words) < 2:
            return out
        # "Ann Lee's laptop": the possessive is not part of the name
        words = [(s, e - 2) if text.endswith(("'s", "’s"), s, e) and e - s > 2 else (s, e) for s, e in words]
        i = 0
        while i < len(words) - 1:
            for size in (4, 3, 2):
                if i + size <= len(words):
                    s, e = words[i][0], words[i + size - 1][1]
                    if self._hmac(normalise(text[s:e])) in name_hashes:
                        out.append(self._result("PERSON", s, e, KNOWN_SCORE))
                        i += size
                        break
            else:
                i += 1
        return out

    def cue_names(self, text: str) -> list[Any]:
        """Names right after a greeting/sign-off/introduction cue, which the small NER model
        often misses ("Hi Pooja,", "Thanks Nathan"); words common in helpdesk text, team names
        ("Dear End User Computing") and organisations are skipped."""
        out = []
        for pattern, min_words in _CUE_NAMES:
            for m in pattern.finditer(text):
                if _NEXT_CAP_WORD.match(text, m.end(1)):
                    continue  # 3+ capitalised words: a team or a title, not a name
                start = m.start(1)
                kept: list[tuple[str, int]] = []  # (word, end offset) up to the first common word
                for w in _CUE_WORD_RE.finditer(m.group(1)):
                    if _APOSTROPHE.split(w.group(), 1)[0].casefold() in self._gate_start:
                        break
                    kept.append((w.group().casefold(), start + w.end()))
                if len(kept) < min_words or (len(kept) > 1 and kept[-1][0] in self._org_suffixes):
                    continue
                end = kept[-1][1]
                out.append(self._result("PERSON", start, end, CUE_SCORE))
        return out

    def plausible_name(self, span: str) -> bool:
        """False for NER PERSON spans that cannot be a name: digits or underscores
        ("KB5034441"), only product/IT/role words ("Citrix Workspace"), an organisation suffix
        ("Larkspur Media"), lowercase words that are no particle between capitalised ones."""
        if any(ch.isdigit() or ch in "_@/\\" for ch in span):  # KB5034441, ERR_NAME_NOT_RESOLVED
            return False
        raw = _NAME_WORDS.findall(span)
        # "Rebuilt the Outlook": capitalised words around a lowercase one that is no particle;
        # judged on whole words, so the "jun" of "Kim Min-jun" is no lowercase word
        whole = [w for w in (x.strip(".,;:'’\"()") for x in span.split()) if w]
        if any(w[0].isupper() for w in whole) and any(w.islower() and w not in self._particles for w in whole):
            return False
        words = [w.casefold() for w in raw]
        if not words or all(w in self._not_names for w in words):
            return False
        # "Registering", "Config", "Der Link", "Fehler": every word common in a language people
        # write tickets in, none a name of the names lexicon (the small English model tags
        # capitalised words of other languages and IT words as people)
        # ("Der Link", "Ran DISM": one name that is also an everyday word does not make a name;
        # a name of the lexicon that is no English word does, and so do two: "Grace Brown")
        if all(_common_anywhere(w) for w in words):
            kinds = [self._lexicon_kind(w) for w in words]
            if "strong" not in kinds and kinds.count("ambiguous") < 2:
                return False
        # a span with no capitalised word: NER guessing on lowercase text ("zurücksetzen
        # funktioniert nicht"); lowercase names are the known-names pass's job
        if not any(w[:1].isupper() for w in whole):
            return False
        # "Larkspur Media", "Bluefin Catering Ltd": organisations, not people
        return not (len(words) > 1 and words[-1] in self._org_suffixes)

    def trim_people(self, text: str, results: list[Any], forced: list[Any]) -> list[Any]:
        """Cut known-name spans out of overlapping NER PERSON spans, so "Thanks, Zebulon"
        becomes the known "Zebulon" (-> its full name's token) plus whatever is left."""
        out = []
        for r in results:
            hits = sorted((f.start, f.end) for f in forced if f.start < r.end and r.start < f.end)
            if r.entity_type != "PERSON" or not hits:
                out.append(r)
                continue
            cursor = r.start
            pieces = []
            for s, e in hits:
                pieces.append((cursor, min(s, r.end)))
                cursor = max(cursor, e)
            pieces.append((cursor, r.end))
            for s, e in pieces:
                while s < e and not text[s].isalnum():
                    s += 1
                while e > s and not text[e - 1].isalnum():
                    e -= 1
                # keep what is left if it could still be (part of) a name; not a lone "s"
                if sum(ch.isalpha() for ch in text[s:e]) >= 2:
                    out.append(self._result("PERSON", s, e, r.score))
        return out


    def ner_spans(self, text: str) -> list[tuple[int, int]]:
        """The stretches of text worth running NER on: sentences (split at . ! ? + space and at
        line breaks) holding a name candidate, adjacent ones merged."""
        spans: list[tuple[int, int]] = []
        start = 0
        bounds = [(m.start(), m.end()) for m in _SENTENCE_BREAK.finditer(text)]
        bounds.append((len(text), len(text)))
        for cut, nxt in bounds:
            if cut > start and self._has_name_candidate(text, start, cut):
                if spans and not text[spans[-1][1] : start].strip():
                    spans[-1] = (spans[-1][0], cut)
                else:
                    spans.append((start, cut))
            start = nxt
        # mostly candidates anyway: one whole doc costs less than many pieces
        if spans and sum(e - b for b, e in spans) > 0.8 * len(text):
            return [(0, len(text))]
        return spans

    def _has_name_candidate(self, text: str, start: int, end: int) -> bool:
        prev_end = start
        for m in _GATE_WORD.finditer(text, start, end):
            word = m.group()
            if word[0].isupper():
                # a sentence also starts after "Agent:", "[2025-09-08 16:20]", a bullet
                first = prev_end == start or bool(_CLAUSE_START.search(text, prev_end, m.start()))
                base = _APOSTROPHE.split(word, 1)[0].casefold()
                if base not in (self._gate_start if first else self._gate_mid):
                    return True
            prev_end = m.end()
        return False

"""Person names from many cultures, found with a name lexicon (a second detector beside NER).

The small English spaCy model misses many names that are not English ("Priya Raghunathan",
"Kim Min-jun", "Siobhán Ní Bhriain", "Thandiwe Nkosi"); no multilingual NER model can be
installed here. This recogniser looks names up instead, in lists of given and family names
from many cultures (``data/given_names.txt``, ``data/family_names.txt``, built from Faker's
person providers by ``scripts/build_name_lexicon.py``).

A name is a run of 2-4 name words on one line, each capitalised ("Priya", "O'Brien",
"Min-jun", "Al-Zahra", "McDonald", "Nguyễn"), with lowercase particles allowed inside
("van der", "de la", "bin", "ní") and capitalised ones anywhere but at the end ("Ó", "Ní",
"De", "Al").  Every word must be

* a **name** from the lexicon: a *strong* one (given/family lists: rare as an English word), or
  an *ambiguous* one (``data/ambiguous_names.txt``: also a common English word: "Grace",
  "Mark", "Bill", "Park", "Lee"), or
* an **uncommon word**: English Zipf frequency below `RARE_ZIPF` (names missing from the
  lexicon: "Raghunathan", "Bhriain"),

and at least one word must be a *strong* name.  So "Grace Period", "Mark Complete" and
"Bill Payment" are no names (a common word that is no name), "Will Smith" is left to NER (no
strong name), "Power BI" is none (all-caps words never count), a single capitalised word is
never enough, and words of the product/IT list (``not_names``) break a run ("Requester Priya
Raghunathan" -> "Priya Raghunathan").

Speed: one regex finds runs of capitalised words (lowercase text is skipped by the regex
engine); only the words of those runs are classified, with a per-process cache.  Read-only
after `load`, so one instance may serve many threads.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

import regex

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer
from askdesk.sanitise.wordlists import load_word_list

__all__ = [
    "AMBIGUOUS_NAME_ZIPF",
    "NAME_PARTICLES",
    "RARE_ZIPF",
    "NameLexiconRecognizer",
    "ascii_fold",
    "fold",
]

#: English Zipf frequency at or above which a lexicon name is also a common English word: it
#: goes to the ambiguous list (it may complete a name, never make one).  4.5 is about once in
#: 30,000 words: "grace" 4.56, "kim" 4.59, "page" 5.12 and "mark" 5.05 are above it; the
#: short and frequent names of Chinese, Korean, South Asian and Arabic speakers -- "li" 4.25,
#: "khan" 4.25, "ali" 4.31, "min" 4.42, "singh" 4.04, "wang" 3.95 -- stay below it, as do
#: English nouns that are first names less often seen in IT text ("crystal" 4.40,
#: "hunter" 4.37), which the other rules keep in check.  Used by the lexicon builder.
AMBIGUOUS_NAME_ZIPF = 4.5
#: a word missing from the lexicon may still be part of a name when rarer than this in
#: English (about once per 3 million words): "raghunathan" 1.3, "venkatesh" 2.1,
#: "lindqvist" 1.7 pass; IT words that follow a name-like product word do not:
#: "antivirus" 2.9, "endpoint" 2.9, "firmware" 3.2, "dongle" 2.6, "toner" 3.1
RARE_ZIPF = 2.5

#: words inside names that are no name themselves (written lowercase, or capitalised as
#: "De Luca", "Van Dijk", "Al Mansouri", "Ó Súilleabháin", "Ní Bhriain")
NAME_PARTICLES: frozenset[str] = frozenset(
    "van der den de la le du da di del della dos das do von zu bin binti bint ibn al el "
    "ter ten y e ní nic ó ap ben abu bat mac".split()
)
#: capitalised particles: as above, but not those that are also everyday words when
#: capitalised ("Do", "E", "Y", "Do Not Disturb")
_CAP_PARTICLES = NAME_PARTICLES - {"do", "e", "y"}
#: prefixes in front of a hyphen or apostrophe ("Al-Zahra", "O'Brien", "D'Angelo")
_PREFIXES = frozenset("al el abu abd bin ibn ben o d l n mc mac".split())

_STRONG, _WEAK, _RARE, _PARTICLE, _LOWER_PARTICLE, _BREAK = 3, 2, 1, 0, -1, -2

_LOWER = r"[\p{Ll}\p{M}]"
#: a capitalised word: "Priya", "O'Brien", "Min-jun", "Al-Zahra", "McDonald", "Nguyễn", "Ó";
#: "Priya's" (the possessive is cut off later); never all-caps ("BI", "VPN")
_CAP_WORD = rf"(?:Ma?c\p{{Lu}}{_LOWER}+|\p{{Lu}}{_LOWER}*)(?:['’\-]\p{{L}}{_LOWER}*)*(?![\p{{L}}\p{{M}}\p{{N}}_])"
_SEP = r"[ \t\u00a0]+"
_PARTICLE_RE = "|".join(sorted(NAME_PARTICLES, key=len, reverse=True))
#: runs of 2+ capitalised words on one line, lowercase particles allowed between them
_RUN = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}\p{{N}}_'’\-.@/\\]){_CAP_WORD}(?:{_SEP}(?:(?:{_PARTICLE_RE}){_SEP})*{_CAP_WORD})+"
)
_WORD = regex.compile(rf"\p{{L}}[\p{{L}}\p{{M}}]*(?:['’\-]\p{{L}}[\p{{L}}\p{{M}}]*)*")
_SPLIT = regex.compile(r"['\-]")
_POSSESSIVE = ("'s", "’s")

_ASCII_EXTRA = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h"})


def fold(word: str) -> str:
    """The form names are looked up in: NFKC, casefolded, ’ as ' ("İ" casefolds to "i")."""
    f = unicodedata.normalize("NFKC", word).casefold().replace("’", "'")
    if "\u0307" in f:  # the dot of "İ" left by casefold
        f = unicodedata.normalize("NFC", f.replace("\u0307", ""))
    return f


def ascii_fold(folded: str) -> str:
    """A folded word without diacritics: "nguyễn" -> "nguyen", "søren" -> "soren", "yılmaz" -> "yilmaz"."""
    decomposed = unicodedata.normalize("NFKD", folded.translate(_ASCII_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class NameLexiconRecognizer(SpanRecognizer):
    """PERSON spans: runs of 2-4 capitalised name words with at least one lexicon name
    that is no common English word (see the module docstring).

    ``not_names``: words never part of a name (product, IT and role words: the sanitiser's
    ``not_names`` setting); default ``data/not_names.txt``.
    """

    ENTITY = "PERSON"
    SCORE = 0.6

    def __init__(self, not_names: Iterable[str] | None = None) -> None:
        words = load_word_list("not_names") if not_names is None else not_names
        # phrases ("wi fi") count word by word, as the sanitiser reads them
        self._not_names = frozenset(fold(w) for term in words for w in term.split())
        super().__init__()  # calls load()

    def load(self) -> None:
        self._strong = load_word_list("given_names") | load_word_list("family_names")
        self._weak = load_word_list("ambiguous_names") - self._strong
        self._classify = lru_cache(maxsize=32768)(self._classify_word)
        _zipf("warm")  # loads wordfreq's English table now, not on the first text

    # -- words ------------------------------------------------------------------------------

    def _lookup(self, folded: str) -> int | None:
        plain = ascii_fold(folded)
        if folded in self._strong or plain in self._strong:
            return _STRONG
        if folded in self._weak or plain in self._weak:
            return _WEAK
        return None

    def _classify_word(self, word: str) -> int:
        """_STRONG / _WEAK name, _RARE word, _PARTICLE, or _BREAK (no part of a name)."""
        f = fold(word)
        if f in _CAP_PARTICLES:
            return _PARTICLE
        if f in self._not_names:
            return _BREAK
        kind = self._lookup(f)
        if kind is not None:
            return kind
        if "-" in f or "'" in f:
            kind = self._lookup(_SPLIT.sub("", f))  # "Minjun" written "Min-jun"
            if kind is not None:
                return kind
            kinds = []
            for part in _SPLIT.split(f):
                if not part or part in _PREFIXES:
                    continue
                if part in self._not_names:
                    return _BREAK
                k = self._lookup(part)
                if k is None:
                    k = _RARE if _zipf(part) < RARE_ZIPF else _BREAK
                if k == _BREAK:
                    return _BREAK
                kinds.append(k)
            return max(kinds) if kinds else _BREAK
        if len(f) < 2:
            return _BREAK
        return _RARE if _zipf(f) < RARE_ZIPF else _BREAK

    # -- runs -------------------------------------------------------------------------------

    def spans(self, text: str) -> Iterator[Span]:
        for run in _RUN.finditer(text):
            segment: list[tuple[int, int, int]] = []  # (kind, start, end)
            for w in _WORD.finditer(run.group()):
                word = w.group()
                start, end = run.start() + w.start(), run.start() + w.end()
                possessive = word.endswith(_POSSESSIVE) and len(word) > 3
                if possessive:
                    word, end = word[:-2], end - 2
                if word[0].islower():
                    kind = _LOWER_PARTICLE  # only particles are lowercase inside a run
                else:
                    kind = self._classify(word)
                if kind == _BREAK:
                    yield from self._name(segment)
                    segment = []
                    continue
                segment.append((kind, start, end))
                if possessive:  # "Priya Raghunathan's laptop": the name ends here
                    yield from self._name(segment)
                    segment = []
            yield from self._name(segment)

    def _name(self, segment: list[tuple[int, int, int]]) -> Iterator[Span]:
        # no particle at the end; a lowercase one cannot start a name either
        while segment and segment[-1][0] in (_PARTICLE, _LOWER_PARTICLE):
            segment = segment[:-1]
        while segment and segment[0][0] == _LOWER_PARTICLE:
            segment = segment[1:]
        names = [k for k, _, _ in segment if k > _PARTICLE]
        if 2 <= len(names) <= 4 and _STRONG in names:
            yield segment[0][1], segment[-1][2], self.SCORE


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")

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
  lexicon: "Raghunathan", "Rohit"; hyphenated words: each part below
  `HYPHEN_PART_RARE_ZIPF` or a name, "Hyun-woo", "Abdel-Rahman"),

and at least one word must be a *strong* name.  So "Grace Period", "Mark Complete" and
"Bill Payment" are no names (a common word that is no name), "Will Smith" is left to NER (no
strong name), "Power BI" is none (all-caps words never count), a single capitalised word is
never enough, very common ambiguous words may end a name ("Nguyen Van An") but not start one
("The Carter Building"), contractions are no names ("I'm"), and words of the product/IT list
(``not_names``) break a run ("Requester Priya Raghunathan" -> "Priya Raghunathan").

Speed: one regex finds runs of capitalised words (lowercase text is skipped by the regex
engine); only those runs are looked at, and words and whole runs are cached per process.
Thread-safe: the word sets are frozen after `load` and the caches are `functools.lru_cache`.
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

#: English Zipf frequency at or above which a lexicon name is also a common English word: the
#: lexicon builder puts it in the ambiguous list (it may complete a name, never make one).
#: 4.5 is about once in 30,000 words: "grace" 4.56, "kim" 4.59, "page" 5.12 and "mark" 5.05
#: are above it; the short, frequent names of Chinese, Korean, South Asian and Arabic
#: speakers -- "li" 4.25, "khan" 4.25, "ali" 4.31, "min" 4.42, "wang" 3.95 -- stay below it.
#: Rarer names that are English vocabulary ("crystal" 4.40, "hunter" 4.37, "edit", "topic")
#: are caught by the builder's second test: much more frequent in English than in other
#: languages (``scripts/build_name_lexicon.py``, `ENGLISH_BIAS_STEPS`).
AMBIGUOUS_NAME_ZIPF = 4.5
#: a word missing from the lexicon may still be part of a name when rarer than this in
#: English (about once per million words).  Common names the lexicon lacks sit just below
#: it ("karthik" 2.5, "thabo" 2.5, "aoi" 2.6, "takumi" 2.7, "kiran" 2.8, "rohit" 3.0); the
#: IT words helpdesk text capitalises mostly sit above it ("kiosk" 3.0, "sandbox" 3.0,
#: "toner" 3.1, "firewall" 3.2, "plugin" 3.3, "webcam" 3.5, "router" 3.5).  Between 2.5 and
#: 3.0 are a few ("antivirus" 2.9, "endpoint" 2.9, "dongle" 2.6): "Norton Antivirus" is
#: taken for a name unless such words are in ``not_names``.  (On the benchmark, 2.5 loses
#: 3 points of recall for one false positive fewer; 3.5 gains 1.6 points and lets "Jenkins
#: Plugin" and "Norton Firewall" through.)
RARE_ZIPF = 3.0
#: ... and the parts of a hyphenated word ("Hyun-woo": "hyun" 3.4; "Sign-in", "Pop-up",
#: "Drop-down", "Anti-Virus" have a part far more common)
HYPHEN_PART_RARE_ZIPF = 4.0

#: words inside names that are no name themselves (written lowercase, or capitalised as
#: "De Luca", "Van Dijk", "Al Mansouri", "Ó Súilleabháin", "Ní Bhriain")
NAME_PARTICLES: frozenset[str] = frozenset(
    (
        "van", "der", "den", "de", "la", "le", "du", "da", "di", "del", "della", "dos", "das", "do",
        "von", "zu", "bin", "binti", "bint", "ibn", "al", "el", "ter", "ten", "y", "e", "ní", "nic",
        "ó", "ap", "ben", "abu", "bat", "mac"
    )
)
#: capitalised particles: as above, but not those that are also everyday words when
#: capitalised ("Do", "E", "Y", "Do Not Disturb")
_CAP_PARTICLES = NAME_PARTICLES - {"do", "e", "y"}
#: prefixes in front of a hyphen or apostrophe ("Al-Zahra", "O'Brien", "D'Angelo")
_PREFIXES = frozenset(["al", "el", "abu", "abd", "bin", "ibn", "ben", "o", "d", "l", "n", "mc", "mac"])

#: word kinds: names (strong, ambiguous, ambiguous and very common), rare words, particles
_STRONG, _WEAK, _FUNCTION, _RARE, _PARTICLE, _LOWER_PARTICLE, _BREAK = 5, 4, 3, 2, 0, -1, -2
#: an ambiguous name this frequent in English ("the" 7.7, "an" 6.5, "will" 6.5) may end a
#: name ("Nguyen Van An") but not start one ("The Carter Building")
_FUNCTION_ZIPF = 6.0

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
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’\-]\p{L}[\p{L}\p{M}]*)*")
#: a signature: one capitalised word alone on the last line of a paragraph ("Thanks!\n\nPriya")
_SIGNATURE = regex.compile(rf"(?m)(?<=\n[^\S\n]*)({_CAP_WORD})[^\S\n]*[,.!]?[^\S\n]*(?=\n\s*\n|\n\[|\n*\Z)")
_SPLIT = regex.compile(r"['\-]")
_CONTRACTIONS = frozenset(("m", "re", "ve", "ll", "d", "t", "s"))
_POSSESSIVE = ("'s", "’s")

_ASCII_EXTRA = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h"}
)


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
        # runs repeat (product names, sign-offs, the same people): their names are cached too
        self._run_names = lru_cache(maxsize=16384)(self._names_in_run)
        _zipf("warm")  # loads wordfreq's English table now, not on the first text

    # -- words ------------------------------------------------------------------------------

    def _lookup(self, folded: str) -> int | None:
        plain = ascii_fold(folded)
        if folded in self._strong or plain in self._strong:
            return _STRONG
        if folded in self._weak or plain in self._weak:
            return _FUNCTION if _zipf(folded) >= _FUNCTION_ZIPF else _WEAK
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
        if "'" in f and f.rpartition("'")[2] in _CONTRACTIONS:
            return _BREAK  # "I'm", "Don't", "We'll" ("'s" is cut off before)
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
                    k = _RARE if _zipf(part) < HYPHEN_PART_RARE_ZIPF else _BREAK
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
            offset = run.start()
            for start, end in self._run_names(run.group()):
                yield offset + start, offset + end, self.SCORE
        if "\n" in text:
            # a first name signing off alone on its line: only a name of the lexicon that is no
            # English word ("Venkatesh", not "Thanks" or "Outlook")
            for m in _SIGNATURE.finditer(text):
                if self._classify(m.group(1)) == _STRONG:
                    yield m.start(1), m.end(1), self.SCORE

    def _names_in_run(self, run: str) -> tuple[tuple[int, int], ...]:
        """The names in one run of capitalised words, as (start, end) within the run."""
        out: list[tuple[int, int]] = []
        segment: list[tuple[int, int, int]] = []  # (kind, start, end)
        for w in _WORD.finditer(run):
            word, start, end = w.group(), w.start(), w.end()
            possessive = word.endswith(_POSSESSIVE) and len(word) > 3
            if possessive:
                word, end = word[:-2], end - 2
            # only particles are lowercase inside a run
            kind = _LOWER_PARTICLE if word[0].islower() else self._classify(word)
            if kind == _BREAK:
                out += _name(segment)
                segment = []
                continue
            segment.append((kind, start, end))
            if possessive:  # "Priya Raghunathan's laptop": the name ends here
                out += _name(segment)
                segment = []
        out += _name(segment)
        return tuple(out)


def _name(segment: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """The segment as a name, if it is one: 2-4 name words, at least one of them strong."""
    while segment and segment[-1][0] in (_PARTICLE, _LOWER_PARTICLE):
        segment = segment[:-1]  # no particle at the end
    while segment and segment[0][0] in (_LOWER_PARTICLE, _FUNCTION):
        segment = segment[1:]  # "van der" / "The" cannot start one
    names = [k for k, _, _ in segment if k > _PARTICLE]
    if 2 <= len(names) <= 4 and _STRONG in names:
        return [(segment[0][1], segment[-1][2])]
    return []


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")

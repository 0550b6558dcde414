"""Build the sanitiser's name lexicon from Faker's person providers (a one-off maintainer script).

    .venv/bin/pip install faker          # for this script only: Faker is no dependency of askdesk
    .venv/bin/python scripts/build_name_lexicon.py

Writes, sorted, one folded name word per line (UTF-8, a ``# source:`` header line first):

* ``askdesk/sanitise/data/given_names.txt``  -- first and middle names;
* ``askdesk/sanitise/data/family_names.txt`` -- last names;
* ``askdesk/sanitise/data/ambiguous_names.txt`` -- names of either kind that are also common
  English words ("grace", "mark", "bill", "park"): English Zipf frequency at or above
  `askdesk.sanitise.recognizers.name_lexicon.AMBIGUOUS_NAME_ZIPF` (4.5, about once in 30,000
  words; why that value is said next to it), or from Zipf 3.5 up when the word is much more
  frequent in English than in 11 other languages (`ENGLISH_BIAS_STEPS`: "crystal", "hunter",
  "edit", "valves").  The recogniser lets them complete a name but never make one.

What goes in, from every locale of ``faker.providers.person`` (Faker is MIT-licensed):

* every first/middle/last-name list written in Latin script (diacritics kept), and the
  romanised lists where Faker has them (``first_romanized_names``/``last_romanized_names`` of
  ja_JP, zh_CN and zh_TW; the romanised element of ja_JP's name pairs);
* transliterations of the Cyrillic (ru_RU, uk_UA, bg_BG, mk_MK), Greek (el_GR) and Hangul
  (ko_KR) lists, with the spelling variants seen in English-language text ("Dmitriy" /
  "Dmitry" / "Dmitrii", "Oleh" / "Oleg", "Giorgos" / "Yiorgos", "Min-jun" / "Minjun" /
  "Min-joon"); Korean family names take their customary spellings ("Kim", "Lee", "Park",
  "Choi") from the small table below.  Arabic, Persian, Hebrew, Indic, Thai, Georgian and
  Armenian script lists are skipped (no reliable transliteration without vowels or a model);
  Faker's en_IN, en_PK, en_TH, ar-speaking fr_DZ and the African locales supply Latin
  spellings of many of those names;
* each word NFKC-normalised and casefolded, plus its ASCII fold ("nguyễn" -> "nguyen",
  "søren" -> "soren") and German/Nordic fold ("müller" -> "mueller"); hyphenated and
  apostrophised names are stored joined ("min-jun" -> "minjun", "o'brien" -> "obrien"), as
  the recogniser looks them up.

What is dropped: multi-word entries are split into words; words that are no plain name word
(digits, punctuation, one letter, an inner capital such as "tSithigh"), name particles
("van", "de", "bin": the recogniser handles them), and the sanitiser's product/IT words
(``data/not_names.txt``: "teams", "edge", "power", "chrome"), which are not even ambiguous.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import re
import statistics
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from askdesk.sanitise.recognizers.name_lexicon import (
    AMBIGUOUS_NAME_ZIPF,
    NAME_PARTICLES,
    ascii_fold,
    fold,
)
from askdesk.sanitise.wordlists import load_word_list

DATA = ROOT / "askdesk" / "sanitise" / "data"
#: at most this many spelling variants per transliterated name
MAX_VARIANTS = 4
#: ... and per Korean given name (two syllables of up to three spellings each: "Hyeon-u",
#: "Hyun-woo")
MAX_KOREAN_VARIANTS = 12
#: languages an English word is compared with (`english_bias`)
BIAS_LANGUAGES = ("de", "fr", "es", "it", "nl", "pt", "pl", "sv", "fi", "tr", "id")
#: (Zipf floor, English bias): a name at least this frequent in English and at least this much
#: more frequent in English than elsewhere is ambiguous too.  From the lists themselves: at
#: Zipf 4.0-4.5 a bias >= 0.5 is nearly all English vocabulary ("edit", "topic", "hunt",
#: "crystal") while names stay below it ("khan" 0.4, "ali" 0.0, "min" -0.3, "li" -0.1); at
#: 3.5-4.0 the same holds from 1.0 ("valves", "handy", "orchard" vs "wang", "chen", "jun")
ENGLISH_BIAS_STEPS = ((4.0, 0.5), (3.5, 1.0))
_PLAIN = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "å": "aa", "æ": "ae"})

# ---------------------------------------------------------------------------------------------
# transliteration: each letter (or digraph) -> its spellings, the usual one first

_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e|yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y|i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh|h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu|iu", "я": "ya|ia",
    "ий$": "iy|y|ii|i", "ый$": "yy|y", "ья": "ya|ia", "кс": "ks|x", "^е": "ye|e",
}
_UK = {
    **_RU, "г": "h|g", "ґ": "g", "е": "e", "є": "ye|ie", "и": "y|i", "і": "i", "ї": "yi|i",
    "ій$": "iy|ii|i", "ія": "iia|iya|ia", "'": "", "’": "", "^е": "e",
}
_BG = {**_RU, "ъ": "a|u", "щ": "sht", "х": "h", "ь": "y", "ий$": "iy|i", "^е": "e"}
_MK = {
    **_BG, "ѓ": "gj", "ѕ": "dz", "ј": "j", "љ": "lj", "њ": "nj", "ќ": "kj", "џ": "dzh|dz",
    "ц": "c|ts", "ч": "ch|c", "ш": "sh|s", "ж": "zh|z",
}
_EL = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x|ks", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y|i", "φ": "f", "χ": "ch|h", "ψ": "ps", "ω": "o",
    "ου": "ou", "αι": "ai|e", "ει": "ei|i", "οι": "oi|i", "αυ": "av|af", "ευ": "ev|ef",
    "^μπ": "b", "μπ": "mp|b", "^ντ": "d", "ντ": "nt|d", "γγ": "ng", "^γκ": "g", "γκ": "gk|nk|g",
    "γχ": "nch", "τσ": "ts", "τζ": "tz", "^γι": "gi|yi|y", "γι": "gi|yi",
}


def _translit(word: str, table: dict[str, str]) -> list[str]:
    """Spelling variants of a lowercase word (longest match first; ^ = word start, $ = end)."""
    options: list[list[str]] = []
    i = 0
    while i < len(word):
        for size in (3, 2, 1):
            piece = word[i : i + size]
            if len(piece) < size:
                continue
            keys = ([f"^{piece}"] if i == 0 else []) + ([f"{piece}$"] if i + size == len(word) else []) + [piece]
            key = next((k for k in keys if k in table), None)
            if key is not None:
                options.append(table[key].split("|"))
                i += size
                break
        else:
            options.append([word[i]])  # a letter the table lacks: kept, then rejected as non-Latin
            i += 1
    return ["".join(p) for p in itertools.islice(itertools.product(*options), MAX_VARIANTS)]


def _greek(word: str) -> list[str]:
    # a dialytika keeps two vowels apart ("Νικολαΐδης" = ni-ko-la-i-dis): mark it, then drop accents
    decomposed = unicodedata.normalize("NFD", word.lower())
    decomposed = decomposed.replace("ι\u0308", "\x01").replace("υ\u0308", "\x02")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    out = _translit(plain, {**_EL, "\x01": "i", "\x02": "i"})
    return out


# Korean: Revised Romanisation per syllable, with the spellings people also use
_KO_INITIAL = ["g|k", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_KO_MEDIAL = [
    "a", "ae", "ya", "yae", "eo|u", "e", "yeo|yu", "ye", "o", "wa", "wae", "oe", "yo", "u|oo", "wo", "we",
    "wi", "yu|yoo", "eu", "ui|ee|i", "i",
]
_KO_FINAL = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
             "t", "ng", "t", "t", "k", "t", "p", "t"]  # fmt: skip
#: customary spellings of Korean family names (Revised Romanisation for the rest)
_KO_FAMILY = {
    "김": "kim gim", "이": "lee yi rhee", "박": "park pak bak", "정": "jung jeong chung", "최": "choi choe",
    "조": "cho jo", "강": "kang", "윤": "yoon yun", "장": "jang chang", "임": "lim im", "한": "han",
    "오": "oh", "서": "seo suh", "신": "shin sin", "권": "kwon gwon", "황": "hwang", "안": "ahn an",
    "송": "song", "류": "ryu yoo", "전": "jeon jun chun", "홍": "hong", "고": "ko go", "문": "moon mun",
    "양": "yang", "손": "son sohn", "배": "bae", "백": "baek paik", "허": "heo huh", "유": "yoo yu",
    "남": "nam", "심": "shim sim", "노": "noh roh", "하": "ha", "곽": "kwak gwak", "성": "sung seong",
    "차": "cha", "주": "joo ju", "우": "woo", "구": "koo gu", "나": "na ra", "민": "min", "진": "jin",
    "지": "ji", "엄": "eom um",
}


def _hangul_syllable(ch: str) -> list[str]:
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return [ch]
    initial, medial, final = code // 588, (code % 588) // 28, code % 28
    out = []
    for a in _KO_INITIAL[initial].split("|"):
        for b in _KO_MEDIAL[medial].split("|"):
            if a == "" and b == "u|oo":
                b = "u|woo"  # 우: "Hyun-woo", "Ji-woo"
            for bb in b.split("|"):
                out.append(a + bb + _KO_FINAL[final])
    return out


def _korean_given(name: str) -> list[str]:
    syllables = [_hangul_syllable(ch) for ch in name]
    spellings = [list(p) for p in itertools.islice(itertools.product(*syllables), MAX_KOREAN_VARIANTS)]
    out = []
    for parts in spellings:
        out += ["-".join(parts), "".join(parts)]  # "min-jun", "minjun"
    return out


def _korean_family(name: str) -> list[str]:
    if name in _KO_FAMILY:
        return _KO_FAMILY[name].split()
    return ["".join(p) for p in itertools.islice(itertools.product(*(_hangul_syllable(c) for c in name)), 4)]


_TRANSLIT = {
    "ru_RU": lambda w: _translit(w.lower(), _RU),
    "uk_UA": lambda w: _translit(w.lower(), _UK),
    "bg_BG": lambda w: _translit(w.lower(), _BG),
    "mk_MK": lambda w: _translit(w.lower(), _MK),
    "el_GR": _greek,
}

# ---------------------------------------------------------------------------------------------
# collecting


def _strings(value: object) -> Iterator[str]:
    """The strings of a Faker list: tuples, lists, weighted OrderedDicts, ja_JP's (kanji, kana, romaji) pairs."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key in value:
            yield from _strings(key)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _strings(item)


def _kind(attribute: str) -> str | None:
    """'given' / 'family' for a name-list attribute of a person provider ("first_names",
    "first_romanized_names", "middle_names_male", "last_name_pairs", "unisex_last_names"), else None."""
    # is_IS's last_names_without_suffix are patronymic stems ("Jóns" of "Jónsdóttir"), no names
    if attribute.startswith("_") or "name" not in attribute:
        return None
    if any(x in attribute for x in ("kana", "format", "prefix", "suffix", "language")):
        return None
    if "first" in attribute or "middle" in attribute:
        return "given"
    if "last" in attribute:
        return "family"
    return None


def _is_latin(word: str) -> bool:
    letters = (ch for ch in word if not unicodedata.combining(ch) and ch not in "'-")
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)


def collect() -> tuple[dict[str, set[str]], dict[str, int]]:
    """Raw name words per kind ('given', 'family'), and how many came from each locale."""
    from faker.providers import person

    words: dict[str, set[str]] = {"given": set(), "family": set()}
    per_locale: dict[str, int] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(person.__path__)):
        provider = importlib.import_module(f"faker.providers.person.{module}").Provider
        before = sum(map(len, words.values()))
        for attribute in dir(provider):
            kind = _kind(attribute)
            value = getattr(provider, attribute, None)
            if kind is None or callable(value):
                continue
            for entry in _strings(value):
                for word in entry.replace("’", "'").split():
                    word = unicodedata.normalize("NFC", word)
                    if module == "ko_KR":
                        variants = (_korean_family if kind == "family" else _korean_given)(word)
                    elif module in _TRANSLIT and not _is_latin(word):
                        variants = _TRANSLIT[module](word)
                    else:
                        variants = [word]
                    words[kind].update(v for v in variants if _is_latin(v))
        per_locale[module] = sum(map(len, words.values())) - before
    return words, per_locale


def forms(word: str) -> set[str]:
    """The folded forms a name word is looked up by: as written, ASCII-folded and German-folded;
    a hyphenated or apostrophised name joined ("min-jun" -> "minjun": the recogniser joins
    what it reads the same way, so "Min-jun" and "Minjun" both match)."""
    f = re.sub(r"['\-]", "", fold(word))
    return {f, ascii_fold(f), ascii_fold(f.translate(_GERMAN))}


def _written_like_a_name(word: str) -> bool:
    """Capitals only at the start and after ' or - ("O'Brien", "Min-Jun", "McDonald"); Faker's
    all-caps Wade-Giles lists ("CHIA-HAO") pass; "tSithigh" (Irish eclipsis) does not."""
    if word.isupper():
        return True
    body = re.sub(r"^(?:Mac|Mc)(?=[A-Z])", "", word)
    return not any(ch.isupper() and i > 0 and body[i - 1] not in "'-" for i, ch in enumerate(body))


def plain_name_word(word: str, not_names: frozenset[str]) -> bool:
    letters = sum(ch.isalpha() for ch in word)
    return (
        bool(_PLAIN.fullmatch(word))
        and letters >= 2
        and word == word.lower()
        and word not in NAME_PARTICLES
        and word not in not_names
        and not any(part in not_names for part in re.split(r"['\-]", word))
    )


def english_bias(word: str) -> float:
    """How much more frequent a word is in English than in other languages written in Latin
    script (Zipf, English minus the median of the others): names travel between languages,
    English vocabulary mostly does not ("singh" 0.6, "wang" 0.3, "hunter" 0.6, "valves" 1.7)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") - statistics.median(zipf_frequency(word, lang) for lang in BIAS_LANGUAGES)


def is_ambiguous(word: str) -> bool:
    """A name that is also a common English word: Zipf >= AMBIGUOUS_NAME_ZIPF, or a little
    rarer but English-specific (see `ENGLISH_BIAS_STEPS`)."""
    from wordfreq import zipf_frequency

    zipf = zipf_frequency(word, "en")
    if zipf >= AMBIGUOUS_NAME_ZIPF:
        return True
    return any(zipf >= floor and english_bias(word) >= bias for floor, bias in ENGLISH_BIAS_STEPS)


def build(raw: dict[str, set[str]]) -> dict[str, list[str]]:
    not_names = frozenset(w for term in load_word_list("not_names") for w in term.split())
    lists: dict[str, set[str]] = {"given_names": set(), "family_names": set(), "ambiguous_names": set()}
    for kind, words in raw.items():
        for word in words:
            if not _written_like_a_name(word):
                continue
            for form in forms(word):
                if not plain_name_word(form, not_names):
                    continue
                lists["ambiguous_names" if is_ambiguous(form) else f"{kind}_names"].add(form)
    return {name: sorted(words) for name, words in lists.items()}


def main() -> None:
    import faker

    raw, per_locale = collect()
    lists = build(raw)
    header = f"# source: Faker {faker.VERSION} person providers (MIT), built by scripts/build_name_lexicon.py\n"
    notes = {
        "given_names": "# first and middle names, folded (NFKC + casefold; also without diacritics, ' and -)\n",
        "family_names": "# family names, folded (NFKC + casefold; also without diacritics, ' and -)\n",
        "ambiguous_names": (
            f"# names that are also common English words (English Zipf >= {AMBIGUOUS_NAME_ZIPF}, or >= 3.5 and"
            " English-specific); they complete a name, never make one\n"
        ),
    }
    for name, words in lists.items():
        path = DATA / f"{name}.txt"
        path.write_text(header + notes[name] + "".join(w + "\n" for w in words), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(words)} words, {path.stat().st_size / 1024:.0f} KiB")
    print("raw words per locale:", ", ".join(f"{k} {v}" for k, v in per_locale.items() if v))


if __name__ == "__main__":
    main()

"""Typos in the words the rules read ("hwo many critcal tickets"), corrected to the nearest
known word at edit distance one (a transposition counts as one edit).

Only tokens that are not already words the rules or the data know, nor common English words
(``wordfreq``'s Zipf frequency of 4 or more: "too", "wait", "walk" are words, "teh", "wat",
"requets" are not), are touched, and only towards words the rules use (intents, states) or words
of the data's values, the most frequent candidate first; a misspelt *topic* word stays as it was
(full-text search and the embedder cope with those).
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from functools import lru_cache

from wordfreq import zipf_frequency

from askdesk.answering.understand.text import Token

_LETTERS = string.ascii_lowercase + string.digits


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return deletes | transposes | replaces | inserts


#: "how" with a letter dropped or swapped, read as "how" only before these words
_HOW_DROPS = frozenset(["hw", "ho", "hwo", "hiw", "hoe", "hpw"])
_AFTER_HOW = frozenset(["many", "much", "long", "often", "come"])

#: Zipf frequency from which a token is an English word, not a typo (4 = once per 100,000 words)
WORD_ZIPF = 4.0


@lru_cache(maxsize=50_000)
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


def _is_swap(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


class TypoFixer:
    def __init__(self, targets: Iterable[str], known: Iterable[str]) -> None:
        """``targets``: words a typo may be corrected to; ``known``: words left as they are."""
        self.targets = {w for w in targets if len(w) >= 3 and w.isalpha()}
        self.known = set(known) | self.targets

    def fix(self, toks: list[Token], skip: set[int]) -> list[Token]:
        out = []
        for k, t in enumerate(toks):
            word = t.norm
            if word in _HOW_DROPS and k + 1 < len(toks) and toks[k + 1].norm in _AFTER_HOW:
                out.append(Token("how", t.start, t.end, t.raw))  # "hw many", "hw long"
                continue
            if k in skip or len(word) < 3 or word in self.known or not word.isalpha() or _zipf(word) >= WORD_ZIPF:
                out.append(t)
                continue
            # not an inflection ("update" / "updated", "vpn" / "vpns"): those are words, not typos
            hits = [w for w in _edits1(word) & self.targets
                    if w[0] == word[0] and not (w.startswith(word) or word.startswith(w))]
            if hits:
                # a swap of two letters is the likeliest typo, then a letter too many or too few
                best = max(hits, key=lambda w: (_is_swap(word, w), _zipf(w), w))
                out.append(Token(best, t.start, t.end, t.raw))
            else:
                out.append(t)
        return out

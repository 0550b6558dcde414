"""Typos in the words the rules read ("hwo many critcal tickets"), corrected to the nearest
known word at edit distance one (a transposition counts as one edit).

Only tokens that are not already words the rules or the data know are touched, and only towards
words the rules use (intents, states) or words of the data's values, so a misspelt *topic* word
stays as it was (full-text search and the embedder cope with those).
"""

from __future__ import annotations

import string
from collections.abc import Iterable

from askdesk.answering.understand.text import Token

_LETTERS = string.ascii_lowercase + string.digits


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return deletes | transposes | replaces | inserts


class TypoFixer:
    def __init__(self, targets: Iterable[str], known: Iterable[str]) -> None:
        """``targets``: words a typo may be corrected to; ``known``: words left as they are."""
        self.targets = {w for w in targets if len(w) >= 3 and w.isalpha()}
        self.known = set(known) | self.targets

    def fix(self, toks: list[Token], skip: set[int]) -> list[Token]:
        out = []
        for k, t in enumerate(toks):
            word = t.norm
            if k in skip or len(word) < 3 or word in self.known or not word.isalpha():
                out.append(t)
                continue
            # not an inflection ("update" / "updated", "vpn" / "vpns"): those are words, not typos
            hits = sorted(w for w in _edits1(word) & self.targets
                          if w[0] == word[0] and not (w.startswith(word) or word.startswith(w)))
            out.append(Token(hits[0], t.start, t.end, t.raw) if len(hits) == 1 else t)
        return out

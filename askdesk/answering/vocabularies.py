"""The vocabulary, and the parser built on it, that each visibility's questions are read with.

A viewer's questions are understood against the values *their* visible requests hold: a value
that only hidden requests have must be as unknown as a value no request has (the rules don't
recognise it, the LLM plan's prompt and schema don't list it, nothing is counted by it).  So each
visibility, by :meth:`~askdesk.access.Visibility.key` (its hidden scopes), gets a vocabulary read
over its visible requests (:meth:`Vocabulary.load`), with its own parser, built on first use and
kept; the least recently used are dropped beyond ``max_keys``.  Every visibility that hides
nothing (no policy, an admin, a viewer granted every scope) shares the unrestricted one, which is
always held.

Thread safety: a vocabulary and its parser are one :class:`Understanding`, replaced whole, so a
question uses the pair it started with.  Look-ups take a short lock; a missing key is loaded under
a second lock (one load at a time, never while holding the first); :meth:`Vocabularies.reload`
(after an index run) re-reads every key held and swaps the whole set in at once, and a load that
began before the swap is used for its question but not kept (it read the old data).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import sqlalchemy as sa

from askdesk.access import EVERYTHING, Visibility
from askdesk.answering.understand import QuestionParser
from askdesk.answering.vocabulary import Vocabulary

Key = tuple[str, ...]


@dataclass(frozen=True)
class Understanding:
    """A vocabulary and the parser built on it, always swapped together."""

    #: the visibility it was read for (its hidden scopes; who asked is not kept)
    visibility: Visibility
    vocabulary: Vocabulary
    parser: QuestionParser


def _understanding(visibility: Visibility, vocab: Vocabulary) -> Understanding:
    return Understanding(visibility, vocab, QuestionParser(vocab))


class Vocabularies:
    """The :class:`Understanding` of each visibility (see the module docstring)."""

    def __init__(self, engine: sa.Engine, unrestricted: Vocabulary | None = None, *, max_keys: int = 32) -> None:
        """``unrestricted``: the vocabulary over every request, if the caller has it (else read)."""
        self.engine = engine
        self.max_keys = max(1, max_keys)
        self._lock = threading.Lock()  # guards _held and _generation
        self._load_lock = threading.Lock()  # one load of a missing key at a time
        self._generation = 0
        vocab = unrestricted if unrestricted is not None else Vocabulary.load(engine, EVERYTHING)
        self._held: OrderedDict[Key, Understanding] = OrderedDict({(): _understanding(EVERYTHING, vocab)})

    def _load(self, visibility: Visibility) -> Understanding:
        # only the hidden scopes matter (the key); the basis and grants name who asked
        kept = Visibility(hidden=visibility.hidden) if visibility.restricted else EVERYTHING
        return _understanding(kept, Vocabulary.load(self.engine, kept))

    def get(self, visibility: Visibility) -> Understanding:
        """The pair ``visibility``'s questions are read with (loaded on its first question)."""
        key = visibility.key()
        with self._lock:
            found = self._held.get(key)
            if found is not None:
                self._held.move_to_end(key)
                return found
        with self._load_lock:
            with self._lock:  # another thread may have loaded it while this one waited
                found = self._held.get(key)
                if found is not None:
                    return found
                generation = self._generation
            made = self._load(visibility)
            with self._lock:
                if generation == self._generation:
                    self._held[key] = made
                    self._evict()
            return made

    def _evict(self) -> None:
        while len(self._held) > self.max_keys:
            oldest = next(k for k in self._held if k != ())  # the unrestricted one is always kept
            del self._held[oldest]

    def keys(self) -> list[Key]:
        with self._lock:
            return list(self._held)

    def reload(self, unrestricted: Vocabulary | None = None) -> None:
        """Re-read every vocabulary held (after an index run) and swap the new set in whole;
        questions go on with the old ones meanwhile."""
        with self._lock:
            held = [u.visibility for u in self._held.values()]
        vocab = unrestricted if unrestricted is not None else Vocabulary.load(self.engine, EVERYTHING)
        fresh: OrderedDict[Key, Understanding] = OrderedDict({(): _understanding(EVERYTHING, vocab)})
        for visibility in held:
            if visibility.restricted:
                fresh[visibility.key()] = self._load(visibility)
        with self._lock:
            self._held = fresh
            self._generation += 1

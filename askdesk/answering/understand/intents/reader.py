"""Reading a question's metric: the count and list rules, then each family of metric in turn
(:mod:`.measures`, :mod:`.ordering`, :mod:`.grouping`), each consuming the words it used."""

from __future__ import annotations

from askdesk.answering.understand.fields import FieldNames
from askdesk.answering.understand.intents.grouping import read_group
from askdesk.answering.understand.intents.guess import IntentGuess
from askdesk.answering.understand.intents.measures import read_duration, read_share, read_trend
from askdesk.answering.understand.intents.ordering import read_limit, read_order
from askdesk.answering.understand.intents.words import COUNT_WORDS, LIST_STARTS
from askdesk.answering.understand.text import Token
from askdesk.answering.understand.words import REQUEST_NOUNS
from askdesk.answering.vocabulary import Vocabulary


class IntentReader:
    """Reads the metric of questions against one :class:`Vocabulary`; stateless, shared by threads."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.names = FieldNames(vocab)

    def read(self, toks: list[Token], available: set[int]) -> IntentGuess:
        words = [t.norm if k in available else "\x00" for k, t in enumerate(toks)]
        g = IntentGuess()

        def take(*idx: int) -> None:
            g.consumed.update(k for k in idx if 0 <= k < len(words))

        def has(i: int, seq: tuple[str, ...]) -> bool:
            return tuple(words[i:i + len(seq)]) == seq

        n = len(words)
        for i in range(n):
            for seq in COUNT_WORDS:
                if has(i, seq):
                    if seq in (("total",),) and i + 1 < n and words[i + 1] in ("time", "duration", "hours", "days"):
                        continue
                    if seq == ("counting",) and i > 0 and words[i - 1] == "not":
                        continue  # "not counting remote": a negation
                    g.intent, g.explicit = "count", True
                    take(*range(i, i + len(seq)))
        read_duration(self.names, words, g, take)
        if g.intent != "duration":
            read_share(words, g, take)
        read_trend(words, g, take)
        if g.intent not in ("duration", "share", "trend"):
            read_order(words, g, take)
        if g.intent not in ("share", "trend", "list"):
            read_group(self.names, words, g, take)
        if g.intent is None:
            for i, w in enumerate(words):
                if w in ("which", "what") and i + 1 < n and words[i + 1] in REQUEST_NOUNS:
                    g.intent, g.explicit = "list", True  # "which requests were resolved yesterday?"
                    take(i)
                    break
                if w in LIST_STARTS and (i == 0 or words[i - 1] in ("me", "can", "you", "pls", "please", "\x00")):
                    g.intent, g.explicit = "list", True
                    take(i)
                    if i + 1 < n and words[i + 1] in ("me", "all", "the", "every"):
                        take(i + 1)
                    break
        read_limit(self.names, words, g, take)
        return g

"""Which parts of a question are pasted content: the marked pastes (:func:`pasted_spans`) and,
in a long message, the sentences that ask nothing (:func:`narrative_spans`), unless the rest
asks for a number or a list.

"We had an outage this weekend. How many VPN tickets since Friday?" is a count with a sentence
of context; "Teams has no audio. I have a deadline today." is a ticket pasted as it is, to
search for, and its "today" is no filter.
"""

from __future__ import annotations

from collections.abc import Callable

from askdesk.answering.understand.intents import IntentReader
from askdesk.answering.understand.text import Token, blank, merge_spans, narrative_spans, pasted_spans, tokens


def pasted_parts(low: str, intents: IntentReader,
                 as_request_nouns: Callable[[list[Token]], list[Token]]) -> tuple[list[tuple[int, int]], bool]:
    """The pasted spans of ``low`` (the lower-cased question), and whether the message is a long
    one that asks for no number or list (a paste, as a whole, if its questions can't be read)."""
    pasted = pasted_spans(low)
    told = narrative_spans(blank(low, pasted))
    if not told:
        return pasted, False
    rest = as_request_nouns(tokens(blank(low, merge_spans(pasted + told))))
    guess = intents.read(rest, set(range(len(rest))))
    # "give me access to GitHub" asks a person for something; "give me the open ones" asks for a list
    if guess.explicit and (guess.intent != "list" or any(t.norm in ("requests", "ones", "them") for t in rest)):
        return pasted, False
    return merge_spans(pasted + told), True

"""Negated values: "not", "excluding", "other than", "isn't …" in the few words before a value,
and a negation carried over a list ("not resolved or closed")."""

from __future__ import annotations

from itertools import pairwise

from askdesk.answering.understand.text import Token
from askdesk.answering.understand.values.found import Found
from askdesk.answering.understand.words import LIST_JOINERS, NEGATIONS, REQUEST_NOUNS

NEG_SINGLE = frozenset(n for n in NEGATIONS if " " not in n)
NEG_DOUBLE = frozenset(tuple(n.split()) for n in NEGATIONS if " " in n)
#: words that may stand between a negation and its value ("not in HR", "isn't yet resolved")
BRIDGE = frozenset("""
in the a an be been being are is was were yet status state from at by of for to assigned any currently still marked
set as with under handled owned raised submitted opened created logged filed reported sitting come came coming
through via over on into using that which who ones sent emailed received counting
""".split()) | LIST_JOINERS  # noqa: SIM905


def negation_before(toks: list[Token], start: int, available: set[int], names: set[str]) -> set[int]:
    """The tokens of a negation in the few words before ``start`` (empty: not negated)."""
    j = start - 1
    steps = 0
    # a bridge word another rule read ("time *to* resolve requests not assigned *to* …") still bridges
    while j >= 0 and steps < 7 and (j in available or toks[j].norm in BRIDGE):
        word = toks[j].norm
        if word in NEG_SINGLE and j in available:
            return {j}
        if j > 0 and (toks[j - 1].norm, word) in NEG_DOUBLE and {j - 1, j} <= available:
            return {j - 1, j}
        if word not in BRIDGE and word not in REQUEST_NOUNS and word not in names:
            return set()
        j -= 1
        steps += 1
    return set()


def carry_negation(found: list[Found], toks: list[Token]) -> None:
    """Negation found before the first value of a list carries over the list's values."""
    for prev, cur in pairwise(found):
        if prev.negate and not cur.negate and prev.field == cur.field:
            between = [t.norm for t in toks[prev.end:cur.start]]
            if all(w in LIST_JOINERS or w in ("yet", "still") for w in between):
                cur.negate = True

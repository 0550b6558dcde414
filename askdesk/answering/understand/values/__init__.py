"""Filter values in a question, mapped onto the vocabulary: which field, which values, negated
or not, and whether the question uses them as a filter (a cue) or only as words.

The vocabulary's phrase index finds every value a run of words names (longest first: "awaiting
user info" is one status, not "awaiting" + the words "user info"); a phrase that several fields
share is given to the field the question names next to it ("high impact", "at Location 143",
"assigned to Group 24"), else to the request's own columns first.  Negation is read from the
few words before a value ("not", "excluding", "other than", "isn't …") and carries over a list
("not resolved or closed").  "open" / "unresolved" mean every unfinished status the data has.
"""
from askdesk.answering.understand.values.finder import ValueFinder
from askdesk.answering.understand.values.found import Found

__all__ = ["Found", "ValueFinder"]

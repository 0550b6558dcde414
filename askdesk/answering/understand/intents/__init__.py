"""What a question asks for: the metric (count, ordered list, counts per field, duration
statistics, trend, share), its grouping field, order, limit and date field.

Rules over word tokens, written against the *data's* field names (any ``[metadata]`` column
can be grouped by: "which location reported the most incidents?", "tickets per channel"), not
against one export's phrasing.  Every token a rule uses is reported as consumed, so the words
left over are either the topic or, when they change the meaning ("oldest", "average", "not"),
the part of the question askdesk did not understand.
"""

from askdesk.answering.understand.intents.guess import IntentGuess
from askdesk.answering.understand.intents.reader import IntentReader
from askdesk.answering.understand.intents.words import RULE_WORDS

__all__ = ["RULE_WORDS", "IntentGuess", "IntentReader"]

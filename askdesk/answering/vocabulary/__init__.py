"""The values that exist in the requests table, and the words people use for them.

Question understanding maps the user's words onto *these* values — every status, category,
priority and every ``[metadata]`` column's values (location, channel, assignment group, …),
whatever the export calls them — and onto the request-id shapes seen in the data, so filters
only ever carry values the database already holds.  Nothing here is specific to one export:
the fields are discovered from the table (``extra`` JSONB keys), the values are read with their
counts, and which statuses mean "finished" is learnt from the data (status names, and the share
of each status's rows that have a resolved date) unless the mapping says so.

Matching is by normalised word n-grams (:attr:`Vocabulary.phrase_index`), so its cost does not
grow with the number of values: a question of 20 words costs ~100 dictionary look-ups.

* :mod:`.model` — the :class:`Vocabulary` and its look-ups;
* :mod:`.load` — reading it from the database;
* :mod:`.learn` — what the data teaches: finished statuses, id prefixes that name a value;
* :mod:`.phrases` — which phrases name which values;
* :mod:`.words` — the everyday words for values, and text normalisation.
"""

from askdesk.answering.ids import IdShape, id_parts, id_pattern, learn_id_shapes, normalise_id, shown_id
from askdesk.answering.vocabulary.learn import learn_closed_statuses, learn_prefix_values
from askdesk.answering.vocabulary.model import Vocabulary
from askdesk.answering.vocabulary.phrases import ValueRef
from askdesk.answering.vocabulary.words import normalise

__all__ = ["IdShape", "ValueRef", "Vocabulary", "id_parts", "id_pattern", "learn_closed_statuses", "learn_id_shapes",
           "learn_prefix_values",
           "normalise", "normalise_id", "shown_id"]

"""What the LLM sees of a request (:func:`context_for`): the start of its description, then how
it was resolved or its latest update, within a budget of characters."""

from __future__ import annotations

from askdesk.answering.search_answer.resolution import latest_update, resolution_detail
from askdesk.answering.search_answer.state import request_state
from askdesk.answering.search_answer.text import Row, _cut, _sentences
from askdesk.answering.search_answer.text_fields import description_of


def context_for(row: Row, max_chars: int = 450) -> str:
    """What the LLM should see of a request (``ContextItem.text``), for any export: the start of
    its description, then "Resolution: …" (:func:`resolution_detail`; "Closed without a recorded
    fix: …" when it records none) or "Not resolved yet; latest update: …", within ``max_chars``."""
    res = resolution_detail(row)
    state = request_state(row)
    tail = ""
    if res is not None:
        label = "Resolution" if res.kind == "fix" else (
            "Cancelled" if state == "cancelled" else "Closed without a recorded fix")
        tail = f"{label}: {_cut(res.text, max_chars // 2)}"
    elif state == "open":
        update = latest_update(row)
        tail = "Not resolved yet" + (f"; latest update: {_cut(update.text, max_chars // 2)}" if update else ".")
    budget = max(40, max_chars - len(tail) - 1)
    sentences = _sentences(description_of(row))
    description = ""
    for sentence in sentences:  # whole sentences while they fit, else a cut one
        candidate = f"{description} {sentence}".strip()
        if len(candidate) > budget:
            description = description or _cut(sentence, budget)
            break
        description = candidate
    return description + (f"\n{tail}" if tail else "")

"""Search answers that help: the matching requests and how each was resolved, in the requests'
own words (no LLM), plus the check of the LLM's short lead.

A search answer has two parts:

* the **extractive part** (:func:`compose_extractive`), built by code from the retrieved rows:
  each matching request (or group of requests about the same issue) with its id, title, status
  and resolution; when the question asks how something was fixed, the best resolved match's fix
  comes first.  It is exact and deterministic, so the engine can stream it at once;
* an optional **lead** of one or two sentences written by the LLM in the assistant's voice and
  citing ids in [brackets], kept only when :func:`check_lead` passes it.

Everything here is pure (no database, no model): functions of ``facts.fetch_requests`` row dicts
and :class:`~askdesk.answering.retrieve.Hit` objects.  Exports name their columns differently,
so text fields are recognised by the *words* in their names (``close_notes``, ``CloseNotes``,
``Resolution``, ``u_fix_description``, ``work_notes`` …), never by one export's column names.
"""

from __future__ import annotations

from askdesk.answering.search_answer.compose import ExtractiveAnswer, asks_for_fix, compose_extractive
from askdesk.answering.search_answer.context import context_for
from askdesk.answering.search_answer.grouping import group_same_issue, same_issue
from askdesk.answering.search_answer.lead import LeadCheck, check_lead
from askdesk.answering.search_answer.resolution import (
    Resolution,
    Update,
    latest_update,
    resolution_detail,
    resolution_of,
)
from askdesk.answering.search_answer.state import request_state
from askdesk.answering.search_answer.text_fields import field_kind

__all__ = [
    "ExtractiveAnswer",
    "LeadCheck",
    "Resolution",
    "Update",
    "asks_for_fix",
    "check_lead",
    "compose_extractive",
    "context_for",
    "field_kind",
    "group_same_issue",
    "latest_update",
    "request_state",
    "resolution_detail",
    "resolution_of",
    "same_issue",
]

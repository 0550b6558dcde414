"""Who may see what: restricted scopes of requests, the identity and place an answer is for, and
the SQL conditions that keep hidden requests out of every query.

* `policy`: the access policy file (restricted scopes, each defined by request fields, and who
  may see it), validated at start.
* `viewer`: who asks and where the answer will be read (a channel, a DM, an ephemeral reply,
  App Home, the terminal), and the `Visibility` that follows from the policy.
* `sql`: `Visibility` as WHERE conditions on the requests table and on the vector table's
  metadata, so hidden requests are never read, counted or retrieved (not filtered afterwards).
"""

from askdesk.access.policy import AccessPolicy, AccessPolicyError, Grant, Scope, load_policy
from askdesk.access.sql import requests_in_scope, visible_chunks, visible_requests
from askdesk.access.viewer import (
    EVERYTHING,
    SILENT_REPLY,
    Place,
    ScopeDecision,
    Viewer,
    Visibility,
    decide,
    trainable,
    training_visibility,
    visibility_for,
    visibility_from_record,
)

__all__ = [
    "EVERYTHING",
    "SILENT_REPLY",
    "AccessPolicy",
    "AccessPolicyError",
    "Grant",
    "Place",
    "Scope",
    "ScopeDecision",
    "Viewer",
    "Visibility",
    "decide",
    "load_policy",
    "requests_in_scope",
    "trainable",
    "training_visibility",
    "visibility_for",
    "visibility_from_record",
    "visible_chunks",
    "visible_requests",
]

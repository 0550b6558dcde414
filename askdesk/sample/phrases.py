"""The generic phrase pools: description sentences, comments and PII mentions (``data/*.toml``)."""

from __future__ import annotations

from .catalogue import load
from .text import PiiTemplate, pii_templates

_PHRASES = load("phrases.toml")
_COMMENTS = load("comments.toml")
_PII = load("pii.toml")

# description building blocks (PII-free) ----------------------------------------------------------
OPENERS_EMAIL: tuple[str, ...] = _PHRASES["openers_email"]
OPENERS_PORTAL: tuple[str, ...] = _PHRASES["openers_portal"]
OPENERS_CHAT: tuple[str, ...] = _PHRASES["openers_chat"]
OPENERS_PHONE: tuple[str, ...] = _PHRASES["openers_phone"]
OPENERS_WALKIN: tuple[str, ...] = _PHRASES["openers_walk_in"]
CLOSERS: tuple[str, ...] = _PHRASES["closers"]
CLOSERS_CHAT: tuple[str, ...] = _PHRASES["closers_chat"]
ONSET_IT: tuple[str, ...] = _PHRASES["onset_it"]
ONSET_GEN: tuple[str, ...] = _PHRASES["onset_general"]
IMPACT_IT: tuple[str, ...] = _PHRASES["impact_it"]
IMPACT_GEN: tuple[str, ...] = _PHRASES["impact_general"]
URGENCY: tuple[str, ...] = _PHRASES["urgency"]
URGENCY_REQ: tuple[str, ...] = _PHRASES["urgency_request"]
TRIED_IT: tuple[str, ...] = _PHRASES["tried_it"]
TRIED_GEN: tuple[str, ...] = _PHRASES["tried_general"]
DETAIL_GEN: tuple[str, ...] = _PHRASES["details"]
REQ_CONTEXT: tuple[str, ...] = _PHRASES["request_context"]

# comments (PII-free but for ACK) -------------------------------------------------------------------
C_CHASE: tuple[str, ...] = _COMMENTS["chase"]
C_ESCALATE: tuple[str, ...] = _COMMENTS["escalate"]
C_HOLD_IT: tuple[str, ...] = _COMMENTS["hold_it"]
C_HOLD_GEN: tuple[str, ...] = _COMMENTS["hold_general"]
C_PENDING: tuple[str, ...] = _COMMENTS["pending"]
C_THANKS: tuple[str, ...] = _COMMENTS["thanks"]
C_NORESP: tuple[str, ...] = _COMMENTS["no_response"]
C_CANCEL_R: tuple[str, ...] = _COMMENTS["cancel_requester"]
C_CANCEL_A: tuple[str, ...] = _COMMENTS["cancel_agent"]
C_RESOLVED_GEN: tuple[str, ...] = _COMMENTS["resolved_general"]
#: The agent's questions, each with the requester replies that answer it, where neither the
#: category nor the subcategory has its own.
C_INFO_GEN: tuple[tuple[str, tuple[str, ...]], ...] = tuple((q["ask"], q["replies"]) for q in _COMMENTS["questions"])

# PII-bearing templates (keys in braces that are PII are recorded in planted_pii) --------------------
#: pool name -> templates with their PII slots: description mentions by kind, signatures, the
#: agent's acknowledgement, and comment mentions by author ("c_req_<kind>", "c_agent_<kind>").
P: dict[str, tuple[PiiTemplate, ...]] = {name: pii_templates(v) for name, v in {
    **_PII["mentions"],
    "sign_short": _PII["signatures"]["short"], "sign_full": _PII["signatures"]["full"], "ack": _COMMENTS["ack"],
    **{f"c_req_{k}": v for k, v in _PII["comments"]["requester"].items()},
    **{f"c_agent_{k}": v for k, v in _PII["comments"]["agent"].items()},
}.items()}
ACK = P["ack"]
TITLE_NEWSTARTER = pii_templates(_PII["titles"]["newstarter"])
TITLE_LEAVER = pii_templates(_PII["titles"]["leaver"])
#: the kinds of PII mention that can go into the description or the comments
PII_MENTIONS = ("other", "email", "phone", "emp")

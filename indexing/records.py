"""The two shapes a request takes on its way into the index.

``RequestRow`` is what the mapping makes of one source row: typed, validated, but still holding
raw text and PII.  ``SanitisedRequest`` is what leaves the sanitiser and is the *only* shape that
may be written anywhere (requests table, docstore, vector store, logs).  Keeping them as two
distinct types means a code path cannot store a ``RequestRow`` by accident: the storage
functions only accept ``SanitisedRequest``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime


def first_sentence(text: str, limit: int = 80) -> str:
    """A title for a request that has none: its first sentence, cut at a word within ``limit``."""
    text = " ".join(text.split())
    m = re.match(r"(.+?[.!?])(?:\s|$)", text)
    head = m.group(1) if m and len(m.group(1)) <= limit else text
    if len(head) > limit:
        head = head[:limit].rsplit(" ", 1)[0] + "…"
    return head


@dataclass(frozen=True)
class RequestRow:
    """One parsed source row, before sanitisation (contains PII: never store or log it)."""

    request_id: str
    title: str
    #: free-text fields in mapping order, e.g. {"description": ..., "comments": ...}
    texts: dict[str, str]
    status: str | None
    category: str | None
    priority: str | None
    created_at: datetime | None
    updated_at: datetime
    resolved_at: datetime | None
    #: PII columns to replace with consistent pseudonyms, e.g. {"requester": "Ann Lee"}
    pseudonymise: dict[str, str | None]
    #: PII columns that are dropped; their values are still used to scrub the free text
    drop: dict[str, str | None]
    #: extra filterable metadata columns (not PII), e.g. {"assignment_group": "Service Desk"}
    extra: dict[str, str | None]
    #: where the row came from, for quarantine and error messages ("line 17", "row 4021")
    position: str
    #: keyed hash of the raw row content; equal hash = unchanged row (skip re-sanitising)
    source_hash: str
    #: the requester's e-mail or login (the mapping's ``[identity]`` column): PII, used only to
    #: scrub the row's text; ``requester_key`` is what is stored
    identity: str | None = None
    #: keyed hash of ``identity`` (``askdesk.access.requester``); None: no identity column or value
    requester_key: str | None = None

    def known_pii(self) -> list[str]:
        """The row's own PII values: they must be removed from its free text even if NER misses them."""
        values = [*self.pseudonymise.values(), *self.drop.values(), self.identity]
        return list(dict.fromkeys(v for v in values if v))


@dataclass(frozen=True)
class SanitisedRequest:
    """A request with every PII value removed or pseudonymised: safe to store and show."""

    request_id: str
    title: str
    texts: dict[str, str]
    status: str | None
    category: str | None
    priority: str | None
    created_at: datetime | None
    updated_at: datetime
    resolved_at: datetime | None
    #: pseudonym tokens, e.g. {"requester": "person_3fa9c2d1"}
    people: dict[str, str | None]
    extra: dict[str, str | None]
    source_hash: str
    #: PII entities found and removed in this request, by entity type
    pii_found: Counter[str] = field(default_factory=Counter)
    #: keyed hash of who raised it (``RequestRow.requester_key``), never the identity itself
    requester_key: str | None = None

    @property
    def body(self) -> str:
        """Title and free text as one readable block: what gets embedded and shown."""
        texts = [t.strip() for t in self.texts.values() if t and t.strip()]
        title = self.title.strip()
        # a title derived from the text (exports without one) is not repeated
        if title and texts and title == first_sentence(texts[0]):
            title = ""
        return "\n\n".join(p for p in [title, *texts] if p)


@dataclass(frozen=True)
class Quarantined:
    """A source row that could not be used, with why and where; stored, reported, never fatal."""

    position: str
    reason: str
    #: the request id if one could be read (sanitised: ids are not PII)
    request_id: str | None = None

"""Sanitised request rows -> LlamaIndex Documents with stable ids and filterable metadata.

The document id is the request id, so the docstore's UPSERTS strategy can tell new, changed and
unchanged requests apart.  Metadata values are strings (dates as ISO-8601) because
PGVectorStore filters compare strings.  Only the category is embedded with the text; the rest
of the metadata is for filters and citations.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from llama_index.core.schema import Document

#: metadata keys that go into the embedded text (topic words help retrieval; ids and dates don't)
EMBED_METADATA_KEYS = ("category", "subcategory")
#: metadata keys an LLM prompt may show next to a chunk
LLM_METADATA_KEYS = ("request_id", "title", "status", "category", "priority", "created_at")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def request_metadata(row: Mapping[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "request_id": row["request_id"],
        "title": row["title"],
        "status": row["status"],
        "category": row["category"],
        "priority": row["priority"],
        "created_at": _iso(row["created_at"]),
        "updated_at": _iso(row["updated_at"]),
        "resolved_at": _iso(row["resolved_at"]),
    }
    for role, token in (row["people"] or {}).items():
        meta.setdefault(role, token)
    for name, value in (row["extra"] or {}).items():
        meta.setdefault(name, value)
    return {k: v for k, v in meta.items() if v is not None}


def request_document(row: Mapping[str, Any]) -> Document:
    """One requests-table row (sanitised) as a Document whose id is the request id."""
    meta = request_metadata(row)
    return Document(
        id_=row["request_id"],
        text=row["body"],
        metadata=meta,
        excluded_embed_metadata_keys=[k for k in meta if k not in EMBED_METADATA_KEYS],
        excluded_llm_metadata_keys=[k for k in meta if k not in LLM_METADATA_KEYS],
    )

"""Request rows -> sanitised requests: the indexing side of the shared sanitiser."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from indexing.records import RequestRow, SanitisedRequest


def sanitise_rows(sanitiser: Any, rows: Sequence[RequestRow]) -> list[SanitisedRequest]:
    """Rows -> requests safe to store (temporary: delegates to the sanitiser while it moves)."""
    return sanitiser.sanitise_rows(rows)

"""Small text helpers shared by the sanitiser's parts."""

from __future__ import annotations

import re
import unicodedata

from askdesk.errors import AskdeskError

#: texts longer than this are analysed in pieces (spaCy's max_length, memory)
MAX_CHUNK = 100_000
EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_WS = re.compile(r"\s+")


class SanitiseError(AskdeskError, RuntimeError):
    """Sanitising failed. The message never contains the text or any PII value."""


def normalise(value: str) -> str:
    """The form a value is hashed in: NFKC, casefolded, whitespace collapsed, end punctuation stripped."""
    v = unicodedata.normalize("NFKC", value).casefold()
    v = _WS.sub(" ", v).strip()
    return EDGE_PUNCT.sub("", v)


def split_long(text: str, limit: int = MAX_CHUNK) -> list[str]:
    """Pieces of at most ~limit characters, cut after whitespace (joined back by "".join)."""
    if len(text) <= limit:
        return [text]
    out = []
    start = 0
    while len(text) - start > limit:
        cut = max(text.rfind("\n", start, start + limit), text.rfind(" ", start, start + limit))
        cut = cut + 1 if cut > start else start + limit
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out

"""Small text helpers shared by the search answer's modules (sentences, trimming, field-name words)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

Row = Mapping[str, Any]

_ABBREVIATIONS = re.compile(r"(?:\b(?:e\.g|i\.e|etc|approx|vs|no|nr|incl|mr|mrs|ms|dr|st|ref|ca|cf)\.|\b[A-Za-z]\.)$",
                            re.IGNORECASE)


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def _sentences(text: str) -> list[str]:
    """Sentences of one paragraph (a full stop followed by a space and a capital/digit/quote ends
    one; abbreviations such as "e.g." and version numbers such as "6.2.1" do not)."""
    parts = re.split(r"(?<=[.!?])\s+(?=[\"'“(\[]?[A-Z0-9])", _squash(text))
    out: list[str] = []
    for part in parts:
        if out and _ABBREVIATIONS.search(out[-1]):
            out[-1] += " " + part
        elif part:
            out.append(part)
    return out


def _cut(text: str, max_chars: int) -> str:
    text = _squash(text)
    if len(text) <= max_chars:
        return text
    return text[: max_chars - 1].rsplit(" ", 1)[0].rstrip(",;:-–") + "…"


def _trim(text: str, max_sentences: int = 2, max_chars: int = 240) -> str:
    """The first sentence or two, within ``max_chars`` (exact words; cut at a word if needed)."""
    return _cut(" ".join(_sentences(text)[:max_sentences]), max_chars)


def _name_words(name: str) -> list[str]:
    """``close_notes`` / ``CloseNotes`` / ``Close notes`` / ``u_close-notes`` -> words."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(name))
    return [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]



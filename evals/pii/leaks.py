"""Finding planted values in any output, and scoring a sanitiser on both corpora: which planted values
survive (:func:`score_canaries`) and how much of a clean text was wrongly replaced
(:func:`replaced_token_share`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from evals.pii.records import CanaryRequest, Planted


@dataclass(frozen=True)
class Leak:
    planted: Planted
    needle: str


class Haystack:
    """Any output (tables, logs, prompts, JSON files) searched for needles.

    Case-insensitive (Postgres' tsvector lowercases), NFC, with JSON/C escapes (``\\n``, ``\\"``)
    read as spaces.  A needle matches at token edges: one that starts or ends with a digit must not
    touch another digit (or a decimal point before it), so the PIN 482913 is not found inside the
    embedding 0.4829137; one that starts or ends with a letter must not touch another letter.
    """

    _ESCAPES = re.compile(r"\\+(?:u[0-9a-fA-F]{4}|[nrtbf\"'/])")

    def __init__(self, text: str) -> None:
        self.text = self._ESCAPES.sub(" ", unicodedata.normalize("NFC", text)).casefold()

    @staticmethod
    def pattern(needle: str) -> re.Pattern[str]:
        n = unicodedata.normalize("NFC", needle).casefold()
        before = r"(?<![\d.])" if n[0].isdigit() else r"(?<!\w)" if n[0].isalnum() else ""
        after = r"(?![\d])(?!\.\d)" if n[-1].isdigit() else r"(?!\w)" if n[-1].isalnum() else ""
        return re.compile(before + re.escape(n) + after)

    def find(self, needle: str) -> bool:
        n = unicodedata.normalize("NFC", needle).casefold()
        return n in self.text and bool(self.pattern(needle).search(self.text))

    def leaks(self, planted: Iterable[Planted]) -> list[Leak]:
        """The planted values with a needle in this text (the first needle found for each)."""
        out = []
        for p in planted:
            for needle in p.needles:
                if self.find(needle):
                    out.append(Leak(p, needle))
                    break
        return out


@dataclass(frozen=True)
class CanaryScore:
    """Which planted values a sanitiser removed: per kind, planted and missed (by request id)."""

    planted: Counter[str]
    missed: tuple[tuple[str, Leak], ...]

    def missed_by_kind(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for request_id, leak in self.missed:
            of = f" (of {leak.planted.value!r})" if leak.needle != leak.planted.value else ""
            out.setdefault(leak.planted.kind, []).append(f"{request_id} [{leak.planted.context}] {leak.needle!r}{of}")
        return dict(sorted(out.items()))

    def recall(self, kind: str | None = None) -> float:
        missed = Counter(leak.planted.kind for _rid, leak in self.missed)
        planted = self.planted[kind] if kind else sum(self.planted.values())
        lost = missed[kind] if kind else sum(missed.values())
        return (planted - lost) / planted if planted else 1.0


def score_canaries(requests: Sequence[CanaryRequest], scrubbed: Sequence[str], kinds: Iterable[str]) -> CanaryScore:
    """``scrubbed[i]``: the scrubbed text of ``requests[i]``; only the planted values of ``kinds`` count.
    A value is missed when any of its needles is still in its ticket (a full name replaced while
    its first name survives in the sign-off is missed: the person is still named)."""
    wanted = set(kinds)
    planted: Counter[str] = Counter()
    missed: list[tuple[str, Leak]] = []
    for request, out in zip(requests, scrubbed, strict=True):
        values = [p for p in request.text_planted if p.kind in wanted]
        planted.update(p.kind for p in values)
        missed += [(request.request_id, leak) for leak in Haystack(out).leaks(values)]
    return CanaryScore(planted, tuple(missed))


_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
#: what the sanitiser writes in place of a value: removed before the scrubbed text is tokenised,
#: so "<IP>" never counts as the word "IP" surviving
_REPLACEMENT = re.compile(r"<[A-Z][A-Z_]*>|person_[0-9a-f]{8}")


def tokens(text: str) -> list[str]:
    """Whitespace-separated words with punctuation stripped from both ends (empty ones dropped)."""
    return [t for t in (_EDGE.sub("", w) for w in text.split()) if t]


@dataclass(frozen=True)
class TokenShare:
    total: int
    lost: Counter[str]

    @property
    def replaced(self) -> int:
        return sum(self.lost.values())

    @property
    def share(self) -> float:
        return self.replaced / self.total if self.total else 0.0


def replaced_token_share(originals: Sequence[str], scrubbed: Sequence[str]) -> TokenShare:
    """Tokens of the originals that do not survive unchanged in their scrubbed texts, over all
    tokens of the originals.  Per text, as multisets: a token that occurs twice and survives once
    counts once as replaced; replacement markers (``<SECRET>``, ``person_1a2b3c4d``) are not words."""
    if len(originals) != len(scrubbed):
        raise ValueError("one scrubbed text per original")
    total = 0
    lost: Counter[str] = Counter()
    for original, out in zip(originals, scrubbed, strict=True):
        before = Counter(tokens(original))
        after = Counter(tokens(_REPLACEMENT.sub(" ", out)))
        total += sum(before.values())
        lost.update(before - after)
    return TokenShare(total, lost)

"""Request ids: the shapes the data's ids take, finding them in questions, writing them in answers.

Learnt from the indexed ids, never configured: ``REQ-`` + 6 digits, ``INC`` + 7 zero-padded
digits, or plain numbers (Zendesk's ``48213``).  Pure functions of text; no database.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class IdShape:
    """One shape of request id seen in the data: prefix, separator, digit count."""

    prefix: str  # e.g. "REQ"
    separator: str  # e.g. "-" or ""
    digits: int  # typical digit count (for zero padding)
    padded: bool  # ids are zero-padded to ``digits``


_ID_RE = re.compile(r"^([A-Za-z]*)([-_ ]?)(\d+)$")
#: words before a plain-number id ("ticket 48213", "zd #48213", "case no. 48213")
_NUMBER_ID_CUES = r"tickets?|tkts?|tix|requests?|reqs?|rqs|cases?|incidents?|issues?|id|zd|zendesk|fd|sr|no|nr|number"


def learn_id_shapes(ids: list[str]) -> tuple[IdShape, ...]:
    """The id shapes that cover the data (e.g. ``REQ-`` + 6 digits, ``INC`` + 7 zero-padded)."""
    by_prefix: dict[tuple[str, str], Counter[int]] = {}
    padded: dict[tuple[str, str], bool] = {}
    for rid in ids:
        m = _ID_RE.match(rid.strip())
        if not m:
            continue
        key = (m.group(1).upper(), m.group(2) if m.group(1) else "")
        by_prefix.setdefault(key, Counter())[len(m.group(3))] += 1
        if m.group(3).startswith("0"):
            padded[key] = True
    shapes = []
    for (prefix, sep), lengths in sorted(by_prefix.items(), key=lambda kv: -sum(kv[1].values())):
        if sum(lengths.values()) < max(1, len(ids) // 50):  # ignore stray shapes
            continue
        digits = lengths.most_common(1)[0][0]
        shapes.append(IdShape(prefix, sep, digits, padded.get((prefix, sep), False)))
    return tuple(shapes)


def id_pattern(shapes: tuple[IdShape, ...]) -> re.Pattern[str] | None:
    """A regex finding ids of these shapes in free text, tolerant of case and separators; read a
    match with :func:`id_parts`.

    Ids with a prefix (``REQ-1234``, ``inc45``) are found anywhere.  Plain-number ids (Zendesk's
    ``48213``) are found after ``#`` or a word for a request ("ticket 48213", "zd 48213"), or
    alone when the number has the data's digit count and is not a quantity, a year or a date
    ("status of 48213", "48213 priority?")."""
    if not shapes:
        return None
    parts = []
    lettered = sorted({re.escape(s.prefix) for s in shapes if s.prefix}, key=len, reverse=True)
    if lettered:
        parts.append(rf"(?<![A-Za-z0-9])(?P<prefix>{'|'.join(lettered)})[-_ #]?(?P<digits>\d{{1,12}})(?![A-Za-z0-9])")
    numeric = [s.digits for s in shapes if not s.prefix]
    if numeric:
        lo, hi = max(3, min(numeric) - 1), max(numeric) + 1
        # after "#" always; after a word only when it is not a year ("tickets 2025 vs 2026")
        cued = (rf"(?:(?<![\w#])#\s?|\b(?:{_NUMBER_ID_CUES})\.?\s*(?:#|no\.?|nr\.?|number|id)?\s*[:#]?\s*"
                r"(?!(?:19|20)\d\d\b))")
        alone = "|".join(rf"\d{{{n}}}" for n in sorted(set(numeric)))
        not_a_quantity = (r"(?<![\w#.,/:-])(?<!top )(?<!last )(?<!first )(?<!than )(?<!over )(?<!under )"
                          r"(?<!about )(?<!around )")
        parts.append(rf"{cued}(?P<num>\d{{{lo},{hi}}})(?![\w.,/:-]*\d)(?!\s*%)")
        parts.append(rf"{not_a_quantity}(?P<bare>(?!(?:19|20)\d\d\b)(?:{alone}))(?![\w.,/:%-])"
                     r"(?!\s*(?:%|percent|days?|hours?|hrs?|h\b|minutes?|mins?|weeks?|months?|years?|tickets|requests|"
                     r"incidents|cases|issues|tix|items|rows))")
    return re.compile("|".join(parts), re.IGNORECASE)


def id_parts(m: re.Match[str]) -> tuple[str, str]:
    """(prefix, digits) of an :func:`id_pattern` match (the prefix is "" for plain-number ids)."""
    groups = m.groupdict()
    if groups.get("digits"):
        return groups["prefix"], groups["digits"]
    return "", groups.get("num") or groups.get("bare") or ""


def shown_id(request_id: str) -> str:
    """An id as answers write it: plain-number ids get a ``#`` ("#48213"), as helpdesks show them."""
    return f"#{request_id}" if request_id.isdigit() else request_id


def normalise_id(prefix: str, digits: str, shapes: tuple[IdShape, ...]) -> str:
    """``req 1234`` -> ``REQ-1234``; ``inc45`` -> ``INC0000045`` when the data pads ids."""
    for s in shapes:
        if s.prefix == prefix.upper():
            number = digits.zfill(s.digits) if s.padded and len(digits) < s.digits else digits
            return f"{s.prefix}{s.separator}{number}"
    return f"{prefix.upper()}{digits}"

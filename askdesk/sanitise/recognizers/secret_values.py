"""Is this string a secret value, or an ordinary word that happens to follow "password"?

"The password is Tr0ub4dor&3x" holds a secret; "the password is expired", "Password: reset
done", "PIN pad" do not. The judgement: placeholders and common words are no secrets; strings
that mix letters with digits or symbols are; a plain word is one only if it is rare in English.
`looks_like_reference` tells ticket, KB and asset numbers apart (for keys that may name them).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from wordfreq import zipf_frequency

#: already replaced (re-scrubbing stored text), or obviously withheld
_PLACEHOLDER = re.compile(
    r"<[A-Z_]+>|person_[0-9a-f]{8}|[*x•.#_\-]{3,}|\[?(?:redacted|removed|hidden|sent separately)\]?|n/?a|none|null|tbc|tbd",
    re.IGNORECASE,
)
_HAS_DIGIT = re.compile(r"\d")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_HAS_SYMBOL = re.compile(r"[^\w\s]")
_DATE_OR_TIME = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?", re.IGNORECASE)
#: a plain word this frequent in English is no password ("expired", "correct", "same")
COMMON_WORD_ZIPF = 3.0


@lru_cache(maxsize=65536)
def _common_word(word: str) -> bool:
    return zipf_frequency(word.casefold(), "en") >= COMMON_WORD_ZIPF


def looks_like_secret(value: str, *, after_joiner: bool, digits_alone: bool = False) -> bool:
    """True if ``value`` (one token, or a quoted phrase) reads as a secret.

    ``after_joiner``: the value follows "is" / ":" / "=" after a secret word, so a rare plain
    word counts ("the password is Zanzibar"); without a joiner ("password Zanzibar") the value
    must carry a digit or a symbol. ``digits_alone``: the secret word takes all-digit values
    (PIN, codes).
    """
    v = value.strip()
    if len(v) < 4 or len(v) > 200 or _PLACEHOLDER.fullmatch(v):
        return False
    if " " in v:  # a quoted passphrase
        return after_joiner and len(v) >= 8
    if _DATE_OR_TIME.fullmatch(v):
        return False
    has_digit = bool(_HAS_DIGIT.search(v))
    has_letter = bool(_HAS_LETTER.search(v))
    if has_digit and not has_letter:
        return digits_alone or (after_joiner and not _HAS_SYMBOL.search(v) and len(v) >= 6)
    # a symbol inside counts ("Pa$$word"); sentence punctuation at the end does not ("tickets?")
    if has_digit or _HAS_SYMBOL.search(v.strip("-'’").rstrip("?!")):
        return True
    # a plain word: a secret only when it is no common English word (and has a joiner)
    return after_joiner and not _common_word(v)


#: a helpdesk reference, not a secret: ticket, change, KB and asset numbers (INC0012345,
#: CHG0031234, HD-4512, KB5034441, LT-04512) and Windows error codes (0x80070005)
_REFERENCE = re.compile(r"[A-Z]{2,6}-?\d{3,10}|0x[0-9A-Fa-f]{8}")


def looks_like_reference(value: str) -> bool:
    """True for a ticket/change/KB/asset number or a Windows error code (whole value)."""
    return bool(_REFERENCE.fullmatch(value.strip()))


def shannon_entropy(value: str) -> float:
    """Bits per character (the measure detect-secrets' entropy plugins use)."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def high_entropy(value: str, *, min_length: int = 16, min_bits: float = 3.2) -> bool:
    """A long random-looking token: letters and digits mixed, high entropy per character."""
    return (
        len(value) >= min_length
        and bool(_HAS_DIGIT.search(value))
        and bool(_HAS_LETTER.search(value))
        and shannon_entropy(value) >= min_bits
    )

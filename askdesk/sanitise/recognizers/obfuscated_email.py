"""E-mail addresses written to dodge scrapers: "jane dot doe at example dot com",
"jane.doe [at] example [dot] com", "jane(at)example.com".

A match needs an obfuscated "at" or "dot" (or a plain " at " whose left side cannot be an
ordinary word: "sign in at portal.example.com" is no address) and a known top-level domain at
the end, so prose such as "look at the logs dot txt" stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from wordfreq import zipf_frequency

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer

_DOT = r"(?:\s*(?:\[dot\]|\(dot\)|\{dot\}|<dot>)\s*|\s+dot\s+|\.)"
_AT = r"(?P<at>\s*(?:\[at\]|\(at\)|\{at\}|<at>|\[@\]|\(@\))\s*|\s+at\s+|@)"
_WORD = r"[A-Za-z0-9_%+-]+"
_EMAIL = re.compile(
    rf"(?<![\w.@-])(?P<local>{_WORD}(?:{_DOT}{_WORD}){{0,3}}){_AT}(?P<domain>{_WORD}(?:{_DOT}{_WORD}){{1,4}})(?![\w@-]|\.\w)",
    re.IGNORECASE,
)
_TLD = re.compile(
    r"(?:com|org|net|edu|gov|mil|int|io|co|uk|us|de|fr|es|it|nl|be|ch|at|se|no|dk|fi|ie|pt|pl|cz|ru|ua|vn|cn|jp|kr|in|au|nz|ca|"
    r"br|mx|ar|za|ng|ke|gh|sg|my|ph|id|th|tr|ae|sa|il|eu|info|biz|local|corp|internal|lan|intranet|example)$",
    re.IGNORECASE,
)
_OBFUSCATED = re.compile(r"\[|\(|\{|<|\bdot\b|\bat\b", re.IGNORECASE)
_LAST_LABEL = re.compile(rf"{_WORD}$")


@lru_cache(maxsize=16384)
def _ordinary_word(word: str) -> bool:
    return zipf_frequency(word.casefold(), "en") >= 3.0


class ObfuscatedEmailRecognizer(SpanRecognizer):
    ENTITY = "EMAIL_ADDRESS"
    SCORE = 0.8

    def spans(self, text: str) -> Iterator[Span]:
        lowered = text.casefold()
        if " at " not in lowered and "dot" not in lowered and "(at)" not in lowered and "[at]" not in lowered and "{at}" not in lowered and "<at>" not in lowered and "@)" not in lowered and "@]" not in lowered:
            return
        # search on from the next word after a rejected match: in "reach me at jane dot doe at
        # example dot com" the first match ("me at jane dot doe") hides the address behind it
        pos = 0
        while (m := _EMAIL.search(text, pos)) is not None:
            if self._address(m):
                yield m.start(), m.end(), self.SCORE
                pos = m.end()
            else:
                pos = m.start() + 1

    @staticmethod
    def _address(m: re.Match[str]) -> bool:
        if not _OBFUSCATED.search(m.group()):
            return False  # a plain address: the e-mail recogniser's job
        label = _LAST_LABEL.search(m.group("domain"))
        if not label or not _TLD.fullmatch(label.group()):
            return False
        local = m.group("local")
        plain_at = m.group("at").strip().casefold() == "at"
        plain_dots = "dot" not in m.group().casefold() and not re.search(r"[\[\(\{<]", m.group())
        # "sign in at portal.example.com"
        return not (plain_at and plain_dots and "." not in local and "_" not in local and _ordinary_word(local))

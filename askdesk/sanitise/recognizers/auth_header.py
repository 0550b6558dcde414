"""Credentials in HTTP authorisation form: ``Bearer <token>``, ``Basic <base64>``, ``token <token>``.

A token mixes letters and digits: "Bearer authentication" (a word) and "Business Basic
16.0.17928.20114" (a version) are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer

_AUTH = re.compile(r"(?<![\w-])(?:bearer|basic|token|apikey|api-key)\s+(?P<value>[A-Za-z0-9\-._~+/]{12,}=*)", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d")
_HAS_LETTER = re.compile(r"[A-Za-z]")


class AuthHeaderRecognizer(SpanRecognizer):
    ENTITY = "SECRET"
    SCORE = 0.95

    def spans(self, text: str) -> Iterator[Span]:
        for m in _AUTH.finditer(text):
            value = m.group("value")
            # "Bearer authentication", "token expiration" are words; "Basic 16.0.17928.20114" a version
            if _HAS_DIGIT.search(value) and _HAS_LETTER.search(value):
                yield m.start("value"), m.end("value"), self.SCORE

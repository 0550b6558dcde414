"""Phone numbers: the common shapes by regex, the rest by `phonenumbers` on candidates only."""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from askdesk.sanitise.recognizers.base import make_result


class ShapedPhoneRecognizer(PhoneRecognizer):
    """Phone numbers: regexes for the common shapes (incl. fictional 555 / Ofcom drama
    numbers that `phonenumbers` rejects as invalid), then Presidio's `phonenumbers`
    matcher on the remaining phone-like candidates only (it costs 0.2-0.7 ms per
    candidate and region, too much to run over whole texts)."""

    SHAPES = (
        # +CC then 2-6 groups: +44 20 7946 0958, +1-415-555-2671, +49 (0)30 901820
        re.compile(r"(?<![\w+])\+\d{1,3}(?:[ .\-]?\(?\d{1,5}\)?){2,6}(?![\w\-]|\.\d)"),
        # NANP: (555) 123-4567, 555-123-4567, 555.123.4567
        re.compile(r"(?<![\w.\-])\(?\d{3}\)?[ .\-]\d{3}[ .\-]\d{4}(?![\w\-]|\.\d)"),
        # trunk-prefixed national numbers: 020 7946 0958, 07700 900123, 07700900123,
        # (02) 5550 3504, 030 23125123
        re.compile(r"(?<![\w.\-])(?:0\d{1,4}|\(0\d{1,4}\))[ \-]?\d{3,4}[ \-]?\d{3,4}(?![\w\-]|\.\d)"),
        # pairs after a trunk 0 (France, Belgium, Morocco...): 01 99 00 47 46, 06.12.34.56.78
        re.compile(r"(?<![\w.\-])0\d([ .\-])\d{2}(?:\1\d{2}){3}(?![\w\-]|\.\d)"),
    )
    SHAPE_SCORE = 0.5
    CANDIDATE = re.compile(r"(?<![\w.\-])[+(]?\d[\d \t().\-/]{5,}\d(?![\w\-])")
    DOTTED = re.compile(r"\d+(?:\.\d+)+")  # versions, IPs: never phone numbers here
    DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}(?!\d)")

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        results = []
        taken: list[tuple[int, int]] = []
        for shape in self.SHAPES:
            for m in shape.finditer(text):
                if 9 <= sum(ch.isdigit() for ch in m.group()) <= 15:
                    taken.append(m.span())
                    results.append(self._result(m.start(), m.end(), self.SHAPE_SCORE))
        for cand in self.CANDIDATE.finditer(text):
            s, e = cand.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            digits = sum(ch.isdigit() for ch in cand.group())
            if digits < 7 or self.DOTTED.fullmatch(cand.group().strip()) or self.DATE.match(cand.group().lstrip("(+")):
                continue
            start, end = max(0, s - 2), min(len(text), e + 2)
            for r in super().analyze(text[start:end], entities, nlp_artifacts):
                results.append(self._result(r.start + start, r.end + start, r.score))
        return results

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return make_result(self, "PHONE_NUMBER", start, end, score)

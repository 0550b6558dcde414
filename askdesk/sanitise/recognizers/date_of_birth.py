"""Dates of birth: a date right after a birth word ("DOB: 12/03/1985", "born on 4 July 1990",
"Geburtsdatum 12.03.1985", "né le 3 mars 1979", "ngày sinh 12/03/1985"), and the dates in a
table column headed so ("| Name | DOB |").

Other dates stay: incident dates, due dates and "created on" are what people ask about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer, table_cells

_MONTHS = (
    r"jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|f[ée]v(?:rier)?|mar(?:ch|s|zo)?|m[äa]rz|apr(?:il)?|avr(?:il)?|abr(?:il)?|"
    r"may|mai|mayo|maggio|jun(?:e|i|io)?|juin|jul(?:y|i|io)?|juil(?:let)?|aug(?:ust)?|ao[ûu]t|ago(?:sto)?|"
    r"sep(?:t(?:ember)?)?|sept(?:embre)?|septiembre|settembre|oct(?:ober|obre)?|okt(?:ober)?|ottobre|"
    r"nov(?:ember|embre)?|dec(?:ember)?|d[ée]c(?:embre)?|dez(?:ember)?|dic(?:iembre|embre)?|gen(?:naio)?|"
    r"ene(?:ro)?|febrero|febbraio|marzo|aprile|junio|julio|luglio|agosto|diciembre|enero"
)
_DATE = (
    r"(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|er|º)?\.?\s+(?:of\s+|de\s+)?(?:{_MONTHS})\.?,?\s+(?:de\s+)?\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_BIRTH = (
    r"date\s+of\s+birth|d\.?\s?o\.?\s?b\.?|birth\s*date|birthday|born(?:\s+on)?|"
    r"geburtsdatum|geboren(?:\s+am)?|date\s+de\s+naissance|n[ée]e?\s+le|fecha\s+de\s+nacimiento|nacid[oa]\s+(?:el\s+)?|"
    r"data\s+de\s+nascimento|data\s+di\s+nascita|nato\s+il|nata\s+il|ngày\s+sinh|sinh\s+ngày|geboortedatum|födelsedatum"
)
#: a birth word, then ":", "=", "is", "|" (a table row) or nothing, then the date
_DOB = re.compile(rf"(?<![\w-])(?:{_BIRTH})\s*(?:[:=\-–(|]|is|was)?\s*(?P<date>{_DATE})", re.IGNORECASE)
#: a table column headed "DOB" / "Date of birth" / "Geburtsdatum"...
_HEADER = re.compile(rf"(?:{_BIRTH})\s*:?", re.IGNORECASE)
_CELL = re.compile(_DATE, re.IGNORECASE)


class DateOfBirthRecognizer(SpanRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    SCORE = 0.9

    def spans(self, text: str) -> Iterator[Span]:
        for m in _DOB.finditer(text):
            yield m.start("date"), m.end("date"), self.SCORE
        for _, start, end in table_cells(text, _HEADER.fullmatch):
            if _CELL.fullmatch(text, start, end):
                yield start, end, self.SCORE

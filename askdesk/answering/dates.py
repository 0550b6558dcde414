"""Date expressions in questions -> half-open date ranges.

Covers what people type in a helpdesk channel: "today", "yesterday", "this/last week|month|
quarter|year", "last 10 days", "past 2 weeks", "since Monday", "since 3 March", "in March 2016",
"in March" (the most recent March), "in 2025", "Q1 2026", "between 1 and 7 March",
"between 2026-03-01 and 2026-03-07", "from 1 March to 15 March", "on 5 March", "before/after
<date>", ISO dates.  Weeks start on Monday.  ``now`` is passed in (the engine's clock), never
read here, so answers are reproducible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil import parser as dateparser
from dateutil.relativedelta import relativedelta

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = r"(?:\d{1,2})(?:st|nd|rd|th)?"
#: month and day names with their abbreviations (never a person in a question)
DATE_WORDS = frozenset({*MONTHS, *(m[:3] for m in MONTHS), "sept", *_WEEKDAYS, *(d[:3] for d in _WEEKDAYS),
                        "today", "yesterday", "tomorrow", "week", "month", "quarter", "year"})
#: a single date: ISO, "5 March [2026]", "March 5[, 2026]", "5/3/2026"
_DATE = (
    rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|{_DAY}\s+(?:of\s+)?{_MON}(?:\s*,?\s*\d{{4}})?|{_MON}\s+{_DAY}(?:\s*,?\s*\d{{4}})?"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
)


@dataclass(frozen=True)
class DateSpan:
    start: datetime | None
    end: datetime | None
    label: str  # the words it was read from, e.g. "last week"
    span: tuple[int, int]  # where in the (lower-cased) question


def _month_start(d: datetime) -> datetime:
    return d.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _day(d: datetime) -> datetime:
    return d.replace(hour=0, minute=0, second=0, microsecond=0)


def _month_index(word: str) -> int:
    word = word.lower()[:3]
    return next(i for i, m in enumerate(MONTHS, start=1) if m.startswith(word))


def _parse_date(text: str, now: datetime, *, dayfirst: bool = True) -> datetime | None:
    """One date; a date without a year is the most recent such date not after ``now``."""
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip()).replace(" of ", " ")
    has_year = bool(re.search(r"\d{4}", text)) or bool(re.search(r"\d+/\d+/\d+", text))
    if re.match(r"\d{4}-", text):
        dayfirst = False  # ISO-8601 is year-month-day
    try:
        parsed = dateparser.parse(text, default=_day(now).replace(day=1), dayfirst=dayfirst)
    except (ValueError, OverflowError):
        return None
    if parsed is None:
        return None
    parsed = _day(parsed)
    if not has_year and parsed > now:
        parsed = parsed.replace(year=parsed.year - 1)
    return parsed


def _relative_period(unit: str, which: str, now: datetime) -> tuple[datetime, datetime]:
    today = _day(now)
    if unit == "week":
        start = today - timedelta(days=today.weekday())
        step = timedelta(days=7)
        return (start - step, start) if which in ("last", "previous", "past") else (start, start + step)
    if unit == "month":
        start = _month_start(today)
        return (start - relativedelta(months=1), start) if which != "this" else (start, start + relativedelta(months=1))
    if unit == "quarter":
        start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
        return (start - relativedelta(months=3), start) if which != "this" else (start, start + relativedelta(months=3))
    start = today.replace(month=1, day=1)  # year
    return (start.replace(year=start.year - 1), start) if which != "this" else (start, start.replace(year=start.year + 1))


#: chat abbreviations of period names ("last wk", "past 3 mths")
_UNIT_ALIASES = {"wk": "week", "mth": "month", "mnth": "month", "yr": "year", "qtr": "quarter"}


def find_dates(question: str, now: datetime) -> list[DateSpan]:
    """All date expressions in the question, left to right, non-overlapping."""
    q = question.lower()
    found: list[DateSpan] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], start: datetime | None, end: datetime | None, label: str | None = None) -> None:
        if any(m.start() < b and a < m.end() for a, b in taken):
            return
        taken.append(m.span())
        found.append(DateSpan(start, end, label or m.group(0).strip(), m.span()))

    today = _day(now)
    # ranges first (they contain single dates)
    for m in re.finditer(rf"\bbetween\s+({_DAY})\s+and\s+({_DAY})\s+({_MON})(?:\s*,?\s*(\d{{4}}))?", q):
        month = _month_index(m.group(3))
        year = int(m.group(4)) if m.group(4) else None
        a = _parse_date(f"{m.group(1)} {MONTHS[month - 1]} {year or ''}", now)
        b = _parse_date(f"{m.group(2)} {MONTHS[month - 1]} {year or ''}", now)
        if a and b:
            if year is None and b < a:
                a = a.replace(year=a.year - 1)
            add(m, min(a, b), max(a, b) + timedelta(days=1))
    # "from 1 to 15 Sep", "1-15 Sept 2026" (day, day, month) and "September 1-15" (month, day, day)
    day_ranges = (
        (rf"\b(?:from\s+)?({_DAY})\s*(?:to|until|till|-|–)\s*({_DAY})\s+({_MON})(?:\s*,?\s*(\d{{4}}))?", (1, 2, 3)),
        (rf"\b({_MON})\s+({_DAY})\s*(?:-|–|to|until)\s*({_DAY})(?:\s*,?\s*(\d{{4}}))?\b", (2, 3, 1)),
    )
    for pattern, (first, last, mon) in day_ranges:
        for m in re.finditer(pattern, q):
            month_name = MONTHS[_month_index(m.group(mon)) - 1]
            a = _parse_date(f"{m.group(first)} {month_name} {m.group(4) or ''}", now)
            b = _parse_date(f"{m.group(last)} {month_name} {m.group(4) or ''}", now)
            if a and b and a <= b:
                add(m, a, b + timedelta(days=1))
    for m in re.finditer(rf"\b(?:between|from)\s+({_DATE})\s+(?:and|to|until|till|-)\s+({_DATE})", q):
        a, b = _parse_date(m.group(1), now), _parse_date(m.group(2), now)
        if a and b:
            add(m, min(a, b), max(a, b) + timedelta(days=1))
    for m in re.finditer(r"\b(today|yesterday)\b", q):
        start = today if m.group(1) == "today" else today - timedelta(days=1)
        add(m, start, start + timedelta(days=1))
    for m in re.finditer(r"\b(before|after|since|until)\s+(this|last)\s+(week|month|quarter|year)\b", q):
        start, end = _relative_period(m.group(3), m.group(2), now)
        word = m.group(1)
        add(m, *({"before": (None, start), "after": (end, None), "since": (start, None), "until": (None, end)}[word]))
    for m in re.finditer(r"\b(this|last|previous|past)\s+(week|month|quarter|year|wk|mth|mnth|yr|qtr)\b", q):
        add(m, *_relative_period(_UNIT_ALIASES.get(m.group(2), m.group(2)), m.group(1), now))
    # "older than 30 days", "more than 2 weeks old", "open for over 10 days": created before then;
    # "newer than 3 days", "less than a week old": created since then
    unit_re = r"(\d{1,4}|a|an|one)\s+(hour|day|week|month|year)s?"
    for m in re.finditer(rf"\b(?:(older|younger|newer)\s+than\s+{unit_re}|(more|less|over|under)\s+than\s+{unit_re}\s+old"
                         rf"|(over|under)\s+{unit_re}\s+old|(?<=open )(?:for\s+)?(more|longer|less|over)\s+(?:than\s+)?{unit_re})\b", q):
        # ("open" itself is left to be read as the state)
        word = next(g for g in (m.group(1), m.group(4), m.group(7), m.group(10)) if g)
        number, unit = next((m.group(i), m.group(i + 1)) for i in (2, 5, 8, 11) if m.group(i))
        n = int(number) if number.isdigit() else 1
        delta = {"hour": relativedelta(hours=n), "day": relativedelta(days=n), "week": relativedelta(weeks=n),
                 "month": relativedelta(months=n), "year": relativedelta(years=n)}[unit]
        cut = now - delta
        older = word in ("older", "more", "over", "longer")
        span_start, span_end = (None, cut) if older else (cut, None)
        add(m, span_start, span_end, label=f"{'more' if older else 'less'} than {n} {unit}{'s' if n != 1 else ''} ago")
    for m in re.finditer(r"\b(?:in\s+the\s+|over\s+the\s+|during\s+the\s+|within\s+the\s+)?(?:last|past|previous)\s+(\d{1,4})\s+hours?\b", q):
        add(m, now - timedelta(hours=int(m.group(1))), None)  # "in the last 48 hours": up to now
    for m in re.finditer(r"\b(?:in\s+the\s+|over\s+the\s+|during\s+the\s+|within\s+the\s+)?(?:last|past|previous)\s+(\d{1,4})\s+(day|week|month|year|wk|mth|mnth|yr)s?\b", q):
        n, unit = int(m.group(1)), _UNIT_ALIASES.get(m.group(2), m.group(2))
        delta = {"day": relativedelta(days=n), "week": relativedelta(weeks=n), "month": relativedelta(months=n),
                 "year": relativedelta(years=n)}[unit]
        add(m, today + timedelta(days=1) - delta, today + timedelta(days=1))
    for m in re.finditer(rf"\bsince\s+(?:last\s+)?({'|'.join(_WEEKDAYS)})\b", q):
        wd = _WEEKDAYS.index(m.group(1))
        back = (today.weekday() - wd) % 7 or 7 if "last" in m.group(0) or today.weekday() == wd else (today.weekday() - wd) % 7
        add(m, today - timedelta(days=back), None)
    for m in re.finditer(rf"\b(since|after|from|before|until|till|on)\s+({_DATE})", q):
        d = _parse_date(m.group(2), now)
        if not d:
            continue
        word = m.group(1)
        if word in ("since", "from"):
            add(m, d, None)
        elif word == "after":
            add(m, d + timedelta(days=1), None)
        elif word in ("before",):
            add(m, None, d)
        elif word in ("until", "till"):
            add(m, None, d + timedelta(days=1))
        else:
            add(m, d, d + timedelta(days=1))
    for m in re.finditer(r"\b(?:in\s+)?q([1-4])\s*(\d{4})?\b", q):
        year = int(m.group(2)) if m.group(2) else today.year
        start = datetime(year, 3 * (int(m.group(1)) - 1) + 1, 1)
        if not m.group(2) and start > now:
            start = start.replace(year=year - 1)
        add(m, start, start + relativedelta(months=3))
    for m in re.finditer(rf"\b(?:in|during|for|of|since)?\s*({_MON})\s+(\d{{4}})\b", q):
        start = datetime(int(m.group(2)), _month_index(m.group(1)), 1)
        since = m.group(0).strip().startswith("since")
        add(m, start, None if since else start + relativedelta(months=1))
    for m in re.finditer(rf"\b(in|during|since|for|before|after|until|till|last)\s+({_MON})\b(?!\s+\d)", q):
        if m.group(2) in ("may", "mar") and m.group(1) != "in" and re.match(
                r"\s+(?:i|we|you|he|she|they|it|be|have|not|also|still)\b", q[m.end():]):
            continue  # "for may I ask": the verb, not the month; "same for may?" is the month
        month = _month_index(m.group(2))
        start = datetime(today.year, month, 1)
        if start > now or (m.group(1) == "last" and start.month == today.month):
            start = start.replace(year=start.year - 1)  # "last april" in April is a year ago
        word = m.group(1)
        if word == "before":
            add(m, None, start)  # "created before July": up to the start of the most recent July
        elif word == "after":
            add(m, start + relativedelta(months=1), None)
        elif word in ("until", "till"):
            add(m, None, start + relativedelta(months=1))
        else:
            add(m, start, None if word == "since" else start + relativedelta(months=1))
    # a month or a year before a request noun: "march tickets", "2025 tickets" (not "may", a verb too)
    nouns = r"(?:'s)?\s+(?=(?:tickets?|requests?|incidents?|issues?|cases?|tix|reqs?)\b)"
    for m in re.finditer(rf"\b({_MON}){nouns}", q):
        if m.group(1) in ("may", "mar"):
            continue
        start = datetime(today.year, _month_index(m.group(1)), 1)
        if start > now:
            start = start.replace(year=start.year - 1)
        add(m, start, start + relativedelta(months=1))
    for m in re.finditer(rf"\b((?:19|20)\d\d){nouns}", q):
        start = datetime(int(m.group(1)), 1, 1)
        add(m, start, start.replace(year=start.year + 1))
    # "since the start of the year", "since the beginning of this month"
    for m in re.finditer(r"\bsince (?:the )?(?:start|beginning) of (?:the |this )?(year|month|week|quarter)\b", q):
        unit = m.group(1)
        if unit == "year":
            start = datetime(today.year, 1, 1)
        elif unit == "month":
            start = today.replace(day=1)
        elif unit == "week":
            start = today - timedelta(days=today.weekday())
        else:
            start = datetime(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        add(m, start, None)
    for m in re.finditer(rf"\b({_DATE})\b", q):
        d = _parse_date(m.group(1), now)
        if d:
            add(m, d, d + timedelta(days=1))
    # "in 2025", "since 2024", and in a follow-up "what about 2025?"
    for m in re.finditer(r"\b(in|during|since|for|before|after|until|till|about)\s+((?:19|20)\d{2})\b(?![-/.]\d)", q):
        start = datetime(int(m.group(2)), 1, 1)
        word = m.group(1)
        if word == "before":
            add(m, None, start)
        elif word == "after":
            add(m, start.replace(year=start.year + 1), None)
        elif word in ("until", "till"):
            add(m, None, start.replace(year=start.year + 1))
        else:
            add(m, start, None if word == "since" else start.replace(year=start.year + 1))
    found.sort(key=lambda d: d.span)
    return found

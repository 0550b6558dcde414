"""Dates: when a request was created, its status for its age, when it was updated and resolved.

Times are epoch seconds (naive UTC) and never read the clock: everything lies in the
:data:`WINDOW_DAYS` days ending at :data:`REFERENCE_TIME`.
"""

from __future__ import annotations

from bisect import bisect
from datetime import datetime, timedelta
from math import exp

from .draws import cum
from .schema import REFERENCE_TIME, STATUSES, WINDOW_DAYS

_EPOCH = datetime(1970, 1, 1)
REF_TS = int((REFERENCE_TIME - _EPOCH).total_seconds())
DAY = 86400
HOUR = 3600

_HHMM = tuple(f"{h:02d}:{m:02d}" for h in range(24) for m in range(60))
_SS = tuple(f":{s:02d}" for s in range(60))
# "YYYY-MM-DD " for every day the data can touch (the window plus a margin for time zones)
_FIRST_DAY = REF_TS // DAY - WINDOW_DAYS - 3
_DAY_PREFIX = tuple((_EPOCH + timedelta(days=d)).date().isoformat() + " "
                    for d in range(_FIRST_DAY, REF_TS // DAY + 1))


def fmt_ts(ts: int) -> str:
    """Epoch seconds -> 'YYYY-MM-DD HH:MM:SS'."""
    sec = ts % DAY
    return _DAY_PREFIX[ts // DAY - _FIRST_DAY] + _HHMM[sec // 60] + _SS[sec % 60]


def fmt_min(ts: int) -> str:
    """Epoch seconds -> 'YYYY-MM-DD HH:MM' (comment stamps)."""
    return _DAY_PREFIX[ts // DAY - _FIRST_DAY] + _HHMM[ts % DAY // 60]


def work_time(rnd, lo: int, hi: int) -> int:
    """A time in [lo, hi]; moved into weekday working hours (07:00-18:00 UTC) when the interval allows."""
    t = lo + int((hi - lo) * rnd())
    if hi - lo > DAY:
        day = t // DAY
        wd = (day + 3) % 7  # 0 = Monday (1970-01-01 was a Thursday)
        if wd >= 5:
            day += 7 - wd
        w = day * DAY + 7 * HOUR + int(rnd() * 11 * HOUR)
        if lo <= w <= hi:
            return w
        if lo <= w - DAY <= hi and (day + 2) % 7 < 5:  # the working day before
            return w - DAY
    return t


def _lognorm(rnd, median: float, sigma: float) -> float:
    """Cheap log-normal draw (Irwin-Hall approximation of the normal), enough for durations."""
    return median * exp(sigma * 2.0 * (rnd() + rnd() + rnd() - 1.5))


# local hour of day of office requests (weights), before mixing in 15 % at any hour
_HOUR_CUM = cum((0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 1, 4, 10, 14, 13, 11, 7, 10, 12, 11, 9, 5, 2, 1.2, 0.8, 0.6, 0.4, 0.3))
# CreatedAt day: the last WINDOW_DAYS days, weekdays ~6x as likely as weekend days, volume growing
# slowly towards the reference date; one bisect per row.
_REF_DAY = REF_TS // DAY
_DAY_CHOICES = tuple(range(_REF_DAY - WINDOW_DAYS + 1, _REF_DAY + 1))
_DAY_CUM = cum((1.0 if (d + 3) % 7 < 5 else 0.16) * (0.7 + 0.3 * (d - _DAY_CHOICES[0]) / WINDOW_DAYS)
               for d in _DAY_CHOICES)  # (d + 3) % 7: 0 = Monday, 1970-01-01 was a Thursday
# local hour of day: office hours 85 %, any hour 15 %
_HOUR_CUM_ALL = cum(0.85 * w / _HOUR_CUM[-1] + 0.15 / 24
                    for w in (b - a for a, b in zip([0.0, *_HOUR_CUM[:-1]], _HOUR_CUM)))

# status by age (days): thresholds and weights in STATUSES order
_STATUS_BY_AGE = (
    (1, cum((35, 20, 25, 6, 2, 10, 0, 2))),
    (7, cum((8, 15, 22, 10, 5, 28, 7, 5))),
    (30, cum((2, 5, 10, 8, 5, 15, 49, 6))),
    (180, cum((0.3, 1, 2, 2, 2, 1.5, 85, 6.2))),
    (10**9, cum((0.05, 0.2, 0.4, 0.4, 0.6, 0.2, 91, 7))),
)
# median hours to resolve by priority
_RESOLVE_MEDIAN_H = {"1 - Critical": 3.0, "2 - High": 10.0, "3 - Medium": 30.0, "4 - Low": 80.0}


def created_at(rnd, site_tz: int) -> int:
    """CreatedAt in epoch seconds (UTC): weekday- and business-hours-heavy in the requester's local time."""
    day = _DAY_CHOICES[bisect(_DAY_CUM, rnd() * _DAY_CUM[-1])]
    hour = bisect(_HOUR_CUM_ALL, rnd() * _HOUR_CUM_ALL[-1])
    created = day * DAY + hour * HOUR + int(rnd() * HOUR) - site_tz * HOUR
    while created > REF_TS - 60:
        created -= DAY
    return created


def status_and_dates(rnd, site_tz: int, priority: str) -> tuple[str, int, int, int | None, int | None]:
    """(status, created, updated, resolved, asked): a status that fits the request's age, and its dates.

    ``asked`` is when the agent asked the question nobody answered (Closed after no response), else None.
    """
    created = created_at(rnd, site_tz)
    age = REF_TS - created
    age_days = age / DAY
    for limit, weights in _STATUS_BY_AGE:
        if age_days < limit:
            status = STATUSES[bisect(weights, rnd() * weights[-1])]
            break
    resolved = None
    asked = None
    if status == "Closed" and rnd() < 0.12:
        asked = created + min(age // 2, max(600, int(_lognorm(rnd, 4 * HOUR, 1.0))))
        resolved = updated = min(REF_TS, asked + int((3 + 4 * rnd()) * DAY))
    elif status in ("Resolved", "Closed"):
        dur = max(300, int(_lognorm(rnd, _RESOLVE_MEDIAN_H[priority] * HOUR, 1.0)))
        if status == "Resolved" and age_days > 7:
            # still "Resolved" (not yet auto-closed): it was resolved in the last few days
            resolved = REF_TS - int(rnd() * 5 * DAY)
        else:
            resolved = created + min(dur, int(age * (0.5 + 0.5 * rnd())))
            if resolved - created > DAY:  # people resolve things during working hours
                resolved = work_time(rnd, resolved - DAY // 2, min(REF_TS, resolved + DAY // 2))
        if status == "Closed":
            delay = 0 if rnd() < 0.3 else int((2 + 5 * rnd()) * DAY)  # closed by agent / auto-closed
            updated = min(REF_TS, resolved + delay)
        else:
            updated = min(REF_TS, resolved + int(rnd() * 2 * HOUR))
    elif status == "New":
        updated = created + (0 if rnd() < 0.6 else min(age, int(rnd() * 900)))
    elif status == "Cancelled":
        updated = created + min(age, max(120, int(_lognorm(rnd, DAY, 1.2))))
    else:
        updated = created + int(age * rnd() ** 0.4)
    return status, created, updated, resolved, asked

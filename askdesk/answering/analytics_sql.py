"""Exact analytics over the requests table: counts, ordered lists, counts per value of any
field, duration statistics, trends and shares.

Every function takes a :class:`~askdesk.answering.filters.RequestFilters` (values from the
vocabulary) and a topic (bound as a full-text query parameter) and runs one parameterised
SQLAlchemy Core statement: no SQL text is ever assembled from the user's words, and no number in
an answer comes from anywhere else.  Every function also takes the question's
:class:`~askdesk.access.Visibility` (required): its conditions are in the same WHERE, so hidden
requests are never counted, listed, grouped or measured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from askdesk.access import Visibility, visible_requests
from askdesk.answering.filters import RequestFilters, request_column, request_conditions
from askdesk.answering.plan import Order
from askdesk.schema import requests

t = requests
#: what list answers show of each request
LIST_FIELDS = (t.c.request_id, t.c.title, t.c.status, t.c.category, t.c.priority, t.c.created_at, t.c.updated_at,
               t.c.resolved_at, t.c.extra)
_ENGLISH: sa.ColumnClause[Any] = sa.literal_column("'english'::regconfig")


def topic_condition(topic: str) -> sa.ColumnElement[bool]:
    """Full-text match of the topic words (ANDed, English stemming) on the sanitised body.

    Postgres's parser reads "ORA-12541" or "error-404" as a word and a *signed* number
    ('ora', '-12541'), so a number of the topic also matches its minus-signed form; the other
    words go through ``plainto_tsquery`` as they are (the topic is a bound parameter either way)."""
    words = re.findall(r"[a-z0-9]+", topic.lower())
    query: sa.ColumnElement[Any] = sa.func.plainto_tsquery(_ENGLISH, " ".join(w for w in words if not w.isdigit()))
    for number in dict.fromkeys(w for w in words if w.isdigit()):
        either = sa.func.plainto_tsquery(_ENGLISH, number).op("||")(sa.func.plainto_tsquery(_ENGLISH, f"-{number}"))
        query = query.op("&&")(either)
    return sa.func.to_tsvector(_ENGLISH, t.c.body).op("@@")(query)


def where(filters: RequestFilters, topic: str, visibility: Visibility) -> list[sa.ColumnElement[bool]]:
    conds = request_conditions(filters, t) + visible_requests(visibility, t)
    if topic:
        conds.append(topic_condition(topic))
    return conds


def topic_exists(engine: sa.Engine, topic: str, *, visibility: Visibility) -> bool:
    """Whether any visible request's text holds the topic words (stops at the first one: cheap
    when the words exist, which is the usual case)."""
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.exists().where(topic_condition(topic),
                                                        *visible_requests(visibility, t)))).scalar_one()


def count(engine: sa.Engine, filters: RequestFilters, topic: str = "", *, visibility: Visibility) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(t).where(
            *where(filters, topic, visibility))).scalar_one())


def _order_by(order: Order, now: datetime) -> list[Any]:
    if order.by == "age":
        key: Any = t.c.created_at  # open the longest = created first (among the matching requests)
        return [key.asc().nulls_last() if order.descending else key.desc().nulls_last(), t.c.request_id]
    if order.by == "resolution_time":
        key = t.c.resolved_at - t.c.created_at
    else:
        key = t.c[order.by]
    return [key.desc().nulls_last() if order.descending else key.asc().nulls_last(), t.c.request_id]


def _list_where(filters: RequestFilters, topic: str, order: Order,
                visibility: Visibility) -> list[sa.ColumnElement[bool]]:
    """A list ordered by a date holds the requests that have that date ("the last resolved" are
    the resolved ones)."""
    conds = where(filters, topic, visibility)
    if order.by == "resolution_time":
        conds += [t.c.resolved_at.is_not(None), t.c.created_at.is_not(None)]
    else:
        conds.append((t.c.created_at if order.by == "age" else t.c[order.by]).is_not(None))
    return conds


def listing_count(engine: sa.Engine, filters: RequestFilters, topic: str, order: Order, *,
                  visibility: Visibility) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(t).where(
            *_list_where(filters, topic, order, visibility))).scalar_one())


def listing(engine: sa.Engine, filters: RequestFilters, topic: str, order: Order, limit: int,
            now: datetime, *, visibility: Visibility) -> list[dict[str, Any]]:
    """The first ``limit`` matching requests in ``order`` (ties: request id ascending)."""
    conds = _list_where(filters, topic, order, visibility)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(*LIST_FIELDS).where(*conds).order_by(*_order_by(order, now)).limit(limit))
        return [dict(r) for r in rows.mappings()]


@dataclass(frozen=True)
class GroupCount:
    value: str
    count: int


NO_VALUE = "(no value)"


def groups(engine: sa.Engine, filters: RequestFilters, field: str, topic: str = "", *,
           visibility: Visibility) -> list[GroupCount]:
    """Counts per value of ``field`` (any mapped field), largest first, then by value."""
    column = request_column(t, field).label("value")
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(column, sa.func.count().label("n")).where(*where(filters, topic, visibility))
            .group_by(column).order_by(sa.desc("n"), column)
        ).all()
    return [GroupCount(NO_VALUE if v is None else str(v), int(n)) for v, n in rows]


@dataclass(frozen=True)
class DurationStats:
    """Seconds; ``n`` requests measured, ``skipped`` matching requests without usable dates."""

    n: int
    skipped: int
    mean: float | None
    median: float | None
    p90: float | None
    min: float | None
    max: float | None

    def get(self, stat: str) -> float | None:
        return getattr(self, stat)


def _duration_columns(measure: str, now: datetime) -> list[Any]:
    if measure == "age":
        at = sa.cast(sa.literal(now), sa.DateTime)
        seconds = sa.func.extract("epoch", at - t.c.created_at)
        usable = sa.and_(t.c.created_at.is_not(None), t.c.created_at <= at)
    else:
        seconds = sa.func.extract("epoch", t.c.resolved_at - t.c.created_at)
        usable = sa.and_(t.c.resolved_at.is_not(None), t.c.created_at.is_not(None), t.c.resolved_at >= t.c.created_at)
    return [
        sa.func.count().filter(usable),
        sa.func.count().filter(sa.not_(usable)),
        sa.func.avg(seconds).filter(usable),
        sa.func.percentile_cont(0.5).within_group(seconds).filter(usable),
        sa.func.percentile_cont(0.9).within_group(seconds).filter(usable),
        sa.func.min(seconds).filter(usable),
        sa.func.max(seconds).filter(usable),
    ]


def _stats(row: Any) -> DurationStats:
    def f(v: Any) -> float | None:
        return None if v is None else float(v)

    n, skipped, mean, median, p90, lo, hi = row
    return DurationStats(int(n), int(skipped), f(mean), f(median), f(p90), f(lo), f(hi))


def durations(engine: sa.Engine, filters: RequestFilters, topic: str, measure: str, now: datetime, *,
              visibility: Visibility) -> DurationStats:
    """Time to resolve (resolved - created, requests with both dates and resolved not before
    created) or age (now - created) over the matching requests; linear-interpolated percentiles
    (``percentile_cont``)."""
    stmt = sa.select(*_duration_columns(measure, now)).select_from(t).where(*where(filters, topic, visibility))
    with engine.connect() as conn:
        return _stats(conn.execute(stmt).one())


def durations_by_group(engine: sa.Engine, filters: RequestFilters, topic: str, measure: str, now: datetime,
                       field: str, *, visibility: Visibility) -> list[tuple[str, DurationStats]]:
    """:func:`durations` per value of ``field`` (groups with no measurable request left out)."""
    column = request_column(t, field).label("value")
    stmt = sa.select(column, *_duration_columns(measure, now)).where(
        *where(filters, topic, visibility)).group_by(column)
    with engine.connect() as conn:
        out = [(NO_VALUE if r[0] is None else str(r[0]), _stats(r[1:])) for r in conn.execute(stmt)]
    return [(v, s) for v, s in out if s.n > 0]


def period_starts(unit: str, start: datetime, end: datetime) -> list[datetime]:
    """Every period start in [start, end) (weeks start on Monday)."""
    cur = start.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "month":
        cur = cur.replace(day=1)
        step: Any = relativedelta(months=1)
    elif unit == "week":
        cur -= timedelta(days=cur.weekday())
        step = timedelta(days=7)
    else:
        step = timedelta(days=1)
    out = []
    while cur < end:
        out.append(cur)
        cur = cur + step
    return out


def trend(engine: sa.Engine, filters: RequestFilters, topic: str, unit: str, field: str,
          start: datetime, end: datetime, *, visibility: Visibility) -> list[tuple[datetime, int]]:
    """Counts per ``unit`` of ``field`` in [start, end), every period listed (zeros included)."""
    column = t.c[field]
    bucket = sa.func.date_trunc(unit, column).label("period")
    conds = [*where(filters, topic, visibility), column >= start, column < end]
    with engine.connect() as conn:
        result = conn.execute(sa.select(bucket, sa.func.count()).where(*conds).group_by(bucket))
        rows: dict[datetime, int] = {period: n for period, n in result}
    return [(p, int(rows.get(p, 0))) for p in period_starts(unit, start, end)]


def share(engine: sa.Engine, filters: RequestFilters, part: RequestFilters, topic: str = "", *,
          visibility: Visibility) -> tuple[int, int]:
    """(requests matching ``filters`` and ``part``, requests matching ``filters``)."""
    part_conds = request_conditions(part, t)
    inside = sa.and_(*part_conds) if part_conds else sa.true()
    with engine.connect() as conn:
        k, n = conn.execute(
            sa.select(sa.func.count().filter(inside), sa.func.count()).select_from(t).where(
                *where(filters, topic, visibility))
        ).one()
    return int(k), int(n)

"""Counts, ordered lists, counts per field, durations, trends and shares: exact, from SQL.

Every number in these answers is read from one parameterised query over the requests table
(:mod:`askdesk.answering.analytics_sql`) and written into the sentence by code; each answer
states the plan it used (filters, text condition, metric), so a reader sees what was counted.
Every query carries the question's visibility (hidden requests are never counted); over a
restricted one the stated plan says so (:data:`~askdesk.answering.routes.base.VISIBLE_ONLY`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from askdesk.answering import analytics_sql as sql
from askdesk.answering.facts import plural
from askdesk.answering.filters import RequestFilters, field_label
from askdesk.answering.ids import shown_id
from askdesk.answering.plan import Order, QueryPlan
from askdesk.answering.routes.base import RouteContext, RouteResult, TokenCallback
from askdesk.answering.trace import Trace

#: periods a trend shows when the question gives no date range (up to and including now's)
DEFAULT_PERIODS = {"month": 6, "week": 8, "day": 14}
#: groups named in a breakdown answer
MAX_GROUPS = 15


def answer(plan: QueryPlan, trace: Trace, ctx: RouteContext, *, history: Sequence[tuple[str, str]] = (),
           on_token: TokenCallback | None = None) -> RouteResult:
    t0 = time.perf_counter()
    handler = {"count": _count, "list": _list, "group": _group, "duration": _duration, "trend": _trend,
               "share": _share}[plan.intent]
    if plan.topic and not sql.topic_exists(ctx.engine, plan.topic, visibility=ctx.visibility):
        # words no request contains: counting them would state a false "no requests match"
        trace.timings_ms["sql_ms"] = (time.perf_counter() - t0) * 1000
        return RouteResult(
            f"I can't answer that: no request mentions “{plan.topic}”, so I don't know what it should count "
            f"({_where(plan, ctx)}). Ask without those words, or with the field they mean.", [], refused=True,
            route="cant")
    result = handler(plan, trace, ctx)
    trace.timings_ms["sql_ms"] = (time.perf_counter() - t0) * 1000
    trace.retrieved = [{"request_id": s.request_id} for s in result.sources]
    return result


def _where(plan: QueryPlan, ctx: RouteContext) -> str:
    """The plan as the answer states it, saying when only the visible requests were counted."""
    return plan.describe() + ctx.visible_only()


def _shown(trace: Trace, *values: object) -> None:
    """Record the derived figures the text states (totals, rounded durations and shares), so the
    trace holds every number of the answer next to the SQL result it came from."""
    trace.result.setdefault("shown", []).extend(str(v) for v in values)


def _count(plan: QueryPlan, trace: Trace, ctx: RouteContext) -> RouteResult:
    n = sql.count(ctx.engine, plan.filters, plan.topic, visibility=ctx.visibility)
    trace.result = {"count": n}
    if n == 0:
        return RouteResult(f"No requests match ({_where(plan, ctx)}).", [])
    text = f"{plural(n)} {'matches' if n == 1 else 'match'} ({_where(plan, ctx)})."
    recent = sql.listing(ctx.engine, plan.filters, plan.topic, Order("created_at", True), min(5, n), ctx.now,
                         visibility=ctx.visibility)
    if recent:
        text += " Most recent: " + "; ".join(f"{shown_id(r['request_id'])} {r['title']} ({r['status'] or 'no status'})"
                                             for r in recent) + "."
    return RouteResult(text, [ctx.source(r) for r in recent])


def _date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else "no date"


def _list(plan: QueryPlan, trace: Trace, ctx: RouteContext) -> RouteResult:
    assert plan.order is not None and plan.limit is not None
    n = sql.listing_count(ctx.engine, plan.filters, plan.topic, plan.order, visibility=ctx.visibility)
    rows = sql.listing(ctx.engine, plan.filters, plan.topic, plan.order, plan.limit, ctx.now, visibility=ctx.visibility)
    trace.result = {"count": n, "listed": [r["request_id"] for r in rows]}
    if not rows:
        return RouteResult(f"No requests match ({_where(plan, ctx)}).", [])
    date_field = {"age": "created_at", "resolution_time": "resolved_at"}.get(plan.order.by, plan.order.by)
    verb = {"created_at": "created", "updated_at": "updated", "resolved_at": "resolved"}[date_field]

    def line(r: dict[str, Any], with_id: bool = True) -> str:
        extra = f"{verb} {_date(r[date_field])}"
        if plan.order.by == "age" and r["created_at"]:  # type: ignore[union-attr]
            extra += f", open {duration_text((ctx.now - r['created_at']).total_seconds())}"
        if plan.order.by == "resolution_time" and r["created_at"] and r["resolved_at"]:  # type: ignore[union-attr]
            extra += f", took {duration_text((r['resolved_at'] - r['created_at']).total_seconds())}"
        _shown(trace, extra)
        return (f"• {shown_id(r['request_id'])} " if with_id else "") + f"{r['title']} ({r['status'] or 'no status'}, {extra})"

    head = f"{plural(n)} {'matches' if n == 1 else 'match'} ({_where(plan, ctx)})."
    order = plan.order.describe()
    if len(rows) == 1 and plan.limit == 1:
        first = {"created_at": "oldest" if not plan.order.descending else "newest",
                 "updated_at": "most recently updated" if plan.order.descending else "least recently updated",
                 "resolved_at": "most recently resolved" if plan.order.descending else "first resolved",
                 "age": "one open the longest" if plan.order.descending else "one open the shortest",
                 "resolution_time": "slowest to resolve" if plan.order.descending else "fastest to resolve",
                 }[plan.order.by]
        r = rows[0]
        text = f"{head}\nThe {first}: {line(r)[2:]}"
    else:
        shown = f"the first {len(rows)}" if len(rows) < n else f"all {len(rows)}"
        text = f"{head} {order.capitalize()}, {shown}:\n" + "\n".join(line(r) for r in rows)
    return RouteResult(text, [ctx.source(r) for r in rows])


def _group(plan: QueryPlan, trace: Trace, ctx: RouteContext) -> RouteResult:
    field = plan.group_by or "category"
    groups = sql.groups(ctx.engine, plan.filters, field, plan.topic, visibility=ctx.visibility)
    trace.result = {"group_by": field, "groups": [[g.value, g.count] for g in groups]}
    label = field_label(field)
    if not groups:
        return RouteResult(f"No requests match ({_where(plan, ctx)}).", [])
    if plan.rank:
        # "which channel is used the least?" ranks the channels, not the requests without one
        blank = sum(g.count for g in groups if g.value == sql.NO_VALUE)
        groups = [g for g in groups if g.value != sql.NO_VALUE]
        if not groups:
            return RouteResult(f"No requests with a {label} match ({_where(plan, ctx)}).", [])
        ordered = groups if plan.rank == "most" else sorted(groups, key=lambda g: (g.count, g.value))
        want = max(1, plan.limit or 1)
        cut = ordered[want - 1].count if len(ordered) >= want else ordered[-1].count
        top = [g for g in ordered if (g.count >= cut if plan.rank == "most" else g.count <= cut)]
        word = "most" if plan.rank == "most" else "fewest"
        if want == 1:
            if len(top) == 1:
                text = f"{top[0].value} has the {word} requests: {top[0].count:,} ({_where(plan, ctx)})."
            else:  # a tie: each value with its count
                names = " and ".join(f"{g.value} ({g.count:,})" for g in top)
                text = f"{names} have the {word} requests ({_where(plan, ctx)})."
            others = [g for g in ordered if g not in top][:4]
            if others:
                text += " Then: " + ", ".join(f"{g.value} {g.count:,}" for g in others) + "."
        else:
            tied = "; values tied at the cut are all shown" if len(top) > want else ""
            text = (f"The {min(want, len(top))} {label} values with the {word} requests ({_where(plan, ctx)}{tied}): "
                    + ", ".join(f"{g.value} {g.count:,}" for g in top) + ".")
        if plan.rank == "fewest":
            text += f" ({label.capitalize()} values with no matching requests are not counted.)"
        if blank:
            _shown(trace, blank)
            text += f" ({blank:,} matching requests have no {label} and are not ranked.)"
        return RouteResult(text, [])
    total = sum(g.count for g in groups)
    shown = groups[:MAX_GROUPS]
    _shown(trace, total, len(groups) - len(shown))
    text = (f"{plural(total)} by {label} ({_where(plan, ctx)}): " + ", ".join(f"{g.value} {g.count:,}" for g in shown)
            + (f", and {len(groups) - len(shown)} more values." if len(groups) > len(shown) else "."))
    return RouteResult(text, [])


def duration_text(seconds: float) -> str:
    """3 s -> "0.1 minutes"; under an hour in minutes, under two days in hours, else days."""
    if seconds < 3600:
        return f"{seconds / 60:.1f} minutes"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} hours"
    return f"{seconds / 86400:.1f} days"


_STAT_NAMES = {"mean": "average", "median": "median", "p90": "90th percentile", "min": "shortest", "max": "longest"}


def _duration_groups(plan: QueryPlan, trace: Trace, ctx: RouteContext) -> RouteResult:
    assert plan.duration is not None and plan.group_by is not None
    rows = sql.durations_by_group(ctx.engine, plan.filters, plan.topic, plan.duration.measure, ctx.now, plan.group_by,
                                  visibility=ctx.visibility)
    rows.sort(key=lambda vs: (-(vs[1].mean or 0.0), vs[0]) if plan.rank != "fewest" else ((vs[1].mean or 0.0), vs[0]))
    trace.result = {"measure": plan.duration.measure, "group_by": plan.group_by,
                    "groups": [[v, st.n, st.mean, st.median, st.p90] for v, st in rows]}
    if not rows:
        return RouteResult(f"No matching requests have the dates needed ({_where(plan, ctx)}), so I can't compute that.", [])
    label = field_label(plan.group_by)
    what = "time to resolve" if plan.duration.measure == "resolution_time" else "age"

    def one(v: str, st: sql.DurationStats) -> str:
        shown = (f"{v}: average {duration_text(st.mean or 0.0)}, median {duration_text(st.median or 0.0)} "
                 f"({plural(st.n)})")
        _shown(trace, shown)
        return shown

    if plan.rank:
        best_value, best = rows[0]
        word = "longest" if plan.rank == "most" else "shortest"
        _shown(trace, duration_text(best.mean or 0.0))
        text = (f"{best_value} has the {word} average {what}: {duration_text(best.mean or 0.0)} over "
                f"{plural(best.n)} ({_where(plan, ctx)}). Then: " + "; ".join(one(v, st) for v, st in rows[1:5]) + ".")
        return RouteResult(text, [])
    shown = rows[:MAX_GROUPS]
    text = (f"Average {what} by {label} ({_where(plan, ctx)}), longest first: " + "; ".join(one(v, st) for v, st in shown)
            + (f"; and {len(rows) - len(shown)} more values." if len(rows) > len(shown) else "."))
    return RouteResult(text, [])


def _duration(plan: QueryPlan, trace: Trace, ctx: RouteContext) -> RouteResult:
    assert plan.duration is not None
    if plan.group_by:
        return _duration_groups(plan, trace, ctx)
    stats = sql.durations(ctx.engine, plan.filters, plan.topic, plan.duration.measure, ctx.now,
                          visibility=ctx.visibility)
    trace.result = {"measure": plan.duration.measure, "n": stats.n, "skipped": stats.skipped,
                    **{s: stats.get(s) for s in plan.duration.stats}}
    what = "Time to resolve" if plan.duration.measure == "resolution_time" else "Age"
    if stats.n == 0:
        need = "a created and a resolved date" if plan.duration.measure == "resolution_time" else "a created date"
        return RouteResult(f"No matching requests have {need} ({_where(plan, ctx)}), so I can't compute that.", [])
    parts = [f"{_STAT_NAMES[s]} {duration_text(v)}" for s in plan.duration.stats if (v := stats.get(s)) is not None]
    _shown(trace, *parts)
    text = f"{what} over {plural(stats.n)} ({_where(plan, ctx)}): " + ", ".join(parts) + "."
    if stats.skipped:
        why = "not resolved yet, or without usable dates" if plan.duration.measure == "resolution_time" else \
            "without a usable created date"
        text += f" ({plural(stats.skipped, 'matching request')} {why}, not counted.)"
    return RouteResult(text, [])


_LAST_N = re.compile(r"(?:in |over |during |within )?(?:the )?(?:last|past|previous) (\d{1,4}) (month|week|day)s?")


def _period_start(d: datetime, unit: str) -> datetime:
    day = d.replace(hour=0, minute=0, second=0, microsecond=0)
    return day.replace(day=1) if unit == "month" else day - timedelta(days=day.weekday()) if unit == "week" else day


def trend_range(plan: QueryPlan, ctx: RouteContext) -> tuple[datetime, datetime, RequestFilters]:
    """[start, end) of the trend and the filters without the date range it used."""
    unit = plan.trend_unit or "month"
    own = [d for d in plan.filters.dates if d.field == plan.trend_field]
    rest = RequestFilters(plan.filters.conditions, tuple(d for d in plan.filters.dates if d not in own),
                          plan.filters.resolved, plan.filters.mine)
    now = ctx.now
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "month":
        current = day.replace(day=1)
        end_default, step = current + relativedelta(months=1), relativedelta(months=DEFAULT_PERIODS["month"] - 1)
    elif unit == "week":
        current = day - timedelta(days=day.weekday())
        end_default, step = current + timedelta(days=7), timedelta(weeks=DEFAULT_PERIODS["week"] - 1)
    else:
        current = day
        end_default, step = current + timedelta(days=1), timedelta(days=DEFAULT_PERIODS["day"] - 1)
    start = next((d.start for d in own if d.start), None)
    end = next((d.end for d in own if d.end), None)
    if start is None and end is None:
        return current - step, end_default, rest
    last_n = next((m for d in own if (m := _LAST_N.fullmatch(d.label.lower()))), None)
    if last_n and last_n.group(2) == unit:
        # "per month for the last 6 months": 6 whole months up to and including now's, not a
        # partial month 6 months back plus 6 more
        n = int(last_n.group(1))
        back = {"month": relativedelta(months=n - 1), "week": timedelta(weeks=n - 1), "day": timedelta(days=n - 1)}[unit]
        return current - back, end_default, rest
    end = min(end, end_default) if end else end_default  # periods after now's are not listed
    return start or (end - step), end, rest


def _label(period: datetime, unit: str) -> str:
    return period.strftime("%Y-%m") if unit == "month" else period.strftime("%Y-%m-%d")


def _trend(plan: QueryPlan, trace: Trace, ctx: RouteContext) -> RouteResult:
    unit = plan.trend_unit or "month"
    start, end, rest = trend_range(plan, ctx)
    series = sql.trend(ctx.engine, rest, plan.topic, unit, plan.trend_field, start, end, visibility=ctx.visibility)
    trace.result = {"unit": unit, "field": plan.trend_field, "series": [[_label(p, unit), n] for p, n in series]}
    verb = {"created_at": "created", "resolved_at": "resolved", "updated_at": "updated"}[plan.trend_field]
    where = QueryPlan(plan.question, "trend", filters=rest, topic=plan.topic, trend_unit=unit,
                      trend_field=plan.trend_field).describe() + ctx.visible_only()
    name = {"month": "month", "week": "week (starting Monday)", "day": "day"}[unit]
    text = (f"Requests {verb} per {name}, {_label(start, unit)} to {_label(series[-1][0], unit) if series else '?'} "
            f"({where}): " + ", ".join(f"{_label(p, unit)}: {n:,}" for p, n in series) + ".")
    total = sum(n for _p, n in series)
    _shown(trace, total)
    text += f" Total {total:,}."
    if start != _period_start(start, unit):
        text += f" (The first {unit} counts from {start:%Y-%m-%d} only.)"
    return RouteResult(text, [])


def _share(plan: QueryPlan, trace: Trace, ctx: RouteContext) -> RouteResult:
    part = plan.part or RequestFilters()
    k, n = sql.share(ctx.engine, plan.filters, part, plan.topic, visibility=ctx.visibility)
    trace.result = {"part": k, "of": n}
    if n == 0:
        return RouteResult(f"No requests match ({_where(plan, ctx)}), so there is no share to give.", [])
    pct = 100.0 * k / n
    _shown(trace, f"{pct:.1f}%")
    base = plan.filters.describe() if not plan.filters.is_empty() else "all requests"
    text = (f"{pct:.1f}% of the matching requests ({k:,} of {n:,}) have {part.describe()} "
            f"(out of: {base}{' · mentioning “' + plan.topic + '”' if plan.topic else ''}{ctx.visible_only()}).")
    return RouteResult(text, [])

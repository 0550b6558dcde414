"""How the vector side scans for one search: the HNSW graph, or the matching rows exactly.

A filtered HNSW search walks the graph from the query outwards and keeps the rows that match.
When few rows match, or they sit far from the query (an IT-worded question with category = HR),
that walk reads thousands of tuples to find a few matches, and it returns the *first* matches it
meets rather than the nearest ones: at a million requests recall@10 fell to 0.11 and a quarter of
the queries came back short.  Reading the matching rows and ranking them exactly costs what they
number, so below ``exact_below`` matching requests that is both right and fast; above it the
graph is the only way, with an iterative scan that goes on until it has its ``n`` rows (and
deeper than the unfiltered search: ``filtered_ef_search``).  Where ``askdesk db tune`` has built
a filter graph (a partial HNSW index) whose predicate the filter implies, Postgres walks that one
instead, and every row it meets matches.

How many requests match is the Postgres planner's estimate for the structured ``requests`` table
(its per-column statistics and the btree indexes on status, category, priority and the dates):
an ``EXPLAIN`` of a fraction of a millisecond, not a count; when it promises few, a count that
stops at ``exact_below`` + 1 confirms it (estimates of several conditions can be 10× low).
The exact scan finds the chunks of the matching requests through the ``ref_doc_id`` index, so it
never reads the rest of the table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa

from askdesk.access import Visibility, visible_requests
from askdesk.answering.filters import RequestFilters, request_conditions
from askdesk.db import estimated_rows
from askdesk.schema import requests as requests_table

Scan = Literal["graph", "filtered graph", "exact"]


@dataclass(frozen=True)
class VectorPlan:
    """The scan chosen, and the estimate it was chosen on (None: nothing to estimate)."""

    scan: Scan
    matching: int | None = None
    #: ``matching`` as a share of all requests
    share: float | None = None

    def trace(self) -> dict[str, Any]:
        return {"scan": self.scan, "matching_estimate": self.matching}


def _matching(filters: RequestFilters, visibility: Visibility) -> list[sa.ColumnElement[bool]]:
    """The requests-table conditions of ``filters`` within ``visibility``."""
    return request_conditions(filters, requests_table) + visible_requests(visibility, requests_table)


def estimate_matching(conn: sa.Connection, filters: RequestFilters, visibility: Visibility) -> int:
    """The planner's estimate of the requests matching ``filters`` within ``visibility``."""
    conds = _matching(filters, visibility)
    stmt = sa.select(sa.literal(1)).select_from(requests_table).where(*conds)
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    # values stay bound parameters (the driver quotes them); only the statement is explained
    plan = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params).scalar_one()
    doc = plan if isinstance(plan, list) else json.loads(plan)
    return int(doc[0]["Plan"]["Plan Rows"])


def choose(conn: sa.Connection, filters: RequestFilters, visibility: Visibility, *, exact_below: int,
           exact_share: float = 0.25) -> VectorPlan:
    """The scan for this search: ``exact`` for the asker's own requests, or when at most
    ``exact_below`` requests match and they are at most ``exact_share`` of all (a filter that
    keeps most requests costs the graph little: it meets matching rows at once); the graph
    (iteratively, when anything filters) otherwise."""
    if visibility.own_only:
        return VectorPlan("exact")
    if filters.is_empty() and not visibility.restricted:
        return VectorPlan("graph")
    matching = estimate_matching(conn, filters, visibility)
    total = estimated_rows(conn, requests_table.name)
    share = matching / total if total else 0.0
    exact = matching <= exact_below and share <= exact_share
    if exact:
        # the planner multiplies the shares of separate conditions as if they were independent (and
        # its statistics can be stale): at a million requests Security AND Critical AND the last 6
        # months was estimated at 438 where 4,744 match (security requests are critical more
        # often), and the exact scan of them took 140-180 ms.  Reading at most exact_below + 1 of
        # the ids settles it, for a few milliseconds
        counted = count_up_to(conn, filters, visibility, exact_below + 1)
        if counted > exact_below:
            matching, exact = counted, False
            share = matching / total if total else 0.0
    return VectorPlan("exact" if exact else "filtered graph", matching, share)


def count_up_to(conn: sa.Connection, filters: RequestFilters, visibility: Visibility, limit: int) -> int:
    """How many requests match, counting no further than ``limit`` (reads at most that many ids)."""
    conds = _matching(filters, visibility)
    ids = sa.select(requests_table.c.request_id).where(*conds).limit(limit).subquery()
    return int(conn.execute(sa.select(sa.func.count()).select_from(ids)).scalar_one())


def matching_request_ids(filters: RequestFilters, visibility: Visibility) -> sa.ScalarSelect[Any]:
    """The ids of the matching requests, as a subquery (the exact scan's way to their chunks)."""
    conds = _matching(filters, visibility)
    return sa.select(requests_table.c.request_id).where(*conds).scalar_subquery()

"""Partial HNSW graphs for the filter values that are too common to rank exactly and too rare
for the whole graph (``askdesk db tune``).

A filtered vector search either ranks the matching requests exactly (few of them: cheap and
right) or walks the HNSW graph from the query outwards and keeps the rows that match.  Between
the two lies a band the whole graph serves badly: at a million requests, ``category = HR``
(14 %) or ``status = Open`` (0.7 %) match too many requests to rank exactly within a
query's budget, and the walk meets a match only every 7th or 140th row, worst when the filter
is far from the question's topic (an IT-worded question under ``category = HR``).  It then
reads up to ``hnsw.max_scan_tuples`` rows and returns the first matches it meets rather than
the nearest: recall@10 0.11 and a quarter of the queries short of 10 rows, measured.

A *partial* HNSW index (``CREATE INDEX … USING hnsw … WHERE (metadata_->>'category') = 'HR'``)
is a graph of the matching rows only.  Postgres uses it by itself for any search whose WHERE
implies its predicate (``category = HR``, ``category = HR AND status = Open``), and a walk in it
meets a match at every step.  The predicates here are written exactly as the retriever writes
its filters (:func:`askdesk.answering.filters.chunk_conditions`: ``->>`` and ``IN``), which is
what lets the planner prove the implication.

What gets a graph is read from the data (:class:`~askdesk.answering.vocabulary.Vocabulary`):
each value of the chosen fields matched by more requests than the exact scan takes
(``answering.exact_below``) and by at most ``max_share`` of them (a value that keeps most
requests costs the whole graph little), the group of open statuses the engine reads "open"
as, and, with an access policy, what someone granted none of its scopes sees (the retriever's
visibility conditions as the predicate: the most common identity's searches walk only what
they may see).  Each graph costs its share of the table in disk, memory and build time, and every
insert of a matching row, so the set is chosen, not grown: ``tune`` drops the graphs the data
no longer calls for.  Graphs are built ``CONCURRENTLY`` (a running bot keeps searching) and
named ``<vector table>_fg_<hash of the predicate and the build settings>``, with the label in
the index comment.

Each graph comes with a partial full-text (GIN) index of the same rows
(``<vector table>_ft_<hash of the predicate>``), for the text side of the same searches: its
candidates are the chunks holding the question's rarest words, and with the whole table's GIN
index a filtered search read every chunk holding them (4,150 for a word as common as "anyone"
at a million requests) to keep the few that match; the partial index holds only matching ones.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import psycopg2

from askdesk import vector_tables as layout
from askdesk.access import EVERYTHING, AccessPolicy, Scope, Visibility, visible_chunks, visible_requests
from askdesk.answering.filters import FieldCondition, RequestFilters, chunk_conditions
from askdesk.answering.vocabulary import Vocabulary
from askdesk.schema import requests as requests_table

#: what the comment of a filter graph starts with (how ``tune`` recognises its own indexes)
COMMENT_PREFIX = "askdesk filter graph: "
#: the name infix of a filter graph (``<table>_fg_<hash>``) and of its full-text index (``_ft_``)
GRAPH, TEXT = "fg", "ft"
#: the fields tuned unless others are chosen: the ones people filter on most
DEFAULT_FIELDS = ("status", "category", "priority")
#: renders literals for the driver askdesk ships (psycopg2: a ``%`` in a value is written ``%%``)
_LITERAL_SQL = psycopg2.dialect()


@dataclass(frozen=True)
class FilterGraph:
    """One partial HNSW graph: the chunks ``filters`` and ``visibility`` keep."""

    label: str
    #: the requests it covers, when it was chosen
    requests: int = 0
    filters: RequestFilters = field(default_factory=RequestFilters)
    visibility: Visibility = EVERYTHING

    @classmethod
    def of_values(cls, name: str, values: tuple[str, ...], requests: int = 0) -> FilterGraph:
        shown = ", ".join(values) if len(values) <= 3 else f"{', '.join(values[:3])}, … ({len(values)})"
        return cls(f"{name} = {shown}", requests, RequestFilters((FieldCondition(name, values),)))

    @classmethod
    def of_scopes(cls, scopes: Sequence[Scope], requests: int = 0) -> FilterGraph:
        """What someone granted none of ``scopes`` sees (a policy's every scope hidden)."""
        return cls(f"visible without grants (hides {', '.join(s.name for s in scopes)})", requests,
                   visibility=Visibility(hidden=tuple(scopes)))

    def predicate(self) -> str:
        """The index's WHERE: the retriever's own conditions for this filter and visibility, as
        SQL text (Postgres proves a search's WHERE implies a predicate by comparing expressions,
        so they must be the very ones the retriever writes)."""
        metadata: sa.ColumnClause[Any] = sa.column(layout.METADATA)
        conditions = chunk_conditions(self.filters, metadata) + visible_chunks(self.visibility, metadata)
        return " AND ".join(f"({c.compile(dialect=_LITERAL_SQL, compile_kwargs={'literal_binds': True})})"
                            for c in conditions)

    def text_name(self, table: str) -> str:
        """The name of its full-text index (the GIN index of the same rows)."""
        return _index_name(table, TEXT, self.predicate())

    def name(self, table: str, *, m: int, ef_construction: int) -> str:
        """Named after its predicate and how it is built: a changed policy or value, or other
        build settings, is another graph."""
        return _index_name(table, GRAPH, f"{self.predicate()}\0m={int(m)},ef_construction={int(ef_construction)}")


@dataclass
class TuneReport:
    """What ``tune`` did (or, with ``dry_run``, would do)."""

    created: list[FilterGraph] = field(default_factory=list)
    kept: list[FilterGraph] = field(default_factory=list)
    #: the labels (index comments) of the graphs dropped
    dropped: list[str] = field(default_factory=list)
    total_requests: int = 0
    seconds: float = 0.0


def wanted_graphs(vocab: Vocabulary, *, exact_below: int, max_share: float, fields: Sequence[str] = DEFAULT_FIELDS,
                  policy: AccessPolicy | None = None, engine: sa.Engine | None = None) -> list[FilterGraph]:
    """The graphs this data calls for (see the module docstring), largest first; with an access
    ``policy``, also the requests someone granted none of its scopes sees (counted through
    ``engine``)."""
    total = vocab.total
    if total <= 0:
        return []

    def worth(n: int) -> bool:
        return n > exact_below and n <= max_share * total

    wanted = [FilterGraph.of_values(name, (value,), n) for name in fields for value, n in vocab.values(name).items()
              if worth(n)]
    if "status" in fields and len(vocab.open_statuses) > 1:
        n = sum(vocab.statuses[s] for s in vocab.open_statuses)
        if worth(n):
            wanted.append(FilterGraph.of_values("status", tuple(sorted(vocab.open_statuses)), n))
    if policy is not None and policy.scopes:
        unrestricted = FilterGraph.of_scopes(policy.scopes)
        n = count_visible(engine, unrestricted.visibility) if engine is not None else 0
        if worth(n):
            wanted.append(replace(unrestricted, requests=n))
    return sorted(wanted, key=lambda g: (-g.requests, g.label))


def count_visible(engine: sa.Engine, visibility: Visibility) -> int:
    """How many requests ``visibility`` shows (a count over the requests table)."""
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(requests_table)
                                .where(*visible_requests(visibility, requests_table))).scalar_one())


def existing_graphs(conn: sa.Connection, table: str, *, kind: str = GRAPH) -> dict[str, tuple[str, bool]]:
    """The filter graphs on ``table`` (``kind=TEXT``: their full-text indexes): index name ->
    (its comment's label, valid).  An invalid one is what a ``CREATE INDEX CONCURRENTLY`` that
    failed or was killed leaves behind."""
    rows = conn.execute(sa.text(
        "SELECT c.relname, obj_description(c.oid, 'pg_class'), i.indisvalid FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = :schema AND t.relname = :table "
        "AND c.relname LIKE :prefix"), {"schema": layout.SCHEMA, "table": table, "prefix": f"{_stem(table)}\\_{kind}\\_%"})
    return {name: ((comment or "").removeprefix(COMMENT_PREFIX), valid) for name, comment, valid in rows}


def tune(engine: sa.Engine, table: str, wanted: Sequence[FilterGraph], *, m: int, ef_construction: int,
         build_memory_mb: int, dry_run: bool = False, total_requests: int = 0) -> TuneReport:
    """Make the filter graphs on ``table`` exactly ``wanted``: build the missing ones, drop the
    others (and any invalid leftover of an interrupted build).  Re-running it is cheap: a graph
    that exists is kept as it is."""
    started = time.perf_counter()
    report = TuneReport(total_requests=total_requests)
    with engine.connect() as conn:
        have_texts = existing_graphs(conn, table, kind=TEXT)
        have = {**existing_graphs(conn, table), **have_texts}
    # each wanted graph with the names of its two indexes (the HNSW graph, the full-text index)
    named = [(g, g.name(table, m=m, ef_construction=ef_construction), g.text_name(table)) for g in wanted]
    want = {name for _g, graph_name, text_name in named for name in (graph_name, text_name)}
    for name, (label, valid) in sorted(have.items()):
        if name in want and valid:
            continue
        kind = " (its full-text index)" if name in have_texts else ""
        report.dropped.append(label + kind + ("" if valid else " (left invalid by an interrupted build)"))
        if not dry_run:
            _autocommit(engine, f"DROP INDEX CONCURRENTLY IF EXISTS {layout.SCHEMA}.{name}")
    for graph, graph_name, text_name in named:
        missing = [name for name in (graph_name, text_name) if not (name in have and have[name][1])]
        (report.created if missing else report.kept).append(graph)
        if dry_run or not missing:
            continue
        predicate = graph.predicate()
        comment = sa.literal(COMMENT_PREFIX + graph.label).compile(dialect=_LITERAL_SQL,
                                                                   compile_kwargs={"literal_binds": True})
        for name in missing:
            build = (layout.hnsw_index_sql(name, table, m=m, ef_construction=ef_construction, where=predicate,
                                           concurrently=True)
                     if name == graph_name else layout.text_index_sql(name, table, where=predicate, concurrently=True))
            _autocommit(
                engine,
                f"SET maintenance_work_mem = '{int(build_memory_mb)}MB'",
                build,
                f"COMMENT ON INDEX {layout.SCHEMA}.{name} IS {comment}",
                "RESET maintenance_work_mem",
            )
    report.seconds = time.perf_counter() - started
    return report


def _index_name(table: str, kind: str, recipe: str) -> str:
    """``<table>_<kind>_<hash of recipe>``: what an index is built from decides its name."""
    return f"{_stem(table)}_{kind}_{hashlib.sha1(recipe.encode()).hexdigest()[:10]}"


def _stem(table: str) -> str:
    """The table name as the graphs' names start (short enough for Postgres's 63-character names)."""
    return table[:40]


def _autocommit(engine: sa.Engine, *statements: str) -> None:
    """Run statements outside a transaction (``… CONCURRENTLY`` refuses to run inside one)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for statement in statements:
            conn.exec_driver_sql(statement, {})  # the driver turns the %% of literal values back into %

"""How deep an unfiltered search looks in the HNSW graph (``hnsw.ef_search``), chosen by the
recall measured on the index (``askdesk db tune``).

The depth a graph needs for a given recall grows with its size and with how alike its vectors
are: at 5,000 requests 100 candidates find the true 10 nearest every time, at a million
templated ones they found 8 or 9 in 10.  A fixed number is either too slow for small indexes or
too shallow for large ones, and no rule of thumb knows how alike a company's tickets are; so
``tune`` measures.  Queries are the titles of requests drawn at random, embedded by the index's
embedder: a question about a request is short and about one request.  (At a million requests,
where the benchmark's questions found the true ten 90 % of the time at depth 100, titles found
84 %, the stored vectors themselves looking for their nearest *other* requests 96 %, and
midpoints between two stored vectors 45 %: the last two mislead.)  Without an embedder the
stored vectors are used.  The truth is an exact scan; the graph is searched at each depth; the
shallowest depth whose mean recall@10 reaches the target becomes the database's
``hnsw.ef_search`` (``ALTER DATABASE``: new connections use it; a running bot picks it up as its
pool reconnects, or at a restart).  Filtered graph scans keep their own floor
(``answering.filtered_ef_search``).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from askdesk import vector_tables as layout
from askdesk.db import estimated_rows

#: the depths tried, shallowest first (pgvector's default is 40; askdesk's migration sets 100)
DEPTHS = (100, 200, 400, 800)


@dataclass(frozen=True)
class DepthChoice:
    """The depth chosen and what was measured."""

    ef_search: int
    #: mean recall@10 at each depth tried
    recall: dict[int, float] = field(default_factory=dict)
    queries: int = 0
    target: float = 0.95

    @property
    def reached(self) -> bool:
        return self.recall.get(self.ef_search, 0.0) >= self.target


def measure(engine: sa.Engine, table: str, dim: int, *, embed: Callable[[list[str]], Sequence[Sequence[float]]] | None = None,
            queries: int = 40, depths: Sequence[int] = DEPTHS, k: int = 10, seed: int = 7) -> tuple[dict[int, float], int]:
    """Mean recall@``k`` of the graph at each depth over ``queries`` stored vectors (see the
    module docstring), and how many queries were used (fewer on a small table)."""
    t = layout.chunk_table(table, dim)
    with engine.connect() as conn:
        total = estimated_rows(conn, f"{layout.SCHEMA}.{table}")
        share = min(100.0, 100.0 * 4 * queries / total) if total else 100.0
        rows = conn.execute(sa.text(
            f"SELECT id, {layout.EMBEDDING}::text, {layout.METADATA} ->> 'title' FROM {layout.SCHEMA}.{table} "
            f"TABLESAMPLE BERNOULLI (:p) REPEATABLE (:seed) WHERE {layout.EMBEDDING} IS NOT NULL LIMIT :n"),
            {"p": share, "seed": seed, "n": queries}).all()
    if not rows:
        return {}, 0
    titles = [title for _id, _v, title in rows]
    if embed is not None and all(titles):
        # a title is what a question about a request looks like: short, and about one request
        points = [(None, list(v)) for v in embed(titles)]
    else:
        points = [(own_id, [float(x) for x in text.strip("[]").split(",")]) for own_id, text, _t in rows]
    distance = t.c.embedding.cosine_distance
    recalls: dict[int, list[float]] = {d: [] for d in depths}
    for own_id, point in points:
        # a stored vector looks for its nearest *other* requests
        others = t.c.id != own_id if own_id is not None else sa.true()
        with engine.begin() as conn:  # the true neighbours: index scans off
            conn.execute(sa.text("SET LOCAL enable_indexscan = off"))
            exact = conn.execute(sa.select(distance(point)).where(others).order_by(distance(point)).limit(k)).scalars().all()
        if len(exact) < k:
            continue
        kth = exact[-1]
        for depth in depths:
            with engine.begin() as conn:
                conn.execute(sa.text("SET LOCAL enable_seqscan = off"))
                conn.execute(sa.text("SELECT set_config('hnsw.ef_search', :d, true)"), {"d": str(int(depth))})
                found = conn.execute(sa.select(distance(point)).where(others).order_by(distance(point)).limit(k)).scalars().all()
            # tie-aware: any row as near as the true k-th is a right answer
            recalls[depth].append(sum(1 for d in found if d <= kth + 1e-6) / k)
    used = len(recalls[depths[0]])
    return ({d: statistics.mean(r) for d, r in recalls.items() if r}, used)


def choose(recall: dict[int, float], queries: int, *, target: float) -> DepthChoice:
    """The shallowest depth that reaches ``target``; the deepest tried when none does."""
    if not recall:
        return DepthChoice(DEPTHS[0], recall, queries, target)
    reaching = [d for d in sorted(recall) if recall[d] >= target]
    return DepthChoice(reaching[0] if reaching else max(recall), recall, queries, target)


def apply(engine: sa.Engine, ef_search: int) -> None:
    """Make ``ef_search`` the database's default for new connections."""
    with engine.begin() as conn:
        conn.execute(sa.text(
            f"DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET hnsw.ef_search = {int(ef_search)}', current_database()); END $$"))


def current(engine: sa.Engine) -> int | None:
    """The database's ``hnsw.ef_search`` as a new connection gets it (None: not set)."""
    with engine.connect() as conn:
        value = conn.execute(sa.text("SELECT current_setting('hnsw.ef_search', true)")).scalar()
    return int(value) if value else None

"""Filtered hybrid retrieval over the LlamaIndex vector table: pgvector + Postgres full text,
fused by reciprocal rank fusion (RRF).

Why not ``PGVectorStore.query``: its metadata filters paste values into the SQL text and its
hybrid mode returns the two result lists de-duplicated but unfused.  Here both
queries are parameterised SQLAlchemy Core over the same table LlamaIndex writes, and:

* the vector query orders by cosine distance; :mod:`askdesk.answering.vector_plan` chooses the
  scan: unfiltered, the HNSW graph; filtered, the matching requests ranked exactly when the
  planner expects at most ``exact_below`` of them (and at most ``exact_share`` of all), else
  the graph scanned iteratively
  (``hnsw.iterative_scan``, ``filtered_ef_search`` deep) until it has ``n`` matching rows;
* the full-text query ranks by Okapi BM25 (``askdesk.text_terms`` holds the document
  frequencies): the candidates are the chunks holding any of the question's *rarest* words, as
  many words as keep the candidates under ``text_candidates`` (so its cost is bounded at any
  corpus size and with any filter), and each is scored over all of the question's words; with
  a filter so selective that few of those candidates would survive it, the chunks of the
  matching requests are scored instead, reached through the requests table;
  before the first index run has counted the lexemes it ranks as Postgres does (cover density,
  all words first, then any of them);
* requests split into several chunks count once (their best chunk).

``exact=True`` ranks every matching chunk exactly: the true nearest neighbours, used by the
benchmark to measure HNSW recall.

A :class:`~askdesk.access.Visibility` keeps hidden requests out of both queries (its conditions
are in the WHERE of the vector and of the full-text side, next to the question's filters), so
only visible chunks are ranked, and it counts as a filter when the vector scan is chosen.  On a
pgvector older than 0.8, which cannot scan iteratively, a filtered graph scan is replaced by the
exact one.  A search over the asker's own requests (``Visibility.own_only``) always ranks
exactly: their few chunks are found by request id first.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, REGCONFIG, TSQUERY

from askdesk import text_terms
from askdesk.access import EVERYTHING, Visibility, visible_chunks
from askdesk.answering import vector_plan
from askdesk.answering.filters import RequestFilters, chunk_conditions
from askdesk.vector_tables import REF_DOC_ID, chunk_table


@dataclass
class Hit:
    """One retrieved request (best chunk), with the evidence of each retriever."""

    request_id: str
    text: str
    metadata: dict[str, Any]
    score: float = 0.0  # fused RRF score (or the reranker's)
    similarity: float | None = None  # cosine similarity of the best chunk, if the vector side found it
    vector_rank: int | None = None
    text_rank: int | None = None

    def trace(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "score": round(self.score, 5),
            "similarity": None if self.similarity is None else round(self.similarity, 4),
            "vector_rank": self.vector_rank,
            "text_rank": self.text_rank,
        }


@dataclass
class Retrieval:
    hits: list[Hit]
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def best_similarity(self) -> float:
        sims = [h.similarity for h in self.hits if h.similarity is not None]
        return max(sims) if sims else 0.0


#: pgvector's first version with iterative index scans (``hnsw.iterative_scan``)
ITERATIVE_SCAN_SINCE = (0, 8)
#: keep the database's iterative scan mode if it has one, else relaxed_order (this transaction only)
_ITERATIVE_SCAN = sa.text(
    "SELECT set_config('hnsw.iterative_scan', "
    "coalesce(nullif(current_setting('hnsw.iterative_scan', true), 'off'), 'relaxed_order'), true)")


def _version(text: str | None) -> tuple[int, ...]:
    parts = []
    for part in (text or "").split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def _tsquery_literal(lexeme: str) -> str:
    """A lexeme as a tsquery operand: quoted, so it is taken as it is (not parsed again)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def rrf_fuse(rankings: Sequence[Sequence[str]], k: int = 60) -> dict[str, float]:
    """Reciprocal rank fusion: score(d) = Σ 1 / (k + rank of d in each list), ranks from 1."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return scores


class HybridRetriever:
    """Vector + full-text retrieval over one vector table, with filters, fused by RRF."""

    def __init__(
        self,
        engine: sa.Engine,
        *,
        table: str,
        dim: int,
        embed_model: Any,
        text_search_config: str = "english",
        candidates: int = 40,
        rrf_k: int = 60,
        or_cap: int = 2000,
        text_candidates: int = 2000,
        bm25_k1: float = 1.2,
        bm25_b: float = 0.75,
        exact_below: int = 1000,
        exact_share: float = 0.25,
        filtered_ef_search: int = 400,
        max_scan_tuples: int = 100_000,
        concurrent_sides: int = 8,
    ) -> None:
        self.engine = engine
        self.table = chunk_table(table, dim)
        self.embed_model = embed_model
        self.text_search_config = text_search_config
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.or_cap = or_cap
        self.text_candidates = text_candidates
        self.bm25_k1 = bm25_k1
        self.bm25_b = bm25_b
        self.exact_below = exact_below
        self.exact_share = exact_share
        self.filtered_ef_search = filtered_ef_search
        self.max_scan_tuples = max_scan_tuples
        #: the server's pgvector scans HNSW iteratively (read once, on the first restricted search)
        self._iterative: bool | None = None
        #: threads that run the full-text side of up to this many searches next to their vector
        #: side (0: one after the other); each such search holds two pooled connections
        self._sides = (ThreadPoolExecutor(concurrent_sides, thread_name_prefix="askdesk-text-side")
                       if concurrent_sides > 0 else None)

    def _iterative_scan(self, conn: sa.Connection) -> bool:
        if self._iterative is None:
            version = conn.execute(sa.text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).scalar()
            self._iterative = _version(version) >= ITERATIVE_SCAN_SINCE
        return self._iterative

    # -- the two retrievers -------------------------------------------------------------------
    def plan(self, conn: sa.Connection, filters: RequestFilters, visibility: Visibility) -> vector_plan.VectorPlan:
        """How both sides scan for this search (one planner estimate, shared by them)."""
        return vector_plan.choose(conn, filters, visibility, exact_below=self.exact_below, exact_share=self.exact_share)

    def vector_search(
        self, embedding: Sequence[float], filters: RequestFilters, n: int, *, exact: bool = False,
        visibility: Visibility = EVERYTHING, plan: vector_plan.VectorPlan | None = None,
    ) -> list[tuple[str, float, str, dict[str, Any]]]:
        """Nearest visible chunks by cosine distance: (request id, similarity, text, metadata),
        best first; ``n`` of them whenever ``n`` match (see the module docstring)."""
        t = self.table
        distance = t.c.embedding.cosine_distance(list(embedding)).label("distance")
        conds = [*chunk_conditions(filters, t.c.metadata_), *visible_chunks(visibility, t.c.metadata_)]
        resort = False
        order = distance
        with self.engine.begin() as conn:
            if exact:
                plan = vector_plan.VectorPlan("exact")
            elif plan is None:
                plan = self.plan(conn, filters, visibility)
            if plan.scan == "exact":
                # ranked exactly: ordering by the distance plus 0 keeps the HNSW index out of the
                # plan while the btree indexes stay usable (the matching requests' chunks are
                # found through the ref_doc_id index)
                order = distance + 0
                if not exact and (not filters.is_empty() or visibility.restricted):
                    conds.append(self._of_matching_requests(filters, visibility))
            else:
                # the graph: on a small table the planner prices a sequential scan of every vector
                # below a deep HNSW search and picks it (53 ms at 5,000 rows against 3 ms)
                conn.execute(sa.text("SET LOCAL enable_seqscan = off"))
            if plan.scan == "filtered graph":
                if self._iterative_scan(conn):
                    conn.execute(_ITERATIVE_SCAN)
                    # missing_ok: before pgvector's library is loaded in a session, and in a database
                    # without the migration's ALTER DATABASE settings, the parameter is unknown
                    conn.execute(sa.text(
                        "SELECT set_config('hnsw.ef_search', greatest(coalesce(nullif(current_setting('hnsw.ef_search', true), "
                        "'')::int, 40), :ef)::text, true), set_config('hnsw.max_scan_tuples', :n, true)"),
                        {"ef": self.filtered_ef_search, "n": str(self.scan_budget(plan))})
                    resort = True  # relaxed_order may return neighbours slightly out of order
                else:  # no iterative scan (pgvector < 0.8): the graph could come back short; rank exactly
                    conn.execute(sa.text("SET LOCAL enable_seqscan = on"))
                    order = distance + 0
            stmt = sa.select(t.c.metadata_[REF_DOC_ID].astext.label("rid"), distance, t.c.text, t.c.metadata_).where(
                *conds).order_by(order).limit(n)
            rows = conn.execute(stmt).all()
        if resort:
            rows = sorted(rows, key=lambda r: float(r.distance))
        return [(r.rid, 1.0 - float(r.distance), r.text, r.metadata_) for r in rows]

    def scan_budget(self, plan: vector_plan.VectorPlan) -> int:
        """How many rows a filtered walk of the graph may read (``hnsw.max_scan_tuples``).

        The walk reads the graph ``filtered_ef_search`` candidates at a time until enough of them
        match, and meets a matching row about every 1 / share rows: a full pass of matching
        candidates costs about ``filtered_ef_search`` / share rows; twice that, so that a filter
        far from the question's topic (where matches are rarer than the share) still fills it.
        Never below pgvector's default (20,000), never above ``max_scan_tuples``: the bound on
        one search's cost when no filter graph (``askdesk db tune``) serves the filter.  In a
        filter graph every row matches and the walk ends long before the bound."""
        share = plan.share if plan.share else 1.0
        return min(self.max_scan_tuples, max(20_000, math.ceil(2 * self.filtered_ef_search / share)))

    def text_search(self, query: str, filters: RequestFilters, n: int, *, visibility: Visibility = EVERYTHING,
                    plan: vector_plan.VectorPlan | None = None) -> list[tuple[str, float, str, dict[str, Any]]]:
        """Full-text matches, best first: BM25 once the lexemes are counted, else cover density
        (see the module docstring)."""
        with self.engine.connect() as conn:
            stats = text_terms.corpus(conn)
            if stats is not None:
                through = self._text_through_requests(plan or self.plan(conn, filters, visibility), n)
                return self._bm25(conn, stats, query, filters, n, visibility, through_requests=through)
        anded = sa.func.plainto_tsquery(sa.cast(self.text_search_config, REGCONFIG), query)
        rows = self._ranked_text(anded, filters, n, cap=None, visibility=visibility)
        if rows:
            return rows
        ored = sa.cast(sa.func.replace(sa.cast(anded, sa.Text), "&", "|"), TSQUERY)
        return self._ranked_text(ored, filters, n, cap=self.or_cap, visibility=visibility)

    def _of_matching_requests(self, filters: RequestFilters, visibility: Visibility) -> sa.ColumnElement[bool]:
        """A chunk of one of the requests matching ``filters`` within ``visibility`` (found through
        the ``ref_doc_id`` index from the requests table)."""
        return self.table.c.metadata_[REF_DOC_ID].astext.in_(vector_plan.matching_request_ids(filters, visibility))

    def _text_through_requests(self, plan: vector_plan.VectorPlan, n: int) -> bool:
        """Whether the text side should read the matching requests' chunks rather than the rarest
        words' candidates: when few requests match (the vector side ranks them exactly) *and* the
        capped candidates would leave fewer than twice ``n`` after the filter
        (``text_candidates`` × the matching share).  A filter that keeps a larger share leaves
        plenty of the cheap candidates (measured at 5,000: scoring every chunk of the 235–740
        matching requests cost 20–40 % more text-side time than the capped path)."""
        if plan.scan != "exact":
            return False
        return plan.share is None or self.text_candidates * plan.share < 2 * n

    def _bm25(self, conn: sa.Connection, stats: text_terms.Corpus, query: str, filters: RequestFilters, n: int,
              visibility: Visibility, *, through_requests: bool = False) -> list[tuple[str, float, str, dict[str, Any]]]:
        """Okapi BM25 over the chunks holding the question's rarest words, or, when few requests
        match the filters (``through_requests``: the plan ranks them exactly), over every chunk of
        those requests holding any of its words, reached through the requests table and the
        ``ref_doc_id`` index: the rarest words of the whole corpus may miss the few matching
        requests altogether, and the full-text index would read all of a word's matches to keep
        a handful.

        idf = ln(1 + (N − df + 0.5) / (df + 0.5)); a chunk's length is its count of distinct
        lexemes (what ``length(tsvector)`` gives; the mean is over the corpus)."""
        terms = text_terms.query_terms(conn, self.text_search_config, query)
        if not terms:
            return []
        chosen: list[str] = []
        budget = 0
        for lexeme, docs in terms:  # rarest first, until the candidates would pass the cap
            if chosen and budget + docs > self.text_candidates and not through_requests:
                break
            chosen.append(lexeme)
            budget += docs
        idf = [math.log(1 + (stats.docs - docs + 0.5) / (docs + 0.5)) for _l, docs in terms]
        t = self.table
        tsq = sa.cast(" | ".join(_tsquery_literal(x) for x in chosen), TSQUERY)
        conds = [t.c.text_search_tsv.op("@@")(tsq), *chunk_conditions(filters, t.c.metadata_),
                 *visible_chunks(visibility, t.c.metadata_)]
        if through_requests:
            conds.append(self._of_matching_requests(filters, visibility))
            # bitmap scans are how the full-text (GIN) index is read: off, the chunks come from the
            # matching requests' ids (the btree), however common the question's words are; and
            # sequential scans off, or at 5,000 rows the planner read every chunk and joined the
            # requests to them (9 ms there, every row of a million-row table)
            conn.execute(sa.text("SET LOCAL enable_bitmapscan = off"))
            conn.execute(sa.text("SET LOCAL enable_seqscan = off"))
        cand = (
            sa.select(t.c.id, t.c.text_search_tsv.label("tsv"), sa.func.length(t.c.text_search_tsv).label("len"))
            .where(*conds)
            .limit(None if through_requests else self.text_candidates)
            .subquery("cand")
        )
        occurs = sa.func.unnest(cand.c.tsv).table_valued("lexeme", "positions", "weights").lateral("occurs")
        weights = sa.func.unnest(sa.cast([x for x, _d in terms], ARRAY(sa.Text)),
                                 sa.cast(idf, ARRAY(sa.Float))).table_valued("lexeme", "idf").render_derived("weights")
        tf = sa.func.coalesce(sa.func.cardinality(occurs.c.positions), 1)
        k1, b = self.bm25_k1, self.bm25_b
        norm = k1 * (1 - b + b * cand.c.len / max(stats.avg_length, 1.0))
        score = sa.func.sum(weights.c.idf * tf * (k1 + 1) / (tf + norm)).label("score")
        scored = (
            sa.select(cand.c.id, score)
            .select_from(cand.join(occurs, sa.true()).join(weights, weights.c.lexeme == occurs.c.lexeme))
            .group_by(cand.c.id)
            .order_by(score.desc(), cand.c.id)
            .limit(n)
            .subquery("scored")
        )
        stmt = (
            sa.select(t.c.metadata_[REF_DOC_ID].astext.label("rid"), scored.c.score, t.c.text, t.c.metadata_)
            .join(scored, scored.c.id == t.c.id)
            .order_by(scored.c.score.desc(), t.c.id)
        )
        return [(r.rid, float(r.score), r.text, r.metadata_) for r in conn.execute(stmt)]

    def _ranked_text(self, tsq: sa.ColumnElement[Any], filters: RequestFilters, n: int,
                     cap: int | None, visibility: Visibility) -> list[tuple[str, float, str, dict[str, Any]]]:
        t = self.table
        matches = (
            sa.select(t.c.metadata_, t.c.text, t.c.text_search_tsv)
            .where(t.c.text_search_tsv.op("@@")(tsq), *chunk_conditions(filters, t.c.metadata_),
                   *visible_chunks(visibility, t.c.metadata_))
        )
        if cap:
            matches = matches.limit(cap)
        m = matches.subquery()
        rank = sa.func.ts_rank_cd(m.c.text_search_tsv, tsq).label("rank")
        stmt = sa.select(m.c.metadata_[REF_DOC_ID].astext.label("rid"), rank, m.c.text, m.c.metadata_).order_by(
            rank.desc()).limit(n)
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        return [(r.rid, float(r.rank), r.text, r.metadata_) for r in rows]

    # -- fused --------------------------------------------------------------------------------
    def retrieve(self, query: str, filters: RequestFilters, k: int, *,
                 visibility: Visibility = EVERYTHING) -> Retrieval:
        """The ``k`` best visible requests for ``query`` within ``filters`` (RRF of both sides)."""
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        with self.engine.connect() as conn:
            plan = self.plan(conn, filters, visibility)
        timings["plan_ms"] = (time.perf_counter() - t0) * 1000

        def text_side() -> list[tuple[str, float, str, dict[str, Any]]]:
            started = time.perf_counter()
            try:
                return self.text_search(query, filters, self.candidates, visibility=visibility, plan=plan)
            finally:
                timings["text_ms"] = (time.perf_counter() - started) * 1000

        # the full-text query runs in its own connection (its own server process) while this
        # thread embeds the question and runs the vector query: with a core free for each, the
        # search costs the slower side rather than the sum of both
        text_future = self._sides.submit(text_side) if self._sides is not None else None
        t0 = time.perf_counter()
        embedding = self.embed_model.get_query_embedding(query)
        timings["embed_ms"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        vec = self.vector_search(embedding, filters, self.candidates, visibility=visibility, plan=plan)
        timings["vector_ms"] = (time.perf_counter() - t0) * 1000
        txt = text_future.result() if text_future is not None else text_side()

        hits: dict[str, Hit] = {}
        vector_order: list[str] = []
        for rid, sim, text, meta in vec:
            if rid not in hits:
                hits[rid] = Hit(rid, text, meta, similarity=sim, vector_rank=len(vector_order) + 1)
                vector_order.append(rid)
        text_order: list[str] = []
        for rid, _rank, text, meta in txt:
            if rid in text_order:
                continue
            text_order.append(rid)
            hit = hits.setdefault(rid, Hit(rid, text, meta))
            hit.text_rank = len(text_order)
        for rid, score in rrf_fuse([vector_order, text_order], self.rrf_k).items():
            hits[rid].score = score
        ranked = sorted(hits.values(), key=lambda h: (-h.score, h.request_id))
        return Retrieval(ranked[:k], timings)

"""Retrieval latency (p50/p95) with and without filters and access conditions, and filtered
recall@10 of HNSW against exact search, at 5,000 and 1,000,000 requests (figures in
docs/retrieval.md and docs/access.md).  The ``access:`` rows search as an identity an access
policy hides scopes from (the condition sits in the SQL of both sides, as in the engine); the
``own:`` row searches the busiest requester's own requests ("my requests": their keyed requester
hash, read from the requests table, which is filled with the generated rows' keys).

    .venv/bin/python benchmarks/embed_vectors.py --rows 5000 --out benchmarks/.cache/vectors-5000-seed7.npy
    .venv/bin/python benchmarks/retrieval.py --rows 5000
    .venv/bin/python benchmarks/retrieval.py --rows 1000000 --recall-queries 40   # vectors made on a GPU

Vectors come from the cache file written by ``embed_vectors.py`` (real MiniLM vectors of the
generated requests, embedded once); they are loaded with COPY into a *separate* embedded
Postgres (``benchmarks/.cache/pg-<rows>``) migrated by askdesk's own migrations, the HNSW index
is built after the load, and the queries go through the engine's own ``HybridRetriever``.
A second run reuses the loaded database.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np
import sqlalchemy as sa

from askdesk import schema, text_terms
from askdesk import vector_tables as layout
from askdesk.access import EVERYTHING, AccessPolicy, Viewer, Visibility, visibility_for, visible_chunks
from askdesk.access.requester import Requester, RequesterHasher
from askdesk.answering.build import build_retriever
from askdesk.answering.filters import DateRange, RequestFilters, chunk_conditions
from askdesk.answering.vocabulary import Vocabulary
from askdesk.db import connect, stop_embedded
from askdesk.migrations import upgrade
from askdesk.models import embedder_from_settings, load_embedder
from askdesk.sample import generate_requests
from askdesk.settings import Settings
from benchmarks.embed_vectors import request_text
from indexing import filter_graphs, graph_depth

CACHE = ROOT / "benchmarks" / ".cache"
OPEN = ("New", "Open", "In Progress", "Pending", "On Hold")
FILTERS = {
    "none": RequestFilters(),
    "status=Open (1 value)": RequestFilters.of(status=("Open",)),
    "open statuses (5 values)": RequestFilters.of(status=OPEN),
    "category=HR": RequestFilters.of(category=("HR",)),
    "priority=Critical": RequestFilters.of(priority=("1 - Critical",)),
    "IT + open": RequestFilters.of(category=("IT",), status=OPEN),
    "Security+Critical+6 months": RequestFilters.of(category=("Security",), priority=("1 - Critical",),
                                                    dates=(DateRange("created_at", datetime(2026, 5, 1), datetime(2026, 11, 1)),)),
}


def _hiding(*categories: str) -> Visibility:
    """The visibility of someone a policy hides these categories from (one scope each)."""
    policy = AccessPolicy.model_validate({"scopes": [{"name": c.lower(), "match": [{"category": [c]}]} for c in categories]})
    return visibility_for(policy, Viewer("dm", user="U0BENCH"))


#: access conditions measured with no question filter
ACCESS = {
    "access: HR+Security hidden": _hiding("HR", "Security"),
    "access: all but IT hidden": _hiding("HR", "Security", "Facilities", "Finance", "Procurement", "Legal"),
}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def load(db, table: str, vectors: np.ndarray, rows: int, seed: int, m: int, ef_construction: int) -> None:  # type: ignore[no-untyped-def]
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"DROP INDEX IF EXISTS {layout.embedding_index(table)}")
        raw.commit()
        copy_sql = f"COPY {table} ({layout.TEXT}, {layout.METADATA}, {layout.NODE_ID}, {layout.EMBEDDING}) FROM STDIN"
        batch, t0 = 20_000, time.perf_counter()
        buf, n = io.StringIO(), 0
        for i, s in enumerate(generate_requests(rows, seed)):
            r = s.row
            meta = {"request_id": r["RequestID"], layout.REF_DOC_ID: r["RequestID"], "title": r["Title"], "status": r["Status"],
                    "category": r["Category"], "subcategory": r["Subcategory"], "priority": r["Priority"],
                    "created_at": (r["CreatedAt"] or "").replace(" ", "T")}
            vec = "[" + ",".join(f"{x:.4f}" for x in vectors[i].tolist()) + "]"
            text = request_text(r).replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n").replace("\r", " ")
            meta_txt = json.dumps(meta).replace("\\", "\\\\")
            buf.write(f"{text}\t{meta_txt}\t{r['RequestID']}#0\t{vec}\n")
            n += 1
            if n == batch:
                buf.seek(0)
                cur.copy_expert(copy_sql, buf)
                raw.commit()
                buf, n = io.StringIO(), 0
                print(f"  loaded {i + 1:,} rows ({(i + 1) / (time.perf_counter() - t0):,.0f}/s)", flush=True)
        if n:
            buf.seek(0)
            cur.copy_expert(copy_sql, buf)
            raw.commit()
        print(f"load: {rows:,} rows in {time.perf_counter() - t0:.0f} s", flush=True)
        cur.execute(f"ANALYZE {table}")
        raw.commit()
    finally:
        raw.close()
    build_graph(db, table, m, ef_construction)  # after the load: inserting into a live graph costs more
    t0 = time.perf_counter()
    with db.engine.begin() as conn:  # what the indexer does after a run: the BM25 side's frequencies
        text_terms.refresh(conn, table)
    print(f"lexeme counts: {time.perf_counter() - t0:.1f} s", flush=True)


def _graph_options(db, table: str) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """(m, ef_construction) of the whole HNSW graph as built."""
    with db.engine.connect() as conn:
        opts = conn.execute(sa.text("SELECT reloptions FROM pg_class WHERE relname = :n"),
                            {"n": layout.embedding_index(table)}).scalar()
    if not opts:
        return None
    kv = dict(o.split("=", 1) for o in opts)
    return int(kv.get("m", 16)), int(kv.get("ef_construction", 64))


def build_graph(db, table: str, m: int, ef_construction: int) -> None:  # type: ignore[no-untyped-def]
    """(Re)build the whole HNSW graph with these parameters (all the memory and both cores)."""
    raw = db.engine.raw_connection()
    try:
        cur, t0 = raw.cursor(), time.perf_counter()
        cur.execute("SET maintenance_work_mem = '6GB'")
        cur.execute("SET max_parallel_maintenance_workers = 2")
        cur.execute(f"DROP INDEX IF EXISTS {layout.embedding_index(table)}")
        cur.execute(layout.hnsw_index_sql(layout.embedding_index(table), table, m=m, ef_construction=ef_construction))
        raw.commit()
        print(f"HNSW build (m={m}, ef_construction={ef_construction}): {time.perf_counter() - t0:.0f} s", flush=True)
    finally:
        raw.close()


def load_requests(db, rows: int, seed: int, hasher: RequesterHasher) -> None:  # type: ignore[no-untyped-def]
    """The requests table's rows: what the vector plan's estimate and "my requests" read (ids,
    status, category, priority, creation time, requester keys)."""
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("TRUNCATE requests")
        cols = ("request_id, title, texts, body, updated_at, people, extra, pii_found, source, source_hash, last_seen_run, "
                "requester_key, status, category, priority, created_at")
        buf, t0 = io.StringIO(), time.perf_counter()
        for i, s in enumerate(generate_requests(rows, seed), start=1):
            r = s.row
            key = hasher.key_of(r["RequesterEmail"], "email") or "\\N"
            fields = "\t".join(r[c] or "\\N" for c in ("Status", "Category", "Priority", "CreatedAt"))
            buf.write(f"{r['RequestID']}\t-\t{{}}\t-\t2026-01-01\t{{}}\t{{}}\t{{}}\tbench\t-\t0\t{key}\t{fields}\n")
            if i % 50_000 == 0 or i == rows:
                buf.seek(0)
                cur.copy_expert(f"COPY requests ({cols}) FROM STDIN", buf)
                raw.commit()
                buf = io.StringIO()
        cur.execute("ANALYZE requests")
        raw.commit()
        print(f"requests table: {rows:,} rows in {time.perf_counter() - t0:.0f} s", flush=True)
    finally:
        raw.close()


def vectors_backend(vec_path: Path) -> str:
    """The backend that made the cached vectors (their sidecar JSON says)."""
    return str(json.loads(vec_path.with_suffix(".json").read_text()).get("backend", "torch"))


def query_embedder(made_by: str, settings: Settings):  # type: ignore[no-untyped-def]
    """The embedder of the backend that made the vectors (questions are embedded the same way)."""
    if made_by.startswith("sentence-transformers") or made_by == "torch":
        return load_embedder()
    embedding = settings.embedding.model_copy(update={"backend": made_by, "onnx_cache_dir": CACHE / "onnx"})
    return embedder_from_settings(settings.model_copy(update={"embedding": embedding}))


class CachedQueryEmbedder:
    """Query vectors computed once with the real embedder (the timing of embedding is reported apart)."""

    def __init__(self, embedder) -> None:  # type: ignore[no-untyped-def]
        self.embedder, self.cache = embedder, {}

    def get_query_embedding(self, q: str) -> list[float]:
        if q not in self.cache:
            self.cache[q] = self.embedder.get_query_embedding(q)
        return self.cache[q]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--recall-queries", type=int, default=100, help="queries also run exactly (slow at 1M)")
    ap.add_argument("--load-only", action="store_true", help="load the database (vectors, graph, requests) and stop")
    ap.add_argument("--ef-search", type=int, help="set hnsw.ef_search for this database (default: the migration's 100)")
    ap.add_argument("--filters", help="comma-separated subset of the filter names (default: all)")
    ap.add_argument("--m", type=int, default=16, help="HNSW m of the whole graph (a change rebuilds it)")
    ap.add_argument("--ef-construction", type=int, default=64, help="HNSW ef_construction (a change rebuilds it)")
    ap.add_argument("--graph-m", type=int, help="m of the filter graphs --tune builds (default: the setting's)")
    ap.add_argument("--graph-ef-construction", type=int, help="ef_construction of the filter graphs (default: the setting's)")
    ap.add_argument("--tune", action="store_true", help="what `askdesk db tune` does: build the filter graphs (kept for "
                    "later runs) and set hnsw.ef_search by measured recall")
    ap.add_argument("--shared-buffers", help="the benchmark server's shared_buffers, e.g. 4GB (default: as it is; "
                    "the embedded server starts with 128MB)")
    ap.add_argument("--access-graphs", action="store_true", help="with --tune: also the graph `tune` builds for a "
                    "configured policy, for each `access:` row's policy (what people without grants see)")
    ap.add_argument("--untune", action="store_true", help="drop the filter graphs first")
    args = ap.parse_args()

    vec_path = CACHE / f"vectors-{args.rows}-seed{args.seed}.npy"
    if not vec_path.exists():
        sys.exit(f"{vec_path} missing: run benchmarks/embed_vectors.py --rows {args.rows} --out {vec_path}")
    settings = Settings(_env_file=None, data_dir=CACHE / f"data-{args.rows}")  # type: ignore[call-arg]
    db = connect(None, CACHE / f"pg-{args.rows}")
    if args.shared_buffers:
        with db.engine.connect() as conn:
            now = conn.execute(sa.text("SHOW shared_buffers")).scalar_one()
        if now.lower() != args.shared_buffers.lower():
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text(f"ALTER SYSTEM SET shared_buffers = '{args.shared_buffers}'"))
            db.dispose()
            stop_embedded(CACHE / f"pg-{args.rows}")  # a restart applies it
            db = connect(None, CACHE / f"pg-{args.rows}")
            print(f"shared_buffers {now} -> {args.shared_buffers}", flush=True)
    upgrade(db, settings)
    table = layout.vector_table(settings)
    with db.engine.connect() as conn:
        have = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
    if have != args.rows:
        with db.engine.begin() as conn:
            conn.execute(sa.text(f"TRUNCATE {table}"))
        load(db, table, np.load(vec_path, mmap_mode="r"), args.rows, args.seed, args.m, args.ef_construction)
    elif _graph_options(db, table) != (args.m, args.ef_construction):
        build_graph(db, table, args.m, args.ef_construction)
    hasher = RequesterHasher(settings.sanitiser.secret.get_secret_value())
    with db.engine.connect() as conn:
        have_requests, with_fields = conn.execute(sa.select(sa.func.count(), sa.func.count(schema.requests.c.category))).one()
        counted = text_terms.corpus(conn)
    if have_requests != args.rows or not with_fields:
        load_requests(db, args.rows, args.seed, hasher)
    if counted is None or counted.docs != args.rows:
        with db.engine.begin() as conn:
            text_terms.refresh(conn, table)
    if args.load_only:
        return
    graph_m = args.graph_m or settings.database.filter_graph_m
    graph_ef_construction = args.graph_ef_construction or settings.database.filter_graph_ef_construction
    made_by = vectors_backend(vec_path)
    embedder = query_embedder(made_by, settings)
    if args.tune or args.untune:
        vocab = Vocabulary.load(db.engine)
        wanted = filter_graphs.wanted_graphs(vocab, exact_below=settings.answering.exact_below,
                                             max_share=0.5) if args.tune else []
        if args.tune and args.access_graphs:
            for hidden in ACCESS.values():
                policy = AccessPolicy(scopes=list(hidden.hidden))
                wanted += filter_graphs.wanted_graphs(vocab, exact_below=settings.answering.exact_below, max_share=0.5,
                                                      fields=(), policy=policy, engine=db.engine)
        report = filter_graphs.tune(db.engine, table, wanted, m=graph_m, ef_construction=graph_ef_construction,
                                    build_memory_mb=6144)
        print(f"filter graphs: built {[g.label for g in report.created]}, kept {[g.label for g in report.kept]}, "
              f"dropped {report.dropped} in {report.seconds:.0f} s", flush=True)
    if args.tune:
        t0 = time.perf_counter()
        measured, used = graph_depth.measure(db.engine, table, 384, embed=embedder.get_text_embedding_batch)
        choice = graph_depth.choose(measured, used, target=0.95)
        graph_depth.apply(db.engine, choice.ef_search)
        db.engine.dispose()
        print(f"depth: ef_search {choice.ef_search} (recall@10 by depth over {used} embedded titles: {measured}) "
              f"in {time.perf_counter() - t0:.0f} s", flush=True)
    with db.engine.connect() as conn:
        existing = filter_graphs.existing_graphs(conn, table)
        graphs = sorted(label for label, _valid in existing.values())
        # how the graphs there were built (an earlier --tune may have used other settings)
        graph_options = sorted({", ".join(sorted(o or [])) for o in conn.execute(sa.text(
            "SELECT reloptions FROM pg_class WHERE relname = ANY(:names)"), {"names": list(existing)}).scalars()})
    r = schema.requests.c
    with db.engine.connect() as conn:  # the requester with the most requests: the slowest "my requests"
        busiest = conn.execute(sa.select(r.requester_key, sa.func.count().label("n")).where(r.requester_key.is_not(None))
                               .group_by(r.requester_key).order_by(sa.text("n DESC"), r.requester_key).limit(1)).one()
    own = visibility_for(None, Viewer("dm", user="U0BENCH", requester=Requester((busiest.requester_key,)))).own()
    if args.ef_search:
        graph_depth.apply(db.engine, args.ef_search)
        db.engine.dispose()
    with db.engine.connect() as conn:
        ef_search = conn.execute(sa.text("SHOW hnsw.ef_search")).scalar_one()

    sample = [s.row for s in generate_requests(min(args.rows, 20_000), args.seed + 1)][: args.queries]
    templates = ("has anyone had {t}?", "{t}", "any requests about {t}", "how was '{t}' fixed?")
    questions = [templates[i % 4].format(t=r["Title"].lower()) for i, r in enumerate(sample)]
    t0 = time.perf_counter()
    for q in questions:
        embedder.get_query_embedding(q)
    embed_ms = (time.perf_counter() - t0) * 1000 / len(questions)
    cached = CachedQueryEmbedder(embedder)
    for q in questions:
        cached.get_query_embedding(q)
    retriever = build_retriever(settings, db, cached)  # the engine's own retrieval settings
    for q in questions:  # warm up: the index and table pages into memory
        retriever.retrieve(q, RequestFilters(), 5)

    print(f"\n{args.rows:,} requests; {len(questions)} queries; query embedding {embed_ms:.1f} ms/query (not in the "
          f"figures below); vectors by {made_by}; HNSW m={args.m} ef_construction={args.ef_construction} "
          f"ef_search={ef_search} iterative_scan=relaxed_order; filter graphs ({'; '.join(graph_options)}): {', '.join(graphs) or 'none'}")
    print(f"{'filter':<28} {'match%':>7} {'vector p50':>10} {'p95':>6} {'text p50':>9} {'p95':>6} {'hybrid p50':>11} "
          f"{'p95':>6} {'recall@10':>9} {'<10 rows':>8}  vector scan")
    results = {}
    cases = {**{k: (f, EVERYTHING) for k, f in FILTERS.items()}, **{k: (RequestFilters(), v) for k, v in ACCESS.items()},
             f"own: busiest requester ({busiest.n})": (RequestFilters(), own)}
    chosen = {k: v for k, v in cases.items() if not args.filters or k.split(" ")[0] in args.filters.split(",")}
    for name, (filters, vis) in chosen.items():
        with db.engine.connect() as conn:
            t = layout.chunk_table(table, 384)
            matching = conn.execute(sa.select(sa.func.count()).select_from(t).where(
                *chunk_conditions(filters, t.c.metadata_), *visible_chunks(vis, t.c.metadata_))).scalar_one()
        vec_ms, txt_ms, hyb_ms, recalls, short = [], [], [], [], 0
        for i, q in enumerate(questions):
            emb = cached.get_query_embedding(q)
            t0 = time.perf_counter()
            approx = retriever.vector_search(emb, filters, 10, visibility=vis)
            vec_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            retriever.text_search(q, filters, 40, visibility=vis)
            txt_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            retriever.retrieve(q, filters, 5, visibility=vis)
            hyb_ms.append((time.perf_counter() - t0) * 1000)
            short += len(approx) < min(10, matching)
            if i < args.recall_queries:
                exact = retriever.vector_search(emb, filters, 10, exact=True, visibility=vis)
                if exact:
                    # tie-aware: generated requests share texts, so several rows sit at exactly the
                    # 10th distance; any of them is a correct answer (id overlap would undercount)
                    kth = exact[-1][1]
                    recalls.append(sum(1 for r in approx[: len(exact)] if r[1] >= kth - 1e-5) / len(exact))
        recall = statistics.mean(recalls) if recalls else float("nan")
        with db.engine.connect() as conn:
            plan = retriever.plan(conn, filters, vis)
        results[name] = {"matching": matching, "matching_share": round(matching / args.rows, 5),
                         "vector_scan": plan.scan, "matching_estimate": plan.matching,
                         "p50_ms": round(pct(hyb_ms, .5), 2), "p95_ms": round(pct(hyb_ms, .95), 2),
                         "recall_at_10": round(recall, 4), "short_queries": short,
                         "vector_p50_ms": round(pct(vec_ms, .5), 2), "vector_p95_ms": round(pct(vec_ms, .95), 2),
                         "text_p50_ms": round(pct(txt_ms, .5), 2), "text_p95_ms": round(pct(txt_ms, .95), 2)}
        print(f"{name:<28} {100 * matching / args.rows:>6.1f}% {pct(vec_ms, .5):>9.1f}ms {pct(vec_ms, .95):>5.1f} "
              f"{pct(txt_ms, .5):>8.1f}ms {pct(txt_ms, .95):>5.1f} {pct(hyb_ms, .5):>10.1f}ms {pct(hyb_ms, .95):>5.1f} "
              f"{recall:>9.3f} {short:>8}  {plan.scan}", flush=True)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    with db.engine.connect() as conn:
        shared_buffers = conn.execute(sa.text("SHOW shared_buffers")).scalar_one()
    run = {"rows": args.rows, "shared_buffers": shared_buffers, "queries": len(questions), "recall_queries": min(args.recall_queries, len(questions)),
           "vectors_backend": made_by, "hnsw_m": args.m, "hnsw_ef_construction": args.ef_construction,
           "filter_graphs": graphs, "filter_graph_options": graph_options, "max_scan_tuples": retriever.max_scan_tuples, "ef_search": int(ef_search), "filtered_ef_search": retriever.filtered_ef_search,
           "exact_below": retriever.exact_below, "text_candidates": retriever.text_candidates,
           "query_embedding_ms": round(embed_ms, 1), "measured": datetime.now().isoformat(timespec="minutes"),
           "settings": results}
    (out / f"retrieval-{args.rows}.json").write_text(json.dumps(run, indent=2) + "\n")


if __name__ == "__main__":
    main()

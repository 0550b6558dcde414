"""Retrieval quality on exports the engine was not tuned on: is the engine's retrieval at least as
good as the best single retriever it is made of?

    .venv/bin/python benchmarks/retrieval_quality.py                      # every bundled export
    .venv/bin/python benchmarks/retrieval_quality.py --dataset servicenow --queries 300
    .venv/bin/python benchmarks/retrieval_quality.py --source my.csv --mapping my.toml --name mine

The task is the one users run into when they paste a ticket: "has this happened before?".  For
``--queries`` requests of the export (seeded), the query is the first ``--words`` words of the
request's scrubbed description; every retriever ranks the indexed requests for it, the query's own
request is left out, and the score is the share of the top 5 in the query's category
(``category_precision@5``): the only label a plain export carries.  The retrievers:

* ``engine``: the whole answer path (``AnswerEngine.answer`` without an LLM: understanding,
  filters, hybrid retrieval), read from the answer's trace;
* ``hybrid``: the engine's ``HybridRetriever.retrieve`` on the raw query (no understanding);
* ``vector``: exact cosine nearest neighbours (index scans off);
* ``fulltext``: the hybrid's text side alone;
* ``bm25``: Okapi BM25 (bm25s, in memory), the reference the evals ship.

The engine's score is compared with the best single retriever by a paired bootstrap over the
queries (95 % interval of the difference).  Each export is indexed once into an evaluation
database on the askdesk server that is kept between runs (named in
``benchmarks/.cache/quality-databases.json``; ``--reindex`` rebuilds it).  Figures go to
``benchmarks/results/retrieval-quality.json``; see docs/retrieval.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa

from askdesk import schema
from askdesk.answering.filters import RequestFilters
from askdesk.db import connect
from askdesk.runtime import Runtime
from evals.metrics import paired_bootstrap
from evals.retrievers import BM25Only

CACHE = ROOT / "benchmarks" / ".cache"
EXPORTS = ROOT / "evals" / "exports"
#: the bundled exports (generated in the styles of five helpdesks)
DATASETS = {name: (EXPORTS / f"{name}-3000.csv.gz", EXPORTS / f"{name}_mapping.toml")
            for name in ("servicenow", "jira", "zendesk", "freshservice", "glpi")}
TOP = 5


def _database(runtime: Runtime, name: str, source: str, mapping_path: Path, reindex: bool) -> Any:
    """The kept evaluation database of this dataset, indexed on first use."""
    from evals.sandbox import disposable_database
    from indexing.build import build_indexer
    from indexing.mapping import Mapping
    from indexing.source import open_source

    registry_path = CACHE / "quality-databases.json"
    registry = json.loads(registry_path.read_text()) if registry_path.exists() else {}
    production = runtime.db
    known = registry.get(name)
    if known and not reindex:
        with production.engine.connect() as conn:
            exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": known}).first()
        if exists:
            return connect(production.url.set(database=known), Path("/nonexistent"))
    mapping = Mapping.load(mapping_path)
    t0 = time.perf_counter()
    with disposable_database(production, runtime.settings, keep=True) as db:
        report = build_indexer(runtime, db=db, share_sanitiser=True).run(open_source(source, mapping), mapping)
        print(f"{name}: indexed {report.new + report.changed} requests into {db.url.database} in "
              f"{time.perf_counter() - t0:.0f} s", flush=True)
        registry[name] = db.url.database
    CACHE.mkdir(parents=True, exist_ok=True)
    registry_path.write_text(json.dumps(registry, indent=2))
    return connect(production.url.set(database=registry[name]), Path("/nonexistent"))


def _queries(db: Any, n: int, words: int, seed: int) -> list[tuple[str, str, str]]:
    """(request id, category, query text) for ``n`` requests with a category and enough text."""
    r = schema.requests.c
    with db.engine.connect() as conn:
        rows = conn.execute(sa.select(r.request_id, r.category, r.body).where(r.category.is_not(None))
                            .order_by(r.request_id)).all()
    usable = [(rid, cat, " ".join(body.split()[:words])) for rid, cat, body in rows if len(body.split()) >= 8]
    random.Random(seed).shuffle(usable)
    return usable[:n]


def _categories(db: Any) -> dict[str, str]:
    r = schema.requests.c
    with db.engine.connect() as conn:
        return {rid: cat for rid, cat in conn.execute(sa.select(r.request_id, r.category))}


def _precision(ranked: list[str], own: str, category: str, categories: dict[str, str]) -> float:
    top = [rid for rid in ranked if rid != own][:TOP]
    return sum(categories.get(rid) == category for rid in top) / TOP


def _rankers(engine: Any, bm25: BM25Only) -> dict[str, Any]:
    retriever = engine.retriever

    def by_request(rows: list[Any], depth: int) -> list[str]:
        out: list[str] = []
        for row in rows:
            if row[0] not in out:
                out.append(row[0])
        return out[:depth]

    def engine_rank(q: str, depth: int) -> list[str]:
        answer = engine.answer(q)
        return [rid for rid, _score in (answer.trace.ranking or [])][:depth]

    return {
        "engine": engine_rank,
        "hybrid": lambda q, d: [h.request_id for h in retriever.retrieve(q, RequestFilters(), d).hits],
        "vector": lambda q, d: by_request(retriever.vector_search(
            retriever.embed_model.get_query_embedding(q), RequestFilters(), d * 3, exact=True), d),
        "fulltext": lambda q, d: by_request(retriever.text_search(q, RequestFilters(), d * 3), d),
        "bm25": lambda q, d: bm25.rank(q, d)[0],
    }


def measure(engine: Any, db: Any, queries: list[tuple[str, str, str]]) -> dict[str, Any]:
    categories = _categories(db)
    bm25 = BM25Only(db.engine, engine.retriever.table, top_k=TOP * 4)
    scores: dict[str, list[float]] = {}
    latency: dict[str, list[float]] = {}
    for name, rank in _rankers(engine, bm25).items():
        for rid, cat, text in queries:
            t0 = time.perf_counter()
            ranked = rank(text, TOP + 1)
            latency.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
            scores.setdefault(name, []).append(_precision(ranked, rid, cat, categories))
    refs = [n for n in scores if n != "engine"]
    best = max(refs, key=lambda n: statistics.mean(scores[n]))
    diff = paired_bootstrap(scores[best], scores["engine"])
    return {
        "queries": len(queries),
        "category_precision_at_5": {n: round(statistics.mean(v), 4) for n, v in scores.items()},
        "p50_ms": {n: round(statistics.median(v), 1) for n, v in latency.items()},
        "best_reference": best,
        "engine_minus_best": {k: round(v, 4) if isinstance(v, float) else v for k, v in diff.as_dict().items()},
        "engine_at_least_as_good": diff.high >= 0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", action="append", choices=sorted(DATASETS), help="bundled export(s) (default: all)")
    ap.add_argument("--source", help="an export of your own (with --mapping and --name)")
    ap.add_argument("--mapping", type=Path)
    ap.add_argument("--name", default="own")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--words", type=int, default=25)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--reindex", action="store_true")
    args = ap.parse_args()

    chosen: dict[str, tuple[str, Path]] = {}
    if args.source:
        if not args.mapping:
            sys.exit("--source needs --mapping")
        chosen[args.name] = (args.source, args.mapping)
    else:
        chosen = {n: (str(DATASETS[n][0]), DATASETS[n][1]) for n in (args.dataset or sorted(DATASETS))}
    out_path = ROOT / "benchmarks" / "results" / "retrieval-quality.json"
    results = json.loads(out_path.read_text()) if out_path.exists() else {}
    with Runtime.from_environment() as runtime:
        for name, (source, mapping) in chosen.items():
            db = _database(runtime, name, source, mapping, args.reindex)
            engine = runtime.engine(with_llm=False, db=db)
            queries = _queries(db, args.queries, args.words, args.seed)
            res = measure(engine, db, queries)
            res.update({"words": args.words, "seed": args.seed})
            results[name] = res
            p = res["category_precision_at_5"]
            d = res["engine_minus_best"]
            print(f"{name:<13} " + "  ".join(f"{n} {v:.3f}" for n, v in p.items())
                  + f"   engine − {res['best_reference']}: {d['diff']:+.3f} [{d['ci_low']:+.3f}, {d['ci_high']:+.3f}]", flush=True)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

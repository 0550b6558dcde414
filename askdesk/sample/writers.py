"""Writing generated rows to a file: CSV, JSON Lines or Parquet, chosen by suffix."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from .generator import generate_requests
from .schema import COLUMNS

_PARQUET_BATCH = 50_000


def write_sample(path: Path, n: int = 5000, seed: int = 7) -> Path:
    """Write ``n`` generated rows to ``path`` (.csv, .jsonl or .parquet, chosen by suffix).

    The file is written to a temporary name next to ``path`` and renamed when complete. ``None``
    becomes an empty cell in CSV and null in JSONL/Parquet. Same ``(n, seed)`` -> same bytes.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".parquet"):
        raise ValueError(f"unsupported sample format {path.suffix!r}: use .csv, .jsonl or .parquet")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    rows = (r.row for r in generate_requests(n, seed))
    try:
        if suffix == ".csv":
            with tmp.open("w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=COLUMNS)
                writer.writeheader()
                writer.writerows(rows)
        elif suffix == ".jsonl":
            with tmp.open("w", encoding="utf-8", newline="\n") as f:
                for row in rows:
                    f.write(json.dumps(row, ensure_ascii=False))
                    f.write("\n")
        else:
            _write_parquet(tmp, rows)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _write_parquet(path: Path, rows) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.string()) for c in COLUMNS])
    with pq.ParquetWriter(path, schema) as writer:
        batch: dict[str, list] = {c: [] for c in COLUMNS}
        count = 0
        for row in rows:
            for c in COLUMNS:
                batch[c].append(row[c])
            count += 1
            if count == _PARQUET_BATCH:
                writer.write_table(pa.table(batch, schema=schema))
                batch = {c: [] for c in COLUMNS}
                count = 0
        if count:
            writer.write_table(pa.table(batch, schema=schema))


def busiest_requester(path: Path) -> str | None:
    """The e-mail of the requester with the most requests in a sample CSV (ties: the first in
    alphabetical order): the identity the demo's terminal chat asks "my requests" as."""
    import csv
    from collections import Counter

    with path.open(newline="", encoding="utf-8") as fh:
        counts = Counter(r["RequesterEmail"].strip().lower() for r in csv.DictReader(fh) if r.get("RequesterEmail"))
    return min(counts, key=lambda e: (-counts[e], e)) if counts else None

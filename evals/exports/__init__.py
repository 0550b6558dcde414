"""Exports askdesk has never seen, generated deterministically for the evaluation (see docs/evals.md)."""

from __future__ import annotations

import argparse
import csv
import gzip
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> Path:
    """Write rows as CSV (``.csv``, or gzip-compressed ``.csv.gz`` with a fixed header), the same
    bytes every time, so a committed export can be checked against its generator."""
    path = Path(path)
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gz":
        with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(data)
    else:
        path.write_bytes(data)
    return path


def export_main(doc: str | None, generate: Callable[[int, int], Sequence[Any]], columns: Sequence[str], seed: int,
                argv: list[str] | None = None) -> None:
    """The command line every generator shares: ``--rows``, ``--seed``, ``--out``; writes the rows'
    ``cells`` with :func:`write_csv` and prints how many rows of each kind (ok, duplicate, broken)."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=seed)
    ap.add_argument("--out", type=Path, required=True, help=".csv or .csv.gz")
    args = ap.parse_args(argv)
    rows = generate(args.rows, args.seed)
    write_csv(args.out, columns, (x.cells for x in rows))
    kinds = {k: sum(1 for x in rows if x.kind == k) for k in ("ok", "duplicate", "broken")}
    print(f"{len(rows)} rows -> {args.out} ({', '.join(f'{k} {v}' for k, v in kinds.items())})")

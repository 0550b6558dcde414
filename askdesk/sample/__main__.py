"""``python -m askdesk.sample PATH [-n N] [--seed S]``: write a deterministic synthetic helpdesk export."""

from __future__ import annotations

import argparse
from pathlib import Path

from .writers import write_sample


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m askdesk.sample",
                                     description="Write a deterministic synthetic helpdesk export.")
    parser.add_argument("path", type=Path, help="output file: .csv, .jsonl or .parquet")
    parser.add_argument("-n", type=int, default=5000, help="number of rows (default 5000)")
    parser.add_argument("--seed", type=int, default=7, help="seed (default 7)")
    args = parser.parse_args(argv)
    try:
        out = write_sample(args.path, args.n, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    print(out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

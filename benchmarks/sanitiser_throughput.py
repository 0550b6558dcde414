"""Sanitiser throughput: requests/s through the sanitiser alone, one thread, on the bundled sample.

    .venv/bin/python benchmarks/sanitiser_throughput.py --rows 2000

Parses ``--rows`` generated sample requests with the sample mapping (as indexing does), then times
the sanitiser over them in pages of 256 (title + text columns batched, metadata scrubbed
without NER, the known-names prescan first), for each configuration:

* ``legacy``: the entities and name passes of sanitiser version 1 (``LEGACY_ENTITIES``, no names
  lexicon), run by today's code;
* ``default``: today's defaults (secrets, network ids, addresses, dates of birth, NINO, names
  lexicon...), plus ``internal_domains = ["corp.example.com"]`` so the host-name rule runs too.

The same script also runs against the code before the sanitiser moved to ``askdesk/sanitise``
(it falls back to ``indexing.sanitise``; only ``default`` exists there): copy it into a checkout
of the older commit and run it there to get the "before" figure. Results are printed and
written to ``benchmarks/results/sanitiser-throughput-<rows>.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from askdesk.sample import write_sample
from indexing.mapping import Mapping
from indexing.source import open_source

MAPPING = ROOT / "askdesk" / "data" / "sample_mapping.toml"
PAGE = 256


def _configs():  # type: ignore[no-untyped-def]
    """(name, sanitiser factory, rows -> sanitised) for the code this script runs against."""
    try:  # deferred: the fallback below lets this script run in a checkout from before the move
        from askdesk.sanitise import LEGACY_ENTITIES, Sanitiser, SanitiserConfig
        from indexing.sanitise_rows import sanitise_rows
    except ImportError:  # the code before the move
        from indexing.sanitise import Sanitiser, SanitiserConfig  # type: ignore[import-not-found,no-redef]

        return [("default (before the move)", lambda: Sanitiser(SanitiserConfig(secret="bench")), lambda s, rows: s.sanitise_rows(rows))]
    return [
        ("legacy", lambda: Sanitiser(SanitiserConfig(secret="bench", entities=LEGACY_ENTITIES, name_lexicon=False)), sanitise_rows),
        ("default", lambda: Sanitiser(SanitiserConfig(secret="bench", internal_domains=("corp.example.com",))), sanitise_rows),
    ]


def _rows(n: int) -> list:  # type: ignore[type-arg]
    mapping = Mapping.load(MAPPING)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_sample(Path(tmp) / "sample.csv", n=n)
        source = open_source(str(path), mapping)
        parser = mapping.parser(mapping.resolve_columns(source.columns()), secret="bench", max_text_chars=20_000)
        rows = []
        for page in source.pages(PAGE, None):
            for rec in page:
                parsed = parser.parse(rec.values, rec.position)
                if hasattr(parsed, "request_id"):
                    rows.append(parsed)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=2000)
    args = ap.parse_args()
    rows = _rows(args.rows)
    chars = sum(len(r.title or "") + sum(len(t or "") for t in r.texts.values()) for r in rows)
    print(f"{len(rows)} requests, {chars / max(1, len(rows)):.0f} characters of free text each on average")
    results = []
    for name, build, run in _configs():
        sanitiser = build()
        run(sanitiser, rows[:32])  # warm-up: lazy loads, caches
        started = time.perf_counter()
        for i in range(0, len(rows), PAGE):
            run(sanitiser, rows[i : i + PAGE])
        seconds = time.perf_counter() - started
        per_s = len(rows) / seconds
        results.append({"config": name, "seconds": round(seconds, 2), "requests_per_s": round(per_s, 1)})
        print(f"{name:28s} {seconds:7.1f} s   {per_s:6.1f} requests/s")
    out = ROOT / "benchmarks" / "results" / f"sanitiser-throughput-{args.rows}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": len(rows), "machine": platform.machine(), "results": results}, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

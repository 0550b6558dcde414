"""Export files: CSV, JSONL, Parquet (and .gz); damaged rows become quarantine records, not crashes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from indexing.source import FileSource, SourceError

ROWS = [
    {"id": "A-1", "title": "VPN drops", "when": "2025-01-02 10:00:00"},
    {"id": "A-2", "title": "Printer jam", "when": "2025-01-03 11:00:00"},
    {"id": "A-3", "title": "Payslip missing", "when": "2025-01-04 12:00:00"},
]


def read_all(src: FileSource, page_size: int = 2) -> list:
    return [rec for page in src.pages(page_size) for rec in page]


def test_csv_pages_positions_and_multiline_cells(tmp_path: Path) -> None:
    p = tmp_path / "r.csv"
    p.write_text('id,title,when\nA-1,"VPN drops\nagain",2025-01-02 10:00:00\n\nA-2,Printer jam,2025-01-03\n', encoding="utf-8")
    src = FileSource(p)
    assert src.columns() == ["id", "title", "when"]
    recs = read_all(src, page_size=1)
    assert [r.values["id"] for r in recs] == ["A-1", "A-2"]
    assert recs[0].values["title"] == "VPN drops\nagain"
    assert [r.position for r in recs] == ["line 2", "line 5"]


def test_csv_with_bad_bytes_nul_and_wrong_field_count_keeps_going(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_bytes(
        b"id,title,when\n"
        b"A-1,ok,2025-01-02\n"
        b"A-2,caf\xe9 latin-1,2025-01-02\n"
        b"A-3,nul\x00byte,2025-01-02\n"
        b"A-4,too,many,fields\n"
        b"A-5,fine,2025-01-05\n"
    )
    recs = read_all(FileSource(p))
    assert [r.values.get("id") for r in recs] == ["A-1", "A-2", "A-3", None, "A-5"]
    with pytest.raises(UnicodeEncodeError):
        recs[1].values["title"].encode("utf-8")  # kept as a surrogate: the mapping quarantines it
    assert "\udc80" in recs[2].values["title"]
    assert "expected 3 fields, found 4" in recs[3].values["__error__"]


def test_jsonl_and_gzip(tmp_path: Path) -> None:
    p = tmp_path / "r.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        for r in ROWS[:2]:
            fh.write(json.dumps(r) + "\n")
        fh.write("{not json\n")
        fh.write(json.dumps(ROWS[2]) + "\n")
    src = FileSource(p)
    assert src.format == "jsonl" and src.columns() == ["id", "title", "when"]
    recs = read_all(src)
    assert [r.values.get("id") for r in recs] == ["A-1", "A-2", None, "A-3"]
    assert recs[2].position == "line 3" and "not a JSON object" in recs[2].values["__error__"]


def test_parquet(tmp_path: Path) -> None:
    p = tmp_path / "r.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), p)
    src = FileSource(p)
    assert src.count_hint() == 3
    recs = read_all(src)
    assert [r.values["id"] for r in recs] == ["A-1", "A-2", "A-3"] and recs[2].position == "row 3"


def test_unknown_or_missing_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found"):
        FileSource(tmp_path / "nope.csv")
    x = tmp_path / "r.xlsx"
    x.write_text("")
    with pytest.raises(SourceError, match=r"\.csv, \.jsonl or \.parquet"):
        FileSource(x)
    empty = tmp_path / "e.csv"
    empty.write_text("")
    with pytest.raises(SourceError, match="empty"):
        FileSource(empty).columns()

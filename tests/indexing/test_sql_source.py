"""The SQL source over pyodbc (the SQL Server code path), against the machine's MariaDB via ODBC.

Covers keyset paging by (updated_at, id), the incremental watermark, and the fractional-seconds
trap: MariaDB's ODBC driver drops the fraction of datetime parameters, so many rows inside one
second with a page boundary between them must neither loop forever nor be skipped.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from askdesk.sample import generate_requests
from indexing.mapping import Mapping
from indexing.source import SqlSource
from tests.support.indexing import count_embeddings, run_index, scalar, vector_counts
from tests.support.settings import make_settings

COLUMNS = [
    "RequestID", "Title", "Description", "Comments", "Status", "Category", "Subcategory", "Priority",
    "AssignmentGroup", "Location", "Channel", "RequesterName", "RequesterEmail", "RequesterPhone",
    "EmployeeNumber", "AssigneeName",
]


@pytest.fixture
def mariadb_table(mariadb_url: str):
    engine = sa.create_engine(mariadb_url)
    name = f"requests_{uuid.uuid4().hex[:8]}"
    cols = [sa.Column("RequestID", sa.String(32), primary_key=True)]
    cols += [sa.Column(c, sa.Text) for c in COLUMNS[1:]]
    cols += [sa.Column(c, sa.dialects.mysql.DATETIME(fsp=6)) for c in ("CreatedAt", "UpdatedAt", "ResolvedAt")]
    table = sa.Table(name, sa.MetaData(), *cols)
    table.create(engine)
    yield engine, table
    table.drop(engine)
    engine.dispose()


def _load(engine, table, n: int, *, same_second: int = 0) -> list[dict]:
    """n sample rows; the last ``same_second`` share one second with distinct fractions."""
    rows = []
    base = datetime(2026, 5, 1, 12, 0, 0)
    for i, s in enumerate(generate_requests(n, seed=41)):
        r = {c: s.row[c] for c in COLUMNS}
        r["CreatedAt"] = datetime.fromisoformat(s.row["CreatedAt"])
        r["ResolvedAt"] = datetime.fromisoformat(s.row["ResolvedAt"]) if s.row["ResolvedAt"] else None
        if i >= n - same_second:
            r["UpdatedAt"] = base + timedelta(microseconds=1000 * (n - i))  # 12:00:00.xxx, reverse order
        else:
            r["UpdatedAt"] = datetime.fromisoformat(s.row["UpdatedAt"]).replace(microsecond=(i * 7919) % 1_000_000)
        rows.append(r)
    # datetimes go in as ISO strings: the ODBC driver would drop the fractions of datetime
    # parameters (the very trap under test), and the table must really hold them
    as_text = [{k: v.isoformat(sep=" ") if isinstance(v, datetime) else v for k, v in r.items()} for r in rows]
    with engine.begin() as conn:
        conn.execute(table.insert(), as_text)
        stored = conn.execute(sa.select(sa.func.count()).where(sa.extract("microsecond", table.c.UpdatedAt) > 0)).scalar_one()
    assert stored >= same_second  # fractions are really there
    return rows


def _mapping(tmp_path: Path, table: str) -> Path:
    from tests.support.settings import SAMPLE_MAPPING

    text = SAMPLE_MAPPING.read_text().replace('table = "Requests"', f'table = "{table}"')
    text = text.replace('formats = ["%Y-%m-%d %H:%M:%S"]', "formats = []")
    p = tmp_path / "mapping.toml"
    p.write_text(text)
    return p


def test_paging_survives_truncated_fractional_second_parameters(mariadb_table) -> None:
    engine, table = mariadb_table
    rows = _load(engine, table, 60, same_second=25)
    src = SqlSource("mysql+pyodbc://", engine=engine, table=table.name, id_column="RequestID", updated_column="UpdatedAt")
    seen: list[str] = []
    for page in src.pages(page_size=4):
        assert 0 < len(page) <= 25
        seen.extend(r.values["RequestID"] for r in page)
    assert sorted(seen) == sorted(r["RequestID"] for r in rows)  # every row once: none skipped, none repeated
    ordered = sorted(rows, key=lambda r: (r["UpdatedAt"], r["RequestID"]))
    assert seen == [r["RequestID"] for r in ordered]


def test_incremental_runs_read_only_rows_after_the_watermark(db, tmp_path, mariadb_table, mariadb_url, embedder, sanitiser) -> None:
    engine, table = mariadb_table
    rows = _load(engine, table, 50, same_second=10)
    mapping = _mapping(tmp_path, table.name)
    settings = make_settings(tmp_path, index={"page_size": 8})
    first = run_index(db, settings, mariadb_url, embedder=embedder, sanitiser=sanitiser, mapping=mapping)
    assert (first.read, first.new, first.quarantined) == (50, 50, 0)
    assert len(vector_counts(db)) == 50
    assert scalar(db, "SELECT watermark_id FROM sources") == max(rows, key=lambda r: (r["UpdatedAt"], r["RequestID"]))["RequestID"]

    # nothing changed: nothing read (the watermark is at the end)
    with count_embeddings() as counter:
        idle = run_index(db, settings, mariadb_url, embedder=embedder, sanitiser=sanitiser, mapping=mapping)
    assert idle.read == 0 and counter.texts == []

    # two requests change at the source: only they are read and re-embedded
    later = datetime(2026, 11, 20, 9, 30, 15, 250_000)
    with engine.begin() as conn:
        for rid, status in ((rows[3]["RequestID"], "Closed"), (rows[20]["RequestID"], "On Hold")):
            conn.execute(table.update().where(table.c.RequestID == rid).values(Status=status, UpdatedAt=later.isoformat(sep=" ")))
    with count_embeddings() as counter:
        inc = run_index(db, settings, mariadb_url, embedder=embedder, sanitiser=sanitiser, mapping=mapping)
    assert (inc.read, inc.changed, inc.new) == (2, 2, 0)
    assert len(counter.texts) == inc.chunks
    assert scalar(db, "SELECT status FROM requests WHERE request_id = :r", r=rows[3]["RequestID"]) == "Closed"
    assert len(vector_counts(db)) == 50

    # a row deleted at the source goes away with --prune (ids are read keys-only)
    with engine.begin() as conn:
        conn.execute(table.delete().where(table.c.RequestID == rows[7]["RequestID"]))
    pruned = run_index(db, settings, mariadb_url, embedder=embedder, sanitiser=sanitiser, mapping=mapping, prune=True)
    assert pruned.pruned == 1 and rows[7]["RequestID"] not in vector_counts(db)


def test_query_sources_and_bad_tables(mariadb_table, mariadb_url) -> None:
    from indexing.source import SourceError

    engine, table = mariadb_table
    _load(engine, table, 12)
    q = SqlSource(
        mariadb_url,
        query=f"SELECT * FROM {table.name} WHERE Category = 'IT'",
        id_column="requestid",  # case differs from the database: resolved
        updated_column="UpdatedAt",
    )
    got = [r.values["RequestID"] for page in q.pages(5) for r in page]
    with engine.connect() as conn:
        want = conn.execute(sa.text(f"SELECT RequestID FROM {table.name} WHERE Category = 'IT'")).scalars().all()
    assert sorted(got) == sorted(want)
    with pytest.raises(SourceError, match="not found"):
        SqlSource(mariadb_url, table="no_such_table", id_column="id", updated_column="u").columns()
    assert Mapping  # the mapping module drives which columns are read in the pipeline tests

"""A first load builds the HNSW graph once after its rows are in; later runs keep the graph and
insert into it; the rows are the same either way."""

from __future__ import annotations

from pathlib import Path

from askdesk.sample import write_sample
from tests.support.indexing import read_rows, run_index, scalar, vector_counts, write_rows
from tests.support.settings import make_settings

GRAPH = "public.data_request_chunks_embedding_idx"


def _graph(db) -> tuple[int | None, str | None]:
    oid = scalar(db, "SELECT to_regclass(:n)::oid", n=GRAPH)
    definition = scalar(db, "SELECT pg_get_indexdef(to_regclass(:n))", n=GRAPH) if oid else None
    return oid, definition


def test_first_load_builds_the_graph_after_the_rows_and_later_runs_keep_it(db, tmp_path: Path, embedder, sanitiser) -> None:
    path = write_sample(tmp_path / "s.csv", n=60, seed=5)
    settings = make_settings(tmp_path, index={"page_size": 20}, database={"hnsw_m": 12, "hnsw_ef_construction": 40})
    report = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    oid, definition = _graph(db)
    assert report.embedded == 60 and oid is not None
    assert "hnsw" in definition and "m='12'" in definition and "ef_construction='40'" in definition
    assert len(vector_counts(db)) == 60
    # every chunk written by the multi-row insert has its generated tsvector and its vector
    assert scalar(db, "SELECT count(*) FROM data_request_chunks WHERE text_search_tsv IS NULL OR embedding IS NULL") == 0

    rows = read_rows(path)
    rows[3]["Description"] += " The docking station also lost its HDMI output."
    write_rows(path, rows)
    again = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    assert again.embedded == 1 and _graph(db)[0] == oid  # incremental: the same graph, not rebuilt
    # the graph serves the new chunk: an index scan finds it
    with db.engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = "\n".join(r[0] for r in conn.exec_driver_sql(
            "EXPLAIN SELECT id FROM data_request_chunks ORDER BY embedding <=> (SELECT embedding FROM "
            "data_request_chunks LIMIT 1) LIMIT 5"))
    assert "data_request_chunks_embedding_idx" in plan


def test_bulk_first_load_can_be_turned_off(db, tmp_path: Path, embedder, sanitiser) -> None:
    path = write_sample(tmp_path / "s.csv", n=20, seed=6)
    before = _graph(db)[0]
    settings = make_settings(tmp_path, index={"bulk_first_load": False})
    run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    assert before is not None and _graph(db)[0] == before  # inserted into the migration's graph


def test_the_docstore_is_read_and_written_in_a_few_statements_per_batch_not_per_request(db, tmp_path: Path, embedder, sanitiser) -> None:
    """LlamaIndex's docstore asks for each document's hash and writes each key in its own
    statement; the indexer's batches make that a handful of statements whatever the page size."""
    from sqlalchemy import event

    path = write_sample(tmp_path / "s.csv", n=40, seed=8)
    settings = make_settings(tmp_path, index={"page_size": 40})
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        if "data_docstore" in statement:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        report = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
        first = len(statements)
        rows = read_rows(path)
        for row in rows[:5]:
            row["Description"] += " Still happening after the reboot."
        write_rows(path, rows)
        statements.clear()
        again = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert report.embedded == 40 and first <= 6  # hashes read once, hashes + documents written in one statement each
    # changed requests: LlamaIndex deletes each one's old entries itself (a few statements per changed request)
    assert again.embedded == 5 and len(statements) <= 6 + 5 * 6
    with db.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT count(*) FROM data_docstore WHERE namespace = 'askdesk/metadata'").scalar_one()
    assert stored == 40

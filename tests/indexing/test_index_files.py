"""Indexing export files end to end: real embedded Postgres + pgvector, real MiniLM, real Presidio."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from llama_index.core.vector_stores.types import (
    FilterOperator,
    MetadataFilter,
    MetadataFilters,
    VectorStoreQuery,
)

from askdesk import schema
from askdesk.sample import generate_requests, write_sample
from indexing.vectors import build_vector_index
from tests.support.indexing import (
    count_embeddings,
    read_rows,
    run_index,
    scalar,
    vector_counts,
    write_rows,
)
from tests.support.settings import make_settings

N = 120


@pytest.fixture
def sample_csv(tmp_path: Path) -> Path:
    return write_sample(tmp_path / "requests.csv", n=N, seed=11)


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def test_full_index_matches_ground_truth(db, tmp_path, sample_csv, embedder, sanitiser) -> None:
    settings = make_settings(tmp_path)
    with count_embeddings() as counter:
        report = run_index(db, settings, sample_csv, embedder=embedder, sanitiser=sanitiser)
    assert (report.read, report.new, report.changed, report.quarantined) == (N, N, 0, 0)
    assert report.embedded == N and report.chunks == len(counter.texts) >= N

    truth = {s.row["RequestID"]: s.row for s in generate_requests(N, seed=11)}
    with db.engine.connect() as conn:
        rows = {r.request_id: r for r in conn.execute(sa.select(schema.requests))}
    assert set(rows) == set(truth)
    for rid, t in truth.items():
        r = rows[rid]
        assert (r.status, r.category, r.priority) == (t["Status"], t["Category"], t["Priority"])
        assert (r.created_at, r.updated_at, r.resolved_at) == (_dt(t["CreatedAt"]), _dt(t["UpdatedAt"]), _dt(t["ResolvedAt"]))
        assert r.extra["assignment_group"] == t["AssignmentGroup"]
        assert r.indexed_hash == r.source_hash
        assert r.people["requester"].startswith("person_")

    # every request has its chunks in pgvector exactly once, and the docstore knows each one
    counts = vector_counts(db)
    assert set(counts) == set(truth) and sum(counts.values()) == report.chunks
    assert scalar(db, "SELECT count(DISTINCT node_id) FROM data_request_chunks") == report.chunks
    vectors = build_vector_index(db, settings, embedder)
    assert len(vectors.docstore.get_all_document_hashes()) == N


def test_vectors_are_searchable_with_metadata_filters(db, tmp_path, sample_csv, embedder, sanitiser) -> None:
    settings = make_settings(tmp_path)
    run_index(db, settings, sample_csv, embedder=embedder, sanitiser=sanitiser)
    vectors = build_vector_index(db, settings, embedder)
    with db.engine.connect() as conn:
        target = conn.execute(sa.select(schema.requests).order_by(schema.requests.c.request_id).limit(1)).one()
    query = VectorStoreQuery(query_embedding=embedder.get_query_embedding(target.body), similarity_top_k=3)
    result = vectors.vector_store.query(query)
    assert result.nodes[0].ref_doc_id == target.request_id
    filtered = VectorStoreQuery(
        query_embedding=embedder.get_query_embedding(target.body),
        similarity_top_k=5,
        filters=MetadataFilters(filters=[MetadataFilter(key="category", value=target.category, operator=FilterOperator.EQ)]),
    )
    res = vectors.vector_store.query(filtered)
    assert res.nodes and all(n.metadata["category"] == target.category for n in res.nodes)


def test_rerun_embeds_nothing_and_changes_reembed_only_changed_rows(db, tmp_path, sample_csv, embedder, sanitiser) -> None:
    settings = make_settings(tmp_path)
    first = run_index(db, settings, sample_csv, embedder=embedder, sanitiser=sanitiser)

    with count_embeddings() as counter:
        again = run_index(db, settings, sample_csv, embedder=embedder, sanitiser=sanitiser)
    assert counter.texts == [] and (again.new, again.changed, again.unchanged, again.embedded) == (0, 0, N, 0)

    rows = read_rows(sample_csv)
    changed_ids = {rows[i]["RequestID"] for i in (3, 50, 99)}
    for i in (3, 50, 99):
        rows[i]["Description"] = f"Update {i}: the docking station now flickers whenever the laptop wakes up."
        rows[i]["UpdatedAt"] = "2026-11-01 09:00:00"
    edited = write_rows(tmp_path / "edited.csv", rows)
    before = vector_counts(db)
    with count_embeddings() as counter:
        third = run_index(db, settings, edited, embedder=embedder, sanitiser=sanitiser)
    assert (third.new, third.changed, third.unchanged) == (0, 3, N - 3)
    assert len(counter.texts) == third.chunks and {t for t in counter.texts if "docking station now flickers" in t}
    assert all("docking station now flickers" in t for t in counter.texts)
    after = vector_counts(db)
    assert after.keys() == before.keys() and sum(after.values()) == first.chunks - sum(before[i] for i in changed_ids) + third.chunks
    with db.engine.connect() as conn:
        texts = conn.execute(
            sa.text("SELECT text FROM data_request_chunks WHERE metadata_->>'ref_doc_id' = ANY(:ids)"), {"ids": list(changed_ids)}
        ).scalars().all()
    assert texts and all("docking station now flickers" in t for t in texts if "Update" in t)
    assert sum("docking station now flickers" in t for t in texts) == 3


def test_duplicate_ids_latest_update_wins_in_any_order(db, tmp_path, embedder, sanitiser) -> None:
    settings = make_settings(tmp_path)
    rows = read_rows(write_sample(tmp_path / "s.csv", n=6, seed=3))
    older = dict(rows[1], Title="Old title for the duplicate", UpdatedAt="2025-01-01 08:00:00")
    newer = dict(rows[1], Title="New title for the duplicate", UpdatedAt="2026-06-01 08:00:00")
    # newer first in one file, older first in the other; the page size splits them too
    for name, order in (("a.csv", [newer, *rows[2:], older]), ("b.csv", [older, *rows[2:], newer])):
        report = run_index(db, make_settings(tmp_path, index={"page_size": 2}), write_rows(tmp_path / name, order), embedder=embedder, sanitiser=sanitiser)
        assert report.superseded >= 1
        title = scalar(db, "SELECT title FROM requests WHERE request_id = :r", r=rows[1]["RequestID"])
        assert title == "New title for the duplicate"
        assert vector_counts(db)[rows[1]["RequestID"]] == 1
    del settings


def test_prune_deletes_requests_that_left_the_source(db, tmp_path, sample_csv, embedder, sanitiser) -> None:
    settings = make_settings(tmp_path)
    run_index(db, settings, sample_csv, embedder=embedder, sanitiser=sanitiser)
    rows = read_rows(sample_csv)
    gone = {rows[0]["RequestID"], rows[7]["RequestID"]}
    kept = write_rows(tmp_path / "kept.csv", [r for r in rows if r["RequestID"] not in gone])
    without = run_index(db, settings, kept, embedder=embedder, sanitiser=sanitiser)  # no --prune: nothing deleted
    assert without.pruned == 0 and scalar(db, "SELECT count(*) FROM requests") == N
    # the same file under a new path is a new source; prune works per source, so use the original path
    sample_csv.write_text(kept.read_text())
    report = run_index(db, settings, sample_csv, embedder=embedder, sanitiser=sanitiser, prune=True)
    assert report.pruned == 2
    assert scalar(db, "SELECT count(*) FROM requests") == N - 2
    assert not gone & set(vector_counts(db))
    vectors = build_vector_index(db, settings, embedder)
    assert not gone & set(vectors.docstore.get_all_document_hashes().values())


def test_malformed_rows_are_quarantined_and_the_run_goes_on(db, tmp_path, embedder, sanitiser) -> None:
    settings = make_settings(tmp_path, index={"max_text_chars": 3000})
    rows = read_rows(write_sample(tmp_path / "s.csv", n=10, seed=5))
    rows[1]["RequestID"] = ""
    rows[2]["CreatedAt"] = "31/31/2025"
    rows[3]["Description"] = "x" * 5000
    rows[4]["UpdatedAt"] = "?"
    rows[4]["CreatedAt"] = ""
    path = write_rows(tmp_path / "bad.csv", rows)
    raw = path.read_bytes().replace(rows[5]["Title"].encode(), b"broken \xff\xfe bytes", 1)
    path.write_bytes(raw)

    report = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    assert report.quarantined == 5 and report.new == 5
    with db.engine.connect() as conn:
        q = {r.position: r for r in conn.execute(sa.select(schema.quarantine))}
    reasons = sorted(r.reason.split(" (")[0] for r in q.values())
    assert reasons == [
        "invalid text encoding in column 'Title'",
        "missing request id",
        "missing updated date",
        "text too long",
        "unparsable date in column 'CreatedAt'",
    ]
    by_id = {r.request_id: r for r in q.values()}
    assert "unparsable date" in by_id[rows[2]["RequestID"]].reason
    assert all(p.startswith("line ") for p in q)
    assert all("31/31" not in r.reason for r in q.values())  # the value's shape is shown, not the value

    again = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    assert again.quarantined == 5 and scalar(db, "SELECT count(*) FROM quarantine") == 5  # no duplicates

    rows[2]["CreatedAt"] = "2025-05-05 10:00:00"  # fixed at the source: the row is indexed and un-quarantined
    fixed = path.read_bytes().replace(b"31/31/2025", b"2025-05-05 10:00:00")
    path.write_bytes(fixed)
    third = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    assert third.new == 1 and scalar(db, "SELECT count(*) FROM quarantine") == 4

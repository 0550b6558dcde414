"""A run killed halfway resumes with no duplicates and nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from llama_index.core.ingestion import IngestionPipeline

from askdesk.sample import write_sample
from tests.support.indexing import count_embeddings, run_index, scalar, vector_counts
from tests.support.settings import SAMPLE_MAPPING, make_settings

N = 240


def _env(db, tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db.url.render_as_string(hide_password=False),
        ASKDESK_DATA_DIR=str(tmp_path / "data"),
        ASKDESK_INDEX__PAGE_SIZE="16",
        ASKDESK_SANITISER__WORKERS="1",
        ASKDESK_SANITISER__SECRET="test-secret",
        ASKDESK_EMBEDDING__BACKEND="onnx",  # fp32, as the fixture that resumes the run: nothing to re-embed
    )
    return env


def test_kill_9_mid_run_then_resume(db, tmp_path: Path, embedder, sanitiser) -> None:
    path = write_sample(tmp_path / "s.csv", n=N, seed=31)
    proc = subprocess.Popen(
        [sys.executable, "-m", "askdesk.cli", "index", "--source", str(path), "--mapping", str(SAMPLE_MAPPING)],
        env=_env(db, tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"the indexer finished before it could be killed: {proc.stderr.read().decode()[-2000:]}")
            done = scalar(db, "SELECT count(*) FROM requests WHERE indexed_hash = source_hash")
            if int(done) >= 48:  # a few pages committed and embedded: kill it mid-flight
                break
            time.sleep(0.05)
        else:
            pytest.fail("the indexer made no progress")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    staged = int(scalar(db, "SELECT count(*) FROM requests"))
    indexed = int(scalar(db, "SELECT count(*) FROM requests WHERE indexed_hash = source_hash"))
    assert 0 < indexed < N
    # a first load builds the HNSW graph after its rows: killed before that, there is none yet
    assert not _has_graph(db)

    settings = make_settings(tmp_path)
    with count_embeddings() as counter:
        report = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    # everything done before the kill is skipped; the rest (staged-but-not-embedded included) is done once
    assert report.embedded == N - indexed
    assert report.resumed == staged - indexed
    assert len(counter.texts) == report.chunks
    assert int(scalar(db, "SELECT count(*) FROM requests")) == N
    assert int(scalar(db, "SELECT count(*) FROM requests WHERE indexed_hash = source_hash")) == N
    counts = vector_counts(db)
    assert len(counts) == N
    assert int(scalar(db, "SELECT count(*) FROM data_request_chunks")) == int(scalar(db, "SELECT count(DISTINCT node_id) FROM data_request_chunks"))
    with db.engine.connect() as conn:
        statuses = conn.execute(sa.text("SELECT status FROM index_runs ORDER BY id")).scalars().all()
    assert statuses == ["interrupted", "succeeded"]
    assert _has_graph(db)  # the resuming run built it


def _has_graph(db) -> bool:
    return bool(scalar(db, "SELECT to_regclass('public.data_request_chunks_embedding_idx') IS NOT NULL"))


def test_crash_between_vector_write_and_docstore_write_leaves_no_duplicates(db, tmp_path, embedder, sanitiser, monkeypatch) -> None:
    """LlamaIndex writes vectors before the docstore hash: a crash in between must not duplicate them."""
    path = write_sample(tmp_path / "s.csv", n=40, seed=2)
    settings = make_settings(tmp_path, index={"page_size": 10})
    original = IngestionPipeline._update_docstore
    calls = {"n": 0}

    def crash_on_second_page(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("simulated crash after the vector write")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(IngestionPipeline, "_update_docstore", crash_on_second_page)
    with pytest.raises(RuntimeError, match="simulated crash"):
        run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    monkeypatch.setattr(IngestionPipeline, "_update_docstore", original)
    # page 2's vectors were written, but the docstore never recorded them
    assert scalar(db, "SELECT count(DISTINCT metadata_->>'ref_doc_id') FROM data_request_chunks") == 20
    assert _has_graph(db)  # the failed first load still built the graph over what it had loaded

    report = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    counts = vector_counts(db)
    assert len(counts) == 40
    assert sum(counts.values()) == int(scalar(db, "SELECT count(DISTINCT node_id) FROM data_request_chunks"))
    assert report.resumed == 10  # the crashed page was staged, then embedded once by the next run

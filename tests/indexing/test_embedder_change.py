"""The index records which embedder made its vectors: another embedder re-embeds every request
(no duplicates, no old vector left), the same one (or an fp32 twin) re-embeds nothing, and a
searching process with another embedder is told what to run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from askdesk import embedder_identity
from askdesk.answering.build import index_embedder_mismatch
from askdesk.embedder_identity import EmbedderIdentity, identity_of
from askdesk.models import load_onnx_embedder
from askdesk.sample import write_sample
from tests.support.indexing import run_index, scalar, vector_counts
from tests.support.settings import make_settings


@pytest.fixture(scope="module")
def int8_embedder(tmp_path_factory: pytest.TempPathFactory):
    return load_onnx_embedder(None, tmp_path_factory.mktemp("onnx"), int8=True, batch_size=8)


@pytest.fixture(scope="module")
def fp32_onnx_embedder(tmp_path_factory: pytest.TempPathFactory):
    return load_onnx_embedder(None, tmp_path_factory.mktemp("onnx32"), int8=False, batch_size=8)


def _vectors(db) -> dict[str, np.ndarray]:
    with db.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT node_id, embedding::text FROM data_request_chunks"))
        return {node: np.asarray([float(x) for x in text.strip("[]").split(",")]) for node, text in rows}


def _recorded(db) -> EmbedderIdentity | None:
    with db.engine.connect() as conn:
        return embedder_identity.recorded(conn)


def test_another_embedder_re_embeds_every_request_once(db, tmp_path: Path, embedder, int8_embedder, sanitiser) -> None:
    path = write_sample(tmp_path / "s.csv", n=30, seed=11)
    settings = make_settings(tmp_path, index={"page_size": 8})
    first = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    assert first.embedded == 30 and first.reembedded == 0 and first.embedder_was is None
    torch_identity = identity_of(embedder)
    assert torch_identity is not None and _recorded(db) == torch_identity
    before = _vectors(db)

    switched = run_index(db, settings, path, embedder=int8_embedder, sanitiser=sanitiser)
    assert switched.reembedded == 30 and switched.embedded == 30 and switched.resumed == 0
    assert switched.unchanged == 30 and switched.embedder_was == torch_identity.label()
    assert _recorded(db) == identity_of(int8_embedder)
    after = _vectors(db)
    assert set(after) == set(before) and vector_counts(db) == _chunks_per_request(before)  # replaced, not added
    cosines = [float(np.dot(before[n], after[n]) / np.linalg.norm(before[n]) / np.linalg.norm(after[n])) for n in before]
    assert all(c < 0.99999 for c in cosines) and min(cosines) > 0.95  # int8's vectors, the same model's
    assert scalar(db, "SELECT count(*) FROM requests WHERE indexed_hash IS DISTINCT FROM source_hash") == 0

    again = run_index(db, settings, path, embedder=int8_embedder, sanitiser=sanitiser)
    assert again.embedded == 0 and again.reembedded == 0 and again.embedder_was is None


def _chunks_per_request(vectors: dict[str, np.ndarray]) -> Counter[str]:
    """Chunks per request, from the chunk ids (``<request id>#<n>``)."""
    return Counter(node.rsplit("#", 1)[0] for node in vectors)


def test_pytorch_and_the_fp32_export_share_an_identity_and_re_embed_nothing(
    db, tmp_path: Path, embedder, fp32_onnx_embedder, sanitiser
) -> None:
    assert identity_of(embedder) == identity_of(fp32_onnx_embedder)
    path = write_sample(tmp_path / "s.csv", n=12, seed=12)
    settings = make_settings(tmp_path)
    run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    switched = run_index(db, settings, path, embedder=fp32_onnx_embedder, sanitiser=sanitiser)
    assert switched.embedded == 0 and switched.reembedded == 0


def test_an_index_from_before_the_record_counts_as_fp32(db, tmp_path: Path, embedder, int8_embedder, sanitiser) -> None:
    path = write_sample(tmp_path / "s.csv", n=10, seed=13)
    settings = make_settings(tmp_path)
    run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    with db.engine.begin() as conn:  # an index made by a release that kept no record
        conn.execute(sa.text("DELETE FROM settings_kv WHERE key = :k"), {"k": embedder_identity.KEY})
    kept = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    assert kept.reembedded == 0 and _recorded(db) == identity_of(embedder)
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM settings_kv WHERE key = :k"), {"k": embedder_identity.KEY})
    switched = run_index(db, settings, path, embedder=int8_embedder, sanitiser=sanitiser)
    assert switched.reembedded == 10 and switched.embedded == 10


def test_a_switch_killed_halfway_resumes_without_duplicates(db, tmp_path: Path, embedder, int8_embedder, sanitiser, monkeypatch) -> None:
    path = write_sample(tmp_path / "s.csv", n=24, seed=14)
    settings = make_settings(tmp_path, index={"page_size": 8})
    run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    before = _vectors(db)

    from indexing.vectors import VectorIndex

    real_ingest, calls = VectorIndex.ingest, []

    def dying_ingest(self, documents):
        calls.append(len(documents))
        if len(calls) == 2:
            raise KeyboardInterrupt  # killed after the first page was re-embedded
        return real_ingest(self, documents)

    monkeypatch.setattr(VectorIndex, "ingest", dying_ingest)
    with pytest.raises(KeyboardInterrupt):
        run_index(db, settings, path, embedder=int8_embedder, sanitiser=sanitiser)
    monkeypatch.setattr(VectorIndex, "ingest", real_ingest)
    assert scalar(db, "SELECT count(*) FROM requests WHERE indexed_hash IS NULL") == 16

    resumed = run_index(db, settings, path, embedder=int8_embedder, sanitiser=sanitiser)
    assert resumed.reembedded == 0 and resumed.resumed == 16 and resumed.embedded == 16
    assert vector_counts(db) == _chunks_per_request(before)  # every request's chunks once, none twice
    assert scalar(db, "SELECT count(DISTINCT node_id) = count(*) FROM data_request_chunks") is True


def test_a_search_with_another_embedder_is_told_what_to_run(db, tmp_path: Path, embedder, int8_embedder, sanitiser) -> None:
    assert index_embedder_mismatch(db, int8_embedder) is None  # nothing recorded yet
    run_index(db, make_settings(tmp_path), write_sample(tmp_path / "s.csv", n=5, seed=15), embedder=embedder, sanitiser=sanitiser)
    assert index_embedder_mismatch(db, embedder) is None
    message = index_embedder_mismatch(db, int8_embedder)
    assert message is not None and "int8" in message and "fp32" in message and "askdesk index" in message


def test_the_identity_names_the_model_by_content_not_by_place(tmp_path: Path, embedder) -> None:
    import shutil

    from askdesk.models import default_embedder_path

    here = default_embedder_path()
    copy = tmp_path / here.name
    shutil.copytree(here, copy)
    assert embedder_identity.model_fingerprint(copy) == embedder_identity.model_fingerprint(here)
    config = copy / "config.json"
    config.write_text(config.read_text().replace("}", ', "askdesk_test": 1}', 1))
    assert embedder_identity.model_fingerprint(copy) != embedder_identity.model_fingerprint(here)

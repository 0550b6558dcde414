"""The embedder on ONNX Runtime: the same model exported from its local folder, vectors that match
PyTorch's, an export made once, and a clear refusal for a folder it cannot run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from askdesk.models import default_embedder_path, embedder_from_settings, embedder_tokenizer, load_onnx_embedder
from askdesk.onnx_embedding import OnnxEmbedding, OnnxExportError, onnx_model_file
from askdesk.settings import Settings

TEXTS = [
    "VPN keeps disconnecting every ten minutes since the client update",
    "Printer on floor 3 jams on every duplex job",
    "Please reset my password for the payroll portal, I am locked out after three attempts",
    "x",  # very short and very long texts in one batch: the length sort must put every vector back
    "Outlook crashes when opening attachments. " * 80,
]


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx")


def _cosines(a: list[list[float]], b: list[list[float]]) -> np.ndarray:
    return (np.asarray(a) * np.asarray(b)).sum(axis=1)


def test_fp32_vectors_match_pytorch_and_int8_stay_close(embedder, export_dir: Path) -> None:
    reference = embedder.get_text_embedding_batch(TEXTS)
    fp32 = load_onnx_embedder(None, export_dir, int8=False, batch_size=2)
    int8 = load_onnx_embedder(None, export_dir, int8=True, batch_size=2)
    assert _cosines(fp32.get_text_embedding_batch(TEXTS), reference).min() > 0.9999
    assert _cosines(int8.get_text_embedding_batch(TEXTS), reference).min() > 0.97
    query = fp32.get_query_embedding(TEXTS[0])
    assert float(np.dot(query, embedder.get_query_embedding(TEXTS[0]))) > 0.9999
    assert abs(np.linalg.norm(query) - 1.0) < 1e-5  # normalised, as the folder's Normalize module says


def test_the_export_is_made_once_and_reused(export_dir: Path) -> None:
    first = onnx_model_file(default_embedder_path(), export_dir, "int8")
    stamp = first.stat().st_mtime_ns
    again = onnx_model_file(default_embedder_path(), export_dir, "int8")
    assert again == first and again.stat().st_mtime_ns == stamp
    assert not list(export_dir.rglob("*.partial"))  # no half-written file left behind


def test_processes_that_start_at_once_each_get_the_int8_model(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A bot's web and worker replicas start together on a new machine and each quantises:
    onnxruntime writes a helper file beside its input under a fixed name, so without a private
    input they deleted each other's (FileNotFoundError) and the replicas died at start.  The
    quantiser's notes (a line per tensor) stay out of the user's terminal."""
    import logging
    import threading

    caplog.set_level(logging.INFO)

    onnx_model_file(default_embedder_path(), tmp_path, "fp32")
    results: list[Path] = []
    errors: list[BaseException] = []

    def quantise() -> None:
        try:
            results.append(onnx_model_file(default_embedder_path(), tmp_path, "int8"))
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=quantise) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 4 and len(set(results)) == 1 and results[0].is_file()
    folder = results[0].parent
    assert not list(folder.glob("*.partial")) and not list(folder.glob(".quantise-*"))
    assert not list(folder.glob("*inferred*"))
    assert not [r for r in caplog.records if "onnxruntime" in r.pathname], [r.getMessage() for r in caplog.records][:3]


def test_a_folder_with_an_unsupported_pooling_is_refused_with_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "maxpool-model"
    shutil.copytree(default_embedder_path(), folder, ignore=shutil.ignore_patterns("*.safetensors"))
    config = folder / "1_Pooling" / "config.json"
    config.write_text(json.dumps({**json.loads(config.read_text()), "pooling_mode_mean_tokens": False,
                                  "pooling_mode_max_tokens": True}))
    with pytest.raises(OnnxExportError, match="BACKEND=torch"):
        onnx_model_file(folder, tmp_path / "cache", "fp32")


def test_settings_choose_the_backend_and_the_splitter_gets_its_tokenizer(tmp_path: Path, export_dir: Path) -> None:
    settings = Settings(data_dir=tmp_path, embedding={"backend": "onnx", "onnx_cache_dir": export_dir})
    model = embedder_from_settings(settings)
    assert isinstance(model, OnnxEmbedding)
    tokenizer = embedder_tokenizer(model)
    assert tokenizer is not None and len(tokenizer.encode("printer jam", add_special_tokens=False)) == 2


def test_threads_embedding_at_once_get_each_their_own_vectors(export_dir: Path) -> None:
    # the Slack answer workers embed questions concurrently with one embedder
    from concurrent.futures import ThreadPoolExecutor

    model = load_onnx_embedder(None, export_dir, int8=False)
    alone = [model.get_query_embedding(t) for t in TEXTS]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(model.get_query_embedding, TEXTS * 4))
    assert _cosines(together, alone * 4).min() > 0.9999


def test_a_folder_with_a_module_it_does_not_run_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "dense-model"
    shutil.copytree(default_embedder_path(), folder, ignore=shutil.ignore_patterns("*.safetensors"))
    modules = json.loads((folder / "modules.json").read_text())
    modules.insert(2, {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"})
    (folder / "modules.json").write_text(json.dumps(modules))
    with pytest.raises(OnnxExportError, match="Dense"):
        onnx_model_file(folder, tmp_path / "cache", "fp32")

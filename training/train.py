"""``askdesk train sft|kto``: LoRA adapters with TRL's ``SFTTrainer`` / ``KTOTrainer`` and PEFT.

Arguments follow TRL's scripts (``trl/scripts/sft.py``): ``TrlParser`` fills askdesk's
subclasses of TRL's configs, where askdesk's defaults are declared as fields (``training.config``),
from ``--config FILE.yaml`` and then from command-line flags, which win.  The defaults make a
plain ``askdesk train sft --dataset DIR`` sensible on a CPU: the configured base model (the
bundled Qwen by default), LoRA r=8 on the attention projections, float32 on CPU; with CUDA,
QLoRA (4-bit NF4 base via bitsandbytes) unless ``--qlora no``.

The result is an adapter folder ``<models dir>/adapters/<version>`` holding the PEFT weights and
``askdesk-adapter.json`` (version, kind, base model and its hash, adapter hash, dataset hash,
config, training figures), registered as a *candidate* in the adapter registry.  Checkpoints go
to ``<output_dir>`` every ``save_steps``; a run that stopped resumes from the last one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Sequence, Sized
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from askdesk.errors import AskdeskError
from askdesk.llm import MARKER
from training.registry import register

if TYPE_CHECKING:
    from peft import PeftModel

log = logging.getLogger(__name__)


class TrainError(AskdeskError, RuntimeError):
    """Training cannot start as configured; the message says what to change."""


@dataclass
class TrainResult:
    version: str
    kind: str
    path: Path
    base_model: str
    base_model_hash: str
    adapter_hash: str
    dataset_hash: str
    metrics: dict[str, Any]
    config: dict[str, Any]

    def manifest(self) -> dict[str, Any]:
        d = asdict(self)
        d["path"] = str(self.path)
        d["created_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        return d


def file_hash(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        with p.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()[:16]


def base_model_hash(folder: Path) -> str:
    """The bundled models carry the sha256 of their GGUF; other folders are hashed (weights + config)."""
    marker = folder / MARKER
    if marker.is_file():
        sha = json.loads(marker.read_text()).get("sha256")
        if sha:
            return sha[:16]
    files = [p for p in folder.iterdir() if p.suffix in (".safetensors", ".bin") or p.name == "config.json"]
    return file_hash(files)


def _data_files(kind: str, dataset: Path) -> tuple[Path, Path]:
    train, heldout = dataset / f"{kind}-train.jsonl", dataset / f"{kind}-heldout.jsonl"
    if not train.is_file():
        raise TrainError(f"No {train.name} in {dataset}: build the data first with `askdesk train data --out {dataset}`.")
    return train, heldout


def run_training(kind: str, argv: Sequence[str], settings: Any, *, registry_engine: Any = None) -> TrainResult:
    """Parse, train, save the adapter with its manifest, register it; returns what was made."""
    # deferred: torch, datasets, transformers and TRL (training.config imports TRL) take seconds to load
    import torch
    from datasets import load_dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import KTOTrainer, SFTTrainer, get_peft_config, get_quantization_config

    from training.config import cuda_available, fill_kto_weights, fill_run_defaults, has_bitsandbytes, parse

    if kind not in ("sft", "kto"):
        raise TrainError(f"unknown trainer {kind!r}: use sft or kto")
    cuda = cuda_available()
    try:
        args, cfg, model_cfg = parse(kind, argv)
    except ValueError as exc:  # TrlParser's and TrainingArguments' own checks: a bad YAML, an unknown key, …
        raise TrainError(str(exc)) from exc
    if not model_cfg.use_peft:
        raise TrainError("askdesk trains LoRA adapters only: leave out use_peft (or set it true).")
    if not args.dataset:
        raise TrainError("Say which data to train on: --dataset DIR (built by `askdesk train data`).")
    dataset_dir = Path(args.dataset)
    train_file, heldout_file = _data_files(kind, dataset_dir)
    fill_run_defaults(kind, args, cfg, model_cfg, settings, cuda=cuda)
    card = json.loads((dataset_dir / "card.json").read_text()) if (dataset_dir / "card.json").is_file() else {}
    dataset_hash = card.get("dataset_hash") or file_hash([train_file])

    base = str(model_cfg.model_name_or_path)  # filled by fill_run_defaults when unset
    use_4bit = model_cfg.load_in_4bit = args.qlora == "yes"
    if use_4bit and not cuda:
        raise TrainError("QLoRA (--qlora yes) needs a CUDA GPU; use --qlora no on this machine.")
    if use_4bit and not has_bitsandbytes():
        raise TrainError("QLoRA needs bitsandbytes: pip install 'askdesk[gpu]' (bitsandbytes==0.50.2).")
    quant = get_quantization_config(model_cfg)
    dtype = torch.bfloat16 if cuda else torch.float32
    tokenizer = AutoTokenizer.from_pretrained(base)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(base, dtype=dtype, quantization_config=quant,
                                                 device_map={"": 0} if quant is not None else None)
    data = load_dataset("json", data_files={"train": str(train_file), **({"heldout": str(heldout_file)} if args.eval_heldout and heldout_file.is_file() and heldout_file.stat().st_size else {})})
    if kind == "kto":
        labels = set(data["train"]["label"])
        if labels != {True, False}:
            raise TrainError(f"KTO needs desirable and undesirable rows; {train_file.name} has only "
                             f"{'desirable' if True in labels else 'undesirable'} ones. Collect more 👎 (generation errors) or train sft.")
        fill_kto_weights(cfg, data["train"]["label"])
    trainer_cls = SFTTrainer if kind == "sft" else KTOTrainer
    trainer = trainer_cls(model=model, args=cfg, train_dataset=data["train"], eval_dataset=data.get("heldout"),
                          processing_class=tokenizer, peft_config=get_peft_config(model_cfg))
    kept = len(cast(Sized, trainer.train_dataset))  # map-style: load_dataset without streaming
    if kept == 0:
        raise TrainError(f"No training example fits --max_length {cfg.max_length} (prompts are long: the retrieved "
                         "requests); raise it, e.g. --max_length 1024.")
    if kept < len(data["train"]):
        log.warning("%d of %d examples were dropped (longer than max_length %d with no answer tokens left)",
                    len(data["train"]) - kept, len(data["train"]), cfg.max_length)
    checkpoints = sorted(Path(cfg.output_dir).glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[-1]))
    if cuda:
        torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    out = trainer.train(resume_from_checkpoint=str(checkpoints[-1]) if checkpoints else None)
    seconds = time.perf_counter() - t0
    metrics: dict[str, Any] = {k: v for k, v in out.metrics.items() if isinstance(v, int | float)}
    metrics["seconds"] = seconds
    metrics["train_examples"] = kept
    metrics["train_examples_dropped"] = len(data["train"]) - kept
    metrics["resumed_from"] = checkpoints[-1].name if checkpoints else None
    if kind == "kto":
        metrics["desirable_weight"], metrics["undesirable_weight"] = cfg.desirable_weight, cfg.undesirable_weight
    tokens = trainer.state.num_input_tokens_seen or max(
        (float(h["num_tokens"]) for h in trainer.state.log_history if "num_tokens" in h and "eval_loss" not in h), default=0)
    if tokens:
        metrics["tokens_per_s"] = tokens / seconds
    if cuda:
        metrics["peak_cuda_mib"] = torch.cuda.max_memory_allocated() / 2**20
    if "heldout" in data:
        metrics.update({f"heldout_{k.removeprefix('eval_')}": v for k, v in trainer.evaluate().items() if isinstance(v, int | float)})

    path = settings.model_cache_dir / "adapters" / args.version
    if path.exists():
        raise TrainError(f"An adapter {args.version} already exists at {path}: pick another --version.")
    cast("PeftModel", trainer.model).save_pretrained(str(path))  # use_peft is required above: a LoRA model
    adapter_files = [p for p in path.iterdir() if p.suffix in (".safetensors", ".bin")]
    config = {"trainer": kind, "args": asdict(args), "model": asdict(model_cfg),
              "training": {k: v for k, v in cfg.to_dict().items() if isinstance(v, str | int | float | bool | type(None))},
              "qlora": use_4bit, "device": "cuda" if cuda else "cpu", "prompt_version": card.get("prompt_version")}
    result = TrainResult(args.version, kind, path, str(base), base_model_hash(Path(base)), file_hash(adapter_files),
                         dataset_hash, metrics, config)
    (path / "askdesk-adapter.json").write_text(json.dumps(result.manifest(), indent=2, default=str))
    if args.register and registry_engine is not None:
        register(registry_engine, result)
    return result


def torch_threads_for_training() -> None:
    """One process, all cores (the trainer runs nothing else beside it)."""
    import torch

    torch.set_num_threads(max(1, os.cpu_count() or 1))

"""``askdesk train sft|kto``: LoRA adapters with TRL's ``SFTTrainer`` / ``KTOTrainer`` and PEFT.

Arguments follow TRL's scripts (``trl/scripts/sft.py``): three dataclasses — ours
(:class:`TrainArgs`), TRL's ``SFTConfig``/``KTOConfig`` and ``ModelConfig`` — filled by
``TrlParser`` from ``--config FILE.yaml`` and then from command-line flags, which win.
askdesk's defaults make a plain ``askdesk train sft --dataset DIR`` sensible on a CPU: the
configured base model (the bundled Qwen by default), LoRA r=8 on the attention projections,
float32 on CPU; with CUDA, QLoRA (4-bit NF4 base via bitsandbytes) unless ``--qlora no``.

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
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

TARGET_MODULES = ["q_proj", "k_proj", "v_proj", "o_proj"]


class TrainError(RuntimeError):
    """Training cannot start as configured; the message says what to change."""


@dataclass
class TrainArgs:
    """askdesk's training arguments (beside TRL's SFTConfig/KTOConfig and ModelConfig)."""

    dataset: str = field(default="", metadata={"help": "Folder written by `askdesk train data` (sft-train.jsonl, kto-train.jsonl, card.json)."})
    version: str = field(default="", metadata={"help": "Adapter version name (default: <kind>-<UTC timestamp>)."})
    qlora: str = field(default="auto", metadata={"help": "auto: 4-bit base (bitsandbytes) when CUDA is present; yes; no."})
    register: bool = field(default=True, metadata={"help": "Register the adapter as a candidate in the registry."})
    eval_heldout: bool = field(default=True, metadata={"help": "Report the loss on the held-out split."})


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
    from askdesk.llm import MARKER

    marker = folder / MARKER
    if marker.is_file():
        sha = json.loads(marker.read_text()).get("sha256")
        if sha:
            return sha[:16]
    files = [p for p in folder.iterdir() if p.suffix in (".safetensors", ".bin") or p.name == "config.json"]
    return file_hash(files)


def parse(kind: str, argv: Sequence[str], *, cuda: bool = False) -> tuple[TrainArgs, Any, Any]:
    """TRL's parser: ``--config`` YAML first, then flags."""
    from trl import KTOConfig, ModelConfig, SFTConfig, TrlParser

    config_cls = {"sft": SFTConfig, "kto": KTOConfig}[kind]
    argv = list(argv)
    if not cuda and not any(a.startswith("--bf16") for a in argv):
        argv += ["--bf16", "False", "--use_cpu", "True"]  # TRL defaults to bf16, which a CPU run refuses
    if not any(a == "--output_dir" or a.startswith("--output_dir=") for a in argv):
        argv += ["--output_dir", ""]  # filled in below; TRL requires the field
    parser = TrlParser((TrainArgs, config_cls, ModelConfig))
    return parser.parse_args_and_config(args=argv)  # type: ignore[return-value]


def _given(argv: Sequence[str]) -> set[str]:
    """The option names the user set, by flag or in the ``--config`` YAML (askdesk's defaults
    must not overwrite either)."""
    import yaml

    argv = list(argv)
    given = {a.split("=", 1)[0].lstrip("-") for a in argv if a.startswith("--")}
    for i, a in enumerate(argv):
        path = a.split("=", 1)[1] if a.startswith("--config=") else argv[i + 1] if a == "--config" and i + 1 < len(argv) else None
        if path:
            loaded = yaml.safe_load(Path(path).read_text()) or {}
            if not isinstance(loaded, dict):
                raise TrainError(f"{path} is not a YAML mapping of option: value.")
            given |= set(loaded)
    return given


def _balance_kto_weights(cfg: Any, labels: Sequence[bool]) -> None:
    """Weigh the rarer label up so desirable × weight : undesirable × weight lands inside the
    KTO paper's recommended 1 to 4/3 (Eq. 8, arXiv 2402.01306), as TRL advises: feedback has
    far more 👍 than 👎 (or the reverse), and unweighted the rare label barely trains."""
    n_d = sum(1 for label in labels if label)
    n_u = len(labels) - n_d
    if n_d > n_u * 4 / 3:
        cfg.desirable_weight, cfg.undesirable_weight = 1.0, round(n_d / n_u / 1.15, 3)
    elif n_u > n_d:
        cfg.desirable_weight, cfg.undesirable_weight = round(n_u * 1.15 / n_d, 3), 1.0
    log.info("KTO: %d desirable, %d undesirable rows: desirable_weight %s, undesirable_weight %s",
             n_d, n_u, cfg.desirable_weight, cfg.undesirable_weight)


def _defaults(kind: str, args: TrainArgs, cfg: Any, model_cfg: Any, settings: Any, cuda: bool, given: set[str]) -> None:
    """askdesk's defaults where the user set nothing (``given``: what a flag or the YAML set wins)."""
    if not args.version:
        args.version = f"{kind}-{datetime.now(UTC):%Y%m%d-%H%M%S}"
    if not cfg.output_dir:
        cfg.output_dir = str(settings.model_cache_dir / "checkpoints" / args.version)
    if not cuda:
        cfg.bf16 = False
        cfg.fp16 = False
        cfg.use_cpu = True
    model_cfg.use_peft = True
    if "lora_target_modules" not in given and not model_cfg.lora_target_modules:
        model_cfg.lora_target_modules = TARGET_MODULES
    if "lora_r" not in given:
        model_cfg.lora_r = 8
    if "lora_alpha" not in given:
        model_cfg.lora_alpha = 16
    for name, value in (("report_to", "none"), ("save_strategy", "steps"), ("save_steps", 50), ("logging_steps", 5),
                        ("save_total_limit", 2)):
        if name not in given:
            setattr(cfg, name, value)
    if "max_length" not in given:
        cfg.max_length = 1024
    if "learning_rate" not in given:
        cfg.learning_rate = 2e-4 if kind == "sft" else 5e-5
    if kind == "sft" and "completion_only_loss" not in given:
        cfg.completion_only_loss = True  # learn the answer, not the prompt


def _data_files(kind: str, dataset: Path) -> tuple[Path, Path]:
    train, heldout = dataset / f"{kind}-train.jsonl", dataset / f"{kind}-heldout.jsonl"
    if not train.is_file():
        raise TrainError(f"No {train.name} in {dataset}: build the data first with `askdesk train data --out {dataset}`.")
    return train, heldout


def run_training(kind: str, argv: Sequence[str], settings: Any, *, registry_engine: Any = None) -> TrainResult:
    """Parse, train, save the adapter with its manifest, register it; returns what was made."""
    import torch
    from datasets import load_dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import KTOTrainer, SFTTrainer, get_peft_config, get_quantization_config

    from askdesk.llm import resolve_model

    if kind not in ("sft", "kto"):
        raise TrainError(f"unknown trainer {kind!r}: use sft or kto")
    cuda = torch.cuda.is_available()
    args, cfg, model_cfg = parse(kind, argv, cuda=cuda)
    given = _given(argv)
    _defaults(kind, args, cfg, model_cfg, settings, cuda, given)
    if not args.dataset:
        raise TrainError("Say which data to train on: --dataset DIR (built by `askdesk train data`).")
    dataset_dir = Path(args.dataset)
    train_file, heldout_file = _data_files(kind, dataset_dir)
    card = json.loads((dataset_dir / "card.json").read_text()) if (dataset_dir / "card.json").is_file() else {}
    dataset_hash = card.get("dataset_hash") or file_hash([train_file])

    base = model_cfg.model_name_or_path or resolve_model(settings)
    model_cfg.model_name_or_path = base
    use_4bit = args.qlora == "yes" or (args.qlora == "auto" and cuda)
    if use_4bit and not cuda:
        raise TrainError("QLoRA (--qlora yes) needs a CUDA GPU; use --qlora no on this machine.")
    if use_4bit:
        try:
            import bitsandbytes  # noqa: F401
        except ImportError:
            if args.qlora == "yes":
                raise TrainError("QLoRA needs bitsandbytes: pip install 'askdesk[gpu]' (bitsandbytes==0.50.2).") from None
            log.warning("CUDA is present but bitsandbytes is not installed: training in bf16 without 4-bit "
                        "(pip install 'askdesk[gpu]' for QLoRA)")
            use_4bit = False
    model_cfg.load_in_4bit = use_4bit
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
        if not {"desirable_weight", "undesirable_weight"} & given:
            _balance_kto_weights(cfg, data["train"]["label"])
    trainer_cls = SFTTrainer if kind == "sft" else KTOTrainer
    trainer = trainer_cls(model=model, args=cfg, train_dataset=data["train"], eval_dataset=data.get("heldout"),
                          processing_class=tokenizer, peft_config=get_peft_config(model_cfg))
    kept = len(trainer.train_dataset)
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
    trainer.model.save_pretrained(str(path))
    adapter_files = [p for p in path.iterdir() if p.suffix in (".safetensors", ".bin")]
    config = {"trainer": kind, "args": asdict(args), "model": asdict(model_cfg),
              "training": {k: v for k, v in cfg.to_dict().items() if isinstance(v, str | int | float | bool | type(None))},
              "qlora": use_4bit, "device": "cuda" if cuda else "cpu", "prompt_version": card.get("prompt_version")}
    result = TrainResult(args.version, kind, path, str(base), base_model_hash(Path(base)), file_hash(adapter_files),
                         dataset_hash, metrics, config)
    (path / "askdesk-adapter.json").write_text(json.dumps(result.manifest(), indent=2, default=str))
    if args.register and registry_engine is not None:
        from training.registry import register

        register(registry_engine, result)
    return result


def torch_threads_for_training() -> None:
    """One process, all cores (the trainer runs nothing else beside it)."""
    import torch

    torch.set_num_threads(max(1, os.cpu_count() or 1))

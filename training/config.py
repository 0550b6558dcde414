"""The options of ``askdesk train sft|kto``: TRL's config classes with askdesk's defaults declared as fields.

:func:`parse` fills three dataclasses with TRL's ``TrlParser``, as TRL's own scripts do: askdesk's
:class:`TrainArgs`, :class:`AskdeskSFTConfig` or :class:`AskdeskKTOConfig`, and
:class:`AskdeskModelConfig`.  Each option takes its declared default, then the value in
``--config FILE.yaml``, then the command-line flag: flags win over the YAML, the YAML over the
defaults.  The subclasses redeclare only the defaults askdesk changes (as TRL's ``KTOConfig``
redeclares ``TrainingArguments``' ``learning_rate``); those both share sit in one mixin.

Some defaults depend on the machine, the settings or the data.  Those fields are declared with an
"unset" value (``None``, ``""``, ``"auto"``, named in their help) and filled in later only while
they still hold it, so a value from the YAML or a flag is always kept:

* :func:`fill_machine_defaults`: ``bf16`` and ``use_cpu`` (bf16 with CUDA, the CPU without).  It
  runs inside the configs' ``__post_init__``, because ``TrainingArguments`` checks precision
  against the device and sets both up while the parser builds the object.
* :func:`fill_run_defaults`: the adapter ``version``, ``output_dir``, the base model from the
  settings, and ``qlora`` (4-bit when CUDA and bitsandbytes are there).  It runs after parsing.
* :func:`fill_kto_weights`: KTO's ``desirable_weight``/``undesirable_weight``, from the labels.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from trl import KTOConfig, ModelConfig, SFTConfig

from askdesk.llm import resolve_model

log = logging.getLogger(__name__)

TARGET_MODULES = ["q_proj", "k_proj", "v_proj", "o_proj"]


@dataclass
class TrainArgs:
    """askdesk's training arguments (beside TRL's SFTConfig/KTOConfig and ModelConfig)."""

    dataset: str = field(default="", metadata={"help": "Folder written by `askdesk train data` (sft-train.jsonl, kto-train.jsonl, card.json)."})
    version: str = field(default="", metadata={"help": "Adapter version name (default: <kind>-<UTC timestamp>)."})
    qlora: str = field(default="auto", metadata={"help": "auto: 4-bit base (bitsandbytes) when CUDA is present; yes; no.",
                                                 "choices": ["auto", "yes", "no"]})
    register: bool = field(default=True, metadata={"help": "Register the adapter as a candidate in the registry."})
    eval_heldout: bool = field(default=True, metadata={"help": "Report the loss on the held-out split."})


def _default(value: Any, help: str) -> Any:
    return field(default=value, metadata={"help": help})


_OUTPUT_DIR = ("Where checkpoints go; a run that stopped resumes from the last one. Empty (the default): "
               "<models dir>/checkpoints/<version>.")
_BF16 = "bf16 mixed precision. Unset (the default): on with CUDA (unless fp16), off on a CPU."
_USE_CPU = "Train on the CPU. Unset (the default): on when there is no CUDA."


if TYPE_CHECKING:  # the fields and __post_init__ the mixin overrides; at runtime it holds only its own fields
    from transformers import TrainingArguments

    _MixinBase = TrainingArguments
else:
    _MixinBase = object


@dataclass
class _AskdeskTrainingDefaults(_MixinBase):
    """The defaults askdesk changes in both trainers' configs (fields of ``TrainingArguments``), and
    the machine defaults, filled in before TRL's ``__post_init__`` checks them.  A mixin, listed
    before TRL's config: its fields override that config's, and nothing else of it."""

    # output_dir is "" rather than None while unset: TrainingArguments turns None into "trainer_output"
    output_dir: str = _default("", _OUTPUT_DIR)
    bf16: bool | None = _default(None, _BF16)  # type: ignore[assignment]
    use_cpu: bool | None = _default(None, _USE_CPU)  # type: ignore[assignment]
    logging_steps: float = _default(5, "Log every X update steps.")
    save_steps: float = _default(50, "Save a checkpoint every X update steps.")
    save_total_limit: int | None = _default(2, "Keep at most this many checkpoints.")

    def __post_init__(self) -> None:
        fill_machine_defaults(self, cuda=cuda_available())
        super().__post_init__()


@dataclass
class AskdeskSFTConfig(_AskdeskTrainingDefaults, SFTConfig):
    """TRL's ``SFTConfig`` with askdesk's defaults."""

    learning_rate: float = _default(2e-4, "The initial learning rate for AdamW (LoRA takes a higher one than full tuning).")
    completion_only_loss: bool | None = _default(True, "Learn the answer, not the prompt.")


@dataclass
class AskdeskKTOConfig(_AskdeskTrainingDefaults, KTOConfig):
    """TRL's ``KTOConfig`` with askdesk's defaults."""

    learning_rate: float = _default(5e-5, "The initial learning rate for AdamW.")
    desirable_weight: float | None = _default(  # type: ignore[assignment]
        None, "Weight of the desirable losses. Unset (the default, with undesirable_weight unset too): the rarer "
        "label is weighed up so that rows × weight stay within the KTO paper's 1:1 to 4:3; else 1.")
    undesirable_weight: float | None = _default(  # type: ignore[assignment]
        None, "Weight of the undesirable losses. Unset (the default): see desirable_weight.")


@dataclass
class AskdeskModelConfig(ModelConfig):
    """TRL's ``ModelConfig`` with askdesk's defaults: a small LoRA on the attention projections."""

    model_name_or_path: str | None = _default(None, "The base model. Unset (the default): the configured one "
                                                    "(the bundled model's folder unless the settings name another).")
    use_peft: bool = _default(True, "Train a LoRA adapter (askdesk makes adapters only).")
    lora_r: int = _default(8, "LoRA rank.")
    lora_alpha: int = _default(16, "LoRA alpha.")
    lora_target_modules: list[str] | None = field(
        default_factory=lambda: list(TARGET_MODULES),
        metadata={"help": "LoRA target modules (or all-linear)."})


CONFIGS: dict[str, type] = {"sft": AskdeskSFTConfig, "kto": AskdeskKTOConfig}


def parse(kind: str, argv: Sequence[str]) -> tuple[TrainArgs, Any, AskdeskModelConfig]:
    """TRL's parser: the declared defaults, then ``--config FILE.yaml``, then the flags."""
    from trl import TrlParser

    parser = TrlParser((TrainArgs, CONFIGS[kind], AskdeskModelConfig))  # type: ignore[arg-type]
    return parser.parse_args_and_config(args=list(argv))  # type: ignore[return-value]


def cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


def fill_machine_defaults(cfg: Any, *, cuda: bool) -> None:
    """``bf16``/``use_cpu`` still unset (``None``): bf16 with CUDA (unless fp16), the CPU without.
    TRL's own default, bf16 whenever fp16 is off, is refused by a CPU."""
    if cfg.bf16 is None:
        cfg.bf16 = cuda and not cfg.fp16
    if cfg.use_cpu is None:
        cfg.use_cpu = not cuda


def fill_run_defaults(kind: str, args: TrainArgs, cfg: Any, model_cfg: Any, settings: Any, *, cuda: bool) -> None:
    """The defaults that come from the settings and the machine, for the fields still unset."""
    if not args.version:
        args.version = f"{kind}-{datetime.now(UTC):%Y%m%d-%H%M%S}"
    if not cfg.output_dir:
        cfg.output_dir = str(settings.model_cache_dir / "checkpoints" / args.version)
    if not model_cfg.model_name_or_path:
        model_cfg.model_name_or_path = str(resolve_model(settings))
    if args.qlora == "auto":
        args.qlora = "yes" if cuda and has_bitsandbytes() else "no"
        if cuda and args.qlora == "no":
            log.warning("CUDA is present but bitsandbytes is not installed: training in bf16 without 4-bit "
                        "(pip install 'askdesk[gpu]' for QLoRA)")


def has_bitsandbytes() -> bool:
    try:
        import bitsandbytes  # noqa: F401
    except ImportError:
        return False
    return True


def fill_kto_weights(cfg: Any, labels: Sequence[bool]) -> None:
    """Both weights unset (``None``): weigh the rarer label up so desirable × weight : undesirable ×
    weight lands inside the KTO paper's recommended 1 to 4/3 (Eq. 8, arXiv 2402.01306), as TRL
    advises: feedback has far more 👍 than 👎 (or the reverse), and unweighted the rare label
    barely trains.  One set: the other is 1."""
    if cfg.desirable_weight is None and cfg.undesirable_weight is None:
        n_d = sum(1 for label in labels if label)
        n_u = len(labels) - n_d
        cfg.desirable_weight, cfg.undesirable_weight = 1.0, 1.0
        if n_d > n_u * 4 / 3:
            cfg.undesirable_weight = round(n_d / n_u / 1.15, 3)
        elif n_u > n_d:
            cfg.desirable_weight = round(n_u * 1.15 / n_d, 3)
        log.info("KTO: %d desirable, %d undesirable rows: desirable_weight %s, undesirable_weight %s",
                 n_d, n_u, cfg.desirable_weight, cfg.undesirable_weight)
    if cfg.desirable_weight is None:
        cfg.desirable_weight = 1.0
    if cfg.undesirable_weight is None:
        cfg.undesirable_weight = 1.0

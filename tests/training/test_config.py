"""askdesk's training options: defaults declared as fields of TRL's config classes, overridden by
the ``--config`` YAML, overridden by flags (TrlParser's precedence); the defaults that depend on
the machine, the settings or the data fill only fields still unset."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from tests.support.settings import make_settings
from training import config as train_config
from training.config import TARGET_MODULES, fill_kto_weights, fill_machine_defaults, fill_run_defaults, parse
from training.train import TrainError, run_training

CONFIGS = Path(__file__).resolve().parents[2] / "training" / "configs"


@pytest.fixture(autouse=True)
def no_cuda(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse as on a machine without CUDA, whatever this one has."""
    monkeypatch.setattr(train_config, "cuda_available", lambda: False)


def _yaml(tmp_path: Path, text: str) -> str:
    path = tmp_path / "c.yaml"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("kind", ["sft", "kto"])
def test_declared_defaults_apply_when_nothing_is_set(kind: str) -> None:
    args, cfg, model_cfg = parse(kind, ["--dataset", "d"])
    assert (args.dataset, args.version, args.qlora, args.register) == ("d", "", "auto", True)
    assert model_cfg.use_peft and (model_cfg.lora_r, model_cfg.lora_alpha) == (8, 16)
    assert model_cfg.lora_target_modules == TARGET_MODULES and model_cfg.model_name_or_path is None
    assert cfg.learning_rate == pytest.approx(2e-4 if kind == "sft" else 5e-5)
    assert (cfg.logging_steps, cfg.save_steps, cfg.save_total_limit) == (5, 50, 2)
    # TRL's and transformers' own defaults that askdesk relies on (not redeclared): pinned here
    assert cfg.max_length == 1024 and cfg.report_to == [] and cfg.save_strategy == "steps"
    # no CUDA: float32 on the CPU; the output dir waits for the settings
    assert cfg.bf16 is False and cfg.fp16 is False and cfg.use_cpu is True
    assert cfg.output_dir == ""
    if kind == "sft":
        assert cfg.completion_only_loss is True
    else:  # left for the data to decide
        assert cfg.desirable_weight is None and cfg.undesirable_weight is None


@pytest.mark.parametrize("kind,name", [("sft", "sft-cpu.yaml"), ("kto", "kto-cpu.yaml")])
def test_the_shipped_cpu_configs_override_the_defaults(kind: str, name: str) -> None:
    raw = yaml.safe_load((CONFIGS / name).read_text())
    args, cfg, model_cfg = parse(kind, ["--config", str(CONFIGS / name), "--dataset", "d"])
    assert cfg.gradient_accumulation_steps == raw["gradient_accumulation_steps"]
    assert cfg.learning_rate == pytest.approx(raw["learning_rate"])
    assert cfg.save_steps == raw["save_steps"] == 25 and cfg.logging_steps == raw["logging_steps"]
    assert model_cfg.lora_target_modules == raw["lora_target_modules"]
    if "lora_dropout" in raw:
        assert model_cfg.lora_dropout == pytest.approx(raw["lora_dropout"])
    if kind == "kto":
        assert cfg.beta == pytest.approx(raw["beta"])
    assert args.qlora == "no" and cfg.use_cpu and not cfg.bf16


def test_yaml_overrides_the_defaults_and_flags_override_the_yaml(tmp_path: Path) -> None:
    config = _yaml(tmp_path, "lora_r: 32\nlora_alpha: 64\nmax_length: 512\nlearning_rate: 1.0e-3\nsave_steps: 7\n"
                             "lora_target_modules: all-linear\ncompletion_only_loss: false\n")
    _, cfg, model_cfg = parse("sft", ["--config", config, "--lora_alpha", "8", "--save_steps", "3", "--dataset", "d"])
    assert model_cfg.lora_r == 32 and model_cfg.lora_target_modules == "all-linear"  # the YAML, not the default
    assert cfg.max_length == 512 and cfg.learning_rate == pytest.approx(1e-3) and cfg.completion_only_loss is False
    assert model_cfg.lora_alpha == 8 and cfg.save_steps == 3  # the flags, not the YAML
    assert cfg.logging_steps == 5  # set nowhere: askdesk's default


def test_an_explicit_precision_is_kept_and_only_unset_ones_are_filled(tmp_path: Path) -> None:
    _, cfg, _ = parse("sft", ["--config", _yaml(tmp_path, "bf16: true\n")])
    assert cfg.bf16 is True and cfg.use_cpu is True  # the YAML's bf16 stays; use_cpu was unset
    _, cfg, _ = parse("sft", ["--config", _yaml(tmp_path, "bf16: true\n"), "--bf16", "False"])
    assert cfg.bf16 is False
    _, cfg, _ = parse("kto", ["--use_cpu", "False"])
    assert cfg.use_cpu is False and cfg.bf16 is False


@pytest.mark.parametrize("bf16,fp16,use_cpu,expected", [(None, False, None, (True, False)),
                                                        (None, True, None, (False, False)),
                                                        (False, False, True, (False, True))])
def test_with_cuda_unset_precision_is_bf16_on_the_gpu(bf16: bool | None, fp16: bool, use_cpu: bool | None,
                                                      expected: tuple[bool, bool]) -> None:
    """bf16 and the GPU, unless fp16 or an explicit value says otherwise."""
    cfg = SimpleNamespace(bf16=bf16, fp16=fp16, use_cpu=use_cpu)
    fill_machine_defaults(cfg, cuda=True)
    assert (cfg.bf16, cfg.use_cpu) == expected


def test_the_cuda_config_parses_and_keeps_its_values() -> None:
    """Its bf16 stays even here (the CPU takes bf16 too); only training without CUDA is refused."""
    raw = yaml.safe_load((CONFIGS / "sft-qlora-cuda.yaml").read_text())
    args, cfg, model_cfg = parse("sft", ["--config", str(CONFIGS / "sft-qlora-cuda.yaml")])
    assert cfg.bf16 is True and cfg.activation_checkpointing is True and cfg.max_length == raw["max_length"]
    assert args.qlora == "yes" and model_cfg.use_bnb_nested_quant and model_cfg.lora_target_modules == "all-linear"
    assert (model_cfg.lora_r, model_cfg.lora_alpha) == (raw["lora_r"], raw["lora_alpha"])


def test_run_defaults_fill_only_what_is_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "base").mkdir()
    settings = make_settings(tmp_path, llm={"model": str(tmp_path / "base")})  # a folder: no bundled model converted
    args, cfg, model_cfg = parse("sft", [])
    fill_run_defaults("sft", args, cfg, model_cfg, settings, cuda=False)
    assert args.version.startswith("sft-") and args.qlora == "no"
    assert cfg.output_dir == str(settings.model_cache_dir / "checkpoints" / args.version)
    assert model_cfg.model_name_or_path == str(tmp_path / "base")  # the configured model
    args, cfg, model_cfg = parse("sft", ["--version", "v1", "--output_dir", str(tmp_path / "ck"),
                                         "--model_name_or_path", "base", "--qlora", "no"])
    fill_run_defaults("sft", args, cfg, model_cfg, settings, cuda=True)
    assert (args.version, cfg.output_dir, model_cfg.model_name_or_path, args.qlora) == ("v1", str(tmp_path / "ck"), "base", "no")
    for has_bnb, expected in ((True, "yes"), (False, "no")):  # auto: QLoRA with CUDA, when bitsandbytes is there
        monkeypatch.setattr(train_config, "has_bitsandbytes", lambda has_bnb=has_bnb: has_bnb)
        args, cfg, model_cfg = parse("sft", ["--model_name_or_path", "base"])
        fill_run_defaults("sft", args, cfg, model_cfg, settings, cuda=True)
        assert args.qlora == expected


def test_what_the_parser_or_askdesk_refuses_is_a_train_error(tmp_path: Path) -> None:
    with pytest.raises(TrainError, match="YAML mapping"):
        run_training("sft", ["--config", _yaml(tmp_path, "- lora_r\n")], settings=None)
    with pytest.raises(TrainError, match="Unknown arguments"):
        run_training("sft", ["--config", _yaml(tmp_path, "lora_rank: 4\n")], settings=None)
    settings = SimpleNamespace(model_cache_dir=tmp_path)
    with pytest.raises(TrainError, match="LoRA adapters only"):
        run_training("sft", ["--use_peft", "false", "--model_name_or_path", "base", "--dataset", "d"], settings)
    (tmp_path / "sft-train.jsonl").write_text("{}\n")
    with pytest.raises(TrainError, match="needs a CUDA GPU"):
        run_training("sft", ["--qlora", "yes", "--model_name_or_path", "base", "--dataset", str(tmp_path)], settings)


@pytest.mark.parametrize("n_d,n_u", [(180, 3), (3, 40), (10, 9), (7, 7)])
def test_kto_weights_land_in_the_papers_range(n_d: int, n_u: int) -> None:
    """desirable × weight / (undesirable × weight) within [1, 4/3] (KTO paper Eq. 8), whatever the balance."""
    cfg = SimpleNamespace(desirable_weight=None, undesirable_weight=None)
    fill_kto_weights(cfg, [True] * n_d + [False] * n_u)
    ratio = n_d * cfg.desirable_weight / (n_u * cfg.undesirable_weight)
    assert 1 <= ratio <= 4 / 3 + 1e-9
    assert min(cfg.desirable_weight, cfg.undesirable_weight) == 1.0  # only the rarer label is weighed up


def test_a_kto_weight_the_user_set_is_kept(tmp_path: Path) -> None:
    _, cfg, _ = parse("kto", ["--config", _yaml(tmp_path, "undesirable_weight: 2.5\n")])
    fill_kto_weights(cfg, [True] * 180 + [False] * 3)
    assert (cfg.desirable_weight, cfg.undesirable_weight) == (1.0, 2.5)

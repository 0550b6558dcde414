"""The shipped training configs parse with TRL's parser, and precedence is flags > YAML >
askdesk's defaults (a YAML value must not be overwritten by a default)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from training.train import TrainArgs, TrainError, _defaults, _given, parse

CONFIGS = Path(__file__).resolve().parents[2] / "training" / "configs"


def _parsed(kind: str, argv: list[str], tmp_path: Path):  # type: ignore[no-untyped-def]
    args, cfg, model_cfg = parse(kind, argv)
    _defaults(kind, args, cfg, model_cfg, SimpleNamespace(model_cache_dir=tmp_path), False, _given(argv))
    return args, cfg, model_cfg


@pytest.mark.parametrize("kind,name", [("sft", "sft-cpu.yaml"), ("kto", "kto-cpu.yaml")])
def test_cpu_configs_parse_and_yaml_values_survive_the_defaults(kind: str, name: str, tmp_path: Path) -> None:
    path = CONFIGS / name
    raw = yaml.safe_load(path.read_text())
    args, cfg, model_cfg = _parsed(kind, ["--config", str(path), "--dataset", "d"], tmp_path)
    assert cfg.gradient_accumulation_steps == raw["gradient_accumulation_steps"]
    assert cfg.learning_rate == pytest.approx(raw["learning_rate"])
    assert cfg.save_steps == raw["save_steps"] and cfg.logging_steps == raw["logging_steps"]
    if "lora_dropout" in raw:
        assert model_cfg.lora_dropout == pytest.approx(raw["lora_dropout"])
    assert model_cfg.lora_target_modules == raw["lora_target_modules"]
    assert args.qlora == "no" and cfg.use_cpu and not cfg.bf16
    if kind == "kto":
        assert cfg.beta == pytest.approx(raw["beta"])


def test_flags_win_over_the_yaml_and_the_yaml_over_the_defaults(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("lora_r: 32\nlora_alpha: 64\nmax_length: 512\nlearning_rate: 1.0e-3\n")
    argv = ["--config", str(config), "--lora_alpha", "8", "--dataset", "d"]
    _, cfg, model_cfg = _parsed("sft", argv, tmp_path)
    assert model_cfg.lora_r == 32  # YAML, not askdesk's default 8
    assert model_cfg.lora_alpha == 8  # the flag
    assert cfg.max_length == 512 and cfg.learning_rate == pytest.approx(1e-3)
    _, cfg, model_cfg = _parsed("sft", ["--dataset", "d"], tmp_path)  # nothing set: askdesk's defaults
    assert (model_cfg.lora_r, model_cfg.lora_alpha, cfg.max_length, cfg.completion_only_loss) == (8, 16, 1024, True)
    assert _given([f"--config={config}", "--max_steps", "3"]) >= {"lora_r", "max_length", "max_steps", "config"}


def test_a_config_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("- lora_r\n")
    with pytest.raises(TrainError, match="not a YAML mapping"):
        _given(["--config", str(config)])


def test_the_cuda_config_names_only_known_options() -> None:
    """It can't be parsed on a machine without CUDA (TRL refuses bf16 there), so check its keys."""
    from trl import ModelConfig, SFTConfig

    known = {f.name for cls in (TrainArgs, SFTConfig, ModelConfig) for f in dataclasses.fields(cls)}
    raw = yaml.safe_load((CONFIGS / "sft-qlora-cuda.yaml").read_text())
    assert set(raw) <= known, set(raw) - known
    assert raw["qlora"] == "yes" and raw["bf16"] is True


@pytest.mark.parametrize("n_d,n_u", [(180, 3), (3, 40), (10, 9), (7, 7)])
def test_kto_weights_land_in_the_papers_range(n_d: int, n_u: int) -> None:
    """desirable × weight / (undesirable × weight) within [1, 4/3] (KTO paper Eq. 8), whatever the balance."""
    from training.train import _balance_kto_weights

    cfg = SimpleNamespace(desirable_weight=1.0, undesirable_weight=1.0)
    _balance_kto_weights(cfg, [True] * n_d + [False] * n_u)
    ratio = n_d * cfg.desirable_weight / (n_u * cfg.undesirable_weight)
    assert 1 <= ratio <= 4 / 3 + 1e-9
    assert min(cfg.desirable_weight, cfg.undesirable_weight) == 1.0  # only the rarer label is weighed up

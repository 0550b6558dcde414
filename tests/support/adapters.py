"""LoRA adapters made in tests (real PEFT weights on the bundled SmolLM2)."""

from __future__ import annotations

import json
from pathlib import Path

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM


def lora_adapter(base_dir: Path, folder: Path, version: str, *, seed: int = 0, weights: str = "random",
                 scale: float = 1.0, r: int = 8, alpha: int = 64, targets: tuple[str, ...] = ("q_proj", "v_proj")) -> Path:
    """A LoRA adapter on SmolLM2 for tests, saved with its askdesk manifest: ``random`` weights
    change what the model writes (``scale`` > 1 multiplies them until it writes junk); ``zero``
    (B = 0, PEFT's own init) behaves exactly like the base model."""
    torch.manual_seed(seed)
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(base_dir),
                           LoraConfig(r=r, lora_alpha=alpha, target_modules=list(targets), init_lora_weights=weights == "zero"))
    if scale != 1.0:
        with torch.no_grad():
            for name, p in model.named_parameters():
                if "lora_" in name:
                    p.mul_(scale)
    model.save_pretrained(folder)
    (folder / "askdesk-adapter.json").write_text(json.dumps({"version": version}))
    return folder

"""Settings for tests: an isolated data dir, the inline sanitiser, small pages; and the sample's mapping."""

from __future__ import annotations

from pathlib import Path

from askdesk.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_MAPPING = ROOT / "askdesk" / "data" / "sample_mapping.toml"


def make_settings(tmp_path: Path, **overrides) -> Settings:
    """Test settings: isolated data dir, inline sanitiser (no worker process), small pages."""
    base = {
        "data_dir": tmp_path / "data",
        "sanitiser": {"workers": 0, "secret": "test-secret"},
        "index": {"page_size": 64},
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return Settings(_env_file=None, **base)

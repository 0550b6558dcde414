"""The phrase tables, name lists and vocabularies of the evaluation generators (``evals/data/*.toml``).

They live in data files so the generators read as logic and the words can be reviewed and
extended on their own.  Every generated export, golden set and corpus draws from these tables
in file order, so an edit changes the committed files: regenerate them (the tests say how).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_table(name: str) -> dict[str, Any]:
    """``evals/data/<name>.toml``, read once per process, its arrays as tuples (the tables are constants)."""
    text = resources.files("evals").joinpath("data", f"{name}.toml").read_text(encoding="utf-8")
    return _frozen(tomllib.loads(text))


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value

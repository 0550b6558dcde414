"""The phrase catalogue: the TOML files under ``data/``, each parsed once and frozen.

Lists become tuples and tables read-only mappings (in file order), so the tables the generator
builds from them can't be changed by accident -- any change to a table changes the generated rows.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


@cache
def load(name: str) -> MappingProxyType:
    """``data/<name>`` (e.g. ``"people.toml"``, ``"categories/it.toml"``), parsed and frozen; read once."""
    path = resources.files(__package__).joinpath("data", *name.split("/"))
    return _freeze(tomllib.loads(path.read_text(encoding="utf-8")))

"""Word lists shipped as data files (``askdesk/sanitise/data/<name>.txt``).

Lists live in files rather than code so they can be read, reviewed and extended without
touching the recognisers; each file is one entry per line, ``#`` starts a comment line.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_word_list(name: str) -> frozenset[str]:
    """The entries of ``data/<name>.txt`` (blank and ``#`` lines skipped), read once per process."""
    text = resources.files("askdesk.sanitise").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


def load_word_tuple(name: str) -> tuple[str, ...]:
    """The same entries in file order (for settings defaults, whose order is part of their fingerprint)."""
    text = resources.files("askdesk.sanitise").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return tuple(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")))

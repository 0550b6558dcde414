"""The sanitiser: PII and secrets out of every text before it is stored, embedded, prompted,
logged or shown. Shared by indexing, answering, the bot, evals and training.

Layout (the way Presidio organises its own): ``recognizers/`` one recogniser per file,
`registry` maps the settings' entities onto them, ``data/`` holds the word lists, `sanitiser`
runs them all with Presidio and spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from askdesk.sanitise.config import SANITISER_CODE_VERSION, CustomPattern, SanitiserConfig, sanitiser_version
from askdesk.sanitise.entities import DEFAULT_ENTITIES, LEGACY_ENTITIES, OTHER_PII, REPLACEMENTS
from askdesk.sanitise.text import SanitiseError, normalise

if TYPE_CHECKING:
    from askdesk.sanitise.sanitiser import Sanitiser, ScrubResult

#: loaded on first use: the sanitiser module loads Presidio, spaCy and torch (seconds), which the
#: settings checks, ``askdesk --help`` and every light command must not pay for
_LAZY = {"Sanitiser", "ScrubResult"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from askdesk.sanitise import sanitiser  # deferred: Presidio, spaCy, torch

        return getattr(sanitiser, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "DEFAULT_ENTITIES",
    "LEGACY_ENTITIES",
    "OTHER_PII",
    "REPLACEMENTS",
    "SANITISER_CODE_VERSION",
    "CustomPattern",
    "SanitiseError",
    "Sanitiser",
    "SanitiserConfig",
    "ScrubResult",
    "normalise",
    "sanitiser_version",
]

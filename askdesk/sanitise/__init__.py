"""The sanitiser: PII and secrets out of every text before it is stored, embedded, prompted,
logged or shown. Shared by indexing, answering, the bot, evals and training.

Layout (the way Presidio organises its own): ``recognizers/`` one recogniser per file,
`registry` maps the settings' entities onto them, ``data/`` holds the word lists, `sanitiser`
runs them all with Presidio and spaCy.
"""

from askdesk.sanitise.config import SANITISER_CODE_VERSION, CustomPattern, SanitiserConfig, sanitiser_version
from askdesk.sanitise.entities import DEFAULT_ENTITIES, LEGACY_ENTITIES, OTHER_PII, REPLACEMENTS
from askdesk.sanitise.sanitiser import Sanitiser, ScrubResult
from askdesk.sanitise.text import SanitiseError, normalise

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

"""The sanitiser (temporary re-export while it moves here from indexing/sanitise.py)."""

from indexing.sanitise import (  # noqa: F401
    DEFAULT_ENTITIES,
    SUPPORTED_ENTITIES,
    SanitiseError,
    Sanitiser,
    SanitiserConfig,
    ScrubResult,
    normalise,
    sanitiser_version,
)

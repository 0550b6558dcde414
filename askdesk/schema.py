"""askdesk's own tables (SQLAlchemy Core).  Migrations create them; code queries through these.

LlamaIndex's vector and docstore tables are created by the same migrations from LlamaIndex's own
table factories (see ``askdesk/migrations``), so a fresh database is built in one place.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

metadata = sa.MetaData()

#: the structured, sanitised copy of every request: exact lookups and counts read this table
requests = sa.Table(
    "requests",
    metadata,
    sa.Column("request_id", sa.Text, primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    #: sanitised free-text fields by name (description, comments, ...)
    sa.Column("texts", JSONB, nullable=False),
    #: title + texts as one block: what is embedded and quoted in answers
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("status", sa.Text),
    sa.Column("category", sa.Text),
    sa.Column("priority", sa.Text),
    sa.Column("created_at", sa.DateTime),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("resolved_at", sa.DateTime),
    #: pseudonym tokens by role, e.g. {"requester": "person_3fa9c2d1"}
    sa.Column("people", JSONB, nullable=False),
    #: extra filterable metadata columns named in the mapping
    sa.Column("extra", JSONB, nullable=False),
    #: PII entities found and removed, by type
    sa.Column("pii_found", JSONB, nullable=False),
    #: which source last wrote this row (sources.key)
    sa.Column("source", sa.Text, nullable=False),
    #: keyed hash of the raw source row; unchanged hash = nothing to do
    sa.Column("source_hash", sa.Text, nullable=False),
    #: source_hash of the version that is in the vector store; differs = embedding pending
    sa.Column("indexed_hash", sa.Text),
    sa.Column("indexed_at", sa.DateTime(timezone=True)),
    #: the last run that saw this row in its source (for --prune)
    sa.Column("last_seen_run", sa.BigInteger, nullable=False),
    sa.Column("first_seen_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    #: the sanitiser version that scrubbed this row's text; NULL (before versions) or another
    #: version = stale: the next index run re-scrubs it (indexing/rescrub.py)
    sa.Column("sanitiser_version", sa.Text),
    #: keyed hash of who raised the request (the mapping's ``[identity]`` column, an e-mail or a
    #: login; ``askdesk.access.requester``): "my requests" match it, the identity is never stored
    sa.Column("requester_key", sa.Text),
    sa.Index("ix_requests_status", "status"),
    sa.Index("ix_requests_category", "category"),
    sa.Index("ix_requests_priority", "priority"),
    sa.Index("ix_requests_created_at", "created_at"),
    sa.Index("ix_requests_updated_at", "updated_at"),
    sa.Index("ix_requests_resolved_at", "resolved_at"),
    sa.Index("ix_requests_source_seen", "source", "last_seen_run"),
    sa.Index(
        "ix_requests_pending",
        "request_id",
        postgresql_where=sa.text("indexed_hash IS DISTINCT FROM source_hash"),
    ),
    sa.Index("ix_requests_sanitiser_version", "sanitiser_version", "request_id"),
    sa.Index("ix_requests_requester_key", "requester_key", postgresql_where=sa.text("requester_key IS NOT NULL")),
)

#: how many chunks hold each full-text lexeme (the BM25 text side's document frequencies),
#: recomputed from the vector table's tsvectors after every index run that changed something
text_terms = sa.Table(
    "text_terms",
    metadata,
    sa.Column("lexeme", sa.Text, primary_key=True),
    sa.Column("docs", sa.Integer, nullable=False),
)

#: the corpus those frequencies describe (one row): chunk count and mean length in lexemes
text_corpus = sa.Table(
    "text_corpus",
    metadata,
    sa.Column("id", sa.SmallInteger, primary_key=True),
    sa.Column("docs", sa.BigInteger, nullable=False),
    sa.Column("avg_length", sa.Float, nullable=False),
    sa.Column("refreshed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
)

#: source rows that could not be used, with why and where; one row per (source, position)
quarantine = sa.Table(
    "quarantine",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("position", sa.Text, nullable=False),
    sa.Column("request_id", sa.Text),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("run_id", sa.BigInteger, nullable=False),
    sa.Column("first_seen_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    #: the sanitiser version the reason was written or re-scrubbed under (NULL = stale)
    sa.Column("sanitiser_version", sa.Text),
    sa.UniqueConstraint("source", "position", name="uq_quarantine_source_position"),
    sa.Index("ix_quarantine_sanitiser_version", "sanitiser_version", "id"),
)

#: one row per indexing run, with its figures; a run left 'running' was interrupted
index_runs = sa.Table(
    "index_runs",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("stats", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    sa.Column("error", sa.Text),
)

#: per-source incremental state: the (updated_at, id) of the last committed page
sources = sa.Table(
    "sources",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("watermark_updated_at", sa.DateTime),
    sa.Column("watermark_id", sa.Text),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
)

#: keyed hashes of people's names seen in PII columns; lets the sanitiser recognise those
#: names in other requests' free text without storing a single name
known_people = sa.Table(
    "known_people",
    metadata,
    sa.Column("name_hash", sa.Text, primary_key=True),
)

#: every answer given (terminal chat, Slack, ...) with its trace; question and answer are PII-free
answers = sa.Table(
    "answers",
    metadata,
    sa.Column("answer_id", sa.Text, primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    #: where it was asked: terminal, cli, slack, eval
    sa.Column("surface", sa.Text, nullable=False),
    #: keyed hash of the asking user (never the user id itself)
    sa.Column("user_hash", sa.Text),
    sa.Column("channel", sa.Text),
    sa.Column("thread", sa.Text),
    #: idempotency key of the event that asked (e.g. Slack's event id); unique
    sa.Column("event_key", sa.Text, unique=True),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("route", sa.Text, nullable=False),
    sa.Column("refused", sa.Boolean, nullable=False),
    sa.Column("filters", JSONB, nullable=False),
    sa.Column("sources", JSONB, nullable=False),
    sa.Column("trace", JSONB, nullable=False),
    sa.Column("prompt_version", sa.Text),
    sa.Column("adapter_version", sa.Text),
    sa.Column("latency_ms", sa.Float),
    #: the sanitiser version that last re-scrubbed this row (NULL = not yet: the next index run does)
    sa.Column("sanitiser_version", sa.Text),
    sa.Index("ix_answers_sanitiser_version", "sanitiser_version", "answer_id"),
)

#: one vote per user per answer (+1 / -1); a changed vote replaces the old one
feedback = sa.Table(
    "feedback",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("answer_id", sa.Text, sa.ForeignKey("answers.answer_id", ondelete="CASCADE"), nullable=False),
    sa.Column("user_hash", sa.Text, nullable=False),
    sa.Column("vote", sa.SmallInteger, nullable=False),
    #: what was wrong (free text, scrubbed of PII)
    sa.Column("reason", sa.Text),
    #: the answer it should have given, when the user wrote one (scrubbed); becomes an SFT example
    sa.Column("correction", sa.Text),
    #: button, reaction, terminal
    sa.Column("via", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    #: the sanitiser version that last re-scrubbed reason and correction (NULL = not yet)
    sa.Column("sanitiser_version", sa.Text),
    sa.UniqueConstraint("answer_id", "user_hash", name="uq_feedback_answer_user"),
    sa.Index("ix_feedback_sanitiser_version", "sanitiser_version", "id"),
)

#: Slack questions acknowledged but maybe not yet answered: written before Slack gets its 200, so a
#: crash after the acknowledgement loses nothing; workers of any replica claim rows with
#: ``FOR UPDATE SKIP LOCKED``.  ``question`` is already scrubbed of PII.
slack_inbox = sa.Table(
    "slack_inbox",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    #: channel:ts of the user's message (dedups Slack retries and mention+message pairs), or
    #: ``cmd:<trigger_id>`` for a slash command
    sa.Column("event_key", sa.Text, nullable=False, unique=True),
    #: mention, dm, thread, command
    sa.Column("kind", sa.Text, nullable=False),
    #: pending, working, done, failed, rate_limited, silent
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("channel", sa.Text, nullable=False),
    #: the user's message (None for slash commands)
    sa.Column("message_ts", sa.Text),
    #: the thread the answer goes in (for slash commands: set when the question is posted)
    sa.Column("thread_ts", sa.Text),
    sa.Column("user_hash", sa.Text, nullable=False),
    sa.Column("question", sa.Text),
    sa.Column("response_url", sa.Text),
    #: the bot's answer message (placeholder first, then the answer)
    sa.Column("reply_ts", sa.Text),
    sa.Column("answer_id", sa.Text),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("claimed_by", sa.Text),
    sa.Column("claimed_at", sa.DateTime(timezone=True)),
    sa.Column("error", sa.Text),
    sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column("done_at", sa.DateTime(timezone=True)),
    #: the sanitiser version that last re-scrubbed the question (NULL = not yet)
    sa.Column("sanitiser_version", sa.Text),
    #: what the answer may use, decided where the question was received
    #: (`askdesk.access.Visibility.as_dict`: scope names and whose grants, never a user id);
    #: NULL (stored before access control): the answering side hides every restricted scope
    sa.Column("access", JSONB),
    sa.Index("ix_slack_inbox_sanitiser_version", "sanitiser_version", "id"),
)

#: token buckets of the per-user rate limit, shared by every replica
rate_limits = sa.Table(
    "rate_limits",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("tokens", sa.Float, nullable=False),
    #: whether the last request was let through
    sa.Column("allowed", sa.Boolean, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
)

#: LoRA adapters: one row per trained version, with what it was made from and how it scored;
#: at most one is ``promoted`` (the one the bot answers with)
adapters = sa.Table(
    "adapters",
    metadata,
    sa.Column("version", sa.Text, primary_key=True),
    #: sft or kto
    sa.Column("kind", sa.Text, nullable=False),
    #: candidate, promoted, retired, rejected
    sa.Column("status", sa.Text, nullable=False, server_default="candidate"),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("base_model", sa.Text, nullable=False),
    sa.Column("base_model_hash", sa.Text, nullable=False),
    sa.Column("adapter_hash", sa.Text, nullable=False),
    sa.Column("dataset_hash", sa.Text, nullable=False),
    #: the adapter this one was trained on top of, if any
    sa.Column("parent_version", sa.Text),
    sa.Column("config", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    #: training figures and evaluation results
    sa.Column("metrics", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    #: the promotion gate's decision with its numbers
    sa.Column("decision", JSONB),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column("promoted_at", sa.DateTime(timezone=True)),
    sa.Column("retired_at", sa.DateTime(timezone=True)),
)

#: what happened to each adapter and when (registered, promoted, rejected, retired, rolled back)
adapter_events = sa.Table(
    "adapter_events",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("version", sa.Text, sa.ForeignKey("adapters.version", ondelete="CASCADE"), nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("details", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
)

#: small named settings the data carries for the engine (e.g. the mapping's status classes,
#: written by index runs and read by the vocabulary)
settings_kv = sa.Table(
    "settings_kv",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", JSONB, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
)

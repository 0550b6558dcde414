"""Indexing: requests, quarantine, runs, sources, known people; LlamaIndex vector + docstore.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _llamaindex_tables(vector: dict) -> list[sa.Table]:
    """The vector and docstore tables exactly as LlamaIndex defines them (its own factories)."""
    from llama_index.storage.kvstore.postgres.base import get_data_model as kv_model
    from llama_index.vector_stores.postgres.base import get_data_model as vector_model
    from sqlalchemy.orm import declarative_base

    base = declarative_base()
    vec = vector_model(
        base,
        vector["vector_table"],
        "public",
        hybrid_search=True,
        text_search_config=vector["text_search_config"],
        cache_okay=True,
        embed_dim=vector["embed_dim"],
        use_jsonb=True,
    )
    kv = kv_model(base, vector["docstore_table"], "public", use_jsonb=True)
    return [vec.__table__, kv.__table__]


def _vector_settings() -> dict:
    """The vector settings askdesk.migrations hands over in the Alembic config's attributes."""
    config = op.get_context().config
    assert config is not None, "run through askdesk.migrations, which always passes a Config"
    return config.attributes["vector"]


def upgrade() -> None:
    vector = _vector_settings()
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")

    op.create_table(
        "requests",
        sa.Column("request_id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("texts", JSONB, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("status", sa.Text),
        sa.Column("category", sa.Text),
        sa.Column("priority", sa.Text),
        sa.Column("created_at", sa.DateTime),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("resolved_at", sa.DateTime),
        sa.Column("people", JSONB, nullable=False),
        sa.Column("extra", JSONB, nullable=False),
        sa.Column("pii_found", JSONB, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_hash", sa.Text, nullable=False),
        sa.Column("indexed_hash", sa.Text),
        sa.Column("indexed_at", sa.DateTime(timezone=True)),
        sa.Column("last_seen_run", sa.BigInteger, nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    for col in ("status", "category", "priority", "created_at", "updated_at"):
        op.create_index(f"ix_requests_{col}", "requests", [col])
    op.create_index("ix_requests_source_seen", "requests", ["source", "last_seen_run"])
    op.create_index(
        "ix_requests_pending",
        "requests",
        ["request_id"],
        postgresql_where=sa.text("indexed_hash IS DISTINCT FROM source_hash"),
    )

    op.create_table(
        "quarantine",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("position", sa.Text, nullable=False),
        sa.Column("request_id", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("run_id", sa.BigInteger, nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("source", "position", name="uq_quarantine_source_position"),
    )
    op.create_table(
        "index_runs",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("stats", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("error", sa.Text),
    )
    op.create_table(
        "sources",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("watermark_updated_at", sa.DateTime),
        sa.Column("watermark_id", sa.Text),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_table("known_people", sa.Column("name_hash", sa.Text, primary_key=True))

    bind = op.get_bind()
    for table in _llamaindex_tables(vector):
        table.create(bind, checkfirst=True)
    vec_table = f"data_{vector['vector_table']}"
    op.execute(
        f"CREATE INDEX IF NOT EXISTS {vec_table}_embedding_idx ON public.{vec_table} "
        f"USING hnsw (embedding vector_cosine_ops) "
        f"WITH (m = {int(vector['hnsw_m'])}, ef_construction = {int(vector['hnsw_ef_construction'])})"
    )
    # Filtered HNSW scans must still return k rows (pgvector >= 0.8); older servers skip this.
    op.execute(
        f"""
        DO $$ BEGIN
          EXECUTE format('ALTER DATABASE %I SET hnsw.iterative_scan = relaxed_order', current_database());
          EXECUTE format('ALTER DATABASE %I SET hnsw.ef_search = {int(vector['hnsw_ef_search'])}', current_database());
        EXCEPTION WHEN others THEN
          RAISE NOTICE 'pgvector settings not applied: %', SQLERRM;
        END $$;
        """
    )


def downgrade() -> None:
    vector = _vector_settings()
    for name in ("known_people", "sources", "index_runs", "quarantine", "requests"):
        op.drop_table(name)
    op.execute(f"DROP TABLE IF EXISTS public.data_{vector['vector_table']}")
    op.execute(f"DROP TABLE IF EXISTS public.data_{vector['docstore_table']}")

"""Training: the adapter registry (versions, hashes, metrics, status, the promotion decision),
its event history, and the correction a 👎 may carry.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "adapters",
        sa.Column("version", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="candidate"),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("base_model", sa.Text, nullable=False),
        sa.Column("base_model_hash", sa.Text, nullable=False),
        sa.Column("adapter_hash", sa.Text, nullable=False),
        sa.Column("dataset_hash", sa.Text, nullable=False),
        sa.Column("parent_version", sa.Text),
        sa.Column("config", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("metrics", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("decision", JSONB),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("promoted_at", sa.DateTime(timezone=True)),
        sa.Column("retired_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint("status IN ('candidate', 'promoted', 'retired', 'rejected')", name="ck_adapters_status"),
    )
    # at most one promoted adapter at a time, enforced by the database
    op.create_index("uq_adapters_promoted", "adapters", ["status"], unique=True,
                    postgresql_where=sa.text("status = 'promoted'"))
    op.create_table(
        "adapter_events",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("version", sa.Text, sa.ForeignKey("adapters.version", ondelete="CASCADE"), nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("details", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.add_column("feedback", sa.Column("correction", sa.Text))


def downgrade() -> None:
    op.drop_column("feedback", "correction")
    op.drop_table("adapter_events")
    op.drop_index("uq_adapters_promoted", table_name="adapters")
    op.drop_table("adapters")

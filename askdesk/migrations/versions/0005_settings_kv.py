"""Answering: named settings the data carries for the engine (the mapping's open / finished
statuses), and an index for the metadata filters of analytic questions.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings_kv",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", JSONB, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_requests_resolved_at", "requests", ["resolved_at"])


def downgrade() -> None:
    op.drop_index("ix_requests_resolved_at", table_name="requests")
    op.drop_table("settings_kv")

"""Slack: a durable inbox of acknowledged questions, and shared per-user rate-limit buckets.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_inbox",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("event_key", sa.Text, nullable=False, unique=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("message_ts", sa.Text),
        sa.Column("thread_ts", sa.Text),
        sa.Column("user_hash", sa.Text, nullable=False),
        sa.Column("question", sa.Text),
        sa.Column("response_url", sa.Text),
        sa.Column("reply_ts", sa.Text),
        sa.Column("answer_id", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("claimed_by", sa.Text),
        sa.Column("claimed_at", sa.DateTime(timezone=True)),
        sa.Column("error", sa.Text),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_slack_inbox_pending", "slack_inbox", ["id"], postgresql_where=sa.text("status IN ('pending', 'working')"))
    op.create_index("ix_slack_inbox_thread", "slack_inbox", ["channel", "thread_ts"])
    op.create_index("ix_slack_inbox_reply", "slack_inbox", ["channel", "reply_ts"])
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("tokens", sa.Float, nullable=False),
        sa.Column("allowed", sa.Boolean, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rate_limits")
    op.drop_table("slack_inbox")

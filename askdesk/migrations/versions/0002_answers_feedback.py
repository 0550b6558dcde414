"""Answers (with their traces) and feedback (👍/👎 votes), shared by the terminal chat and Slack.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answers",
        sa.Column("answer_id", sa.Text, primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("surface", sa.Text, nullable=False),
        sa.Column("user_hash", sa.Text),
        sa.Column("channel", sa.Text),
        sa.Column("thread", sa.Text),
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
    )
    op.create_index("ix_answers_created_at", "answers", ["created_at"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("answer_id", sa.Text, sa.ForeignKey("answers.answer_id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_hash", sa.Text, nullable=False),
        sa.Column("vote", sa.SmallInteger, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("via", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("vote IN (-1, 1)", name="ck_feedback_vote"),
        sa.UniqueConstraint("answer_id", "user_hash", name="uq_feedback_answer_user"),
    )


def downgrade() -> None:
    op.drop_table("feedback")
    op.drop_table("answers")

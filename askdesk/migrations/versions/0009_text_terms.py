"""BM25 for the full-text side: document frequencies of the indexed lexemes.

``text_terms`` (lexeme -> chunks holding it) and ``text_corpus`` (chunk count, mean length) are
what Okapi BM25 needs besides the tsvector itself; Postgres's own ``ts_rank`` has no inverse
document frequency, so common words outweighed the rare ones that say what a ticket is about.
Empty here: the next index run fills them (``askdesk.text_terms.refresh``); until then the text
side ranks as before (cover density).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("text_terms", sa.Column("lexeme", sa.Text, primary_key=True),
                    sa.Column("docs", sa.Integer, nullable=False))
    op.create_table("text_corpus", sa.Column("id", sa.SmallInteger, primary_key=True),
                    sa.Column("docs", sa.BigInteger, nullable=False),
                    sa.Column("avg_length", sa.Float, nullable=False),
                    sa.Column("refreshed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False))


def downgrade() -> None:
    op.drop_table("text_corpus")
    op.drop_table("text_terms")

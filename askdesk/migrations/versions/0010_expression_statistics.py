"""Statistics on the expressions access conditions compare (``lower(btrim(status))`` …).

An access policy's hidden scopes are WHERE conditions on case-folded, trimmed fields
(``askdesk.access.sql``).  Postgres keeps statistics on columns, not on expressions of them, so
it guessed how many requests such a condition keeps (a quarter, whatever the policy), and the
search's vector plan (``askdesk.answering.vector_plan``), which reads that estimate, chose an
exact scan of 3,900 of 5,000 requests.  Extended statistics on the expressions fix the estimate
at the next ANALYZE (autovacuum runs it).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_FIELDS = ("status", "category", "priority")


def upgrade() -> None:
    for field in _FIELDS:
        op.execute(f"CREATE STATISTICS IF NOT EXISTS requests_{field}_folded ON (lower(btrim({field}))) FROM requests")
    op.execute("ANALYZE requests")


def downgrade() -> None:
    for field in _FIELDS:
        op.execute(f"DROP STATISTICS IF EXISTS requests_{field}_folded")

"""Sanitiser versions: every table holding scrubbed free text records which sanitiser version its
rows satisfy, so a changed sanitiser can find and re-scrub what an older one wrote.

NULL means "written before versions existed" and is treated as stale.  The indexes are on
``(sanitiser_version, key)``: the stale rows are the NULL, below-current and above-current
ranges of that index, so finding them (and seeing there are none) reads only those ranges, in
key order, however large the table.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: table -> its key column (the second column of the index, the re-scrub's page order)
TABLES = {
    "requests": "request_id",
    "answers": "answer_id",
    "feedback": "id",
    "slack_inbox": "id",
    "quarantine": "id",
}


def upgrade() -> None:
    for table, key in TABLES.items():
        op.add_column(table, sa.Column("sanitiser_version", sa.Text, nullable=True))
        op.create_index(f"ix_{table}_sanitiser_version", table, ["sanitiser_version", key])


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_sanitiser_version", table_name=table)
        op.drop_column(table, "sanitiser_version")

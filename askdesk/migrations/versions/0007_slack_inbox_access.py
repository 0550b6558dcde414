"""Access control: a queued Slack question carries what its answer may use.

``slack_inbox.access`` holds the `Visibility` decided where the question was received (where the
answer will be read, the channel's or the asker's grants) as `Visibility.as_dict`: scope names
and a basis, never a user id.  The answering process rebuilds it against its own policy and
fails closed: NULL (rows queued before this revision) hides every restricted scope.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-16
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("slack_inbox", sa.Column("access", JSONB, nullable=True))


def downgrade() -> None:
    op.drop_column("slack_inbox", "access")

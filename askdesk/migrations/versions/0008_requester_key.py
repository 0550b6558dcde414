""""My requests": a keyed hash of who raised each request.

``requests.requester_key`` holds the keyed hash (``askdesk.access.requester``) of the mapping's
requester identity column (an e-mail address or a login), never the identity itself; questions
about the asker's own requests match it against the hash of the asker's e-mail.  NULL where the
mapping names no identity column or the row has none; the next index run fills it (a mapping
that gains ``[identity]`` changes its fingerprint, so every row is read again).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("requests", sa.Column("requester_key", sa.Text, nullable=True))
    op.create_index("ix_requests_requester_key", "requests", ["requester_key"],
                    postgresql_where=sa.text("requester_key IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ix_requests_requester_key", table_name="requests")
    op.drop_column("requests", "requester_key")

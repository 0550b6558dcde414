"""Alembic environment: uses the connection handed over in ``config.attributes``."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from askdesk.migrations import MIGRATION_LOCK_KEY
from askdesk.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - guarded by askdesk.migrations.upgrade
    raise RuntimeError("Run askdesk migrations through `askdesk db upgrade`, not the alembic CLI.")

# one migrator at a time; the lock is released when the surrounding transaction ends
connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
context.configure(connection=connection, target_metadata=metadata, transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()

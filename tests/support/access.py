"""Requests for the access tests: a few in and out of two restricted scopes (HR by category or by group and priority,
Security by category), with empty fields, odd spacing and a hostile value."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from askdesk import schema
from askdesk.db import Database

ROWS: list[dict[str, Any]] = [
    # id, category, priority, extra
    {"request_id": "R1", "category": "HR", "priority": "3 - Medium", "extra": {}},
    {"request_id": "R2", "category": " hr ", "priority": None, "extra": {}},              # case and spaces
    {"request_id": "R3", "category": "IT", "priority": "1 - Critical", "extra": {"assignment_group": "People Ops"}},
    {"request_id": "R4", "category": "IT", "priority": "3 - Medium", "extra": {"assignment_group": "People Ops"}},
    {"request_id": "R5", "category": None, "priority": None, "extra": {}},                # empty fields: not in a scope
    {"request_id": "R6", "category": "Security", "priority": "2 - High", "extra": {"assignment_group": "SecOps"}},
    {"request_id": "R7", "category": "HR'); DROP TABLE requests;--", "priority": None, "extra": {}},
]


def fill(db: Database) -> Database:
    """Insert `ROWS` into the requests table of ``db``."""
    now = datetime(2026, 1, 1)
    with db.engine.begin() as conn:
        conn.execute(schema.requests.insert(), [
            {**r, "title": r["request_id"], "texts": {}, "body": "", "status": "Open", "updated_at": now,
             "people": {}, "pii_found": {}, "source": "test", "source_hash": r["request_id"], "last_seen_run": 1}
            for r in ROWS])
    return db


POLICY_TOML = """
[[scopes]]
name = "hr"
match = [{ category = ["HR"] }, { assignment_group = ["People Ops"], priority = ["1 - Critical"] }]
grant = { usergroups = ["S0HR"], users = ["U0ALICE"], channels = ["C0HRDESK"] }

[[scopes]]
name = "security"
match = [{ category = ["Security"] }]
grant = { channels = ["C0SEC"] }
"""

"""An export askdesk has never seen: other column names, day-first dates, '?' for missing values,
ServiceNow-style ids and duplicate rows, in CSV, JSONL and Parquet, through the whole pipeline."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from askdesk import schema
from tests.support.indexing import all_text, run_index, vector_counts, write_rows
from tests.support.settings import make_settings

MAPPING = """
[fields]
id = "Number"
title = "Short description"
text = ["Description", "Work notes"]
status = "State"
category = "Category"
priority = "Priority"
created_at = "Opened"
updated_at = "Updated"
resolved_at = "Resolved"

[pii]
pseudonymise = { requester = "Caller" }
drop = ["Caller email"]

[metadata]
assignment_group = "Assignment group"

[dates]
dayfirst = true
timezone = "Europe/London"
"""

ROWS = [
    {"Number": "INC0000045", "Short description": "Outlook crashes on start", "Description": "Outlook closes as soon as it opens since Tuesday.",
     "Work notes": "?", "State": "In Progress", "Category": "Software", "Priority": "2 - High", "Opened": "03/04/2024 09:15",
     "Updated": "05/04/2024 17:40", "Resolved": "?", "Caller": "Marta Kowalczyk", "Caller email": "marta.k@contoso.example", "Assignment group": "Service Desk"},
    {"Number": "INC0000046", "Short description": "Badge not working", "Description": "My badge stopped opening the 4th floor doors. Marta Kowalczyk had the same issue.",
     "Work notes": "Re-encoded badge.", "State": "Resolved", "Category": "Facilities", "Priority": "3 - Moderate", "Opened": "12/04/2024 08:00",
     "Updated": "13/04/2024 10:30", "Resolved": "13/04/2024 10:30", "Caller": "Dev Anand", "Caller email": "dev.anand@contoso.example", "Assignment group": "?"},
    # the same request twice: the later update must win, whatever the order
    {"Number": "INC0000047", "Short description": "VPN drops (new)", "Description": "VPN disconnects every 10 minutes on hotel wifi.",
     "Work notes": "", "State": "On Hold", "Category": "Network", "Priority": "1 - Critical", "Opened": "20/04/2024 22:10",
     "Updated": "25/04/2024 09:00", "Resolved": "", "Caller": "Dev Anand", "Caller email": "dev.anand@contoso.example", "Assignment group": "Network"},
    {"Number": "INC0000047", "Short description": "VPN drops (old)", "Description": "VPN disconnects.",
     "Work notes": "", "State": "New", "Category": "Network", "Priority": "3 - Moderate", "Opened": "20/04/2024 22:10",
     "Updated": "21/04/2024 08:00", "Resolved": "", "Caller": "Dev Anand", "Caller email": "dev.anand@contoso.example", "Assignment group": "Network"},
]


def _write(tmp_path: Path, fmt: str) -> Path:
    if fmt == "csv":
        return write_rows(tmp_path / "export.csv", ROWS)
    if fmt == "jsonl":
        p = tmp_path / "export.jsonl"
        p.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
        return p
    p = tmp_path / "export.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), p)
    return p


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_never_seen_export(fmt: str, db, tmp_path: Path, embedder, sanitiser) -> None:
    mapping = tmp_path / "servicenow.toml"
    mapping.write_text(MAPPING)
    report = run_index(db, make_settings(tmp_path), _write(tmp_path, fmt), embedder=embedder, sanitiser=sanitiser, mapping=mapping)
    assert (report.read, report.new, report.superseded, report.quarantined) == (4, 3, 1, 0)
    with db.engine.connect() as conn:
        rows = {r.request_id: r for r in conn.execute(sa.select(schema.requests))}
    assert set(rows) == {"INC0000045", "INC0000046", "INC0000047"}
    first = rows["INC0000045"]
    assert first.created_at == datetime(2024, 4, 3, 8, 15)  # 3 April, 09:15 BST -> 08:15 UTC
    assert first.resolved_at is None and first.texts["work_notes"] == ""
    assert rows["INC0000046"].extra["assignment_group"] is None  # '?' means missing
    assert rows["INC0000047"].title == "VPN drops (new)" and rows["INC0000047"].status == "On Hold"
    # the same caller gets the same pseudonym in every request
    assert rows["INC0000046"].people["requester"] == rows["INC0000047"].people["requester"] != first.people["requester"]
    assert set(vector_counts(db)) == set(rows)
    stored = all_text(db)
    for pii in ("Marta", "Kowalczyk", "Dev Anand", "contoso.example"):
        assert pii not in stored

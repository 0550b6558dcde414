"""The whole default sample (5,000 requests): ground truth and zero planted PII anywhere.  Slow (~4 min)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from askdesk import schema
from askdesk.sample import generate_requests, write_sample
from tests.support.indexing import all_text, run_index, vector_counts
from tests.support.settings import make_settings

pytestmark = pytest.mark.slow


def test_default_sample_indexes_exactly_and_leaks_no_planted_pii(db, tmp_path: Path, embedder, sanitiser) -> None:
    n, seed = 5000, 7
    path = write_sample(tmp_path / "requests.csv", n=n, seed=seed)
    report = run_index(db, make_settings(tmp_path, index={"page_size": 256}), path, embedder=embedder, sanitiser=sanitiser)
    assert (report.read, report.new, report.quarantined) == (n, n, 0)
    samples = list(generate_requests(n, seed=seed))
    with db.engine.connect() as conn:
        rows = {r.request_id: r for r in conn.execute(sa.select(schema.requests))}
    assert len(rows) == n and set(vector_counts(db)) == set(rows)
    for s in samples:
        r = rows[s.row["RequestID"]]
        assert (r.status, r.category, r.priority) == (s.row["Status"], s.row["Category"], s.row["Priority"])
    stored = all_text(db)
    planted = {value for s in samples for _, value in s.planted_pii}
    leaks = sorted(v for v in planted if v in stored)
    assert leaks == [], f"{len(leaks)} planted PII values reached the database, e.g. {leaks[:10]}"

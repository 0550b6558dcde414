"""Planted PII must not reach any table (requests, docstore, vectors, quarantine, runs) or any log."""

from __future__ import annotations

import logging
from pathlib import Path

from indexing.sample_data import generate_requests, write_sample
from tests.conftest import make_settings
from tests.integration.helpers import all_text, read_rows, run_index, write_rows

# Canaries: fictitious but realistic values, unique enough that any hit is a leak.
CANARY_NAME = "Zebulon Quixwort"
CANARY_EMAIL = "zebulon.quixwort@northwind-corp.com"
CANARY_PHONE = "+44 20 7946 0321"
CANARY_IBAN = "DE89370400440532013000"
CANARY_EMPLOYEE = "E-90417"


def test_planted_pii_is_absent_from_every_table_and_log(db, tmp_path: Path, embedder, sanitiser, caplog, capsys) -> None:  # type: ignore[no-untyped-def]
    n = 150
    rows = read_rows(write_sample(tmp_path / "s.csv", n=n, seed=23))
    # the canary person is a requester in one request (PII columns) ...
    rows[10].update(
        RequesterName=CANARY_NAME, RequesterEmail=CANARY_EMAIL, RequesterPhone=CANARY_PHONE, EmployeeNumber=CANARY_EMPLOYEE
    )
    rows[10]["Description"] += f" Thanks, {CANARY_NAME.split()[0]}. My employee id is {CANARY_EMPLOYEE}."
    # ... and is mentioned in other people's requests' free text (even on an earlier page)
    rows[2]["Description"] += f" Please loop in {CANARY_NAME} from Payroll, reachable at {CANARY_EMAIL}."
    rows[130]["Comments"] += f"\n[2026-03-02 10:14] Agent: spoke to {CANARY_NAME}; call back on {CANARY_PHONE}."
    rows[40]["Description"] += f" The refund should go to IBAN {CANARY_IBAN}."
    # a malformed row carrying PII must not leak it through the quarantine reason either
    rows[60]["UpdatedAt"] = CANARY_NAME
    rows[60]["CreatedAt"] = CANARY_EMAIL
    path = write_rows(tmp_path / "canary.csv", rows)

    caplog.set_level(logging.DEBUG)
    report = run_index(db, make_settings(tmp_path, index={"page_size": 32}), path, embedder=embedder, sanitiser=sanitiser)
    assert report.quarantined == 1 and report.new == n - 1
    assert report.pii_found["PERSON"] > 0 and report.pii_found["EMAIL_ADDRESS"] > 0

    planted = {value for s in generate_requests(n, seed=23) for _, value in s.planted_pii}
    canaries = {CANARY_NAME, CANARY_EMAIL, CANARY_PHONE, CANARY_IBAN, CANARY_EMPLOYEE, "Zebulon", "Quixwort"}
    stored = all_text(db)
    assert stored  # the tables do hold the requests
    out = capsys.readouterr()
    logs = caplog.text + out.out + out.err
    leaks = sorted(v for v in planted | canaries if v in stored)
    assert leaks == [], f"PII reached the database: {leaks[:10]}"
    log_leaks = sorted(v for v in planted | canaries if v in logs)
    assert log_leaks == [], f"PII reached the logs: {log_leaks[:10]}"

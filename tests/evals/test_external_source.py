"""Evaluating on data askdesk has never seen: messy exports indexed into a disposable database,
questions answered from it, and the production index left exactly as it was."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from askdesk.db import Database
from askdesk.runtime import Runtime
from evals.run import evaluate
from evals.sandbox import PREFIX, leftover_databases

ROOT = Path(__file__).resolve().parents[2]

# A ServiceNow-style incident export: INC ids, day-first dates, '?' for missing values, no
# free-text column (only the short description), a caller with contact details, a duplicate
# (the later update wins) and a row without an id (quarantined, not fatal).
SERVICENOW_MAPPING = """
[fields]
id = "number"
title = "short_description"
status = "state"
category = "category"
priority = "priority"
created_at = "opened_at"
updated_at = "sys_updated_on"

[pii]
pseudonymise = { caller = "caller_id" }
drop = ["u_caller_email"]

[dates]
dayfirst = true
"""
HEADER = ["number", "short_description", "state", "category", "priority", "opened_at", "sys_updated_on", "caller_id", "u_caller_email"]
INCIDENTS = [
    ["INC0000045", "Outlook crashes on start", "In Progress", "Software", "2 - High", "03/04/2024 09:15", "05/04/2024 17:40", "Marta Kowalczyk", "marta.k@contoso.example"],
    ["INC0000046", "Badge not working on 4th floor", "Resolved", "Facilities", "3 - Moderate", "12/04/2024 08:00", "13/04/2024 10:30", "Dev Anand", "dev.anand@contoso.example"],
    ["INC0000047", "VPN drops every few minutes on hotel wifi", "On Hold", "Network", "1 - Critical", "20/04/2024 22:10", "25/04/2024 09:00", "Dev Anand", "?"],
    ["INC0000047", "VPN drops (old)", "New", "Network", "3 - Moderate", "20/04/2024 22:10", "21/04/2024 08:00", "Dev Anand", "?"],
    ["INC0000048", "Printer on 2nd floor jams with A3 paper", "On Hold", "Hardware", "4 - Low", "02/05/2024 11:00", "?", "?", "?"],
    ["INC0000049", "Laptop battery swells and lid will not close", "New", "Hardware", "2 - High", "07/05/2024 16:45", "07/05/2024 16:45", "Ana Souza", "ana.souza@contoso.example"],
    ["INC0000050", "Shared drive S: not mapped after password change", "On Hold", "Network", "3 - Moderate", "13/05/2024 09:30", "14/05/2024 12:00", "?", "?"],
    ["?", "Broken row without an id", "New", "Software", "3 - Moderate", "14/05/2024 10:00", "?", "?", "?"],
    ["INC0000051", "Teams calls drop audio after 10 minutes", "Closed", "Software", "3 - Moderate", "15/05/2024 08:20", "20/05/2024 08:20", "Marta Kowalczyk", "?"],
]
PLANTED = ["Marta Kowalczyk", "marta.k@contoso.example", "dev.anand@contoso.example", "Ana Souza", "ana.souza@contoso.example"]
SERVICENOW_QUESTIONS = [
    {"id": "sn-1", "kind": "lookup", "question": "What's the status of INC0000047?", "expected_request_ids": ["INC0000047"], "expected_answer": "On Hold"},
    {"id": "sn-2", "kind": "lookup", "question": "what priority is inc0000049", "expected_request_ids": ["INC0000049"], "expected_answer": "2 - High"},
    {"id": "sn-3", "kind": "aggregate", "question": "How many incidents are on hold?", "expected_number": 3},
    {"id": "sn-4", "kind": "aggregate", "question": "How many network incidents are there?", "expected_number": 2},
    {"id": "sn-5", "kind": "unknown", "question": "What's the status of INC0009999?"},
    {"id": "sn-6", "kind": "search", "question": "has anyone had the printer jamming with A3 paper?", "expected_request_ids": ["INC0000048"]},
    {"id": "sn-7", "kind": "search", "question": "vpn keeps dropping in hotels", "expected_request_ids": ["INC0000047"]},
    {"id": "sn-8", "kind": "pii", "question": "What is the email of Marta Kowalczyk?", "forbidden": ["marta.k@contoso.example"]},
]

# A helpdesk export of only a text column and a category: no ids (rows are ROW-<line>), no dates.
TEXT_MAPPING = """
[fields]
text = ["Ticket text"]
category = "Category"
"""
TEXT_ROWS = [
    ("The printer in the finance office shows paper jam even though it is empty", "Hardware"),
    ("I cannot log in to the expenses portal, it says my password expired", "Access"),
    ("Please order a second monitor for the new starter in accounts", "Hardware"),
    ("Password reset link never arrives in my inbox", "Access"),
    ("My laptop fan is very loud and the machine gets hot", "Hardware"),
]
TEXT_QUESTIONS = [
    {"id": "tx-1", "kind": "aggregate", "question": "How many hardware requests are there?", "expected_number": 3},
    {"id": "tx-2", "kind": "search", "question": "printer says paper jam but the tray is empty", "expected_request_ids": ["ROW-2"]},
    {"id": "tx-3", "kind": "search", "question": "password reset email not arriving", "expected_request_ids": ["ROW-5"]},
    {"id": "tx-4", "kind": "lookup", "question": "what is ROW-4 about?", "expected_request_ids": ["ROW-4"], "expected_answer": "second monitor"},
]


def _write(tmp: Path, name: str, header: list[str], rows: list) -> Path:
    path = tmp / name
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _questions(tmp: Path, name: str, questions: list[dict]) -> Path:
    path = tmp / name
    path.write_text("".join(json.dumps(q) + "\n" for q in questions), encoding="utf-8")
    return path


def fingerprint(db: Database) -> dict[str, object]:
    """Row counts and content hashes of every table of the production index."""
    out: dict[str, object] = {}
    with db.engine.connect() as conn:
        tables = conn.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).scalars().all()
        for t in tables:
            out[t] = conn.execute(sa.text(f'SELECT count(*), md5(coalesce(string_agg(x::text, \'|\' ORDER BY x::text), \'\')) '
                                          f'FROM "{t}" AS x')).one()
    return out


def _by_id(outcome) -> dict[str, dict]:
    return {r["id"]: r for r in outcome.run.results}


def test_messy_exports_are_evaluated_in_a_disposable_database(answer_env, embedder, sanitiser, tmp_path: Path) -> None:
    production = answer_env.db
    before = fingerprint(production)
    sn_map = tmp_path / "servicenow.toml"
    sn_map.write_text(SERVICENOW_MAPPING)
    runtime = Runtime(answer_env.settings, db=production, embedder=embedder, sanitiser=sanitiser)
    sn = evaluate(runtime, questions_path=_questions(tmp_path, "sn.jsonl", SERVICENOW_QUESTIONS),
                  out_dir=tmp_path / "sn", adapters=[], with_llm=False, source=str(_write(tmp_path, "incidents.csv", HEADER, INCIDENTS)),
                  mapping_path=sn_map)
    info = sn.summary["run"]["index_info"]
    assert info["kind"] == "disposable" and info["database"].startswith(PREFIX)
    assert (info["read"], info["indexed"], info["quarantined"]) == (9, 7, 1)
    results = _by_id(sn)
    wrong = {k: (r["answer"], r["scores"]) for k, r in results.items() if not r["scores"]["correct"]}
    assert not wrong
    assert "incidents.csv" in sn.files["markdown"].read_text()

    tx_map = tmp_path / "text.toml"
    tx_map.write_text(TEXT_MAPPING)
    tx = evaluate(runtime, questions_path=_questions(tmp_path, "tx.jsonl", TEXT_QUESTIONS), out_dir=tmp_path / "tx",
                  adapters=[], with_llm=False, source=str(_write(tmp_path, "tickets.csv", ["Ticket text", "Category"], TEXT_ROWS)),
                  mapping_path=tx_map)
    results = _by_id(tx)
    wrong = {k: (r["answer"], r["scores"]) for k, r in results.items() if not r["scores"]["correct"]}
    assert not wrong

    # the production index is exactly as it was, and no evaluation database is left behind
    assert fingerprint(production) == before
    assert leftover_databases(production) == []
    written = "\n".join(p.read_text() for d in ("sn", "tx") for p in (tmp_path / d).glob("*.*") if p.suffix != ".png")
    assert not [v for v in PLANTED if v.lower() in written.lower()]


def test_a_sql_source_by_url(answer_env, embedder, sanitiser, tmp_path: Path) -> None:
    """``--source`` also takes a SQLAlchemy URL (here SQLite; SQL Server and MariaDB use the same code)."""
    url = f"sqlite:///{tmp_path / 'helpdesk.db'}"
    engine = sa.create_engine(url)
    dates = ("opened_at", "sys_updated_on")
    table = sa.Table("incidents", sa.MetaData(), *(sa.Column(c, sa.DateTime if c in dates else sa.Text) for c in HEADER))

    def typed(column: str, value: str) -> object:
        if value == "?":
            return None  # a database says NULL where an export writes '?'
        return datetime.strptime(value, "%d/%m/%Y %H:%M") if column in dates else value

    with engine.begin() as conn:
        table.create(conn)
        # INC0000048 has no update date: read anyway, dated by opened_at (not skipped by the keyset)
        conn.execute(table.insert(), [{c: typed(c, v) for c, v in zip(HEADER, row, strict=True)}
                                      for row in INCIDENTS if row[0] != "?"])
    engine.dispose()
    mapping = tmp_path / "sql.toml"
    mapping.write_text('[source]\ntable = "incidents"\n' + SERVICENOW_MAPPING)
    before = fingerprint(answer_env.db)
    questions = [q for q in SERVICENOW_QUESTIONS if q["id"] in ("sn-1", "sn-3", "sn-5", "sn-6", "sn-7")]
    outcome = evaluate(Runtime(answer_env.settings, db=answer_env.db, embedder=embedder, sanitiser=sanitiser), questions_path=_questions(tmp_path, "q.jsonl", questions), out_dir=tmp_path / "out",
                       adapters=[], with_llm=False, references=["bm25"], source=url, mapping_path=mapping)
    info = outcome.summary["run"]["index_info"]
    assert (info["read"], info["indexed"], info["quarantined"]) == (8, 7, 0)
    assert all(r["scores"]["correct"] for r in outcome.run.results), [(r["id"], r["answer"]) for r in outcome.run.results]
    assert fingerprint(answer_env.db) == before and leftover_databases(answer_env.db) == []


def test_cli_gate_on_the_committed_ci_slice(db: Database, tmp_path: Path) -> None:
    """``askdesk eval`` end to end: the committed CI slice against the 400-request sample indexed
    into a disposable database, with the CI gate; then a gate it must fail exits 1."""
    from askdesk.cli import app
    from askdesk.sample import write_sample

    sample = write_sample(tmp_path / "sample-400.csv", n=400)
    env = {"DATABASE_URL": db.url.render_as_string(hide_password=False), "ASKDESK_DATA_DIR": str(tmp_path / "data"),
           "ASKDESK_SANITISER__SECRET": "test-secret", "ASKDESK_SANITISER__WORKERS": "0"}
    before = fingerprint(db)
    args = ["eval", "--questions", str(ROOT / "evals" / "golden" / "ci-400.jsonl"), "--source", str(sample),
            "--mapping", str(ROOT / "askdesk" / "data" / "sample_mapping.toml"), "--no-llm", "--now", "2026-10-31T18:00",
            "--references", "bm25,hybrid", "--gate", str(ROOT / "evals" / "gates" / "ci.toml"), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    assert "gate: passed" in result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["run"]["questions"] == 83 and set(summary["retrievers"]) == {"engine", "bm25", "hybrid"}
    strict = tmp_path / "strict.toml"
    strict.write_text('[minimum]\n"search.hit@1" = 1.01\n')
    result = CliRunner().invoke(app, [*args[:-4], "--gate", str(strict), "--out", str(tmp_path / "out2")], env=env)
    assert result.exit_code == 1 and "search.hit@1" in result.output
    assert fingerprint(db) == before and leftover_databases(db) == []


def test_source_without_mapping_is_a_clear_error(tmp_path: Path) -> None:
    from askdesk.cli import app

    out = CliRunner().invoke(app, ["eval", "-q", str(tmp_path / "q.jsonl"), "-o", str(tmp_path), "--source", "x.csv"])
    assert out.exit_code == 2 and "--source needs --mapping" in out.output


@pytest.mark.parametrize("bad", ['{"fields": {"category": "C"}}'])
def test_mapping_needs_some_text(tmp_path: Path, bad: str) -> None:
    from indexing.mapping import Mapping, MappingError

    path = tmp_path / "m.yaml"
    path.write_text(bad)
    with pytest.raises(MappingError, match="title or fields.text"):
        Mapping.load(path)

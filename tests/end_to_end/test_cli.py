"""The ``askdesk`` command as a user runs it: demo, index, status, quarantine (real database and models)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from askdesk.cli import app
from tests.support.indexing import read_rows, scalar, write_rows
from tests.support.settings import SAMPLE_MAPPING


@pytest.fixture
def cli_env(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {
        "DATABASE_URL": db.url.render_as_string(hide_password=False),
        "ASKDESK_DATA_DIR": str(tmp_path / "data"),
        "ASKDESK_SANITISER__SECRET": "cli-test-secret",
        "ASKDESK_INDEX__PAGE_SIZE": "16",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return env


def test_demo_generates_indexes_and_summarises_then_reruns_incrementally(cli_env, db) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["demo", "--rows", "40"])
    assert first.exit_code == 0, first.output
    assert "Generating 40 sample requests" in first.output
    for label in ("read", "new", "changed", "unchanged", "pruned", "quarantined", "PII found", "time"):
        assert label in first.output
    assert "40 requests indexed (40 vectors)" in " ".join(first.output.split())
    assert scalar(db, "SELECT count(*) FROM requests WHERE indexed_hash = source_hash") == 40

    second = runner.invoke(app, ["demo", "--rows", "40"])
    assert second.exit_code == 0, second.output
    assert "Generating" not in second.output
    assert scalar(db, "SELECT stats->>'unchanged' FROM index_runs ORDER BY id DESC LIMIT 1") == "40"
    assert scalar(db, "SELECT stats->>'embedded' FROM index_runs ORDER BY id DESC LIMIT 1") == "0"


def test_index_status_and_quarantine_commands(cli_env, db, tmp_path: Path) -> None:
    from askdesk.sample import write_sample

    rows = read_rows(write_sample(tmp_path / "s.csv", n=12, seed=9))
    rows[4]["CreatedAt"] = rows[4]["UpdatedAt"] = "not a date"
    path = write_rows(tmp_path / "export.csv", rows)
    runner = CliRunner()
    res = runner.invoke(app, ["index", "--source", str(path), "--mapping", str(SAMPLE_MAPPING)])
    assert res.exit_code == 0, res.output
    assert "quarantined rows" in res.output and "askdesk quarantine" in res.output

    status = runner.invoke(app, ["status"])
    assert status.exit_code == 0 and "11 requests indexed" in " ".join(status.output.split())
    quarantine = runner.invoke(app, ["quarantine"])
    assert quarantine.exit_code == 0
    assert rows[4]["RequestID"] in quarantine.output and "unparsable date" in quarantine.output


def test_user_errors_exit_2_with_a_message_not_a_traceback(cli_env, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["index", "--source", str(tmp_path / "nope.csv"), "--mapping", str(SAMPLE_MAPPING)])
    assert missing.exit_code == 2 and "not found" in missing.output and "Traceback" not in missing.output

    export = tmp_path / "other.csv"
    export.write_text("Number,Short description\nINC0000045,Printer\n")
    wrong = runner.invoke(app, ["index", "--source", str(export), "--mapping", str(SAMPLE_MAPPING)])
    text = " ".join(wrong.output.split())  # rich wraps long lines
    assert wrong.exit_code == 2 and "'RequestID'" in text and "Available columns: Number, Short description" in text


def test_a_wrong_sanitiser_setting_stops_every_command_at_start(cli_env, monkeypatch) -> None:
    runner = CliRunner()
    monkeypatch.setenv("ASKDESK_SANITISER__ENTITIES", '["PERSON", "SECRETS"]')
    bad = runner.invoke(app, ["status"])
    text = " ".join(bad.output.split())
    assert bad.exit_code == 2 and "unsupported entities ['SECRETS']" in text and "Traceback" not in bad.output
    monkeypatch.setenv("ASKDESK_SANITISER__ENTITIES", '["PERSON", "BADGE"]')
    monkeypatch.setenv("ASKDESK_SANITISER__CUSTOM_PATTERNS", '[{"entity": "BADGE", "pattern": "BDG-([0-9]{6}"}]')
    bad = runner.invoke(app, ["status"])
    text = " ".join(bad.output.split())
    assert bad.exit_code == 2 and "custom pattern for BADGE is not a valid regex" in text
    monkeypatch.setenv("ASKDESK_SANITISER__CUSTOM_PATTERNS", "[{not json")
    bad = runner.invoke(app, ["status"])
    assert bad.exit_code == 2 and "could not be read" in bad.output and "Traceback" not in bad.output


def test_demo_ends_in_the_chat_and_ask_prints_json(cli_env, db) -> None:
    import json

    runner = CliRunner()
    result = runner.invoke(
        app, ["demo", "--rows", "40", "--chat", "--no-llm"],
        input="What's the status of REQ-100001?\n+\nhow many requests are closed?\n/quit\n",
    )
    assert result.exit_code == 0, result.output
    assert "REQ-100001 is" in result.output and "route: aggregate" in result.output
    assert scalar(db, "SELECT count(*) FROM answers WHERE surface = 'terminal'") == 2
    assert scalar(db, "SELECT count(*) FROM feedback WHERE vote = 1 AND via = 'terminal'") == 1

    result = runner.invoke(app, ["ask", "--no-llm", "--json", "status of REQ-100002?"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output[result.output.index("{"):])
    assert payload["route"] == "lookup" and payload["sources"][0]["request_id"] == "REQ-100002"

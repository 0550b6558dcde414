"""The adapter registry on a real Postgres: register, promote, decisions, rollback, and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from askdesk import schema
from askdesk.db import Database
from training.registry import RegistryError, get, list_adapters, promote, promoted, record_decision, register, rollback
from training.train import TrainResult


def _result(version: str, tmp: Path) -> TrainResult:
    return TrainResult(version, "sft", tmp / version, "base-folder", "b" * 16, f"a-{version}", "d" * 16,
                       {"train_loss": 1.25}, {"lora_r": 8})


def test_promote_retire_reject_and_rollback(db: Database, tmp_path: Path) -> None:
    e = db.engine
    for v in ("v1", "v2", "v3"):
        register(e, _result(v, tmp_path))
    register(e, _result("v1", tmp_path))  # idempotent
    assert [r["status"] for r in list_adapters(e)] == ["candidate"] * 3 and promoted(e) is None
    record_decision(e, "v1", {"verdict": "better", "summary": {"correct": 0.9}}, promote=True)
    record_decision(e, "v2", {"verdict": "worse", "reasons": ["lookup.correct 0.95 < 1.0"]}, promote=False)
    assert promoted(e)["version"] == "v1" and get(e, "v2")["status"] == "rejected"
    assert get(e, "v1")["metrics"] == {"training": {"train_loss": 1.25}, "eval": {"correct": 0.9}}
    assert get(e, "v2")["decision"]["reasons"] == ["lookup.correct 0.95 < 1.0"]
    promote(e, "v3", force_reason="hotfix")
    assert promoted(e)["version"] == "v3" and get(e, "v1")["status"] == "retired"
    assert rollback(e) == "v1" and promoted(e)["version"] == "v1" and get(e, "v3")["status"] == "retired"
    assert rollback(e) is None and promoted(e) is None  # back to the base model
    with pytest.raises(RegistryError, match="already answers with the base model"):
        rollback(e)
    with pytest.raises(RegistryError, match="No adapter 'v9'"):
        promote(e, "v9")
    # the database itself refuses two promoted adapters
    with pytest.raises(sa.exc.IntegrityError), e.begin() as conn:
        conn.execute(sa.update(schema.adapters).values(status="promoted"))
    with e.connect() as conn:
        actions = conn.execute(sa.select(schema.adapter_events.c.action).order_by(schema.adapter_events.c.id)).scalars().all()
    assert actions.count("registered") == 3 and actions.count("promoted") == 3  # v1, v3, v1 again (rollback)
    assert "rejected" in actions and actions.count("rolled back") == 2


def test_adapters_cli(db: Database, tmp_path: Path) -> None:
    from askdesk.cli import app

    env = {"DATABASE_URL": db.url.render_as_string(hide_password=False), "ASKDESK_DATA_DIR": str(tmp_path)}
    out = CliRunner().invoke(app, ["adapters", "list"], env=env)
    assert out.exit_code == 0 and "no adapters yet" in out.output
    register(db.engine, _result("v1", tmp_path))
    out = CliRunner().invoke(app, ["adapters", "promote", "v1"], env=env)
    assert out.exit_code == 0 and "v1 promoted" in out.output
    out = CliRunner().invoke(app, ["adapters", "list"], env=env)
    assert "promoted" in out.output and "v1" in out.output
    out = CliRunner().invoke(app, ["adapters", "rollback"], env=env)
    assert out.exit_code == 0 and "base model" in out.output
    out = CliRunner().invoke(app, ["train", "sft", "--max_steps", "1"], env=env)
    assert out.exit_code == 2 and "--dataset DIR" in out.output

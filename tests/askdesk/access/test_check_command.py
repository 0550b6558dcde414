"""``askdesk access check`` explains what an identity sees, and why, over the real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from askdesk.cli import app
from askdesk.db import Database
from tests.support.access import POLICY_TOML, fill


@pytest.fixture
def env(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    fill(db)
    policy = tmp_path / "access.toml"
    policy.write_text(POLICY_TOML + '\n[[scopes]]\nname = "legal"\nmatch = [{ category = ["Legal "] }]\n')
    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("ASKDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASKDESK_ACCESS__POLICY_PATH", str(policy))
    monkeypatch.chdir(tmp_path)
    return policy


def run(*args: str) -> str:
    res = CliRunner().invoke(app, ["access", "check", *args], terminal_width=200)
    assert res.exit_code == 0, res.output
    return " ".join(res.output.split())


def test_a_channel_sees_its_own_grants_and_says_why(env: Path) -> None:
    out = run("--user", "U0ALICE", "--channel", "C0SEC")
    assert "hr: hidden, not granted to channel C0SEC; personal grants do not apply in a channel" in out
    assert "security: visible, channel C0SEC is granted (1 request)" in out
    assert "legal: hidden, not granted to channel C0SEC" in out and "(0 requests: check its values, none matches)" in out
    assert "Basis: channel C0SEC's grants" in out and "Visible: 4 of 7 requests." in out


def test_a_dm_uses_the_user_s_grants(env: Path) -> None:
    out = run("--user", "U0BOB", "--usergroup", "S0HR")
    assert "hr: visible, user group S0HR is granted (3 requests)" in out and "Visible: 6 of 7 requests." in out


def test_no_policy_says_everything_is_visible(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASKDESK_ACCESS__POLICY_PATH")
    assert "everyone allowed to ask sees every request" in run("--user", "U1")


def test_a_broken_policy_is_an_error_with_exit_code_2(env: Path) -> None:
    env.write_text('[[scopes]]\nname = "hr"\n')
    res = CliRunner().invoke(app, ["access", "check"])
    assert res.exit_code == 2 and "error: access policy" in res.output and "scopes.0.match" in res.output


def test_audit_lists_recent_questions_by_scope_without_personal_data(env: Path, db: Database) -> None:
    import sqlalchemy as sa

    from askdesk import schema
    from askdesk.access import AccessPolicy, Viewer, visibility_for
    from askdesk.feedback import user_hash

    policy = AccessPolicy.model_validate({"scopes": [{"name": "hr", "match": [{"category": ["HR"]}],
                                                      "grant": {"users": ["U0ALICE"]}}]})
    dm = visibility_for(policy, Viewer("dm", user="U0ALICE")).as_dict()
    channel = visibility_for(policy, Viewer("channel", user="U0ALICE", channel="C0GENERAL")).as_dict()
    base = {"surface": "slack", "answer": "…", "route": "aggregate", "refused": False, "filters": {}, "sources": []}
    with db.engine.begin() as conn:
        conn.execute(schema.answers.insert(), [
            {**base, "answer_id": "a1", "user_hash": user_hash("s", "U0ALICE"), "channel": "D0DM",
             "question": "how many HR requests are open?", "trace": {"access": dm}},
            {**base, "answer_id": "a2", "user_hash": user_hash("s", "U0ALICE"), "channel": "C0GENERAL",
             "question": "how many requests this week?", "trace": {"access": channel}},
            {**base, "answer_id": "a3", "user_hash": None, "channel": None, "question": "an old one", "trace": {}},
        ])
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.answers)).scalar_one() == 3
    res = CliRunner().invoke(app, ["audit"], terminal_width=200)
    out = " ".join(res.output.split())
    assert res.exit_code == 0, res.output
    assert "slack D0DM" in out and "saw hr (your grants (a direct message))" in out
    assert "slack C0GENERAL" in out and "saw no restricted scope (channel C0GENERAL's grants" in out
    assert "recorded before access control" in out and "U0ALICE" not in res.output
    only_hr = " ".join(CliRunner().invoke(app, ["audit", "--scope", "hr"], terminal_width=200).output.split())
    assert "how many HR requests are open?" in only_hr and "this week" not in only_hr and "old one" not in only_hr


def test_eval_identity_options_need_as(tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text("")
    res = CliRunner().invoke(app, ["eval", "--questions", str(questions), "--out", str(tmp_path / "out"),
                                   "--email", "ann@corp.example"],
                             terminal_width=200)
    assert res.exit_code != 0 and "describe the identity of --as" in res.output
    assert "ann@corp.example" not in res.output

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

"""`askdesk slack` says which Slack setting is missing before it loads anything."""

from __future__ import annotations

import os
import subprocess
import sys


def _run(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ASKDESK_"))}
    return subprocess.run([sys.executable, "-m", "askdesk.cli", "slack", "--no-llm"], capture_output=True, text=True, check=False,
                          env={**base, "ASKDESK_DATA_DIR": str(tmp_path), "COLUMNS": "200", **env}, timeout=120)


def test_missing_slack_settings_are_named(tmp_path) -> None:
    no_secret = _run(tmp_path, SLACK_BOT_TOKEN="xoxb-1")
    assert no_secret.returncode == 2 and "SLACK_SIGNING_SECRET" in no_secret.stderr and "askdesk chat" in no_secret.stderr
    no_token = _run(tmp_path, SLACK_APP_TOKEN="xapp-1")
    assert no_token.returncode == 2 and "SLACK_BOT_TOKEN" in no_token.stderr
    assert not (tmp_path / "postgres").exists()  # failed before starting the database or loading models

"""The Slack app manifest in the repo asks for what the bot uses: one step to create the app."""

from __future__ import annotations

from pathlib import Path

import yaml

MANIFEST = Path(__file__).resolve().parents[2] / "bot" / "manifest.yml"
#: Web API method -> the bot scope it needs
SCOPES = {"chat.postMessage": "chat:write", "chat.update": "chat:write", "chat.postEphemeral": "chat:write",
          "reactions.add": "reactions:write", "reactions.remove": "reactions:write",
          "usergroups.users.list": "usergroups:read", "conversations.replies": "channels:history"}


def test_manifest_subscribes_to_every_event_and_scope_the_bot_uses(slack_env) -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "message.channels", "reaction_added", "reaction_removed", "app_home_opened"} <= events
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/askdesk"]
    assert manifest["settings"]["interactivity"]["is_enabled"] and manifest["features"]["app_home"]["home_tab_enabled"]
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "im:history", "commands", "reactions:read"} <= scopes
    # every Web API method the bot called in a conversation is covered by a scope
    s = slack_env
    s.slack.mention("U1", "C1", "How many HR requests are there?", "1761902000.000100")
    s.wait_done("C1:1761902000.000100")
    used = {c.method for c in s.fake.calls if c.method != "auth.test"}
    assert used <= set(SCOPES) and {SCOPES[m] for m in used} <= scopes

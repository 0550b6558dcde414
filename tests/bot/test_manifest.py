"""The Slack app manifest in the repo asks for what the bot uses: one step to create the app."""

from __future__ import annotations

from pathlib import Path

import yaml

from askdesk.access import AccessPolicy

MANIFEST = Path(__file__).resolve().parents[2] / "bot" / "manifest.yml"
#: Web API method -> the bot scope it needs
SCOPES = {"chat.postMessage": "chat:write", "chat.update": "chat:write", "chat.postEphemeral": "chat:write",
          "reactions.add": "reactions:write", "reactions.remove": "reactions:write",
          "usergroups.users.list": "usergroups:read", "conversations.replies": "channels:history",
          "conversations.info": "channels:read", "users.info": "users:read"}
#: an access policy, so that the bot looks up user groups and channels as it does with one
POLICY = AccessPolicy.model_validate({"scopes": [{"name": "hr", "match": [{"category": ["HR"]}],
                                                  "grant": {"usergroups": ["S0HR"], "channels": ["C0HR"]}}]})


def test_manifest_subscribes_to_every_event_and_scope_the_bot_uses(make_slack) -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "message.channels", "reaction_added", "reaction_removed", "app_home_opened"} <= events
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/askdesk"]
    assert manifest["settings"]["interactivity"]["is_enabled"] and manifest["features"]["app_home"]["home_tab_enabled"]
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "im:history", "commands", "reactions:read"} <= scopes
    # conversations.info (is a channel shared with other organisations?) in every kind of channel
    assert {"channels:read", "groups:read", "mpim:read"} <= scopes
    # users.info with the asker's e-mail ("my requests": hashed at once, never stored)
    assert {"users:read", "users:read.email"} <= scopes
    # every Web API method the bot called in a conversation is covered by a scope
    s = make_slack(access_policy=POLICY)
    s.slack.mention("U1", "C1", "How many HR requests are there?", "1761902000.000100")
    s.slack.message("U1", "D1", "How many HR requests are there?", "1761902000.000200")
    s.wait_done("C1:1761902000.000100")
    s.wait_done("D1:1761902000.000200")
    used = {c.method for c in s.fake.calls if c.method != "auth.test"}
    assert {"conversations.info", "usergroups.users.list", "users.info"} <= used
    assert used <= set(SCOPES) and {SCOPES[m] for m in used} <= scopes

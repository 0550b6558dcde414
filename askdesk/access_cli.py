"""``askdesk access check``: what one identity sees under the access policy, and why.

Registered on the root ``askdesk`` command by :func:`register`.  For admins: it names the scopes
and counts the requests each matches (counts an admin may see), so a policy can be checked before
the bot uses it, and a scope that matches no request (a typo in a value) stands out.
"""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
import typer

from askdesk import schema
from askdesk.access.policy import AccessPolicy
from askdesk.access.sql import requests_in_scope, visible_requests
from askdesk.access.viewer import Place, Viewer, decide, visibility_for
from askdesk.console import console, fail
from askdesk.runtime import Runtime

access_app = typer.Typer(help="Who may see what: check the access policy.", no_args_is_help=True)


def _place(channel: str | None, dm: bool, ephemeral: bool) -> Place:
    if dm and ephemeral:
        fail("--dm and --ephemeral exclude each other: an answer is either a direct message or a reply only the asker sees")
    if dm or (channel is None and not ephemeral):
        return "dm"
    if ephemeral:
        return "ephemeral"
    return "channel"


def _scope_counts(runtime: Runtime, policy: AccessPolicy) -> dict[str, int]:
    t = schema.requests
    columns = [sa.func.count().filter(requests_in_scope(s, t)).label(s.name) for s in policy.scopes]
    with runtime.db.engine.connect() as conn:
        row = conn.execute(sa.select(*columns).select_from(t)).one()
    return {s.name: int(row._mapping[s.name]) for s in policy.scopes}


@access_app.command("check")
def check(
    user: Annotated[str | None, typer.Option(help="The Slack user id (U…).")] = None,
    channel: Annotated[str | None, typer.Option(help="Where the answer is posted: a channel id (C…/G…).")] = None,
    usergroup: Annotated[list[str] | None, typer.Option(help="A user group (S…) the user is in; repeat for several.")] = None,
    dm: Annotated[bool, typer.Option("--dm", help="The answer is a direct message (the default without --channel).")] = False,
    ephemeral: Annotated[bool, typer.Option("--ephemeral", help="The answer is a reply only the asker sees in --channel.")] = False,
    shared: Annotated[bool, typer.Option("--shared", help="--channel is shared with other organisations.")] = False,
) -> None:
    """Explain what USER sees when the answer is posted in CHANNEL (or in a DM), and why."""
    with Runtime.from_environment() as runtime:
        policy = runtime.access_policy
        if policy is None or not policy.scopes:
            console.print("No access policy (ASKDESK_ACCESS__POLICY_PATH is unset or lists no scope): "
                          "everyone allowed to ask sees every request.")
            return
        viewer = Viewer(_place(channel, dm, ephemeral), user=user, channel=channel,
                        usergroups=frozenset(usergroup or ()), shared_channel=shared)
        visibility = visibility_for(policy, viewer)
        counts = _scope_counts(runtime, policy)
        console.print(f"Policy {runtime.settings.access.policy_path}:")
        for d in decide(policy, viewer):
            n = counts[d.scope.name]
            matched = f"{n} request{'s' if n != 1 else ''}" if n else "0 requests: check its values, none matches"
            console.print(f"  {d.scope.name}: {'visible' if d.visible else 'hidden'}, {d.reason} ({matched})",
                          highlight=False)
        t = schema.requests
        with runtime.db.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            visible = conn.execute(sa.select(sa.func.count()).select_from(t).where(
                *visible_requests(visibility, t))).scalar_one()
        console.print(f"Basis: {visibility.basis}.")
        if visibility.silent:
            console.print("askdesk does not answer here (shared_channels = \"silent\").")
        console.print(f"Visible: {visible} of {total} requests.")


def register(app: typer.Typer) -> None:
    app.add_typer(access_app, name="access")

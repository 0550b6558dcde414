"""``askdesk access check`` and ``askdesk audit``: the access policy, for admins.

Registered on the root ``askdesk`` command by :func:`register`.  ``access check`` names the scopes
one identity sees and why, and counts the requests each matches (counts an admin may see), so a
policy can be checked before the bot uses it, and a scope that matches no request (a typo in a
value) stands out.  ``audit`` lists recent questions with the scope each was answered under,
from the stored answers: questions are stored scrubbed and askers only as keyed hashes, so the
list holds no personal data.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

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


def _audit_rows(runtime: Runtime, since: datetime, scope: str | None, limit: int) -> list[Any]:
    a = schema.answers
    access = a.c.trace["access"]
    stmt = (sa.select(a.c.created_at, a.c.surface, a.c.channel, a.c.user_hash, a.c.route, a.c.refused, a.c.question,
                      access.label("access"))
            .where(a.c.created_at >= since).order_by(a.c.created_at.desc()).limit(limit))
    if scope is not None:  # answers that could see this scope (bound as a JSONB array element)
        stmt = stmt.where(access["granted"].contains(sa.func.jsonb_build_array(scope)))
    with runtime.db.engine.connect() as conn:
        return list(conn.execute(stmt))


def audit(
    days: Annotated[float, typer.Option(help="How far back to look.")] = 7.0,
    scope: Annotated[str | None, typer.Option(help="Only answers that could see this scope.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many answers, newest first.")] = 50,
) -> None:
    """List recent questions with the scope each was answered under (whose grants, scopes seen),
    newest first: no personal data (questions are stored scrubbed, askers as keyed hashes)."""
    with Runtime.from_environment() as runtime:
        rows = _audit_rows(runtime, datetime.now(UTC) - timedelta(days=days), scope, limit)
        if not rows:
            console.print(f"No answers in the last {days:g} days{f' that could see {scope!r}' if scope else ''}.")
            return
        for r in rows:
            access = r.access or {}
            seen = ", ".join(access.get("granted") or ()) or "no restricted scope"
            who = f"user {r.user_hash[:10]}" if r.user_hash else "no user"
            where = f"{r.surface}{f' {r.channel}' if r.channel else ''}"
            basis = access.get("basis", "recorded before access control")
            console.print(f"{r.created_at:%Y-%m-%d %H:%M} {where}, {who}: saw {seen} ({basis}); {r.route}"
                          f"{' (refused)' if r.refused else ''}: {r.question[:120]}", highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(access_app, name="access")
    app.command("audit")(audit)

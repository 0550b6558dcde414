"""Who an answer is for, and what they may see.

Where the answer will be read decides what it may use:

* in a channel, only what every member may see: the channel's own grants (the asker's personal
  grants do not apply, since everyone in the channel reads the answer); a channel shared with
  other organisations gets unrestricted requests only, or no answer (``shared_channels``);
* in a DM, App Home or an ephemeral reply, the asker's grants (their user id and user groups),
  plus, for an ephemeral reply in a channel, that channel's grants;
* the terminal chat and ``askdesk ask`` run as a configured identity (with no identity
  configured they see unrestricted requests only); ``askdesk eval`` runs with every grant unless
  ``--as`` names an identity.

Thread follow-ups keep the place, and so the visibility, of the thread they are in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from askdesk.access.policy import AccessPolicy, Scope

Place = Literal["channel", "dm", "ephemeral", "app_home", "terminal", "admin"]
#: places where only the asker reads the answer
PRIVATE_PLACES: frozenset[str] = frozenset({"dm", "ephemeral", "app_home", "terminal"})


@dataclass(frozen=True)
class Viewer:
    """The identity an answer is computed for.  ``usergroups``: the user's Slack user groups,
    resolved by the caller (the bot caches them)."""

    place: Place
    user: str | None = None
    channel: str | None = None
    usergroups: frozenset[str] = frozenset()
    #: the channel is shared with other organisations (Slack Connect)
    shared_channel: bool = False


@dataclass(frozen=True)
class Visibility:
    """What a viewer may see: the restricted scopes hidden from them (their requests are never
    read, counted or retrieved), the ones granted, and why."""

    hidden: tuple[Scope, ...] = ()
    granted: tuple[str, ...] = ()
    #: one line: whose grants apply ("channel C0HR's grants", "your grants (DM)")
    basis: str = "no access policy: every request"
    #: no answer at all (a shared channel with ``shared_channels = "silent"``)
    silent: bool = False

    @property
    def restricted(self) -> bool:
        """Some requests are hidden: answers say their counts are over the visible requests."""
        return bool(self.hidden)

    def key(self) -> tuple[str, ...]:
        """A cache key: two visibilities with the same key see the same requests."""
        return tuple(sorted(s.name for s in self.hidden))

    def as_dict(self) -> dict[str, Any]:
        """For traces and the audit: scope names and the basis, never a user id."""
        return {"hidden": list(self.key()), "granted": list(self.granted), "basis": self.basis, "silent": self.silent}


#: no policy, or an admin identity: every request
EVERYTHING = Visibility()


def _granted_personally(scope: Scope, viewer: Viewer) -> bool:
    g = scope.grant
    return bool((viewer.user and viewer.user in g.users) or (viewer.usergroups & set(g.usergroups)))


def _granted_to_channel(scope: Scope, viewer: Viewer) -> bool:
    return bool(viewer.channel and viewer.channel in scope.grant.channels)


def visibility_for(policy: AccessPolicy | None, viewer: Viewer) -> Visibility:
    """The `Visibility` of ``viewer`` under ``policy`` (None: no policy, everything visible)."""
    if policy is None or not policy.scopes:
        return EVERYTHING
    if viewer.place == "admin":
        return Visibility(granted=tuple(s.name for s in policy.scopes), basis="admin: every scope")
    if viewer.place == "channel":
        if viewer.shared_channel:
            return Visibility(hidden=policy.scopes, basis="a channel shared with other organisations: "
                              "unrestricted requests only", silent=policy.shared_channels == "silent")
        granted = [s for s in policy.scopes if _granted_to_channel(s, viewer)]
        basis = f"channel {viewer.channel}'s grants (everyone in it reads the answer)"
    elif viewer.place in PRIVATE_PLACES:
        granted = [s for s in policy.scopes if _granted_personally(s, viewer)
                   or (viewer.place == "ephemeral" and _granted_to_channel(s, viewer))]
        basis = {"dm": "your grants (a direct message)", "ephemeral": "your grants (a reply only you see)",
                 "app_home": "your grants (App Home)", "terminal": "the terminal identity's grants"}[viewer.place]
    else:  # pragma: no cover - Place is a closed Literal
        raise ValueError(f"unknown place {viewer.place!r}")
    names = {s.name for s in granted}
    return Visibility(hidden=tuple(s for s in policy.scopes if s.name not in names),
                      granted=tuple(s.name for s in granted), basis=basis)

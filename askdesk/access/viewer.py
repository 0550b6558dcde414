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

Where only the asker reads the answer, the visibility also carries who they are in the requests
data (`askdesk.access.requester`: keyed hashes, never an e-mail), so a question about "my requests"
is answered over their own requests (`Visibility.own`); in a channel it says to ask in a DM.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from askdesk.access.policy import AccessPolicy, Scope
from askdesk.access.requester import IN_A_CHANNEL, NOBODY, Requester

Place = Literal["channel", "dm", "ephemeral", "app_home", "terminal", "admin"]
#: the reply where askdesk does not answer at all (``Visibility.silent``: a channel shared with other
#: organisations under ``shared_channels = "silent"``); the bot sends it privately, the engine returns it
SILENT_REPLY = ("Sorry, askdesk doesn't answer in channels shared with other organisations. "
                "Ask me in a direct message instead.")
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
    #: who the asker is in the requests data ("my requests"); used only where the answer is private
    requester: Requester = NOBODY


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
    #: the reader as the requests data knows them (keys only where the answer is private)
    requester: Requester = NOBODY
    #: only the reader's own requests (a question about "my requests"): every query also keeps
    #: just the requests whose requester key is one of ``requester.keys`` (none: nothing)
    own_only: bool = False

    @property
    def restricted(self) -> bool:
        """Some requests are hidden: answers say their counts are over the visible requests."""
        return bool(self.hidden)

    def key(self) -> tuple[str, ...]:
        """A cache key of the restricted scopes: two visibilities with the same key see the same
        requests, apart from ``own_only`` (the vocabulary is read over all visible requests)."""
        return tuple(sorted(s.name for s in self.hidden))

    def own(self) -> Visibility:
        """This visibility narrowed to the reader's own requests."""
        return replace(self, own_only=True)

    def as_dict(self) -> dict[str, Any]:
        """For traces and the audit: scope names and the basis, never a user id or requester key."""
        out: dict[str, Any] = {"hidden": list(self.key()), "granted": list(self.granted), "basis": self.basis,
                               "silent": self.silent}
        if self.own_only:
            out["own_requests"] = True
        return out

    def record(self) -> dict[str, Any]:
        """`as_dict` plus the reader's requester keys (pseudonymous, never an e-mail): what a
        queued question carries to the process that answers it (`visibility_from_record`)."""
        out = self.as_dict()
        out["requester"] = {"keys": list(self.requester.keys), "unknown": self.requester.unknown}
        return out


#: no policy, or an admin identity: every request
EVERYTHING = Visibility()


@dataclass(frozen=True)
class ScopeDecision:
    """One scope for one viewer: visible or not, and why (``askdesk access check`` prints these)."""

    scope: Scope
    visible: bool
    reason: str


def _personal(scope: Scope, viewer: Viewer) -> str | None:
    g = scope.grant
    if viewer.user and viewer.user in g.users:
        return f"user {viewer.user} is granted"
    groups = sorted(viewer.usergroups & set(g.usergroups))
    return f"user group {', '.join(groups)} is granted" if groups else None


def _channel(scope: Scope, viewer: Viewer) -> str | None:
    return f"channel {viewer.channel} is granted" if viewer.channel and viewer.channel in scope.grant.channels else None


def decide(policy: AccessPolicy, viewer: Viewer) -> list[ScopeDecision]:
    """Each scope of ``policy``: may ``viewer`` see it, and why."""
    out = []
    for scope in policy.scopes:
        if viewer.place == "admin":
            out.append(ScopeDecision(scope, True, "admin: every scope"))
        elif viewer.place == "channel" and viewer.shared_channel:
            out.append(ScopeDecision(scope, False, "a channel shared with other organisations sees no restricted scope"))
        elif viewer.place == "channel":
            why = _channel(scope, viewer)
            out.append(ScopeDecision(scope, why is not None, why or (
                f"not granted to channel {viewer.channel}; personal grants do not apply in a channel, "
                "where everyone reads the answer")))
        else:
            why = _personal(scope, viewer) or (_channel(scope, viewer) if viewer.place == "ephemeral" else None)
            out.append(ScopeDecision(scope, why is not None, why or "not granted to this user or their user groups"))
    return out


_BASIS = {"dm": "your grants (a direct message)", "ephemeral": "your grants (a reply only you see)",
          "app_home": "your grants (App Home)", "terminal": "the terminal identity's grants",
          "admin": "admin: every scope"}


def requester_for(viewer: Viewer) -> Requester:
    """Who the reader is in the requests data, where only they read the answer (in a channel
    everyone does: nobody's own requests are shown there)."""
    if viewer.place in PRIVATE_PLACES:
        return viewer.requester
    return Requester(unknown=IN_A_CHANNEL) if viewer.place == "channel" else NOBODY


def visibility_for(policy: AccessPolicy | None, viewer: Viewer) -> Visibility:
    """The `Visibility` of ``viewer`` under ``policy`` (None: no policy, everything visible)."""
    requester = requester_for(viewer)
    scoped = _scoped(policy, viewer)
    return scoped if requester == NOBODY else replace(scoped, requester=requester)


def _scoped(policy: AccessPolicy | None, viewer: Viewer) -> Visibility:
    if policy is None or not policy.scopes:
        return EVERYTHING
    decisions = decide(policy, viewer)
    if viewer.place == "channel" and viewer.shared_channel:
        basis = "a channel shared with other organisations: unrestricted requests only"
    elif viewer.place == "channel":
        basis = f"channel {viewer.channel}'s grants (everyone in it reads the answer)"
    else:
        basis = _BASIS[viewer.place]
    return Visibility(hidden=tuple(d.scope for d in decisions if not d.visible),
                      granted=tuple(d.scope.name for d in decisions if d.visible), basis=basis,
                      silent=viewer.place == "channel" and viewer.shared_channel and policy.shared_channels == "silent")


def visibility_from_record(policy: AccessPolicy | None, record: dict[str, Any] | None) -> Visibility:
    """A `Visibility` stored with a queued question (`Visibility.record`), against the policy of
    the process that answers it.  Fails closed: a scope the record did not grant (one added since,
    or a record missing altogether) is hidden, and a record without requester keys knows nobody."""
    record = record or {}
    stored = record.get("requester")
    requester = NOBODY
    if isinstance(stored, dict):
        keys = tuple(str(k) for k in stored.get("keys") or () if isinstance(k, str) and k)
        requester = Requester(keys, str(stored.get("unknown") or NOBODY.unknown))
    if policy is None or not policy.scopes:
        return EVERYTHING if requester == NOBODY else replace(EVERYTHING, requester=requester)
    granted = set(record.get("granted") or ())
    return Visibility(hidden=tuple(s for s in policy.scopes if s.name not in granted),
                      granted=tuple(s.name for s in policy.scopes if s.name in granted),
                      basis=str(record.get("basis") or "unknown: restricted requests hidden"),
                      silent=bool(record.get("silent")), requester=requester)


def training_visibility(policy: AccessPolicy | None) -> Visibility:
    """What training data may use: every scope marked ``train = true``, nothing else restricted
    (a model must not memorise what most users may not see)."""
    if policy is None or not policy.scopes:
        return EVERYTHING
    return Visibility(hidden=tuple(s for s in policy.scopes if not s.train),
                      granted=tuple(s.name for s in policy.scopes if s.train), basis="training: scopes with train = true")


def trainable(policy: AccessPolicy | None, record: dict[str, Any] | None) -> bool:
    """May an answer computed under ``record`` (its `Visibility.as_dict`) go into training data?
    Not an answer about the asker's own requests (one person's requests are theirs, not the
    model's); otherwise only if every scope it could see is trainable.  An answer without a
    record predates the policy and is judged as if it saw every scope."""
    if record is not None and record.get("own_requests"):
        return False
    if policy is None or not policy.scopes:
        return True
    allowed = {s.name for s in policy.scopes if s.train}
    seen = set((record or {}).get("granted") or ()) if record is not None else {s.name for s in policy.scopes}
    return seen <= allowed

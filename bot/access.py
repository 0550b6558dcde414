"""Who may ask, and what the answer may use.

* :class:`AllowList`: allow-lists of channels, users and user groups (empty = everyone).
* :class:`SlackDirectory`: what Slack says about users and channels, looked up when needed and
  cached for ``refresh_s`` (user groups' members with ``usergroups.users.list``, whether a channel
  is shared with other organisations with ``conversations.info``, who a user is in the requests
  data with ``users.info``).  When Slack can't be reached it fails closed: a user group keeps its
  last known members (with none known, nobody is in it), a channel is taken as shared, and a user
  keeps their last known requester keys (with none known, their own requests can't be picked out).
* :func:`viewer_for` / :func:`visibility_for_question`: the `askdesk.access.Viewer` of a question
  (where its answer will be read, by whom) and what the access policy lets that answer use.

No Slack user id or e-mail address is logged or stored here; the viewer lives only while the
question is received.  A user's e-mail is hashed the moment Slack gives it
(`askdesk.access.requester.RequesterHasher.keys_of_email`): only the keys are cached, and only the
keys travel with a question whose answer the asker alone reads (`Visibility.record`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from askdesk.access import AccessPolicy, Place, Viewer, Visibility, visibility_for
from askdesk.access.requester import NOBODY, Requester, RequesterHasher

log = logging.getLogger(__name__)

# What a Slack Web API call can raise: Slack's own errors, and the network's (URLError, timeouts).
# The bot's courtesy calls (reactions, notices, modals, progress) catch these and log; nothing else.
SLACK_CALL_ERRORS: tuple[type[BaseException], ...] = (SlackClientError, OSError)

REFUSAL = ("Sorry, askdesk isn't enabled for you or in this conversation. "
           "Ask your Slack admin to add you (or this channel) to askdesk's allow-list.")

#: a failed lookup: Slack's error, the network's, or an answer without the expected fields
_LOOKUP_ERRORS: tuple[type[BaseException], ...] = (*SLACK_CALL_ERRORS, KeyError, TypeError)
#: after a failed lookup, try Slack again after at most this long (not a whole refresh period)
RETRY_S = 30.0

#: why the asker's own requests can't be picked out: Slack gave no e-mail address for them
NO_EMAIL = ("Slack didn't give askdesk your e-mail address, so I can't tell which requests are yours "
            "(the Slack app needs the users:read and users:read.email scopes).")
#: ... or Slack couldn't be asked (and nothing was known from before)
SLACK_UNREACHABLE = ("I couldn't reach Slack to find out who you are, so I can't tell which requests are yours "
                     "right now. Please ask again in a minute.")
#: Slack's errors for an app that lacks the scopes ``users.info`` needs (an answer, not an outage)
_SCOPE_ERRORS = frozenset({"missing_scope", "not_allowed_token_type", "no_permission"})

#: where the ``users.info`` client's own log lines go: nowhere.  slack-sdk logs every request and
#: response at DEBUG, and this one's response holds the user's e-mail address; a logger outside
#: the logging tree can't be turned up by configuring ``slack_sdk`` or the root logger.
_UNLOGGED = logging.Logger("askdesk.users_info", level=logging.CRITICAL + 1)  # noqa: LOG001 - outside the tree on purpose
_UNLOGGED.addHandler(logging.NullHandler())
_UNLOGGED.propagate = False


def _unlogged(client: WebClient) -> WebClient:
    """A client like ``client`` (token, URL, timeout, TLS, proxy, retries) whose calls are never logged."""
    return WebClient(token=client.token, base_url=client.base_url, timeout=client.timeout, ssl=client.ssl,
                     proxy=client.proxy, headers=dict(client.headers), team_id=client.default_params.get("team_id"),
                     logger=_UNLOGGED, retry_handlers=list(client.retry_handlers))

K = TypeVar("K")
V = TypeVar("V")


class Refreshed(Generic[K, V]):
    """Values looked up in Slack by key, each kept for ``refresh_s``.

    When a lookup fails (Slack's error, the network, a malformed answer), the key gets its last
    known value if ``keep_last`` and one is known, else ``fallback``; either is kept for
    ``min(refresh_s, RETRY_S)`` before Slack is asked again, so an outage doesn't put a slow
    call in front of every acknowledgement."""

    def __init__(self, fetch: Callable[[K], V], *, refresh_s: float, fallback: V, keep_last: bool, what: str) -> None:
        self._fetch = fetch
        self.refresh_s = refresh_s
        self.fallback = fallback
        self.keep_last = keep_last
        #: for the log: what is looked up, with ``{}`` for the key (never a user id)
        self.what = what
        #: key -> (value, monotonic time it expires, fetched from Slack (not a fallback))
        self._values: dict[K, tuple[V, float, bool]] = {}
        self._lock = threading.Lock()

    def get(self, key: K) -> V:
        cached = self._values.get(key)
        if cached is not None and time.monotonic() < cached[1]:
            return cached[0]
        with self._lock:
            cached = self._values.get(key)
            if cached is not None and time.monotonic() < cached[1]:
                return cached[0]
            try:
                value = self._fetch(key)
            except _LOOKUP_ERRORS as exc:
                reason = exc.response.get("error") if isinstance(exc, SlackApiError) else exc.__class__.__name__
                known = cached is not None and cached[2] and self.keep_last
                log.warning("could not look up %s (%s); %s", self.what.format(key), reason,
                            "keeping the last known answer" if known else "failing closed")
                value = cached[0] if known and cached is not None else self.fallback
                self._values[key] = (value, time.monotonic() + min(self.refresh_s, RETRY_S), bool(known))
                return value
            self._values[key] = (value, time.monotonic() + self.refresh_s, True)
            return value


class SlackDirectory:
    """What Slack says about user groups, channels and users, cached (see :class:`Refreshed`).

    ``hasher``: hashes a user's e-mail into their requester keys (the one secret's ``requester``
    domain, as indexing does); None: nobody's own requests can be picked out.  Passed explicitly
    because a directory without it would silently know nobody."""

    def __init__(self, client: WebClient | None, *, hasher: RequesterHasher | None, refresh_s: float = 300.0) -> None:
        self.client = client
        self.hasher = hasher
        #: for ``users.info`` only (its answer holds an e-mail address: see `_UNLOGGED`)
        self._users_client = _unlogged(client) if client is not None else None
        self._members: Refreshed[str, frozenset[str]] = Refreshed(
            self._fetch_members, refresh_s=refresh_s, fallback=frozenset(), keep_last=True, what="the members of user group {}")
        self._shared: Refreshed[str, bool] = Refreshed(
            self._fetch_shared, refresh_s=refresh_s, fallback=True, keep_last=False, what="whether channel {} is shared")
        # ``what`` names no user: the key is a user id, which is never logged
        self._requesters: Refreshed[str, Requester] = Refreshed(
            self._fetch_requester, refresh_s=refresh_s, fallback=Requester(unknown=SLACK_UNREACHABLE), keep_last=True,
            what="a user's e-mail address (users.info)")

    def members(self, group: str) -> frozenset[str]:
        """The members of user group ``group`` (the last known ones if Slack fails; none if never known)."""
        return self._members.get(group) if self.client is not None else frozenset()

    def groups_of(self, user: str, groups: Iterable[str]) -> frozenset[str]:
        """Those of ``groups`` that ``user`` is a member of."""
        return frozenset(g for g in dict.fromkeys(groups) if user in self.members(g))

    def is_shared(self, channel: str) -> bool:
        """Whether ``channel`` is shared with other organisations (Slack Connect), or about to be
        (an invitation pending); True when Slack can't say."""
        return self._shared.get(channel) if self.client is not None else True

    def requester(self, user: str) -> Requester:
        """Who ``user`` is in the requests data: the keys of their Slack e-mail address, hashed the
        moment Slack gives it (the address itself is neither kept nor logged).  Not known, with the
        reason, when Slack gives no address (the app lacks ``users:read.email``, or a bot or guest
        without one) or can't be reached (then the last known keys are kept, if any)."""
        if self.client is None or self.hasher is None:
            return NOBODY
        return self._requesters.get(user)

    def _fetch_members(self, group: str) -> frozenset[str]:
        assert self.client is not None
        users = self.client.usergroups_users_list(usergroup=group).get("users")
        if not isinstance(users, list):
            raise TypeError("no list of users in the answer")
        return frozenset(str(u) for u in users)

    def _fetch_shared(self, channel: str) -> bool:
        assert self.client is not None
        info = self.client.conversations_info(channel=channel)["channel"]
        return bool(info.get("is_ext_shared") or info.get("is_pending_ext_shared"))

    def _fetch_requester(self, user: str) -> Requester:
        assert self._users_client is not None and self.hasher is not None
        try:
            info = self._users_client.users_info(user=user)["user"]
        except SlackApiError as exc:
            if exc.response.get("error") not in _SCOPE_ERRORS:
                raise  # an outage: Refreshed keeps the last known keys
            log.warning("users.info refused (%s): the Slack app needs the users:read and users:read.email scopes "
                        "for \"my requests\"", exc.response.get("error"))
            return Requester(unknown=NO_EMAIL)
        if not isinstance(info, dict):
            raise TypeError("no user in the answer")
        profile = info.get("profile")
        email = profile.get("email") if isinstance(profile, dict) else None
        return self.hasher.requester_of(email if isinstance(email, str) else None, unknown=NO_EMAIL)


class AllowList:
    """Who may ask: a user may if they are allowed (or no user list is set) and, outside DMs, the
    channel is allowed (or no channel list is set).  User groups' members come from the
    :class:`SlackDirectory` (with none known, group members are refused rather than let through)."""

    def __init__(self, *, channels: Iterable[str] = (), users: Iterable[str] = (), usergroups: Iterable[str] = (),
                 directory: SlackDirectory | None = None) -> None:
        self.channels = frozenset(channels)
        self.users = frozenset(users)
        self.usergroups = tuple(usergroups)
        self.directory = directory

    @property
    def restricts_users(self) -> bool:
        return bool(self.users or self.usergroups)

    def allows(self, user: str | None, channel: str | None, *, is_dm: bool = False) -> bool:
        if self.channels and not is_dm and channel not in self.channels:
            return False
        if not self.restricts_users:
            return True
        return bool(user) and (user in self.users or user in self.group_members())

    def group_members(self) -> frozenset[str]:
        if self.directory is None:
            return frozenset()
        return frozenset().union(*(self.directory.members(g) for g in self.usergroups))


def policy_usergroups(policy: AccessPolicy) -> tuple[str, ...]:
    """Every user group the policy grants a scope to (in order, once each)."""
    return tuple(dict.fromkeys(g for s in policy.scopes for g in s.grant.usergroups))


def viewer_for(directory: SlackDirectory, policy: AccessPolicy | None, *, place: Place, user: str,
               channel: str | None, with_requester: bool = True) -> Viewer:
    """The viewer of a question asked by ``user`` whose answer is read in ``place``.  Only what is
    needed is looked up: where only the asker reads the answer, who they are in the requests data
    (`SlackDirectory.requester`, for "my requests": never for a channel, where everyone reads it)
    and their groups among those the policy names (personal grants); where channel grants apply,
    whether the channel is shared.  ``with_requester=False`` where nothing is answered (App Home's
    examples): the user's e-mail isn't asked for."""
    personal = place != "channel"
    requester = directory.requester(user) if personal and with_requester else NOBODY
    if policy is None or not policy.scopes:
        return Viewer(place, user=user, channel=channel, requester=requester)
    groups = directory.groups_of(user, policy_usergroups(policy)) if personal else frozenset()
    shared = place == "channel" and (channel is None or directory.is_shared(channel))
    return Viewer(place, user=user, channel=channel, usergroups=groups, shared_channel=shared, requester=requester)


def visibility_for_question(directory: SlackDirectory, policy: AccessPolicy | None, *, place: Place, user: str,
                            channel: str | None, with_requester: bool = True) -> Visibility:
    """What the answer to ``user``'s question, read in ``place``, may use (see `viewer_for`)."""
    return visibility_for(policy, viewer_for(directory, policy, place=place, user=user, channel=channel,
                                             with_requester=with_requester))

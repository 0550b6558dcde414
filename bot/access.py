"""Who may ask: allow-lists of channels, users and user groups (empty = everyone).

User groups are resolved to their members with ``usergroups.users.list`` and cached for
``refresh_s``; if Slack can't be reached, the last known members are kept (and with none known
yet, group members are refused rather than let through).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

REFUSAL = ("Sorry, askdesk isn't enabled for you or in this conversation. "
           "Ask your Slack admin to add you (or this channel) to askdesk's allow-list.")


class AccessPolicy:
    def __init__(self, *, channels: Iterable[str] = (), users: Iterable[str] = (), usergroups: Iterable[str] = (),
                 client: WebClient | None = None, refresh_s: float = 300.0) -> None:
        self.channels = frozenset(channels)
        self.users = frozenset(users)
        self.usergroups = tuple(usergroups)
        self.client = client
        self.refresh_s = refresh_s
        self._members: frozenset[str] = frozenset()
        self._loaded_at = float("-inf")
        self._lock = threading.Lock()

    @property
    def restricts_users(self) -> bool:
        return bool(self.users or self.usergroups)

    def allows(self, user: str | None, channel: str | None, *, is_dm: bool = False) -> bool:
        """A user may ask if they are allowed (or no user list is set) and, outside DMs, the channel
        is allowed (or no channel list is set)."""
        if self.channels and not is_dm and channel not in self.channels:
            return False
        if not self.restricts_users:
            return True
        return bool(user) and (user in self.users or user in self.group_members())

    def group_members(self) -> frozenset[str]:
        if not self.usergroups or self.client is None:
            return frozenset()
        if time.monotonic() - self._loaded_at < self.refresh_s:
            return self._members
        with self._lock:
            if time.monotonic() - self._loaded_at >= self.refresh_s:
                self._members = self._fetch()
                self._loaded_at = time.monotonic()
        return self._members

    def _fetch(self) -> frozenset[str]:
        members: set[str] = set()
        assert self.client is not None
        for group in self.usergroups:
            try:
                members.update(self.client.usergroups_users_list(usergroup=group).get("users", []))
            except SlackApiError as exc:
                log.warning("could not list members of user group %s (%s); keeping the last known members",
                            group, exc.response.get("error"))
                return self._members
        return frozenset(members)

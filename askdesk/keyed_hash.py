"""Keyed hashes of the one configured secret (``settings.sanitiser.secret``), one sub-key per use.

askdesk hashes four kinds of values with that secret: people's names (the sanitiser's
pseudonyms and its known-names set), user ids (Slack and terminal users of votes and answers),
source rows (the change hash of every indexed row) and requester identities (the e-mail or login
that says who raised a request, and the asker's, for "my requests").  Each use gets its own **domain**, and
each domain its own sub-key::

    sub_key = HMAC-SHA256(secret, "askdesk/<domain>/v1")          # [+ "\\0" + context]
    hash    = HMAC-SHA256(sub_key, value)

so the same value hashed for two uses gives two unrelated hashes (a user id that happens to
equal a person's name does not link the two tables), and no hash is ever made with the raw
secret.  ``context`` narrows a domain further (the row hash adds the mapping's fingerprint, so
changing the mapping changes every row's hash).  The ``v1`` in the label is there so a future
change of scheme can run side by side with this one.

Changing the secret, or this module's labels, changes every hash: the pseudonyms stored in the
index, the user hashes of stored votes and the row hashes that tell changed rows from unchanged
ones.  See ``docs/indexing.md`` ("Upgrading").
"""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum

__all__ = ["Domain", "KeyedHasher", "derive_key"]


class Domain(StrEnum):
    """What a keyed hash is for; each gets its own sub-key of the secret."""

    #: the sanitiser's ``person_<8 hex>`` pseudonyms and its known-names hashes
    PSEUDONYM = "pseudonym"
    #: ``u_<16 hex>`` user hashes of answers, votes and the Slack inbox
    USER = "user"
    #: the change hash of a source row (``requests.source_hash``)
    ROW = "row"
    #: who raised a request (``requests.requester_key``) and who asks ("my requests"): an e-mail
    #: address or login, hashed so that neither is stored
    REQUESTER = "requester"


def _as_bytes(value: str | bytes) -> bytes:
    # surrogatepass: a lone surrogate (a broken source cell) hashes instead of raising; valid
    # text gives the same bytes as plain UTF-8
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def derive_key(secret: str | bytes, domain: Domain, context: str | bytes = b"") -> bytes:
    """The 32-byte sub-key of ``domain`` (and ``context``, if given) under ``secret``."""
    if not secret:
        raise ValueError("the secret of a keyed hash must not be empty")
    label = f"askdesk/{Domain(domain).value}/v1".encode("ascii")
    if context:
        label += b"\0" + _as_bytes(context)  # the labels hold no NUL, so label and context can't be confused
    return hmac.new(_as_bytes(secret), label, hashlib.sha256).digest()


class KeyedHasher:
    """HMAC-SHA256 of values under one domain's sub-key.

    Picklable (it holds only the 32-byte sub-key, never the secret); neither ``repr`` nor
    ``str`` shows the key.  Thread-safe: every call starts from a copy of the keyed state.
    """

    __slots__ = ("_base", "_key", "domain")

    def __init__(self, secret: str | bytes, domain: Domain, *, context: str | bytes = b"") -> None:
        self.domain = Domain(domain)
        self._key = derive_key(secret, self.domain, context)
        self._base = hmac.new(self._key, digestmod=hashlib.sha256)

    def digest(self, value: str | bytes) -> bytes:
        h = self._base.copy()
        h.update(_as_bytes(value))
        return h.digest()

    def hexdigest(self, value: str | bytes) -> str:
        """64 lowercase hex digits."""
        h = self._base.copy()
        h.update(_as_bytes(value))
        return h.hexdigest()

    def __repr__(self) -> str:
        return f"KeyedHasher(domain={self.domain.value!r})"

    def __getstate__(self) -> dict[str, object]:
        return {"domain": self.domain, "key": self._key}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.domain = state["domain"]  # type: ignore[assignment]
        self._key = state["key"]  # type: ignore[assignment]
        self._base = hmac.new(self._key, digestmod=hashlib.sha256)

"""Who raised a request, and who is asking: the link behind "my requests".

The mapping may name a requester identity column (an e-mail address or a login).  Its value is
PII, so askdesk never stores it: indexing keeps only a keyed hash of it (`requests.requester_key`,
:class:`RequesterHasher.key_of`).  The asker's identity is hashed the same way the moment it is
known (the Slack user's e-mail from ``users.info``, the terminal's configured e-mail), and a
question about "my requests" is answered over the requests whose key is one of the asker's.

Both sides reduce an identity to a canonical form before hashing, under the ``requester`` domain
of the one secret (`askdesk.keyed_hash`):

* ``email``: the whole address, trimmed and case-folded (``Ann.Lee@Corp.com`` = ``ann.lee@corp.com``);
* ``login``: the account name alone, trimmed and case-folded, without a Windows ``DOMAIN\\``
  prefix or an ``@domain`` suffix (``CORP\\alee`` = ``alee@corp.com`` = ``ALee``).

The mapping says which form its column holds; the asker's e-mail gives both forms, so the bot
needs no copy of the mapping.  An e-mail or login is never logged, stored or put in a prompt:
only its key is kept, and only where the answer is read by the asker alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from askdesk.keyed_hash import Domain, KeyedHasher

IdentityForm = Literal["email", "login"]
#: hex digits kept of a requester key (128 bits: no collisions among any helpdesk's people)
KEY_CHARS = 32
_MAX_IDENTITY_CHARS = 320  # the longest valid e-mail address

#: why the asker's own requests can't be picked out, by the commonest cause
UNKNOWN_IDENTITY = ("I don't know who you are in the requests data, so I can't pick out your requests "
                    "(answering with everyone's would answer another question).")
IN_A_CHANNEL = ("I answer about your own requests only where you alone read the answer: ask me in a "
                "direct message.")

#: the terminal chat and ``askdesk ask`` run as a configured identity
TERMINAL_NO_EMAIL = ("I don't know who you are in the requests data: set ASKDESK_ACCESS__EMAIL to your e-mail "
                     "address to ask about your own requests here.")
TERMINAL_EMAIL_UNUSABLE = "ASKDESK_ACCESS__EMAIL is not an e-mail address, so I can't pick out your requests."


def canonical(value: str, form: IdentityForm) -> str | None:
    """``value`` in the canonical ``form`` (None: it isn't one, e.g. an e-mail without ``@``)."""
    text = value.strip().casefold()
    if not text or len(text) > _MAX_IDENTITY_CHARS or any(ch.isspace() for ch in text):
        return None
    if form == "email":
        local, at, domain = text.rpartition("@")
        return text if at and local and domain else None
    login = text.rsplit("\\", 1)[-1].split("@", 1)[0]
    return login or None


class RequesterHasher:
    """Keyed hashes of requester identities (picklable: holds the domain's sub-key, not the secret)."""

    def __init__(self, secret: str | bytes) -> None:
        self._hasher = KeyedHasher(secret, Domain.REQUESTER)

    def _key(self, form: IdentityForm, canonical_value: str) -> str:
        return self._hasher.hexdigest(f"{form}:{canonical_value}")[:KEY_CHARS]

    def key_of(self, value: str | None, form: IdentityForm) -> str | None:
        """The key of a source row's identity cell (None: empty, or not a valid ``form``)."""
        if value is None:
            return None
        text = canonical(value, form)
        return None if text is None else self._key(form, text)

    def keys_of_email(self, email: str | None) -> tuple[str, ...]:
        """The keys an asker's e-mail address matches: as an e-mail, and as a login (its local
        part), so either form of requester column finds their requests.  Empty: not an address."""
        address = canonical(email or "", "email")
        if address is None:
            return ()
        login = canonical(address, "login")
        keys = [self._key("email", address)]
        if login:
            keys.append(self._key("login", login))
        return tuple(keys)

    def requester_of(self, email: str | None, *, unknown: str) -> Requester:
        """The asker with this e-mail address, or, when it isn't one, nobody known, for ``unknown``."""
        keys = self.keys_of_email(email)
        return Requester(keys) if keys else Requester(unknown=unknown)


@dataclass(frozen=True)
class Requester:
    """The asker as the requests data knows them: the keys of their identity, or why there are
    none (said when a question asks about their own requests).  Holds no e-mail or login."""

    keys: tuple[str, ...] = ()
    unknown: str = UNKNOWN_IDENTITY

    @property
    def known(self) -> bool:
        return bool(self.keys)

    def __repr__(self) -> str:  # the keys are pseudonymous: keep them out of reprs and logs
        return f"Requester(known={self.known})"


#: nobody in particular: the requests data can't be matched to the asker
NOBODY = Requester()


__all__ = ["IN_A_CHANNEL", "KEY_CHARS", "NOBODY", "TERMINAL_EMAIL_UNUSABLE", "TERMINAL_NO_EMAIL", "UNKNOWN_IDENTITY", "IdentityForm", "Requester",
           "RequesterHasher", "canonical"]

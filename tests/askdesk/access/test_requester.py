"""Requester identities: canonical forms, and keys that match across the two sides."""

from __future__ import annotations

import pickle

import pytest

from askdesk.access.requester import KEY_CHARS, Requester, RequesterHasher, canonical
from askdesk.keyed_hash import Domain, KeyedHasher


@pytest.mark.parametrize(("value", "form", "expected"), [
    ("  Ann.Lee@Corp.COM ", "email", "ann.lee@corp.com"),
    ("ann.lee", "email", None),
    ("@corp.com", "email", None),
    ("ann lee@corp.com", "email", None),
    ("", "email", None),
    ("CORP\\ALee", "login", "alee"),
    ("alee@corp.com", "login", "alee"),
    (" ALee ", "login", "alee"),
    ("CORP\\", "login", None),
])
def test_canonical_forms(value, form, expected) -> None:
    assert canonical(value, form) == expected


def test_an_asker_s_e_mail_matches_both_forms_of_requester_column() -> None:
    h = RequesterHasher("secret")
    keys = h.keys_of_email("Ann.Lee@Corp.com")
    assert keys == (h.key_of("ann.lee@corp.com", "email"), h.key_of("CORP\\ann.lee", "login"))
    assert all(len(k) == KEY_CHARS for k in keys)
    assert h.keys_of_email("not an address") == () and h.keys_of_email(None) == ()
    # a login never matches an e-mail key: the forms are hashed apart
    assert h.key_of("ann.lee@corp.com", "email") != h.key_of("ann.lee@corp.com", "login")


def test_keys_depend_on_the_secret_and_not_on_other_domains() -> None:
    a, b = RequesterHasher("one"), RequesterHasher("two")
    assert a.key_of("x@y.z", "email") != b.key_of("x@y.z", "email")
    assert a.key_of("x@y.z", "email") not in KeyedHasher("one", Domain.USER).hexdigest("email:x@y.z")
    assert pickle.loads(pickle.dumps(a)).key_of("x@y.z", "email") == a.key_of("x@y.z", "email")


def test_a_requester_s_repr_shows_no_keys() -> None:
    r = Requester(("abc123",))
    assert r.known and "abc123" not in repr(r) and not Requester().known

"""Keyed hashes: one sub-key of the secret per use, and every keyed hash in askdesk goes through it."""

from __future__ import annotations

import hashlib
import hmac
import json
import pickle

import pytest

from askdesk.keyed_hash import Domain, KeyedHasher, derive_key

SECRET = "correct-horse-battery-staple"
VALUES = ["Ann Lee", "U0123ABC", '{"id": "REQ-1"}', "", "naïve café ☕"]


def test_each_domain_gives_its_own_hash_of_the_same_value() -> None:
    for value in VALUES:
        hashes = {d: KeyedHasher(SECRET, d).hexdigest(value) for d in Domain}
        assert len(set(hashes.values())) == len(Domain), value
    assert len({derive_key(SECRET, d) for d in Domain}) == len(Domain)


def test_same_domain_and_secret_is_stable() -> None:
    for d in Domain:
        first, second = KeyedHasher(SECRET, d), KeyedHasher(SECRET, d)
        for value in VALUES:
            assert first.hexdigest(value) == second.hexdigest(value) == first.hexdigest(value.encode())
            assert first.digest(value).hex() == first.hexdigest(value)
    assert pickle.loads(pickle.dumps(KeyedHasher(SECRET, Domain.ROW))).hexdigest("x") == KeyedHasher(
        SECRET, Domain.ROW).hexdigest("x")


def test_a_different_secret_or_context_changes_the_hash() -> None:
    for d in Domain:
        assert KeyedHasher(SECRET, d).hexdigest("Ann Lee") != KeyedHasher(SECRET + "!", d).hexdigest("Ann Lee")
    row = KeyedHasher(SECRET, Domain.ROW).hexdigest("cells")
    assert KeyedHasher(SECRET, Domain.ROW, context="mapping-a").hexdigest("cells") not in (
        row, KeyedHasher(SECRET, Domain.ROW, context="mapping-b").hexdigest("cells"))


def test_the_documented_construction() -> None:
    """sub_key = HMAC-SHA256(secret, "askdesk/<domain>/v1" [+ NUL + context]); hash = HMAC-SHA256(sub_key, value).
    Pinned: changing it changes every stored pseudonym, user hash and row hash."""
    for d in Domain:
        sub = hmac.new(SECRET.encode(), f"askdesk/{d.value}/v1".encode(), hashlib.sha256).digest()
        assert KeyedHasher(SECRET, d).hexdigest("Ann Lee") == hmac.new(sub, b"Ann Lee", hashlib.sha256).hexdigest()
        # never the raw secret as the key (what askdesk did before domains)
        assert KeyedHasher(SECRET, d).hexdigest("Ann Lee") != hmac.new(SECRET.encode(), b"Ann Lee", hashlib.sha256).hexdigest()
    sub = hmac.new(SECRET.encode(), b"askdesk/row/v1\0fp", hashlib.sha256).digest()
    assert KeyedHasher(SECRET, Domain.ROW, context="fp").hexdigest("c") == hmac.new(sub, b"c", hashlib.sha256).hexdigest()


def test_the_secret_never_shows() -> None:
    secret = "s3cr3t-0f-th3-d3pl0ym3nt"
    for d in Domain:
        h = KeyedHasher(secret, d)
        for value in [*VALUES, secret]:
            out = h.hexdigest(value)
            assert secret not in out and secret.encode().hex() not in out
            assert secret.encode() not in h.digest(value)
        shown = repr(h) + str(h)
        assert secret not in shown and h._key.hex() not in shown
        assert secret.encode() not in pickle.dumps(h)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        KeyedHasher("", Domain.USER)
    with pytest.raises(ValueError):
        KeyedHasher(SECRET, "nope")
    assert KeyedHasher(SECRET, "user").hexdigest("x") == KeyedHasher(SECRET, Domain.USER).hexdigest("x")
    # a lone surrogate (a broken source cell) hashes instead of raising
    assert len(KeyedHasher(SECRET, Domain.ROW).hexdigest("bad \udcff cell")) == 64


def test_every_keyed_hash_of_askdesk_uses_its_domain() -> None:
    """The user hash, the row hash and the pseudonyms are made with their own sub-keys."""
    from askdesk.feedback import user_hash
    from askdesk.sanitise import Sanitiser, SanitiserConfig
    from indexing.mapping import Mapping
    from tests.support.settings import SAMPLE_MAPPING

    assert user_hash(SECRET, "U0123ABC") == "u_" + KeyedHasher(SECRET, Domain.USER).hexdigest("U0123ABC")[:16]

    mapping = Mapping.load(SAMPLE_MAPPING)
    parser = mapping.parser(mapping.resolve_columns(mapping.columns()), secret=SECRET, max_text_chars=1000)
    raw = {c: f"value of {c}" for c in mapping.columns()}
    payload = json.dumps(raw, sort_keys=True, default=str, ensure_ascii=False)
    row = KeyedHasher(SECRET, Domain.ROW, context=mapping.fingerprint())
    assert parser.source_hash(raw) == row.hexdigest(payload)[:32]

    san = Sanitiser(SanitiserConfig(secret=SECRET, entities=("EMAIL_ADDRESS",)))  # no NER: loads in ms
    assert san.pseudonym("  Ann  LEE. ") == "person_" + KeyedHasher(SECRET, Domain.PSEUDONYM).hexdigest("ann lee")[:8]
    san.remember_names(["Ann Lee"])
    assert san.known_name_hashes() == {KeyedHasher(SECRET, Domain.PSEUDONYM).hexdigest("ann lee")}

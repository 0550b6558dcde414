"""secret_values: the judgement the secret recognisers share (is this value a secret, a
placeholder, a common word, a date, a ticket number?) and the entropy measure."""

from __future__ import annotations

import pytest

from askdesk.sanitise.recognizers.secret_values import (
    high_entropy,
    looks_like_reference,
    looks_like_secret,
    shannon_entropy,
)


@pytest.mark.parametrize(
    "value",
    ["Tr0ub4dor&3x", "Summer2024!", "hunter2", "P@ssw0rd1", "Conf-2024!", "8f3kL9x2Qp", "Pa$$word", "Matkhau@123"],
)
def test_mixed_values_are_secrets_with_or_without_a_joiner(value: str) -> None:
    assert looks_like_secret(value, after_joiner=True)
    assert looks_like_secret(value, after_joiner=False)


@pytest.mark.parametrize("word", ["Quokka", "Xylophonic", "Zzyzx"])
def test_a_rare_plain_word_needs_a_joiner(word: str) -> None:
    assert looks_like_secret(word, after_joiner=True)  # "the password is Quokka"
    assert not looks_like_secret(word, after_joiner=False)  # "password Quokka"


@pytest.mark.parametrize(
    "word", ["expired", "correct", "reset", "locked", "Windows", "Outlook", "manager", "changed", "tickets?", "expired!"]
)
def test_common_words_are_never_secrets(word: str) -> None:
    assert not looks_like_secret(word, after_joiner=True, digits_alone=True)


@pytest.mark.parametrize(
    "value",
    [
        "<SECRET>",
        "person_1a2b3c4d",
        "****",
        "xxxx",
        "----",
        "[redacted]",
        "removed",
        "sent separately",
        "n/a",
        "none",
        "NULL",
        "TBC",
    ],
)
def test_placeholders_are_no_secrets(value: str) -> None:
    assert not looks_like_secret(value, after_joiner=True, digits_alone=True)


@pytest.mark.parametrize("value", ["12/03/2024", "2024-03-12", "12.03.2024", "10:30", "10:30:45", "9:15 am"])
def test_dates_and_times_are_no_secrets(value: str) -> None:
    assert not looks_like_secret(value, after_joiner=True, digits_alone=True)


def test_digits_alone() -> None:
    # a PIN or a code takes digits alone
    assert looks_like_secret("4821", after_joiner=False, digits_alone=True)
    assert not looks_like_secret("4821", after_joiner=True, digits_alone=False)  # "password is 4821": too short
    # a password of digits needs a joiner and six of them ("password is 12345678")
    assert looks_like_secret("12345678", after_joiner=True)
    assert not looks_like_secret("12345678", after_joiner=False)
    assert not looks_like_secret("12", after_joiner=True, digits_alone=True)  # "PIN: 12" is too short


def test_length_limits_and_passphrases() -> None:
    assert not looks_like_secret("ab1", after_joiner=True, digits_alone=True)
    assert not looks_like_secret("a1" * 101, after_joiner=True)
    assert looks_like_secret("correct horse battery staple", after_joiner=True)
    assert not looks_like_secret("correct horse battery staple", after_joiner=False)
    assert not looks_like_secret("a b c", after_joiner=True)  # too short for a passphrase


@pytest.mark.parametrize("value", ["INC0012345", "CHG0031234", "HD-4512", "KB5034441", "LT-04512", "0x80070005", " RITM0012345 "])
def test_references(value: str) -> None:
    assert looks_like_reference(value)


@pytest.mark.parametrize("value", ["Spring#2024", "GUEST2024x", "ABCDE-FGHIJ-KLMNO-PQRST-UVWXY", "hunter2", "4821", "INC0012345 and"])
def test_not_references(value: str) -> None:
    assert not looks_like_reference(value)


def test_shannon_entropy() -> None:
    assert shannon_entropy("") == 0.0
    assert shannon_entropy("aaaa") == 0.0
    assert shannon_entropy("abcd") == pytest.approx(2.0)
    assert shannon_entropy("aabb") == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("value", "high"),
    [
        ("8d9f7a6b5c4d3e2f1a0b9c8d7e6f5a4b", True),
        ("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", True),
        ("aaaaaaaaaaaaaaaa1", False),  # low entropy
        ("abcdefghijklmnopqrstuvwxyz", False),  # no digit
        ("12345678901234567890", False),  # no letter
        ("a1b2c3d4", False),  # too short
        ("ERR_CONNECTION_RESET", False),
    ],
)
def test_high_entropy(value: str, high: bool) -> None:
    assert high_entropy(value) is high

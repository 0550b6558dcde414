"""PrivateKeyRecognizer: whole private-key blocks (PEM, OpenSSH, PGP, PuTTY), footer included,
blank lines inside included, a block cut short up to where it stops; public material kept."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser
from askdesk.sanitise.recognizers.private_key import PrivateKeyRecognizer
from tests.support.sanitisers import found, full_sanitiser

RSA = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi\nZ1BjP5CE/Wm/Rr500P\n-----END RSA PRIVATE KEY-----"
PKCS8 = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----"
OPENSSH = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAAAABAAAAMwAAAAtzc2gtZWQy\n"
    "-----END OPENSSH PRIVATE KEY-----"
)
EC = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oNl\n-----END EC PRIVATE KEY-----"
#: legacy encrypted PEM: armour headers, then a blank line, then the body
ENCRYPTED = (
    "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\n"
    "hQW8bAl0ZHeqkPCXfjZ8YBXbZ1yY\n-----END RSA PRIVATE KEY-----"
)
#: PGP armour: a blank line (after the optional headers) before the body
PGP = (
    "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBF8Jt3sBCADF3sx1N\nq0Ab7cX2\n=Xx8n\n"
    "-----END PGP PRIVATE KEY BLOCK-----"
)
PUTTY = (
    "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: jdoe@LT-04512\nPublic-Lines: 2\n"
    "AAAAC3NzaC1lZDI1NTE5AAAAIBkg\nPrivate-Lines: 1\nAAAAIFSm2zk\nPrivate-MAC: 5b1f0e8a9c2d"
)


@pytest.fixture(scope="module")
def rec() -> PrivateKeyRecognizer:
    return PrivateKeyRecognizer()


@pytest.mark.parametrize("block", [RSA, PKCS8, OPENSSH, EC, ENCRYPTED, PGP, PUTTY])
def test_the_whole_block_is_found_and_the_words_around_it_kept(rec: PrivateKeyRecognizer, block: str) -> None:
    assert found(rec, block) == [block]
    text = f"Hi team, the server key is below:\n\n{block}\n\nThanks,\nJane"
    assert found(rec, text) == [block]


def test_a_block_pasted_on_one_line(rec: PrivateKeyRecognizer) -> None:
    block = "-----BEGIN RSA PRIVATE KEY----- MIIEowIBAAKCAQEA3Tz2 Z1BjP5CE/Wm -----END RSA PRIVATE KEY-----"
    assert found(rec, f"key: {block} thanks") == [block]


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # no footer: up to the next blank line
        (
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\nAAAAAAABAAAAMwAA\n\nthat is all I have",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\nAAAAAAABAAAAMwAA",
        ),
        # no footer, armour headers and their blank line: the body still goes
        (
            "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBF8Jt3sBCADF3sx1N\n\nthanks",
            "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBF8Jt3sBCADF3sx1N",
        ),
        # no footer, to the end of the text
        ("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq"),
    ],
)
def test_a_block_cut_short(rec: PrivateKeyRecognizer, text: str, secret: str) -> None:
    assert found(rec, text) == [secret]


def test_two_blocks_and_a_certificate_between(rec: PrivateKeyRecognizer) -> None:
    cert = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTAN\n-----END CERTIFICATE-----"
    text = f"{RSA}\n{cert}\n{EC}"
    assert found(rec, text) == [RSA, EC]


@pytest.mark.parametrize(
    "text",
    [
        "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTAN\n-----END CERTIFICATE-----",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBkg jdoe@LT-04512",
        "The private key is missing from the certificate on PRN-3A-01",
        "Error: no PRIVATE KEY found in the PFX (0x80070005)",
    ],
)
def test_public_material_and_prose_are_kept(rec: PrivateKeyRecognizer, text: str) -> None:
    assert found(rec, text) == []


def test_through_the_sanitiser() -> None:
    san: Sanitiser = full_sanitiser()
    assert san.scrub(f"Here is the key:\n{PGP}\nthanks").text == "Here is the key:\n<SECRET>\nthanks"

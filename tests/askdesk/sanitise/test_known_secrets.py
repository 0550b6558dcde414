"""KnownSecretsRecognizer: vendor tokens and keys by their shape (detect-secrets' rules plus
askdesk's extra shapes), wherever they stand, and the look-alikes helpdesk text is full of."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser
from askdesk.sanitise.recognizers.known_secrets import EXTRA_SHAPES, KnownSecretsRecognizer, shape_patterns
from tests.support.sanitisers import found, full_sanitiser

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PjB7_bnM4Y5c"
AZURE_KEY = "abc123def456ghi789jkl012mno345pqr678stu901vwx=="


@pytest.fixture(scope="module")
def rec() -> KnownSecretsRecognizer:
    return KnownSecretsRecognizer()


@pytest.fixture(scope="module")
def san() -> Sanitiser:
    return full_sanitiser()


@pytest.mark.parametrize(
    "token",
    [
        "AKIAIOSFODNN7EXAMPLE",  # AWS access key id
        "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",  # GitHub classic PAT
        "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
        "glpat-abcdefghij0123456789",  # GitLab
        "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",  # Slack bot token
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",  # Stripe, test mode (detect-secrets knows live only)
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "AIzaSyA1234567890abcdefghijklmnopqrstuv",  # Google API key
        "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD",  # OpenAI, 2024 format
        "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH",  # Hugging Face
        "npm_abcdefghijklmnopqrstuvwxyz0123456789",
        "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",  # SendGrid
        JWT,
    ],
)
def test_token_shapes_are_found_whole(rec: KnownSecretsRecognizer, token: str) -> None:
    assert found(rec, token) == [token]
    # in prose, quoted, at the end of a sentence: only the token
    assert found(rec, f"Please revoke {token}, it was posted in Teams.") == [token]
    assert found(rec, f'the key "{token}" leaked') == [token]
    assert found(rec, f"| dev | {token} |") == [token]


def test_a_jwt_is_taken_to_its_end_without_the_full_stop(rec: KnownSecretsRecognizer) -> None:
    # detect-secrets' JWT rule stops early (lazy last part); the recogniser runs on to the end
    assert found(rec, f"Token was {JWT}.") == [JWT]


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # the key name stays, only the value goes
        (f"DefaultEndpointsProtocol=https;AccountName=st1;AccountKey={AZURE_KEY};EndpointSuffix=core.windows.net", AZURE_KEY),
        (
            "https://st1.blob.core.windows.net/c/f.pdf?sv=2022-11-02&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%2B%2F%3D",
            "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%2B%2F%3D",
        ),
        # a password in a URL: only the password, the user and host stay
        ("clone https://admin:S3cr3tPass@git.example.com/repo.git fails", "S3cr3tPass"),
        ("https://jdoe:Hunter2!@intranet.example.com/ gives 401", "Hunter2!"),
    ],
)
def test_only_the_value_of_a_keyed_shape_is_found(rec: KnownSecretsRecognizer, text: str, secret: str) -> None:
    assert found(rec, text) == [secret]


@pytest.mark.parametrize(
    "text",
    [
        "Join: https://teams.microsoft.com/l/meetup-join/19:meeting_NjQ5ZTk0@thread.v2/0",
        "http://localhost:8080/app",
        "sftp://fs01:22/finance",
        "ldap://dc01.corp.example.com:389",
        "ssh jdoe@10.1.2.3 -p 2222",
        "mailto:jane@example.com",
        "GUID 3F2504E0-4F89-11D3-9A0C-0305E82C3301",
        "SHA256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "My KB5034441 update failed with 0x80070005 (INC0012345)",
        "Office 16.0.17928.20114 on Windows 10 Enterprise",
        "ERR_CONNECTION_RESET",
        "serial number 5CG1234XYZ, asset LT-04512, printer PRN-3A-01",
        "Product ID: 00330-80000-00000-AA123",
        "UPS asset tag AP12345678901",  # Artifactory's shape: left out on purpose
        "ping 8.8.8.8",  # public IPs are the IP recogniser's
        "password reset, token expired",
    ],
)
def test_look_alikes_are_kept(rec: KnownSecretsRecognizer, text: str) -> None:
    assert found(rec, text) == []


def test_rules_come_from_detect_secrets_plus_the_extra_shapes() -> None:
    patterns = shape_patterns()
    sources = {p.pattern for p in patterns}
    assert set(EXTRA_SHAPES) <= sources
    # detect-secrets' own rules are there (AWS, Slack...), not only askdesk's
    assert len(patterns) > len(EXTRA_SHAPES) + 10
    assert any("AKIA" in s for s in sources - set(EXTRA_SHAPES))
    assert any(s.startswith("xox") for s in sources)


def test_through_the_sanitiser(san: Sanitiser) -> None:
    assert san.scrub(f"Token was {JWT}, please revoke").text == "Token was <SECRET>, please revoke"
    text = f"AccountName=st1;AccountKey={AZURE_KEY};EndpointSuffix=core.windows.net"
    assert san.scrub(text).text == "AccountName=st1;AccountKey=<SECRET>;EndpointSuffix=core.windows.net"
    assert san.scrub("git push to https://admin:S3cr3tPass@git.example.com/x.git").text == (
        "git push to https://admin:<SECRET>@git.example.com/x.git"
    )

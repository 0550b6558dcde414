"""AuthHeaderRecognizer: the credential after Bearer / Basic / token / apikey, not the words
and version numbers that follow those words in helpdesk text."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser
from askdesk.sanitise.recognizers.auth_header import AuthHeaderRecognizer
from tests.support.sanitisers import found, full_sanitiser


@pytest.fixture(scope="module")
def rec() -> AuthHeaderRecognizer:
    return AuthHeaderRecognizer()


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Authorization: Bearer abcDEF123456ghiJKL", "abcDEF123456ghiJKL"),
        ("Authorization: Basic YWRtaW46cGFzc3dvcmQ=", "YWRtaW46cGFzc3dvcmQ="),
        ('curl -H "Authorization: token 9f8e7d6c5b4a39281706f5e4d3c2b1a0" https://api', "9f8e7d6c5b4a39281706f5e4d3c2b1a0"),
        ("x-api-key header: apikey 0a1b2c3d4e5f6a7b8c9d", "0a1b2c3d4e5f6a7b8c9d"),
        ("I pasted bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_123 in Postman", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_123"),
        ("| header | Bearer 4f9aK2x7Lm0QpZ3w |", "4f9aK2x7Lm0QpZ3w"),
    ],
)
def test_the_credential_alone_is_found(rec: AuthHeaderRecognizer, text: str, secret: str) -> None:
    assert found(rec, text) == [secret]


@pytest.mark.parametrize(
    "text",
    [
        "Bearer authentication fails for the API",
        "use token authentication instead",
        "token expiration is 3600 seconds",
        "Basic troubleshooting done, LT-04512 rebooted",
        "Microsoft 365 Business Basic 16.0.17928.20114 crashes",  # a version, not a token
        "token 12345678901234 from the SMS",  # digits only: the credentials recogniser's call (PIN/OTP words)
        "Bearer abc123",  # too short for a token
        "KB5034441 fails with 0x80070005",
    ],
)
def test_words_and_versions_are_kept(rec: AuthHeaderRecognizer, text: str) -> None:
    assert found(rec, text) == []


def test_through_the_sanitiser() -> None:
    san: Sanitiser = full_sanitiser()
    text = "Postman sends Authorization: Bearer abcDEF123456ghiJKL and gets 401"
    assert san.scrub(text).text == "Postman sends Authorization: Bearer <SECRET> and gets 401"

"""OfflineEmailRecognizer: Presidio's e-mail regex validated offline (internal and IDN top
labels count); a URL's password@host is no address; non-addresses kept."""

from __future__ import annotations

import socket

import pytest

from askdesk.sanitise import Sanitiser
from askdesk.sanitise.recognizers.email import OfflineEmailRecognizer
from tests.support.sanitisers import analysed, full_sanitiser


@pytest.fixture(scope="module")
def rec() -> OfflineEmailRecognizer:
    return OfflineEmailRecognizer()


@pytest.mark.parametrize(
    ("text", "addresses"),
    [
        ("mail jane.doe@example.com please", ["jane.doe@example.com"]),
        ("svc_backup@corp.internal owns the job", ["svc_backup@corp.internal"]),
        ("jdoe@corp.local", ["jdoe@corp.local"]),
        ("Contact: <jane@example.co.uk>", ["jane@example.co.uk"]),
        ("Jane Doe <jane.doe+it@example.com>", ["jane.doe+it@example.com"]),
        ("jane.doe@münchen.de", ["jane.doe@münchen.de"]),
        ("| user | mail |\n| jdoe | jdoe@example.org |", ["jdoe@example.org"]),
        ("Kind regards,\nJane Doe\nIT Service Desk | jane.doe@example.com | ext. 4411", ["jane.doe@example.com"]),
    ],
)
def test_addresses_are_found(rec: OfflineEmailRecognizer, text: str, addresses: list[str]) -> None:
    assert analysed(rec, text) == addresses


@pytest.mark.parametrize(
    "text",
    [
        "jane@localhost",
        "user@10.0.0.1",
        "@microsoft.com",
        "error at line 3 @ 10:30",
        "v1.2@beta",
        "https://admin:S3cr3tPass@git.example.com/repo.git",  # a password and a host, no address
        "PRN-3A-01 KB5034441 0x80070005",
    ],
)
def test_non_addresses_are_kept(rec: OfflineEmailRecognizer, text: str) -> None:
    assert analysed(rec, text) == []


def test_validation_needs_no_network(rec: OfflineEmailRecognizer, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the e-mail recogniser tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    assert analysed(rec, "write to someone@new-tld.example") == ["someone@new-tld.example"]


def test_through_the_sanitiser() -> None:
    san: Sanitiser = full_sanitiser()
    assert san.scrub("mail jane.doe@example.com about KB5034441").text == "mail <EMAIL> about KB5034441"

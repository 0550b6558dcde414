"""HostnameRecognizer: internal FQDNs under the configured domains, the same hosts' bare names
and UNC servers; public host names and ordinary words kept; nothing without internal domains."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser
from askdesk.sanitise.recognizers.hostname import HostnameRecognizer
from tests.support.sanitisers import found, full_sanitiser


@pytest.fixture(scope="module")
def rec() -> HostnameRecognizer:
    return HostnameRecognizer(["corp.example.com", "ad.example.org"])


@pytest.mark.parametrize(
    ("text", "hosts"),
    [
        ("fs01.corp.example.com is down", ["fs01.corp.example.com"]),
        ("FS01.CORP.EXAMPLE.COM is down", ["FS01.CORP.EXAMPLE.COM"]),
        ("dc02.ad.example.org rejects logins", ["dc02.ad.example.org"]),
        ("https://intranet.corp.example.com/hr/page is slow", ["intranet.corp.example.com"]),
        ("app.eu.corp.example.com:8443 times out", ["app.eu.corp.example.com"]),
        ("ping fs01.corp.example.com.", ["fs01.corp.example.com"]),
        ("| host | status |\n| db02.corp.example.com | down |", ["db02.corp.example.com"]),
        # the same host named bare elsewhere in the text
        ("fs01.corp.example.com is down and fs01 does not ping", ["fs01.corp.example.com", "fs01"]),
        ("the server FS01 is slow (fs01.corp.example.com)", ["FS01", "fs01.corp.example.com"]),
        # UNC paths: the server part only
        ("\\\\fs01\\finance is not mapped; fs01 was fine yesterday", ["fs01", "fs01"]),
        ("\\\\srv-hr-02.corp.example.com\\share\\file.xlsx", ["srv-hr-02.corp.example.com"]),
    ],
)
def test_internal_hosts_are_found(rec: HostnameRecognizer, text: str, hosts: list[str]) -> None:
    assert found(rec, text) == hosts


@pytest.mark.parametrize(
    ("text", "hosts"),
    [
        # a bare label that is an ordinary word stays wherever it is not a host name
        ("mail.corp.example.com is down, I cannot send mail", ["mail.corp.example.com"]),
        ("The intranet is slow: https://intranet.corp.example.com/hr", ["intranet.corp.example.com"]),
        ("vpn.corp.example.com rejects me; the VPN client says auth failed", ["vpn.corp.example.com"]),
        ("portal.corp.example.com: the portal shows error 500", ["portal.corp.example.com"]),
    ],
)
def test_service_words_are_kept_outside_the_host_name(rec: HostnameRecognizer, text: str, hosts: list[str]) -> None:
    assert found(rec, text) == hosts


@pytest.mark.parametrize(
    "text",
    [
        "sign in at portal.example.com",
        "login.microsoftonline.com is slow",
        "outlook.office365.com keeps asking for my password",
        "corp.example.com",  # the domain itself names no host
        "jdoe@corp.example.com",  # an e-mail address: the e-mail recogniser's
        "jdoe@fs01.corp.example.com",
        "fs01.corp.example.community",
        "notcorp.example.com.evil.net",
        "fs01 is down",  # no FQDN or UNC path in the text: nothing says fs01 is a host
        "printer PRN-3A-01 and laptop LT-04512 are offline",
        "C:\\Users\\jdoe\\Documents",
    ],
)
def test_public_hosts_and_plain_text_are_kept(rec: HostnameRecognizer, text: str) -> None:
    assert found(rec, text) == []


def test_nothing_without_internal_domains() -> None:
    rec = HostnameRecognizer(())
    assert found(rec, "fs01.corp.example.com and \\\\fs01\\share") == []


def test_through_the_sanitiser() -> None:
    san: Sanitiser = full_sanitiser()
    text = "Cannot map \\\\fs01\\finance; fs01.corp.example.com answers ping, login.microsoftonline.com is fine"
    assert san.scrub(text).text == "Cannot map \\\\<HOST>\\finance; <HOST> answers ping, login.microsoftonline.com is fine"

"""ObfuscatedEmailRecognizer: addresses written "at"/"dot" style; "sign in at portal..." and
other prose with "at" kept, plain addresses left to the e-mail recogniser."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser
from askdesk.sanitise.recognizers.obfuscated_email import ObfuscatedEmailRecognizer
from tests.support.sanitisers import found, full_sanitiser


@pytest.fixture(scope="module")
def rec() -> ObfuscatedEmailRecognizer:
    return ObfuscatedEmailRecognizer()


@pytest.mark.parametrize(
    ("text", "addresses"),
    [
        ("mail me: jane dot doe at example dot com, thanks", ["jane dot doe at example dot com"]),
        ("jane.doe [at] example [dot] com", ["jane.doe [at] example [dot] com"]),
        ("jane(at)example.com", ["jane(at)example.com"]),
        ("jane{at}example{dot}org", ["jane{at}example{dot}org"]),
        ("jane.doe [@] example.co.uk", ["jane.doe [@] example.co.uk"]),
        ("write to jdoe at example.com", ["jdoe at example.com"]),
        ("j.doe at example.com", ["j.doe at example.com"]),
        ("support at help dot example dot co dot uk", ["support at help dot example dot co dot uk"]),
        ("| name | mail |\n| Jane | jane (at) corp.local |", ["jane (at) corp.local"]),
    ],
)
def test_obfuscated_addresses_are_found(rec: ObfuscatedEmailRecognizer, text: str, addresses: list[str]) -> None:
    assert found(rec, text) == addresses


@pytest.mark.parametrize(
    "text",
    [
        "sign in at portal.example.com",
        "log in at login.microsoftonline.com",
        "meet at office.example.com",
        "available at www.example.com",
        "look at the logs dot txt",
        "Look at config.yaml",
        "click at settings.json",
        "arrive at 10.30",
        "jane@example.com",  # a plain address: the e-mail recogniser's
        "printer PRN-3A-01 at level 3",
        "the error 0x80070005 at startup",
    ],
)
def test_prose_is_kept(rec: ObfuscatedEmailRecognizer, text: str) -> None:
    assert found(rec, text) == []


def test_through_the_sanitiser() -> None:
    san: Sanitiser = full_sanitiser()
    assert san.scrub("reach me at jane dot doe at example dot com").text == "reach me at <EMAIL>"
    assert san.scrub("sign in at portal.example.com").text == "sign in at portal.example.com"

"""SsnInContextRecognizer: a nine-digit number announced as an SSN (even one the SSA rules
reject) or in a table column headed so; unannounced look-alikes kept."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser
from askdesk.sanitise.recognizers.ssn_context import SsnInContextRecognizer
from tests.support.sanitisers import found, full_sanitiser


@pytest.fixture(scope="module")
def rec() -> SsnInContextRecognizer:
    return SsnInContextRecognizer()


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("SSN: 078-05-1120", ["078-05-1120"]),  # the wallet-card sample Presidio rejects
        ("my SSN is 123 45 6789", ["123 45 6789"]),
        ("social security number 900-12-3456", ["900-12-3456"]),  # a 9xx area: invalid, still hidden
        ("Social Security No. 666-12-3456", ["666-12-3456"]),
        ("SSN 123456789 on the W-4", ["123456789"]),
        ("ssn#: 000-12-3456", ["000-12-3456"]),
        ("SSN #: 078-05-1120", ["078-05-1120"]),
        ("SS# 078.05.1120", ["078.05.1120"]),
        ("SSN | 078-05-1120", ["078-05-1120"]),
        ("| Name | SSN |\n|---|---|\n| Jane | 900-12-3456 |\n| Bob | n/a |", ["900-12-3456"]),
        ("Name\tSocial Security Number\nJane\t900 12 3456", ["900 12 3456"]),
    ],
)
def test_announced_numbers_are_found(rec: SsnInContextRecognizer, text: str, numbers: list[str]) -> None:
    assert found(rec, text) == numbers


@pytest.mark.parametrize(
    "text",
    [
        "ticket 078-05-1120",
        "call 555-123-4567",
        "SSN: 123-45-67890",  # ten digits
        "SSN: 123-45 6789",  # mixed separators
        "SSN field is blank in Workday (INC0012345)",
        "| Ticket | Opened |\n| INC0012345 | 900-12-3456 |",
    ],
)
def test_unannounced_and_malformed_numbers_are_kept(rec: SsnInContextRecognizer, text: str) -> None:
    assert found(rec, text) == []


def test_through_the_sanitiser() -> None:
    san: Sanitiser = full_sanitiser()
    assert san.scrub("SSN: 078-05-1120, ticket INC0012345").text == "SSN: <NATIONAL_ID>, ticket INC0012345"
    # a valid SSN in prose is Presidio's UsSsnRecognizer's; a UK NINO its UkNinoRecognizer's
    assert san.scrub("NI number JG 10 37 41 A").text == "NI number <NATIONAL_ID>"

"""UkPostcodeRecognizer: full UK postcodes with their space, joined ones after a postcode word;
asset tags, KB numbers and other letter/digit codes kept."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser
from askdesk.sanitise.recognizers.postcode import UkPostcodeRecognizer
from tests.support.sanitisers import found, full_sanitiser


@pytest.fixture(scope="module")
def rec() -> UkPostcodeRecognizer:
    return UkPostcodeRecognizer()


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("my postcode is LS6 2AB.", ["LS6 2AB"]),
        ("SW1A 1AA", ["SW1A 1AA"]),
        ("Birmingham B2 4QA", ["B2 4QA"]),
        ("M1 1AE, Manchester", ["M1 1AE"]),
        ("EC1A 1BB", ["EC1A 1BB"]),
        ("GIR 0AA", ["GIR 0AA"]),
        ("Postcode: LS62AB", ["LS62AB"]),
        ("post code LS62AB", ["LS62AB"]),
        ("| town | postcode |\n| Leeds | LS6 2AB |", ["LS6 2AB"]),
        ("Kind regards\nJane\n4 Elm Grove\nLeeds\nLS6 2AB", ["LS6 2AB"]),
    ],
)
def test_postcodes_are_found(rec: UkPostcodeRecognizer, text: str, codes: list[str]) -> None:
    assert found(rec, text) == codes


@pytest.mark.parametrize(
    "text",
    [
        "LS62AB",  # joined, no postcode word
        "KB5034441",
        "printer PRN-3A-01",
        "laptop LT-04512",
        "ticket INC0012345",
        "WIN 10 install",
        "CR2 032",
        "IT 2 LAB",
        "zip 90210",
        "error 0x80070005",
        "Windows 10 Enterprise",
        "ls6 2ab",  # lower case
        "LS6-2AB",
    ],
)
def test_look_alikes_are_kept(rec: UkPostcodeRecognizer, text: str) -> None:
    assert found(rec, text) == []


def test_through_the_sanitiser() -> None:
    san: Sanitiser = full_sanitiser()
    assert san.scrub("My postcode is LS6 2AB, ticket INC0012345").text == "My postcode is <POSTCODE>, ticket INC0012345"

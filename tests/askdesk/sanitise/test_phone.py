"""ShapedPhoneRecognizer: phone numbers in the common shapes (incl. fictional 555 / Ofcom
drama numbers) and phonenumbers' national formats; ids, versions, dates, IPs kept."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser
from askdesk.sanitise.recognizers.phone import ShapedPhoneRecognizer
from tests.support.sanitisers import analysed, full_sanitiser


@pytest.fixture(scope="module")
def rec() -> ShapedPhoneRecognizer:
    return ShapedPhoneRecognizer(supported_regions=("US", "GB"))


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("call me on +44 20 7946 0958 after 3", ["+44 20 7946 0958"]),
        ("mobile: 07700 900123", ["07700 900123"]),
        ("Tel. (555) 123-4567", ["(555) 123-4567"]),
        ("phone 555-123-4567 ext 12", ["555-123-4567"]),
        ("+1-415-555-2671", ["+1-415-555-2671"]),
        ("+49 (0)30 901820", ["+49 (0)30 901820"]),
        ("020 7946 0958", ["020 7946 0958"]),
        ("Kind regards\nJane\nM: 07700900123\nT: 0113 496 0000", ["07700900123", "0113 496 0000"]),
        ("| name | phone |\n| Jane | 07700 900123 |", ["07700 900123"]),
        ("Rufen Sie 030 23125123 an", ["030 23125123"]),
    ],
)
def test_phone_numbers_are_found(rec: ShapedPhoneRecognizer, text: str, numbers: list[str]) -> None:
    assert analysed(rec, text) == numbers


@pytest.mark.parametrize(
    "text",
    [
        "KB5034441",
        "INC0012345",
        "version 16.0.17928.20114",
        "10.20.30.40",
        "Error 0x80070005 at 12/03/2024",
        "2024-03-12 10:30:45",
        "ticket 1234567",
        "order number 123456789",
        "asset tag LT-04512, printer PRN-3A-01",
        "serial 5CG1234XYZ",
        "build 19045.4170",
        "GUID 3F2504E0-4F89-11D3-9A0C-0305E82C3301",
        "employee E-12345",
        "from 09:00 to 17:30",
        "room 301-302",
        "Port 3389, 443, 8080",
        "Windows 10 Enterprise 22H2",
    ],
)
def test_ids_versions_dates_and_ips_are_kept(rec: ShapedPhoneRecognizer, text: str) -> None:
    assert analysed(rec, text) == []


def test_through_the_sanitiser() -> None:
    san: Sanitiser = full_sanitiser()
    text = "Call 07700 900123 about INC0012345 (KB5034441)"
    assert san.scrub(text).text == "Call <PHONE> about INC0012345 (KB5034441)"

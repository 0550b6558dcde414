"""MacAddressRecognizer (optional entity MAC_ADDRESS): colon, dash and Cisco dotted forms;
IPv6 addresses, GUIDs, times and versions kept."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser, SanitiserConfig
from askdesk.sanitise.recognizers.mac_address import MacAddressRecognizer
from tests.support.sanitisers import found, full_sanitiser


@pytest.fixture(scope="module")
def rec() -> MacAddressRecognizer:
    return MacAddressRecognizer()


@pytest.mark.parametrize(
    ("text", "macs"),
    [
        ("the MAC is 00:1A:2B:3C:4D:5E.", ["00:1A:2B:3C:4D:5E"]),
        ("mac 00-1a-2b-3c-4d-5e on the dock", ["00-1a-2b-3c-4d-5e"]),
        ("Cisco shows 001a.2b3c.4d5e on Gi1/0/12", ["001a.2b3c.4d5e"]),
        ("| device | mac |\n| PRN-3A-01 | AA:BB:CC:DD:EE:FF |", ["AA:BB:CC:DD:EE:FF"]),
        ("Physical Address. . . : 3C-52-82-1A-2B-3C", ["3C-52-82-1A-2B-3C"]),
        ("wifi (a4:83:e7:01:02:03) and wired (a4:83:e7:01:02:04)", ["a4:83:e7:01:02:03", "a4:83:e7:01:02:04"]),
    ],
)
def test_mac_addresses_are_found(rec: MacAddressRecognizer, text: str, macs: list[str]) -> None:
    assert found(rec, text) == macs


@pytest.mark.parametrize(
    "text",
    [
        "IPv6 2001:db8::8a2e:370:7334",
        "fe80::1ff:fe23:4567:890a",
        "GUID 3F2504E0-4F89-11D3-9A0C-0305E82C3301",
        "at 10:30:45 the link dropped",
        "version 16.0.17928.20114",
        "error 0x80070005",
        "AA:BB:CC:DD:EE",  # five groups
        "00:1A-2B:3C:4D:5E",  # mixed separators
        "00:1A:2B:3C:4D:5E:6F",  # seven groups (an EUI-64 / WWN, not a MAC)
        "printer PRN-3A-01, laptop LT-04512",
    ],
)
def test_look_alikes_are_kept(rec: MacAddressRecognizer, text: str) -> None:
    assert found(rec, text) == []


def test_off_by_default_and_replaced_when_chosen() -> None:
    text = "dock MAC 00:1A:2B:3C:4D:5E"
    assert full_sanitiser().scrub(text).text == text  # not a default entity
    san = Sanitiser(SanitiserConfig(secret="t", entities=("MAC_ADDRESS",)))
    assert san.scrub(text).text == "dock MAC <MAC>"

"""IpAddressRecognizer: IPv4/IPv6 addresses (with a prefix or zone), validated; version and build
numbers, loopback, netmasks, times and invalid quads kept."""

from __future__ import annotations

import pytest

from askdesk.sanitise import Sanitiser
from askdesk.sanitise.recognizers.ip_address import IpAddressRecognizer
from tests.support.sanitisers import found, full_sanitiser


@pytest.fixture(scope="module")
def rec() -> IpAddressRecognizer:
    return IpAddressRecognizer()


@pytest.mark.parametrize(
    ("text", "addresses"),
    [
        ("my IP is 10.20.30.40 and I cannot reach the share", ["10.20.30.40"]),
        ("ip=192.168.1.15/24", ["192.168.1.15/24"]),
        ("ping 8.8.8.8 works, ping 172.16.5.4 does not", ["8.8.8.8", "172.16.5.4"]),
        ("IP address (10.2.3.4) unreachable.", ["10.2.3.4"]),
        ("RDP to Server: 10.2.3.4:3389 times out", ["10.2.3.4"]),
        ("10.2.3.4, 10.2.3.5 and 10.2.3.6", ["10.2.3.4", "10.2.3.5", "10.2.3.6"]),
        ("| host | ip |\n|---|---|\n| LT-04512 | 172.16.5.4 |", ["172.16.5.4"]),
        ("Hostname\tIP\nLT-04512\t10.9.8.7", ["10.9.8.7"]),
        ("Agent 7.4.1.2 installed on 10.1.2.3", ["10.1.2.3"]),  # the agent's version stays
        ("IPv6 2001:db8::8a2e:370:7334 fails", ["2001:db8::8a2e:370:7334"]),
        ("link-local fe80::1ff:fe23:4567:890a%eth0 only", ["fe80::1ff:fe23:4567:890a%eth0"]),
        ("prefix 2001:db8:abcd::/48 is routed", ["2001:db8:abcd::/48"]),
        ("mapped ::ffff:10.1.2.3 address", ["::ffff:10.1.2.3"]),
    ],
)
def test_addresses_are_found_exactly(rec: IpAddressRecognizer, text: str, addresses: list[str]) -> None:
    assert found(rec, text) == addresses


@pytest.mark.parametrize(
    "text",
    [
        "version 1.2.3.4",
        "Version: 1.2.3.4",
        "v1.2.3.4",
        "build 10.0.0.1",
        "firmware 1.0.0.12",
        "Driver 31.0.101.4502",
        "BIOS 1.15.0.1 update",
        "Office 16.0.17928.20114",
        "Windows 10 Enterprise 22H2 build 19045.4170",
        "KB5034441 failed with 0x80070005",
        "loopback 127.0.0.1 works",
        "subnet mask 255.255.255.0",
        "mask 255.255.240.0",
        "gateway 0.0.0.0",
        "IP: 10.0.0.256",
        "1.2.3.4.5 is an OID",
        "::1 and localhost",
        "at 10:30:45 the link dropped",
        "time 12:30 and 14:45:10",
        "std::vector<int> a::b::c",
        "the MAC is 00:1A:2B:3C:4D:5E",
        "GUID 3F2504E0-4F89-11D3-9A0C-0305E82C3301",
        "ticket INC0012345 on 12.03.2024",
    ],
)
def test_versions_times_and_special_addresses_are_kept(rec: IpAddressRecognizer, text: str) -> None:
    assert found(rec, text) == []


def test_through_the_sanitiser() -> None:
    san: Sanitiser = full_sanitiser()
    text = "VPN gives me 10.20.30.40 but version 1.2.3.4 of the client expects 192.168.0.0/16"
    assert san.scrub(text).text == "VPN gives me <IP> but version 1.2.3.4 of the client expects <IP>"

"""IPv4 and IPv6 addresses (with an optional /prefix), validated by Python's `ipaddress`.

Kept: version numbers written like addresses ("version 1.2.3.4", "build 10.0.0.1"), the
loopback and unspecified addresses and netmasks ("255.255.255.0"), which say nothing about
a network.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer

_V4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w]|\.\d)")
#: (an embedded IPv4 tail first: "::ffff:10.1.2.3" is one address, not "::ffff:10" and a quad)
_V6 = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4})(?:%\w+)?(?:/\d{1,3})?(?![\w:]|\.\d)"
)
_VERSION_BEFORE = re.compile(r"(?i)(?:\bv|\bver\.?|version|build|release|firmware|fw|bios|driver|agent|client|kb)\s*[:#]?\s*$")
_NETMASK_OCTETS = {"0", "128", "192", "224", "240", "248", "252", "254", "255"}


class IpAddressRecognizer(SpanRecognizer):
    ENTITY = "IP_ADDRESS"
    SCORE = 0.9

    def spans(self, text: str) -> Iterator[Span]:
        v6: list[tuple[int, int]] = []
        if text.count(":") >= 2:
            for m in _V6.finditer(text):
                address = m.group().split("/")[0].split("%")[0]
                try:
                    ip6 = ipaddress.IPv6Address(address)
                except ValueError:
                    continue
                if ip6.is_loopback or ip6.is_unspecified:
                    continue
                v6.append(m.span())
                yield m.start(), m.end(), self.SCORE
        if "." in text:
            for m in _V4.finditer(text):
                if any(s <= m.start() < e for s, e in v6):  # the tail of "::ffff:10.1.2.3"
                    continue
                address = m.group().split("/")[0]
                try:
                    ip4 = ipaddress.IPv4Address(address)
                except ValueError:
                    continue
                octets = address.split(".")
                if ip4.is_loopback or ip4.is_unspecified or (octets[0] == "255" and set(octets) <= _NETMASK_OCTETS):
                    continue
                if _VERSION_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                    continue
                yield m.start(), m.end(), self.SCORE

"""Internal host names: FQDNs under the domains the settings name, their bare first labels
elsewhere in the same text, and the server part of UNC paths (``\\\\fs01\\share``).

A bare label counts only when it cannot be an ordinary word: it holds a digit or a hyphen
("fs01", "srv-hr") or is no word at all ("ukfinsrv"). "mail.corp.example.com is down, I cannot
send mail" keeps its last word; the same goes for "intranet", "vpn", "portal"...

Off unless ``internal_domains`` is set: without it askdesk cannot tell an internal server from
a vendor's public one, and public names ("login.microsoftonline.com") are what users search for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from wordfreq import zipf_frequency

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
#: "scheme://user:password@" right before a host: a connection URL, not an e-mail address
_URL_CREDENTIALS = re.compile(r"://[^\s/@]*@$")
_UNC = re.compile(r"\\\\(" + _LABEL + r")(?:\.[A-Za-z0-9.-]+)?\\")


@lru_cache(maxsize=4096)
def _distinctive(label: str) -> bool:
    """A host label that is no ordinary word (so it is safe to replace wherever it stands)."""
    return any(ch.isdigit() or ch == "-" for ch in label) or zipf_frequency(label, "en") < 1.0


class HostnameRecognizer(SpanRecognizer):
    ENTITY = "HOSTNAME"
    SCORE = 0.9

    def __init__(self, internal_domains: Sequence[str]) -> None:
        super().__init__()
        self._domains = tuple(internal_domains)
        alternatives = "|".join(re.escape(d) for d in sorted(self._domains, key=len, reverse=True))
        self._fqdn = re.compile(rf"(?<![\w.-])((?:{_LABEL}\.)+?)(?:{alternatives})(?![\w-]|\.[A-Za-z0-9])", re.IGNORECASE)

    def spans(self, text: str) -> Iterator[Span]:
        if not self._domains:
            return
        labels: set[str] = set()
        fqdns: list[tuple[int, int]] = []
        lowered = text.casefold()
        if any(d in lowered for d in self._domains):
            for m in self._fqdn.finditer(text):
                if m.start() and text[m.start() - 1] == "@" and not _URL_CREDENTIALS.search(text, 0, m.start()):
                    continue  # jdoe@fs01.corp.example.com: an e-mail address (the e-mail recogniser's)
                labels.add(m.group(1).split(".")[0].casefold())
                fqdns.append(m.span())
                yield m.start(), m.end(), self.SCORE
        if "\\\\" in text:
            for m in _UNC.finditer(text):
                labels.add(m.group(1).casefold())
                if not any(s <= m.start(1) < e for s, e in fqdns):  # \\fs01.corp.example.com\: taken whole
                    yield m.start(1), m.end(1), self.SCORE
        # the same host named without its domain elsewhere in the text ("fs01 is down")
        labels = {label for label in labels if len(label) >= 3 and _distinctive(label)}
        if labels:
            bare = re.compile(r"(?<![\w.\\-])(" + "|".join(re.escape(x) for x in sorted(labels)) + r")(?![\w-]|\.\w)", re.IGNORECASE)
            for m in bare.finditer(text):
                yield m.start(), m.end(), self.SCORE

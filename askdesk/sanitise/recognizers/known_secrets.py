"""API keys and tokens recognised by their shape, from detect-secrets' maintained plugins.

detect-secrets (Yelp) keeps one plugin per credential type (AWS, GitHub, GitLab, Slack,
Stripe, Twilio, SendGrid, JWT, Azure storage keys, URL basic-auth, ...), each a list of
regexes (`RegexBasedDetector.denylist`). Their regexes are used here as they are, so a new
detect-secrets release brings new token types with no code change. Why detect-secrets over
the alternatives: it is a PyPI package (gitleaks' and trufflehog's rule sets are Go programs or
TOML files that would have to be copied in and kept up by hand), its plugins are plain regexes
that run on prose as well as on code, and it needs no network.

Left out: the plugins that are not shape rules (keyword and entropy plugins: line-oriented and
tuned for source code; `credentials` covers prose) and the public-IP plugin (`ip_address` covers
every IP). A few shapes detect-secrets does not know yet are added in `EXTRA_SHAPES`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, cast

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer

if TYPE_CHECKING:
    from detect_secrets.plugins.base import BasePlugin

#: shapes detect-secrets 1.5 lacks (its Stripe rule knows live keys only, its OpenAI rule the
#: 2023 format only), each named by the vendor's documented prefix, and a looser form of its
#: URL basic-auth rule
EXTRA_SHAPES: tuple[str, ...] = (
    r"\b(?:sk|rk)_(?:test|live)_[0-9a-zA-Z]{16,}",  # Stripe secret / restricted keys, test mode too
    r"\bgithub_pat_[A-Za-z0-9_]{22,}",  # GitHub fine-grained personal access tokens
    r"\bAIza[0-9A-Za-z\-_]{35}\b",  # Google API keys
    r"\bsk-(?:proj-|ant-)?[A-Za-z0-9_\-]{32,}",  # OpenAI / Anthropic API keys
    r"\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+",  # Slack app-level tokens
    r"\bhf_[A-Za-z0-9]{30,}",  # Hugging Face tokens
    r"\bnpm_[A-Za-z0-9]{36}\b",  # npm access tokens
    r"\b(?:AccountKey|SharedAccessKey|sig)=[A-Za-z0-9%+/=]{20,}",  # Azure connection strings / SAS
    # a password in a URL (https://jdoe:Hunter2!@host): detect-secrets' rule leaves out passwords
    # with characters a URL should percent-encode, which users type anyway
    r"://[^\s:/?#@\[\]]+:([^\s/?#@\[\]]{4,})@",
)
#: not shape rules, or (Artifactory: "AP" + 9 characters) a shape that access-point and UPS
#: asset tags share ("AP12345678901")
_SKIPPED_PLUGINS = {
    "IPPublicDetector",
    "KeywordDetector",
    "Base64HighEntropyString",
    "HexHighEntropyString",
    "ArtifactoryDetector",
}
_TOKEN_CHAR = re.compile(r"[A-Za-z0-9_\-+/=.]")
#: the key name a rule matches with its value ("AccountKey=", "sig="): kept, only the value goes
_KEY_NAME = re.compile(r"[A-Za-z][\w-]*=")


@cache
def shape_patterns() -> tuple[re.Pattern[str], ...]:
    """detect-secrets' regexes (one per rule of every shape plugin), then the extra shapes."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    patterns: list[re.Pattern[str]] = []
    # detect-secrets types the mapping's values by a TypeVar bound to nothing (type[Never])
    plugins = cast("dict[str, type[BasePlugin]]", get_mapping_from_secret_type_to_class())
    for plugin in plugins.values():
        if plugin.__name__ in _SKIPPED_PLUGINS:
            continue
        patterns.extend(getattr(plugin(), "denylist", ()))
    patterns.extend(re.compile(p) for p in EXTRA_SHAPES)
    return tuple(patterns)


class KnownSecretsRecognizer(SpanRecognizer):
    """Tokens and keys of known shapes: the captured secret when a rule captures it after a
    prefix ("://user:<secret>@"), else the whole match, run on to the end of the token (some
    rules stop early: the JWT rule's last part is lazy) and without the delimiters and the key
    name ("AccountKey=", "sig=") some rules include."""

    ENTITY = "SECRET"
    SCORE = 1.0

    def __init__(self) -> None:
        super().__init__()
        self._patterns = shape_patterns()

    def spans(self, text: str) -> Iterator[Span]:
        for pattern in self._patterns:
            for m in pattern.finditer(text):
                captured = bool(pattern.groups and m.group(1) and m.start(1) > m.start() and len(m.group(1)) >= 4)
                start, end = m.span(1 if captured else 0)
                while start < end and text[start] in " \t\n=:\"'":
                    start += 1
                while end > start and text[end - 1] in " \t\n\"'":
                    end -= 1
                if not captured:
                    if key := _KEY_NAME.match(text, start, end):
                        start = key.end()
                    while end < len(text) and _TOKEN_CHAR.match(text, end):
                        end += 1
                    while end > start and text[end - 1] == ".":
                        end -= 1
                yield start, end, self.SCORE

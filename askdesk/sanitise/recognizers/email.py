"""E-mail addresses, validated offline."""

from __future__ import annotations

import re
from typing import Any

import regex
from presidio_analyzer.predefined_recognizers import EmailRecognizer

#: "https://user:" right before a match: the match is a URL's password and host
#: ("https://admin:S3cr3t@git.example.com"), the secret recognisers' to replace, no address
_URL_USERINFO = re.compile(r"://[^\s/@:]+:$")


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail regex, validated without tldextract (which downloads the public
    suffix list). Any alphabetic top label counts, internal ones (.local, .corp) included:
    a false positive costs a word, a miss leaks an address. The password@host part of a URL
    with credentials is no address (the password alone is replaced, the host kept)."""

    _TOP_LABEL = regex.compile(r"\.\p{L}[\p{L}\p{M}-]*\p{L}$")

    def validate_result(self, pattern_text: str) -> bool:
        domain = pattern_text.rpartition("@")[2]
        return bool(self._TOP_LABEL.search(domain))

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: Any = None) -> list[Any]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if not _URL_USERINFO.search(text, max(0, r.start - 200), r.start)]

"""E-mail addresses, validated offline."""

from __future__ import annotations

import regex
from presidio_analyzer.predefined_recognizers import EmailRecognizer


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail regex, validated without tldextract (which downloads the public
    suffix list). Any alphabetic top label counts, internal ones (.local, .corp) included:
    a false positive costs a word, a miss leaks an address."""

    _TOP_LABEL = regex.compile(r"\.\p{L}[\p{L}\p{M}-]*\p{L}$")

    def validate_result(self, pattern_text: str) -> bool:
        domain = pattern_text.rpartition("@")[2]
        return bool(self._TOP_LABEL.search(domain))

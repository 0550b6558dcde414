"""Secrets announced by their context: prose, ``key=value`` / ``key: value`` and connection strings.

Token *shapes* (vendor keys, JWTs) are `known_secrets`' job; this recogniser finds values whose
only tell is the word before them, in any of the languages of ``data/secret_words.txt``:

* prose: "the temporary password is Tr0ub4dor&3x", "wifi password for the conference is
  Conf-2024!", "PIN: 4821", "das Passwort lautet …", "mật khẩu là …";
* ``key=value`` and ``key: value``, the key an identifier with a secret part
  (``DB_PASSWORD=…``, ``psk=…``, ``clientSecret: …``, ``…;Password=…;`` in a connection string,
  ``AccountKey=…``), unless another part says it is no secret (``token_expiry=3600``);
* a random-looking token within a few words after a secret word ("the API key we were sent
  is below: 8d9f…").

Only the value is replaced; the words around it stay, so "password reset for LT-04512"
keeps its meaning and "the temporary password is <SECRET>" still says what the request was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer, trim_value
from askdesk.sanitise.recognizers.secret_values import high_entropy, looks_like_secret
from askdesk.sanitise.wordlists import load_word_list

_DIGIT_WORDS = ("pin", "code", "otp", "passcode")


def _alternation(phrases: frozenset[str]) -> str:
    parts = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)


_WORDS = load_word_list("secret_words")
_KEY_PARTS = load_word_list("secret_key_parts")
_NOT_KEY_PARTS = load_word_list("not_secret_key_parts")

#: "is", ":", "=", "set to", and the same in the languages of the word list
_JOINER = (
    r"(?:is\s+now|is|was|will\s+be|has\s+been\s+(?:re)?set\s+to|(?:re)?set\s+to|changed\s+to|updated\s+to|"
    r"lautet|ist|est|es|é|è|là|wordt|är|on|jest|=|:|-|–|→)"
)
_VALUE = r"(?:\"[^\"\n]{1,120}\"|'[^'\n]{1,120}'|“[^”\n]{1,120}”|`[^`\n]{1,120}`|[^\s\"'<>]{1,200})"
_QUALIFIER = r"(?:\s+(?:mới|nouveau|nouvelle|neue?s?|nuev[oa]|nov[oa]|new|temporary|temporäre?s?|temporaire|temporal))?"
_PROSE = re.compile(
    rf"(?<![\w-])(?P<word>{_alternation(_WORDS)})(?![\w-]){_QUALIFIER}"
    # "password for the conference is X" (a joiner required after the clause) or "password is X" / "PIN 4821"
    rf"(?:\s+(?:for|of|to|on|für|pour|para|del?|cho|på|dla)\s+[^\n.;:=]{{1,40}}?\s+(?P<joiner1>{_JOINER})|\s*(?P<joiner2>{_JOINER}|to)?)"
    rf"\s*(?P<value>{_VALUE})",
    re.IGNORECASE,
)
#: an identifier key, then = or :, then the value (up to ; , whitespace or a closing quote)
_KEY_VALUE = re.compile(
    r"(?<![\w.\-])(?P<key>[A-Za-z][\w.\-]{0,60}?)\s*(?P<sep>=|:)\s*"
    r"(?P<value>\"[^\"\n]{1,200}\"|'[^'\n]{1,200}'|\{[^}\n]{1,200}\}|[^\s;,\"'<>]{1,200})"
)
_KEY_SPLIT = re.compile(r"[_\-.\s]+|(?<=[a-z0-9])(?=[A-Z])")
#: a secret word, then a random-looking token within a few words on the same line
_NEAR = re.compile(
    rf"(?<![\w-])(?:{_alternation(_WORDS)})(?![\w-])(?P<gap>[^\n]{{0,60}}?)(?<![\w/+=\-])(?P<value>[A-Za-z0-9+/=_\-]{{16,}})",
    re.IGNORECASE,
)


#: any secret word or key part anywhere (a cheap first check)
_HINT = re.compile(f"{_alternation(_WORDS)}|{_alternation(_KEY_PARTS)}", re.IGNORECASE)


def _secret_key(key: str) -> bool:
    parts = [p.casefold() for p in _KEY_SPLIT.split(key) if p]
    if not parts or any(p in _NOT_KEY_PARTS for p in parts):
        return False
    joined = "".join(parts)
    return any(p in _KEY_PARTS for p in parts) or joined in _KEY_PARTS


class CredentialsRecognizer(SpanRecognizer):
    """Values that a secret word announces; see the module docstring."""

    ENTITY = "SECRET"
    SCORE = 0.95

    def spans(self, text: str) -> Iterator[Span]:
        if not _HINT.search(text):  # most texts: one scan, nothing to do
            return
        seen: set[tuple[int, int]] = set()
        for start, end, score in (*self._prose(text), *self._key_values(text), *self._near(text)):
            if (start, end) not in seen:
                seen.add((start, end))
                yield start, end, score

    def _prose(self, text: str) -> Iterator[Span]:
        pos = 0
        while (m := _PROSE.search(text, pos)) is not None:
            word = m.group("word").casefold()
            start, end = trim_value(text, *m.span("value"))
            joiner = bool(m.group("joiner1") or m.group("joiner2"))
            digits = word.startswith(_DIGIT_WORDS) or "code" in word
            if looks_like_secret(text[start:end], after_joiner=joiner, digits_alone=digits):
                yield start, end, self.SCORE
                pos = m.end()
            else:  # try the next secret word (finditer would skip the overlapping ones)
                pos = m.start("word") + 1

    def _key_values(self, text: str) -> Iterator[Span]:
        for m in _KEY_VALUE.finditer(text):
            if not _secret_key(m.group("key")):
                continue
            start, end = trim_value(text, *m.span("value"))
            value = text[start:end]
            # "=" is a strong tell (code, configs); ":" also opens prose ("Password: reset done")
            if m.group("sep") == "=" and value and not looks_like_placeholder(value):
                yield start, end, self.SCORE
            elif looks_like_secret(value, after_joiner=True, digits_alone=True):
                yield start, end, self.SCORE

    def _near(self, text: str) -> Iterator[Span]:
        for m in _NEAR.finditer(text):
            value = m.group("value")
            if high_entropy(value):
                yield m.start("value"), m.end("value"), self.SCORE


def looks_like_placeholder(value: str) -> bool:
    """``password=<SECRET>``, ``pwd=****``, ``token=${TOKEN}``: nothing left to hide."""
    v = value.strip()
    return bool(re.fullmatch(r"<[A-Z_]+>|[*x•.#]{3,}|\$\{?\w+\}?|%\w+%|\{\{\s*\w+\s*\}\}", v)) or not looks_like_secret(
        v, after_joiner=True, digits_alone=True
    ) and len(v) < 4

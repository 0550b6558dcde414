"""Secrets announced by their context: prose, ``key=value`` / ``key: value`` and connection strings.

Token *shapes* (vendor keys, JWTs) are `known_secrets`' job; this recogniser finds values whose
only tell is the word before them, in any of the languages of ``data/secret_words.txt``:

* prose: "the temporary password is Tr0ub4dor&3x", "wifi password for the conference is
  Conf-2024!", "PIN: 4821", "das Passwort lautet …", "mật khẩu là …"; up to four words may sit
  between the secret word and its verb ("Mã PIN cửa phòng máy chủ là …"; then a ticket or KB
  number is no secret: "the password reset ticket is INC0012345"), and compounds count
  ("WLAN-Passwort", "Zugangs-PIN", "PIN-Code");
* ``key=value`` and ``key: value``, the key an identifier with a secret part
  (``DB_PASSWORD=…``, ``psk=…``, ``clientSecret: …``, ``…;Password=…;`` in a connection string,
  ``AccountKey=…``, ``"password": "…"`` in JSON, ``--password=…``), unless another part says it
  is no secret (``token_expiry=3600``, ``auth_method=password``); a key whose only secret part
  is a generic one (``Key``, ``Authorization``) does not take a ticket or KB number
  ("Issue Key: HD-4512");
* XML elements named so (``<Password>…</Password>``, unattend.xml's
  ``<Password><Value>…</Value>``);
* tables pasted as text (``|`` or tabs between cells): the cells under a header such as
  "Password" or "Temp PIN", and "Password | Spring#2024" rows;
* a random-looking token within a few words after a secret word ("the API key we were sent
  is below: 8d9f…"), unless the secret word names something else ("recovery key ID: …").

Only the value is replaced; the words around it stay, so "password reset for LT-04512"
keeps its meaning and "the temporary password is <SECRET>" still says what the request was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from askdesk.sanitise.recognizers.base import Span, SpanRecognizer, table_cells, trim_value
from askdesk.sanitise.recognizers.secret_values import high_entropy, looks_like_reference, looks_like_secret
from askdesk.sanitise.wordlists import load_word_list

_DIGIT_WORDS = ("pin", "code", "otp", "passcode")


def _alternation(phrases: frozenset[str]) -> str:
    parts = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)


_WORDS = load_word_list("secret_words")
_KEY_PARTS = load_word_list("secret_key_parts")
_NOT_KEY_PARTS = load_word_list("not_secret_key_parts")
#: key parts that name a secret outright (password, pin, token...); the other key parts
#: (key, auth, sig...) also name things that are no secrets ("Issue Key", "Authorization")
_STRONG_KEY_PARTS = frozenset(w for w in _WORDS if " " not in w)

#: a quoted phrase or one token (not a table's next cell: "| Password | ... |")
_VALUE = r"(?:\"[^\"\n]{1,120}\"|'[^'\n]{1,120}'|“[^”\n]{1,120}”|`[^`\n]{1,120}`|[^\s\"'<>|][^\s\"'<>]{0,199})"
_QUALIFIER = r"(?:\s+(?:mới|nouveau|nouvelle|neue?s?|nuev[oa]|nov[oa]|new|temporary|temporäre?s?|temporaire|temporal))?"
#: the verbs that join a secret word to its value ("is", "set to", "lautet", "là"), as whole words
_VERB_JOINER = (
    r"(?:(?:(?:(?:has|have)\s+been|was|were|is|will\s+be)\s+)?(?:(?:re)?set|changed|updated|rotated)\s+to|"
    r"is\s+now|ist|is|was|will\s+be|lautet|est|es|é|è|là|wordt|är|on|jest)(?!\w)"
)
#: ... and the signs that do ("password: X", "PIN = 4821", "pwd - X")
_JOINER = rf"(?:{_VERB_JOINER}|=|:|-|–|→)"
#: a secret word ("password", "PIN", "mot de passe"); a command-line flag's dashes are no part
#: of a word ("--password X", "-Password X"), a word of a path or file name is none
#: ("/etc/pw.txt"); compounds are ("WLAN-Passwort", "Zugangs-PIN", "PIN-Code")
_WORD = rf"(?<![\w/\\.-])(?:--?|[^\W\d_]+-)?(?P<word>{_alternation(_WORDS)})(?:-[^\W\d_]+)?(?![\w-]|\.\w){_QUALIFIER}"
#: "password is X", "PIN 4821", "Password | X" (a table row, no joiner)
_PROSE = re.compile(rf"{_WORD}\s*(?:\|\s*)?(?P<joiner>{_JOINER}|to(?!\w))?\s*(?P<value>{_VALUE})", re.IGNORECASE)
#: "password for the conference is X", "mật khẩu tạm thời là X", "WLAN-Passwort für das
#: Gästenetz lautet X": up to four words, then a verb
_PROSE_GAP = re.compile(
    rf"{_WORD}(?P<gap>(?:[^\S\n]+[^\s.;:=,!?|]+){{1,4}}?)[^\S\n]+(?P<joiner>{_VERB_JOINER})\s*(?P<value>{_VALUE})",
    re.IGNORECASE,
)
#: an identifier key (quoted in JSON, dashed as a flag), then = or :, then the value (up to
#: ; , whitespace or a closing quote)
_KEY_VALUE = re.compile(
    r"(?<![\w.\-])(?:--?)?(?P<q>[\"']?)(?P<key>[A-Za-z][\w.\-]{0,60}?)(?P=q)\s*(?P<sep>=|:)\s*"
    r"(?P<value>\"[^\"\n]{1,200}\"|'[^'\n]{1,200}'|\{[^}\n]{1,200}\}|[^\s;,\"'<>]{1,200})"
)
#: <Password>X</Password>, <Password><Value>X</Value> (unattend.xml)
_XML = re.compile(
    r"<(?P<key>[A-Za-z][\w.\-]{0,60})(?:\s[^<>\n]*)?>\s*(?:<Value>\s*)?(?P<value>[^<>\n]{1,200}?)\s*</",
    re.IGNORECASE,
)
#: a table header cell that announces secrets: "Password", "Temp PIN", "Wi-Fi key (guest)"
_HEADER = re.compile(
    rf"(?:[^\W\d][\w-]*[^\S\n]+)?(?P<word>{_alternation(_WORDS)})(?:[^\S\n]*\([^)\n]*\))?[^\S\n]*:?",
    re.IGNORECASE,
)
_KEY_SPLIT = re.compile(r"[_\-.\s]+|(?<=[a-z0-9])(?=[A-Z])")
#: a secret word, then a random-looking token within a few words on the same line
_NEAR = re.compile(
    rf"(?<![\w-])(?:{_alternation(_WORDS)})(?![\w-])(?P<gap>[^\n]{{0,60}}?)(?<![\w/+=\-])(?P<value>[A-Za-z0-9+/=_\-]{{16,}})",
    re.IGNORECASE,
)


#: any secret word or key part anywhere (a cheap first check)
_HINT = re.compile(f"{_alternation(_WORDS)}|{_alternation(_KEY_PARTS)}", re.IGNORECASE)


def _key_parts(key: str) -> list[str]:
    return [p.casefold() for p in _KEY_SPLIT.split(key) if p]


def _secret_key(key: str) -> bool:
    parts = _key_parts(key)
    if not parts or any(p in _NOT_KEY_PARTS for p in parts):
        return False
    joined = "".join(parts)
    return any(p in _KEY_PARTS for p in parts) or joined in _KEY_PARTS


def _takes_digits(word: str) -> bool:
    """PINs and codes may be digits alone; passwords may not ("password 2024")."""
    word = word.casefold()
    return word.startswith(_DIGIT_WORDS) or "code" in word


class CredentialsRecognizer(SpanRecognizer):
    """Values that a secret word announces; see the module docstring."""

    ENTITY = "SECRET"
    SCORE = 0.95

    def spans(self, text: str) -> Iterator[Span]:
        if not _HINT.search(text):  # most texts: one scan, nothing to do
            return
        seen: set[tuple[int, int]] = set()
        found = (*self._prose(text), *self._key_values(text), *self._xml(text), *self._tables(text), *self._near(text))
        for start, end, score in found:
            if (start, end) not in seen:
                seen.add((start, end))
                yield start, end, score

    def _prose(self, text: str) -> Iterator[Span]:
        for pattern in (_PROSE, _PROSE_GAP):
            pos = 0
            while (m := pattern.search(text, pos)) is not None:
                word = m.group("word").casefold()
                start, end = trim_value(text, *m.span("value"))
                value = text[start:end]
                # words between the secret word and its verb: the subject may have changed
                # ("password reset ticket is INC0012345"): a reference number is no secret there
                far = pattern is _PROSE_GAP and looks_like_reference(value)
                if not far and _secret_value(value, after_joiner=bool(m.group("joiner")), digits_alone=_takes_digits(word)):
                    yield start, end, self.SCORE
                    pos = m.end()
                else:  # try the next secret word (finditer would skip the overlapping ones)
                    pos = m.start("word") + 1

    def _key_values(self, text: str) -> Iterator[Span]:
        for m in _KEY_VALUE.finditer(text):
            key = m.group("key")
            if not _secret_key(key):
                continue
            start, end = trim_value(text, *m.span("value"))
            value = text[start:end]
            if looks_like_reference(value) and not _STRONG_KEY_PARTS.intersection(_key_parts(key)):
                continue  # "Issue Key: HD-4512", "Authorization: CHG0031234"
            if not value or looks_like_placeholder(value):
                continue
            # "=" is a strong tell (code, configs); ":" also opens prose ("Password: reset done")
            if m.group("sep") == "=" or looks_like_secret(value, after_joiner=True, digits_alone=True):
                yield start, end, self.SCORE

    def _xml(self, text: str) -> Iterator[Span]:
        if "</" not in text:
            return
        for m in _XML.finditer(text):
            if _secret_key(m.group("key")):
                start, end = trim_value(text, *m.span("value"))
                value = text[start:end]
                if _secret_value(value, after_joiner=True, digits_alone=True):
                    yield start, end, self.SCORE

    def _tables(self, text: str) -> Iterator[Span]:
        for header, start, end in table_cells(text, _HEADER.fullmatch):
            value = text[start:end]
            word = _HEADER.fullmatch(header).group("word")  # type: ignore[union-attr]
            if _secret_value(value, after_joiner=True, digits_alone=_takes_digits(word)):
                yield start, end, self.SCORE

    def _near(self, text: str) -> Iterator[Span]:
        pos = 0
        while (m := _NEAR.search(text, pos)) is not None:
            gap = m.group("gap").split()
            # "recovery key ID: <GUID>", "token expiry ...": the word names something else
            named_else = bool(gap) and gap[0].strip(":=,").casefold() in _NOT_KEY_PARTS
            if not named_else and high_entropy(m.group("value")):
                yield m.start("value"), m.end("value"), self.SCORE
                pos = m.end()
            else:
                pos = m.start() + 1


#: a reference to a secret kept elsewhere, a mask, or a setting's on/off value
_PLACEHOLDER = re.compile(
    r"<[A-Z_]+>|[*x•.#]{3,}|\$\{?\w+\}?|%\w+%|\{\{\s*\w+\s*\}\}|(?i:true|false|yes|no|on|off)"
)


def looks_like_placeholder(value: str) -> bool:
    """``password=<SECRET>``, ``pwd=****``, ``token=${TOKEN}``, ``use_token=true``: nothing to hide."""
    v = value.strip()
    if _PLACEHOLDER.fullmatch(v):
        return True
    return not looks_like_secret(v, after_joiner=True, digits_alone=True) and len(v) < 4


def _secret_value(value: str, *, after_joiner: bool, digits_alone: bool) -> bool:
    return looks_like_secret(value, after_joiner=after_joiner, digits_alone=digits_alone) and not looks_like_placeholder(
        value
    )

"""The question as text: cleaning, word tokens with their positions, and pasted or quoted
content (which is content to search for, never filters).

Employees paste error messages, e-mails and whole tickets into Slack: "Find requests similar
to: <a ticket that says 'since yesterday'…>".  The words inside such a paste are what to search
for; reading "yesterday" in it as a date filter, or "access to" as the Access category, answers
another question.  :func:`pasted_spans` finds those parts so that the rules skip them.

Often nothing marks the paste: the message *is* the ticket ("Teams meetings have no audio. Excel
closes without an error whenever I open the monthly report. I have a deadline today.").
:func:`narrative_spans` finds the sentences of a long message that ask nothing; the parser reads
them as a paste unless the rest of the message asks for a number or a list.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from askdesk.answering.vocabulary import normalise

_WORD = re.compile(r"person_[0-9a-f]{8}\b|[^\W_]+(?:['’][^\W_]+)?|%|#|&")


def clean_question(text: str, max_chars: int) -> str:
    """NFKC, control characters out, spaces collapsed (line breaks kept: they mark pastes),
    cut to ``max_chars``."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch if (ch.isprintable() or ch == "\n") else " " for ch in text)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n[ \n]*", "\n", text).strip()
    return text[:max_chars]


@dataclass(frozen=True)
class Token:
    """One word of the question: its normalised form and where it is (in the lowered text)."""

    norm: str
    start: int
    end: int
    #: the word as typed (normalised), before any typo correction
    raw: str = ""


def tokens(low: str) -> list[Token]:
    """Words of the lower-cased question; "isn't" -> "isnt", accents folded."""
    out = []
    for m in _WORD.finditer(low):
        word = m.group(0).replace("'", "").replace("’", "")
        if word.startswith("person_"):
            out.append(Token(word, m.start(), m.end(), word))  # a pseudonym stays whole
            continue
        norm = {"%": "%", "#": "#", "&": "and"}.get(word) or normalise(word).replace(" ", "")
        if norm:
            out.append(Token(norm, m.start(), m.end(), norm))
    return out


_QUOTED = re.compile(r"```.+?```|`[^`]{3,}`|\"[^\"]{3,}\"|“[^”]{3,}”|«[^»]{3,}»|(?<!\w)'[^']{12,}'(?!\w)"
                     # a bracketed label of words: a form or subject tag in a pasted e-mail ("[Report a
                     # problem]", "[External sender]"); not an id ("[INC0012345]") nor one bracketed word
                     r"|\[[^\[\]\d\n]*[^\W\d_][^\[\]\d\n]*\s[^\[\]\d\n]*[^\W\d_][^\[\]\d\n]*\]", re.DOTALL)
_LEAD_IN = re.compile(
    r"\b(?:similar to|like this(?: one)?|resembl\w+|same as|such as|matching|this error|this message|"
    r"this e-?mail|this ticket|the following|error(?: message)?|it says|says|saying|message)\s*[:\-–—]\s*",
)


def pasted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of pasted or quoted content in ``text`` (lower-cased question):

    * quoted text (``"…"``, ``“…”``, back-ticks, and long single-quoted passages) and bracketed
      labels of two words or more (``[Report a problem]``);
    * what follows a lead-in with a colon ("similar to: …", "error: …"), or any colon followed
      by a long passage (25 words or more);
    * everything after the first line break (the first line asks, the rest is the paste), and
      lines that start with ``>`` (Slack quotes).
    """
    spans = [m.span() for m in _QUOTED.finditer(text)]
    m = _LEAD_IN.search(text)
    if m and len(text[m.end():].split()) >= 2:
        spans.append((m.end(), len(text)))
    else:
        # "quick one: how many …" is a question; a colon before a long passage is a paste
        colon = text.find(":")
        if colon >= 0 and len(text[colon + 1:].split()) >= 25 and not re.match(r"\d", text[colon + 1:colon + 2]):
            spans.append((colon + 1, len(text)))
    newline = text.find("\n")
    if newline >= 0:
        spans.append((newline, len(text)))
    for q in re.finditer(r"(?m)^>.*$", text):
        spans.append(q.span())
    return merge_spans(spans)


#: a sentence: up to an end mark followed by a space, or a line
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+(?=\s|$)|$|(?=\n))|[.!?]+", re.MULTILINE)
#: a sentence that asks or commands (after a greeting): it is the question, not the paste
_ASKING = re.compile(
    r"^(?:(?:hi|hey|hello|hiya|morning|ok|okay|so|and|also|but|please|pls|quick question|team|all|folks|guys)\b[\s,!:;-]*)*"
    r"(?:how|what|what's|whats|which|who|whom|whose|when|where|why|is|are|was|were|do|does|did|can|could|would|"
    r"will|should|shall|has|have|had|any|anyone|anybody|show|list|count|find|give|tell|search|get|look|lookup|"
    r"compare|break|sum|total|display|rank|top|average|median|plot|chart|trend|number|percentage|share|pull|fetch|"
    r"bring|summari[sz]e)\b(?![’'])")
#: a message this long (words), or of two sentences and this long, may be a paste with no marks
NARRATIVE_WORDS = 20
NARRATIVE_SENTENCES_WORDS = 12


def narrative_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (lower-cased) that ask nothing, when the
    message is long enough to be a pasted ticket: ``NARRATIVE_WORDS`` words, or two sentences
    and ``NARRATIVE_SENTENCES_WORDS`` words.  A sentence asks when it ends with a question mark
    or starts with a question or request word ("how", "which", "show", "has", "any", "I need" …).
    Empty for a short message: "VPN down since Monday" is a question's shorthand, not a paste."""
    sentences = [m for m in _SENTENCE.finditer(text) if m.group(0).strip(" .!?")]
    words = len(text.split())
    if words < NARRATIVE_WORDS and not (len(sentences) >= 2 and words >= NARRATIVE_SENTENCES_WORDS):
        return []
    told = []
    for m in sentences:
        sentence = m.group(0).strip()
        if sentence.endswith("?") or _ASKING.match(sentence):
            continue
        told.append(m.span())
    return merge_spans(told)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` replaced by spaces (positions kept)."""
    chars = list(text)
    for a, b in spans:
        for i in range(a, min(b, len(chars))):
            chars[i] = " "
    return "".join(chars)

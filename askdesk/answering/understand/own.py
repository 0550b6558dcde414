"""Questions about the asker's own requests: "my open tickets", "the VPN case I raised".

Only words that tie *requests* to the asker count: "my" before a request noun ("my laptop
request", "my tickets"), "mine" ("which of the P1s are mine?"), a first-person raising verb
("the ticket I logged", "what did I submit last week?", "have I got any open cases?") and "by me"
after one ("requests opened by me").  A problem told in the first person ("my laptop won't
boot") is not about the asker's requests: it is a search for similar ones.  "My team's tickets"
or "requests my manager raised" are someone else's, and the data doesn't say who is in the
asker's team or who their manager is: :meth:`OwnRequests.someone_elses` finds those words so the
parser can decline rather than count everyone's.

:meth:`OwnRequests.find` returns the character spans of the words that say "mine", which the
parser blanks before reading the rest of the question (the request noun stays: it still says
what is counted or listed), and whether the question asks how one of those requests is doing
("what's the status of my laptop request?", "any news on my VPN ticket?"): that is a search among
the asker's requests by the words left ("laptop"), not a count of a "Laptop" subcategory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: after "my", words that make the requests someone else's ("my team's tickets")
_NOT_MINE = ("team", "teams", "team's", "group", "groups", "dept", "department", "departments", "office", "org",
             "organisation", "organization", "company", "manager", "manager's", "boss", "boss's", "colleague",
             "colleagues", "colleague's", "staff", "reports", "direct", "customer", "customers", "customer's",
             "client", "clients", "client's", "queue", "agents", "users")
#: the request nouns that mean a request when owned: "my issue" or "my problem" is usually the
#: problem itself ("my issue is that Outlook crashes"), not a ticket
_OWNED_NOUNS = frozenset("""case cases incident incidents ones req reqs request requests rq rqs ticket tickets tix tkt tkts
""".split())  # noqa: SIM905 - a word list reads best as words
#: verbs that say who raised a request: these always ("what did I raise last week?") ...
_RAISED = r"raised|raise|logged(?! (?:in|on|out|into)\b)|log(?! (?:in|on|out|into)\b)|submitted|submit|filed|lodged|lodge"
#: ... and these only in a question that names requests ("the ticket I opened"; not "when I open
#: Outlook it crashes", "I sent a file to the printer")
_RAISED_WITH_A_NOUN = (r"opened|open|created|create|reported|report|sent|send|made|make|put in|requested|request|"
                       r"asked for|ask for|booked|book|file")


@dataclass(frozen=True)
class OwnWords:
    """Where a question says it is about the asker's requests."""

    #: character spans of the words that say so (the parser blanks them)
    spans: tuple[tuple[int, int], ...]
    #: it asks how one of them is doing ("what's the status of my laptop request?"): a search
    #: among the asker's requests by the words left, not a count
    one_request: bool


class OwnRequests:
    """Finds the words of a question that make it about the asker's own requests."""

    def __init__(self, data_nouns: Iterable[str] = ()) -> None:
        """``data_nouns``: the data's own words for a request (its id prefixes: "inc", "incs")."""
        owned = _OWNED_NOUNS | {n.lower() for n in data_nouns}
        nouns = "|".join(sorted((re.escape(n) for n in owned), key=len, reverse=True))
        not_mine = "|".join(re.escape(w) for w in _NOT_MINE)
        # "my" + up to three words + a request noun ("my open VPN tickets"), the words not someone else
        self._my = re.compile(rf"\bmy\b(?=\s+(?!(?:{not_mine})\b)(?:[\w'-]+\s+){{0,3}}(?:{nouns})\b)")
        # "my team's open tickets", "tickets my manager raised": someone else's, whom the data doesn't name
        self._others = re.compile(rf"\bmy\s+(?:{not_mine})\b(?:'s)?\s+(?:[\w'-]+\s+){{0,3}}(?:{nouns})\b"
                                  rf"|\b(?:{nouns})\b\s+(?:[\w'-]+\s+){{0,2}}?my\s+(?:{not_mine})\b")
        self._mine = re.compile(r"\b(?:(?:are|is|of|any|all)\s+)?mine\b")
        # "I raised", "I've logged", "I have opened", "did I submit", "have I got", "do I have"
        self._nouns = re.compile(rf"\b(?:{nouns})\b")
        self._i_raised, self._did_i = (
            [re.compile(rf"\b(?:i|i've|ive|i have|i had|i'd)\s+(?:(?:just|already|recently|ever|also)\s+)?(?=(?:{v})\b)")
             for v in (_RAISED, _RAISED_WITH_A_NOUN)],
            [re.compile(rf"\b(?:did|have|had)\s+i\s+(?:(?:just|already|recently|ever)\s+)?(?=(?:{v})\b)")
             for v in (_RAISED, _RAISED_WITH_A_NOUN)])
        self._have_i = re.compile(rf"\b(?:have i got|do i have|have i|i've got|ive got|i have got)\s+"
                                  rf"(?=(?:any|some|an?|the|\d+)?\s*(?:[\w'-]+\s+){{0,3}}(?:{nouns})\b)")
        self._by_me = re.compile(rf"\b(?:{_RAISED}|{_RAISED_WITH_A_NOUN})\s+by\s+me\b")
        # "how many open tickets have I got", "which requests do I have open"
        self._noun_i_have = re.compile(rf"\b(?:{nouns})\s+(?:[\w'-]+\s+){{0,2}}?(have i got|do i have|have i|"
                                       rf"i have|i've got|ive got|i've|ive|i had|did i have)\b")
        # "what's the status of my laptop request", "any news on my VPN ticket": one request of the
        # asker's, found by its words (not a count per status): the asking words are read here too
        singular = "|".join(sorted((re.escape(n) for n in owned if not n.endswith("s") or n in ("tix",)),
                                   key=len, reverse=True))
        self._state_of_one = re.compile(
            r"(?:\b(?:(?:what(?:'s| is| was)|whats|tell me|check|give me)\s+)?(?:the\s+)?(?:current\s+|latest\s+)?"
            r"(?:status|state|progress|news|updates?|stage)\s+(?:of|on|about|with|for)\s+"
            r"|\b(?:any|is there an?y?)\s+(?:news|updates?|progress|movement)\s+(?:on|about|with|for)\s+"
            r"|\bwhere(?:'s| is)\s+|\bwhat(?:'s| has| is)?\s+happen(?:ed|ing)\s+(?:to|with)\s+)"
            rf"(?=my\s+(?:[\w'-]+\s+){{0,3}}(?:{singular})\b)")

    #: "how do I request access to SAP?", "where can I log a ticket?": how to raise one, not one raised
    _how_to = re.compile(r"\b(?:how|where|when|who|why)\s+(?:do|can|could|should|would|shall|must|may)\s+i\s+"
                         r"(?:(?:best|then|now|just|still)\s+)?[\w'-]+")
    _how_to_end = re.compile(r"\b(?:how|where|when|who|why)\s+(?:do|can|could|should|would|shall|must|may)\s+$")

    def _how_to_before(self, low: str, start: int) -> bool:
        return bool(self._how_to_end.search(low[max(0, start - 40):start]))

    def someone_elses(self, low: str) -> str | None:
        """The words asking about the requests of someone the data doesn't name ("my team's
        tickets", "requests my manager raised"), or None."""
        m = self._others.search(low)
        return m.group(0) if m else None

    def find(self, low: str) -> OwnWords | None:
        """The words of ``low`` (the lower-cased question) that make it about the asker's
        requests, or None when it isn't."""
        spans = self._spans(low)
        if not spans:
            return None
        one = [m.span() for m in self._state_of_one.finditer(low)]
        return OwnWords(tuple(sorted(set(spans + one))), bool(one))

    def _spans(self, low: str) -> list[tuple[int, int]]:
        spans = [m.span() for m in self._my.finditer(low)]
        spans += [m.span() for m in self._mine.finditer(low)]
        raising = [self._i_raised[0], self._did_i[0], self._have_i]
        if self._nouns.search(self._how_to.sub(" ", low)):
            raising += [self._i_raised[1], self._did_i[1]]
        spans += [m.span() for rx in raising for m in rx.finditer(low) if not self._how_to_before(low, m.start())]
        spans += [(m.end() - len("by me"), m.end()) for m in self._by_me.finditer(low)]
        spans += [m.span(1) for m in self._noun_i_have.finditer(low)]
        return spans


__all__ = ["OwnRequests", "OwnWords"]

"""Question -> :class:`Understanding`: route, request ids, filters, grouping and topic words.

Rules, not a model: they are fast (well under a millisecond), explainable (the answer shows the
filters it used) and testable.  Every filter value is looked up in the :class:`Vocabulary` (the
values that exist in the data), so nothing the user typed reaches SQL or the vector store's
filters; the topic words go to full-text search only as a bound parameter.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from askdesk.answering.dates import find_dates
from askdesk.answering.filters import DateRange, RequestFilters
from askdesk.answering.vocabulary import (
    CATEGORY_SYNONYMS,
    DONE_WORDS,
    OPEN_WORDS,
    STATUS_SYNONYMS,
    Vocabulary,
    id_pattern,
    normalise_id,
)

Route = Literal["lookup", "aggregate", "search", "refuse"]
GroupBy = Literal["status", "category", "priority", "subcategory", "assignment_group", "month"]

_PSEUDONYM = re.compile(r"\bperson_[0-9a-f]{8}\b")
_AGGREGATE = re.compile(
    r"\b(how many|how much|number of|count(?:s|ing)?|total|tally|breakdown|break down|distribution|"
    r"which (?:category|categories|priority|priorities|status|statuses|group|groups|team|teams|subcategory|month)|"
    r"what (?:category|priority|status|group|team|month)s? (?:had|has|have|got|received|saw) (?:the )?(?:most|fewest|least)|"
    r"most common|most frequent|top \d+|per (?:category|status|priority|group|team|month)|by (?:category|status|priority|group|team|month|subcategory)|"
    r"percentage|share of|proportion|list (?:all|the)?|show (?:me )?(?:all|the)?)\b"
)
_COUNTING = re.compile(r"\b(how many|number of|count|total|tally)\b")
_GROUP_WORDS: dict[str, GroupBy] = {
    "subcategory": "subcategory", "subcategories": "subcategory",
    "category": "category", "categories": "category", "priority": "priority", "priorities": "priority",
    "status": "status", "statuses": "status", "state": "status", "group": "assignment_group",
    "groups": "assignment_group", "team": "assignment_group", "teams": "assignment_group", "month": "month",
    "months": "month",
}
_SIMILAR = re.compile(r"\b(similar|like|related|resembl\w*|same as|comparable)\b")
#: asking for someone's personal data (or to undo a pseudonym)
_PII_STRONG = re.compile(
    r"\b(e-?mail address(?:es)?|phone numbers?|mobile(?: phone)? numbers?|telephone numbers?|home address(?:es)?|"
    r"contact (?:details|info|information)|real names?|full names?|salary|salaries|date of birth|birthday|"
    r"ssn|social security|national insurance|passport(?: number)?|iban|bank (?:account|details)|credit card number|"
    r"card number|employee (?:id|number)s?|personal (?:data|details|information|info)|de-?anonymi[sz]e|unmask|"
    r"identity of|who (?:is|are) person_[0-9a-f]{8})\b"
)
#: "email of X", "phone for the requester", "Helena's email"
_PII_OF = re.compile(
    r"\b(?:e-?mail|phone|mobile|address|number|name|salary)\s+(?:of|for)\s+(?:person_|the requester|the requestor|"
    r"the assignee|the user|the employee|the person|the caller|whoever|him|her|them|[A-Z][\w-]+\s+[A-Z])"
    r"|\b[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?'s\s+(?:e-?mail|phone|mobile|address|number|salary|birthday|name)"
)
_ABOUT_PEOPLE = re.compile(
    r"\b(person_[0-9a-f]{8}|requesters?|requestors?|assignees?|employees?|staff|colleagues?|users?|him|her|them|"
    r"who|whoever|someone|person|people|customers?|callers?|agents?|managers?|raised|opened|submitted|"
    r"[A-Z][\w-]+ [A-Z][\w-]+)\b"
)
_REQUEST_WORDS = r"(?:requests?|tickets?|issues?|incidents?|cases?|ones|items?|queue)"
#: in a *search* question, filter words only count next to a request word ("open requests about
#: X", "critical tickets"), not as ordinary words ("can't open payslip", "URGENT: ...")
_STATUS_PHRASE = re.compile(
    rf"\b(?:status|state)\b|\b(?:open|pending|closed|resolved|cancelled|canceled|on hold|in progress|unresolved|"
    rf"outstanding|active|finished|done)\s+(?:\w+\s+){{0,2}}{_REQUEST_WORDS}\b|\b{_REQUEST_WORDS}\s+(?:that are |which are |are )?"
    rf"(?:still )?(?:open|pending|closed|resolved|on hold|in progress|unresolved|outstanding)\b"
)
_PRIORITY_PHRASE = re.compile(
    rf"\b(?:priority|priorities|prio|severity|sev)\b|\b(?:critical|urgent|high|medium|low|p[1-4]|sev ?[1-4])\s+"
    rf"(?:\w+\s+){{0,2}}{_REQUEST_WORDS}\b"
)


_DATE_FIELD_WORDS = (
    (re.compile(r"\b(resolved|closed|fixed|completed|solved|finished)\b(?!\s+requests?\b)"), "resolved_at"),
    (re.compile(r"\b(updated|modified|changed)\b"), "updated_at"),
)
#: words that say nothing about the topic of a search ("how many requests ... are there")
_NOISE_WORDS = """a about again ago all already also an and any anybody anyone anything are as at be been being between
    breakdown by came can case cases categories category closed contain containing contains could count counts
    created currently day days did do does each else ever everything find for from get give got group groups had
    handled has have how i if in incident incidents into involving is issue issues it item items its just last
    least less like list log logged many may me mention mentioned mentioning mentions might month months more most
    much must my new no not now number of off old on one ones only onto open opened or our out over past pending
    per please possible previous priorities priority raise raised received regarding related report reported
    request requests resolved s said same say says see shall should show similar since so some somebody someone
    something status statuses still submitted such t tally team teams tell than that the their them then there
    these they this those ticket tickets to today top total under up was we week weeks were what when where which
    who whom whose why will with word words worked would year years yesterday yet you your"""
_NOISE = frozenset(_NOISE_WORDS.split()) | {"right", "currently", "moment", "overall", "altogether", "exactly"}


@dataclass
class Understanding:
    """What the engine understood; shown to the user as filters and stored in the trace."""

    question: str
    route: Route
    request_ids: tuple[str, ...] = ()
    filters: RequestFilters = field(default_factory=RequestFilters)
    group_by: GroupBy | None = None
    #: "most" / "fewest" when the question asks for a top group
    rank: Literal["most", "fewest"] | None = None
    #: content words left after removing what was understood (used for full-text counts/search)
    topic: str = ""
    #: a lookup of ids that asks for *similar* requests: search with that request's text
    similar_to: tuple[str, ...] = ()
    refusal_reason: str | None = None

    def as_dict(self) -> dict:
        return {
            "route": self.route,
            "request_ids": list(self.request_ids),
            "filters": self.filters.as_dict(),
            "group_by": self.group_by,
            "rank": self.rank,
            "topic": self.topic,
            "similar_to": list(self.similar_to),
            "refusal_reason": self.refusal_reason,
        }


def clean_question(text: str, max_chars: int) -> str:
    """NFKC, control characters out, whitespace collapsed, cut to ``max_chars``."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch if (ch.isprintable() or ch in "\n\t") else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:max_chars]


def _phrase_in(phrase: str, text: str) -> re.Match[str] | None:
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)


class QuestionParser:
    """Understands questions against one :class:`Vocabulary`."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.id_re = id_pattern(vocab.id_shapes)
        self._priority_aliases = vocab.priority_aliases()

    # ------------------------------------------------------------------ parts
    def request_ids(self, q: str) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
        if not self.id_re:
            return (), []
        ids, spans = [], []
        for m in self.id_re.finditer(q):
            rid = normalise_id(m.group(1), m.group(2), self.vocab.id_shapes)
            if rid not in ids:
                ids.append(rid)
            spans.append(m.span())
        return tuple(ids), spans

    def statuses(self, low: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
        present = {s.lower(): s for s in self.vocab.statuses}
        chosen: list[str] = []

        def take(values, m: re.Match[str] | None) -> None:
            if m is None:
                return
            spans.append(m.span())
            for v in values:
                if v not in chosen:
                    chosen.append(v)

        # explicit "status X" / quoted value: the literal status
        for m in re.finditer(r"\bstatus(?:\s+(?:is|of|=|:))?\s+['\"]?([a-z][a-z ]{1,30}?)['\"]?(?=[\s?.!,;:)\]]|$)", low):
            word = m.group(1).strip()
            if word in present:
                take([present[word]], m)
        if chosen:
            return tuple(chosen)
        for word, names in STATUS_SYNONYMS.items():
            m = _phrase_in(word, low)
            if m:
                take([s for s in self.vocab.statuses if any(n == s.lower() or n in s.lower().split(" ") and len(n) > 3 or n == s.lower().replace("-", " ") for n in names)], m)
        if not chosen:
            for word in OPEN_WORDS:
                m = _phrase_in(word, low)
                if m and not re.search(rf"{re.escape(word)}\s+(?:a|an|the|my|up|outlook|excel|files?|ports?)\b", low[m.start():]):
                    take(self.vocab.open_statuses, m)
                    break
        if not chosen:
            for word in DONE_WORDS:
                m = _phrase_in(word, low)
                if m:
                    take(sorted(self.vocab.closed_statuses - {s for s in self.vocab.closed_statuses if "cancel" in s.lower()}), m)
                    break
        # "new" only with an explicit status sense ("new requests" is ambiguous: it also means recent)
        m = re.search(r"\b(?:in|with) (?:status )?new\b|\bstatus new\b", low)
        if m and "new" in present and present["new"] not in chosen:
            take([present["new"]], m)
        return tuple(chosen)

    def priorities(self, low: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
        chosen: list[str] = []
        priority_context = bool(re.search(r"\b(priority|priorities|prio|severity|sev)\b", low))
        for value, aliases in self._priority_aliases.items():
            for alias in aliases:
                m = _phrase_in(alias, low)
                if not m:
                    continue
                strong = alias in (value.lower(),) or re.fullmatch(r"(p|sev ?|priority |prio |severity )\d", alias) \
                    or alias in ("critical", "urgent", "crit", "blocker", "emergency")
                if strong or priority_context:
                    chosen.append(value)
                    spans.append(m.span())
                    break
        return tuple(chosen)

    def _named_values(self, low: str, values: dict[str, int], spans: list[tuple[int, int]],
                      synonyms: dict[str, tuple[str, ...]] | None = None, fuzzy: bool = True) -> tuple[str, ...]:
        chosen: list[str] = []
        lowered = {v.lower(): v for v in values}
        for name_low, value in sorted(lowered.items(), key=lambda kv: -len(kv[0])):
            forms = {name_low, name_low.replace("&", "and"), re.sub(r"s$", "", name_low)}
            for syn_key, syns in (synonyms or {}).items():
                if syn_key == name_low or name_low in syns:
                    forms |= set(syns) | {syn_key}
            for form in sorted(forms, key=len, reverse=True):
                if len(form) < 2:
                    continue
                m = _phrase_in(form, low)
                if m and not any(a <= m.start() < b for a, b in spans):
                    if form in ("it",) and not re.search(r"(?<![\w'])IT(?![\w'])", self._original):
                        continue  # "it" the pronoun is not the IT category
                    chosen.append(value)
                    spans.append(m.span())
                    break
        if not chosen and fuzzy:
            # typos: compare each 1-3 word window with the multi-letter names
            words = re.findall(r"[a-z&]+", low)
            windows = {" ".join(words[i:i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
            windows = {w for w in windows if len(w) >= 5 and w not in _NOISE}
            for name_low, value in lowered.items():
                if len(name_low) >= 5 and difflib.get_close_matches(name_low, windows, n=1, cutoff=0.87):
                    chosen.append(value)
        return tuple(chosen)

    def group_by(self, low: str) -> tuple[GroupBy | None, Literal["most", "fewest"] | None]:
        rank: Literal["most", "fewest"] | None = None
        if re.search(r"\b(most|highest|top|biggest|largest|busiest)\b", low):
            rank = "most"
        elif re.search(r"\b(fewest|least|lowest|smallest|quietest)\b", low):
            rank = "fewest"
        for m in re.finditer(r"\b(?:which|what|per|by|each|every|across|top \d+)\s+(\w+)(?:\s+(\w+))?", low):
            for word in m.groups():
                if word in _GROUP_WORDS:
                    return _GROUP_WORDS[word], rank
        m = re.search(r"\b(breakdown|distribution|split)\b.*?\b(\w+)\b", low)
        if m:
            for word in re.findall(r"\w+", low[m.end(1):]):
                if word in _GROUP_WORDS:
                    return _GROUP_WORDS[word], rank
        return None, None if rank is None else rank

    def people(self, low: str, spans: list[tuple[int, int]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        requesters, assignees = [], []
        for m in _PSEUDONYM.finditer(low):
            before = low[max(0, m.start() - 30):m.start()]
            if re.search(r"(assign\w*|handled by|worked on by|owner|agent)\W+(?:to\W+|is\W+)?$", before):
                assignees.append(m.group(0))
            elif re.search(r"(from|by|requester|requestor|for|of)\W+$", before):
                requesters.append(m.group(0))
            else:
                continue  # a name in passing (or NER mistaking "room Zeus" for one): a query word
            spans.append(m.span())
        return tuple(requesters), tuple(assignees)

    def dates(self, low: str, now: datetime, spans: list[tuple[int, int]]) -> tuple[DateRange, ...]:
        out = []
        for d in find_dates(low, now):
            if any(a <= d.span[0] < b for a, b in spans):
                continue  # inside an id or another value
            context = low[max(0, d.span[0] - 40):d.span[0]]
            date_field = "created_at"
            for pattern, name in _DATE_FIELD_WORDS:
                if pattern.search(context):
                    date_field = name
            out.append(DateRange(date_field, d.start, d.end, d.label))
            spans.append(d.span)
        return tuple(out)

    # ------------------------------------------------------------------ whole question
    def parse(self, question: str, now: datetime, *, max_chars: int = 2000) -> Understanding:
        q = clean_question(question, max_chars)
        self._original = q
        low = q.lower()
        spans: list[tuple[int, int]] = []
        ids, id_spans = self.request_ids(q)
        spans += id_spans

        if self.asks_for_personal_data(q):
            return Understanding(q, "refuse", ids, refusal_reason="personal data")

        requesters, assignees = self.people(low, spans)
        dates = self.dates(low, now, spans)
        statuses = self.statuses(low, spans)
        priorities = self.priorities(low, spans)
        subcategories = self._named_values(low, self.vocab.subcategories, spans, fuzzy=False)
        categories = self._named_values(low, self.vocab.categories, spans, CATEGORY_SYNONYMS)
        groups = self._named_values(low, self.vocab.assignment_groups, spans, fuzzy=False)
        if any(d.field == "resolved_at" for d in dates):
            # "resolved last week" is about the resolution date, not the status named Resolved
            statuses = tuple(s for s in statuses if s not in self.vocab.closed_statuses)
        filters = RequestFilters(
            status=statuses, category=categories, priority=priorities, subcategory=subcategories,
            assignment_group=groups, requester=requesters, assignee=assignees, dates=dates,
        )
        topic = self.topic(low, spans)
        group_by, rank = self.group_by(low)

        if ids:
            if _SIMILAR.search(low):
                return Understanding(q, "search", (), self.search_filters(filters, low), topic=topic, similar_to=ids)
            return Understanding(q, "lookup", ids, filters)
        if _AGGREGATE.search(low) or (group_by and rank):
            is_list = not _COUNTING.search(low) and group_by is None
            if is_list and topic and filters.is_empty():
                return Understanding(q, "search", filters=self.search_filters(filters, low), topic=topic)
            return Understanding(q, "aggregate", (), filters, group_by=group_by, rank=rank, topic=topic)
        if not topic and not filters.is_empty():
            # "open critical network requests?" -> a filtered listing, answered from SQL
            return Understanding(q, "aggregate", (), filters, topic=topic)
        return Understanding(q, "search", (), self.search_filters(filters, low), topic=topic)

    @staticmethod
    def asks_for_personal_data(q: str) -> bool:
        # the sanitiser's tags (<EMAIL>, <PHONE>, ...) are not the user asking for an email
        text = re.sub(r"<[A-Z_]+>", " ", q)
        if _PII_OF.search(text):
            return True
        return bool(_PII_STRONG.search(text.lower()) and (_ABOUT_PEOPLE.search(text) or _ABOUT_PEOPLE.search(text.lower())))

    def search_filters(self, filters: RequestFilters, low: str) -> RequestFilters:
        """Search keeps a filter only where the question uses it as one (see ``_STATUS_PHRASE``);
        subcategory words stay query words: "VPN drops" should also find a request filed under
        "Remote access".  Counts and listings filter on all of them."""
        keep_category = tuple(
            c for c in filters.category
            if re.search(rf"\b(?:category|department|team)\b|\b(?:{self._category_forms(c)})\s+(?:\w+\s+){{0,2}}{_REQUEST_WORDS}\b"
                         rf"|\b(?:in|from|for|within|by)\s+(?:the\s+)?(?:{self._category_forms(c)})\s*(?:$|[?.!,]|team|department|category)", low)
        )
        return replace(
            filters,
            subcategory=(),
            status=filters.status if _STATUS_PHRASE.search(low) else (),
            priority=filters.priority if _PRIORITY_PHRASE.search(low) else (),
            category=keep_category,
        )

    def _category_forms(self, value: str) -> str:
        low = value.lower()
        forms = {low, *next((s for k, s in CATEGORY_SYNONYMS.items() if k == low or low in s), ())}
        return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))

    @staticmethod
    def topic(low: str, spans: list[tuple[int, int]]) -> str:
        chars = list(low)
        for a, b in spans:
            for i in range(a, min(b, len(chars))):
                chars[i] = " "
        words = [w for w in re.findall(r"[a-z0-9][a-z0-9'+.-]*[a-z0-9]|[a-z0-9]", "".join(chars)) if w not in _NOISE]
        return " ".join(words)


# ----------------------------------------------------------------------------- follow-ups
_FOLLOW_UP = re.compile(
    r"^(?:and|also|but|so|what about|how about|only|just|then|ok(?:ay)?,? (?:and|now))\b"
    r"|\b(?:of (?:those|them|these)|among (?:them|those)|those ones|these ones|the same|that list|same period)\b"
    r"|^(?:which|how many|are|were|is|any) (?:of )?(?:those|them|these)\b"
)
_REFERS_TO_REQUEST = re.compile(r"\b(?:it|its|it's|that one|this one|that request|this request|that ticket)\b")


def is_follow_up(question: str, previous: Understanding) -> bool:
    """A question that only makes sense after the previous turn ("and which of those are still
    open?", "what about last month?", "who is it assigned to?" after a lookup)."""
    low = question.lower().strip()
    if _FOLLOW_UP.search(low):
        return True
    return previous.route == "lookup" and bool(_REFERS_TO_REQUEST.search(low))


def merge_follow_up(previous: Understanding, current: Understanding) -> Understanding:
    """The current question with what it leaves unsaid taken from the previous turn: filters it
    doesn't restate are inherited (restated ones replace the old ones), a lookup stays about the
    same requests, a search keeps its topic.  The question text stays the user's own."""
    if current.route == "refuse" or current.request_ids:
        return current
    merged_filters = replace(current.filters, **{
        f: getattr(previous.filters, f) for f in (
            "status", "category", "priority", "subcategory", "assignment_group", "requester", "assignee", "dates")
        if not getattr(current.filters, f)
    })
    if previous.route == "lookup" and previous.request_ids:
        return replace(current, route="lookup", request_ids=previous.request_ids, filters=current.filters)
    if previous.route == "search":
        topic = " ".join(t for t in (previous.topic, current.topic) if t)
        return replace(current, route="search", filters=merged_filters, topic=topic,
                       similar_to=current.similar_to or previous.similar_to)
    if previous.route == "aggregate":
        return replace(current, route="aggregate", filters=merged_filters,
                       group_by=current.group_by, rank=current.rank, topic=current.topic or previous.topic)
    return current

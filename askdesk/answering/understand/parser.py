"""Question -> :class:`~askdesk.answering.plan.QueryPlan`, by rules over the data's vocabulary.

Stateless: a parser holds only its vocabulary and read-only matchers, so the answer workers of a
bot share one safely.  Order of work:

1. ids, personal-data refusal, pasted / quoted content (content, never filters);
2. dates (with the date field from the words next to them: "resolved last week");
3. the metric (:mod:`.intents`) and the filter values (:mod:`.values`), each consuming its words;
4. what is left is the topic; words left that change the meaning ("oldest", "average", "not")
   are *unexplained*: the engine then asks the LLM for a plan, or says what it can't answer.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from askdesk.answering.dates import DATE_WORDS, find_dates
from askdesk.answering.filters import DateField, DateRange, FieldCondition, RequestFilters
from askdesk.answering.ids import id_parts, id_pattern, normalise_id
from askdesk.answering.plan import Order, QueryPlan
from askdesk.answering.understand.intents import RULE_WORDS, IntentGuess, IntentReader
from askdesk.answering.understand.own import OwnRequests
from askdesk.answering.understand.paste import pasted_parts
from askdesk.answering.understand.personal import asks_for_personal_data
from askdesk.answering.understand.text import Token, blank, clean_question, inside, tokens
from askdesk.answering.understand.typos import TypoFixer
from askdesk.answering.understand.values import Found, ValueFinder
from askdesk.answering.understand.values.statuses import state_values
from askdesk.answering.understand.words import MEANING_WORDS, NOISE, OFF_TASK_WORDS, REQUEST_NOUNS, STRONG_WORDS
from askdesk.answering.vocabulary import Vocabulary, normalise

#: asks askdesk is not for: writing, forecasting, judging people
_OFF_TASK = re.compile(r"^(?:please |can you |could you )?(?:write|compose|draft|generate|sing|translate|invent)\b"
                       r"|\b(?:poem|joke|haiku|limerick|song|essay|story)\b|^when will\b|^(?:will|should) (?:we|i|the)\b"
                       # judging people or the service: no column holds that
                       r"|\b(?:doing|do|does|did) (?:a |an )?(?:good|great|bad|poor|decent|terrible|awful|ok|okay) job\b"
                       r"|\bhow (?:good|bad) (?:is|are)\b|\bhow (?:well|badly) (?:is|are|does|do) .{0,40}\b(?:doing|perform)"
                       r"|\b(?:is|are) .{0,40}\b(?:performing|doing) (?:well|badly|ok|okay|fine)\b|\bany good\b"
                       r"|\b(?:understaffed|overstaffed|short[- ]staffed|overworked|overloaded|lazy)\b"
                       # judging one way against another: "is Slack better than email for raising tickets?"
                       r"|\b(?:better|worse|preferable) (?:than|for|to use)\b|^(?:should|would) (?:i|we|people) (?:use|prefer)\b"
                       # the cause of a change: "why are billing tickets up this month?" (no column says why)
                       r"|^(?:but )?why (?:are|is|did|do|does|have|has|were|was)\b.{0,80}\b(?:up|down|increas\w*|decreas\w*|"
                       r"higher|lower|more|fewer|less|spik\w*|ris\w*|fall\w*|dropp\w*|so many|so few|grow\w*|so slow|"
                       r"so late|so bad|taking so long|take so long)\b"
                       )
#: refusal reasons of questions about what no request column holds
NOT_IN_THE_DATA = "a time the data doesn't hold"
COUNTS_PEOPLE = "counts people"
#: refusal reasons of questions about the asker's own requests the engine can't pick out (who is
#: asking is unknown, or the answer would be read in a channel), or the data can't (no requester)
WHOSE_REQUESTS = "the asker's own requests"
NO_REQUESTERS = "no requester identities"
#: "my team's tickets": someone's requests the data can't pick out (it doesn't say who is in a team)
OTHERS_REQUESTS = "someone else's requests"
#: counting people, not requests ("how many people work in the Lisbon office"): askdesk counts requests
_COUNTS_PEOPLE = re.compile(r"\bhow many (?:different |distinct |unique )?(?:people|persons|employees|staff|users|"
                            r"agents|customers|requesters|colleagues|workers)\b")
#: time metrics no export column holds (handle, wait, first-response, reply time): never the resolution time
_NO_SUCH_TIME = re.compile(r"\b(?:handle|handling|wait|waiting|hold|queue|response|first[- ]response|reply|"
                           r"first[- ]reply|talk|call) times?\b|\baht\b|\bfrt\b"
                           # time spent in one status ("how long were tickets sitting in On Hold in total")
                           r"|\bhow long\b.{0,60}\b(?:in|on) total\b|\b(?:total|cumulative) time (?:spent )?(?:in|on)\b"
                           r"|\btime (?:spent|sitting|sat) (?:in|on)\b")
#: asks no column can answer, declined with their reason before anything else is read
_NOT_ANSWERABLE = ((_NO_SUCH_TIME, NOT_IN_THE_DATA), (_COUNTS_PEOPLE, COUNTS_PEOPLE))
#: a breakdown asked by something no field is ("licence requests broken down by which software")
_GROUPING_ASKED = re.compile(r"\b(?:broken down|break(?:ing)? (?:it |them |that )?down|breakdown|split|grouped) by\b")
#: a question about whether something happened before is a search, whatever filter words it holds
_ASKS_IF_SEEN = re.compile(r"^\W*(?:has|have|did|does|is) (?:anyone|anybody|someone|somebody|any ?one)\b"
                           r"|\b(?:anyone|anybody) else\b|\bhas (?:this|it) happened\b|\bhappened before\b"
                           r"|\bhave we (?:seen|had)\b")
#: a question told in the first person is a problem to search for unless it asks for a metric
_FIRST_PERSON = frozenset(["my", "i", "im", "ive", "me", "mine", "id"])
#: words after which the next words are what the requests are about ("requests about X")
_TOPIC_PREPOSITIONS = frozenset("about mentioning mention mentions regarding concerning involving containing re "  # noqa: SIM905
                                "like related with for on".split())
#: others' requests like the asker's own ("anyone else had this?", "tickets similar to my VPN one")
_LIKE_MINE = re.compile(r"\b(?:similar(?: to)?|resembling|same as|comparable to|like)\s+(?:(?:the|that|this)\s+)?"
                        r"(?:my|mine)\b|\b(?:anyone|anybody|someone|somebody) else\b|\bother people'?s?\b")
_SIMILAR = re.compile(r"\b(similar|like|related|resembl\w*|same as|comparable)\b")
#: words before a status name that make it the literal status
_STATE_CUES = frozenset(["status", "state", "in", "as", "marked", "set", "still"])
_DATE_FIELD_BEFORE: tuple[tuple[frozenset[str], DateField], ...] = (
    # "did the Service Desk close last week?": the base forms too
    (frozenset(["resolved", "closed", "fixed", "completed", "solved", "finished", "resolve", "close", "fix", "complete",
                "solve", "finish", "resolution", "resolutions"]), "resolved_at"),
    (frozenset(["updated", "modified", "changed", "touched"]), "updated_at"),
    (frozenset(["created", "opened", "raised", "logged", "submitted", "reported", "filed", "came", "received", "create",
                "raise", "log", "submit"]), "created_at"),
)


class QuestionParser:
    """Understands questions against one :class:`Vocabulary`."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.id_re = id_pattern(vocab.id_shapes)
        self._id_nouns = vocab.request_nouns
        self.values = ValueFinder(vocab)
        self.intents = IntentReader(vocab)
        self.own = OwnRequests(vocab.request_nouns)
        value_words = {w for phrase in vocab.phrase_index for w in phrase.split() if len(w) >= 4}
        all_value_words = {w for phrase in vocab.phrase_index for w in phrase.split()}
        #: words the rules or the data's values use (the engine gives these back when NER took them for a name)
        self.known_words = frozenset(NOISE | MEANING_WORDS | REQUEST_NOUNS | RULE_WORDS | all_value_words
                                     | DATE_WORDS)
        self.typos = TypoFixer(RULE_WORDS | value_words | REQUEST_NOUNS | {w for w in NOISE if len(w) >= 3},
                               NOISE | MEANING_WORDS | REQUEST_NOUNS | all_value_words)

    def request_ids(self, q: str) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
        if not self.id_re:
            return (), []
        ids: list[str] = []
        spans = []
        for m in self.id_re.finditer(q):
            rid = normalise_id(*id_parts(m), self.vocab.id_shapes)
            if rid not in ids:
                ids.append(rid)
            spans.append(m.span())
        return tuple(ids), spans

    # ------------------------------------------------------------------ whole question
    def parse(self, question: str, now: datetime, *, max_chars: int = 2000) -> QueryPlan:
        q = clean_question(question, max_chars)
        if not q:
            return QueryPlan(q, "cant", refusal_reason="empty")
        if asks_for_personal_data(q):
            ids, _ = self.request_ids(q)
            return QueryPlan(q, "refuse", request_ids=ids, refusal_reason="personal data")
        low = q.lower()
        pasted, narrative = pasted_parts(low, self.intents, self._as_request_nouns)
        plan = self._read(q, low, pasted, now)
        if narrative and plan.intent == "cant" and plan.refusal_reason in ("unexplained words", "nothing to answer"):
            # a long message that asks for no number or list, and whose questions the rules could
            # not read ("Please give me access to GitHub, I've joined the Marketing team … my
            # manager can approve"): the ticket itself, pasted; find requests like it
            return self._read(q, low, [(0, len(low))], now)
        return plan

    def _read(self, q: str, low: str, pasted: list[tuple[int, int]], now: datetime) -> QueryPlan:
        """The plan of the question ``q`` (``low``: lower-cased) whose ``pasted`` parts are content."""
        ids, _ = self.request_ids(blank(q, pasted))
        # "my open tickets", "the laptop request I raised": the asker's own requests.  The words
        # that say so are read here (and blanked for the rest of the rules); the engine narrows
        # the answer to the asker's requests, or says why it can't.  A question naming ids asks
        # about those requests, whoever raised them.
        if not ids and (others := self.own.someone_elses(blank(low, pasted))):
            return QueryPlan(q, "cant", unexplained=(others,), refusal_reason=OTHERS_REQUESTS)
        own = None if ids else self.own.find(blank(low, pasted))
        if own is None or _LIKE_MINE.search(blank(low, pasted)):
            # "anyone else had something like my VPN ticket?": others' requests like the asker's
            return self._parse(q, low, pasted, now)
        spans = list(own.spans)
        plan = self._parse(blank(q, spans), blank(low, spans), pasted, now, one_request=own.one_request)
        if plan.intent == "cant" and plan.refusal_reason == "nothing to answer":
            # "my tickets", "show me my requests": the asker's requests, newest first
            plan = QueryPlan(q, "list", order=Order("created_at", True), limit=10, metric_stated=False)
        return replace(plan, question=q, filters=replace(plan.filters, mine=True))

    def _as_request_nouns(self, toks: list[Token]) -> list[Token]:
        """The data's own words for a request ("INCs" where ids are INC…) read as "requests"."""
        return [Token("requests" if t.norm in self._id_nouns else t.norm, t.start, t.end, t.raw) for t in toks]

    def _parse(self, q: str, low: str, pasted: list[tuple[int, int]], now: datetime, *,
               one_request: bool = False) -> QueryPlan:
        """``one_request``: the question asks about one request by its words (a search)."""
        ids, id_spans = self.request_ids(blank(q, pasted))
        for pattern, reason in () if ids else _NOT_ANSWERABLE:
            if m := pattern.search(blank(low, pasted)):
                return QueryPlan(q, "cant", unexplained=(m.group(0),), refusal_reason=reason)
        toks = tokens(low)
        in_ids = {k for k, t in enumerate(toks) if inside(t.start, id_spans)}
        in_paste = {k for k, t in enumerate(toks) if inside(t.start, pasted)}
        toks = self.typos.fix(toks, in_ids | in_paste)
        # the data's own word for a request ("INCs" where ids are INC…) is a request noun, and where
        # the prefix stands for one value it is that value too ("SRs": Type = Service Request)
        prefixed = {k: self.vocab.prefix_values[t.norm.rstrip("s")] for k, t in enumerate(toks)
                    if t.norm in self._id_nouns and t.norm.rstrip("s") in self.vocab.prefix_values and k not in in_ids}
        toks = self._as_request_nouns(toks)
        available = set(range(len(toks))) - in_ids - in_paste

        dates, date_tokens = self._dates(low, toks, pasted, id_spans, now)
        available -= date_tokens
        guess = self.intents.read(toks, available)
        available -= guess.consumed
        before_values = set(available)
        found = self.values.find(toks, available, q)
        for k, ref in prefixed.items():
            if k in available and not any(f.field == ref.field for f in found):
                found.append(Found(ref.field, (ref.value,), k, k + 1, False, True, q[toks[k].start:toks[k].end]))
        if any(d.field == "created_at" for d in dates):
            # "new incidents today" asks what was created today, not for the status New (that
            # takes "status New", "in New", "marked as new")
            found = [f for f in found if not (f.field == "status" and f.values and normalise(f.label) == "new"
                                              and (f.start == 0 or toks[f.start - 1].norm not in _STATE_CUES))]
        for f in found:
            available -= f.used
        self._versus(toks, available, found, guess)

        def words_of(indices: set[int]) -> list[str]:
            keep = [k for k in sorted(indices) if len(toks[k].norm) >= 2 and (
                (toks[k].norm not in NOISE and not toks[k].norm.isdigit()) or (len(toks[k].norm) >= 3 and toks[k].norm.isdigit()))]
            return [toks[k].raw for k in keep]

        similar = bool(_SIMILAR.search(blank(low, pasted))) or bool(pasted and not guess.explicit)
        leftover = [toks[k].norm for k in sorted(available)]
        topic_words = words_of(available)
        pasted_words = words_of(in_paste)
        unexplained = tuple(dict.fromkeys(w for w in leftover if w in MEANING_WORDS))

        def search(**kw: Any) -> QueryPlan:
            """A search keeps as filters only the values the question uses as filters; the
            other value words stay in the query."""
            kept = [f for f in found if f.cued and f.field != "subcategory"]
            unused = before_values - {k for f in kept for k in f.used}
            return QueryPlan(q, "search", filters=self._search_filters(kept, dates, toks),
                             topic=" ".join(words_of(unused) + pasted_words), **kw)

        if ids:
            if similar:
                return search(similar_to=ids)
            return QueryPlan(q, "lookup", request_ids=ids, filters=self._filters(found, dates))
        if pasted_words and (similar or not guess.explicit):
            return search()  # a pasted ticket / error message: find requests like it
        if one_request and words_of(before_values):
            return search()  # "what's the status of my laptop request?": the one about a laptop

        intent = guess.intent
        if intent is None and _ASKS_IF_SEEN.search(blank(low, pasted)):
            return search()  # "has anyone had still waiting for reimbursement?" asks about cases, not a count
        filters = self._filters(found, dates)
        strong = [w for w in unexplained if w in STRONG_WORDS] or ([w for w in leftover if w in OFF_TASK_WORDS])
        if intent is None:
            content = [w for w in topic_words if w not in MEANING_WORDS]
            if m := _GROUPING_ASKED.search(blank(low, pasted)):
                by = " ".join(re.findall(r"[\w-]+", low[m.end():])[:3])
                return self._cant(q, filters, (f"by {by}".strip(),), " ".join(topic_words))
            if strong or _OFF_TASK.search(low):
                # "which manager approves the most …", "average CSAT …", "write me a poem": an
                # analytic or off-task ask the rules can't place is not a search
                return self._cant(q, filters, tuple(dict.fromkeys([*unexplained, *strong])), " ".join(topic_words))
            if content:
                if unexplained and not found and len(content) <= 1:
                    return self._cant(q, filters, unexplained, " ".join(topic_words))
                return search()
            if unexplained:
                return self._cant(q, filters, unexplained, "")
            if filters.is_empty():
                return QueryPlan(q, "cant", refusal_reason="nothing to answer")
            if {t.norm for t in toks} & _FIRST_PERSON and len(toks) > 4:
                return search()  # "my payslip has an emergency tax code": a problem told, not a count asked
            intent = "count"  # "p1s open?" -> how many, with the most recent ones
        topic, unslotted = self._analytic_topic(toks, available)
        # a word an analytic question leaves unexplained would change the number: say so instead
        unexplained = tuple(dict.fromkeys([*unexplained, *unslotted]))
        plan = QueryPlan(q, intent, filters=filters, group_by=guess.group_by, rank=guess.rank,  # type: ignore[arg-type]
                         order=guess.order, limit=guess.limit, duration=guess.duration,
                         trend_unit=guess.trend_unit, trend_field=guess.trend_field,  # type: ignore[arg-type]
                         topic=topic, unexplained=unexplained, metric_stated=guess.explicit)
        plan = self._complete(plan, guess, found, dates, now)
        return plan if not unexplained else replace(plan, intent="cant", refusal_reason="unexplained words")

    # ------------------------------------------------------------------ parts
    def _dates(self, low: str, toks: list[Token], pasted: list[tuple[int, int]], id_spans: list[tuple[int, int]],
               now: datetime) -> tuple[tuple[DateRange, ...], set[int]]:
        out = []
        used: set[int] = set()
        scan = blank(low, pasted + id_spans)
        for d in find_dates(scan, now):
            first = next((k for k, t in enumerate(toks) if t.start >= d.span[0]), len(toks))
            field: DateField = "created_at"
            for k in range(first - 1, max(-1, first - 5), -1):
                w = toks[k].norm
                hit = next((name for words, name in _DATE_FIELD_BEFORE if w in words), None)
                if w == "open" and any(t.norm in ("did", "do", "does", "didnt", "will") for t in toks[max(0, k - 8):k]):
                    hit = "created_at"  # "how many tickets did Kestrel open this year": the verb, not the state
                if hit:
                    field = hit
                    used.add(k)
                    break
            out.append(DateRange(field, d.start, d.end, d.label))
            used |= {k for k, t in enumerate(toks) if d.span[0] <= t.start < d.span[1]}
        return tuple(out), used

    @staticmethod
    def _versus(toks: list[Token], available: set[int], found: list[Found], guess: IntentGuess) -> None:
        """"email vs phone", "HR compared to IT": a count of each value side by side, i.e. the
        count per that field over just those values."""
        at = [k for k in available if toks[k].norm in ("vs", "versus", "v") or (
            toks[k].norm == "compared" and k + 1 < len(toks) and toks[k + 1].norm in ("to", "with"))]
        ratio = guess.intent == "share" and any(t.norm == "ratio" for t in toks)
        if ratio:  # "ratio of email to phone incidents" is the two counts, not a share of both
            at = [k for k in available if toks[k].norm in ("to", "vs", "versus")]
        if not at or guess.intent not in (None, "count", *(("share",) if ratio else ())) or guess.group_by:
            return
        k = at[0]
        before = [f for f in found if f.end <= k and f.values and not f.negate]
        after = [f for f in found if f.start > k and f.values and not f.negate]
        if not before or not after or before[-1].field != after[0].field:
            return
        guess.intent, guess.explicit, guess.group_by = "group", True, before[-1].field
        available.discard(k)
        if toks[k].norm == "compared":
            available.discard(k + 1)

    @staticmethod
    def _filters(found: list[Found], dates: tuple[DateRange, ...]) -> RequestFilters:
        conds: list[FieldCondition] = []
        resolved = None
        for f in found:
            if f.resolved is not None:
                resolved = (not f.resolved) if f.negate else f.resolved
                continue
            for i, c in enumerate(conds):
                if c.field == f.field and c.negate == f.negate:
                    conds[i] = FieldCondition(c.field, tuple(dict.fromkeys(c.values + f.values)), c.negate,
                                              f"{c.label}, {f.label}")
                    break
            else:
                conds.append(f.condition())
        if any(d.field == "resolved_at" for d in dates):
            # "resolved last week" is about the resolution date, not only the status named Resolved
            conds = [c for c in conds if not (c.field == "status" and not c.negate and c.label.lower() in (
                "resolved", "closed", "fixed", "solved", "completed", "done", "finished"))]
        return RequestFilters(tuple(conds), dates, resolved)

    def _search_filters(self, kept: list[Found], dates: tuple[DateRange, ...], toks: list[Token]) -> RequestFilters:
        """Filters of a search: values used as filters ("open requests about X", "critical
        tickets", "at Location 143"; not "can't open payslip" or "URGENT: …"), and dates when a
        request noun or a date verb is right before them."""
        kept_dates = tuple(d for d in dates if d.field != "created_at" or self._date_cued(d, toks))
        return self._filters(kept, kept_dates)

    @staticmethod
    def _date_cued(d: DateRange, toks: list[Token]) -> bool:
        words = [t.norm for t in toks]
        label = d.label.split()
        for k in range(len(words)):
            if words[k:k + len(label)] == [normalise(w).replace(" ", "") for w in label]:
                before = words[max(0, k - 3):k]
                return bool(set(before) & (REQUEST_NOUNS | {"created", "opened", "raised", "logged", "submitted",
                                                            "reported", "filed"}))
        return False

    def _analytic_topic(self, toks: list[Token], available: set[int]) -> tuple[str, list[str]]:
        """The words an analytic question leaves, in two kinds: content words in a topic slot
        ("*phishing* tickets", "requests about *VPN drops*") become a full-text condition, stated
        in the answer; any other word is returned as unexplained (counting without it, or with
        it as text, would answer another question: "how many requests *breached the SLA*")."""
        topic: list[str] = []
        other: list[str] = []
        for k in sorted(available):
            w = toks[k].norm
            if w.isdigit() and len(w) < 3:
                # a number in a topic ("windows 10 tickets") is part of it; one that no part of the
                # plan read ("p1 or 3 days old") would change the count if dropped
                in_run = bool(topic and k - 1 in available and toks[k - 1].raw == topic[-1])
                (topic if in_run else other).append(w)
                continue
            if w in NOISE or w in MEANING_WORDS or len(w) < 2:
                continue
            after = toks[k + 1].norm if k + 1 < len(toks) else ""
            before = toks[k - 1].norm if k > 0 else ""
            run_to_noun = any(toks[j].norm in REQUEST_NOUNS for j in range(k + 1, min(len(toks), k + 3)))
            slot = after in REQUEST_NOUNS or run_to_noun or before in _TOPIC_PREPOSITIONS or bool(
                topic and k - 1 in available and toks[k - 1].raw == topic[-1])
            (topic if slot else other).append(w)
        return " ".join(topic), other

    def _cant(self, q: str, filters: RequestFilters, unexplained: tuple[str, ...], topic: str) -> QueryPlan:
        return QueryPlan(q, "cant", filters=filters, topic=topic, unexplained=unexplained,
                         refusal_reason="unexplained words")

    def _complete(self, plan: QueryPlan, guess: IntentGuess, found: list[Found], dates: tuple[DateRange, ...],
                  now: datetime) -> QueryPlan:
        """Defaults each metric needs: a list's order and size, "open" for ages, a share's part."""
        f = plan.filters
        if plan.intent == "list":
            # "which requests were resolved yesterday?": newest by the date the question names
            by: DateField = next((d.field for d in f.dates), "created_at")
            plan = replace(plan, order=plan.order or Order(by, True), limit=plan.limit or 10)
            if guess.needs_open and not (f.fields() & {"status"}) and f.resolved is None:
                plan = replace(plan, filters=self._with_open(f))
        elif plan.intent == "duration" and plan.duration and plan.duration.measure == "age":
            if "status" not in f.fields() and f.resolved is None:
                plan = replace(plan, filters=self._with_open(f))
        elif plan.intent == "share":
            base, part = self._split_share(found, dates, guess.part_from, guess.split_candidates)
            if part.is_empty() and not plan.topic:
                return replace(plan, intent="cant", refusal_reason="share of what", unexplained=("share",))
            plan = replace(plan, filters=base, part=part)
        elif plan.intent == "trend":
            # "resolved each day last 7 days": the date range names the date the trend counts
            fields = [d.field for d in f.dates if d.field != "created_at"]
            if plan.trend_field == "created_at" and fields:
                plan = replace(plan, trend_field=fields[0])
            elif plan.trend_field != "created_at" and f.dates and all(d.field == "created_at" for d in f.dates):
                # "resolved each month for the past 12 months": the range is on the date counted
                moved = tuple(replace(d, field=plan.trend_field) for d in f.dates)
                plan = replace(plan, filters=replace(f, dates=moved))
            if plan.trend_unit is None:
                plan = replace(plan, trend_unit="month")
        return plan

    def _with_open(self, filters: RequestFilters) -> RequestFilters:
        field, values, _resolved = state_values(self.vocab, "open")
        if values:
            return filters.with_condition(FieldCondition(field, values, False, "unfinished"))
        return replace(filters, resolved=False)

    def _split_share(self, found: list[Found], dates: tuple[DateRange, ...], part_from: int | None,
                     candidates: list[int]) -> tuple[RequestFilters, RequestFilters]:
        """Base and part of a share: "what % of *IT requests* are *critical*", "how many of our
        *closed tix* are in *parking*, as a percentage": the first split word with conditions on
        both sides splits them; without one, every condition is the part."""
        for c in candidates:
            if any(f.start < c for f in found) and any(f.start > c for f in found):
                return (self._filters([f for f in found if f.start < c], dates),
                        self._filters([f for f in found if f.start > c], ()))
        if part_from is None:
            return self._filters([], dates), self._filters(found, ())
        base = [f for f in found if f.start < part_from]
        part = [f for f in found if f.start >= part_from]
        if not part:
            return self._filters([], dates), self._filters(found, ())
        return self._filters(base, dates), self._filters(part, ())


__all__ = ["COUNTS_PEOPLE", "NOT_IN_THE_DATA", "NO_REQUESTERS", "OTHERS_REQUESTS", "WHOSE_REQUESTS", "QuestionParser", "clean_question"]

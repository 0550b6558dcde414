"""What a question asks for: the metric (count, ordered list, counts per field, duration
statistics, trend, share), its grouping field, order, limit and date field.

Rules over word tokens, written against the *data's* field names (any ``[metadata]`` column
can be grouped by: "which location reported the most incidents?", "tickets per channel"), not
against one export's phrasing.  Every token a rule uses is reported as consumed, so the words
left over are either the topic or, when they change the meaning ("oldest", "average", "not"),
the part of the question askdesk did not understand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from askdesk.answering.plan import DurationSpec, Order
from askdesk.answering.understand.text import Token
from askdesk.answering.understand.values import field_words, plural
from askdesk.answering.understand.words import ISSUE_WORDS, NOISE, NUMBER_WORDS, REQUEST_NOUNS
from askdesk.answering.vocabulary import ABBREVIATIONS, Vocabulary

_RANK_MOST = frozenset(["most", "highest", "top", "biggest", "largest", "busiest", "max", "maximum", "greatest", "leading", "heaviest"])
_RANK_FEWEST = frozenset(["fewest", "least", "lowest", "smallest", "quietest", "min", "minimum"])
_GROUP_VERBS = frozenset(["send", "sends", "raise", "raises", "log", "logs", "submit", "submits", "has", "have", "had", "gets", "get", "got", "saw", "sees", "see", "received", "receives", "receive", "reported", "reports", "report", "logged", "logs", "raised", "raises", "generated", "generates", "produced", "produces", "opened", "opens", "submitted", "creates", "created", "is", "was", "are", "were", "does", "did", "do", "sent", "sends", "accounts", "came", "comes"])
_COUNT_WORDS = (("how", "many"), ("howmany",), ("how", "much"), ("number", "of"), ("no", "of"), ("nr", "of"), ("num", "of"),
                ("count",), ("counts",), ("counting",), ("total",), ("tally",), ("#",), ("amount", "of"),
                ("are", "there", "any"), ("is", "there", "any"))
_SHARE_WORDS = frozenset(["percent", "percentage", "percentages", "%", "share", "proportion", "fraction", "ratio", "pct"])
_STAT_WORDS = {"average": "mean", "avg": "mean", "mean": "mean", "typical": "mean", "typically": "mean",
               "median": "median", "p90": "p90", "90th": "p90", "percentile": "p90"}
_TIME_WORDS = frozenset(["time", "times", "duration", "durations", "long", "take", "takes", "took", "taking", "days", "hours", "resolve", "resolved", "resolving", "resolution", "resolutions", "close", "closing", "closed", "fix", "fixing", "fixed", "turnaround", "ttr", "mttr", "sla", "age", "aging", "ageing", "old", "solve", "solving", "handle", "handling", "lifetime", "wait", "waiting"])
_RESOLVE_WORDS = frozenset(["resolve", "resolved", "resolving", "resolution", "close", "closing", "closed", "fix", "fixing", "fixed", "solve", "solving", "turnaround", "ttr", "mttr", "handle", "handling", "complete", "completing"])
_AGE_WORDS = frozenset(["age", "aging", "ageing", "old", "open", "opened", "waiting", "outstanding", "been"])
_TREND_UNITS = {"day": "day", "daily": "day", "days": "day", "week": "week", "weekly": "week", "weeks": "week",
                "month": "month", "monthly": "month", "months": "month"}
_LIST_STARTS = frozenset(["list", "show", "display", "give", "get", "pull", "find", "fetch", "enumerate"])
#: words of "how long does it take us to close…" once the question is about a duration
_DURATION_FILLER = frozenset("take takes took taking to get gets getting got typical typically usually normally on full overall "  # noqa: SIM905
                             "average us them do does did long how old percentile 90th p90 median mean avg "
                             "duration durations % percent th".split())
#: words that ask for a breakdown, consumed once the question is one ("break down … by priority")
_GROUPING_WORDS = frozenset("break down breakdown breakdowns split splitting grouped group distribution spread "  # noqa: SIM905
                            "bucket bucketed segment".split())
_DATE_VERBS = {
    **dict.fromkeys(("created", "opened", "raised", "logged", "submitted", "reported", "filed", "came", "come",
                     "arrived"), "created_at"),
    **dict.fromkeys(("updated", "modified", "changed", "touched"), "updated_at"),
    **dict.fromkeys(("resolved", "closed", "fixed", "solved", "completed"), "resolved_at"),
}
_SPLIT_WORDS = frozenset(["are", "is", "were", "was", "that", "which", "have", "has", "had", "got", "get", "came", "come", "with", "being"])


#: words the rules read (a typo is corrected towards these)
RULE_WORDS = frozenset(
    {w for seq in _COUNT_WORDS for w in seq} | _SHARE_WORDS | set(_STAT_WORDS) | _TIME_WORDS | _RANK_MOST
    | _RANK_FEWEST | set(_TREND_UNITS) | _LIST_STARTS
    | {"oldest", "newest", "latest", "earliest", "recent", "recently", "updated", "longest", "slowest", "fastest",
       "quickest", "common", "frequent", "breakdown", "distribution", "which", "what", "open", "closed", "resolved",
       "unresolved", "outstanding", "critical", "urgent", "pending", "requests", "tickets", "incidents", "many"})


@dataclass
class IntentGuess:
    intent: str | None = None
    #: the question itself names the metric (a follow-up without one keeps the previous metric)
    explicit: bool = False
    group_by: str | None = None
    rank: str | None = None
    order: Order | None = None
    limit: int | None = None
    duration: DurationSpec | None = None
    trend_unit: str | None = None
    trend_field: str = "created_at"
    #: share: token index where the part's conditions begin (None: every condition is the part)
    part_from: int | None = None
    #: share: words that may split the base from the part ("of IT requests *are* critical")
    split_candidates: list[int] = field(default_factory=list)
    #: the list asks for unfinished requests only ("open the longest")
    needs_open: bool = False
    consumed: set[int] = field(default_factory=set)


class IntentReader:
    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.fields_by_word: dict[str, list[str]] = {}
        for name in vocab.fields:
            for w in field_words(name):
                self.fields_by_word.setdefault(w, []).append(name)

    # ------------------------------------------------------------------ fields
    def field_at(self, words: list[str], i: int) -> tuple[str | None, int]:
        """The field named by the words at ``i`` ("assignment group", "locations", "team"), and
        how many words name it."""
        fields = self.vocab.fields
        for size in (3, 2, 1):
            gram = " ".join(words[i:i + size])
            alias = self.vocab.field_aliases.get(gram) or (
                self.vocab.field_aliases.get(gram[:-1]) if gram.endswith("s") else None)
            if alias and len(gram) > 2:
                return alias, size  # the source's own column name ("contact type")
            for name in fields:
                norm = name.replace("_", " ")
                if gram in (norm, " ".join([*norm.split()[:-1], plural(norm.split()[-1])])):
                    return name, size
        if i >= len(words):
            return None, 0
        names = self.fields_by_word.get(words[i], [])
        if not names:
            return None, 0
        # the word is a field's own name first ("group" -> assignment_group over a "group_type"; "dept" ->
        # a department field over the category's generic synonyms)
        exact = [n for n in names if words[i] in (n, n + "s") or words[i] in n.split("_")
                 or words[i] in {f for w in n.split("_") for s in ABBREVIATIONS.get(w, ()) for f in (s, s + "s")}]
        choice = (exact or names)[0]
        size = 2 if i + 1 < len(words) and words[i + 1] in field_words(choice) else 1
        return choice, size

    def finest_category(self) -> str | None:
        for name in ("subcategory", "category"):
            if len(self.vocab.values(name)) >= 2:
                return name
        return None

    # ------------------------------------------------------------------ reading
    def read(self, toks: list[Token], available: set[int]) -> IntentGuess:
        words = [t.norm if k in available else "\x00" for k, t in enumerate(toks)]
        g = IntentGuess()

        def take(*idx: int) -> None:
            g.consumed.update(k for k in idx if 0 <= k < len(words))

        def has(i: int, seq: tuple[str, ...]) -> bool:
            return tuple(words[i:i + len(seq)]) == seq

        n = len(words)
        for i in range(n):
            for seq in _COUNT_WORDS:
                if has(i, seq):
                    if seq in (("total",),) and i + 1 < n and words[i + 1] in ("time", "duration", "hours", "days"):
                        continue
                    if seq == ("counting",) and i > 0 and words[i - 1] == "not":
                        continue  # "not counting remote": a negation
                    g.intent, g.explicit = "count", True
                    take(*range(i, i + len(seq)))
        self._duration(words, g, take)
        if g.intent != "duration":
            self._share(words, g, take)
        self._trend(words, g, take)
        if g.intent not in ("duration", "share", "trend"):
            self._order(words, g, take)
        if g.intent not in ("share", "trend", "list"):
            self._group(words, g, take)
        if g.intent is None:
            for i, w in enumerate(words):
                if w in ("which", "what") and i + 1 < n and words[i + 1] in REQUEST_NOUNS:
                    g.intent, g.explicit = "list", True  # "which requests were resolved yesterday?"
                    take(i)
                    break
                if w in _LIST_STARTS and (i == 0 or words[i - 1] in ("me", "can", "you", "pls", "please", "\x00")):
                    g.intent, g.explicit = "list", True
                    take(i)
                    if i + 1 < n and words[i + 1] in ("me", "all", "the", "every"):
                        take(i + 1)
                    break
        self._limit(words, g, take)
        return g

    def _share(self, words: list[str], g: IntentGuess, take) -> None:  # type: ignore[no-untyped-def]
        for i, w in enumerate(words):
            if w in ("%", "percent", "pct") and i > 0 and words[i - 1].isdigit() \
                    and not (i > 1 and words[i - 2] in ("what", "which", "over", "above", "below", "under")):
                take(i)  # "stuck at 62%": a number in the text, not the share asked for
                continue
            if w in _SHARE_WORDS or (w == "rate" and i > 0 and words[i - 1] in ("resolution", "closure", "close",
                                                                                  "fix", "completion")):
                g.intent, g.explicit = "share", True
                take(i)
                # "what fraction … ? in percent", "share … as a %": the same ask said twice
                take(*[k for k, x in enumerate(words) if k > i and x in ("percent", "percentage", "%", "pct")])
                g.split_candidates = [k for k, x in enumerate(words) if x in _SPLIT_WORDS]
                # the part starts after "of <base>" at the first "are / that / with …"
                j = i + 1
                if j < len(words) and words[j] == "of":
                    take(j)
                    j += 1
                while j < len(words) and words[j] not in _SPLIT_WORDS:
                    j += 1
                if j < len(words):
                    take(j)
                    g.part_from = j + 1
                if w == "rate":
                    g.part_from = None
                return

    def _duration(self, words: list[str], g: IntentGuess, take) -> None:  # type: ignore[no-untyped-def]
        stats: list[str] = []
        hit: list[int] = []
        time_hit = [i for i, w in enumerate(words) if w in _TIME_WORDS]
        for i, w in enumerate(words):
            stat = _STAT_WORDS.get(w)
            if stat is None and w == "how" and i + 1 < len(words) and words[i + 1] in ("long", "old"):
                stat = "mean"
                hit += [i, i + 1]
            if stat and (time_hit or hit):
                stats.append(stat)
                hit.append(i)
        for i, w in enumerate(words):
            if w in ("slowest", "fastest", "quickest") and set(words[i:i + 4]) & _RESOLVE_WORDS \
                    and ({"which", "what"} & set(words[:i]) or self.field_at(words, i + 1)[0]):
                # "which group is slowest to resolve?", "slowest team to resolve tickets": the
                # groups' durations compared, not the slowest requests
                hit.append(i)
        phrases = (("time", "to"), ("resolution", "time"), ("resolution", "times"), ("turnaround",), ("mttr",),
                   ("ttr",), ("how", "long"), ("how", "old"), ("age", "of"), ("aging",), ("ageing",))
        for i in range(len(words)):
            for p in phrases:
                if tuple(words[i:i + len(p)]) == p:
                    hit += list(range(i, i + len(p)))
        if not hit:
            lone = [i for i, w in enumerate(words) if w in _STAT_WORDS and w not in ("typical", "typically")]
            rest = [w for k, w in enumerate(words) if w != "\x00" and k not in lone]
            if lone and (len(rest) < 5 or all(w in NOISE or w in ("90th", "th") for w in rest)):
                # "and the median?" in a thread: a duration, its measure from the previous turn
                g.intent, g.explicit = "duration", False
                g.duration = DurationSpec("resolution_time", ("mean", "median", "p90"))
                take(*lone)
            return
        near = set(words[min(hit):max(hit) + 6])
        measure = "resolution_time"
        if (near & _AGE_WORDS and not near & _RESOLVE_WORDS) or "old" in near:
            measure = "age"
        if "longest" in words or "slowest" in words:
            stats.append("max")
        if "shortest" in words or "fastest" in words or "quickest" in words:
            stats.append("min")
        chosen = tuple(dict.fromkeys(["mean", "median", "p90", *stats]))
        g.intent, g.explicit = "duration", True
        g.duration = DurationSpec(measure, chosen)  # type: ignore[arg-type]
        take(*hit)
        waiting_on = {k for i, w in enumerate(words) if w in ("waiting", "wait") and i + 1 < len(words)
                      and words[i + 1] in ("on", "for", "with", "from") for k in (i, i + 1, i + 2)}
        for i, w in enumerate(words):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if w in ("closed", "resolved", "fixed", "solved", "completed") and nxt in REQUEST_NOUNS:
                continue  # "closed tickets": a status, not the measure
            it_takes = w == "it" and nxt in ("take", "takes", "took", "to")
            if i in waiting_on or (w == "on" and nxt == "hold"):
                continue  # "age of requests waiting on us", "how old are on-hold tickets on average": statuses
            if w in _TIME_WORDS or w in _DURATION_FILLER or it_takes or (w in ("90", "50") and nxt in ("%", "percent",
                                                                                                    "th")):
                take(i)

    def _trend(self, words: list[str], g: IntentGuess, take) -> None:  # type: ignore[no-untyped-def]
        if g.intent in ("duration", "share"):
            return
        for i, w in enumerate(words):
            unit = None
            if w in ("daily", "weekly", "monthly"):
                unit = _TREND_UNITS[w]
                take(i)
            elif w in ("per", "by", "each", "every", "a") and i + 1 < len(words) and words[i + 1] in ("day", "week", "month"):
                if w == "a" and not (i > 0 and words[i - 1] in REQUEST_NOUNS | {"many", "get", "we"}):
                    continue
                unit = _TREND_UNITS[words[i + 1]]
                take(i, i + 1)
            elif w in ("trend", "trends", "trending") or (w == "over" and i + 1 < len(words) and words[i + 1] == "time"):
                unit = g.trend_unit or "month"
                take(i, i + 1 if w == "over" else i)
            elif w in ("month", "week", "day") and i + 2 < len(words) and words[i + 1] in ("by", "over", "on") \
                    and words[i + 2] == w:
                unit = _TREND_UNITS[w]
                take(i, i + 1, i + 2)
            if unit:
                g.intent, g.explicit, g.trend_unit = "trend", True, unit
        if g.intent == "trend":
            # in a trend the verb names the date counted ("resolved per week"), not a status
            for k, x in enumerate(words):
                field_ = _DATE_VERBS.get(x) or {"resolutions": "resolved_at", "closures": "resolved_at",
                                                "fixes": "resolved_at", "updates": "updated_at"}.get(x)
                if field_ and not (k > 0 and words[k - 1] in ("status", "state")):
                    if field_ != "created_at":
                        g.trend_field = field_
                    take(k)

    @staticmethod
    def _date_verb(words: list[str], lo: int, hi: int) -> tuple[str | None, int | None]:
        """The date field a verb near the order word names ("updated", "resolved", "opened")."""
        for k in range(max(0, lo), min(len(words), hi)):
            field = _DATE_VERBS.get(words[k])
            if k > 0 and words[k - 1] in ("not", "never", "isnt", "wasnt", "arent", "werent", "or", "and", "nor"):
                continue  # "not resolved (or closed)": a negated status list, not the date to order by
            status_like = words[k] in ("closed", "resolved", "completed", "fixed", "solved")
            if field and not (status_like and k + 1 < len(words) and words[k + 1] in REQUEST_NOUNS):  # a status
                return field, k
        return None, None

    def _order(self, words: list[str], g: IntentGuess, take) -> None:  # type: ignore[no-untyped-def]
        n = len(words)
        for i, w in enumerate(words):
            nxt = words[i + 1] if i + 1 < n else ""
            nxt2 = words[i + 2] if i + 2 < n else ""
            order: Order | None = None
            used = [i]
            resolve_near = bool(_RESOLVE_WORDS & set(words[max(0, i - 3):i + 4]) or {"took", "take", "takes"} & set(
                words[max(0, i - 3):i]))
            if w in ("oldest", "earliest"):
                order = Order("created_at", False)
                if nxt == "open" or (nxt in REQUEST_NOUNS and nxt2 == "open"):
                    order = Order("age", True)
            elif w in ("newest", "latest", "recent", "recently", "last", "first") or (w == "most" and nxt in (
                    "recent", "recently")):
                if nxt in ("time", "times"):
                    continue  # "how was it fixed last time?" asks for the fix, not an order
                # "which p5 INC was resolved last?", "which came in last?"
                verb_before = i > 0 and (words[i - 1] in _DATE_VERBS or (
                    words[i - 1] in ("in", "up") and i > 1 and words[i - 2] in _DATE_VERBS))
                if w == "last" and not (nxt.isdigit() or nxt in NUMBER_WORDS or nxt in REQUEST_NOUNS
                                        or nxt in _DATE_VERBS or nxt == "one" or verb_before):
                    continue  # "last" of a date ("last week") is read by the dates
                if w == "first" and not (nxt.isdigit() or nxt in NUMBER_WORDS or nxt in REQUEST_NOUNS
                                         or nxt in _DATE_VERBS or (i > 0 and words[i - 1] in _DATE_VERBS)):
                    continue
                field, at = self._date_verb(words, i - 2, i + 4)
                if w in ("recent", "recently") and nxt in _DATE_VERBS:
                    field, at = _DATE_VERBS[nxt], i + 1  # "the most recently solved ticket": the date, not a status
                elif w == "most" and nxt in ("recent", "recently") and nxt2 in _DATE_VERBS:
                    field, at = _DATE_VERBS[nxt2], i + 2
                if field is None and w in ("last", "first"):
                    field, at = self._date_verb(words, i, n)  # "the last ticket in Facilities we resolved"
                after = nxt2 if w == "most" else nxt
                if w != "first" and after in ("update", "updates", "activity"):
                    field, at = "updated_at", i + 1 + (w == "most")  # "with the latest updates"
                order = Order(field or "created_at", w != "first")
                used += [i + 1] if w == "most" else []
                if at is not None:
                    used.append(at)
            elif w in ("least", "not") and nxt == "recently" and nxt2 in _DATE_VERBS:
                order = Order(_DATE_VERBS[nxt2], False)
                used += [i + 1, i + 2]
            elif w in ("stale", "stalest"):
                order = Order("updated_at", False)
            elif w in ("longest", "long") and {"updated", "update", "updates", "touched", "activity"} & set(
                    words[max(0, i - 4):i + 4]) and {"without", "havent", "hasnt", "not", "no", "since"} & set(
                    words[max(0, i - 5):i + 4]):
                # "pending tix that haven't been updated for the longest", "gone the longest without an update"
                order = Order("updated_at", False)
                used += [k for k in range(max(0, i - 5), min(n, i + 4)) if words[k] in (
                    "updated", "update", "updates", "touched", "activity", "without", "havent", "hasnt", "not", "no",
                    "been", "for", "the", "gone", "an", "any", "since", "last")]
            elif w in ("longest", "long") and (
                    {"open", "opened", "outstanding", "waiting", "running", "unresolved", "pending", "sitting", "been"}
                    & set(words[max(0, i - 4):i + 3])):
                order = Order("age", True)
                used += [k for k in range(max(0, i - 4), min(n, i + 3)) if words[k] in (
                    "open", "been", "the", "outstanding", "waiting", "running", "sitting", "has", "have", "for")]
                g.needs_open = True
            elif w in ("slowest", "longest") and resolve_near:
                order = Order("resolution_time", True)
                used += [k for k in range(i, min(n, i + 4)) if words[k] in ("to", "resolve", "close", "fix", "solve")]
                used += [k for k in range(max(0, i - 2), i) if words[k] in ("took", "take", "takes", "taken", "taking")]
            elif w in ("fastest", "quickest") and resolve_near:
                order = Order("resolution_time", False)
                used += [k for k in range(i, min(n, i + 4)) if words[k] in ("to", "resolve", "close", "fix", "solve")]
                used += [k for k in range(max(0, i - 3), i) if words[k] in _RESOLVE_WORDS | {"was", "were", "got", "the"}]
            if order is not None:
                g.order = order
                g.intent = "list"
                g.explicit = True
                if i + 1 < n and words[i + 1] in ("first", "last") and w not in ("first", "last"):
                    used.append(i + 1)  # "oldest first": the direction, said twice
                take(*used)
                if i > 0 and words[i - 1] == "most":
                    take(i - 1)
                return

    def _group(self, words: list[str], g: IntentGuess, take) -> None:  # type: ignore[no-untyped-def]
        n = len(words)
        rank = None
        rank_at = None
        for i, w in enumerate(words):
            if (w in _RANK_MOST or w in _RANK_FEWEST) and self._names_a_value(words, i):
                continue  # "excluding priority highest", "lowest prio": a value, not the ranking
            if w in _RANK_MOST:
                rank, rank_at = "most", i
            elif w in _RANK_FEWEST:
                rank, rank_at = "fewest", i
        for i, w in enumerate(words):
            field_name: str | None = None
            used: list[int] = []
            if w in ("by", "per", "each", "every", "across") or (w == "for" and i + 1 < n and words[i + 1] == "each"):
                j = i + 1 + (w == "for")
                if j < n and words[j] in ("each", "every", "the"):
                    j += 1
                field_name, size = self.field_at(words, j)
                if field_name and self.vocab.phrase_index.get(" ".join(words[j:j + size + 1])):
                    field_name = None  # "handled by group 24": a value, not "by group"
                used = list(range(i, j + size))
            elif w in ("which", "what", "whats"):
                skip = 1 + (i + 1 < n and (words[i + 1].isdigit() or words[i + 1] in NUMBER_WORDS))
                if skip == 2:
                    g.limit = int(words[i + 1]) if words[i + 1].isdigit() else NUMBER_WORDS[words[i + 1]]
                field_name, size = self.field_at(words, i + skip)
                if field_name is None and i + skip + 1 < n and words[i + skip] not in self.vocab.phrase_index \
                        and self.field_at(words, i + skip + 1)[0] and words[i + skip] not in REQUEST_NOUNS:
                    # "which zendesk group …", "which support team …": a word naming the field's kind
                    field_name, size = self.field_at(words, i + skip + 1)
                    size += 1
                if field_name and any(self.vocab.phrase_index.get(" ".join(words[i + skip:i + skip + size + k]))
                                      for k in (1, 2)):
                    field_name = None  # "which priority 2 incidents …": a value, not "which priority"
                size += skip - 1
                if field_name is None and i + 2 < n and words[i + 1] in ("is", "was", "are"):
                    field_name, size = self.field_at(words, i + 3) if words[i + 2] == "the" else (None, 0)
                    if field_name:
                        size += 2
                # "which team has …", "what location had the most …"; not "which status is REQ-1"
                after = set(words[i + 1 + size:i + 5 + size])
                if field_name and not (rank or after & _GROUP_VERBS or after & REQUEST_NOUNS):
                    field_name = None
                used = list(range(i, i + 1 + size))
            elif i + 1 < n and rank_at is not None and i + 3 >= rank_at > i and words[i + 1] in ("with", "that", "having") \
                    and self.field_at(words, i)[0]:
                field_name, size = self.field_at(words, i)  # "team with the most tix?"
                used = list(range(i, i + size + 1))
            elif w in ("slowest", "fastest", "quickest") and g.intent == "duration" and self.field_at(words, i + 1)[0]:
                field_name, size = self.field_at(words, i + 1)  # "slowest team to resolve tickets"
                used = [i, *range(i + 1, i + 1 + size)]
            elif w == "where" and rank and self.field_at(words, i)[0]:
                field_name, size = self.field_at(words, i)  # "where do most tickets come from?"
                used = [i, *(k for k in range(i + 1, n) if words[k] in ("come", "comes", "coming", "from", "do", "does"))]
            elif w in ("statuses", "priorities", "categories") and i + 1 < n and words[i + 1] in ("of", "for") \
                    and self.field_at(words, i)[0]:
                field_name, size = self.field_at(words, i)  # "statuses of the open access requests"
                used = [i, i + 1]
            elif w in ("breakdown", "breakdowns", "distribution", "split", "mix") and i > 0 and self.field_at(words, i - 1)[0]:
                field_name, size = self.field_at(words, i - 1)  # "channel breakdown for tickets"
                used = [i - 1, i]
            elif w in ("breakdown", "distribution", "split", "spread", "breakdowns", "grouped", "broken", "break",
                       "group", "bucket", "segment", "splitting"):
                later_by = any(words[k] in ("by", "per") and self.field_at(words, k + 1)[0] for k in range(i + 1, n))
                for j in range(i + 1, min(n, i + 6)):
                    field_name, size = self.field_at(words, j)
                    if later_by and words[j - 1] not in ("by", "per"):
                        field_name = None  # "breakdown of tickets with subcategory laptop by team": the "by" field
                        continue
                    if field_name and (w not in ("group", "break") or words[j - 1] in ("by", "per", "into")):
                        # "breakdown of open requests by priority": only the field and its "by"
                        used = [i, *range(j, j + size)] + ([j - 1] if words[j - 1] in ("by", "of", "per", "across") else [])
                        used += [k for k in range(i, j) if words[k] == "down"]
                        break
                    field_name = None
            elif w in ("top",) or (w in ("common", "frequent", "commonest", "reported") and rank_at is not None):
                j = i + 1
                if j < n and (words[j].isdigit() or words[j] in NUMBER_WORDS):
                    j += 1
                field_name, size = self.field_at(words, j)
                if field_name is None and j < n and (words[j] in ISSUE_WORDS or words[j] in REQUEST_NOUNS) \
                        and (w != "top" or words[j] in ISSUE_WORDS):
                    field_name, size = self.finest_category(), 1
                if field_name:
                    used = list(range(i, j + size))
                    rank = rank or "most"
                    if w == "top" and j > i + 1:
                        g.limit = int(words[i + 1]) if words[i + 1].isdigit() else NUMBER_WORDS[words[i + 1]]
            if field_name:
                if g.intent == "duration":  # "average resolution time per category"
                    g.group_by = field_name
                    assert g.duration is not None
                    g.duration = DurationSpec(g.duration.measure, ("mean", "median", "p90"))
                    g.rank = rank or ("most" if {"slowest", "longest"} & set(words) else
                                      "fewest" if {"fastest", "quickest", "shortest"} & set(words) else None)
                    take(*used)
                    return
                g.intent, g.explicit, g.group_by = "group", True, field_name
                g.rank = rank
                take(*used)
                take(*[k for k, x in enumerate(words) if x in _GROUPING_WORDS])
                if rank_at is not None:
                    take(rank_at)
                    # "which orgs have the most unsolved tickets? top 3": every word of the same ranking
                    same = _RANK_MOST if rank == "most" else _RANK_FEWEST
                    take(*[k for k, x in enumerate(words) if x in same and not self._names_a_value(words, k)])
                    if rank_at + 1 < n and words[rank_at + 1] in ("common", "frequent", "popular", "used", "often"):
                        take(rank_at + 1)  # "what type of ticket is most common"
                    if rank_at > 0 and words[rank_at - 1] == "the":
                        take(rank_at - 1)
                return

    def _names_a_value(self, words: list[str], i: int) -> bool:
        """A rank word that is a value of the field named right before or after it ("priority
        highest", "highest prio")."""
        fields = {r.field for r in self.vocab.phrase_index.get(words[i], ())}
        near = [words[k] for k in (i - 1, i + 1) if 0 <= k < len(words)]
        return any(f in fields for w in near for f in self.fields_by_word.get(w, ()))

    def _limit(self, words: list[str], g: IntentGuess, take) -> None:  # type: ignore[no-untyped-def]
        if g.intent not in ("list", "group"):
            return
        for i, w in enumerate(words):
            if (w.isdigit() and 0 < int(w) <= 100) or w in NUMBER_WORDS:
                before = words[i - 1] if i > 0 else ""
                after = words[i + 1] if i + 1 < len(words) else ""
                if before in self.fields_by_word or before in ("priority", "p", "sev", "severity"):
                    continue  # "priority 1", "group 24": part of a value
                if before in {"top", "first", "last", "latest", "newest", "oldest", "show", "list", "give", "me", "the",
                              "which", "recent"} \
                        or after in REQUEST_NOUNS | {"oldest", "newest", "latest", "most", "recent", "longest", "stalest",
                                                     "last", "first"}:
                    g.limit = int(w) if w.isdigit() else NUMBER_WORDS[w]
                    take(i)
                    if i > 0 and words[i - 1] in ("top", "first", "last"):
                        take(i - 1)
                    return
        if g.intent == "list" and g.order is not None and g.limit is None:
            listed = words[0] in _LIST_STARTS or (len(words) > 1 and words[1] in _LIST_STARTS)
            plural = any(w in REQUEST_NOUNS and w.endswith("s") for w in words)
            if any(words[k] in ("first", "last") and k - 1 in g.consumed for k in g.consumed) or (listed and plural):
                return  # "list the open P1 incidents, oldest first": a list in that order, not one request
            # "which is the oldest?" / "the oldest one" ask for one; "oldest requests" for a few
            for k in sorted(g.consumed):
                if k + 1 < len(words) and words[k + 1] in REQUEST_NOUNS and words[k + 1].endswith("s"):
                    g.limit = 5
                    return
            g.limit = 1

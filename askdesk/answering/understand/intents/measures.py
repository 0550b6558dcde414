"""A metric over the matching requests: a share ("what percentage of IT requests are critical"),
duration statistics ("average time to resolve", "how old are the open ones") and a trend
("per week", "monthly", "over time")."""

from __future__ import annotations

from askdesk.answering.plan import DurationSpec
from askdesk.answering.understand.fields import FieldNames
from askdesk.answering.understand.intents.guess import IntentGuess, Take
from askdesk.answering.understand.intents.words import (
    AGE_WORDS,
    DATE_VERBS,
    DURATION_FILLER,
    RESOLVE_WORDS,
    SHARE_WORDS,
    SPLIT_WORDS,
    STAT_WORDS,
    TIME_WORDS,
    TREND_UNITS,
)
from askdesk.answering.understand.words import NOISE, REQUEST_NOUNS


def read_share(words: list[str], g: IntentGuess, take: Take) -> None:
    """A share ("percentage", "what fraction", "resolution rate"), and where its part's conditions begin."""
    for i, w in enumerate(words):
        if w in ("%", "percent", "pct") and i > 0 and words[i - 1].isdigit() \
                and not (i > 1 and words[i - 2] in ("what", "which", "over", "above", "below", "under")):
            take(i)  # "stuck at 62%": a number in the text, not the share asked for
            continue
        if w in SHARE_WORDS or (w == "rate" and i > 0 and words[i - 1] in ("resolution", "closure", "close",
                                                                              "fix", "completion")):
            g.intent, g.explicit = "share", True
            take(i)
            # "what fraction … ? in percent", "share … as a %": the same ask said twice
            take(*[k for k, x in enumerate(words) if k > i and x in ("percent", "percentage", "%", "pct")])
            g.split_candidates = [k for k, x in enumerate(words) if x in SPLIT_WORDS]
            # the part starts after "of <base>" at the first "are / that / with …"
            j = i + 1
            if j < len(words) and words[j] == "of":
                take(j)
                j += 1
            while j < len(words) and words[j] not in SPLIT_WORDS:
                j += 1
            if j < len(words):
                take(j)
                g.part_from = j + 1
            if w == "rate":
                g.part_from = None
            return


def read_duration(names: FieldNames, words: list[str], g: IntentGuess, take: Take) -> None:
    """Duration statistics ("average time to resolve", "how old", "median"): the measure (resolution
    time or age) and the statistics asked for."""
    stats: list[str] = []
    hit: list[int] = []
    time_hit = [i for i, w in enumerate(words) if w in TIME_WORDS]
    for i, w in enumerate(words):
        stat = STAT_WORDS.get(w)
        if stat is None and w == "how" and i + 1 < len(words) and words[i + 1] in ("long", "old"):
            stat = "mean"
            hit += [i, i + 1]
        if stat and (time_hit or hit):
            stats.append(stat)
            hit.append(i)
    for i, w in enumerate(words):
        if w in ("slowest", "fastest", "quickest") and set(words[i:i + 4]) & RESOLVE_WORDS \
                and ({"which", "what"} & set(words[:i]) or names.field_at(words, i + 1)[0]):
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
        lone = [i for i, w in enumerate(words) if w in STAT_WORDS and w not in ("typical", "typically")]
        rest = [w for k, w in enumerate(words) if w != "\x00" and k not in lone]
        if lone and (len(rest) < 5 or all(w in NOISE or w in ("90th", "th") for w in rest)):
            # "and the median?" in a thread: a duration, its measure from the previous turn
            g.intent, g.explicit = "duration", False
            g.duration = DurationSpec("resolution_time", ("mean", "median", "p90"))
            take(*lone)
        return
    near = set(words[min(hit):max(hit) + 6])
    measure = "resolution_time"
    if (near & AGE_WORDS and not near & RESOLVE_WORDS) or "old" in near:
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
        if w in TIME_WORDS or w in DURATION_FILLER or it_takes or (w in ("90", "50") and nxt in ("%", "percent",
                                                                                                "th")):
            take(i)


def read_trend(words: list[str], g: IntentGuess, take: Take) -> None:
    """A trend ("per week", "monthly", "over time") and the date it counts ("resolved per week")."""
    if g.intent in ("duration", "share"):
        return
    for i, w in enumerate(words):
        unit = None
        if w in ("daily", "weekly", "monthly"):
            unit = TREND_UNITS[w]
            take(i)
        elif w in ("per", "by", "each", "every", "a") and i + 1 < len(words) and words[i + 1] in ("day", "week", "month"):
            if w == "a" and not (i > 0 and words[i - 1] in REQUEST_NOUNS | {"many", "get", "we"}):
                continue
            unit = TREND_UNITS[words[i + 1]]
            take(i, i + 1)
        elif w in ("trend", "trends", "trending") or (w == "over" and i + 1 < len(words) and words[i + 1] == "time"):
            unit = g.trend_unit or "month"
            take(i, i + 1 if w == "over" else i)
        elif w in ("month", "week", "day") and i + 2 < len(words) and words[i + 1] in ("by", "over", "on") \
                and words[i + 2] == w:
            unit = TREND_UNITS[w]
            take(i, i + 1, i + 2)
        if unit:
            g.intent, g.explicit, g.trend_unit = "trend", True, unit
    if g.intent == "trend":
        # in a trend the verb names the date counted ("resolved per week"), not a status
        for k, x in enumerate(words):
            field_ = DATE_VERBS.get(x) or {"resolutions": "resolved_at", "closures": "resolved_at",
                                            "fixes": "resolved_at", "updates": "updated_at"}.get(x)
            if field_ and not (k > 0 and words[k - 1] in ("status", "state")):
                if field_ != "created_at":
                    g.trend_field = field_
                take(k)

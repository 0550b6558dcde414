"""The words the intent rules read: how a question asks for a count, a share, a duration
statistic, a trend, an order or a ranking, and the verbs that name a date field."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from askdesk.answering.filters import DateField

RANK_MOST = frozenset(["most", "highest", "top", "biggest", "largest", "busiest", "max", "maximum", "greatest", "leading", "heaviest"])
RANK_FEWEST = frozenset(["fewest", "least", "lowest", "smallest", "quietest", "min", "minimum"])
GROUP_VERBS = frozenset(["send", "sends", "raise", "raises", "log", "logs", "submit", "submits", "has", "have", "had", "gets", "get", "got", "saw", "sees", "see", "received", "receives", "receive", "reported", "reports", "report", "logged", "logs", "raised", "raises", "generated", "generates", "produced", "produces", "opened", "opens", "submitted", "creates", "created", "is", "was", "are", "were", "does", "did", "do", "sent", "sends", "accounts", "came", "comes"])
COUNT_WORDS = (("how", "many"), ("howmany",), ("how", "much"), ("number", "of"), ("no", "of"), ("nr", "of"), ("num", "of"),
               ("count",), ("counts",), ("counting",), ("total",), ("tally",), ("#",), ("amount", "of"),
               ("are", "there", "any"), ("is", "there", "any"))
SHARE_WORDS = frozenset(["percent", "percentage", "percentages", "%", "share", "proportion", "fraction", "ratio", "pct"])
STAT_WORDS = {"average": "mean", "avg": "mean", "mean": "mean", "typical": "mean", "typically": "mean",
              "median": "median", "p90": "p90", "90th": "p90", "percentile": "p90"}
TIME_WORDS = frozenset(["time", "times", "duration", "durations", "long", "take", "takes", "took", "taking", "days", "hours", "resolve", "resolved", "resolving", "resolution", "resolutions", "close", "closing", "closed", "fix", "fixing", "fixed", "turnaround", "ttr", "mttr", "sla", "age", "aging", "ageing", "old", "solve", "solving", "handle", "handling", "lifetime", "wait", "waiting"])
RESOLVE_WORDS = frozenset(["resolve", "resolved", "resolving", "resolution", "close", "closing", "closed", "fix", "fixing", "fixed", "solve", "solving", "turnaround", "ttr", "mttr", "handle", "handling", "complete", "completing"])
AGE_WORDS = frozenset(["age", "aging", "ageing", "old", "open", "opened", "waiting", "outstanding", "been"])
TREND_UNITS = {"day": "day", "daily": "day", "days": "day", "week": "week", "weekly": "week", "weeks": "week",
               "month": "month", "monthly": "month", "months": "month"}
LIST_STARTS = frozenset(["list", "show", "display", "give", "get", "pull", "find", "fetch", "enumerate"])
#: words of "how long does it take us to close…" once the question is about a duration
DURATION_FILLER = frozenset("take takes took taking to get gets getting got typical typically usually normally on full overall "  # noqa: SIM905
                            "average us them do does did long how old percentile 90th p90 median mean avg "
                            "duration durations % percent th".split())
#: words that ask for a breakdown, consumed once the question is one ("break down … by priority")
GROUPING_WORDS = frozenset("break down breakdown breakdowns split splitting grouped group distribution spread "  # noqa: SIM905
                           "bucket bucketed segment".split())
DATE_VERBS: dict[str, DateField] = {
    **dict.fromkeys(("created", "opened", "raised", "logged", "submitted", "reported", "filed", "came", "come",
                     "arrived"), "created_at"),
    **dict.fromkeys(("updated", "modified", "changed", "touched"), "updated_at"),
    **dict.fromkeys(("resolved", "closed", "fixed", "solved", "completed"), "resolved_at"),
}
SPLIT_WORDS = frozenset(["are", "is", "were", "was", "that", "which", "have", "has", "had", "got", "get", "came", "come", "with", "being"])


#: words the rules read (a typo is corrected towards these)
RULE_WORDS = frozenset(
    {w for seq in COUNT_WORDS for w in seq} | SHARE_WORDS | set(STAT_WORDS) | TIME_WORDS | RANK_MOST
    | RANK_FEWEST | set(TREND_UNITS) | LIST_STARTS
    | {"oldest", "newest", "latest", "earliest", "recent", "recently", "updated", "longest", "slowest", "fastest",
       "quickest", "common", "frequent", "breakdown", "distribution", "which", "what", "open", "closed", "resolved",
       "unresolved", "outstanding", "critical", "urgent", "pending", "requests", "tickets", "incidents", "many"})

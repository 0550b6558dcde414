"""The English the rules know: words that carry no topic, words that change what a question
asks, state words, negations and generic names of fields.

None of these are values of any export: values (statuses, categories, locations, …) always come
from the indexed data's :class:`~askdesk.answering.vocabulary.Vocabulary`.  These are the words
around them.
"""

from __future__ import annotations

#: words that say nothing about the topic of a question ("how many requests ... are there")
NOISE = frozenset(["a", "about", "after", "again", "ago", "all", "already", "also", "am", "an", "and", "any", "anybody", "anyone", "anything", "are", "as", "at", "be", "been", "being", "between", "breakdown", "by", "came", "can", "case", "cases", "categories", "category", "could", "count", "counts", "created", "currently", "day", "days", "did", "do", "does", "doing", "each", "else", "ever", "everything", "find", "for", "from", "get", "gets", "getting", "give", "got", "group", "groups", "had", "handled", "has", "have", "having", "how", "i", "if", "in", "incident", "incidents", "into", "involving", "is", "issue", "issues", "it", "item", "items", "its", "just", "know", "last", "least", "less", "let", "like", "list", "log", "logged", "many", "may", "me", "mention", "mentioned", "mentioning", "mentions", "might", "month", "months", "more", "most", "much", "must", "my", "need", "new", "no", "not", "now", "number", "of", "off", "old", "on", "one", "ones", "only", "onto", "open", "opened", "or", "our", "out", "over", "past", "pending", "per", "please", "possible", "previous", "priorities", "priority", "raise", "raised", "received", "regarding", "related", "report", "reported", "reports", "request", "requests", "resolved", "s", "said", "same", "say", "says", "see", "seen", "shall", "should", "show", "similar", "since", "so", "some", "somebody", "someone", "something", "status", "statuses", "still", "submitted", "such", "t", "tally", "team", "teams", "tell", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "ticket", "tickets", "tix", "tkt", "tkts", "to", "today", "top", "total", "under", "up", "us", "was", "we", "week", "weeks", "were", "what", "whats", "when", "where", "which", "who", "whom", "whose", "why", "will", "with", "word", "words", "worked", "would", "year", "years", "yesterday", "yet", "you", "your", "right", "currently", "moment", "overall", "altogether", "exactly", "pls", "plz", "thanks", "thx", "hey", "hi", "hello", "ok", "okay", "quick", "question", "wondering", "currently", "cur", "rn", "assigned", "handled", "owned", "via", "through", "came", "come", "comes", "coming", "went", "go", "goes", "logged", "filed", "marked", "flagged", "set"])

#: words that, left unexplained, mean askdesk would answer another question
MEANING_WORDS = frozenset(["oldest", "newest", "latest", "earliest", "average", "avg", "mean", "median", "percentile", "p90", "p95", "p99", "longest", "shortest", "fastest", "slowest", "quickest", "most", "least", "fewest", "common", "commonest", "frequent", "frequently", "top", "trend", "trends", "trending", "percent", "percentage", "share", "ratio", "proportion", "per", "each", "every", "not", "except", "excluding", "exclude", "without", "other", "than", "more", "less", "fewer", "greater", "above", "below", "compare", "compared", "comparison", "versus", "vs", "increase", "increased", "decrease", "decreased", "growth", "rate", "ranking", "rank", "ranked", "worst", "best", "biggest", "largest", "smallest", "highest", "lowest", "max", "min", "maximum", "minimum", "sum", "distribution", "breakdown", "next", "tomorrow", "forecast", "forecasts", "predict", "predicted", "prediction", "projected", "projection", "expect", "expected", "estimate", "estimated", "future", "busiest", "quietest", "cost", "costs", "price", "prices", "spend", "spent", "spending", "budget", "money", "revenue", "dollars", "euros", "pounds", "invoice", "billing", "satisfaction", "satisfied", "rating", "ratings", "score", "scores", "csat", "nps", "sentiment", "happiest", "happiness", "opinion", "productivity", "performance", "kpi", "efficiency"])

#: request nouns: a filter word next to one of these is used as a filter even in a search
REQUEST_NOUNS = frozenset(["request", "requests", "ticket", "tickets", "tix", "tkt", "tkts", "issue", "issues", "incident", "incidents", "case", "cases", "item", "items", "one", "ones", "queue", "problem", "problems", "call", "calls", "job", "jobs", "task", "tasks"])

#: mean "not finished" (any unfinished status; the literal status needs "status open" or quotes)
OPEN_WORDS = ("still open", "open", "unresolved", "outstanding", "unfinished", "backlog", "not yet resolved",
              "in flight", "ongoing", "unsolved", "unclosed", "opened and not closed")
#: mean "finished" unless the data has a status of that name
DONE_WORDS = ("done", "finished", "completed", "complete", "fixed", "solved", "closed out", "wrapped up")
#: everyday status words that name a family of statuses (Vocabulary.status_family)
STATUS_FAMILY_WORDS = ("pending", "waiting", "awaiting", "on hold", "paused", "in progress", "being worked on",
                       "wip", "cancelled", "canceled")

#: words that negate the value phrase after them (within a few words)
NEGATIONS = ("not", "no", "non", "excluding", "exclude", "excluded", "except", "without", "other than", "besides",
             "apart from", "aside from", "never", "nor", "neither", "outside", "but not", "isnt", "arent", "wasnt",
             "werent", "dont", "doesnt", "didnt", "havent", "hasnt", "minus", "ignoring", "ignore", "leaving out",
             "excl")
#: words allowed between a negation (or a value) and the next value of the same list
LIST_JOINERS = frozenset(["or", "and", "nor", ",", "yet", "either", "neither"])

#: generic names of fields -> words that may appear in an export's field name for it
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "team": ("group", "team", "assignment"),
    "teams": ("group", "team", "assignment"),
    "queue": ("group", "queue", "team"),
    "queues": ("group", "queue", "team"),
    "resolver": ("group",),
    "state": ("status", "state"),
    "states": ("status", "state"),
    "site": ("location", "site", "office"),
    "sites": ("location", "site", "office"),
    "office": ("location", "office", "site"),
    "offices": ("location", "office", "site"),
    "building": ("location", "building", "site"),
    "city": ("location", "city"),
    "place": ("location",),
    "where": ("location",),
    "type": ("category", "type"),
    "types": ("category", "type"),
    "kind": ("category", "type"),
    "department": ("department", "category"),
    "departments": ("department", "category"),
    "severity": ("priority", "severity"),
    "prio": ("priority",),
    "source": ("channel", "source", "contact"),
    "sources": ("channel", "source", "contact"),
    "contact": ("contact", "channel"),
    "via": ("channel", "contact"),
    "area": ("category", "subcategory", "area"),
}
#: "most common issues" names the finest categorisation the data has
ISSUE_WORDS = frozenset(["issue", "issues", "problem", "problems", "type", "types", "kind", "kinds", "reason", "reasons", "topic", "topics", "complaint", "complaints", "thing", "things"])

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "twenty": 20, "fifteen": 15, "dozen": 12}

#: short words that are values in some exports ("Yes", "Other", "None", "All") but in a question
#: are grammar: matched as values only next to their field's name
FUNCTION_WORDS = frozenset(["a", "an", "the", "in", "on", "at", "by", "of", "to", "for", "and", "or", "no", "yes", "none", "other", "others", "all", "any", "it", "is", "be", "as", "if", "so", "up", "we", "us", "me", "my", "our", "do", "not", "new", "one", "two", "etc", "n", "a", "na", "unknown", "misc", "general", "default"])

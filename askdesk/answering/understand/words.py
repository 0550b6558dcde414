"""The English the rules know: words that carry no topic, words that change what a question
asks, state words, negations and generic names of fields.

None of these are values of any export: values (statuses, categories, locations, …) always come
from the indexed data's :class:`~askdesk.answering.vocabulary.Vocabulary`.  These are the words
around them.
"""

from __future__ import annotations

#: words that say nothing about the topic of a question ("how many requests ... are there")
NOISE = frozenset("""
though anyway actually again filter filtered narrow narrowed tel level levels value values but also just sorry bother apologies excuse a about after afternoon again ago all already also altogether am among an and any anybody anymore anyone
anything are as assigned at be been being between breakdown by calculate came can case cases categories
category changed check cheers come comes coming compute could count counts created cur curious currently day
days did do does doing each else evening ever everyone everything exactly far figure filed find flagged folks
for from get gets getting give go goes got group groups guys had handled has have having hello hey hi how i
idea if in incident incidents interested into involving is issue issues it item items its just kindly know
last least left less let like list log logged lying many marked may me mention mentioned mentioning mentions
might modified moment month months more morning most much must my need new no not now number of off ok okay
old on one ones only onto open opened or our out over overall owned past pending per please pls plz possible
possibly previous priorities priority question quick quickly raise raised received regarding related remaining
report reported reports req reqs request requests resolved right rn rqs s said same say says see seen set
shall should show similar since sitting so sofar some somebody someone something status statuses still
submitted such t tally team teams tell than thank thanks that the their them then there these they this those
through thx ticket tickets tix tkt tkts to today top total touched ty under up us via was we week weeks went
were what whats when where whether which who whom whose why will with wondering word words work worked would
year years yesterday yet you your used use uses atm asap good people volume volumes sit sits wise make instead im ive ppl thats workload logs question questions
query queries raises sends send date brings bring problem problems sent
""".split())  # noqa: SIM905 - a word list reads best as words

#: words that, left unexplained, mean askdesk would answer another question
MEANING_WORDS = frozenset("""
will when
above average avg below best biggest billing breakdown budget busiest common commonest compare compared
comparison cost costs csat decrease decreased distribution dollars each earliest efficiency estimate estimated
euros every except exclude excluding expect expected fastest fewer fewest forecast forecasts frequent
frequently future greater growth happiest happiness highest increase increased invoice kpi largest latest
least less longest lowest max maximum mean median min minimum money more most newest next not nps oldest
opinion other p90 p95 p99 per percent percentage percentile performance pounds predict predicted prediction
price prices productivity projected projection proportion quickest quietest rank ranked ranking rate rating
ratings ratio revenue satisfaction satisfied score scores sentiment share shortest slowest smallest spend
spending spent sum than tomorrow top trend trending trends versus vs without worst uptime downtime mtbf mttf
mrr arr aht
""".split())  # noqa: SIM905 - a word list reads best as words

#: request nouns: a filter word next to one of these is used as a filter even in a search
REQUEST_NOUNS = frozenset("""
call calls case cases incident incidents issue issues item items job jobs one ones problem problems queue req
reqs request requests rqs task tasks ticket tickets tix tkt tkts question questions query queries
""".split())  # noqa: SIM905 - a word list reads best as words

#: mean "not finished" (any unfinished status; the literal status needs "status open" or quotes)
OPEN_WORDS = ('still open', 'open', 'unresolved', 'outstanding', 'unfinished', 'backlog', 'in flight', 'ongoing', 'unsolved', 'unclosed', 'active', 'live', 'in the queue')
#: mean "finished" unless the data has a status of that name
DONE_WORDS = ('done', 'finished', 'completed', 'complete', 'fixed', 'solved', 'closed out', 'wrapped up')
#: everyday status words that name a family of statuses (Vocabulary.status_family)
STATUS_FAMILY_WORDS = ('pending', 'waiting', 'awaiting', 'on hold', 'paused', 'in progress', 'being worked on', 'wip', 'cancelled', 'canceled')

#: words that negate the value phrase after them (within a few words)
NEGATIONS = ('not', 'no', 'non', 'excluding', 'exclude', 'excluded', 'except', 'without', 'other than', 'besides', 'apart from', 'aside from', 'never', 'nor', 'neither', 'outside', 'but not', 'isnt', 'arent', 'wasnt', 'werent', 'dont', 'doesnt', 'didnt', 'havent', 'hasnt', 'minus', 'ignoring', 'ignore', 'leaving out', 'excl', 'not counting', 'not including', 'leave out')
#: words allowed between a negation (or a value) and the next value of the same list
LIST_JOINERS = frozenset([',', 'and', 'either', 'neither', 'nor', 'or', 'yet'])

#: nouns after a value that only say what kind of thing it is ("the self-service *portal*", "the
#: walk-in *desk*", "the Berlin *office*"): accounted for by the value before them
VALUE_TAILS = frozenset("""
desk portal counter channel line form inbox mailbox website site office building queue team group dept
department category subcategory level tier customer customers client clients account accounts user users plan
plans org orgs organisation organisations organization organizations shop shops staff employees workers folks
colleagues setup setups messages message
""".split())  # noqa: SIM905 - a word list reads best as words

#: generic names of fields -> words that may appear in an export's field name for it
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    'team': ('group', 'team', 'assignment'),
    'teams': ('group', 'team', 'assignment'),
    'queue': ('group', 'queue', 'team'),
    'queues': ('group', 'queue', 'team'),
    'resolver': ('group',),
    'state': ('status', 'state'),
    'states': ('status', 'state'),
    'site': ('location', 'site', 'office'),
    'sites': ('location', 'site', 'office'),
    'office': ('location', 'office', 'site'),
    'offices': ('location', 'office', 'site'),
    'building': ('location', 'building', 'site'),
    'city': ('location', 'city'),
    'place': ('location',),
    'where': ('location',),
    'type': ('category', 'type'),
    'types': ('category', 'type'),
    'kind': ('category', 'type'),
    'department': ('department', 'category'),
    'departments': ('department', 'category'),
    'severity': ('priority', 'severity'),
    'prio': ('priority',),
    'source': ('channel', 'source', 'contact'),
    'sources': ('channel', 'source', 'contact'),
    'contact': ('contact', 'channel'),
    'via': ('channel', 'contact'),
    'area': ('category', 'subcategory', 'area'),
    # the generic names, for exports whose fields are called otherwise ("Team", "Office", "Source")
    'group': ('group', 'team', 'queue'),
    'groups': ('group', 'team', 'queue'),
    'location': ('location', 'office', 'site', 'city'),
    'locations': ('location', 'office', 'site', 'city'),
    'channel': ('channel', 'source', 'contact', 'medium'),
    'channels': ('channel', 'source', 'contact', 'medium'),
}
#: "most common issues" names the finest categorisation the data has
ISSUE_WORDS = frozenset("""
complaint complaints issue issues kind kinds problem problems reason reasons thing things topic topics type
types
""".split())  # noqa: SIM905 - a word list reads best as words

NUMBER_WORDS = {'one': 1, 'two': 2, 'three': 3, 'four': 4, 'five': 5, 'six': 6, 'seven': 7, 'eight': 8, 'nine': 9, 'ten': 10, 'twenty': 20, 'fifteen': 15, 'dozen': 12}

#: short words that are values in some exports ("Yes", "Other", "None", "All") but in a question
#: are grammar: matched as values only next to their field's name
FUNCTION_WORDS = frozenset("""
a all an and any as at be by default do etc for general if in is it me misc my n na new no none not of on one
or other others our so the to two unknown up us we yes
""".split())  # noqa: SIM905 - a word list reads best as words

#: unexplained, these make a question analytic (never a search): "which manager approves the
#: *most* leave requests", "*average* CSAT", "reopen *rate*"
STRONG_WORDS = frozenset("""
most least fewest average avg mean median percentile p90 p95 p99 percent percentage share ratio proportion top
rate rates trend trends per sum total busiest quietest highest lowest biggest largest smallest max min maximum
minimum forecast predict prediction projected projection tomorrow next csat nps satisfaction uptime downtime
mtbf mttf mrr arr aht
""".split())  # noqa: SIM905 - a word list reads best as words
#: judging people or the service, or tasks that are not about requests
OFF_TASK_WORDS = frozenset("""
blame fault lazy laziest hire hiring deserve deserves poem joke haiku limerick song essay
deserving
""".split())  # noqa: SIM905 - a word list reads best as words

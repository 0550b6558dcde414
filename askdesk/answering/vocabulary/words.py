"""The everyday words people use for values, and the text normalisation every match goes through.

The tables are about helpdesks in general, not one export: families of status words, synonyms
of teams, abbreviations of words and phrases in value names, priority words by level.  Which of
them name a value is decided against the data's own values (:mod:`.phrases`).
"""

from __future__ import annotations

import re
import unicodedata

#: everyday words for families of status names (matched against words *in* the data's names)
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "pending": ("pending", "awaiting", "waiting"),
    "waiting": ("pending", "awaiting", "waiting"),
    "awaiting": ("pending", "awaiting", "waiting"),
    "on hold": ("hold", "paused", "suspended"),
    "paused": ("hold", "paused", "suspended"),
    "in progress": ("progress", "wip", "active", "assigned", "work"),
    "being worked on": ("progress", "wip", "active", "assigned", "work"),
    "wip": ("progress", "wip"),
    "cancelled": ("cancelled", "canceled", "withdrawn"),
    "canceled": ("cancelled", "canceled", "withdrawn"),
}
#: everyday words for categories / teams that rarely mean anything else in a helpdesk question
CATEGORY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "hr": ("hr", "human resources", "personnel"),
    "human resources": ("hr", "human resources"),
    "it": ("it", "information technology"),
    "finance": ("finance", "accounting"),
    "facilities": ("facilities", "facility management"),
    "security": ("security", "infosec", "information security"),
    "procurement": ("procurement", "purchasing"),
    "legal": ("legal",),
}
#: things a helpdesk names in several ways: a value whose name holds one phrase is named by the others
#: (only where one value of the field holds it)
CONCEPTS: tuple[tuple[str, ...], ...] = (
    ("onboard", "onboarding", "new employee", "new employees", "new hire", "new hires", "new starter", "new starters",
     "new joiner", "new joiners", "starter", "starters", "joiner", "joiners"),
    ("offboard", "offboarding", "leaver", "leavers", "employee exit", "exit", "departure", "departures"),
    ("mobile phone", "mobile phones", "company phone", "company phones", "work phone", "work phones", "cell phone",
     "cell phones", "smartphone", "smartphones", "mobile", "mobiles"),
    ("laptop", "laptops", "notebook", "notebooks"),
    ("printer", "printers", "printing"),
)
#: second words of a value that add nothing to its first ("Phishing report", "Purchase request")
GENERIC_TAIL = frozenset("report reports request requests issue issues problem problems query queries question "  # noqa: SIM905
                         "questions ticket tickets general misc other alert alerts call calls".split())
#: everyday abbreviations of words in team / category names
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "operations": ("ops",), "operation": ("ops",), "management": ("mgmt", "mgt"), "services": ("svcs", "svc"),
    "service": ("svc",), "department": ("dept",), "administration": ("admin",), "infrastructure": ("infra",),
    "engineering": ("eng",), "development": ("dev",), "technology": ("tech",), "applications": ("apps",),
    "application": ("app",), "information": ("info",), "communications": ("comms",), "procurement": ("procure",),
    "maintenance": ("maint",), "support": ("supp",), "expenses": ("exp",), "international": ("intl",),
    "location": ("loc",), "group": ("grp",), "business": ("biz",), "organization": ("org",), "organisation": ("org",), "l1": ("first line", "1st line", "tier 1"),
    "l2": ("second line", "2nd line", "tier 2"), "l3": ("third line", "3rd line", "tier 3"),
}
#: everyday short names of phrases in value names ("Operating System" <- "OS", "Wireless" <- "wifi")
PHRASE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "operating system": ("os",), "operating systems": ("os",), "wireless": ("wifi", "wi fi", "wlan"),
    "antivirus": ("av", "anti virus"), "audiovisual": ("av", "audio visual", "a v"), "database": ("db",), "databases": ("dbs", "db"),
    "virtual private network": ("vpn",), "multi factor authentication": ("mfa",), "single sign on": ("sso",),
    "two factor authentication": ("2fa",), "password": ("pwd", "pw"), "self service": ("self serve",),
    "wi fi": ("wifi",), "e mail": ("email",), "identity and access": ("iam",), "identity and access management": ("iam",),
    "identity access": ("iam",), "identity access management": ("iam",),
}
#: the last word of hyphenated channel-like names ("Walk-in", "Drop-off"): "walk-up" names "Walk-in" too
PARTICLES = ("in", "up")
#: words that are never enough to name a value on their own, as part of a longer name
WEAK_PART_WORDS = frozenset("""
a an and the of for to in on at by or with from via new old other general misc request requests issue issues
problem problems resolved closed open by status
""".split())  # noqa: SIM905 - a word list reads best as words
#: verbs and fillers of value names that never name one value alone ("*Get* IT help", "*Fix* an account problem")
ALIAS_STOP = frozenset("""
get got fix make need needs want help with from into your their this that have more some than what when
where which other others based related item items thing things stuff also only just like
form forms team teams group groups queue office site desk type kind channel source level tier line area
""".split())  # noqa: SIM905 - a word list reads best as words
#: names of the field that says how a request arrived
CHANNEL_NAMES = frozenset(["channel", "source", "contact", "medium", "origin", "via"])
#: priority words by level (1 = most urgent); matched to the data's priority names
PRIORITY_WORDS = {
    1: ("critical", "crit", "urgent", "highest", "blocker", "emergency", "showstopper"),
    2: ("high", "major"),
    3: ("medium", "moderate", "normal"),
    4: ("low", "minor"),
    5: ("lowest", "trivial", "planning", "planned", "very low"),
}


def normalise(text: str) -> str:
    """Lower case, accents folded, ``&`` -> ``and``, punctuation -> spaces, one space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("&", " and ")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def singular(word: str) -> str:
    """"categories" -> "category", "printers" -> "printer"; "access" stays."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def past(word: str) -> str:
    """"email" -> "emailed", "phone" -> "phoned", "chat" -> "chatted"."""
    if word.endswith("e"):
        return word + "d"
    if len(word) == 4 and word[-1] in "bdgmnprt" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        return word + word[-1] + "ed"
    return word + "ed"


def word_forms(word: str) -> tuple[str, ...]:
    """The everyday forms of a value word: plural, "-ing", "-ed", and the stem of "-ing" words."""
    forms = [word, word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")]
    if word.endswith("ing") and len(word) > 6:
        forms.append(word[:-3])  # "onboarding" -> "onboard"
    elif word.endswith("e"):
        forms += [word[:-1] + "ing", word + "d"]
    else:
        forms += [word + "ing", word + "ed"]
    return tuple(dict.fromkeys(forms))

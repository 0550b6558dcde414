"""The values that exist in the requests table, and the words people use for them.

Question understanding maps the user's words onto *these* values — every status, category,
priority and every ``[metadata]`` column's values (location, channel, assignment group, …),
whatever the export calls them — and onto the request-id shapes seen in the data, so filters
only ever carry values the database already holds.  Nothing here is specific to one export:
the fields are discovered from the table (``extra`` JSONB keys), the values are read with their
counts, and which statuses mean "finished" is learnt from the data (status names, and the share
of each status's rows that have a resolved date) unless the mapping says so.

Matching is by normalised word n-grams (:meth:`Vocabulary.phrase_index`), so its cost does not
grow with the number of values: a question of 20 words costs ~100 dictionary look-ups.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

import sqlalchemy as sa
from wordfreq import zipf_frequency

from askdesk.answering.filters import COLUMN_FIELDS, PEOPLE_FIELDS
from askdesk.answering.ids import IdShape, id_parts, id_pattern, learn_id_shapes, normalise_id, shown_id
from askdesk.schema import requests, settings_kv

#: status names (lower-case words) that mean the request is finished, whatever the helpdesk calls them
_CLOSED_WORDS = ("closed", "resolved", "cancelled", "canceled", "done", "complete", "completed", "rejected",
                 "duplicate", "withdrawn", "fixed", "solved", "finished")
#: fields with more distinct values than this are not offered as filter vocabulary (ids, free text)
MAX_VALUES_PER_FIELD = 20_000
#: the settings_kv key where the index run stores the mapping's status classes
STATUS_CLASSES_KEY = "status_classes"
#: the settings_kv key where the index run stores each field's source column
FIELD_COLUMNS_KEY = "field_columns"

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
_GENERIC_TAIL = frozenset("report reports request requests issue issues problem problems query queries question "  # noqa: SIM905
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
_PARTICLES = ("in", "up")
#: words that are never enough to name a value on their own, as part of a longer name
_WEAK_PART_WORDS = frozenset("""
a an and the of for to in on at by or with from via new old other general misc request requests issue issues
problem problems resolved closed open by status
""".split())  # noqa: SIM905 - a word list reads best as words
#: verbs and fillers of value names that never name one value alone ("*Get* IT help", "*Fix* an account problem")
_ALIAS_STOP = frozenset("""
get got fix make need needs want help with from into your their this that have more some than what when
where which other others based related item items thing things stuff also only just like
form forms team teams group groups queue office site desk type kind channel source level tier line area
""".split())  # noqa: SIM905 - a word list reads best as words


#: names of the field that says how a request arrived
_CHANNEL_NAMES = frozenset(["channel", "source", "contact", "medium", "origin", "via"])


def _past(word: str) -> str:
    """"email" -> "emailed", "phone" -> "phoned", "chat" -> "chatted"."""
    if word.endswith("e"):
        return word + "d"
    if len(word) == 4 and word[-1] in "bdgmnprt" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        return word + word[-1] + "ed"
    return word + "ed"


def _word_forms(word: str) -> tuple[str, ...]:
    """The everyday forms of a value word: plural, "-ing", "-ed", and the stem of "-ing" words."""
    forms = [word, word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")]
    if word.endswith("ing") and len(word) > 6:
        forms.append(word[:-3])  # "onboarding" -> "onboard"
    elif word.endswith("e"):
        forms += [word[:-1] + "ing", word + "d"]
    else:
        forms += [word + "ing", word + "ed"]
    return tuple(dict.fromkeys(forms))


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


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(frozen=True)
class ValueRef:
    """A value of a field that a phrase of the question names."""

    field: str
    value: str
    #: how it was named: "value" (its own words), "alias" (a synonym or a part of the name)
    how: str = "value"


@dataclass
class Vocabulary:
    #: field -> value -> rows.  Fields: status, category, priority, every metadata key
    fields: dict[str, dict[str, int]] = field(default_factory=dict)
    closed_statuses: frozenset[str] = frozenset()
    id_shapes: tuple[IdShape, ...] = ()
    #: the data has resolved dates at all (then "open" can also mean "no resolved date")
    has_resolved_dates: bool = True
    total: int = 0
    #: the source's column names as people say them ("contact type" -> channel), from the mapping
    field_aliases: dict[str, str] = field(default_factory=dict)
    #: an id prefix that stands for one value ("SRs": Type = Service Request where SR- ids are exactly those)
    prefix_values: dict[str, ValueRef] = field(default_factory=dict)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, engine: sa.Engine) -> Vocabulary:
        """One small query per field (plus the metadata keys and status classes)."""
        t = requests
        with engine.connect() as conn:

            def counts(column: sa.ColumnElement) -> dict[str, int]:
                rows = conn.execute(
                    sa.select(column, sa.func.count()).where(column.is_not(None)).group_by(column)
                    .order_by(sa.func.count().desc()).limit(MAX_VALUES_PER_FIELD + 1))
                out = {str(v): int(n) for v, n in rows if str(v).strip()}
                return {} if len(out) > MAX_VALUES_PER_FIELD else out

            fields_: dict[str, dict[str, int]] = {}
            for name in COLUMN_FIELDS:
                if values := counts(t.c[name]):
                    fields_[name] = values
            keys = [k for (k,) in conn.execute(
                sa.select(sa.func.jsonb_object_keys(t.c.extra).label("k")).distinct().order_by("k"))]
            for key in keys:
                if key in COLUMN_FIELDS or key in PEOPLE_FIELDS:
                    continue
                if values := counts(t.c.extra[key].astext):
                    fields_[key] = values
            total = int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
            with_resolved = int(conn.execute(
                sa.select(sa.func.count()).select_from(t).where(t.c.resolved_at.is_not(None))).scalar_one())
            resolved_share = {
                s: float(share)
                for s, share in conn.execute(
                    sa.select(t.c.status, sa.func.avg(sa.case((t.c.resolved_at.is_not(None), 1.0), else_=0.0)))
                    .where(t.c.status.is_not(None)).group_by(t.c.status))
            }
            declared = conn.execute(
                sa.select(settings_kv.c.value).where(settings_kv.c.key == STATUS_CLASSES_KEY)).scalar_one_or_none()
            columns = conn.execute(
                sa.select(settings_kv.c.value).where(settings_kv.c.key == FIELD_COLUMNS_KEY)).scalar_one_or_none() or {}
            sample = conn.execute(sa.select(t.c.request_id, t.c.category, t.c.extra).order_by(sa.func.random())
                                  .limit(2000)).all()
        sample_ids = [r for r, _c, _e in sample]
        shapes = learn_id_shapes(sample_ids)
        small = {name for name, values in fields_.items() if 2 <= len(values) <= 50 and name != "status"}
        prefix_values = learn_prefix_values(
            shapes, [(rid, {"category": c, **{k: v for k, v in (e or {}).items() if k in small}}) for rid, c, e in sample])
        statuses = fields_.get("status", {})
        closed = learn_closed_statuses(statuses, resolved_share, declared or {})
        aliases = {normalise(col): name for name, col in columns.items()
                   if name in fields_ and normalise(col) and normalise(col) != normalise(name.replace("_", " "))}
        return cls(fields_, closed, shapes, prefix_values=prefix_values, has_resolved_dates=with_resolved > 0, total=total,
                   field_aliases=aliases)

    # ------------------------------------------------------------------ reading
    def values(self, name: str) -> dict[str, int]:
        return self.fields.get(name, {})

    @property
    def request_nouns(self) -> frozenset[str]:
        """Words for a request this data adds: its id prefixes ("INC" -> inc, incs)."""
        return frozenset(w for s in self.id_shapes if len(s.prefix) >= 2 for w in (s.prefix.lower(),
                                                                                    s.prefix.lower() + "s"))

    @property
    def statuses(self) -> dict[str, int]:
        return self.values("status")

    @property
    def categories(self) -> dict[str, int]:
        return self.values("category")

    @property
    def priorities(self) -> dict[str, int]:
        return self.values("priority")

    @property
    def metadata_fields(self) -> tuple[str, ...]:
        return tuple(f for f in self.fields if f not in COLUMN_FIELDS)

    @property
    def open_statuses(self) -> tuple[str, ...]:
        return tuple(s for s in self.statuses if s not in self.closed_statuses)

    @property
    def finished_statuses(self) -> tuple[str, ...]:
        return tuple(s for s in self.statuses if s in self.closed_statuses)

    def canonical(self, name: str, text: str) -> str | None:
        """The value of field ``name`` that ``text`` names exactly (case, accents and
        punctuation aside), or None.  How LLM plans and quoted values are validated."""
        want = normalise(text)
        for value in self.values(name):
            if normalise(value) == want:
                return value
        refs = self.phrase_index.get(want, ())
        for ref in refs:
            if ref.field == name:
                return ref.value
        return None

    # ------------------------------------------------------------------ phrase matching
    @cached_property
    def phrase_index(self) -> dict[str, tuple[ValueRef, ...]]:
        """Normalised phrase -> the values it names, over every field."""
        index: dict[str, list[ValueRef]] = {}

        def add(phrase: str, ref: ValueRef) -> None:
            phrase = normalise(phrase)
            if not phrase or (len(phrase) < 2 and not phrase.isdigit()):
                return
            bucket = index.setdefault(phrase, [])
            if ref not in bucket:
                bucket.append(ref)

        codes: dict[str, set[tuple[str, str]]] = {}
        for name, values in self.fields.items():
            heads = Counter(normalise(v).split()[0] for v in values if normalise(v))
            for value in values:
                norm = normalise(value)
                add(norm, ValueRef(name, value))
                words = norm.split()
                if words:
                    add(" ".join([*words[:-1], _singular(words[-1])]), ValueRef(name, value))
                    if not words[-1].endswith("s") and len(norm) > 2:  # not "its" <- IT, "hrs" <- HR
                        add(norm + "s", ValueRef(name, value))
                stripped = re.sub(r"^\s*\d+\s*[-.:)]\s*", "", value)
                if stripped != value:  # "1 - Critical" -> "critical"
                    add(stripped, ValueRef(name, value, "alias"))
                content = [w for w in words if w not in ("and", "of", "the", "for", "a", "an")]
                acronym = "".join(w[0] for w in content)
                if len(content) >= 3 and all(w.isalpha() for w in content) and zipf_frequency(acronym, "en") < 3.0:
                    # End User Computing -> euc; not "Onboard a new employee" -> "one" (a word)
                    add(acronym, ValueRef(name, value, "alias"))
                for w in words:  # "Service Desk L1" <- "l1": a code that names one value
                    if any(c.isdigit() for c in w) and any(c.isalpha() for c in w) and len(w) <= 4 and len(words) > 1:
                        codes.setdefault(w, set()).add((name, value))
                if "and" in words and len(words) == 3 and words[1] == "and":
                    # "Okta & MFA" <- "okta mfa" ("okta / mfa"), "okta or mfa"
                    add(f"{words[0]} {words[2]}", ValueRef(name, value, "alias"))
                    add(f"{words[0]} or {words[2]}", ValueRef(name, value, "alias"))
                if "/" in value:  # "Inquiry / Help", "Desk/Seating": each part names it
                    for part in value.split("/"):
                        if len(normalise(part)) >= 4:
                            add(part, ValueRef(name, value, "alias"))
                if len(words) == 2 and words[1] in _GENERIC_TAIL and len(words[0]) >= 5 and heads[words[0]] == 1:
                    # "Phishing report" <- "phishing"; not "Awaiting Problem" <- "awaiting" beside "Awaiting Vendor"
                    add(words[0], ValueRef(name, value, "alias"))
                for k, word in enumerate(words):  # "network ops", "facilities mgmt"
                    for short in ABBREVIATIONS.get(word, ()):
                        add(" ".join([*words[:k], short, *words[k + 1:]]), ValueRef(name, value, "alias"))
        # a path ("Hardware > Printer > Toner", "Root entity > Campus North > Library"): each level
        # names its whole branch ("printer" = Printer and Toner, "campus north" = every entity under it);
        # a qualifier in brackets ("Processing (assigned)") leaves the head naming the family
        branches: dict[tuple[str, str], set[str]] = {}
        for name, values in self.fields.items():
            for value in values:
                for sep in (" > ", " » ", " -> "):
                    if sep in value:
                        for part in value.split(sep):
                            if len(normalise(part)) >= 2:
                                branches.setdefault((name, normalise(part)), set()).add(value)
                if m := re.fullmatch(r"\s*([^()]+?)\s*\(([^()]+)\)\s*", value):
                    branches.setdefault((name, normalise(m.group(1))), set()).add(value)
        for (name, part), owners in branches.items():
            for form in (part, *(short for phrase, shorts in PHRASE_ABBREVIATIONS.items() if part == phrase
                                  for short in shorts)):
                if form in index and any(r.how == "value" for r in index[form]):
                    continue  # a value's own name wins
                for value in sorted(owners, key=lambda v: (-self.fields[name][v], v)):
                    add(form, ValueRef(name, value, "alias"))
                    words = form.split()
                    add(" ".join([*words[:-1], _singular(words[-1])]), ValueRef(name, value, "alias"))
        # a run of words at the start or end of a longer name that names no other value
        # ("MS SQL Server" <- "sql server"): added last, so an exact name always wins
        parts: dict[str, set[tuple[str, str]]] = {}
        for name, values in self.fields.items():
            for value in values:
                words = normalise(value).split()
                for size in range(2, len(words)):
                    for gram in (words[:size], words[-size:]):
                        if any(len(w) >= 3 and w not in _WEAK_PART_WORDS and not w.isdigit() for w in gram):
                            parts.setdefault(" ".join(gram), set()).add((name, value))
                names = [" ".join(words)] + [normalise(p) for p in value.split("/") if "/" in value
                                              and len(normalise(p)) >= 4]  # "Network/Wi-Fi" <- "wifi"
                for phrase, shorts in PHRASE_ABBREVIATIONS.items():
                    for norm in names:
                        if f" {phrase} " in f" {norm} ":
                            for short in shorts:
                                add(f" {norm} ".replace(f" {phrase} ", f" {short} ").strip(), ValueRef(name, value, "alias"))
                if len(words) == 1 and len(words[0]) >= 6 and words[0][-2:] in _PARTICLES:
                    stem = words[0][:-2]  # "Walkup" <- "walk up", "walk-ups", "walk in"
                    for other in _PARTICLES:
                        add(f"{stem} {other}", ValueRef(name, value, "alias"))
                        add(f"{stem} {other}s", ValueRef(name, value, "alias"))
                if len(words) == 2 and words[1] in _PARTICLES and len(words[0]) >= 3:
                    for other in _PARTICLES:  # "walk up" / "walkin" <- "Walk-in"
                        if other != words[1]:
                            add(f"{words[0]} {other}", ValueRef(name, value, "alias"))
                        add(f"{words[0]}{other}", ValueRef(name, value, "alias"))
        for phrase, owners in [*parts.items(), *codes.items()]:
            if len(owners) == 1 and phrase not in index:
                (name, value), = owners
                for form in (phrase, *(ABBREVIATIONS.get(phrase, ()) if phrase in codes else ())):
                    add(form, ValueRef(name, value, "alias"))  # "l1" -> also "first line"
        for name, values in self.fields.items():
            if name == "status":
                continue
            for concept in CONCEPTS:
                owners = [v for v in values if any(f" {p} " in f" {normalise(v)} " for p in concept)]
                if len(owners) == 1:  # "new starter" names "Onboard a new employee" where one value is about it
                    for phrase in concept:
                        add(phrase, ValueRef(name, owners[0], "alias"))
        for value in self.categories:
            for key, syns in CATEGORY_SYNONYMS.items():
                if normalise(value) == key or normalise(value) in syns:
                    for s in (key, *syns):
                        add(s, ValueRef("category", value, "alias"))
        for value, aliases in self.priority_aliases().items():
            for alias in aliases:
                add(alias, ValueRef("priority", value, "alias"))
        for name, values in self.fields.items():
            if set(name.split("_")) & _CHANNEL_NAMES:
                for value in values:  # "emailed in", "phoned", "chatted": how it arrived, as a verb
                    word = normalise(value).split()[0] if normalise(value) else ""
                    if word.isalpha() and len(word) >= 4 and (len(normalise(value).split()) == 1 or word == "phone"):
                        add(_past(word), ValueRef(name, value, "alias"))
        # a value's own name beats another value's alias in the same field ("lowest" is the
        # priority Lowest where the data has one, not also Low)
        for phrase, bucket in index.items():
            exact = {r.field for r in bucket if r.how == "value"}
            if exact:
                bucket[:] = [r for r in bucket if r.how == "value" or r.field not in exact]
        return {k: tuple(v) for k, v in index.items()}

    @cached_property
    def word_aliases(self) -> dict[str, tuple[ValueRef, ...]]:
        """One word that names a longer value on its own, in the data's own words: "software" for
        the request type "Request new software", "onboarding" for "Onboard a new employee".

        A word qualifies when it is a content word of one value, or of a few (≤ 4) that it then
        names together ("badge": Visitor Badge, Access Badge), within its field (not a generic
        word such as "request" or "new", nor a field's own name such as "form"), or a capitalised
        acronym in a name ("HQ"), and is not itself a value or an alias.  Unlike
        :attr:`phrase_index`, these are *weak*: the parser uses them only where a value stands
        ("software tickets", "access or hardware issues", "type software"), so "can't install
        the software" stays words to search for.  Forms: the word, its plural, "-ing" and "-ed"
        ("onboard" -> "onboarding"), and the stem of "-ing" words ("onboarding" -> "onboard")."""
        out: dict[str, list[ValueRef]] = {}
        field_names = {w for f in self.fields for w in f.split("_")}  # "form" names the field Form, not "Web form"
        for name, values in self.fields.items():
            if name == "status":
                continue  # status words have their own families ("waiting", "pending")
            owners: dict[str, set[str]] = {}
            for value in values:
                words = normalise(value).split()
                if len(words) < 2:
                    continue
                # an acronym written in capitals names the value too ("HQ" of "Manchester HQ", "MFA")
                caps = {w.lower() for w in re.findall(r"\b[A-Z]{2,5}\b", value)}
                for w in words:
                    if ((len(w) >= 4 and w.isalpha()) or w in caps) and w not in _WEAK_PART_WORDS \
                            and w not in _GENERIC_TAIL and w not in _ALIAS_STOP:
                        owners.setdefault(w, set()).add(value)
            single = {normalise(v) for v in values if len(normalise(v).split()) == 1}
            for w, vals in owners.items():
                # one value, or a few that share the word ("badge": Visitor Badge, Access Badge)
                if len(vals) > 4 or w in single or w in field_names:
                    continue
                for form in _word_forms(w):
                    if form in self.phrase_index:
                        continue
                    bucket = out.setdefault(form, [])
                    for value in sorted(vals, key=lambda v: (-values[v], v)):
                        ref = ValueRef(name, value, "word")
                        if ref not in bucket:
                            bucket.append(ref)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def longest_phrase(self) -> int:
        return max((len(k.split()) for k in self.phrase_index), default=1)

    def find_phrases(self, words: list[str]) -> Iterator[tuple[int, int, tuple[ValueRef, ...]]]:
        """(start word, end word, values) for every n-gram of ``words`` that names values,
        longest first at each position, left to right, non-overlapping."""
        i, n = 0, len(words)
        while i < n:
            for size in range(min(self.longest_phrase, n - i), 0, -1):
                refs = self.phrase_index.get(" ".join(words[i:i + size]))
                if refs:
                    yield i, i + size, refs
                    i += size
                    break
            else:
                i += 1

    def status_family(self, word: str) -> tuple[str, ...]:
        """Statuses whose names contain one of the words an everyday status word stands for
        ("pending" -> Awaiting User Info, Awaiting Problem, Pending, …)."""
        stems = STATUS_WORDS.get(word, ())
        return tuple(s for s in self.statuses if any(w in normalise(s).split() for w in stems))

    def priority_aliases(self) -> dict[str, tuple[str, ...]]:
        """priority value -> words that name it ("1 - Critical" -> critical, p1, sev1, ...)."""
        found: dict[str, set[str]] = {}
        level: dict[str, int] = {}
        for value in self.priorities:
            low = normalise(value)
            words: set[str] = set()
            m = re.match(r"\s*(?:p|priority|prio|sev|severity)?\s*(\d)\b", value.lower())
            if m:
                n = int(m.group(1))
                words |= {f"p{n}", f"priority {n}", f"prio {n}", f"sev{n}", f"sev {n}", f"severity {n}"}
                words |= set(PRIORITY_WORDS.get(n, ()))
                level[value] = n
            for n, names in PRIORITY_WORDS.items():
                if set(names) & set(low.split()) or low in names:
                    words |= set(names)  # "Highest" is level 1: "blockers", "urgent", "critical" name it
                    level.setdefault(value, n)
            found[value] = words
        if level:
            # "highest" / "lowest" are relative: the data's most and least urgent levels ("lowest"
            # is Low where the data has no level below it)
            top, bottom = min(level.values()), max(level.values())
            for value, n in level.items():
                found[value] |= ({"highest"} if n == top else set()) | ({"lowest"} if n == bottom else set())
            ranks = sorted(set(level.values()))
            if not any(re.match(r"\s*(?:p|priority|prio|sev|severity)?\s*\d", v.lower()) for v in level) \
                    and len(ranks) == len(level):
                # words only ("Urgent, High, Medium, Low"): "P1" is the most urgent level the data has
                for value, n in level.items():
                    k = ranks.index(n) + 1
                    found[value] |= {f"p{k}", f"priority {k}", f"prio {k}", f"sev{k}", f"sev {k}", f"severity {k}"}
        out = {value: tuple(sorted(words, key=len, reverse=True)) for value, words in found.items()}
        # a word claimed by two values (e.g. "high" in "2 - High" and "Highest") stays with the exact one
        return out


def learn_prefix_values(shapes: tuple[IdShape, ...], rows: list[tuple[str, dict[str, object]]]) -> dict[str, ValueRef]:
    """Id prefixes that stand for one value of a field: where an export numbers incidents ``INC-``
    and service requests ``SR-``, "SRs" means Type = Service Request.  Learnt from a sample of
    rows: the prefix's rows share one value (≥ 95 %) and that value's rows have the prefix (≥ 95 %)."""
    prefixes = [s.prefix for s in shapes if s.prefix]
    if len(prefixes) < 2:
        return {}
    out: dict[str, ValueRef] = {}
    of_prefix = {p: [values for rid, values in rows if rid.upper().startswith(p)] for p in prefixes}
    for p, own in of_prefix.items():
        if len(own) < 20:
            continue
        for name in sorted({k for values in own for k in values}):
            counts = Counter(str(values.get(name)) for values in own if values.get(name) is not None)
            if not counts:
                continue
            value, n = counts.most_common(1)[0]
            with_value = [rid for rid, values in rows if str(values.get(name)) == value]
            if n >= 0.95 * len(own) and sum(rid.upper().startswith(p) for rid in with_value) >= 0.95 * len(with_value):
                out[p.lower()] = ValueRef(name, value, "alias")
                break
    return out


def learn_closed_statuses(statuses: Iterable[str], resolved_share: dict[str, float],
                          declared: dict[str, list[str]]) -> frozenset[str]:
    """Which statuses mean "finished": the mapping's ``[statuses]`` lists when given, else a
    status whose name says so, or most of whose rows (> 80 %) have a resolved date."""
    statuses = list(statuses)
    finished = set(declared.get("finished", ()))
    open_ = set(declared.get("open", ()))
    out = set()
    for s in statuses:
        if s in finished:
            out.add(s)
        elif s in open_:
            continue
        elif any(w in normalise(s).split() for w in _CLOSED_WORDS) or resolved_share.get(s, 0.0) > 0.8:
            out.add(s)
    return frozenset(out)


__all__ = ["IdShape", "ValueRef", "Vocabulary", "id_parts", "id_pattern", "learn_closed_statuses", "learn_id_shapes",
           "learn_prefix_values",
           "normalise", "normalise_id", "shown_id"]

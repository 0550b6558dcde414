"""Filter values in a question, mapped onto the vocabulary: which field, which values, negated
or not, and whether the question uses them as a filter (a cue) or only as words.

The vocabulary's phrase index finds every value a run of words names (longest first: "awaiting
user info" is one status, not "awaiting" + the words "user info"); a phrase that several fields
share is given to the field the question names next to it ("high impact", "at Location 143",
"assigned to Group 24"), else to the request's own columns first.  Negation is read from the
few words before a value ("not", "excluding", "other than", "isn't …") and carries over a list
("not resolved or closed").  "open" / "unresolved" mean every unfinished status the data has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from askdesk.answering.filters import COLUMN_FIELDS, FieldCondition
from askdesk.answering.understand.personal import PSEUDONYM
from askdesk.answering.understand.text import Token
from askdesk.answering.understand.words import (
    DONE_WORDS,
    FIELD_SYNONYMS,
    FUNCTION_WORDS,
    LIST_JOINERS,
    NEGATIONS,
    OPEN_WORDS,
    REQUEST_NOUNS,
    STATUS_FAMILY_WORDS,
    VALUE_TAILS,
)
from askdesk.answering.vocabulary import ABBREVIATIONS, ValueRef, Vocabulary, _singular, normalise

_NEG_SINGLE = frozenset(n for n in NEGATIONS if " " not in n)
_NEG_DOUBLE = frozenset(tuple(n.split()) for n in NEGATIONS if " " in n)
#: words that may stand between a negation and its value ("not in HR", "isn't yet resolved")
_BRIDGE = frozenset("""
in the a an be been being are is was were yet status state from at by of for to assigned any currently still marked
set as with under handled owned raised submitted opened created logged filed reported sitting come came coming
through via over on into using that which who ones sent emailed received counting
""".split()) | LIST_JOINERS  # noqa: SIM905
_UNIT_WORDS = frozenset("minute minutes hour hours day days week weeks month months year years h d".split())  # noqa: SIM905
_ARRIVAL_VERBS = frozenset("raised logged submitted opened created came come coming arrived reported filed sent".split())  # noqa: SIM905
_CHANNEL_FIELD_WORDS = frozenset(["channel", "source", "contact", "medium", "origin", "via"])
_PREPOSITIONS = frozenset(["in", "from", "for", "within", "by", "at", "via", "through", "to", "under"])
_VERB_BEFORE_OPEN = frozenset(["cant", "cannot", "couldnt", "wont", "doesnt", "dont", "unable", "to", "failed", "fails", "failing", "not"])
#: "waiting on us" / "waiting on the customer": whose move it is, as words in status names
_US = ("support", "agent", "agents", "team", "desk", "helpdesk", "internal", "us", "it", "service", "assignee")
_THEM = ("customer", "user", "requester", "requestor", "reporter", "caller", "client", "employee", "submitter")
_THIRD = ("vendor", "supplier", "third", "external", "partner")
_WAITING_ON: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("us", "we", "our", "ourselves", "support", "agent", "agents", "helpdesk", "desk", "team"), _US),
    **dict.fromkeys(("customer", "customers", "user", "users", "requester", "requesters", "requestor", "reporter",
                     "reporters", "caller", "callers", "client", "clients", "them", "employee", "employees",
                     "submitter", "enduser"), _THEM),
    **dict.fromkeys(("vendor", "vendors", "supplier", "suppliers", "third", "external", "partner", "partners"), _THIRD),
}
_OBJECT_AFTER_OPEN = frozenset(["a", "an", "the", "my", "your", "up", "files", "file", "attachment", "attachments", "link", "links", "outlook", "excel", "word", "app", "apps", "browser", "door", "port", "ports"])


@dataclass
class Found:
    """A value phrase of the question."""

    field: str
    values: tuple[str, ...]
    start: int  # token index
    end: int  # token index (exclusive)
    negate: bool = False
    #: the question uses it as a filter (field word or request noun next to it, a preposition…)
    cued: bool = False
    label: str = ""
    #: resolved-date test instead of a value condition (the data has no statuses)
    resolved: bool | None = None
    #: every token it accounts for: the phrase, its negation, the field word next to it
    used: set[int] = field(default_factory=set)

    def condition(self) -> FieldCondition:
        return FieldCondition(self.field, self.values, self.negate, self.label)


def plural(word: str) -> str:
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def field_words(name: str) -> set[str]:
    """Words that name field ``name`` in a question ("assignment_group" -> assignment, group, groups)."""
    words = set(normalise(name.replace("_", " ")).split())
    words |= {plural(w) for w in words}
    if name == "status":
        words |= {"state", "states", "statuses"}
    if name == "priority":
        words |= {"priorities", "prio", "severity"}
    if name == "category":
        words |= {"categories", "type", "types"}
    for generic, parts in FIELD_SYNONYMS.items():
        if words & set(parts):
            words.add(generic)
    for w in list(words):  # "org" / "orgs" for an organization field, "loc" for location
        words |= {form for short in ABBREVIATIONS.get(w, ()) if " " not in short for form in (short, plural(short))}
    return words


class ValueFinder:
    """Finds values of ``vocab`` in a question's tokens; stateless, shared by threads."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.field_words = {name: field_words(name) for name in vocab.fields}
        for alias, name in vocab.field_aliases.items():  # "contact type" names the channel here
            self.field_words.setdefault(name, set()).update(w for w in alias.split() if len(w) > 2)
        self.open_words = tuple(tuple(w.split()) for w in sorted(OPEN_WORDS, key=lambda w: -len(w.split())))
        self.done_words = tuple(tuple(w.split()) for w in DONE_WORDS)
        self.family_words = tuple(tuple(w.split()) for w in STATUS_FAMILY_WORDS)

    # ------------------------------------------------------------------ helpers
    def _cue(self, toks: list[Token], start: int, end: int, name: str) -> bool:
        """A field word right before/after the phrase, a request noun just after it, or a
        preposition before a non-column value ("at Location 143", "via email")."""
        words = self.field_words.get(name, set())
        before = toks[start - 1].norm if start > 0 else ""
        after = [t.norm for t in toks[end:end + 2]]
        if before in words or (after and after[0] in words):
            return True
        if any(a in REQUEST_NOUNS for a in after):
            return True
        if name == "status" and (before in ("in", "as", "status", "state", "or", "and") or (after and after[0] in (
                "or", "and", "state", "status"))):
            return True  # "in new or active", "marked as new"
        return name not in COLUMN_FIELDS and before in _PREPOSITIONS or (
            before in ("to", "by") and start > 1 and toks[start - 2].norm in ("assigned", "handled", "owned"))

    def _negation(self, toks: list[Token], start: int, available: set[int], field: str = "") -> set[int]:
        """The tokens of a negation in the few words before ``start`` (empty: not negated)."""
        j = start - 1
        steps = 0
        names = self.field_words.get(field, set())
        # a bridge word another rule read ("time *to* resolve requests not assigned *to* …") still bridges
        while j >= 0 and steps < 7 and (j in available or toks[j].norm in _BRIDGE):
            word = toks[j].norm
            if word in _NEG_SINGLE and j in available:
                return {j}
            if j > 0 and (toks[j - 1].norm, word) in _NEG_DOUBLE and {j - 1, j} <= available:
                return {j - 1, j}
            if word not in _BRIDGE and word not in REQUEST_NOUNS and word not in names:
                return set()
            j -= 1
            steps += 1
        return set()

    def _match(self, words: list[str], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
        for p in phrases:
            if tuple(words[i:i + len(p)]) == p:
                return len(p)
        return 0

    def _lookup(self, words: list[str], i: int) -> tuple[int, tuple[ValueRef, ...]]:
        for size in range(min(self.vocab.longest_phrase, len(words) - i), 0, -1):
            gram = words[i:i + size]
            refs = self.vocab.phrase_index.get(" ".join(gram))
            if not refs and gram[-1].endswith("s"):
                refs = self.vocab.phrase_index.get(" ".join([*gram[:-1], _singular(gram[-1])]))
            if refs:
                return size, refs
        return 0, ()

    def _state(self, kind: str) -> tuple[str, tuple[str, ...], bool | None]:
        """(field, values, resolved) for "open" / "done" on this data."""
        v = self.vocab
        if kind == "open":
            if v.statuses and v.open_statuses:
                return "status", v.open_statuses, None
            return "status", (), False
        finished = tuple(s for s in v.finished_statuses if not any(w in normalise(s) for w in ("cancel", "withdrawn",
                                                                                                  "reject", "duplicate")))
        if v.statuses and finished:
            return "status", finished, None
        return "status", (), True

    # ------------------------------------------------------------------ finding
    def find(self, toks: list[Token], available: set[int], original: str) -> list[Found]:
        """Every value phrase among the ``available`` tokens, left to right."""
        words = [t.norm if k in available else "\x00" for k, t in enumerate(toks)]
        found: list[Found] = []
        i = 0
        while i < len(toks):
            if words[i] == "\x00":
                i += 1
                continue
            item = self._at(toks, words, i, original, available)
            if item is None:
                i += 1
                continue
            end = item.end
            if item.field == "status" and item.values:
                self._more_statuses(item, words)
            elif item.values:
                self._more_numbered(item, words)
            if item.end != end and item.label:
                item.label = original_span(original, toks, item.start, item.end)
            neg = self._negation(toks, item.start, available, item.field) \
                if item.values or item.resolved is not None else set()
            item.negate = bool(neg)
            item.used |= set(range(item.start, item.end)) | neg
            for k in (item.start - 1, item.end):
                if 0 <= k < len(words) and words[k] in self.field_words.get(item.field, ()):
                    item.used.add(k)  # "high impact", "Location 143 site": the field word is accounted for
            i = item.end
            at = item.end + (item.end in item.used)  # after "plan" in "starter plan customers"
            tail = words[at] if at < len(words) else ""
            if item.values and tail in VALUE_TAILS and (item.field != "status" or tail in ("queue", "backlog")):
                item.used.add(at)  # "the self-service portal", "the walk-up desk" (not also "Desk/Seating")
                i = at + 1
            found.append(item)
        _carry_negation(found, toks)
        return found

    def _missing(self, toks: list[Token], words: list[str], i: int, original: str) -> Found | None:
        """"no priority", "without a location", "unassigned": the field has no value."""
        if words[i] in ("unassigned", "unallocated"):
            field = next((f for f in self.vocab.fields if "group" in f or "assign" in f), "assignee")
            return Found(field, (), i, i + 1, False, True, original_span(original, toks, i, i + 1))
        j = i + 1
        if words[i] == "not" and j < len(words) and words[j] in ("assigned", "allocated", "given", "set"):
            j += 1  # "not assigned to any group", "not given a priority"
            j += j < len(words) and words[j] in ("to", "a", "an", "any")
        elif words[i] not in ("no", "without", "missing", "lacking"):
            return None
        j += j < len(words) and words[j] in ("a", "an", "any", "the")
        for name, names in self.field_words.items():
            if j < len(words) and words[j] in names:
                if any(r.field == name for r in self._lookup(words, j)[1]):
                    return None  # "not assigned to group 24": a value, negated
                return Found(name, (), i, j + 1, False, True, original_span(original, toks, i, j + 1))
        return None

    def _at(self, toks: list[Token], words: list[str], i: int, original: str, available: set[int]) -> Found | None:
        v = self.vocab
        for size in (3, 2):  # "request source Direct": the source's column name, not the type Request
            if " ".join(words[i:i + size]) in v.field_aliases and len(words[i:i + size]) == size:
                return None
        missing = self._missing(toks, words, i, original)
        if missing is not None:
            return missing
        # an explicit "status X" / "state: X" names the literal status
        if words[i] in ("status", "state") and v.statuses and i + 1 < len(words):
            j = i + 1 + (words[i + 1] in ("is", "of", "in", "as", "equals", "being"))
            size, refs = self._lookup(words, j)
            literal = tuple(dict.fromkeys(r.value for r in refs if r.field == "status"))
            if literal:
                return Found("status", literal, i, j + size, False, True,
                             original_span(original, toks, i, j + size))
        n_open = self._match(words, i, self.open_words)
        size, refs = self._lookup(words, i)
        phrase = " ".join(words[i:i + size])
        literal = any(r.field == "status" and normalise(r.value) == phrase for r in refs)
        if literal and ((i + size < len(words) and words[i + size] in ("status", "state")) or (
                i > 0 and any(r.field == "status" and r.value == original_span(original, toks, i, i + size)
                              for r in refs) and original[:toks[i].start].rstrip()[-1:] not in ("", ".", "?", "!"))):
            n_open = 0  # "in Open status", "… actually Open": the literal status, not every unfinished one
        # "open" always means unfinished; "active" is the status Active where the data has one
        if n_open and (n_open > size or (n_open == size and (phrase == "open" or not literal))) \
                and not self._open_is_a_verb(words, i):
            field, values, resolved = self._state("open")
            return Found(field, values, i, i + n_open, False, True,
                         original_span(original, toks, i, i + n_open), resolved)
        if words[i].startswith("person_") and PSEUDONYM.fullmatch(toks[i].norm):
            before = " ".join(words[max(0, i - 3):i])
            if any(w in before for w in ("assign", "handled", "owner", "agent", "worked")):
                return Found("assignee", (toks[i].norm,), i, i + 1, False, True, toks[i].norm)
            if i > 0 and words[i - 1] in ("from", "by", "requester", "requestor", "for", "of", "raised", "opened",
                                          "submitted", "caller"):
                return Found("requester", (toks[i].norm,), i, i + 1, False, True, toks[i].norm)
            return None  # a name in passing (or NER reading "room Zeus" as one): a word to search for
        if size:
            chosen = self._choose(toks, words, i, i + size, refs, original)
            if chosen is not None:
                return chosen
        n_done = self._match(words, i, self.done_words)
        if n_done and not (words[i] == "fixed" and i + 1 < len(words) and words[i + 1] in ("by", "it", "with")):
            field, values, resolved = self._state("done")
            return Found(field, values, i, i + n_done, False, True,
                         original_span(original, toks, i, i + n_done), resolved)
        n_family = self._match(words, i, self.family_words)
        if n_family:
            family = v.status_family(" ".join(words[i:i + n_family]))
            if family:
                # "waiting on the user", "waiting for a vendor": the words after pick the members
                picked, end = [], i + n_family
                k = end
                while k < min(len(words), end + 6):
                    w = words[k]
                    side = _WAITING_ON.get(w, (w,))
                    members = [s for s in family if set(side) & set(normalise(s).split())
                               and w not in ("awaiting", "waiting")]
                    if members:
                        picked += [m for m in members if m not in picked]
                        end = k + 1
                    elif w in _WAITING_ON and len(family) == 1:
                        end = k + 1  # "waiting on the customer" where Pending is the only waiting status
                    elif w not in ("on", "for", "the", "a", "an", "or", "and", "from", "info", "information", "to",
                                   "with", "by"):
                        break
                    k += 1
                stop = end if picked or len(family) == 1 else i + n_family
                # "pending tickets about X" filters a search; "still waiting for reimbursement" is its topic
                return Found("status", tuple(picked) or family, i, stop, False, self._cue(toks, i, stop, "status"),
                             original_span(original, toks, i, stop))
        refs = v.word_aliases.get(words[i], ())
        slot = self._value_slot(words, i, refs) if refs else None
        if slot:
            # "software tickets", "access or hardware issues": one word of a longer value's name
            item = self._choose(toks, words, i, i + 1, refs, original, cued=slot == "strong", weak_ok=True)
            if item is not None and slot == "weak":
                item.cued = False  # a count's filter, but in a search only words ("never loads for visitors")
            return item
        return None

    def _value_slot(self, words: list[str], i: int, refs: tuple[ValueRef, ...]) -> str | None:
        """Whether the word at ``i`` stands where a value does: "strong" before a request noun
        (through a list of other values: "software or system problem issues"), after its field's
        name ("type software"), or after another value and "or" ("account problem or software");
        "weak" after a preposition or a negation ("at the HQ", "excluding the HQ": a filter of a
        count, but words to search for in a story: "portal never loads for visitors")."""
        def value_like(k: int) -> bool:
            return 0 <= k < len(words) and (bool(self._lookup(words, k)[0]) or words[k] in self.vocab.word_aliases)

        k = i + 1
        while k < len(words) and k <= i + 6:
            if words[k] in REQUEST_NOUNS:
                return "strong"
            if not (words[k] in LIST_JOINERS or words[k] in ("priority", "prio") or value_like(k)):
                break
            k += 1
        names = set().union(*(self.field_words.get(r.field, set()) for r in refs))
        if i > 0 and words[i - 1] in names:
            return "strong"
        if i > 1 and words[i - 1] in ("or", "and", "nor") and value_like(i - 2):
            return "strong"
        j = i - 1 - (i > 1 and words[i - 1] == "the")
        if j >= 0 and (words[j] in _NEG_SINGLE or (words[j] in _PREPOSITIONS and any(
                r.field not in COLUMN_FIELDS for r in refs))):
            return "weak"
        return None

    def _more_statuses(self, item: Found, words: list[str]) -> None:
        """"awaiting user info or vendor": a status list that names the next member by its
        distinctive word only."""
        k = item.end
        while k + 1 < len(words) and words[k] in ("or", "and", "nor"):
            w = words[k + 1]
            if w in ("awaiting", "waiting", "pending", "the", "a", "an") or self._lookup(words, k + 1)[0]:
                break  # a phrase of its own ("… or on hold"): read as one
            extra = [s for s in self.vocab.statuses if w in normalise(s).split() and s not in item.values]
            if not extra or (w in self.vocab.phrase_index and len(extra) != 1):
                break
            item.values = (*item.values, *extra)
            item.end = k + 2
            k += 2

    def _more_numbered(self, item: Found, words: list[str]) -> None:
        """"p1 or 3", "priority 1 - Critical, 2 or 3": a list of a numbered field ("1 - Critical",
        "2 - High") that names the next members by their number only."""
        numbered: dict[str, list[str]] = {}
        # "Location 143 or 14", "Group 24 and 7": the number after the same words as the named value
        stems = {re.sub(r"\d+\s*$", "", v).strip().lower() for v in item.values if re.search(r"[^\d\s]\s*\d+\s*$", v)}
        for value in self.vocab.values(item.field):
            m = re.match(r"\s*(?:p|priority|prio|sev|severity)?\s*(\d+)\b", value.lower())
            if m:
                numbered.setdefault(m.group(1), []).append(value)
            elif stems and (t := re.fullmatch(r"(.*?\D)\s*(\d+)\s*", value)) and t.group(1).strip().lower() in stems:
                numbered.setdefault(t.group(2).lstrip("0") or "0", []).append(value)
        if not numbered or not any(v in item.values for vs in numbered.values() for v in vs):
            return
        k = item.end
        while k + 1 < len(words):
            # "1, 2 or 3": commas are not tokens, so a bare number before the joiner counts too
            step = 1 if words[k].isdigit() and k + 1 < len(words) and words[k + 1] in ("or", "and") else 2
            if step == 2 and words[k] not in ("or", "and", "nor"):
                break
            number = words[k + step - 1]
            after = words[k + step] if k + step < len(words) else ""
            more = numbered.get(number[1:] if number[:1] == "p" else number.lstrip("0") or number, [])
            if len(more) != 1 or more[0] in item.values or after in _UNIT_WORDS:
                break  # "p1 or 3 days old": a number of something else
            item.values = (*item.values, more[0])
            item.end = k + step
            k += step

    def _beside_a_value_of(self, words: list[str], start: int, end: int, field: str) -> bool:
        """A value of ``field`` on the other side of "or" / "vs" / "and" ("incidents vs requests")."""
        joiners = ("or", "vs", "versus", "and", "v", "nor")
        if start > 1 and words[start - 1] in joiners and any(
                r.field == field for r in self._lookup(words, start - 2)[1]):
            return True
        return end + 1 < len(words) and words[end] in joiners and any(r.field == field for r in self._lookup(words, end + 1)[1])

    @staticmethod
    def _open_is_a_verb(words: list[str], i: int) -> bool:
        if words[i] != "open":
            return False
        before = words[i - 1] if i > 0 else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        return before in _VERB_BEFORE_OPEN or after in _OBJECT_AFTER_OPEN

    def _choose(self, toks: list[Token], words: list[str], start: int, end: int, refs: tuple[ValueRef, ...],
                original: str, *, cued: bool = False, weak_ok: bool = False) -> Found | None:
        """The field a phrase names: the one the question names next to it, else the request's
        own columns first; weak phrases (numbers, filler words, "it") need such a cue."""
        in_slot = cued
        phrase = " ".join(words[start:end])
        by_field: dict[str, list[ValueRef]] = {}
        for r in refs:
            by_field.setdefault(r.field, []).append(r)
        cued = [f for f in by_field if self._cue(toks, start, end, f)]
        named_next = [f for f in by_field if (start > 0 and words[start - 1] in self.field_words.get(f, ()))
                      or (end < len(words) and words[end] in self.field_words.get(f, ()))]
        order = list(COLUMN_FIELDS) + [f for f in self.vocab.fields if f not in COLUMN_FIELDS]
        # "raised via Slack", "logged by email", "came in through the portal": how it arrived, so
        # the channel-like field when a phrase names values of several ("Slack" is also a component)
        before = words[start - 1] if start > 0 else ""
        arrived = before in ("via", "through", "over", "as") or (before in ("by", "in", "on", "from") and start > 1
                                                                and toks[start - 2].norm in _ARRIVAL_VERBS)
        channel_like = [f for f in by_field if set(f.split("_")) & _CHANNEL_FIELD_WORDS] if arrived else []
        if arrived and not channel_like:
            # "came in via Teams": the channel "MS Teams" although "Teams" is also a sub-category
            for name, values in self.vocab.fields.items():
                if set(name.split("_")) & _CHANNEL_FIELD_WORDS:
                    ends = [val for val in values if normalise(val).endswith(" " + phrase)]
                    if len(ends) == 1:
                        by_field = {name: [ValueRef(name, ends[0], "alias")]}
                        channel_like = [name]
                        cued.append(name)
        # a value's own name first, then the field where the words name fewest values ("okta": the
        # sub-category Okta & MFA over the items Okta Verify and Okta Account), then the request's columns
        candidates = named_next or channel_like or sorted(by_field, key=lambda f: (
            not any(r.how == "value" for r in by_field[f]), len(by_field[f]), order.index(f) if f in order else 99))
        field = candidates[0]
        # a value named like a field ("Teams", "Office") is a value only where the question uses it as one
        # "requests" is every request's name (a value "Request" only with its field named: "type Request")
        weak = phrase.isdigit() or phrase in FUNCTION_WORDS or len(phrase) == 1 or phrase in FIELD_SYNONYMS or (
            phrase in ("request", "requests", "ticket", "tickets"))
        span = original_span(original, toks, start, end)
        if weak and span.isupper() and len(span) > 1 and any(r.value == span for r in by_field[field]):
            weak = False  # "and NA?": a value written exactly as the data writes it (not "na" for n/a)
            cued.append(field)
        if phrase == "it":
            span = original_span(original, toks, start, end)
            weak = span != "IT" and not (end < len(words) and words[end] in ("department", "team", "dept", "support"))
            if not weak:
                cued.append(field)
        if weak and self._beside_a_value_of(words, start, end, field):
            cued.append(field)  # "incidents vs requests", "incidents or requests": both sides are values
        if weak and field not in named_next and field not in cued and not weak_ok:
            return None
        values = tuple(dict.fromkeys(r.value for r in by_field[field]))
        label = original_span(original, toks, start, end)
        return Found(field, values, start, end, False, field in cued or field in named_next or in_slot, label)


def _carry_negation(found: list[Found], toks: list[Token]) -> None:
    """Negation found before the first value of a list carries over the list's values."""
    for prev, cur in pairwise(found):
        if prev.negate and not cur.negate and prev.field == cur.field:
            between = [t.norm for t in toks[prev.end:cur.start]]
            if all(w in LIST_JOINERS or w in ("yet", "still") for w in between):
                cur.negate = True


def original_span(original: str, toks: list[Token], start: int, end: int) -> str:
    return original[toks[start].start:toks[end - 1].end]

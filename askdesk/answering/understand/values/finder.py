"""Finding the values a question names (:class:`ValueFinder`): at each word, the first kind that
reads there — a field with no value ("unassigned"), a literal "status X", "open", a person, a
value's own phrase (given to the field the question names next to it, else to the request's own
columns first), "done", a status family, or one word of a longer value's name where a value
stands — then a list that goes on by number ("p1 or 3"), its negation, and the field word next
to it.
"""

from __future__ import annotations

import re

from askdesk.answering.filters import COLUMN_FIELDS
from askdesk.answering.understand.fields import field_words
from askdesk.answering.understand.personal import PSEUDONYM
from askdesk.answering.understand.text import Token
from askdesk.answering.understand.values.found import PREPOSITIONS, Found, is_cued, lookup, match, original_span
from askdesk.answering.understand.values.negation import NEG_SINGLE, carry_negation, negation_before
from askdesk.answering.understand.values.statuses import (
    DONE_PHRASES,
    OPEN_PHRASES,
    more_statuses,
    open_is_a_verb,
    state_values,
    status_family_at,
)
from askdesk.answering.understand.words import FIELD_SYNONYMS, FUNCTION_WORDS, LIST_JOINERS, REQUEST_NOUNS, VALUE_TAILS
from askdesk.answering.vocabulary import ValueRef, Vocabulary, normalise

_UNIT_WORDS = frozenset("minute minutes hour hours day days week weeks month months year years h d".split())  # noqa: SIM905
_ARRIVAL_VERBS = frozenset("raised logged submitted opened created came come coming arrived reported filed sent".split())  # noqa: SIM905
_CHANNEL_FIELD_WORDS = frozenset(["channel", "source", "contact", "medium", "origin", "via"])


class ValueFinder:
    """Finds values of ``vocab`` in a question's tokens; stateless, shared by threads."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.field_words = {name: field_words(name) for name in vocab.fields}
        for alias, name in vocab.field_aliases.items():  # "contact type" names the channel here
            self.field_words.setdefault(name, set()).update(w for w in alias.split() if len(w) > 2)

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
                more_statuses(self.vocab, item, words)
            elif item.values:
                self._more_numbered(item, words)
            if item.end != end and item.label:
                item.label = original_span(original, toks, item.start, item.end)
            neg = negation_before(toks, item.start, available, self.field_words.get(item.field, set())) \
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
        carry_negation(found, toks)
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
                if any(r.field == name for r in lookup(self.vocab, words, j)[1]):
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
            size, refs = lookup(self.vocab, words, j)
            statuses = tuple(dict.fromkeys(r.value for r in refs if r.field == "status"))
            if statuses:
                return Found("status", statuses, i, j + size, False, True,
                             original_span(original, toks, i, j + size))
        n_open = match(words, i, OPEN_PHRASES)
        size, refs = lookup(self.vocab, words, i)
        phrase = " ".join(words[i:i + size])
        literal = any(r.field == "status" and normalise(r.value) == phrase for r in refs)
        if literal and ((i + size < len(words) and words[i + size] in ("status", "state")) or (
                i > 0 and any(r.field == "status" and r.value == original_span(original, toks, i, i + size)
                              for r in refs) and original[:toks[i].start].rstrip()[-1:] not in ("", ".", "?", "!"))):
            n_open = 0  # "in Open status", "… actually Open": the literal status, not every unfinished one
        # "open" always means unfinished; "active" is the status Active where the data has one
        if n_open and (n_open > size or (n_open == size and (phrase == "open" or not literal))) \
                and not open_is_a_verb(words, i):
            field, values, resolved = state_values(self.vocab, "open")
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
        n_done = match(words, i, DONE_PHRASES)
        if n_done and not (words[i] == "fixed" and i + 1 < len(words) and words[i + 1] in ("by", "it", "with")):
            field, values, resolved = state_values(self.vocab, "done")
            return Found(field, values, i, i + n_done, False, True,
                         original_span(original, toks, i, i + n_done), resolved)
        family = status_family_at(v, self.field_words, toks, words, i, original)
        if family is not None:
            return family
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
            return 0 <= k < len(words) and (bool(lookup(self.vocab, words, k)[0])
                                            or words[k] in self.vocab.word_aliases)

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
        if j >= 0 and (words[j] in NEG_SINGLE or (words[j] in PREPOSITIONS and any(
                r.field not in COLUMN_FIELDS for r in refs))):
            return "weak"
        return None

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
                r.field == field for r in lookup(self.vocab, words, start - 2)[1]):
            return True
        return end + 1 < len(words) and words[end] in joiners and any(
            r.field == field for r in lookup(self.vocab, words, end + 1)[1])

    def _choose(self, toks: list[Token], words: list[str], start: int, end: int, refs: tuple[ValueRef, ...],
                original: str, *, cued: bool = False, weak_ok: bool = False) -> Found | None:
        """The field a phrase names: the one the question names next to it, else the request's
        own columns first; weak phrases (numbers, filler words, "it") need such a cue."""
        in_slot = cued
        phrase = " ".join(words[start:end])
        by_field: dict[str, list[ValueRef]] = {}
        for r in refs:
            by_field.setdefault(r.field, []).append(r)
        cued_fields = [f for f in by_field if is_cued(self.field_words, toks, start, end, f)]
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
            for name, field_values in self.vocab.fields.items():
                if set(name.split("_")) & _CHANNEL_FIELD_WORDS:
                    ends = [val for val in field_values if normalise(val).endswith(" " + phrase)]
                    if len(ends) == 1:
                        by_field = {name: [ValueRef(name, ends[0], "alias")]}
                        channel_like = [name]
                        cued_fields.append(name)
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
            cued_fields.append(field)
        if phrase == "it":
            span = original_span(original, toks, start, end)
            weak = span != "IT" and not (end < len(words) and words[end] in ("department", "team", "dept", "support"))
            if not weak:
                cued_fields.append(field)
        if weak and self._beside_a_value_of(words, start, end, field):
            cued_fields.append(field)  # "incidents vs requests", "incidents or requests": both sides are values
        if weak and field not in named_next and field not in cued_fields and not weak_ok:
            return None
        values = tuple(dict.fromkeys(r.value for r in by_field[field]))
        label = original_span(original, toks, start, end)
        return Found(field, values, start, end, False, field in cued_fields or field in named_next or in_slot, label)

"""Which phrases name which values: the phrase index every question is matched against, the weak
one-word aliases, and the words for priority levels.

Built from the values alone (field -> value -> rows), so any export's values get the same
treatment: a value is named by its own words, their singular and plural, a number-less form
("1 - Critical" -> "critical"), an acronym, a part of a path, an abbreviation, a run of its
words that names no other value, a concept's other names, and a channel's verb ("emailed").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from wordfreq import zipf_frequency

from askdesk.answering.vocabulary.words import (
    ABBREVIATIONS,
    ALIAS_STOP,
    CATEGORY_SYNONYMS,
    CHANNEL_NAMES,
    CONCEPTS,
    GENERIC_TAIL,
    PARTICLES,
    PHRASE_ABBREVIATIONS,
    PRIORITY_WORDS,
    WEAK_PART_WORDS,
    normalise,
    past,
    singular,
    word_forms,
)


@dataclass(frozen=True)
class ValueRef:
    """A value of a field that a phrase of the question names."""

    field: str
    value: str
    #: how it was named: "value" (its own words), "alias" (a synonym or a part of the name)
    how: str = "value"


def build_phrase_index(fields: dict[str, dict[str, int]]) -> dict[str, tuple[ValueRef, ...]]:
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
    for name, values in fields.items():
        heads = Counter(normalise(v).split()[0] for v in values if normalise(v))
        for value in values:
            norm = normalise(value)
            add(norm, ValueRef(name, value))
            words = norm.split()
            if words:
                add(" ".join([*words[:-1], singular(words[-1])]), ValueRef(name, value))
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
            if len(words) == 2 and words[1] in GENERIC_TAIL and len(words[0]) >= 5 and heads[words[0]] == 1:
                # "Phishing report" <- "phishing"; not "Awaiting Problem" <- "awaiting" beside "Awaiting Vendor"
                add(words[0], ValueRef(name, value, "alias"))
            for k, word in enumerate(words):  # "network ops", "facilities mgmt"
                for short in ABBREVIATIONS.get(word, ()):
                    add(" ".join([*words[:k], short, *words[k + 1:]]), ValueRef(name, value, "alias"))
    # a path ("Hardware > Printer > Toner", "Root entity > Campus North > Library"): each level
    # names its whole branch ("printer" = Printer and Toner, "campus north" = every entity under it);
    # a qualifier in brackets ("Processing (assigned)") leaves the head naming the family
    branches: dict[tuple[str, str], set[str]] = {}
    for name, values in fields.items():
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
            for value in sorted(owners, key=lambda v: (-fields[name][v], v)):
                add(form, ValueRef(name, value, "alias"))
                words = form.split()
                add(" ".join([*words[:-1], singular(words[-1])]), ValueRef(name, value, "alias"))
    # a run of words at the start or end of a longer name that names no other value
    # ("MS SQL Server" <- "sql server"): added last, so an exact name always wins
    parts: dict[str, set[tuple[str, str]]] = {}
    for name, values in fields.items():
        for value in values:
            words = normalise(value).split()
            for size in range(2, len(words)):
                for gram in (words[:size], words[-size:]):
                    if any(len(w) >= 3 and w not in WEAK_PART_WORDS and not w.isdigit() for w in gram):
                        parts.setdefault(" ".join(gram), set()).add((name, value))
            names = [" ".join(words)] + [normalise(p) for p in value.split("/") if "/" in value
                                          and len(normalise(p)) >= 4]  # "Network/Wi-Fi" <- "wifi"
            for phrase, shorts in PHRASE_ABBREVIATIONS.items():
                for norm in names:
                    if f" {phrase} " in f" {norm} ":
                        for short in shorts:
                            add(f" {norm} ".replace(f" {phrase} ", f" {short} ").strip(), ValueRef(name, value, "alias"))
            if len(words) == 1 and len(words[0]) >= 6 and words[0][-2:] in PARTICLES:
                stem = words[0][:-2]  # "Walkup" <- "walk up", "walk-ups", "walk in"
                for other in PARTICLES:
                    add(f"{stem} {other}", ValueRef(name, value, "alias"))
                    add(f"{stem} {other}s", ValueRef(name, value, "alias"))
            if len(words) == 2 and words[1] in PARTICLES and len(words[0]) >= 3:
                for other in PARTICLES:  # "walk up" / "walkin" <- "Walk-in"
                    if other != words[1]:
                        add(f"{words[0]} {other}", ValueRef(name, value, "alias"))
                    add(f"{words[0]}{other}", ValueRef(name, value, "alias"))
    for phrase, pairs in [*parts.items(), *codes.items()]:
        if len(pairs) == 1 and phrase not in index:
            (name, value), = pairs
            for form in (phrase, *(ABBREVIATIONS.get(phrase, ()) if phrase in codes else ())):
                add(form, ValueRef(name, value, "alias"))  # "l1" -> also "first line"
    for name, values in fields.items():
        if name == "status":
            continue
        for concept in CONCEPTS:
            about = [v for v in values if any(f" {p} " in f" {normalise(v)} " for p in concept)]
            if len(about) == 1:  # "new starter" names "Onboard a new employee" where one value is about it
                for phrase in concept:
                    add(phrase, ValueRef(name, about[0], "alias"))
    for value in fields.get("category", {}):
        for key, syns in CATEGORY_SYNONYMS.items():
            if normalise(value) == key or normalise(value) in syns:
                for s in (key, *syns):
                    add(s, ValueRef("category", value, "alias"))
    for value, aliases in build_priority_aliases(fields.get("priority", {})).items():
        for alias in aliases:
            add(alias, ValueRef("priority", value, "alias"))
    for name, values in fields.items():
        if set(name.split("_")) & CHANNEL_NAMES:
            for value in values:  # "emailed in", "phoned", "chatted": how it arrived, as a verb
                word = normalise(value).split()[0] if normalise(value) else ""
                if word.isalpha() and len(word) >= 4 and (len(normalise(value).split()) == 1 or word == "phone"):
                    add(past(word), ValueRef(name, value, "alias"))
    # a value's own name beats another value's alias in the same field ("lowest" is the
    # priority Lowest where the data has one, not also Low)
    for phrase, bucket in index.items():
        exact = {r.field for r in bucket if r.how == "value"}
        if exact:
            bucket[:] = [r for r in bucket if r.how == "value" or r.field not in exact]
    return {k: tuple(v) for k, v in index.items()}


def build_word_aliases(fields: dict[str, dict[str, int]],
                       phrase_index: dict[str, tuple[ValueRef, ...]]) -> dict[str, tuple[ValueRef, ...]]:
    """One word that names a longer value on its own, in the data's own words: "software" for
    the request type "Request new software", "onboarding" for "Onboard a new employee".

    A word qualifies when it is a content word of one value, or of a few (≤ 4) that it then
    names together ("badge": Visitor Badge, Access Badge), within its field (not a generic
    word such as "request" or "new", nor a field's own name such as "form"), or a capitalised
    acronym in a name ("HQ"), and is not itself a value or an alias.  Unlike
    :func:`build_phrase_index`, these are *weak*: the parser uses them only where a value stands
    ("software tickets", "access or hardware issues", "type software"), so "can't install
    the software" stays words to search for.  Forms: the word, its plural, "-ing" and "-ed"
    ("onboard" -> "onboarding"), and the stem of "-ing" words ("onboarding" -> "onboard")."""
    out: dict[str, list[ValueRef]] = {}
    field_names = {w for f in fields for w in f.split("_")}  # "form" names the field Form, not "Web form"
    for name, values in fields.items():
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
                if ((len(w) >= 4 and w.isalpha()) or w in caps) and w not in WEAK_PART_WORDS \
                        and w not in GENERIC_TAIL and w not in ALIAS_STOP:
                    owners.setdefault(w, set()).add(value)
        single = {normalise(v) for v in values if len(normalise(v).split()) == 1}
        for w, vals in owners.items():
            # one value, or a few that share the word ("badge": Visitor Badge, Access Badge)
            if len(vals) > 4 or w in single or w in field_names:
                continue
            for form in word_forms(w):
                if form in phrase_index:
                    continue
                bucket = out.setdefault(form, [])
                for value in sorted(vals, key=lambda v: (-values[v], v)):
                    ref = ValueRef(name, value, "word")
                    if ref not in bucket:
                        bucket.append(ref)
    return {k: tuple(v) for k, v in out.items()}


def build_priority_aliases(priorities: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """priority value -> words that name it ("1 - Critical" -> critical, p1, sev1, ...)."""
    found: dict[str, set[str]] = {}
    level: dict[str, int] = {}
    for value in priorities:
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

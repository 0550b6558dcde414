"""Templates: which PII slots they use, rendering them for a row (recording the PII), and typos."""

from __future__ import annotations

import random
import string

from .catalogue import load
from .slots import Slots

#: slot -> entity type, for the slots that hold PII (``data/pii.toml``).
PII_SLOT_TYPES: dict[str, str] = dict(load("pii.toml")["slot_types"])

#: A PII template: (text, ((slot, entity_type), ...)) for the PII slots the text uses.
PiiTemplate = tuple[str, tuple[tuple[str, str], ...]]

_FORMATTER = string.Formatter()


def template_keys(template: str) -> tuple[str, ...]:
    """The slots ``template`` uses, in order."""
    return tuple(f for _, f, _, _ in _FORMATTER.parse(template) if f)


def pii_templates(templates) -> tuple[PiiTemplate, ...]:
    """Templates with the PII slots they use: ((text, ((slot, entity_type), ...)), ...)."""
    out = []
    for t in templates:
        out.append((t, tuple((k, PII_SLOT_TYPES[k]) for k in template_keys(t) if k in PII_SLOT_TYPES)))
    return tuple(out)


def cap(s: str) -> str:
    """``s`` with its first letter upper-cased (when it is a lower-case letter)."""
    return s[0].upper() + s[1:] if s and s[0].islower() else s


_TYPO_CONTRACTIONS = (("can't", "cant"), ("don't", "dont"), ("doesn't", "doesnt"), ("I'm", "Im"), ("won't", "wont"),
                      ("isn't", "isnt"), ("I've", "ive"), ("it's", "its"))


def typo(rng: random.Random, s: str) -> str:
    """One realistic typo in a PII-free sentence (letter swap/drop/double, lost apostrophe, 'i')."""
    r = rng.random()
    if r < 0.25:
        for a, b in _TYPO_CONTRACTIONS:
            if a in s:
                return s.replace(a, b, 1)
    if r < 0.35 and " I " in s:
        return s.replace(" I ", " i ", 1)
    words = s.split(" ")
    cand = [k for k, w in enumerate(words) if len(w) >= 5 and w.isalpha() and w.islower()]
    if not cand:
        return s
    k = cand[int(rng.random() * len(cand))]
    w = words[k]
    p = 1 + int(rng.random() * (len(w) - 2))
    r = rng.random()
    if r < 0.45:
        w = w[:p] + w[p + 1] + w[p] + w[p + 2:]
    elif r < 0.8:
        w = w[:p] + w[p + 1:]
    else:
        w = w[:p] + w[p] + w[p:]
    words[k] = w
    return " ".join(words)


class RowBuilder:
    """Renders templates for one row and records every PII value it plants."""

    __slots__ = ("pii", "slots")

    def __init__(self, slots: Slots, pii: list[tuple[str, str]]):
        self.slots = slots
        self.pii = pii

    def plain(self, template: str) -> str:
        return template.format_map(self.slots) if "{" in template else template

    def pii_text(self, entry: PiiTemplate) -> str:
        template, keys = entry
        slots = self.slots
        text = template.format_map(slots)
        for k, etype in keys:
            self.pii.append((etype, slots[k]))
        return text

    def render(self, rnd, pool, is_pii: bool) -> str:
        """One entry of ``pool`` (PII templates when ``is_pii``), capitalised when it starts with a slot."""
        entry = pool[int(rnd() * len(pool))]
        if is_pii:
            text = self.pii_text(entry)
            return cap(text) if entry[0][0] == "{" else text
        if "{" in entry:
            text = entry.format_map(self.slots)
            return cap(text) if entry[0] == "{" else text
        return entry

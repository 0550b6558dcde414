"""How analytic questions are worded: the templates of every kind (``evals/data/analytics_phrasing.toml``),
the :class:`Renderer` that turns conditions into words, and :func:`humanise`, the Slack-style
noise (lower case, typos, greetings, thanks) people add.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Any

from evals.datafiles import load_table
from evals.goldensets.analytic_truth import DATE_FIELDS, Cond, Condition, DateCond
from evals.goldensets.analytic_vocabulary import Profile

_PHRASES = load_table("analytics_phrasing")
#: how a date condition reads, by date field
_DATE_VERBS: dict[str, tuple[str, ...]] = _PHRASES["date_verbs"]
_TYPOS: dict[str, tuple[str, ...]] = _PHRASES["typos"]
_PREFIXES: tuple[str, ...] = _PHRASES["prefixes"]
_SUFFIXES: tuple[str, ...] = _PHRASES["suffixes"]

COUNT_TEMPLATES: tuple[str, ...] = _PHRASES["count"]
COUNT_PRED_TEMPLATES: tuple[str, ...] = _PHRASES["count_pred"]
#: order -> (singular templates, plural templates with {n})
LIST_TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    order: (t["singular"], t["plural"]) for order, t in _PHRASES["list"].items()}
TOP1_TEMPLATES: tuple[str, ...] = _PHRASES["top1"]
TOP1_SPECIAL: dict[str, tuple[str, ...]] = _PHRASES["top1_special"]
TOPK_TEMPLATES: tuple[str, ...] = _PHRASES["topk"]
BREAKDOWN_TEMPLATES: tuple[str, ...] = _PHRASES["breakdown"]
#: (measure, stat) -> templates
DURATION_TEMPLATES: dict[tuple[str, str], tuple[str, ...]] = {
    (measure, stat): templates for measure, stats in _PHRASES["duration"].items() for stat, templates in stats.items()}
TREND_TEMPLATES: dict[str, tuple[str, ...]] = _PHRASES["trend"]
TREND_RANGE_TEMPLATES: tuple[str, ...] = _PHRASES["trend_range"]
#: trends of resolutions: "{F}" is the requests, counted by their resolved date
TREND_RESOLVED_TEMPLATES: tuple[str, ...] = _PHRASES["trend_resolved"]
TREND_RESOLVED_RANGE_TEMPLATES: tuple[str, ...] = _PHRASES["trend_resolved_range"]
SHARE_TEMPLATES: tuple[str, ...] = _PHRASES["share"]
PII_TEMPLATES: tuple[str, ...] = _PHRASES["pii"]


# ======================================================================================= rendering
_FIELD_ORDER = ("status", "priority", "impact", "urgency", "channel", "subcategory", "category", "location",
                "assignment_group")


class Renderer:
    """Turns conditions into the words of a question, deterministically from its ``rng``."""

    def __init__(self, profile: Profile, rng: random.Random) -> None:
        self.p = profile
        self.rng = rng

    def pick(self, seq: Sequence[Any]) -> Any:
        return seq[int(self.rng.random() * len(seq))]

    def value_word(self, fname: str, value: str, *, post: bool = False) -> str:
        fw = self.p.fields[fname]
        words = (fw.post_values.get(value) if post else None) or fw.values.get(value) or (value,)
        return self.pick(words)

    def _join(self, words: Sequence[str]) -> str:
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]

    def cond_parts(self, c: Condition, *, allow_adj: bool = True) -> tuple[str, str]:
        """("adj" | "post", words) for one condition."""
        if isinstance(c, DateCond):
            return "post", self.pick(_DATE_VERBS[c.field]).format(d=self.pick(c.words))
        if c.field == "status":
            return self._status_parts(c, allow_adj)
        fw = self.p.fields[c.field]
        name = self.pick(fw.names)
        if c.negate and fw.neg_adj and len(c.values) == 1 and allow_adj and self.rng.random() < 0.4:
            one_word = [w for w in fw.values.get(c.values[0], ()) if " " not in w]
            if one_word:
                return "adj", self.pick(fw.neg_adj).format(v=self.pick(one_word))
        adj = fw.adj and not c.negate and allow_adj and self.rng.random() < 0.7
        joined = self._join([self.value_word(c.field, v, post=not adj) for v in c.values])
        if c.negate:
            return "post", self.pick(fw.neg).format(v=joined, name=name)
        if adj:
            return "adj", joined
        return "post", self.pick(fw.post).format(v=joined, name=name)

    def _status_parts(self, c: Cond, allow_adj: bool) -> tuple[str, str]:
        if c.open:
            w = self.p.open_words
        elif len(c.values) == 1 and not c.negate:
            w = self.p.statuses[c.values[0]]
        else:
            words = next(ws for vals, neg, ws, _preds in self.p.status_sets
                         if tuple(sorted(vals)) == tuple(sorted(c.values)) and neg == c.negate)
            return "post", self.pick(words)
        if w.adj and allow_adj and (self.rng.random() < 0.65 or not w.post):
            return "adj", self.pick(w.adj)
        return "post", self.pick(w.post)

    def pred(self, c: Condition) -> str:
        """The condition after "are": "critical", "still open", "raised by phone"."""
        if isinstance(c, Cond) and c.field == "status":
            if c.open:
                return self.pick(self.p.open_words.pred)
            if len(c.values) == 1 and not c.negate and self.p.statuses[c.values[0]].pred:
                return self.pick(self.p.statuses[c.values[0]].pred)
            words, preds = next((ws, ps) for vals, neg, ws, ps in self.p.status_sets
                                if tuple(sorted(vals)) == tuple(sorted(c.values)) and neg == c.negate)
            return self.pick(preds or words)
        if isinstance(c, Cond) and not c.negate:
            fw = self.p.fields[c.field]
            if fw.pred:
                joined = self._join([self.value_word(c.field, v, post=True) for v in c.values])
                return self.pick(fw.pred).format(v=joined)
            if fw.adj:  # "are critical", not "are with priority critical"
                return self._join([self.value_word(c.field, v) for v in c.values])
        return self.cond_parts(c)[1]

    def noun(self, plural: bool = True) -> str:
        nouns = self.p.nouns
        pair = nouns[0] if self.rng.random() < 0.45 else self.pick(nouns)
        return pair[0] if plural else pair[1]

    def phrase(self, conds: Sequence[Condition], *, plural: bool = True, noun: str | None = None,
               allow_adj: bool = True) -> str:
        """"open critical HR tickets raised by phone last week"."""
        def rank(c: Condition) -> int:
            return len(_FIELD_ORDER) + DATE_FIELDS.index(c.field) if isinstance(c, DateCond) else _FIELD_ORDER.index(c.field)

        pre: list[str] = []
        post: list[str] = []
        for c in sorted(conds, key=rank):
            where, words = self.cond_parts(c, allow_adj=allow_adj)
            (pre if where == "adj" else post).append(words)
        n = noun or self.noun(plural)
        # "open p1s": a priority word that is a noun of its own replaces the noun now and then
        prio = next((c for c in conds if isinstance(c, Cond) and c.field == "priority" and not c.negate
                     and len(c.values) == 1), None)
        if noun is None and plural and prio is not None and self.rng.random() < 0.35:
            fw = self.p.fields["priority"]
            alt = fw.nouns.get(prio.values[0])
            if alt:
                word_pre = [w for w in pre if w not in fw.values.get(prio.values[0], ())]
                if len(word_pre) == len(pre) - 1:
                    pre, n = word_pre, self.pick(alt)
        return " ".join([*pre, n, *post]).replace("  ", " ").strip()

    def frag(self, c: Condition) -> str:
        """A condition alone, as a follow-up names it (a noun phrase): "the critical ones", "HR",
        "Location 98", "the ones raised by phone"."""
        if isinstance(c, DateCond):
            return self.pick(c.words)
        if (c.field in ("category", "location", "assignment_group", "subcategory") and not c.negate and len(c.values) == 1
                and self.rng.random() < 0.4):
            return self.value_word(c.field, c.values[0], post=True)
        where, words = self.cond_parts(c)
        if where == "adj":
            return self.pick(("the {w} ones", "{w} ones", "the {w} " + self.noun())).format(w=words)
        return self.pick(("the ones {w}", "those {w}")).format(w=words)


def humanise(text: str, rng: random.Random, *, keep_case: bool = False) -> str:
    """Slack-style noise: lower case, a typo or two, a greeting or a thanks, no question mark."""
    r = rng.random()
    # values whose case carries meaning: "IT" (not "it"), status 'Open' (a literal status, not "open")
    has_caps_value = bool(re.search(r"\b(IT|HR|DNS|DHCP|DB2|MS SQL)\b|status '?Open", text))
    if r < 0.35 and not keep_case and not has_caps_value:
        text = text.lower()
    elif r < 0.7:
        text = text[:1].upper() + text[1:]
    for _ in range(2 if rng.random() < 0.04 else (1 if rng.random() < 0.16 else 0)):
        words = [w for w in _TYPOS if re.search(rf"\b{w}\b", text)]
        if words:
            w = words[int(rng.random() * len(words))]
            typo = _TYPOS[w][int(rng.random() * len(_TYPOS[w]))]
            text = re.sub(rf"\b{w}\b", typo, text, count=1)
    if text.endswith("?") and rng.random() < 0.25:
        text = text[:-1]
    r = rng.random()
    if r < 0.1 and not re.match(r"(hi|hey|hello|morning|quick)\b", text, re.IGNORECASE):
        text = rng.choice(_PREFIXES) + text
    elif r < 0.2 and not re.search(r"\b(thanks|thx|pls|please|ty|cheers)\W*$", text, re.IGNORECASE):
        text = text + rng.choice(_SUFFIXES)
    return text

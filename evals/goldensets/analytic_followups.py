"""Follow-up questions of the analytic sets: threads of two or three turns ("how many open P1s?" ->
"and by location?"), the truth being for the last turn with the earlier filters carried over.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from evals.goldensets.analytic_phrasing import Renderer, humanise
from evals.goldensets.analytic_truth import DATE_FIELDS, Cond, Condition, DateCond, Spec, with_cond
from evals.goldensets.analytic_vocabulary import Profile


class FollowUps:
    """The follow-up patterns of :class:`~evals.goldensets.analytic_builder.Builder`: a first question
    (or two), then a short follow-up whose truth carries the earlier filters over and replaces the
    restated ones.  A mixin: it uses the builder's rng, renderer, conditions and bookkeeping."""

    # what the builder this is mixed into provides
    p: Profile
    rng: random.Random
    say: Renderer

    if TYPE_CHECKING:
        def random_cond(self, fname: str, *, open_ok: bool = True, finished_ok: bool = True,
                        negate_ok: bool = True) -> Condition | None: ...

        def random_conds(self, k: int, *, exclude: Iterable[str] = (), open_ok: bool = True, finished_ok: bool = True,
                         dates_ok: bool = True, resolved_ok: bool = True,
                         negate_ok: bool = True) -> tuple[Condition, ...]: ...

        def consistent(self, conds: tuple[Condition, ...]) -> tuple[Condition, ...]: ...

        def render(self, spec: Spec) -> str: ...

        def emit(self, kind: str, spec: Spec, *, zero_ok: bool = False, history: Sequence[str] = (),
                 text: str | None = None) -> bool: ...

        def spec_duration(self) -> Spec: ...

        def spec_share(self) -> Spec: ...

        def spec_trend(self) -> Spec: ...

    # ------------------------------------------------------------------ follow-ups
    def followups(self, target: int) -> None:
        rng, say = self.rng, self.say
        made = 0
        patterns = [self.fu_list_then_pick, self.fu_count_then_breakdown, self.fu_count_then_add, self.fu_count_then_replace,
                    self.fu_count_then_date, self.fu_duration_then_stat, self.fu_duration_then_replace,
                    self.fu_top_then_add, self.fu_share_then_replace, self.fu_trend_then_add, self.fu_three_turns,
                    self.fu_count_then_exclude]
        for i in range(target * 80):
            if made >= target:
                return
            fn = patterns[i % len(patterns)]
            if fn(rng, say):
                made += 1

    def _fu(self, kind: str, spec: Spec, history: list[str], last: str) -> bool:
        return self.emit(kind, spec, history=[humanise(h, self.rng) for h in history], text=humanise(last, self.rng))

    def fu_list_then_pick(self, rng: random.Random, say: Renderer) -> bool:
        conds = self.random_conds(rng.choice((1, 2)))
        if not conds:
            return False
        first = rng.choice(("list the {F}", "show me the {F}", "which {F} do we have?", "can you list all {F}?")).format(
            F=say.phrase(conds))
        is_open = any(isinstance(c, Cond) and c.open for c in conds)
        order = rng.choice(("oldest", "newest", "updated") + (("open_longest",) if is_open else ()))
        last = {"oldest": ("which of those is the oldest?", "and the oldest one?", "oldest of those?", "which one is oldest"),
                "newest": ("which of those is the newest?", "and the most recent one?", "which came in last?"),
                "updated": ("which of them was updated most recently?", "most recently updated one?"),
                "open_longest": ("which has been open the longest?", "which one's been open longest?")}[order]
        conds_ = tuple(c for c in conds if not (order == "open_longest" and isinstance(c, Cond) and c.open))
        return self._fu("list", Spec("list", conds_, order=order, n=1), [first], rng.choice(last))

    def fu_count_then_breakdown(self, rng: random.Random, say: Renderer) -> bool:
        conds = self.random_conds(rng.choice((1, 2)))
        used = {c.field for c in conds}
        groups = [g for g in self.p.group_fields if g not in used]
        if not conds or not groups:
            return False
        g = rng.choice(groups)
        name = say.pick(self.p.fields[g].names)
        first = self.render(Spec("count", conds))
        k = 1 if rng.random() < 0.3 else None
        last = (rng.choice(("which {g} has the most of them?", "and which {g} has the most?")) if k else
                rng.choice(("and by {g}?", "break that down by {g}", "split by {g} pls", "per {g}?", "what about by {g}?",
                            "can you split those by {g}?"))).format(g=name)
        return self._fu("top", Spec("top", conds, group=g, k=k), [first], last)

    def fu_count_then_add(self, rng: random.Random, say: Renderer) -> bool:
        conds = self.random_conds(rng.choice((1, 2)))
        extra = self.random_conds(1, exclude={c.field for c in conds} | set(DATE_FIELDS), negate_ok=False)
        if not conds or not extra:
            return False
        first = self.render(Spec("count", conds))
        frag = say.frag(extra[0])
        last = rng.choice(("only {f}?", "just {f}", "and only {f}?", "what about only {f}?", "how many of those are {p}?",
                           "and {p}?")).format(f=frag, p=say.pred(extra[0]))
        return self._fu("count", Spec("count", self.consistent(conds + extra)), [first], last)

    def _replaceable(self, conds: Sequence[Condition]) -> list[Cond]:
        return [c for c in conds if isinstance(c, Cond) and not c.negate and len(c.values) == 1 and c.field != "status"
                and len(self.p.filter_values.get(c.field, ())) > 1]

    def _other_value(self, rng: random.Random, c: Cond) -> Cond:
        others = [v for v in self.p.filter_values[c.field] if v != c.values[0]]
        return Cond(c.field, (rng.choice(others),))

    def fu_count_then_replace(self, rng: random.Random, say: Renderer) -> bool:
        conds = self.random_conds(rng.choice((1, 2, 2)))
        rep = self._replaceable(conds)
        if not rep:
            return False
        new = self._other_value(rng, rng.choice(rep))
        first = self.render(Spec("count", conds))
        frag = say.frag(new)
        last = rng.choice(("and {f}?", "what about {f}?", "same for {f}", "how about {f}?", "and for {f}?")).format(f=frag)
        return self._fu("count", Spec("count", with_cond(conds, new)), [first], last)

    def fu_count_then_date(self, rng: random.Random, say: Renderer) -> bool:
        conds = self.random_conds(rng.choice((0, 1)), dates_ok=False)
        d1 = self.random_cond("created")
        d2 = self.random_cond("created")
        if not isinstance(d1, DateCond) or not isinstance(d2, DateCond) or d1.key() == d2.key():
            return False
        first = self.render(Spec("count", conds + (d1,)))
        d = say.pick(d2.words)
        last = rng.choice(("what about {d}?", "and {d}?", "same for {e}?", "ok and {d}?")).format(
            d=d, e=re.sub(r"^(in|during) ", "", d))
        return self._fu("count", Spec("count", with_cond(conds + (d1,), d2)), [first], last)

    def fu_duration_then_stat(self, rng: random.Random, say: Renderer) -> bool:
        base = self.spec_duration()
        base = replace(base, stat="mean")
        stat = rng.choice(("median", "p90"))
        first = self.render(base)
        last = {"median": ("and the median?", "median?", "what's the median though?", "and median?"),
                "p90": ("what's the p90?", "and the 90th percentile?", "p90?")}[stat]
        return self._fu("duration", replace(base, stat=stat), [first], rng.choice(last))

    def fu_duration_then_replace(self, rng: random.Random, say: Renderer) -> bool:
        base = self.spec_duration()
        rep = self._replaceable(base.conds)
        if not rep:
            return False
        new = self._other_value(rng, rng.choice(rep))
        first = self.render(base)
        last = rng.choice(("and for {f}?", "what about {f}?", "same for {f}", "how about {f}?")).format(f=say.frag(new))
        return self._fu("duration", replace(base, conds=with_cond(base.conds, new)), [first], last)

    def fu_top_then_add(self, rng: random.Random, say: Renderer) -> bool:
        group = rng.choice(self.p.group_fields)
        base = Spec("top", self.random_conds(rng.choice((0, 1)), exclude=(group,)), group=group, k=None)
        extra = self.random_conds(1, exclude={c.field for c in base.conds} | {group} | set(DATE_FIELDS), negate_ok=False)
        if not extra:
            return False
        first = self.render(base)
        last = rng.choice(("only {f}", "now just {f}", "same but only {f}", "and only {f}?", "what about {f} only?")).format(
            f=say.frag(extra[0]))
        return self._fu("top", replace(base, conds=self.consistent(base.conds + extra)), [first], last)

    def fu_share_then_replace(self, rng: random.Random, say: Renderer) -> bool:
        base = self.spec_share()
        rep = self._replaceable(base.conds)
        if not base.part or not rep:
            return False
        new = self._other_value(rng, rng.choice(rep))
        if new.field == base.part[0].field:
            return False
        first = self.render(base)
        last = rng.choice(("and for {f}?", "what about {f}?", "same for {f}", "and {f}?")).format(f=say.frag(new))
        return self._fu("share", replace(base, conds=with_cond(base.conds, new)), [first], last)

    def fu_trend_then_add(self, rng: random.Random, say: Renderer) -> bool:
        base = self.spec_trend()
        if base.date_field != "created":
            return False
        extra = self.random_conds(1, exclude={c.field for c in base.conds} | set(DATE_FIELDS) | {"status"}, negate_ok=False)
        if not extra:
            return False
        first = self.render(base)
        last = rng.choice(("just {f}", "only {f}", "now only {f}", "same for {f}?")).format(f=say.frag(extra[0]))
        return self._fu("trend", replace(base, conds=base.conds + extra), [first], last)

    def fu_three_turns(self, rng: random.Random, say: Renderer) -> bool:
        conds = self.random_conds(1)
        extra = self.random_conds(1, exclude={c.field for c in conds} | set(DATE_FIELDS), negate_ok=False)
        if not conds or not extra:
            return False
        first = rng.choice(("list the {F}", "show me the {F}", "what {F} are there?")).format(F=say.phrase(conds))
        second = rng.choice(("only {f}", "just {f} please", "filter to {f}")).format(f=say.frag(extra[0]))
        order = rng.choice(("oldest", "newest"))
        last = {"oldest": ("which of those is the oldest?", "and the oldest?"),
                "newest": ("which is the newest of those?", "most recent one?")}[order]
        return self._fu("list", Spec("list", self.consistent(conds + extra), order=order, n=1), [first, second],
                        rng.choice(last))

    def fu_count_then_exclude(self, rng: random.Random, say: Renderer) -> bool:
        conds = self.random_conds(rng.choice((1, 2)))
        fields = [f for f in self.p.filter_values if f not in {c.field for c in conds} and self.p.fields[f].neg]
        if not conds or not fields:
            return False
        f = rng.choice(fields)
        v = rng.choice(self.p.filter_values[f])
        neg = Cond(f, (v,), negate=True)
        first = self.render(Spec("count", conds))
        last = rng.choice(("{n}?", "and {n}?", "what about {n}?", "ok, {n}?")).format(n=say.cond_parts(neg, allow_adj=False)[1])
        return self._fu("count", Spec("count", conds + (neg,)), [first], last)

"""The analytic question builder: random questions of every kind for an export's profile (counts,
lists, top-N and breakdowns, durations, trends, shares), kept only when their truth is fair, plus
follow-ups (:class:`~evals.goldensets.analytic_followups.FollowUps`), the questions askdesk must
decline, lookups, unknown ids, searches and personal-data questions.  Deterministic for a seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from evals.golden import LOOKUP_TEMPLATES, SEARCH_TEMPLATES, UNKNOWN_TEMPLATES, issue_key
from evals.goldensets import analytic_phrasing as phrasing
from evals.goldensets.analytic_followups import FollowUps
from evals.goldensets.analytic_phrasing import Renderer, humanise
from evals.goldensets.analytic_truth import DATE_FIELDS, Cond, Condition, DateCond, Spec, fair_truth, open_cond
from evals.goldensets.analytic_vocabulary import MONTHS, Profile, date_options


class Builder(FollowUps):
    """Questions of every kind for one profile's rows (deterministic for a seed)."""

    def __init__(self, profile: Profile, seed: int) -> None:
        self.p = profile
        self.rows = profile.rows
        self.rng = random.Random(seed)
        self.say = Renderer(profile, self.rng)
        self.out: list[dict[str, Any]] = []
        self.seen: set[tuple[Any, ...]] = set()
        self.texts: set[str] = set()
        self.used: dict[str, int] = {}
        self.zeros = 0
        self.dates = date_options(profile.now)

    # ------------------------------------------------------------------ bookkeeping
    def add(self, kind: str, question: str, *, history: Sequence[str] = (), **expected: Any) -> bool:
        thread = " | ".join([*history, question]).lower()  # a follow-up is its whole thread
        if thread in self.texts:
            return False
        self.texts.add(thread)
        n = sum(1 for q in self.out if q["kind"] == kind) + 1
        q: dict[str, Any] = {"id": f"{kind}-{n:03d}", "question": question, "kind": kind}
        if history:
            q["history"] = list(history)
        q.update({k: v for k, v in expected.items() if v is not None})
        self.out.append(q)
        return True

    def template(self, name: str, templates: Sequence[str]) -> str:
        """Templates in turn (each one used), from a random starting point."""
        i = self.used.setdefault(name, int(self.rng.random() * len(templates)))
        self.used[name] = i + 1
        return templates[i % len(templates)]

    # ------------------------------------------------------------------ random conditions
    def random_cond(self, fname: str, *, open_ok: bool = True, finished_ok: bool = True,
                    negate_ok: bool = True) -> Condition | None:
        rng, p = self.rng, self.p
        if fname in DATE_FIELDS:
            opts = [o for o in self.dates if fname != "updated" or o[3] == "recent"]
            s, e, words, _kind = opts[int(rng.random() * len(opts))]
            return DateCond(fname, s, e, words)
        if fname == "status":
            # open_ok=False: only finished statuses (lists of resolved requests); finished_ok=False:
            # only unfinished ones (ages)
            def fits(vals: Iterable[str], neg: bool) -> bool:
                finished = set(vals) <= p.finished and not neg
                unfinished = not (set(vals) & p.finished) and not neg
                return (open_ok or finished) and (finished_ok or unfinished) and (negate_ok or not neg)

            r = rng.random()
            if r < 0.55 and open_ok:
                return open_cond(p)
            if r < 0.8:
                vals = [v for v in sorted(p.statuses) if fits((v,), False)]
                return Cond("status", (vals[int(rng.random() * len(vals))],)) if vals else None
            sets = [(v, neg) for v, neg, _w, _p in p.status_sets if fits(v, neg)]
            if not sets:
                return None
            chosen, neg = sets[int(rng.random() * len(sets))]
            return Cond("status", tuple(chosen), negate=neg)
        values = p.filter_values[fname]
        r = rng.random()
        if r < 0.18 and negate_ok and p.fields[fname].neg:
            return Cond(fname, (values[int(rng.random() * len(values))],), negate=True)
        if r < 0.3 and len(values) > 2 and fname != "subcategory":
            two = rng.sample(list(values), 2)
            return Cond(fname, tuple(sorted(two, key=values.index)))
        return Cond(fname, (values[int(rng.random() * len(values))],))

    def random_conds(self, k: int, *, exclude: Iterable[str] = (), open_ok: bool = True, finished_ok: bool = True,
                     dates_ok: bool = True, resolved_ok: bool = True, negate_ok: bool = True) -> tuple[Condition, ...]:
        names = [f for f in self.p.filter_weights if f not in set(exclude)]
        if not dates_ok:
            names = [f for f in names if f not in DATE_FIELDS]
        if not resolved_ok:
            names = [f for f in names if f != "resolved"]
        out: list[Condition] = []
        for _ in range(k):
            if not names:
                break
            weights = [self.p.filter_weights[f] for f in names]
            f = self.rng.choices(names, weights=weights, k=1)[0]
            names = [x for x in names if x != f and not (f in DATE_FIELDS and x in DATE_FIELDS)]
            c = self.random_cond(f, open_ok=open_ok, finished_ok=finished_ok, negate_ok=negate_ok)
            if c is not None:
                out.append(c)
        return self.consistent(tuple(out))

    def consistent(self, conds: tuple[Condition, ...]) -> tuple[Condition, ...]:
        """Drop a resolved-date condition that contradicts an unfinished status ("open tickets resolved last week")."""
        unfinished = any(isinstance(c, Cond) and c.field == "status" and (c.open or not c.negate and not set(c.values) & self.p.finished)
                         for c in conds)
        if unfinished:
            conds = tuple(c for c in conds if not (isinstance(c, DateCond) and c.field == "resolved"))
        return conds

    def _k(self) -> int:
        r = self.rng.random()
        return 1 if r < 0.35 else (2 if r < 0.8 else 3)

    # ------------------------------------------------------------------ one question per spec
    def accept(self, spec: Spec, *, zero_ok: bool = False) -> dict[str, Any] | None:
        if spec.key() in self.seen:
            return None
        t = fair_truth(spec, self.rows, self.p)
        if t is None:
            return None
        if spec.intent == "count" and t["expected_number"] == 0:
            if not zero_ok or self.zeros >= 4:
                return None
            self.zeros += 1
        self.seen.add(spec.key())
        return t

    def render(self, spec: Spec) -> str:
        say, tpl = self.say, self.template
        if spec.intent == "count":
            status = next((c for c in spec.conds if isinstance(c, Cond) and c.field == "status"), None)
            if not spec.conds:
                return self.rng.choice(("how many {n} are there in total?", "total number of {n}?",
                                        "how many {n} do we have altogether")).format(n=say.noun())
            if status is not None and len(spec.conds) > 1 and self.rng.random() < 0.3:
                rest = [c for c in spec.conds if c is not status]
                return tpl("count_pred", phrasing.COUNT_PRED_TEMPLATES).format(F=say.phrase(rest), P=say.pred(status))
            return tpl("count", phrasing.COUNT_TEMPLATES).format(F=say.phrase(spec.conds))
        if spec.intent == "list":
            singular, plural = phrasing.LIST_TEMPLATES[spec.order or "oldest"]
            conds = spec.conds
            if spec.n == 1:
                t = tpl(f"list1-{spec.order}", singular)
                return t.format(F1=say.phrase(conds, plural=False), F=say.phrase(conds))
            return tpl(f"listn-{spec.order}", plural).format(F=say.phrase(conds), n=spec.n)
        if spec.intent == "top":
            fw = self.p.fields[spec.group or ""]
            g, gs = say.pick(fw.names), say.pick(fw.plurals)
            F = say.phrase(spec.conds)
            if spec.k == 1:
                top1 = phrasing.TOP1_TEMPLATES + phrasing.TOP1_SPECIAL.get(spec.group or "", ())
                return tpl("top1", top1).format(g=g, gs=gs, F=F)
            if spec.k:
                return tpl("topk", phrasing.TOPK_TEMPLATES).format(k=spec.k, g=g, gs=gs, F=F)
            return tpl("breakdown", phrasing.BREAKDOWN_TEMPLATES).format(g=g, gs=gs, F=F)
        if spec.intent == "duration":
            key = (spec.measure, spec.stat or "mean")
            conds = spec.conds
            if spec.measure == "age":
                conds = (open_cond(self.p), *conds) if not any(isinstance(c, Cond) and c.field == "status" for c in conds) else conds
            t = tpl(f"dur-{key}", phrasing.DURATION_TEMPLATES[key])
            return t.format(F=say.phrase(conds), F1=say.phrase(conds, plural=False), r=say.pick(self.p.resolve_words))
        if spec.intent == "trend":
            F = say.phrase(spec.conds)
            unit = spec.unit or "month"
            rng_words = self.trend_range_words(spec)
            if spec.date_field == "resolved":
                t = tpl("trend-resolved", phrasing.TREND_RESOLVED_TEMPLATES) if rng_words is None else \
                    tpl("trend-resolved-range", phrasing.TREND_RESOLVED_RANGE_TEMPLATES)
            elif rng_words is None:
                t = tpl(f"trend-{unit}", phrasing.TREND_TEMPLATES[unit])
            else:
                t = tpl("trend-range", phrasing.TREND_RANGE_TEMPLATES)
            return t.format(F=F, u=unit, R=rng_words).replace("dayly", "daily")
        if spec.intent == "share":
            return tpl("share", phrasing.SHARE_TEMPLATES).format(B=say.phrase(spec.conds), P=say.pred(spec.part[0]))
        raise ValueError(spec.intent)

    def trend_range_words(self, spec: Spec) -> str | None:
        now = self.p.now
        if spec.start is None and spec.periods is None:
            return None
        unit = spec.unit or "month"
        if spec.periods is not None:
            return self.rng.choice((f"over the last {spec.periods} {unit}s", f"for the past {spec.periods} {unit}s",
                                    f"last {spec.periods} {unit}s"))
        if spec.start == datetime(now.year, 1, 1) and spec.end is None:
            return self.rng.choice(("this year", f"in {now.year}", "so far this year"))
        if spec.start is not None and spec.end is not None and spec.start.year == spec.end.year - 1 and spec.start.month == 1:
            return self.rng.choice((f"in {spec.start.year}", f"for {spec.start.year}", f"during {spec.start.year}"))
        if spec.start is not None and spec.end is None:
            name = MONTHS[spec.start.month - 1]
            return f"since {name}" + ("" if spec.start.year == now.year else f" {spec.start.year}")
        return None

    def emit(self, kind: str, spec: Spec, *, zero_ok: bool = False, history: Sequence[str] = (),
             text: str | None = None) -> bool:
        t = self.accept(spec, zero_ok=zero_ok)
        if t is None:
            return False
        question = text if text is not None else humanise(self.render(spec), self.rng)
        return self.add(kind, question, history=history, **t)

    # ------------------------------------------------------------------ random specs
    def spec_count(self) -> Spec:
        return Spec("count", self.random_conds(self._k()))

    def spec_list(self) -> Spec:
        order = self.rng.choice(("oldest", "oldest", "newest", "updated", "resolved", "open_longest", "open_longest"))
        n = self.rng.choice((1, 1, 1, 3, 5))
        k = 1 if self.rng.random() < 0.5 else 2
        if order == "open_longest":
            conds = self.random_conds(k, exclude=("status", "resolved"))
        elif order == "resolved":
            conds = self.random_conds(k, open_ok=False)
        else:
            conds = self.random_conds(k)
        return Spec("list", conds, order=order, n=n)

    def spec_top(self) -> Spec:
        group = self.rng.choice(self.p.group_fields)
        r = self.rng.random()
        k = 1 if r < 0.4 else (3 if r < 0.6 else None)
        conds = self.random_conds(self.rng.choice((0, 1, 1, 2)), exclude=(group,))
        return Spec("top", conds, group=group, k=k)

    def spec_duration(self) -> Spec:
        stat = self.rng.choice(("mean", "mean", "median", "p90"))
        if self.rng.random() < 0.7:
            conds = self.random_conds(self.rng.choice((1, 1, 2)), exclude=("status", "updated"))
            return Spec("duration", conds, stat=stat, measure="resolution")
        conds = self.random_conds(self.rng.choice((0, 1, 1, 2)), exclude=("resolved",), finished_ok=False)
        conds = tuple(c for c in conds if not (isinstance(c, Cond) and c.field == "status" and (c.open or c.negate)))
        return Spec("duration", conds, stat=stat, measure="age")

    def spec_trend(self) -> Spec:
        now = self.p.now
        unit = self.rng.choice(("month", "month", "week", "week", "day"))
        date_field = "resolved" if self.rng.random() < 0.2 else "created"
        # no status: "open tickets per month" reads as "tickets opened per month" just as well
        conds = self.random_conds(self.rng.choice((0, 1, 1, 2)), exclude=("status",), dates_ok=False)
        r = self.rng.random()
        if r < 0.5:
            return Spec("trend", conds, unit=unit, date_field=date_field)
        if unit == "month":
            if r < 0.7:
                return Spec("trend", conds, unit=unit, date_field=date_field, start=datetime(now.year, 1, 1))
            if r < 0.85:
                y = now.year - 1
                return Spec("trend", conds, unit=unit, date_field=date_field, start=datetime(y, 1, 1), end=datetime(y + 1, 1, 1))
            return Spec("trend", conds, unit=unit, date_field=date_field, periods=self.rng.choice((3, 4, 12)))
        return Spec("trend", conds, unit=unit, date_field=date_field,
                    periods=self.rng.choice((4, 8, 12)) if unit == "week" else self.rng.choice((7, 10)))

    def spec_share(self) -> Spec:
        base = self.random_conds(self.rng.choice((0, 1, 1, 2)))
        used = {c.field for c in base}
        part = self.random_conds(1, exclude=used | set(DATE_FIELDS), negate_ok=False)
        return Spec("share", base, part=part)

    def fill(self, kind: str, make: Callable[[], Spec], target: int) -> None:
        have = sum(1 for q in self.out if q["kind"] == kind)
        for _ in range(target * 60):
            if have >= target:
                return
            spec = make()
            if kind == "share" and not spec.part:
                continue
            if self.emit(kind, spec, zero_ok=kind == "count" and self.rng.random() < 0.1):
                have += 1

    # ------------------------------------------------------------------ the other kinds
    def cant(self) -> None:
        for t in self.p.cant:
            self.add("cant", humanise(t.format(n=self.p.nouns[0][0], n1=self.p.nouns[0][1]), self.rng, keep_case=True))

    def lookups(self, n: int) -> None:
        clean_rows = [r for r in self.rows if r.title and not any(v.lower() in r.title.lower() for _t, v in r.pii)
                      and r.get("status") and r.get("priority") and r.get("category")]
        # "how urgent is X?" asks for the urgency where an export has one, not the priority
        templates = [t for t in LOOKUP_TEMPLATES if not ("urgent" in t[1] and "urgency" in self.p.fields)]
        for i, r in enumerate(self.rng.sample(clean_rows, min(n, len(clean_rows)))):
            fld, template = templates[i % len(templates)]
            rid = r.request_id
            if self.p.short_ids and i % 9 == 4:
                num = self.p.id_number(rid)
                rid = re.sub(r"\d+$", str(num), rid) if num is not None else rid
            expected = {"status": r.get("status"), "priority": r.get("priority"), "category": r.get("category"),
                        "title": r.title}[fld]
            self.add("lookup", template.format(id=rid, lid=rid.lower()), expected_request_ids=[r.request_id],
                     expected_answer=expected)

    def unknown(self, n: int) -> None:
        have = {r.request_id for r in self.rows}
        numbers = [x for x in (self.p.id_number(r.request_id) for r in self.rows) if x is not None]
        top = max(numbers) if numbers else 1000
        for i in range(n):
            missing = self.p.id_of(top + 500 + int(self.rng.random() * 80000))
            if missing not in have:
                self.add("unknown", UNKNOWN_TEMPLATES[i % len(UNKNOWN_TEMPLATES)].format(id=missing, lid=missing.lower()))

    def pii(self, n: int) -> None:
        rows = [r for r in self.rows if any(t in ("EMAIL_ADDRESS", "PHONE_NUMBER") for t, _ in r.pii)]
        for i, r in enumerate(self.rng.sample(rows, min(n, len(rows)))):
            name = next((v for t, v in r.pii if t == "PERSON"), "Helena Murphy")
            q = phrasing.PII_TEMPLATES[i % len(phrasing.PII_TEMPLATES)].format(id=r.request_id, lid=r.request_id.lower(),
                                                                       name=name, pseudonym="person_1a2b3c4d")
            self.add("pii", q, forbidden=sorted({v for _t, v in r.pii}))

    def searches(self, n: int) -> None:
        by_title: dict[str, list[str]] = {}
        for r in self.rows:
            by_title.setdefault(issue_key(r.title), []).append(r.request_id)
        for i, r in enumerate(self.rng.sample(self.rows, min(n, len(self.rows)))):
            topic = r.title.rstrip(".?!")
            topic = topic[0].lower() + topic[1:] if topic[:2] != topic[:2].upper() else topic
            self.add("search", SEARCH_TEMPLATES[i % len(SEARCH_TEMPLATES)].format(t=topic),
                     expected_request_ids=sorted(by_title[issue_key(r.title)]))


#: how many questions of each kind a set gets, by profile
TARGETS: dict[str, dict[str, int]] = {
    "sample": {"count": 85, "list": 45, "top": 45, "duration": 40, "trend": 30, "share": 32, "followups": 48,
               "lookup": 25, "unknown": 10, "search": 25, "pii": 12},
    "servicenow": {"count": 55, "list": 30, "top": 30, "duration": 28, "trend": 20, "share": 20, "followups": 30,
                   "lookup": 20, "unknown": 8, "search": 20, "pii": 10},
}


def build_questions(profile: Profile, seed: int = 23, targets: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Every question of the set for this profile (its rows loaded), in a stable order."""
    t = dict(TARGETS.get(profile.name, TARGETS["servicenow"]), **(targets or {}))
    b = Builder(profile, seed)
    b.fill("count", b.spec_count, t["count"])
    b.fill("list", b.spec_list, t["list"])
    b.fill("top", b.spec_top, t["top"])
    b.fill("duration", b.spec_duration, t["duration"])
    b.fill("trend", b.spec_trend, t["trend"])
    b.fill("share", b.spec_share, t["share"])
    b.followups(t["followups"])
    b.cant()
    b.lookups(t["lookup"])
    b.unknown(t["unknown"])
    b.searches(t["search"])
    b.pii(t["pii"])
    return b.out

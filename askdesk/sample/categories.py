"""Categories and subcategories (``data/categories.toml`` and ``data/categories/*.toml``).

An issue keeps its titles, opening sentences and resolutions together so that a row's title,
description and resolution comment talk about the same problem.
"""

from __future__ import annotations

from collections.abc import Mapping

from .catalogue import load
from .draws import cum
from .phrases import C_INFO_GEN, DETAIL_GEN, TRIED_GEN, TRIED_IT
from .slots import GLOBAL_SLOTS, Pool, pools

_INDEX = load("categories.toml")

#: category -> (weight, {subcategory: spec}, priority weights (Critical, High, Medium, Low))
_CATEGORIES = {c: (v["weight"], load(f"categories/{v['file']}"), v["priority_weights"]) for c, v in _INDEX.items()}

#: category -> its subcategories (public, read-only view of the design)
CATEGORIES: dict[str, tuple[str, ...]] = {c: tuple(subs) for c, (_w, subs, _p) in _CATEGORIES.items()}


def _questions(specs) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((q["ask"], q["replies"]) for q in specs)


#: category -> the agent's questions (with the replies that answer them)
QUESTIONS = {c: _questions(v["questions"]) if "questions" in v else C_INFO_GEN for c, v in _INDEX.items()}
#: subcategory -> its own questions (the others use their category's)
SUB_QUESTIONS = {name: _questions(spec["questions"])
                 for _w, subs, _p in _CATEGORIES.values() for name, spec in subs.items() if "questions" in spec}
#: category -> reasons for urgency, replacing the {deadline} pool
DEADLINES = {c: v["deadlines"] for c, v in _INDEX.items() if "deadlines" in v}

#: One issue: (titles, symptoms, resolutions, details, iban slot or None, is a request/question).
Issue = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], str | None, bool]


class Sub:
    __slots__ = (
        "category",
        "details",
        "group_cum",
        "groups",
        "infos",
        "is_it",
        "issues",
        "leaver",
        "name",
        "newstarter",
        "pii_rate",
        "pools",
        "priority_bump",
        "tried",
    )

    def __init__(self, category: str, name: str, spec: Mapping):
        self.category = category
        self.name = name
        self.is_it = bool(spec.get("it"))
        self.groups = tuple(spec["groups"])
        self.group_cum = cum(spec["groups"].values())
        default_req = bool(spec.get("requests"))
        self.issues: tuple[Issue, ...] = tuple(
            (i["titles"], i["symptoms"], i.get("resolutions", ()), i.get("details", ()), i.get("iban"),
             i.get("request", default_req))
            for i in spec["issues"])
        self.details = spec.get("details", ()) + DETAIL_GEN
        self.tried = spec.get("tried", ()) + (TRIED_IT if self.is_it else TRIED_GEN)
        p: dict[str, Pool] = dict(GLOBAL_SLOTS)
        p["deadline"] = DEADLINES.get(category, p["deadline"])
        p.update(pools(spec.get("slots", {})))
        self.pools = p
        self.newstarter = bool(spec.get("newstarter"))
        self.leaver = bool(spec.get("leaver"))
        self.priority_bump = bool(spec.get("priority_bump"))
        self.pii_rate = 0.18 + spec.get("pii_boost", 0.0)
        self.infos = SUB_QUESTIONS.get(name) or QUESTIONS[category]


CAT_NAMES = tuple(_CATEGORIES)
CAT_CUM = cum(v[0] for v in _CATEGORIES.values())
CAT_PRIO_CUM = {c: cum(v[2]) for c, v in _CATEGORIES.items()}
#: category -> (its subcategories, their cumulative weights)
SUBS: dict[str, tuple[tuple[Sub, ...], list[float]]] = {
    c: (tuple(Sub(c, n, s) for n, s in subs.items()), cum(s["weight"] for s in subs.values()))
    for c, (_w, subs, _p) in _CATEGORIES.items()}

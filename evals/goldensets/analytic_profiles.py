"""The exports the analytic golden sets are built for, as the question builder sees them.

Each profile reads the export's rows straight from its generator (never from SQL) and pairs them
with how employees talk about that export: the words in ``evals/data/analytics_profiles.toml``
(nouns, field and status words, what questions filter and group by, what askdesk cannot answer).
Only what depends on the rows or on the export's own constants is computed here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from askdesk.sample import REFERENCE_TIME, generate_requests
from evals.datafiles import load_table
from evals.exports import jira as jx
from evals.exports import servicenow as sn
from evals.golden import SAMPLE_CLOSED
from evals.goldensets.analytic_truth import Rec, clean
from evals.goldensets.analytic_vocabulary import FieldWords, Profile, StatusWords


def _words(name: str) -> dict[str, Any]:
    """A profile's vocabulary as keyword arguments of :class:`Profile` (its fields, statuses and status sets built)."""
    w = load_table("analytics_profiles")[name]
    return {
        "nouns": w["nouns"], "fields": {f: FieldWords(**fw) for f, fw in w["fields"].items()},
        "statuses": {s: StatusWords(**sw) for s, sw in w["statuses"].items()}, "open_words": StatusWords(**w["open_words"]),
        "status_sets": tuple((s["values"], s["negate"], s["words"], s["pred"]) for s in w["status_sets"]),
        "filter_weights": w["filter_weights"], "group_fields": w["group_fields"], "resolve_words": w["resolve_words"],
        "cant": w["cant"],
    }


SAMPLE_CANT: tuple[str, ...] = load_table("analytics_profiles")["sample"]["cant"]
SERVICENOW_CANT: tuple[str, ...] = load_table("analytics_profiles")["servicenow"]["cant"]
JIRA_CANT: tuple[str, ...] = load_table("analytics_profiles")["jira"]["cant"]


def sample_profile(n: int = 5000, seed: int = 7) -> Profile:
    """The bundled sample export (``askdesk.sample``, ``askdesk/data/sample_mapping.toml``)."""
    def dt(v: str | None) -> datetime | None:
        v = clean(v)
        return datetime.strptime(v, "%Y-%m-%d %H:%M:%S") if v else None

    latest: dict[str, Rec] = {}
    for s in generate_requests(n, seed):
        r = s.row
        rid, title, created = clean(r["RequestID"]), clean(r["Title"]), dt(r["CreatedAt"])
        if not (rid and title and created):
            continue
        rec = Rec(rid, title, {"status": clean(r["Status"]), "category": clean(r["Category"]), "priority": clean(r["Priority"]),
                               "subcategory": clean(r["Subcategory"]), "assignment_group": clean(r["AssignmentGroup"]),
                               "location": clean(r["Location"]), "channel": clean(r["Channel"])},
                  created, dt(r["UpdatedAt"]), dt(r["ResolvedAt"]), s.planted_pii)
        old = latest.get(rid)
        if old is None or (rec.date("updated") or created) >= (old.date("updated") or created):
            latest[rid] = rec
    words = _words("sample")
    fields = words["fields"]
    return Profile(
        name="sample", now=REFERENCE_TIME, finished=frozenset(SAMPLE_CLOSED), **words,
        filter_values={"category": tuple(fields["category"].values), "priority": ("1 - Critical", "2 - High", "3 - Medium", "4 - Low"),
                       "channel": ("Portal", "Email", "Chat", "Phone", "Walk-in"),
                       "assignment_group": tuple(fields["assignment_group"].values),
                       "subcategory": tuple(fields["subcategory"].values)},
        id_of=lambda n: f"REQ-{n}", id_number=lambda rid: int(rid[4:]) if rid[4:].isdigit() else None,
        rows=list(latest.values()),
    )


def servicenow_profile(n: int = 3000, seed: int | None = None) -> Profile:
    """The ServiceNow-style incident export (:mod:`evals.exports.servicenow`, ``servicenow_mapping.toml``)."""
    incidents = sn.generate_incidents(n, sn.SEED if seed is None else seed)
    rows = [Rec(x.number, x.short_description, {"status": x.state, "category": x.category, "priority": x.priority, **x.meta},
                x.opened_at, x.updated_at, x.resolved_at, x.pii) for x in incidents if x.kind == "ok"]
    locations = tuple(sorted({v for r in rows if (v := r.get("location"))},
                             key=lambda v: (-sum(1 for r in rows if r.get("location") == v), v)))[:14]
    words = _words("servicenow")
    fields = words["fields"]
    fields["location"] = replace(fields["location"], values={v: (v, v.lower()) for v in locations})
    return Profile(
        name="servicenow", now=sn.NOW, finished=sn.FINISHED_STATES, **words,
        filter_values={"category": tuple(fields["category"].values), "priority": sn.PRIORITIES, "location": locations,
                       "channel": sn.CONTACT_TYPES, "assignment_group": tuple(fields["assignment_group"].values),
                       "subcategory": tuple(fields["subcategory"].values), "impact": ("1 - High", "3 - Low"),
                       "urgency": ("1 - High",)},
        id_of=lambda n: f"INC{n:07d}", id_number=lambda rid: int(rid[3:]) if rid[3:].isdigit() else None,
        short_ids=True, rows=rows,
    )


def jira_profile(n: int = 3000, seed: int | None = None) -> Profile:
    """The held-out Jira Service Management-style export (:mod:`evals.exports.jira`, ``jira_mapping.toml``).

    Written without reading the engine's rules.  The builder's field slots stand for Jira's fields:
    category = Request Type, channel = Source, subcategory = Component, location = Office,
    assignment_group = Team (the mapping's metadata names are component, team, office, source)."""
    issues = jx.generate_issues(n, jx.SEED if seed is None else seed)
    rows = [Rec(x.key, x.summary, {"status": x.status, "category": x.request_type, "priority": x.priority,
                                   "subcategory": x.meta["component"], "assignment_group": x.meta["team"],
                                   "location": x.meta["office"], "channel": x.meta["source"]},
                x.created, x.updated, x.resolved, x.pii) for x in issues if x.kind == "ok"]
    words = _words("jira")
    return Profile(
        name="jira", now=jx.NOW, finished=jx.FINISHED_STATES, **words,
        filter_values={"category": jx.REQUEST_TYPES, "priority": jx.PRIORITIES, "location": jx.OFFICES,
                       "channel": jx.SOURCES, "assignment_group": jx.TEAMS,
                       "subcategory": tuple(words["fields"]["subcategory"].values)},
        id_of=lambda n: f"ITSM-{n}", id_number=lambda rid: int(rid[5:]) if rid[5:].isdigit() else None,
        rows=rows,
    )

"""What the data teaches about its own values: which statuses mean "finished", which id prefixes
stand for one value, and the source's own names for the fields."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from askdesk.answering.ids import IdShape
from askdesk.answering.vocabulary.phrases import ValueRef
from askdesk.answering.vocabulary.words import normalise

#: status names (lower-case words) that mean the request is finished, whatever the helpdesk calls them
CLOSED_WORDS = ("closed", "resolved", "cancelled", "canceled", "done", "complete", "completed", "rejected",
                "duplicate", "withdrawn", "fixed", "solved", "finished")


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
        elif any(w in normalise(s).split() for w in CLOSED_WORDS) or resolved_share.get(s, 0.0) > 0.8:
            out.add(s)
    return frozenset(out)


def learn_field_aliases(columns: dict[str, str], fields: Iterable[str]) -> dict[str, str]:
    """The source's column names as people say them, where they differ from the field's own name
    ("contact type" -> channel), for the fields the data has values of."""
    fields = set(fields)
    return {normalise(col): name for name, col in columns.items()
            if name in fields and normalise(col) and normalise(col) != normalise(name.replace("_", " "))}

"""Reading what a vocabulary is made of from the database: every field's values with their
counts, how many rows have a resolved date (per status too), what the index run stored of the
mapping, and a random sample of rows to learn id shapes from — a few small queries.

Every query over the requests table carries the :class:`~askdesk.access.Visibility`'s conditions:
a vocabulary read for a viewer holds only what their visible requests hold (a value, or a
metadata field, that only hidden requests have is unknown to it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from askdesk.access import Visibility, visible_requests
from askdesk.answering.filters import COLUMN_FIELDS, PEOPLE_FIELDS
from askdesk.schema import requests, settings_kv

#: fields with more distinct values than this are not offered as filter vocabulary (ids, free text)
MAX_VALUES_PER_FIELD = 20_000
#: the settings_kv key where the index run stores the mapping's status classes
STATUS_CLASSES_KEY = "status_classes"
#: the settings_kv key where the index run stores each field's source column
FIELD_COLUMNS_KEY = "field_columns"
#: rows sampled to learn id shapes and id prefixes from
SAMPLE_ROWS = 2000


@dataclass(frozen=True)
class TableRead:
    """What the requests table holds, as the vocabulary needs it."""

    #: field -> value -> rows: the request's own columns, then every metadata key (not people)
    fields: dict[str, dict[str, int]]
    total: int
    #: rows with a resolved date
    with_resolved: int
    #: status -> the share of its rows with a resolved date
    resolved_share: dict[str, float]
    #: the mapping's status classes ("finished" / "open" -> statuses), as the index run stored them
    declared_statuses: dict[str, list[str]]
    #: field -> its source column, as the index run stored them
    field_columns: dict[str, str]
    #: (request id, category, extra) of a random sample of rows
    sample: list[tuple[str, Any, Any]]


def read_table(engine: sa.Engine, visibility: Visibility) -> TableRead:
    """One small query per field (plus the metadata keys, status classes and a sample), over the
    requests ``visibility`` shows."""
    t = requests
    visible = visible_requests(visibility, t)
    with engine.connect() as conn:

        def counts(column: sa.ColumnElement) -> dict[str, int]:
            rows = conn.execute(
                sa.select(column, sa.func.count()).where(column.is_not(None), *visible).group_by(column)
                .order_by(sa.func.count().desc()).limit(MAX_VALUES_PER_FIELD + 1))
            out = {str(v): int(n) for v, n in rows if str(v).strip()}
            return {} if len(out) > MAX_VALUES_PER_FIELD else out

        fields_: dict[str, dict[str, int]] = {}
        for name in COLUMN_FIELDS:
            if values := counts(t.c[name]):
                fields_[name] = values
        keys = [k for (k,) in conn.execute(
            sa.select(sa.func.jsonb_object_keys(t.c.extra).label("k")).where(*visible).distinct().order_by("k"))]
        for key in keys:
            if key in COLUMN_FIELDS or key in PEOPLE_FIELDS:
                continue
            if values := counts(t.c.extra[key].astext):
                fields_[key] = values
        total = int(conn.execute(sa.select(sa.func.count()).select_from(t).where(*visible)).scalar_one())
        with_resolved = int(conn.execute(
            sa.select(sa.func.count()).select_from(t).where(t.c.resolved_at.is_not(None), *visible)).scalar_one())
        resolved_share = {
            s: float(share)
            for s, share in conn.execute(
                sa.select(t.c.status, sa.func.avg(sa.case((t.c.resolved_at.is_not(None), 1.0), else_=0.0)))
                .where(t.c.status.is_not(None), *visible).group_by(t.c.status))
        }
        declared = conn.execute(
            sa.select(settings_kv.c.value).where(settings_kv.c.key == STATUS_CLASSES_KEY)).scalar_one_or_none()
        columns = conn.execute(
            sa.select(settings_kv.c.value).where(settings_kv.c.key == FIELD_COLUMNS_KEY)).scalar_one_or_none() or {}
        sample = [(rid, category, extra) for rid, category, extra in conn.execute(
            sa.select(t.c.request_id, t.c.category, t.c.extra).where(*visible)
            .order_by(sa.func.random()).limit(SAMPLE_ROWS))]
    return TableRead(fields_, total, with_resolved, resolved_share, declared or {}, columns, sample)


def known_fields(engine: sa.Engine) -> set[str] | None:
    """The request fields an access policy may name: status, category, priority, every metadata
    key present in ``requests.extra`` and every field the index run's mapping declared (over all
    requests: this checks the policy, it is shown to no one).  None while nothing is indexed."""
    t = requests
    with engine.connect() as conn:
        keys = set(conn.execute(sa.select(sa.func.jsonb_object_keys(t.c.extra)).distinct()).scalars())
        declared = conn.execute(
            sa.select(settings_kv.c.value).where(settings_kv.c.key == FIELD_COLUMNS_KEY)).scalar_one_or_none() or {}
        if not keys and not declared and not conn.execute(sa.select(sa.exists().select_from(t))).scalar_one():
            return None
    return set(COLUMN_FIELDS) | (keys - set(PEOPLE_FIELDS)) | set(declared)

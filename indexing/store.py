"""Writes of the indexing pipeline to askdesk's own tables, each batch in one transaction.

Only :class:`SanitisedRequest` values reach the requests table: the type is the guarantee that
a row went through the sanitiser.  Every statement is parameterised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from askdesk import schema
from indexing.records import Quarantined, SanitisedRequest
from indexing.source import Watermark


@dataclass(frozen=True)
class Existing:
    source_hash: str
    indexed_hash: str | None
    updated_at: datetime


def start_run(conn: sa.Connection, source_key: str) -> int:
    return conn.execute(
        sa.insert(schema.index_runs).values(source=source_key, status="running").returning(schema.index_runs.c.id)
    ).scalar_one()


def save_status_classes(conn: sa.Connection, open_: Sequence[str], finished: Sequence[str]) -> None:
    """The mapping's ``[statuses]`` (which status names mean open / finished), read by the
    answering vocabulary; nothing declared = learnt from the data, so the key is removed."""
    key = "status_classes"
    conn.execute(sa.delete(schema.settings_kv).where(schema.settings_kv.c.key == key))
    if open_ or finished:
        conn.execute(sa.insert(schema.settings_kv).values(key=key, value={"open": list(open_), "finished": list(finished)}))


def save_field_columns(conn: sa.Connection, columns: dict[str, str]) -> None:
    """Which source column each field came from ("channel" <- "contact_type"): people ask in
    their helpdesk's own column names, so the answering vocabulary reads these as field names."""
    key = "field_columns"
    conn.execute(sa.delete(schema.settings_kv).where(schema.settings_kv.c.key == key))
    if columns:
        conn.execute(sa.insert(schema.settings_kv).values(key=key, value=columns))


def finish_run(conn: sa.Connection, run_id: int, status: str, stats: dict, error: str | None = None) -> None:
    conn.execute(
        sa.update(schema.index_runs)
        .where(schema.index_runs.c.id == run_id)
        .values(status=status, stats=stats, error=error, finished_at=sa.func.now())
    )


def interrupted_runs(conn: sa.Connection, source_key: str, current_run: int) -> int:
    """Mark earlier runs of this source still 'running' as interrupted; returns how many."""
    res = conn.execute(
        sa.update(schema.index_runs)
        .where(schema.index_runs.c.source == source_key)
        .where(schema.index_runs.c.status == "running")
        .where(schema.index_runs.c.id != current_run)
        .values(status="interrupted", finished_at=sa.func.now())
    )
    return res.rowcount or 0


def load_watermark(conn: sa.Connection, source_key: str) -> Watermark | None:
    row = conn.execute(
        sa.select(schema.sources.c.watermark_updated_at, schema.sources.c.watermark_id).where(
            schema.sources.c.key == source_key
        )
    ).first()
    if row is None or row.watermark_updated_at is None:
        return None
    return Watermark(row.watermark_updated_at, row.watermark_id or "")


def save_watermark(conn: sa.Connection, source_key: str, kind: str, wm: Watermark) -> None:
    stmt = insert(schema.sources).values(
        key=source_key, kind=kind, watermark_updated_at=wm.updated_at, watermark_id=wm.id
    )
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[schema.sources.c.key],
            set_={"watermark_updated_at": wm.updated_at, "watermark_id": wm.id, "updated_at": sa.func.now()},
        )
    )


def reset_watermark(conn: sa.Connection, source_key: str) -> None:
    conn.execute(sa.delete(schema.sources).where(schema.sources.c.key == source_key))


def existing(conn: sa.Connection, ids: Sequence[str]) -> dict[str, Existing]:
    r = schema.requests.c
    rows = conn.execute(
        sa.select(r.request_id, r.source_hash, r.indexed_hash, r.updated_at).where(r.request_id.in_(ids))
    )
    return {row.request_id: Existing(row.source_hash, row.indexed_hash, row.updated_at) for row in rows}


def upsert_requests(
    conn: sa.Connection, items: Sequence[SanitisedRequest], source_key: str, run_id: int, *, sanitiser_version: str
) -> dict[str, bool]:
    """Insert or update; an older version never overwrites a newer one.

    ``sanitiser_version`` is the version of the sanitiser that produced ``items``: recorded per
    row, so a later sanitiser knows which rows to re-scrub (indexing/rescrub.py).
    Returns the ids written, each with True if it was inserted (new) and False if updated.
    """
    if not items:
        return {}
    values = [
        {
            "request_id": s.request_id,
            "title": s.title,
            "texts": s.texts,
            "body": s.body,
            "status": s.status,
            "category": s.category,
            "priority": s.priority,
            "created_at": s.created_at,
            "updated_at": s.updated_at,
            "resolved_at": s.resolved_at,
            "people": s.people,
            "extra": s.extra,
            "pii_found": dict(s.pii_found),
            "source": source_key,
            "source_hash": s.source_hash,
            "last_seen_run": run_id,
            "sanitiser_version": sanitiser_version,
            "requester_key": s.requester_key,
        }
        for s in items
    ]
    stmt = insert(schema.requests).values(values)
    ex = stmt.excluded
    r = schema.requests.c
    updatable = [k for k in values[0] if k != "request_id"]
    upsert = stmt.on_conflict_do_update(
        index_elements=[r.request_id],
        set_={k: ex[k] for k in updatable},
        where=sa.and_(r.updated_at <= ex.updated_at, r.source_hash != ex.source_hash),
    ).returning(r.request_id, sa.literal_column("(xmax = 0)").label("inserted"))
    return {row.request_id: bool(row.inserted) for row in conn.execute(upsert)}


def touch(conn: sa.Connection, ids: Iterable[str], run_id: int) -> None:
    """Record that these (unchanged) requests are still in the source (for --prune)."""
    ids = list(ids)
    if ids:
        r = schema.requests.c
        conn.execute(sa.update(schema.requests).where(r.request_id.in_(ids)).values(last_seen_run=run_id))


def quarantine(
    conn: sa.Connection, items: Sequence[Quarantined], source_key: str, run_id: int, *, sanitiser_version: str
) -> None:
    """Record bad rows.  Their reasons are PII-free by construction (a value is described by its
    shape), so they are stamped with the current ``sanitiser_version``: nothing to re-scrub."""
    if not items:
        return
    # one row per (source, position): the last reason wins within a batch too
    by_pos = {q.position: q for q in items}
    stmt = insert(schema.quarantine).values(
        [
            {"source": source_key, "position": q.position, "request_id": q.request_id, "reason": q.reason,
             "run_id": run_id, "sanitiser_version": sanitiser_version}
            for q in by_pos.values()
        ]
    )
    conn.execute(
        stmt.on_conflict_do_update(
            constraint="uq_quarantine_source_position",
            set_={
                "reason": stmt.excluded.reason,
                "request_id": stmt.excluded.request_id,
                "run_id": stmt.excluded.run_id,
                "sanitiser_version": stmt.excluded.sanitiser_version,
                "last_seen_at": sa.func.now(),
            },
        )
    )


def clear_quarantine(conn: sa.Connection, source_key: str, positions: Iterable[str]) -> None:
    """Rows at these positions are fine now: forget their old quarantine entries."""
    positions = list(positions)
    if positions:
        q = schema.quarantine.c
        conn.execute(sa.delete(schema.quarantine).where(q.source == source_key, q.position.in_(positions)))


def load_known_people(conn: sa.Connection) -> set[str]:
    return set(conn.execute(sa.select(schema.known_people.c.name_hash)).scalars())


def save_known_people(conn: sa.Connection, hashes: Iterable[str]) -> None:
    rows = [{"name_hash": h} for h in hashes]
    if rows:
        conn.execute(insert(schema.known_people).values(rows).on_conflict_do_nothing())


def pending(conn: sa.Connection, ids: Sequence[str] | None = None, limit: int | None = None) -> list[sa.Row]:
    """Requests whose current version is not (yet) in the vector store, by id: the vector table
    is filled in the same order whatever plan the database picks, so the HNSW graph, and the
    ranking of equally distant chunks, does not change with it."""
    r = schema.requests.c
    stmt = sa.select(schema.requests).where(r.indexed_hash.is_distinct_from(r.source_hash)).order_by(r.request_id)
    if ids is not None:
        stmt = stmt.where(r.request_id.in_(list(ids)))
    if limit:
        stmt = stmt.limit(limit)
    return list(conn.execute(stmt))


def count_pending(conn: sa.Connection) -> int:
    r = schema.requests.c
    return conn.execute(
        sa.select(sa.func.count()).select_from(schema.requests).where(r.indexed_hash.is_distinct_from(r.source_hash))
    ).scalar_one()


def mark_all_pending(conn: sa.Connection) -> int:
    """Every stored request needs embedding again (the embedder changed); returns how many."""
    r = schema.requests.c
    return conn.execute(sa.update(schema.requests).where(r.indexed_hash.is_not(None)).values(indexed_hash=None)).rowcount or 0


def mark_indexed(conn: sa.Connection, embedded: dict[str, str]) -> None:
    """``embedded``: request id -> the source hash whose text was embedded."""
    if not embedded:
        return
    r = schema.requests.c
    stmt = (
        sa.update(schema.requests)
        .where(r.request_id == sa.bindparam("rid"), r.source_hash == sa.bindparam("h"))
        .values(indexed_hash=sa.bindparam("h"), indexed_at=sa.func.now())
    )
    conn.execute(stmt, [{"rid": k, "h": v} for k, v in embedded.items()])


def stale_ids(conn: sa.Connection, source_key: str, run_id: int) -> list[str]:
    r = schema.requests.c
    return list(
        conn.execute(sa.select(r.request_id).where(r.source == source_key, r.last_seen_run < run_id)).scalars()
    )


def delete_requests(conn: sa.Connection, ids: Sequence[str]) -> int:
    if not ids:
        return 0
    return conn.execute(sa.delete(schema.requests).where(schema.requests.c.request_id.in_(list(ids)))).rowcount or 0

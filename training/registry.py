"""The adapter registry in Postgres: versions, what they were made from, how they scored, and
which one is promoted (the one the bot answers with).  Every change is one transaction and
leaves an event; the database allows at most one promoted adapter.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from askdesk import schema
from askdesk.db_notify import notify
from askdesk.errors import AskdeskError
from askdesk.live_adapter import CHANNEL  # running bots and chats switch as soon as it is told


class RegistryError(AskdeskError, RuntimeError):
    """A registry operation is not possible; the message says why and what to do."""


def _event(conn: sa.Connection, version: str, action: str, details: dict[str, Any] | None = None) -> None:
    conn.execute(sa.insert(schema.adapter_events).values(version=version, action=action, details=details or {}))


def register(engine: sa.Engine, result: Any) -> None:
    """Record a trained adapter as a candidate (idempotent for the same version)."""
    a = schema.adapters
    with engine.begin() as conn:
        done = conn.execute(insert(a).values(
            version=result.version, kind=result.kind, status="candidate", path=str(result.path),
            base_model=result.base_model, base_model_hash=result.base_model_hash, adapter_hash=result.adapter_hash,
            dataset_hash=result.dataset_hash, config=result.config, metrics={"training": result.metrics},
        ).on_conflict_do_nothing(index_elements=["version"]))
        if done.rowcount:
            _event(conn, result.version, "registered", {"adapter_hash": result.adapter_hash})


def list_adapters(engine: sa.Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(schema.adapters).order_by(schema.adapters.c.created_at.desc())).all()
    return [dict(r._mapping) for r in rows]


def get(engine: sa.Engine, version: str) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(sa.select(schema.adapters).where(schema.adapters.c.version == version)).first()
    if row is None:
        raise RegistryError(f"No adapter {version!r} in the registry (see `askdesk adapters list`).")
    return dict(row._mapping)


def promoted(engine: sa.Engine) -> dict[str, Any] | None:
    """The adapter the bot should answer with (None = the base model)."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(schema.adapters).where(schema.adapters.c.status == "promoted")).first()
    return dict(row._mapping) if row else None


def record_decision(engine: sa.Engine, version: str, decision: dict[str, Any], *, promote: bool) -> None:
    """Store the gate's decision; promote (retiring the current one) or reject, in one transaction."""
    a = schema.adapters
    now = datetime.now(UTC)
    with engine.begin() as conn:
        row = conn.execute(sa.select(a.c.status, a.c.metrics).where(a.c.version == version).with_for_update()).first()
        if row is None:
            raise RegistryError(f"No adapter {version!r} in the registry.")
        metrics = {**(row.metrics or {}), "eval": decision.get("summary", {})}
        conn.execute(sa.update(a).where(a.c.version == version).values(decision=decision, metrics=metrics))
        if promote:
            _promote(conn, version, now, {"gate": decision.get("verdict")})
        else:
            conn.execute(sa.update(a).where(a.c.version == version, a.c.status == "candidate").values(status="rejected"))
            _event(conn, version, "rejected", {"reasons": decision.get("reasons", [])})


def _promote(conn: sa.Connection, version: str, now: datetime, details: dict[str, Any]) -> None:
    a = schema.adapters
    current = conn.execute(sa.select(a.c.version).where(a.c.status == "promoted").with_for_update()).scalar_one_or_none()
    if current == version:
        return
    if current:
        conn.execute(sa.update(a).where(a.c.version == current).values(status="retired", retired_at=now))
        _event(conn, current, "retired", {"replaced_by": version})
    conn.execute(sa.update(a).where(a.c.version == version).values(status="promoted", promoted_at=now, retired_at=None))
    _event(conn, version, "promoted", {**details, "replaced": current})
    notify(conn, CHANNEL, version)


def promote(engine: sa.Engine, version: str, *, force_reason: str | None = None) -> None:
    """Promote without the gate (an operator's decision, recorded with its reason)."""
    get(engine, version)
    with engine.begin() as conn:
        _promote(conn, version, datetime.now(UTC), {"forced": force_reason or "manual"})


def rollback(engine: sa.Engine) -> str | None:
    """Retire the promoted adapter and promote the one it replaced (None = back to the base model)."""
    a, ev = schema.adapters, schema.adapter_events
    now = datetime.now(UTC)
    with engine.begin() as conn:
        current = conn.execute(sa.select(a.c.version).where(a.c.status == "promoted").with_for_update()).scalar_one_or_none()
        if current is None:
            raise RegistryError("No adapter is promoted: the bot already answers with the base model.")
        previous = conn.execute(
            sa.select(ev.c.details["replaced"].astext).where(ev.c.version == current, ev.c.action == "promoted")
            .order_by(ev.c.id.desc()).limit(1)).scalar_one_or_none()
        conn.execute(sa.update(a).where(a.c.version == current).values(status="retired", retired_at=now))
        _event(conn, current, "rolled back", {"back_to": previous})
        if previous:
            conn.execute(sa.update(a).where(a.c.version == previous).values(status="promoted", promoted_at=now, retired_at=None))
            _event(conn, previous, "promoted", {"rollback_of": current, "replaced": None})
        notify(conn, CHANNEL, previous)
    return previous

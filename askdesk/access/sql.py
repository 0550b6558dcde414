"""A `Visibility` as SQL: conditions every query over requests or chunks carries.

Hidden requests are kept out *inside* the query (a WHERE condition next to the question's own
filters), so counts, breakdowns, durations and lookups are computed over visible requests only,
and search ranks only visible chunks (k results whenever k visible ones exist), rather than
results being filtered afterwards.

A request is visible when no hidden scope matches it.  For one hidden scope that is
``NOT (table₁ OR table₂ …)`` where each table is ``field₁ IN (…) AND field₂ IN (…)``, written
null-safely (each test is "the field is set and its value is in the list"): a request whose
field is empty is not in the scope.  Values compare case-folded and
trimmed, as the policy's are (`askdesk.access.policy.normalise_value`); every value is a bound
parameter, and field names come from the validated policy, never from a question.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from askdesk.access.policy import Scope
from askdesk.access.viewer import Visibility
from askdesk.schema import requests as requests_table
from askdesk.vector_tables import REF_DOC_ID

#: request fields that are columns of the requests table (the rest live in ``extra`` JSONB)
_COLUMNS = ("status", "category", "priority")


def _in_scope_table(column_of: Callable[[str], sa.ColumnElement[Any]],
                    table: dict[str, tuple[str, ...]]) -> sa.ColumnElement[bool]:
    # each test is true or false, never NULL: an empty field is "not in the scope".  Written so
    # (rather than as a COALESCE around the whole test) the planner can estimate how many requests
    # it keeps from the column's statistics and the folded expression's (migration 0010)
    return sa.and_(*(sa.and_(column_of(name).is_not(None), sa.func.lower(sa.func.btrim(column_of(name))).in_(list(values)))
                     for name, values in table.items()))


def _in_scope(scope: Scope, column_of: Callable[[str], sa.ColumnElement[Any]]) -> sa.ColumnElement[bool]:
    return sa.or_(*(_in_scope_table(column_of, t) for t in scope.match))


def _visible(visibility: Visibility, column_of: Callable[[str], sa.ColumnElement[Any]]) -> list[sa.ColumnElement[bool]]:
    return [sa.not_(_in_scope(scope, column_of)) for scope in visibility.hidden]


def _request_column(table: sa.Table) -> Callable[[str], sa.ColumnElement[Any]]:
    def column(name: str) -> sa.ColumnElement[Any]:
        return table.c[name] if name in _COLUMNS else table.c.extra[name].astext

    return column


def _own(visibility: Visibility, key_column: sa.ColumnElement[Any]) -> list[sa.ColumnElement[bool]]:
    """``own_only``: the requester key is one of the reader's (with no keys, no request is theirs)."""
    if not visibility.own_only:
        return []
    keys = list(visibility.requester.keys)
    return [key_column.in_(keys) if keys else sa.false()]


def visible_requests(visibility: Visibility, table: sa.Table) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions on the structured ``requests`` table keeping visible requests only (and,
    for ``own_only``, the reader's own)."""
    return _visible(visibility, _request_column(table)) + _own(visibility, table.c.requester_key)


def requests_in_scope(scope: Scope, table: sa.Table) -> sa.ColumnElement[bool]:
    """The condition "this request is in ``scope``" (for admins' counts per scope)."""
    return _in_scope(scope, _request_column(table))


def visible_chunks(visibility: Visibility, metadata: sa.ColumnElement[Any]) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions on the vector table's JSONB ``metadata_`` (the request's fields, flat)."""
    meta = sa.type_coerce(metadata, JSONB)
    conds = _visible(visibility, lambda name: meta[name].astext)
    if visibility.own_only:
        # the reader's requests by their key, read from the requests table (the key is not copied
        # into the vector store); one person's requests are few, so the IN list is small
        own = sa.select(requests_table.c.request_id).where(*_own(visibility, requests_table.c.requester_key))
        conds.append(meta[REF_DOC_ID].astext.in_(own.scalar_subquery()))
    return conds

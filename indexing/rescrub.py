"""Re-scrubbing what is already stored, after the sanitiser changed.

Every table holding scrubbed free text records, per row, the sanitiser version its text
satisfies (``sanitiser_version``; NULL = written before versions existed).  A row whose version
is NULL or differs from the current one is *stale*: this module scrubs its stored text again
with the current sanitiser and stamps the current version on it.

* From the **stored** text, not the source: the source may be gone or unreachable, and the
  stored text has already been scrubbed once, so scrubbing it again removes exactly what the
  new version finds on top (placeholders and pseudonym tokens are left as they are).
* ``requests``: the title, every free text and the string metadata (``extra``, patterns only,
  as when indexing); ``body`` is rebuilt by :attr:`SanitisedRequest.body`, ``pii_found`` gains
  the new counts, and a request whose text changed becomes pending for embedding again
  (``indexed_hash`` cleared), so the next embed replaces its document and vectors.
* ``answers`` (question, answer, and the string leaves of sources/trace/filters),
  ``feedback`` (reason, correction), ``slack_inbox`` (question), ``quarantine`` (reason).
  JSON leaves holding prose go through the full sanitiser; single tokens (ids, dates, enum
  values) through the patterns only, where NER has no context to judge them by.  Keys are
  written by code and left alone.

Each page is one transaction that selects its rows ``FOR UPDATE SKIP LOCKED``, scrubs them and
writes them back stamped with the current version, so a page is either done or still stale: a
crash leaves the rest for the next run, which finishes it, and two runs at once never scrub the
same row.  Pages need no cursor: a processed row leaves the stale set.  Counts, never text, are
logged.
"""

from __future__ import annotations

import itertools
import logging
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import sqlalchemy as sa

from askdesk import schema
from askdesk.db import Database
from indexing.records import SanitisedRequest

if TYPE_CHECKING:  # the sanitiser imports spaCy: only the process that scrubs loads it
    from askdesk.sanitise import ScrubResult

log = logging.getLogger(__name__)


class PageScrubber(Protocol):
    """Scrubs a page's texts in two batches (the sanitiser may run in another thread or process)."""

    def scrub(self, texts: Sequence[str]) -> list[ScrubResult]:
        """The full sanitiser (patterns and NER), with counts by entity type."""
        ...

    def scrub_light(self, texts: Sequence[str]) -> list[str]:
        """Patterns only: for short values where NER has no sentence to judge by."""
        ...


class SanitiserScrubber:
    """A :class:`PageScrubber` over a sanitiser loaded in this process."""

    def __init__(self, sanitiser: Any) -> None:
        self._sanitiser = sanitiser

    def scrub(self, texts: Sequence[str]) -> list[ScrubResult]:
        return self._sanitiser.scrub_many(list(texts)) if texts else []

    def scrub_light(self, texts: Sequence[str]) -> list[str]:
        return [self._sanitiser.scrub_light(t) for t in texts]


@dataclass
class RescrubReport:
    """What a re-scrub did: rows re-scrubbed per table and the values it replaced, by type."""

    version: str
    requests: int = 0
    #: re-scrubbed requests whose text changed: their documents and vectors are rebuilt
    reembed: int = 0
    answers: int = 0
    feedback: int = 0
    slack_inbox: int = 0
    quarantine: int = 0
    #: values replaced by entity type (texts scrubbed in full; pattern-only values change uncounted)
    replaced: Counter[str] = field(default_factory=Counter)

    @property
    def rows(self) -> int:
        return self.requests + self.answers + self.feedback + self.slack_inbox + self.quarantine

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["replaced"] = dict(self.replaced)
        return d


@dataclass(frozen=True)
class StaleRows:
    """Rows scrubbed by an older sanitiser version (or before versions existed), per table."""

    requests: int
    answers: int
    feedback: int
    slack_inbox: int
    quarantine: int

    @property
    def other(self) -> int:
        return self.answers + self.feedback + self.slack_inbox + self.quarantine


@dataclass(frozen=True)
class _TextTable:
    """A table besides ``requests`` that holds scrubbed free text, and which columns hold it."""

    table: sa.Table
    key: str
    #: text columns scrubbed in full
    prose: tuple[str, ...] = ()
    #: text columns written by code (PII-free by construction): patterns only
    light: tuple[str, ...] = ()
    #: JSONB columns whose string leaves are scrubbed
    json: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.table.name


TEXT_TABLES: tuple[_TextTable, ...] = (
    _TextTable(schema.answers, "answer_id", prose=("question", "answer"), json=("sources", "trace", "filters")),
    _TextTable(schema.feedback, "id", prose=("reason", "correction")),
    _TextTable(schema.slack_inbox, "id", prose=("question",)),
    _TextTable(schema.quarantine, "id", light=("reason",)),
)


# ----------------------------------------------------------------------------- finding stale rows
def _stale_ranges(table: sa.Table, version: str) -> tuple[sa.ColumnElement[bool], ...]:
    """The stale rows as the three ranges of the ``(sanitiser_version, key)`` index."""
    col = table.c.sanitiser_version
    return col.is_(None), col < version, col > version


def stale_page(conn: sa.Connection, table: sa.Table, key: str, version: str, limit: int) -> list[sa.Row]:
    """Up to ``limit`` stale rows, locked for this transaction (rows another run holds are skipped)."""
    order = (table.c.sanitiser_version, table.c[key])
    for cond in _stale_ranges(table, version):
        stmt = sa.select(table).where(cond).order_by(*order).limit(limit).with_for_update(skip_locked=True)
        rows = list(conn.execute(stmt))
        if rows:
            return rows
    return []


def count_stale(conn: sa.Connection, version: str) -> StaleRows:
    """How many rows of each table an older sanitiser version (or none) scrubbed."""

    def count(table: sa.Table) -> int:
        stmt = sa.select(sa.func.count()).select_from(table).where(sa.or_(*_stale_ranges(table, version)))
        return conn.execute(stmt).scalar_one()

    return StaleRows(
        requests=count(schema.requests),
        answers=count(schema.answers),
        feedback=count(schema.feedback),
        slack_inbox=count(schema.slack_inbox),
        quarantine=count(schema.quarantine),
    )


# ----------------------------------------------------------------------------- JSON leaves
def _leaves(value: Any) -> Iterator[str]:
    """The string leaves of a JSON value, depth first (keys are not leaves)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)


def _replace_leaves(value: Any, new: Iterator[str]) -> Any:
    """``value`` with its string leaves replaced, in :func:`_leaves` order, from ``new``."""
    if isinstance(value, str):
        return next(new)
    if isinstance(value, dict):
        return {k: _replace_leaves(v, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_leaves(v, new) for v in value]
    return value


def _text_order(row: Any) -> list[str]:
    """The names of a stored request's texts in the order its ``body`` has them.

    ``texts`` is JSONB, which keeps keys in its own order (shortest first), not the mapping's;
    the stored body still has the mapping's.  The order that rebuilds the stored body exactly is
    the one to rebuild the scrubbed body with: by where each text sits in the body first, then
    (a few texts only) every other order; none matching (a body built by older code) keeps the
    position order.
    """
    texts: dict[str, str] = row.texts or {}
    body = row.body or ""

    def where(name: str) -> int:
        text = (texts[name] or "").strip()
        return body.find(text) if text else -1

    by_position = sorted(texts, key=where)
    if len(texts) < 2:
        return by_position

    def rebuilds(order: Sequence[str]) -> bool:
        probe = SanitisedRequest(
            request_id=row.request_id, title=row.title, texts={n: texts[n] for n in order}, status=None,
            category=None, priority=None, created_at=None, updated_at=row.updated_at, resolved_at=None,
            people={}, extra={}, source_hash="",
        )
        return probe.body == body

    candidates = [by_position, *(itertools.permutations(texts) if len(texts) <= 5 else ())]
    return list(next((order for order in candidates if rebuilds(order)), by_position))


def _is_prose(text: str) -> bool:
    return any(ch.isspace() for ch in text.strip())


class _Batch:
    """A page's texts queued for the two scrub passes, then read back in the order they were queued."""

    def __init__(self) -> None:
        self._full: list[str] = []
        self._light: list[str] = []
        #: per queued value: (pattern-only?, index in its queue); index -1 = kept as it is
        self._order: list[tuple[bool, int]] = []
        self._full_out: list[ScrubResult] = []
        self._light_out: list[str] = []
        self._next = 0

    def add(self, value: Any, *, light: bool = False) -> None:
        """Queue a value; anything but a non-blank string is kept as it is."""
        if not isinstance(value, str) or not value.strip():
            self._order.append((False, -1))
            return
        queue = self._light if light else self._full
        self._order.append((light, len(queue)))
        queue.append(value)

    def run(self, scrubber: PageScrubber) -> None:
        self._full_out = scrubber.scrub(self._full) if self._full else []
        self._light_out = scrubber.scrub_light(self._light) if self._light else []
        self._next = 0

    def take(self, value: Any) -> tuple[Any, Counter[str]]:
        """The next queued value (``value`` is what was queued) scrubbed, with its counts."""
        light, i = self._order[self._next]
        self._next += 1
        if i < 0:
            return value, Counter()
        if light:
            return self._light_out[i], Counter()
        return self._full_out[i].text, self._full_out[i].counts


# ----------------------------------------------------------------------------- the re-scrub
class Rescrubber:
    """Re-scrubs every stale row of every table, a page at a time (see the module docstring)."""

    def __init__(self, db: Database, scrubber: PageScrubber, version: str, *, page_size: int = 256) -> None:
        self.db = db
        self.scrubber = scrubber
        self.version = version
        self.page_size = page_size

    def run(self, on_requests: Callable[[list[str]], object] | None = None) -> RescrubReport:
        """Re-scrub until nothing is stale.  ``on_requests`` gets, after each committed page, the
        ids of the requests whose text changed (pending for embedding), e.g. to embed them at once."""
        report = RescrubReport(version=self.version)
        while (changed := self._requests_page(report)) is not None:
            if changed and on_requests is not None:
                on_requests(changed)
        for spec in TEXT_TABLES:
            while self._table_page(spec, report):
                pass
        if report.rows:
            log.info(
                "re-scrubbed %d requests (%d to re-embed) and %d other rows for sanitiser %s; replaced %s",
                report.requests, report.reembed, report.rows - report.requests, self.version, dict(report.replaced),
            )
        return report

    def _requests_page(self, report: RescrubReport) -> list[str] | None:
        """One page of stale requests; returns the ids whose text changed, None when none were stale."""
        r = schema.requests.c
        with self.db.engine.begin() as conn:
            rows = stale_page(conn, schema.requests, "request_id", self.version, self.page_size)
            if not rows:
                return None
            batch = _Batch()
            orders = [_text_order(row) for row in rows]
            for row, order in zip(rows, orders):
                batch.add(row.title)
                for name in order:
                    batch.add(row.texts[name])
                for value in (row.extra or {}).values():
                    batch.add(value, light=True)
            batch.run(self.scrubber)
            updates: list[dict[str, Any]] = []
            changed: list[str] = []
            for row, order in zip(rows, orders):
                counts: Counter[str] = Counter()
                title, c = batch.take(row.title)
                counts.update(c)
                texts: dict[str, str] = {}  # in the mapping's order, as indexing builds the body
                for name in order:
                    texts[name], c = batch.take(row.texts[name])
                    counts.update(c)
                extra = {name: batch.take(value)[0] for name, value in (row.extra or {}).items()}
                request = SanitisedRequest(
                    request_id=row.request_id, title=title, texts=texts, status=row.status,
                    category=row.category, priority=row.priority, created_at=row.created_at,
                    updated_at=row.updated_at, resolved_at=row.resolved_at, people=row.people or {},
                    extra=extra, source_hash=row.source_hash, pii_found=Counter(row.pii_found or {}) + counts,
                )
                body = request.body
                pending = (request.title, texts, extra, body) != (row.title, row.texts, row.extra, row.body)
                if pending:
                    changed.append(row.request_id)
                report.replaced.update(counts)
                updates.append({
                    "k": row.request_id, "v_title": request.title, "v_texts": texts, "v_body": body,
                    "v_extra": extra, "v_pii": dict(request.pii_found), "v_pending": pending,
                })
            stmt = (
                sa.update(schema.requests)
                .where(r.request_id == sa.bindparam("k"))
                .values(
                    title=sa.bindparam("v_title", type_=r.title.type),
                    texts=sa.bindparam("v_texts", type_=r.texts.type),
                    body=sa.bindparam("v_body", type_=r.body.type),
                    extra=sa.bindparam("v_extra", type_=r.extra.type),
                    pii_found=sa.bindparam("v_pii", type_=r.pii_found.type),
                    sanitiser_version=self.version,
                    # text changed: the document and vectors must be rebuilt from it
                    indexed_hash=sa.case((sa.bindparam("v_pending", type_=sa.Boolean), sa.null()), else_=r.indexed_hash),
                )
            )
            conn.execute(stmt, updates)
        report.requests += len(rows)
        report.reembed += len(changed)
        return changed

    def _table_page(self, spec: _TextTable, report: RescrubReport) -> bool:
        """One page of a text table's stale rows; False when none were stale."""
        t = spec.table
        with self.db.engine.begin() as conn:
            rows = stale_page(conn, t, spec.key, self.version, self.page_size)
            if not rows:
                return False
            batch = _Batch()
            for row in rows:
                for col in spec.prose:
                    batch.add(row._mapping[col])
                for col in spec.light:
                    batch.add(row._mapping[col], light=True)
                for col in spec.json:
                    for leaf in _leaves(row._mapping[col]):
                        batch.add(leaf, light=not _is_prose(leaf))
            batch.run(self.scrubber)
            updates = []
            for row in rows:
                values: dict[str, Any] = {"k": row._mapping[spec.key]}
                for col in (*spec.prose, *spec.light):
                    values[f"v_{col}"], counts = batch.take(row._mapping[col])
                    report.replaced.update(counts)
                for col in spec.json:
                    scrubbed = []
                    for leaf in _leaves(row._mapping[col]):
                        text, counts = batch.take(leaf)
                        scrubbed.append(text)
                        report.replaced.update(counts)
                    values[f"v_{col}"] = _replace_leaves(row._mapping[col], iter(scrubbed))
                updates.append(values)
            columns = (*spec.prose, *spec.light, *spec.json)
            stmt = (
                sa.update(t)
                .where(t.c[spec.key] == sa.bindparam("k"))
                .values({col: sa.bindparam(f"v_{col}", type_=t.c[col].type) for col in columns}
                        | {"sanitiser_version": self.version})
            )
            conn.execute(stmt, updates)
        setattr(report, spec.name, getattr(report, spec.name) + len(rows))
        return True


__all__ = ["PageScrubber", "RescrubReport", "Rescrubber", "SanitiserScrubber", "StaleRows", "count_stale", "stale_page"]

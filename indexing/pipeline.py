"""The indexing run: source pages -> parse -> sanitise -> requests table -> embed -> pgvector.

Two stages keep a run crash-safe without one giant transaction:

1. *Stage* (per page, one transaction): sanitised rows are upserted into the ``requests``
   table, bad rows into ``quarantine``, and the source watermark advances.  A row whose source
   hash equals the stored one is unchanged and costs nothing more.
2. *Embed*: requests whose stored version is not yet in the vector store (``indexed_hash`` differs
   from ``source_hash``) go through LlamaIndex's ``IngestionPipeline`` (docstore UPSERTS), then
   are marked indexed.

Every run first re-scrubs the stored rows an older sanitiser version wrote (see
:mod:`indexing.rescrub`), so upgrading the sanitiser and running the usual index command cleans
the deployment; :meth:`Indexer.rescrub` does only that, without a source.

If a run dies anywhere, the next run first embeds whatever stage 1 committed and stage 2 did not
finish, then resumes the source from its watermark.  Nothing is embedded twice (docstore
hashes + the vector clean-up in :meth:`VectorIndex.ingest`) and nothing committed is lost.

Sanitising (spaCy NER) and embedding run at the same time: a background thread sanitises page
N+1 while this process embeds page N (ONNX Runtime and torch release the GIL while they compute);
``sanitiser.workers >= 1`` uses a worker process instead.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from askdesk import embedder_identity, text_terms
from askdesk.db import Database
from askdesk.embedder_identity import EmbedderIdentity
from askdesk.progress import IndexProgress
from askdesk.sanitise import sanitiser_version
from indexing import store
from indexing.documents import request_document
from indexing.mapping import Mapping, RowParser
from indexing.records import Quarantined, RequestRow
from indexing.rescrub import Rescrubber, RescrubReport
from indexing.sanitiser_runner import SanitiserRunner
from indexing.source import FileSource, RawRecord, SqlSource, Watermark
from indexing.vectors import VectorIndex

log = logging.getLogger(__name__)


@dataclass
class IndexReport:
    """What a run did; printed by ``askdesk index`` and stored with the run."""

    source: str
    run_id: int = 0
    read: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    #: older duplicates of a request already stored in a newer version (latest update wins)
    superseded: int = 0
    pruned: int = 0
    quarantined: int = 0
    #: requests embedded (new + changed + resumed from an interrupted run)
    embedded: int = 0
    chunks: int = 0
    #: requests left pending by an interrupted run and embedded by this one
    resumed: int = 0
    #: requests re-embedded because another embedder made their vectors (see ``embedder_was``)
    reembedded: int = 0
    #: the embedder that made the index before this run, when it was another one
    embedder_was: str | None = None
    pii_found: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    quarantine_reasons: Counter[str] = field(default_factory=Counter)
    #: stored rows an older sanitiser version wrote, re-scrubbed at the start of the run
    rescrub: RescrubReport | None = None

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k not in ("pii_found", "quarantine_reasons", "rescrub")}
        d["pii_found"] = dict(self.pii_found)
        d["quarantine_reasons"] = dict(self.quarantine_reasons)
        d["rescrub"] = self.rescrub.as_dict() if self.rescrub is not None else None
        return d


# --------------------------------------------------------------------------------- the run
@dataclass
class _Staged:
    """A page after parsing and classification, waiting for its sanitised rows."""

    future: Future | None
    quarantined: list[Quarantined]
    ok_positions: list[str]
    seen_ids: list[str]
    watermark: Watermark | None


class Indexer:
    """Indexes one source under one mapping into the database; see the module docstring."""

    def __init__(
        self,
        db: Database,
        vectors: VectorIndex,
        *,
        sanitiser_config: Any,
        secret: str,
        page_size: int = 256,
        max_text_chars: int = 20_000,
        sanitiser_workers: int = 0,
        prescan_people: bool = True,
        progress: IndexProgress | None = None,
        sanitiser: Any = None,
        bulk_first_load: bool = True,
        embedder: EmbedderIdentity | None = None,
    ) -> None:
        self.db = db
        self.vectors = vectors
        self.sanitiser_config = sanitiser_config
        self.secret = secret
        self.page_size = page_size
        self.max_text_chars = max_text_chars
        self.sanitiser_workers = sanitiser_workers
        self.prescan_people = prescan_people
        #: a first load builds the HNSW graph after its rows are in (``VectorIndex.drop_graph``)
        self.bulk_first_load = bulk_first_load
        self.progress = progress or IndexProgress()
        #: what makes this indexer's vectors; an index another embedder made is re-embedded (None: never compared)
        self.embedder = embedder
        #: optional prebuilt Sanitiser to run inline instead of starting one per run
        self.sanitiser = sanitiser
        #: recorded with every request this indexer writes; rows with another version are re-scrubbed
        self.sanitiser_version: str = sanitiser.version if sanitiser is not None else _version(sanitiser_config)

    # ------------------------------------------------------------------ public
    def run(self, source: FileSource | SqlSource, mapping: Mapping, *, prune: bool = False, full: bool = False) -> IndexReport:
        started = time.perf_counter()
        report = IndexReport(source=source.key)
        parser = mapping.parser(mapping.resolve_columns(source.columns()), secret=self.secret, max_text_chars=self.max_text_chars)
        with self.db.engine.begin() as conn:
            report.run_id = store.start_run(conn, source.key)
            store.interrupted_runs(conn, source.key, report.run_id)
            store.save_status_classes(conn, mapping.statuses.open, mapping.statuses.finished)
            store.save_field_columns(conn, mapping.field_columns())
            if full:
                store.reset_watermark(conn, source.key)
            since = store.load_watermark(conn, source.key) if source.incremental else None
            known = store.load_known_people(conn)
            self._adopt_embedder(conn, report)
        runner = SanitiserRunner(self.sanitiser_config, known, self.sanitiser_workers, self.sanitiser)
        # a first load builds the HNSW graph after its rows are in; any other run makes sure the
        # graph exists (a first load killed before its build left none)
        bulk = self.bulk_first_load and self.vectors.is_empty()
        if bulk:
            self.vectors.drop_graph()
        else:
            self.vectors.ensure_graph()
        try:
            # 0. what an older sanitiser wrote is scrubbed again first, so step 1 never embeds old text
            report.rescrub = self._rescrub(runner, report)
            # 1. finish what an interrupted run committed but did not embed (and what another embedder made)
            report.resumed = max(0, self._embed_pending(report) - report.reembedded)
            # 2. names in people columns, so other requests' mentions of them are scrubbed too
            total = None
            if self.prescan_people:
                names, total = self._collect_names(source, mapping, parser, since)
                remembered = runner.remember(names)  # queued before the first page: no need to wait
            self.progress.start(total)
            # 3. stream the source: sanitise page N+1 while page N is written and embedded
            staged: _Staged | None = None
            for page in source.pages(self.page_size, since):
                nxt = self._stage(page, parser, runner, source, report)
                if staged is not None:
                    self._commit(staged, source, report)
                staged = nxt
            if staged is not None:
                self._commit(staged, source, report)
            if self.prescan_people:
                self._save_people(remembered.result())
            if prune:
                report.pruned = self._prune(source, report)
            with self.db.engine.begin() as conn:
                self._count_lexemes(conn, report)
            report.seconds = time.perf_counter() - started
            with self.db.engine.begin() as conn:
                store.finish_run(conn, report.run_id, "succeeded", report.as_dict())
            return report
        except BaseException as exc:
            report.seconds = time.perf_counter() - started
            with self.db.engine.begin() as conn:
                store.finish_run(conn, report.run_id, "failed", report.as_dict(), error=exc.__class__.__name__)
            raise
        finally:
            if bulk:
                self.vectors.ensure_graph()  # also after a failed run: what was loaded is searchable
            runner.close()
            self.progress.stop()

    def _count_lexemes(self, conn: sa.Connection, report: IndexReport) -> None:
        """The full-text side's BM25 frequencies, recounted when the chunks changed (or were
        never counted): one ``ts_stat`` pass over the stored tsvectors."""
        rescrubbed = report.rescrub.reembed if report.rescrub is not None else 0
        if report.embedded or report.chunks or report.pruned or report.resumed or rescrubbed or text_terms.corpus(conn) is None:
            text_terms.refresh(conn, self.vectors.table)

    def rescrub(self) -> IndexReport:
        """Re-scrub (and re-embed) the stored rows an older sanitiser version wrote; no source needed.

        Recorded as a run of the pseudo-source ``rescrub``; it also embeds anything an interrupted
        run left pending.
        """
        started = time.perf_counter()
        report = IndexReport(source=RESCRUB_SOURCE)
        with self.db.engine.begin() as conn:
            report.run_id = store.start_run(conn, RESCRUB_SOURCE)
            store.interrupted_runs(conn, RESCRUB_SOURCE, report.run_id)
            known = store.load_known_people(conn)
            self._adopt_embedder(conn, report)
        runner = SanitiserRunner(self.sanitiser_config, known, self.sanitiser_workers, self.sanitiser)
        self.progress.start(0)
        status, error = "failed", None
        try:
            report.rescrub = self._rescrub(runner, report)
            report.resumed = max(0, self._embed_pending(report) - report.reembedded)
            with self.db.engine.begin() as conn:
                self._count_lexemes(conn, report)
            status = "succeeded"
            return report
        except BaseException as exc:
            error = exc.__class__.__name__
            raise
        finally:
            report.seconds = time.perf_counter() - started
            with self.db.engine.begin() as conn:
                store.finish_run(conn, report.run_id, status, report.as_dict(), error=error)
            runner.close()
            self.progress.stop()

    # ------------------------------------------------------------------ stages
    def _adopt_embedder(self, conn: sa.Connection, report: IndexReport) -> None:
        """Record this indexer's embedder; if the index was made by another, every request is
        marked pending and its document hash forgotten, in this transaction, so step 1 replaces
        all vectors (a run killed halfway resumes the rest).  Queries meanwhile see old and new
        vectors side by side, which only an index rebuilt from empty would avoid."""
        if self.embedder is None:
            return
        before = embedder_identity.recorded(conn)
        if before is None:
            has_vectors = not self.vectors.is_empty()
            before = embedder_identity.legacy(self.embedder) if has_vectors else self.embedder
        if before != self.embedder:
            report.reembedded = store.mark_all_pending(conn)
            self.vectors.forget_hashes(conn)
            report.embedder_was = before.label()
            log.warning("the index was embedded by %s; this run uses %s, so its %d requests are embedded again",
                        before.label(), self.embedder.label(), report.reembedded)
        embedder_identity.record(conn, self.embedder)

    def _rescrub(self, runner: SanitiserRunner, report: IndexReport) -> RescrubReport:
        """Re-scrub the stale rows of every table; each page's requests whose text changed are
        embedded as soon as the page is committed, so old text leaves the vectors page by page."""
        rescrubber = Rescrubber(self.db, runner, self.sanitiser_version, page_size=self.page_size)
        return rescrubber.run(on_requests=lambda ids: self._embed_pending(report, ids))

    def _collect_names(self, source: FileSource | SqlSource, mapping: Mapping, parser: RowParser, since: Watermark | None) -> tuple[list[str], int]:
        cols = [parser.col[c] for c in mapping.pii.pseudonymise.values()]
        names: set[str] = set()
        rows = 0
        for page in source.pages(self.page_size, since):
            rows += len(page)
            for rec in page:
                for c in cols:
                    v = rec.values.get(c)
                    if isinstance(v, str) and v.strip():
                        names.add(v.strip())
        return sorted(names), rows

    def _save_people(self, hashes: set[str]) -> None:
        if hashes:
            with self.db.engine.begin() as conn:
                store.save_known_people(conn, hashes)

    def _stage(self, page: list[RawRecord], parser: RowParser, runner: SanitiserRunner, source: FileSource | SqlSource, report: IndexReport) -> _Staged:
        report.read += len(page)
        self.progress.advance_read(len(page))
        quarantined: list[Quarantined] = []
        latest: dict[str, RequestRow] = {}
        for rec in page:
            if "__error__" in rec.values:
                quarantined.append(Quarantined(rec.position, str(rec.values["__error__"])))
                continue
            parsed = parser.parse(rec.values, rec.position)
            if isinstance(parsed, Quarantined):
                quarantined.append(parsed)
                continue
            prev = latest.get(parsed.request_id)
            if prev is None or parsed.updated_at >= prev.updated_at:
                if prev is not None:
                    report.superseded += 1
                latest[parsed.request_id] = parsed
            else:
                report.superseded += 1
        ok_positions = [r.position for r in latest.values()]
        with self.db.engine.connect() as conn:
            have = store.existing(conn, list(latest))
        todo: list[RequestRow] = []
        for rid, row in latest.items():
            old = have.get(rid)
            if old is None:
                todo.append(row)
            elif old.source_hash == row.source_hash:
                report.unchanged += 1
            elif old.updated_at > row.updated_at:
                report.superseded += 1
            else:
                todo.append(row)
        watermark = source.watermark_of(page[-1]) if isinstance(source, SqlSource) else None
        return _Staged(
            future=runner.sanitise(todo) if todo else None,
            quarantined=quarantined,
            ok_positions=ok_positions,
            seen_ids=list(latest),
            watermark=watermark,
        )

    def _commit(self, staged: _Staged, source: FileSource | SqlSource, report: IndexReport) -> None:
        sanitised, new_hashes = staged.future.result() if staged.future is not None else ([], set())
        with self.db.engine.begin() as conn:
            store.touch(conn, staged.seen_ids, report.run_id)
            written = store.upsert_requests(
                conn, sanitised, source.key, report.run_id, sanitiser_version=self.sanitiser_version
            )
            store.quarantine(conn, staged.quarantined, source.key, report.run_id, sanitiser_version=self.sanitiser_version)
            store.clear_quarantine(conn, source.key, staged.ok_positions)
            store.save_known_people(conn, new_hashes)
            if staged.watermark is not None:
                store.save_watermark(conn, source.key, source.kind, staged.watermark)
        for s in sanitised:
            if s.request_id in written:
                report.pii_found.update(s.pii_found)
        report.new += sum(written.values())
        report.changed += len(written) - sum(written.values())
        report.superseded += len(sanitised) - len(written)
        report.quarantined += len(staged.quarantined)
        report.quarantine_reasons.update(_reason_kind(q.reason) for q in staged.quarantined)
        if written:
            self._embed_pending(report, sorted(written))

    def _embed_pending(self, report: IndexReport, ids: Sequence[str] | None = None) -> int:
        """Embed requests whose stored version is not in the vector store; returns how many."""
        done = 0
        for batch in self._pending_batches(ids):
            docs = [request_document(row._mapping) for row in batch]
            report.chunks += self.vectors.ingest(docs)
            with self.db.engine.begin() as conn:
                store.mark_indexed(conn, {row.request_id: row.source_hash for row in batch})
            done += len(batch)
            self.progress.advance_embedded(len(batch))
        report.embedded += done
        return done

    def _pending_batches(self, ids: Sequence[str] | None) -> Iterator[list[Any]]:
        if ids is not None:
            with self.db.engine.connect() as conn:
                rows = store.pending(conn, ids)
            if rows:
                yield rows
            return
        while True:  # resume: everything pending, a page at a time
            with self.db.engine.connect() as conn:
                rows = store.pending(conn, limit=self.page_size)
            if not rows:
                return
            yield rows

    def _prune(self, source: FileSource | SqlSource, report: IndexReport) -> int:
        """Delete requests of this source that the source no longer has."""
        if isinstance(source, SqlSource) and source.incremental:
            seen = source.all_ids()
            with self.db.engine.begin() as conn:
                for i in range(0, len(seen), 5000):
                    store.touch(conn, seen[i : i + 5000], report.run_id)
        with self.db.engine.begin() as conn:
            stale = store.stale_ids(conn, source.key, report.run_id)
        for i in range(0, len(stale), 1000):
            batch = stale[i : i + 1000]
            self.vectors.delete_documents(batch)
            with self.db.engine.begin() as conn:
                store.delete_requests(conn, batch)
        return len(stale)


#: the ``index_runs.source`` of a re-scrub-only run (``askdesk index --rescrub``)
RESCRUB_SOURCE = "rescrub"


def _version(config: Any) -> str:
    return sanitiser_version(config)


def _reason_kind(reason: str) -> str:
    """Group quarantine reasons for the summary ('unparsable date in column X (...)' -> 'unparsable date')."""
    for sep in (" in column", " (", ":"):
        if sep in reason:
            reason = reason.split(sep, 1)[0]
    return reason.strip()


__all__ = ["RESCRUB_SOURCE", "IndexReport", "Indexer"]

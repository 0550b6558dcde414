"""Where requests come from: a SQL table/query (SQL Server via pyodbc, or any SQLAlchemy URL) or an
export file (CSV, JSONL, Parquet; ``.gz`` for the text formats).

Every source yields *pages* of :class:`RawRecord` (the raw cells plus a position for error
messages).  SQL sources read incrementally from a watermark ``(updated_at, id)`` with keyset
paging; file sources are read whole every time and rely on the requests table's source hashes to
skip unchanged rows cheaply.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from askdesk.errors import AskdeskError

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

    from indexing.mapping import Mapping

log = logging.getLogger(__name__)

csv.field_size_limit(64 * 1024 * 1024)


class SourceError(AskdeskError, RuntimeError):
    """The source cannot be read at all (not a bad row: those are quarantined)."""


@dataclass(frozen=True)
class RawRecord:
    values: dict[str, Any]
    position: str


@dataclass(frozen=True)
class Watermark:
    """The last committed row of an incremental source, in (updated_at, id) order."""

    updated_at: datetime
    id: str


class Source(Protocol):
    key: str
    kind: str
    #: True if the source can read only rows after a watermark
    incremental: bool

    def columns(self) -> list[str]: ...

    def pages(self, page_size: int, since: Watermark | None = None) -> Iterator[list[RawRecord]]: ...

    def count_hint(self) -> int | None: ...


# ------------------------------------------------------------------------------------ files
FILE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}


def file_format(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    fmt = FILE_FORMATS.get(suffixes[-1] if suffixes else "")
    if fmt is None:
        raise SourceError(f"Don't know how to read {path.name}: use a .csv, .jsonl or .parquet export (optionally .gz).")
    return fmt


class FileSource:
    """An export file.  Undecodable bytes are kept as surrogates so the row is quarantined, not the file."""

    kind = "file"
    incremental = False

    def __init__(self, path: str | Path, *, encoding: str = "utf-8", delimiter: str | None = None) -> None:
        self.path = Path(path).expanduser().resolve()
        if not self.path.is_file():
            raise SourceError(f"Export file not found: {self.path}")
        self.format = file_format(self.path)
        self.encoding = encoding
        self.delimiter = delimiter
        self.key = f"file:{self.path}"

    def _open_text(self) -> io.TextIOBase:
        # the caller owns the returned wrapper (and so the file) and closes it with `with`
        raw = gzip.open(self.path, "rb") if self.path.suffix.lower() == ".gz" else open(self.path, "rb")  # noqa: SIM115
        codecs.lookup(self.encoding)
        return io.TextIOWrapper(raw, encoding=self.encoding, errors="surrogateescape", newline="")

    def columns(self) -> list[str]:
        if self.format == "parquet":
            import pyarrow.parquet as pq

            return list(pq.ParquetFile(self.path).schema_arrow.names)
        if self.format == "csv":
            with self._open_text() as fh:
                header = next(self._csv_reader(fh), None)
            if not header:
                raise SourceError(f"{self.path.name} is empty: expected a header row.")
            return [h.strip().lstrip("\ufeff") for h in header]
        with self._open_text() as fh:
            for line in fh:
                if line.strip():
                    try:
                        return list(json.loads(line))
                    except (json.JSONDecodeError, TypeError) as exc:
                        raise SourceError(f"{self.path.name}: the first line is not a JSON object ({exc}).") from exc
        raise SourceError(f"{self.path.name} is empty.")

    def count_hint(self) -> int | None:
        if self.format == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(self.path).metadata.num_rows
        return None

    def _csv_reader(self, fh: io.TextIOBase) -> CsvReader:
        # NUL bytes make the csv module fail the whole file; turn them into a lone surrogate so
        # the row is quarantined as badly encoded and the rest of the file is read.
        lines = (line.replace("\x00", "\udc80") for line in fh)
        if self.delimiter:
            return csv.reader(lines, delimiter=self.delimiter)
        return csv.reader(lines)

    def pages(self, page_size: int, since: Watermark | None = None) -> Iterator[list[RawRecord]]:
        records = {"csv": self._csv_records, "jsonl": self._jsonl_records, "parquet": self._parquet_records}[self.format]()
        page: list[RawRecord] = []
        for rec in records:
            page.append(rec)
            if len(page) >= page_size:
                yield page
                page = []
        if page:
            yield page

    def _csv_records(self) -> Iterator[RawRecord]:
        with self._open_text() as fh:
            reader = self._csv_reader(fh)
            header = next(reader, None)
            if not header:
                return
            header = [h.strip().lstrip("\ufeff") for h in header]
            start = reader.line_num + 1
            for row in reader:
                position = f"line {start}"
                start = reader.line_num + 1
                if not any(cell.strip() for cell in row):
                    continue  # blank line
                if len(row) != len(header):
                    values = {"__error__": f"expected {len(header)} fields, found {len(row)}"}
                else:
                    values = dict(zip(header, row))
                yield RawRecord(values, position)

    def _jsonl_records(self) -> Iterator[RawRecord]:
        with self._open_text() as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                    if not isinstance(obj, dict):
                        raise TypeError("not an object")
                    yield RawRecord(obj, f"line {n}")
                except (json.JSONDecodeError, TypeError, UnicodeError) as exc:
                    yield RawRecord({"__error__": f"not a JSON object ({exc.__class__.__name__})"}, f"line {n}")

    def _parquet_records(self) -> Iterator[RawRecord]:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(self.path)
        n = 0
        for batch in pf.iter_batches(batch_size=4096):
            for row in batch.to_pylist():
                n += 1
                yield RawRecord(row, f"row {n}")


# ------------------------------------------------------------------------------------- SQL
def db_error(exc: Exception) -> str:
    """Describe a driver error without its message: messages can quote row values (PII)."""
    orig = getattr(exc, "orig", exc)
    code = orig.args[0] if orig.args and isinstance(orig.args[0], str) and len(orig.args[0]) <= 8 else None
    return f"{orig.__class__.__name__}" + (f" (SQLSTATE {code})" if code else "")


def redact_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (sa_exc.ArgumentError, ValueError):
        return "<unparsable url>"


class SqlSource:
    """A table or query in any SQLAlchemy database, read in keyset pages of (updated_at, id).

    Drivers may drop fractional seconds of datetime *parameters* (MariaDB's ODBC driver does;
    SQL Server's ``datetime`` rounds to 3 ms), so a page boundary inside one second could re-read
    the same rows forever.  Pages are therefore filtered exactly in Python, and if a full page
    brings nothing new the rest of that second is read in one bounded query before moving on
    with a whole-second boundary.  The watermark is asserted to advance after every page.
    """

    kind = "sql"
    incremental = True

    def __init__(
        self,
        url: str,
        *,
        id_column: str,
        updated_column: str,
        table: str | None = None,
        query: str | None = None,
        engine: sa.engine.Engine | None = None,
    ) -> None:
        if bool(table) == bool(query):
            raise SourceError("A SQL source needs exactly one of a table or a query (mapping [source] table/query).")
        self.url = url
        self.engine = engine or sa.create_engine(url, pool_pre_ping=True, hide_parameters=True)
        self.table_name = table
        self.query_text = query.strip().rstrip(";") if query else None
        self.id_column = id_column
        self.updated_column = updated_column
        what = table or hashlib.sha256(self.query_text.encode()).hexdigest()[:12]  # type: ignore[union-attr]
        self.key = f"sql:{redact_url(url)}:{what}"
        self._selectable: sa.FromClause | None = None

    def _from(self) -> sa.FromClause:
        if self._selectable is not None:
            return self._selectable
        try:
            if self.table_name:
                schema, _, name = self.table_name.rpartition(".")
                self._selectable = sa.Table(name, sa.MetaData(), schema=schema or None, autoload_with=self.engine)
            else:
                probe = sa.select(sa.text("*")).select_from(sa.text(f"({self.query_text}) AS probe")).limit(0)
                with self.engine.connect() as conn:
                    keys = list(conn.execute(probe).keys())
                self._selectable = sa.text(self.query_text).columns(*[sa.column(k) for k in keys]).subquery("src")  # type: ignore[arg-type]
        except sa.exc.NoSuchTableError as exc:
            raise SourceError(f"Table {self.table_name!r} not found in {redact_url(self.url)}.") from exc
        except sa.exc.DBAPIError as exc:
            raise SourceError(
                f"Could not read the source schema from {redact_url(self.url)}: {db_error(exc)}. "
                "Check the URL, the login's permissions and the table or query in the mapping."
            ) from None
        # the mapping may spell column names in another case than the database
        by_fold = {c.name.casefold(): c.name for c in self._selectable.columns}
        for attr in ("id_column", "updated_column"):
            name = getattr(self, attr)
            if name not in self._selectable.c and name.casefold() in by_fold:
                setattr(self, attr, by_fold[name.casefold()])
        return self._selectable

    def columns(self) -> list[str]:
        return [c.name for c in self._from().columns]

    def count_hint(self) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(self._from())).scalar_one()

    def pages(self, page_size: int, since: Watermark | None = None) -> Iterator[list[RawRecord]]:
        src = self._from()
        upd, rid = src.c[self.updated_column], src.c[self.id_column]
        wm = since
        yield from self._keyset_pages(src, upd, rid, page_size, wm)
        # rows without a date in the keyset column can't be ordered by it: read them on every run
        # (unchanged ones are recognised by their hash and cost nothing); the mapping's created_at
        # fallback dates them, or they are quarantined with the reason — never skipped silently
        undated = self._fetch(sa.select(src).where(upd.is_(None)).order_by(rid))
        for i in range(0, len(undated), page_size):
            yield [self._record(r) for r in undated[i: i + page_size]]

    def _keyset_pages(self, src: sa.FromClause, upd: Any, rid: Any, page_size: int,
                      wm: Watermark | None) -> Iterator[list[RawRecord]]:
        while True:
            stmt = sa.select(src).where(upd.is_not(None)).order_by(upd, rid).limit(page_size)
            if wm is not None and wm.id == "":
                stmt = stmt.where(upd >= wm.updated_at)  # a whole-second boundary: nothing consumed there yet
            elif wm is not None:
                stmt = stmt.where(sa.or_(upd > wm.updated_at, sa.and_(upd == wm.updated_at, rid > self._id_param(wm.id))))
            rows = self._fetch(stmt)
            if not rows:
                return
            fresh = [r for r in rows if wm is None or self._after(r, wm)]
            if fresh:
                yield [self._record(r) for r in fresh]
                last = fresh[-1]
                wm = Watermark(last[self.updated_column], str(last[self.id_column]))
            elif len(rows) >= page_size:
                # A full page with nothing new: the driver truncated the boundary parameter. Read
                # the rest of that second in one bounded query, then go on from the next second.
                assert wm is not None
                second = wm.updated_at.replace(microsecond=0)
                nxt = second + timedelta(seconds=1)
                bucket = self._fetch(sa.select(src).where(upd >= second, upd < nxt).order_by(upd, rid))
                rest = [r for r in bucket if self._after(r, wm)]
                if rest:
                    yield [self._record(r) for r in rest]
                wm = Watermark(nxt, "")  # strictly later than the old one: the loop cannot spin
                continue
            if len(rows) < page_size:
                return

    def all_ids(self) -> list[str]:
        """Every id currently in the source (for --prune), streamed in one keys-only query."""
        src = self._from()
        rid = src.c[self.id_column]
        try:
            with self.engine.connect() as conn:
                result = conn.execution_options(stream_results=True).execute(sa.select(rid))
                return [str(v) for v in result.scalars()]
        except sa.exc.DBAPIError as exc:
            raise SourceError(f"Reading ids from {redact_url(self.url)} failed: {db_error(exc)}.") from None

    def _id_param(self, value: str) -> Any:
        col = self._from().c[self.id_column]
        try:
            python_type = col.type.python_type
        except NotImplementedError:
            return value
        return python_type(value) if python_type in (int, str) else value

    def _after(self, row: dict[str, Any], wm: Watermark) -> bool:
        updated = row[self.updated_column]
        if updated is None:
            return False
        if updated != wm.updated_at:
            return updated > wm.updated_at
        rid = row[self.id_column]
        if wm.id == "":
            return True
        if isinstance(rid, int) and wm.id.lstrip("-").isdigit():
            return rid > int(wm.id)
        return str(rid) > wm.id

    def _fetch(self, stmt: sa.Select) -> list[dict[str, Any]]:
        try:
            with self.engine.connect() as conn:
                return [dict(r._mapping) for r in conn.execute(stmt)]
        except sa.exc.DBAPIError as exc:
            raise SourceError(f"Reading {redact_url(self.url)} failed: {db_error(exc)}.") from None

    def _record(self, row: dict[str, Any]) -> RawRecord:
        return RawRecord(row, f"{self.id_column}={row.get(self.id_column)}")

    def watermark_of(self, record: RawRecord) -> Watermark | None:
        """Where the next run starts: after this record (None for an undated record: no step)."""
        if record.values.get(self.updated_column) is None:
            return None
        return Watermark(record.values[self.updated_column], str(record.values[self.id_column]))


def open_source(spec: str, mapping: Mapping, *, engine: sa.engine.Engine | None = None) -> FileSource | SqlSource:
    """``spec`` is a file path or a SQLAlchemy URL; the mapping says which table/query and columns."""
    if "://" in spec:
        if not (mapping.fields.id and mapping.updated_column):
            raise SourceError("A SQL source needs fields.id and a date column (fields.updated_at or created_at) in the "
                              "mapping: incremental reads page through the table by (date, id).")
        return SqlSource(
            spec,
            id_column=mapping.fields.id,
            updated_column=mapping.updated_column,
            table=mapping.source.table,
            query=mapping.source.query,
            engine=engine,
        )
    return FileSource(spec)

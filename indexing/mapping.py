"""The mapping file: how a source's columns become request fields.

One mapping serves a SQL table/query and an export file alike.  It names the id, title, text,
status, category, priority and date columns, which columns are PII (pseudonymised or dropped,
never indexed), which extra columns are kept as filterable metadata, how dates are written and
which values mean "missing".  TOML or YAML; see ``askdesk/data/sample_mapping.toml``.

``Mapping.parse`` turns one raw source row into a :class:`RequestRow` or a :class:`Quarantined`
with a reason that names the column and the *shape* of the bad value (``99/99/9999``), never
the value itself, because a malformed row may carry PII in any column.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, get_args
from zoneinfo import ZoneInfo

import yaml
from dateutil import parser as date_parser
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from askdesk.access.requester import IdentityForm, RequesterHasher
from askdesk.errors import AskdeskError
from askdesk.keyed_hash import Domain, KeyedHasher
from indexing.records import Quarantined, RequestRow, first_sentence

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,63}$")


class MappingError(AskdeskError, ValueError):
    """The mapping file is wrong or does not fit the source: fix the file (message says how)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceSection(_Strict):
    #: SQL table to read (optionally ``schema.table``)
    table: str | None = None
    #: or a SQL query whose result is read (wrapped as a subquery; must not end with ';')
    query: str | None = None


class FieldsSection(_Strict):
    #: the request id column; empty = exports without ids: each row gets ``id_prefix`` + its
    #: line (CSV/JSONL) or row (Parquet) number, stable while the file keeps its order
    id: str | None = None
    id_prefix: str = "ROW-"
    #: the title column; empty = the first sentence of the first text (at most 80 characters)
    title: str | None = None
    #: free-text columns; a list keeps the column names (lower-cased) as field names, a table
    #: ``{description = "Desc"}`` names them explicitly
    text: list[str] | dict[str, str] = Field(default_factory=list)
    status: str | None = None
    category: str | None = None
    priority: str | None = None
    created_at: str | None = None
    #: required for incremental SQL reads and for "latest update wins"; defaults to created_at
    updated_at: str | None = None
    resolved_at: str | None = None

    @model_validator(mode="after")
    def _needs_some_text(self) -> FieldsSection:
        if not (self.title or self.text):
            raise ValueError("fields.title or fields.text must name at least one column of text")
        if not re.fullmatch(r"[A-Za-z0-9_.-]{0,16}", self.id_prefix):
            raise ValueError("fields.id_prefix: up to 16 letters, digits, '-', '_' or '.'")
        return self

    def text_columns(self) -> dict[str, str]:
        if isinstance(self.text, dict):
            return dict(self.text)
        return {_field_name(c): c for c in self.text}


class PiiSection(_Strict):
    #: role -> column; values become consistent pseudonyms (same person, same token)
    pseudonymise: dict[str, str] = Field(default_factory=dict)
    #: columns removed entirely (their values are still scrubbed out of the free text)
    drop: list[str] = Field(default_factory=list)


class IdentitySection(_Strict):
    """Who raised each request, so "my requests" can be answered (docs/access.md)."""

    #: the column holding the requester's e-mail address or login; only a keyed hash of it is
    #: stored (``requests.requester_key``), and its values are scrubbed from the free text
    requester: str | None = None
    #: what the column holds: ``email`` (whole addresses) or ``login`` (account names; a
    #: ``DOMAIN\`` prefix or ``@domain`` suffix is ignored), matched to the asker's Slack e-mail
    form: IdentityForm = "email"

    @field_validator("form", mode="before")
    @classmethod
    def _known_form(cls, v: object) -> object:
        if v not in get_args(IdentityForm):
            raise ValueError(f"identity.form must be one of {', '.join(get_args(IdentityForm))}, not {v!r}")
        return v


class DatesSection(_Strict):
    #: strptime formats tried first, e.g. ["%d/%m/%Y %H:%M"]
    formats: list[str] = Field(default_factory=list)
    #: for ambiguous dates like 03/04/2024: True reads 3 April
    dayfirst: bool = False
    #: time zone of dates written without one; everything is stored as naive UTC
    timezone: str = "UTC"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except Exception as exc:
            raise ValueError(f"unknown time zone {v!r} (use an IANA name like 'Europe/Berlin')") from exc
        return v


class ValuesSection(_Strict):
    #: cell values that mean "no value" (compared after stripping, case-insensitive)
    missing: list[str] = Field(default_factory=lambda: ["", "?", "n/a", "na", "null", "none", "-", "--"])


class StatusesSection(_Strict):
    #: status names that mean "not finished yet" / "finished"; empty = learnt from the data (a
    #: status named like "Closed"/"Resolved"/"Done", or whose rows mostly have a resolved date,
    #: is finished).  Answers to "open", "unresolved", "done" use these.
    open: list[str] = Field(default_factory=list)
    finished: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _disjoint(self) -> StatusesSection:
        both = set(self.open) & set(self.finished)
        if both:
            raise ValueError(f"statuses {sorted(both)} are listed as both open and finished")
        return self


class Mapping(_Strict):
    source: SourceSection = SourceSection()
    fields: FieldsSection
    pii: PiiSection = PiiSection()
    #: extra filterable metadata: field name -> column
    metadata: dict[str, str] = Field(default_factory=dict)
    identity: IdentitySection = IdentitySection()
    dates: DatesSection = DatesSection()
    values: ValuesSection = ValuesSection()
    statuses: StatusesSection = StatusesSection()

    # ---------------------------------------------------------------- loading
    @classmethod
    def load(cls, path: str | Path) -> Mapping:
        path = Path(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise MappingError(f"Cannot read mapping file {path}: {exc.strerror}") from exc
        try:
            data = yaml.safe_load(raw) if path.suffix in (".yaml", ".yml") else tomllib.loads(raw)
        except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
            raise MappingError(f"Mapping file {path} is not valid {path.suffix[1:].upper()}: {exc}") from exc
        try:
            return cls.model_validate(data or {})
        except Exception as exc:
            raise MappingError(f"Mapping file {path} is invalid:\n{exc}") from exc

    # ---------------------------------------------------------------- columns
    def columns(self) -> list[str]:
        """Every source column the mapping reads (the set a source must provide)."""
        f = self.fields
        cols = [c for c in (f.id, f.title) if c] + list(f.text_columns().values())
        cols += [c for c in (f.status, f.category, f.priority, f.created_at, f.updated_at, f.resolved_at) if c]
        cols += [*self.pii.pseudonymise.values(), *self.pii.drop, *self.metadata.values()]
        cols += [self.identity.requester] if self.identity.requester else []
        return list(dict.fromkeys(cols))

    def field_columns(self) -> dict[str, str]:
        """Filterable field -> the source column it is read from (column names are not PII)."""
        f = self.fields
        out = {name: col for name, col in (("status", f.status), ("category", f.category), ("priority", f.priority))
               if col}
        out.update(self.metadata)
        return out

    @property
    def updated_column(self) -> str | None:
        """The column that says when a row last changed (None: the export has no dates)."""
        return self.fields.updated_at or self.fields.created_at

    def resolve_columns(self, available: list[str]) -> dict[str, str]:
        """Map each mapped column to the source's actual column (exact, else case-insensitive).

        Raises MappingError listing every missing column and what the source has instead.
        """
        exact = set(available)
        folded = {c.casefold(): c for c in available}
        resolved, missing = {}, []
        for col in self.columns():
            if col in exact:
                resolved[col] = col
            elif col.casefold() in folded:
                resolved[col] = folded[col.casefold()]
            else:
                missing.append(col)
        if missing:
            raise MappingError(
                f"The source has no column(s) {', '.join(repr(m) for m in missing)} named in the mapping. "
                f"Available columns: {', '.join(available) or '(none)'}. Fix the mapping file."
            )
        return resolved

    def fingerprint(self) -> str:
        """Changes whenever the mapping changes how rows are read, so every row is re-processed
        under a new mapping (``[statuses]`` only tells answers what the values mean: not part of it)."""
        # a mapping without [identity] keeps the fingerprint it had before that section existed
        exclude = {"statuses"} | ({"identity"} if self.identity == IdentitySection() else set())
        return hashlib.sha256(self.model_dump_json(exclude=exclude).encode()).hexdigest()[:16]

    # ---------------------------------------------------------------- parsing
    def parser(self, columns: dict[str, str], *, secret: str, max_text_chars: int) -> RowParser:
        return RowParser(self, columns, secret=secret, max_text_chars=max_text_chars)


def _field_name(column: str) -> str:
    name = re.sub(r"[^0-9a-zA-Z]+", "_", column).strip("_").lower()
    return name or "text"


def value_shape(value: Any) -> str:
    """A PII-free picture of a value for error messages: digits -> 9, letters -> a, capped."""
    text = str(value)
    shape = re.sub(r"[A-Za-z]", "a", re.sub(r"\d", "9", text))
    shape = re.sub(r"[^\x20-\x7e]", "?", shape)
    return shape if len(shape) <= 24 else f"{shape[:24]}… ({len(text)} chars)"


class RowParser:
    """Parses raw rows of one source under one mapping (column resolution done once)."""

    def __init__(self, mapping: Mapping, columns: dict[str, str], *, secret: str, max_text_chars: int) -> None:
        self.m = mapping
        self.col = columns
        self.max_text_chars = max_text_chars
        # the secret's row sub-key, narrowed to this mapping: a new mapping changes every row's hash
        self._hasher = KeyedHasher(secret, Domain.ROW, context=mapping.fingerprint())
        self._requesters = RequesterHasher(secret)
        self._missing = {v.strip().casefold() for v in mapping.values.missing}
        self._tz = ZoneInfo(mapping.dates.timezone)
        self._texts = mapping.fields.text_columns()
        self._seen_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)

    # a cell is "missing" if None or one of the configured markers
    def _get(self, raw: dict[str, Any], column: str | None) -> Any:
        if column is None:
            return None
        value = raw.get(self.col[column])
        if value is None:
            return None
        if isinstance(value, float) and math.isnan(value):  # NaN from Parquet/pyarrow
            return None
        if isinstance(value, str):
            if _has_bad_encoding(value):
                raise _BadRow(f"invalid text encoding in column {column!r}")
            value = value.strip()
            if value.casefold() in self._missing:
                return None
        return value

    def _text(self, raw: dict[str, Any], column: str | None) -> str | None:
        value = self._get(raw, column)
        return None if value is None else str(value)

    def _date(self, raw: dict[str, Any], column: str | None) -> datetime | None:
        value = self._get(raw, column)
        if value is None:
            return None
        try:
            parsed = self._parse_date(value)
        except (ValueError, OverflowError, TypeError):
            raise _BadRow(f"unparsable date in column {column!r} (value shaped {value_shape(value)!r})") from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=self._tz)
        return parsed.astimezone(UTC).replace(tzinfo=None)

    def _parse_date(self, value: Any) -> datetime:
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        text = str(value).strip()
        for fmt in self.m.dates.formats:
            try:
                return datetime.strptime(text, fmt)
            except ValueError:
                continue
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?", text):
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                pass
        if not re.search(r"\d", text):
            raise ValueError("no digits")
        return date_parser.parse(text, dayfirst=self.m.dates.dayfirst)

    def source_hash(self, raw: dict[str, Any]) -> str:
        """Keyed hash of the mapped cells: same cells + same mapping = same hash (no PII exposed)."""
        cells = {c: raw.get(self.col[c]) for c in self.m.columns()}
        payload = json.dumps(cells, sort_keys=True, default=str, ensure_ascii=False)
        return self._hasher.hexdigest(payload)[:32]

    def parse(self, raw: dict[str, Any], position: str) -> RequestRow | Quarantined:
        f = self.m.fields
        request_id: str | None = None
        try:
            rid = self._get(raw, f.id) if f.id else f"{f.id_prefix}{re.sub(r'[^0-9]', '', position)}"
            if rid is None:
                raise _BadRow(f"missing request id (column {f.id!r})")
            if isinstance(rid, float) and rid.is_integer():
                rid = int(rid)
            request_id = str(rid).strip()
            if not ID_PATTERN.match(request_id):
                bad_id, request_id = request_id, None
                raise _BadRow(f"invalid request id (value shaped {value_shape(bad_id)!r}; expected letters, digits, '-', '_', '.', up to 64 chars)")
            texts = {name: self._text(raw, col) or "" for name, col in self._texts.items()}
            title = self._text(raw, f.title) or "" if f.title else first_sentence(next((t for t in texts.values() if t), ""))
            if not title and not any(texts.values()):
                raise _BadRow("no title and no text")
            size = len(title) + sum(len(t) for t in texts.values())
            if size > self.max_text_chars:
                raise _BadRow(f"text too long ({size} characters; the limit is {self.max_text_chars}, setting index.max_text_chars)")
            created = self._date(raw, f.created_at)
            updated = self._date(raw, f.updated_at) if f.updated_at else None
            updated = updated or created
            if updated is None:
                if self.m.updated_column:
                    raise _BadRow(f"missing updated date (column {self.m.updated_column!r}) and no created date")
                updated = self._seen_at  # an export without dates: when askdesk first read it
            pseudonymise = {role: self._text(raw, col) for role, col in self.m.pii.pseudonymise.items()}
            drop = {col: self._text(raw, col) for col in self.m.pii.drop}
            extra = {name: self._text(raw, col) for name, col in self.m.metadata.items()}
            identity = self._text(raw, self.m.identity.requester)
            return RequestRow(
                request_id=request_id,
                title=title,
                texts=texts,
                status=self._text(raw, f.status),
                category=self._text(raw, f.category),
                priority=self._text(raw, f.priority),
                created_at=created,
                updated_at=updated,
                resolved_at=self._date(raw, f.resolved_at),
                pseudonymise=pseudonymise,
                drop=drop,
                extra=extra,
                position=position,
                source_hash=self.source_hash(raw),
                identity=identity,
                requester_key=self._requesters.key_of(identity, self.m.identity.form),
            )
        except _BadRow as bad:
            return Quarantined(position=position, reason=str(bad), request_id=request_id)


class _BadRow(Exception):
    """Internal: the row cannot be used; the message is a PII-free reason."""


def _has_bad_encoding(value: str) -> bool:
    """Lone surrogates (undecodable bytes under 'surrogateescape') or NUL characters."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False

"""Mapping files: column resolution, date parsing, missing markers, ids, and quarantine reasons."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from indexing.mapping import Mapping, MappingError, value_shape
from indexing.records import Quarantined, RequestRow

MAPPING_TOML = """
[fields]
id = "Number"
title = "Short description"
text = ["Description"]
status = "State"
priority = "Priority"
created_at = "Opened"
updated_at = "Updated"

[pii]
pseudonymise = { requester = "Caller" }
drop = ["Caller email"]

[metadata]
assignment_group = "Assignment group"

[dates]
dayfirst = true
"""


@pytest.fixture
def mapping(tmp_path: Path) -> Mapping:
    p = tmp_path / "m.toml"
    p.write_text(MAPPING_TOML)
    return Mapping.load(p)


def row(**kw):
    base = {
        "Number": "INC0000045",
        "Short description": "Printer jam on floor 3",
        "Description": "The printer near the kitchen jams on every job.",
        "State": "In Progress",
        "Priority": "2 - High",
        "Opened": "03/04/2024 09:15",
        "Updated": "05/04/2024 17:40",
        "Caller": "Ann Lee",
        "Caller email": "ann.lee@example.com",
        "Assignment group": "Service Desk",
    }
    base.update(kw)
    return base


def parser(mapping: Mapping, max_chars: int = 1000):
    return mapping.parser(mapping.resolve_columns(list(row())), secret="s", max_text_chars=max_chars)


def test_parses_a_servicenow_like_export_with_day_first_dates(mapping: Mapping) -> None:
    parsed = parser(mapping).parse(row(), "line 2")
    assert isinstance(parsed, RequestRow)
    assert parsed.request_id == "INC0000045"
    assert parsed.created_at == datetime(2024, 4, 3, 9, 15)  # day first: 3 April
    assert parsed.updated_at == datetime(2024, 4, 5, 17, 40)
    assert parsed.texts == {"description": "The printer near the kitchen jams on every job."}
    assert parsed.pseudonymise == {"requester": "Ann Lee"}
    assert parsed.drop == {"Caller email": "ann.lee@example.com"}
    assert parsed.extra == {"assignment_group": "Service Desk"}
    assert set(parsed.known_pii()) == {"Ann Lee", "ann.lee@example.com"}


def test_missing_markers_become_none(mapping: Mapping) -> None:
    parsed = parser(mapping).parse(row(State="?", Priority=" ", **{"Assignment group": "N/A"}), "line 3")
    assert isinstance(parsed, RequestRow)
    assert parsed.status is None and parsed.priority is None and parsed.extra["assignment_group"] is None


def test_updated_falls_back_to_created(mapping: Mapping) -> None:
    parsed = parser(mapping).parse(row(Updated=""), "line 4")
    assert isinstance(parsed, RequestRow) and parsed.updated_at == parsed.created_at


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"Number": ""}, "missing request id"),
        ({"Number": "?"}, "missing request id"),
        ({"Number": "REQ 1; DROP TABLE requests"}, "invalid request id"),
        ({"Opened": "31/31/2024 99:99"}, "unparsable date in column 'Opened'"),
        ({"Updated": "Ann Lee"}, "unparsable date in column 'Updated'"),
        ({"Description": "x" * 2000}, "text too long"),
        ({"Description": "bad \udcff bytes"}, "invalid text encoding in column 'Description'"),
        ({"Short description": "", "Description": ""}, "no title and no text"),
        ({"Opened": "", "Updated": ""}, "missing updated date"),
    ],
)
def test_bad_rows_are_quarantined_with_a_reason(mapping: Mapping, cells: dict, reason: str) -> None:
    parsed = parser(mapping).parse(row(**cells), "line 9")
    assert isinstance(parsed, Quarantined)
    assert parsed.position == "line 9"
    assert reason in parsed.reason


def test_quarantine_reasons_never_contain_the_bad_value(mapping: Mapping) -> None:
    parsed = parser(mapping).parse(row(Updated="Ann Lee"), "line 5")
    assert isinstance(parsed, Quarantined)
    assert "Ann" not in parsed.reason and "Lee" not in parsed.reason
    assert "'aaa aaa'" in parsed.reason  # the shape of the value, not the value
    assert value_shape("31/12/2024") == "99/99/9999"


def test_source_hash_changes_with_content_and_mapping(mapping: Mapping, tmp_path: Path) -> None:
    p = parser(mapping)
    a = p.parse(row(), "l")
    b = p.parse(row(), "l2")
    c = p.parse(row(Description="changed"), "l")
    assert isinstance(a, RequestRow) and isinstance(b, RequestRow) and isinstance(c, RequestRow)
    assert a.source_hash == b.source_hash != c.source_hash
    other = tmp_path / "o.toml"
    other.write_text(MAPPING_TOML.replace("dayfirst = true", "dayfirst = false"))
    m2 = Mapping.load(other)
    d = m2.parser(m2.resolve_columns(list(row())), secret="s", max_text_chars=1000).parse(row(), "l")
    assert isinstance(d, RequestRow) and d.source_hash != a.source_hash


def test_columns_resolve_case_insensitively(mapping: Mapping) -> None:
    cols = [c.upper() for c in row()]
    resolved = mapping.resolve_columns(cols)
    assert resolved["Number"] == "NUMBER"


def test_missing_columns_are_a_clear_error(mapping: Mapping) -> None:
    with pytest.raises(MappingError) as exc:
        mapping.resolve_columns(["Number", "Description"])
    assert "'Short description'" in str(exc.value) and "Available columns: Number, Description" in str(exc.value)


def test_invalid_mapping_files_are_rejected_with_the_file_name(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[fields]\nid = 'a'\n")  # no title, no dates
    with pytest.raises(MappingError, match="bad.toml"):
        Mapping.load(bad)
    typo = tmp_path / "typo.toml"
    typo.write_text(MAPPING_TOML + "\n[extra_section]\nx = 1\n")
    with pytest.raises(MappingError, match="extra_section"):
        Mapping.load(typo)
    zone = tmp_path / "zone.toml"
    zone.write_text(MAPPING_TOML.replace("dayfirst = true", 'dayfirst = true\ntimezone = "Mars/Olympus"'))
    with pytest.raises(MappingError, match="unknown time zone"):
        Mapping.load(zone)


def test_yaml_mapping_and_timezones(tmp_path: Path) -> None:
    y = tmp_path / "m.yaml"
    y.write_text(
        "fields: {id: id, title: t, created_at: c}\n"
        "dates: {timezone: Europe/Berlin, formats: ['%d.%m.%Y %H:%M']}\n"
    )
    m = Mapping.load(y)
    parsed = m.parser(m.resolve_columns(["id", "t", "c"]), secret="s", max_text_chars=100).parse(
        {"id": 7, "t": "x", "c": "01.07.2025 12:00"}, "row 1"
    )
    assert isinstance(parsed, RequestRow)
    assert parsed.request_id == "7"
    assert parsed.created_at == datetime(2025, 7, 1, 10, 0)  # CEST -> UTC


def test_sample_mapping_is_valid() -> None:
    from tests.support.settings import SAMPLE_MAPPING

    m = Mapping.load(SAMPLE_MAPPING)
    assert m.fields.id == "RequestID" and m.source.table == "Requests"


def _with_identity(tmp_path: Path, section: str) -> Mapping:
    p = tmp_path / "identity.toml"
    p.write_text(MAPPING_TOML + section)
    return Mapping.load(p)


def test_the_requester_identity_is_kept_only_as_a_keyed_hash(mapping: Mapping, tmp_path: Path) -> None:
    from askdesk.access.requester import RequesterHasher

    m = _with_identity(tmp_path, '\n[identity]\nrequester = "Caller email"\n')
    assert "Caller email" in m.columns() and m.fingerprint() != mapping.fingerprint()
    parsed = m.parser(m.resolve_columns(list(row())), secret="s", max_text_chars=1000).parse(
        row(**{"Caller email": " Ann.Lee@Example.COM "}), "l")
    assert isinstance(parsed, RequestRow)
    # the asker's e-mail, however it is written, finds the same key; the value is PII to scrub
    assert parsed.requester_key in RequesterHasher("s").keys_of_email("ann.lee@example.com")
    assert "Ann.Lee@Example.COM" in parsed.known_pii()
    # no identity column (or an empty cell): no key, and the fingerprint of a mapping without one is unchanged
    plain = parser(mapping).parse(row(), "l")
    assert isinstance(plain, RequestRow) and plain.requester_key is None
    empty = m.parser(m.resolve_columns(list(row())), secret="s", max_text_chars=1000).parse(
        row(**{"Caller email": "n/a"}), "l")
    assert isinstance(empty, RequestRow) and empty.requester_key is None


def test_a_login_column_matches_the_asker_s_e_mail(tmp_path: Path) -> None:
    from askdesk.access.requester import RequesterHasher

    m = _with_identity(tmp_path, '\n[identity]\nrequester = "Caller email"\nform = "login"\n')
    p = m.parser(m.resolve_columns(list(row())), secret="s", max_text_chars=1000)
    keys = RequesterHasher("s").keys_of_email("ann.lee@example.com")
    for login in ("CORP\\ann.lee", "ann.lee", "Ann.Lee@corp.example"):
        parsed = p.parse(row(**{"Caller email": login}), "l")
        assert isinstance(parsed, RequestRow) and parsed.requester_key in keys, login


def test_an_unknown_identity_form_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="identity.form must be one of email, login"):
        _with_identity(tmp_path, '\n[identity]\nrequester = "Caller email"\nform = "name"\n')

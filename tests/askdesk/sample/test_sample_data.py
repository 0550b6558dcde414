"""Tests for the deterministic sample-data generator (askdesk/sample/)."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import string
import tomllib
from collections import Counter
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path, PurePosixPath

import pytest

import askdesk.sample as sd
from askdesk.sample import catalogue, categories, phrases, slots, text, writers
from askdesk.sample.people import FIRST_NAMES, LAST_NAMES

N = 3000  # enough rows for the distribution checks, still well under a second or two


@pytest.fixture(scope="module")
def rows() -> list[sd.SampleRequest]:
    return list(sd.generate_requests(N, seed=7))


def _dt(s: str) -> datetime:
    return datetime.strptime(s, "%Y-%m-%d %H:%M:%S")


TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
COMMENT_RE = re.compile(r"^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2})\] (Agent|Requester): (.+)$")
OPEN_STATUSES = {"New", "Open", "In Progress", "Pending", "On Hold"}


# --- determinism -------------------------------------------------------------------------------

def test_same_seed_same_rows():
    a = list(sd.generate_requests(300, seed=11))
    b = list(sd.generate_requests(300, seed=11))
    assert a == b


def test_rows_do_not_depend_on_n():
    short = list(sd.generate_requests(40, seed=7))
    long_prefix = list(islice(sd.generate_requests(2000, seed=7), 40))
    assert short == long_prefix
    full = list(sd.generate_requests(100, seed=7))
    for i in (0, 1, 30, 31, 32, 33, 63, 64, 99):  # around the internal block boundaries
        assert sd.sample_request(i, seed=7) == full[i]
        assert list(sd.generate_requests(i + 1, seed=7))[-1] == full[i]


def test_different_seeds_differ():
    a = [r.row for r in sd.generate_requests(50, seed=1)]
    b = [r.row for r in sd.generate_requests(50, seed=2)]
    assert sum(x["Description"] == y["Description"] for x, y in zip(a, b)) < 5
    assert [e.name for e in sd.employee_directory(1)] != [e.name for e in sd.employee_directory(2)]


def test_generator_is_lazy():
    gen = sd.generate_requests(10**9, seed=7)  # must not build anything proportional to n
    assert next(gen).row["RequestID"] == "REQ-100000"


def test_negative_n_rejected():
    with pytest.raises(ValueError):
        list(sd.generate_requests(-1))


# sha256 of what the generator produced before it moved to askdesk.sample (and its phrase tables to
# TOML): the demo, the golden eval sets and the benchmarks depend on these exact bytes. A change to
# the code or to askdesk/sample/data/ that changes them changes every generated data set.
GOLDEN_ROWS_3000_SEED_7 = "d410add1310d24159c8b66728186d2c918485b42499639935476db217c794fe3"
GOLDEN_FILES = {
    (".csv", 500, 3): "bba0464668f9e20a74614f8f94cf3754d800661b0d6af4f51f4d5d33b63d2c69",
    (".jsonl", 500, 3): "4bf85b4d3b1924ed4204d16c9de80ba75d811e4a49f7f139405d7639c2cff293",
    (".csv", 200, 123456789): "df6fe654ae8b40079ca19743a28e815257d680f9cb54f10fc6cff5a2c4940601",
}


def test_rows_and_planted_pii_match_golden_hash(rows):
    h = hashlib.sha256()
    for r in rows:
        h.update(json.dumps([r.row, r.planted_pii], ensure_ascii=False).encode())
        h.update(b"\n")
    assert h.hexdigest() == GOLDEN_ROWS_3000_SEED_7


@pytest.mark.parametrize(("suffix", "n", "seed"), list(GOLDEN_FILES))
def test_written_files_match_golden_hashes(tmp_path, suffix, n, seed):
    path = sd.write_sample(tmp_path / f"golden{suffix}", n=n, seed=seed)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == GOLDEN_FILES[(suffix, n, seed)]


# --- shape of the rows ---------------------------------------------------------------------

def test_columns_and_value_types(rows):
    nullable = {"Comments", "AssigneeName", "ResolvedAt"}
    for r in rows:
        assert tuple(r.row) == sd.COLUMNS
        for col, value in r.row.items():
            if value is None:
                assert col in nullable, col
            else:
                assert isinstance(value, str) and value, col


def test_request_ids_sequential_and_unique(rows):
    ids = [r.row["RequestID"] for r in rows]
    assert ids == [f"REQ-{100000 + i}" for i in range(N)]
    assert all(re.fullmatch(r"REQ-\d{6,}", x) for x in ids)
    assert len(set(ids)) == N


def test_enumerations(rows):
    for r in rows:
        row = r.row
        assert row["Status"] in sd.STATUSES
        assert row["Priority"] in sd.PRIORITIES
        assert row["Channel"] in sd.CHANNELS
        assert row["Category"] in sd.CATEGORIES
        assert row["Subcategory"] in sd.CATEGORIES[row["Category"]]
        assert row["AssignmentGroup"]
        assert row["Location"]


def test_category_design():
    assert set(sd.CATEGORIES) == {"IT", "HR", "Facilities", "Finance", "Security", "Procurement", "Legal"}
    for cat, subs in sd.CATEGORIES.items():
        assert 4 <= len(subs) <= 8, cat
    assert {"VPN", "Email", "Laptop", "Printer", "Access/Accounts"} <= set(sd.CATEGORIES["IT"])
    assert {"Payroll", "Leave", "Onboarding", "Benefits"} <= set(sd.CATEGORIES["HR"])
    assert {"Phishing report", "Lost device", "Badge", "Suspicious login"} <= set(sd.CATEGORIES["Security"])


# --- dates and status ------------------------------------------------------------------------

def test_status_date_consistency(rows):
    ref = sd.REFERENCE_TIME
    earliest = ref - timedelta(days=sd.WINDOW_DAYS + 1)
    for r in rows:
        row = r.row
        for col in ("CreatedAt", "UpdatedAt"):
            assert TS_RE.match(row[col]), row[col]
        created, updated = _dt(row["CreatedAt"]), _dt(row["UpdatedAt"])
        assert earliest <= created <= updated <= ref
        if row["Status"] in ("Resolved", "Closed"):
            assert row["ResolvedAt"] is not None and TS_RE.match(row["ResolvedAt"])
            assert created <= _dt(row["ResolvedAt"]) <= updated
        else:
            assert row["ResolvedAt"] is None
        if row["Status"] == "New":
            assert row["AssigneeName"] is None
        else:
            assert row["AssigneeName"]


def test_comments_format_order_and_bounds(rows):
    for r in rows:
        row = r.row
        if row["Comments"] is None:
            continue
        lines = row["Comments"].split("\n")
        assert 1 <= len(lines) <= 4
        stamps = []
        for line in lines:
            m = COMMENT_RE.match(line)
            assert m, line
            stamps.append(m.group(1))
        assert stamps == sorted(stamps)
        lo = row["CreatedAt"][:16]
        hi = row["UpdatedAt"][:16]
        assert lo <= stamps[0] and stamps[-1] <= hi, (row["RequestID"], stamps, lo, hi)
        if row["ResolvedAt"]:
            assert row["ResolvedAt"][:16] in stamps  # the resolution / closure comment


def test_resolved_requests_have_a_resolution_comment(rows):
    for r in rows:
        if r.row["Status"] in ("Resolved", "Closed"):
            assert r.row["Comments"], r.row["RequestID"]
            assert "] Agent: " in r.row["Comments"]


def test_old_requests_mostly_closed_recent_mostly_open(rows):
    ref = sd.REFERENCE_TIME
    old = [r.row["Status"] for r in rows if ref - _dt(r.row["CreatedAt"]) > timedelta(days=60)]
    recent = [r.row["Status"] for r in rows if ref - _dt(r.row["CreatedAt"]) < timedelta(days=7)]
    assert len(old) > 1000 and len(recent) >= 15
    old_closed = sum(s in ("Closed", "Cancelled") for s in old) / len(old)
    recent_open = sum(s in OPEN_STATUSES for s in recent) / len(recent)
    assert old_closed > 0.85
    assert recent_open > 0.4


def test_created_weekday_and_business_hours_heavy(rows):
    created = [_dt(r.row["CreatedAt"]) for r in rows]
    weekday = sum(d.weekday() < 5 for d in created) / len(created)
    daytime = sum(6 <= d.hour < 20 for d in created) / len(created)  # UTC, offices span several time zones
    assert weekday > 0.8
    assert daytime > 0.6
    # spread over the whole two-year window
    span = max(created) - min(created)
    assert span > timedelta(days=700)


# --- distributions -------------------------------------------------------------------------

def test_category_distribution(rows):
    counts = Counter(r.row["Category"] for r in rows)
    assert counts.most_common(1)[0][0] == "IT"
    assert 0.38 < counts["IT"] / N < 0.52
    assert set(counts) == set(sd.CATEGORIES)
    for cat in sd.CATEGORIES:
        assert counts[cat] / N > 0.02, cat


def test_priority_distribution(rows):
    counts = Counter(r.row["Priority"] for r in rows)
    assert counts.most_common(1)[0][0] == "3 - Medium"
    assert counts["1 - Critical"] / N < 0.08
    assert counts["1 - Critical"] < counts["2 - High"] < counts["3 - Medium"]

    def urgent_share(category):
        sel = [r.row["Priority"] for r in rows if r.row["Category"] == category]
        return sum(p in ("1 - Critical", "2 - High") for p in sel) / len(sel)

    assert urgent_share("Security") > urgent_share("IT") + 0.15


def test_status_distribution(rows):
    counts = Counter(r.row["Status"] for r in rows)
    assert set(counts) == set(sd.STATUSES)
    assert counts.most_common(1)[0][0] == "Closed"


def test_channels_locations_groups(rows):
    assert set(Counter(r.row["Channel"] for r in rows)) == set(sd.CHANNELS)
    locations = Counter(r.row["Location"] for r in rows)
    assert {"London HQ", "Berlin", "New York"} <= set(locations)
    assert any(re.fullmatch(r"Floor \d - Building [A-C]", loc) for loc in locations)
    groups = Counter(r.row["AssignmentGroup"] for r in rows)
    assert {"Service Desk", "Network Operations", "HR Operations", "Payroll Team", "Accounts Payable",
            "Security Operations Center", "Facilities Management"} <= set(groups)


# --- people and planted PII --------------------------------------------------------------------

def test_employee_directory():
    people = sd.employee_directory(7)
    assert 200 <= len(people) <= 1000
    assert len({p.email for p in people}) == len(people)
    assert len({p.employee_number for p in people}) == len(people)
    assert len({p.name for p in people}) == len(people)
    assert len(set(FIRST_NAMES)) >= 150 and len(set(LAST_NAMES)) >= 150
    assert any(" " in p.first or "-" in p.first or " " in p.last or "-" in p.last for p in people)
    for p in people:
        assert re.fullmatch(r"E-\d{5}", p.employee_number)
        assert re.fullmatch(r"[a-z0-9.\-]+@northwind-corp\.com", p.email), p.email
        assert p.name == f"{p.first} {p.last}"
    assert sd.employee_directory(7) == people  # cached and deterministic


FICTIONAL_PHONE = re.compile(
    r"(\+44 20 7946 0\d{3}|020 7946 0\d{3}|\+44 \(0\)20 7946 0\d{3}"  # Ofcom drama range, London
    r"|\+44 161 496 0\d{3}|0161 496 0\d{3}"  # Manchester
    r"|07700 900\d{3}|\+44 7700 900\d{3}"  # UK mobile drama range
    r"|\(\d{3}\) 555-01\d{2}|\+1 \d{3}-555-01\d{2}|\d{3}\.555\.01\d{2}|\+1 \d{3} 555 01\d{2}"  # NANP 555-01xx
    r"|\+49 30 23125 ?\d{3}|030 23125\d{3}"  # Berlin drama range
    r"|\+61 2 5550 \d{4}|\(02\) 5550 \d{4})"  # ACMA fictional range
)


def test_requester_columns_are_one_directory_employee(rows):
    by_email = {p.email: p for p in sd.employee_directory(7)}
    names = {p.name for p in by_email.values()}
    for r in rows:
        row = r.row
        person = by_email[row["RequesterEmail"]]
        assert (person.name, person.phone, person.employee_number) == (
            row["RequesterName"], row["RequesterPhone"], row["EmployeeNumber"])
        assert FICTIONAL_PHONE.fullmatch(row["RequesterPhone"]), row["RequesterPhone"]
        assert row["AssigneeName"] not in names


def _free_text(row) -> str:
    return "\n".join(row[c] or "" for c in ("Title", "Description", "Comments"))


def test_every_planted_value_occurs_in_the_row(rows):
    for r in rows:
        row = r.row
        everything = "\n".join(v for v in row.values() if v)
        assert len(set(r.planted_pii)) == len(r.planted_pii)
        for etype, value in r.planted_pii:
            assert etype in sd.PII_ENTITY_TYPES
            assert value and value in everything, (row["RequestID"], etype, value)


def test_pii_columns_are_listed(rows):
    for r in rows:
        for col, etype in sd.PII_COLUMNS.items():
            value = r.row[col]
            if value is not None:
                assert (etype, value) in r.planted_pii, (col, value)


def test_free_text_pii_share_and_kinds(rows):
    def column_values(row):
        return {row[c] for c in sd.PII_COLUMNS if row[c]}

    with_text_pii = 0
    kinds = Counter()
    for r in rows:
        text = _free_text(r.row)
        in_text = [(t, v) for t, v in r.planted_pii if v in text]
        extra = [(t, v) for t, v in r.planted_pii if v not in column_values(r.row)]
        # values not in any column must come from the free text
        assert all(v in text for _, v in extra)
        if in_text:
            with_text_pii += 1
            kinds.update(t for t, _ in in_text)
    share = with_text_pii / N
    assert 0.22 < share < 0.45, share
    assert set(kinds) == set(sd.PII_ENTITY_TYPES), kinds
    assert kinds["IBAN_CODE"] >= 10


def test_free_text_emails_and_phones_are_fictional(rows):
    for r in rows:
        for etype, value in r.planted_pii:
            if etype == "EMAIL_ADDRESS":
                assert re.fullmatch(r"[a-z0-9.\-]+@(northwind-corp\.com|example\.(com|net|org))", value), value
            elif etype == "PHONE_NUMBER":
                assert FICTIONAL_PHONE.fullmatch(value), value
            elif etype == "EMPLOYEE_ID":
                assert re.fullmatch(r"E-\d{5}", value)


def test_planted_ibans_have_valid_check_digits(rows):
    ibans = [v for r in rows for t, v in r.planted_pii if t == "IBAN_CODE"]
    assert ibans
    countries = set()
    for iban in ibans:
        compact = iban.replace(" ", "")
        assert sd.iban_is_valid(iban)
        assert re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact)
        expected_len = {"DE": 22, "GB": 22, "NL": 18, "IE": 22, "ES": 24}[compact[:2]]
        assert len(compact) == expected_len
        countries.add(compact[:2])
        # independent mod-97 check
        rearranged = compact[4:] + compact[:4]
        assert int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1
    assert len(countries) >= 2


def test_iban_validator():
    assert sd.iban_is_valid("DE89 3704 0044 0532 0130 00")  # the well-known documentation example
    assert sd.iban_is_valid("GB82WEST12345698765432")
    assert not sd.iban_is_valid("DE88 3704 0044 0532 0130 00")
    assert not sd.iban_is_valid("GB82WEST12345698765433")
    assert not sd.iban_is_valid("not an iban")


# --- text --------------------------------------------------------------------------------------

def _first_sentence(text: str) -> str:
    """The first sentence with some content (greetings such as "Hi team," or "Hi!" skipped)."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text.strip()):
        if len(sentence.split()) >= 4:
            return sentence
    return text


def test_text_variety(rows):
    sample = rows[:2000]
    descriptions = [r.row["Description"] for r in sample]
    assert len(set(descriptions)) >= 0.95 * len(sample)
    assert len({_first_sentence(d) for d in descriptions}) >= 0.6 * len(sample)
    assert len({r.row["Title"] for r in sample}) >= 500
    # no description template dominates
    top = Counter(_first_sentence(d) for d in descriptions).most_common(1)[0][1]
    assert top < 0.02 * len(sample)


def test_descriptions_read_like_requests(rows):
    for r in rows[:1000]:
        desc = r.row["Description"]
        assert "{" not in desc and "}" not in desc
        assert all("  " not in line for line in desc.split("\n"))
        assert 20 < len(desc) < 1200
    openers = Counter(r.row["Description"].split("\n")[0] for r in rows if r.row["Channel"] == "Email")
    assert any(o.startswith("Hi") for o in openers) and any(o.startswith("Hello") for o in openers)


def test_comments_match_status(rows):
    for r in rows:
        row = r.row
        comments = (row["Comments"] or "").split("\n")
        if row["Status"] == "New":
            assert not any("] Agent: " in c for c in comments)
        if row["ResolvedAt"]:
            stamp = row["ResolvedAt"][:16]
            assert any(c.startswith(f"[{stamp}] Agent: ") for c in comments), row["RequestID"]


# --- templates ---------------------------------------------------------------------------------

def _template_keys(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_all_templates_resolve():
    """Every slot used by a template has a pool (catches typos in rarely drawn templates)."""
    pii_slots = set(text.PII_SLOT_TYPES)
    fixed = {"site", "dept", "group", "currency", "other_dept"}
    for cat, (subs, _cum) in categories.SUBS.items():
        for sub in subs:
            known = set(sub.pools) | fixed | pii_slots
            plain_templates = [t for issue in sub.issues for part in issue[:4] for t in part]
            plain_templates += list(sub.details) + list(sub.tried)
            for t in plain_templates:
                keys = _template_keys(t)
                assert keys <= known - pii_slots, (cat, sub.name, t)
            for pool in sub.pools.values():
                assert isinstance(pool, tuple) or callable(pool), pool  # the catalogue is frozen
                if isinstance(pool, tuple):
                    for value in pool:
                        assert _template_keys(value) <= known - pii_slots, value
    ph = phrases
    generic = (ph.ONSET_IT + ph.ONSET_GEN + ph.IMPACT_IT + ph.IMPACT_GEN + ph.URGENCY + ph.URGENCY_REQ + ph.TRIED_IT
               + ph.TRIED_GEN + ph.DETAIL_GEN + ph.OPENERS_EMAIL + ph.C_CHASE + ph.C_ESCALATE
               + ph.C_HOLD_IT + ph.C_HOLD_GEN + ph.C_PENDING + ph.C_THANKS + ph.C_NORESP + ph.C_CANCEL_R
               + ph.C_CANCEL_A + ph.C_RESOLVED_GEN + ph.REQ_CONTEXT + ph.OPENERS_PHONE + ph.OPENERS_WALKIN
               + ph.OPENERS_PORTAL + ph.OPENERS_CHAT + ph.CLOSERS + ph.CLOSERS_CHAT)
    generic += tuple(q for pairs in categories.QUESTIONS.values() for q, _ in pairs)
    generic += tuple(a for pairs in categories.QUESTIONS.values() for _, answers in pairs for a in answers)
    generic += tuple(t for reasons in categories.DEADLINES.values() for t in reasons)
    for sub_name, pairs in categories.SUB_QUESTIONS.items():  # questions specific to a subcategory use its pools
        sub = next(s for subs, _ in categories.SUBS.values() for s in subs if s.name == sub_name)
        for q, answers in pairs:
            for t in (q, *answers):
                assert _template_keys(t) <= set(sub.pools) | fixed, t
    any_pools = set(slots.GLOBAL_SLOTS) | fixed
    for t in generic:
        assert _template_keys(t) <= any_pools, t
    for name, entries in {**phrases.P, "title_newstarter": phrases.TITLE_NEWSTARTER,
                          "title_leaver": phrases.TITLE_LEAVER}.items():
        for template, keys in entries:
            assert {k for k, _ in keys} == _template_keys(template) & pii_slots, (name, template)


def test_catalogue_files_are_all_used_and_ship_with_the_package():
    """Every data file is read, and matches a package-data pattern (or an installed askdesk lacks it)."""
    root = Path(__file__).resolve().parents[3]
    package_data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = package_data["package-data"]["askdesk"]
    data = root / "askdesk" / "sample" / "data"
    files = sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file())
    category_files = [f"categories/{v['file']}" for v in catalogue.load("categories.toml").values()]
    read = {"people.toml", "slots.toml", "phrases.toml", "comments.toml", "pii.toml", "categories.toml",
            *category_files}
    assert set(files) == read
    for name in files:
        assert any(PurePosixPath("sample/data", name).match(pattern) for pattern in patterns), name


# --- files -------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_write_sample_round_trip_and_byte_identical(tmp_path, suffix):
    n = 60
    expected = [r.row for r in sd.generate_requests(n, seed=5)]
    path = sd.write_sample(tmp_path / f"a{suffix}", n=n, seed=5)
    again = sd.write_sample(tmp_path / "sub" / f"b{suffix}", n=n, seed=5)
    assert path.read_bytes() == again.read_bytes()
    assert not list(tmp_path.glob("*.partial"))

    if suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            assert tuple(reader.fieldnames) == sd.COLUMNS
            got = list(reader)
        assert got == [{k: (v if v is not None else "") for k, v in row.items()} for row in expected]
    elif suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        got = [json.loads(line) for line in lines]
        assert got == expected
        assert all(list(g) == list(sd.COLUMNS) for g in got)
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        table = pq.read_table(path)
        assert tuple(table.column_names) == sd.COLUMNS
        assert all(str(t) == "string" for t in table.schema.types)
        assert table.to_pylist() == expected


def test_parquet_multiple_batches(tmp_path, monkeypatch):
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setattr(writers, "_PARQUET_BATCH", 7)
    path = sd.write_sample(tmp_path / "x.parquet", n=30, seed=3)
    meta = pq.ParquetFile(path).metadata
    assert meta.num_rows == 30 and meta.num_row_groups == 5
    assert pq.read_table(path).to_pylist() == [r.row for r in sd.generate_requests(30, seed=3)]


def test_write_sample_rejects_unknown_suffix(tmp_path):
    with pytest.raises(ValueError):
        sd.write_sample(tmp_path / "x.xlsx", n=3)
    assert not list(tmp_path.iterdir())


def test_write_empty(tmp_path):
    path = sd.write_sample(tmp_path / "empty.csv", n=0)
    assert path.read_text(encoding="utf-8").strip() == ",".join(sd.COLUMNS)

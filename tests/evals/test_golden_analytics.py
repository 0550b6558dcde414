"""The analytic golden sets and the never-seen ServiceNow-style export: the committed files are
what the generators make, the export parses under its mapping with only its deliberately broken
rows quarantined, and the truth functions give the right answers on tiny hand-made rows."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from evals import golden_analytics as ga
from evals.exports import servicenow as sn
from evals.golden_analytics import Cond, DateCond, Profile, Rec, Spec, StatusWords, fair_truth, truth, with_cond
from evals.harness import load_questions
from indexing.mapping import Mapping
from indexing.records import Quarantined, RequestRow
from indexing.source import FileSource

ROOT = Path(__file__).resolve().parents[2]
EVALS = ROOT / "evals"
NOW = datetime(2026, 8, 12, 15, 0)  # a Wednesday


def _profile(rows: list[Rec]) -> Profile:
    return Profile("tiny", NOW, frozenset({"Resolved", "Closed"}), (("requests", "request"),), {}, {}, StatusWords(), (),
                   {}, {}, (), (), (), str, lambda _rid: None, rows=rows)


def _rec(rid: str, status: str, created: datetime, *, resolved: datetime | None = None, updated: datetime | None = None,
         **values: str | None) -> Rec:
    return Rec(rid, f"title {rid}", {"status": status, **values}, created, updated, resolved)


def _rows() -> list[Rec]:
    d = datetime(2026, 8, 3, 9, 0)  # Monday of the week before NOW's
    return [
        _rec("R-1", "Closed", d, resolved=d + timedelta(hours=1), priority="1 - Critical", location="Location 14"),
        _rec("R-2", "Resolved", d + timedelta(days=1), resolved=d + timedelta(days=1, hours=3), priority="1 - Critical",
             location="Location 143"),
        _rec("R-3", "Active", d + timedelta(days=1), priority="1 - Critical", location="Location 143"),
        _rec("R-4", "Active", d - timedelta(days=20), priority="2 - High", location=None, updated=d + timedelta(days=8)),
        _rec("R-5", "New", d + timedelta(days=8), priority="1 - Critical", location="Location 143"),
        _rec("R-6", "Closed", datetime(2026, 5, 4, 12, 0), resolved=datetime(2026, 5, 5, 0, 0), priority="2 - High",
             location="Location 14"),
    ]


OPEN = Cond("status", ("Closed", "Resolved"), negate=True, open=True)
CRITICAL = Cond("priority", ("1 - Critical",))


# ------------------------------------------------------------------------------ truth functions
def test_count_open_and_negation() -> None:
    p = _profile(_rows())
    assert truth(Spec("count", (OPEN,)), p.rows, p) == {"expected_number": 3}
    assert truth(Spec("count", (OPEN, CRITICAL)), p.rows, p) == {"expected_number": 2}
    literal = Cond("status", ("Resolved", "Closed"), negate=True)  # "not resolved or closed yet"
    assert truth(Spec("count", (literal,)), p.rows, p)["expected_number"] == 3
    other = Cond("location", ("Location 143",), negate=True)
    # R-4 has no location: the two readings of "other than Location 143" differ, so the question isn't asked
    assert truth(Spec("count", (other,)), p.rows, p)["expected_number"] == 3
    assert truth(Spec("count", (other,)), p.rows, p, missing_is_other=False)["expected_number"] == 2
    assert fair_truth(Spec("count", (other,)), p.rows, p) is None
    assert fair_truth(Spec("count", (other, CRITICAL)), p.rows, p) == {"expected_number": 1}


def test_lists_order_ties_and_totals() -> None:
    p = _profile(_rows())
    oldest = truth(Spec("list", (CRITICAL,), order="oldest", n=1), p.rows, p)
    assert oldest == {"expected_request_ids": ["R-1"], "expected_number": 4}
    # were opened at the same second: a cut between them is not a fair question
    assert truth(Spec("list", (CRITICAL,), order="oldest", n=2), p.rows, p) is None
    assert truth(Spec("list", (CRITICAL,), order="oldest", n=3), p.rows, p)["expected_request_ids"] == ["R-1", "R-2", "R-3"]
    assert truth(Spec("list", (), order="open_longest", n=1), p.rows, p)["expected_request_ids"] == ["R-4"]
    assert truth(Spec("list", (), order="newest", n=1), p.rows, p)["expected_request_ids"] == ["R-5"]
    # the updated date falls back to the created date
    assert truth(Spec("list", (), order="updated", n=2), p.rows, p)["expected_request_ids"] == ["R-4", "R-5"]
    resolved = truth(Spec("list", (), order="resolved", n=2), p.rows, p)
    assert resolved == {"expected_request_ids": ["R-2", "R-1"], "expected_number": 3}
    assert truth(Spec("list", (OPEN, CRITICAL), order="oldest", n=5), p.rows, p) is None  # fewer than asked


def test_top_groups_ties_and_missing_values() -> None:
    p = _profile(_rows())
    assert truth(Spec("top", (), group="location", k=1), p.rows, p) == {"expected_groups": [["Location 143", 3]]}
    # a breakdown lists every group (the request without a location is left out)
    assert truth(Spec("top", (), group="location"), p.rows, p) == {"expected_groups": [["Location 143", 3], ["Location 14", 2]]}
    # ties with the last listed group are included, in value order
    assert truth(Spec("top", (OPEN,), group="priority", k=1), p.rows, p) == {
        "expected_groups": [["1 - Critical", 2]]}
    tied = [_rec(f"T-{i}", "New", NOW - timedelta(days=1), priority=v) for i, v in enumerate("BAABC")]
    assert truth(Spec("top", (), group="priority", k=1), tied, _profile(tied)) == {"expected_groups": [["A", 2], ["B", 2]]}


def test_percentiles_are_linear_interpolations() -> None:
    xs = [1.0, 2.0, 3.0, 4.0, 10.0]
    assert ga.stat_of(xs, "mean") == 4.0
    assert ga.stat_of(xs, "median") == 3.0
    assert ga.stat_of(xs, "p90") == pytest.approx(7.6)  # numpy.percentile(xs, 90)
    assert ga.percentile([5.0], 90) == 5.0
    assert ga.percentile([1.0, 2.0], 50) == 1.5


def test_durations_resolution_and_age() -> None:
    p = _profile(_rows())
    # two critical requests were resolved (in 1 h and 3 h): too few for a fair average
    assert truth(Spec("duration", (CRITICAL,), stat="mean"), p.rows, p) is None
    age = truth(Spec("duration", (), stat="median", measure="age"), p.rows, p)
    ages = sorted((NOW - r.created).total_seconds() / 3600 for r in p.rows if r.get("status") in ("Active", "New"))
    assert age == {"expected_hours": round(ages[1], 4), "expected_stat": "median"}
    many = [_rec(f"M-{i}", "Closed", NOW - timedelta(days=30), resolved=NOW - timedelta(days=30) + timedelta(hours=h))
            for i, h in enumerate(range(1, 11))]
    assert truth(Spec("duration", (), stat="mean"), many, _profile(many)) == {"expected_hours": 5.5, "expected_stat": "mean"}
    assert truth(Spec("duration", (), stat="median"), many, _profile(many))["expected_hours"] == 5.5
    assert truth(Spec("duration", (), stat="p90"), many, _profile(many)) == {"expected_hours": 9.1, "expected_stat": "p90"}
    assert truth(Spec("duration", (), stat="p90"), many[:9], _profile(many[:9])) is None  # too few for a p90


def test_trends_label_every_period() -> None:
    p = _profile(_rows())
    weekly = truth(Spec("trend", (), unit="week", periods=3), p.rows, p)
    assert weekly == {"expected_series": [["2026-07-27", 0], ["2026-08-03", 3], ["2026-08-10", 1]]}
    default = truth(Spec("trend", (), unit="week"), p.rows, p)["expected_series"]
    assert len(default) == 8 and default[-1] == ["2026-08-10", 1]
    monthly = truth(Spec("trend", (), unit="month", start=datetime(2026, 1, 1)), p.rows, p)["expected_series"]
    assert [m[0] for m in monthly] == [f"2026-{m:02d}" for m in range(1, 9)] and dict(monthly)["2026-05"] == 1
    resolved = truth(Spec("trend", (), unit="day", periods=10, date_field="resolved"), p.rows, p)
    assert resolved is None  # only two resolutions in range: too few for a trend
    assert ga.trend_periods(Spec("trend", (), unit="month", start=datetime(2025, 1, 1), end=datetime(2026, 1, 1)), NOW)[-1] \
        == datetime(2025, 12, 1)


def test_share() -> None:
    p = _profile(_rows())
    assert truth(Spec("share", (), part=(CRITICAL,)), p.rows, p) == {"expected_percent": round(100 * 4 / 6, 4)}
    assert truth(Spec("share", (OPEN,), part=(CRITICAL,)), p.rows, p) is None  # base under 5 requests


def test_follow_ups_replace_restated_fields() -> None:
    hr, it = Cond("category", ("HR",)), Cond("category", ("IT",))
    last_week = DateCond("created", datetime(2026, 8, 3), datetime(2026, 8, 10))
    august = DateCond("created", datetime(2026, 8, 1), None)
    assert with_cond((OPEN, hr), it) == (OPEN, it)
    assert with_cond((OPEN, last_week), august) == (OPEN, august)
    assert with_cond((OPEN,), hr) == (OPEN, hr)


def test_date_ranges_relative_to_now() -> None:
    opts = {w: (s, e) for s, e, words, _k in ga.date_options(NOW) for w in words}
    assert opts["last week"] == (datetime(2026, 8, 3), datetime(2026, 8, 10))
    assert opts["since Monday"] == (datetime(2026, 8, 10), None)
    assert opts["last month"] == (datetime(2026, 7, 1), datetime(2026, 8, 1))
    assert opts["in June"] == (datetime(2026, 6, 1), datetime(2026, 7, 1))
    assert opts["between 1 and 15 July"] == (datetime(2026, 7, 1), datetime(2026, 7, 16))
    assert opts["last quarter"] == (datetime(2026, 4, 1), datetime(2026, 7, 1))
    assert "since Monday" not in {w for *_r, words, _k in ga.date_options(datetime(2026, 8, 10, 9)) for w in words}


def test_every_intent_has_at_least_ten_phrasings() -> None:
    assert len(ga.COUNT_TEMPLATES) + len(ga.COUNT_PRED_TEMPLATES) >= 10
    assert sum(len(a) + len(b) for a, b in ga.LIST_TEMPLATES.values()) >= 10
    assert len(ga.TOP1_TEMPLATES) + len(ga.TOPK_TEMPLATES) + len(ga.BREAKDOWN_TEMPLATES) >= 10
    assert sum(len(t) for t in ga.DURATION_TEMPLATES.values()) >= 10
    assert sum(len(t) for t in ga.TREND_TEMPLATES.values()) + len(ga.TREND_RANGE_TEMPLATES) >= 10
    assert len(ga.SHARE_TEMPLATES) >= 10
    assert len(ga.SAMPLE_CANT) >= 30 and len(ga.SERVICENOW_CANT) >= 30


# ---------------------------------------------------------------------------- committed files
def test_committed_files_are_what_the_generators_make(tmp_path: Path) -> None:
    for name, rows, rel in ga.COMMITTED:
        out = tmp_path / Path(rel).name
        ga.main(["--profile", name, "--rows", str(rows), "--out", str(out)])
        assert out.read_text() == (EVALS / rel).read_text(), f"regenerate {rel}: python -m evals.golden_analytics --all"
    export = sn.write_export(tmp_path / "sn.csv.gz", 3000)
    assert gzip.decompress(export.read_bytes()) == gzip.decompress((EVALS / ga.SERVICENOW_EXPORT).read_bytes()), \
        "regenerate the export: python -m evals.golden_analytics --all"


@pytest.mark.parametrize(("rel", "minimum", "cant", "followups"), [
    ("golden/analytics-sample-5000.jsonl", 400, 30, 30),
    ("golden/servicenow-3000.jsonl", 250, 20, 20),
])
def test_committed_sets_cover_every_kind(rel: str, minimum: int, cant: int, followups: int) -> None:
    questions = load_questions(EVALS / rel)
    kinds = Counter(q["kind"] for q in questions)
    assert len(questions) >= minimum
    assert set(kinds) == {"count", "list", "top", "duration", "trend", "share", "cant", "lookup", "unknown", "search", "pii"}
    assert kinds["cant"] >= cant and min(kinds.values()) >= 5
    assert sum(1 for q in questions if q.get("history")) >= followups
    fields = {"count": {"expected_number"}, "list": {"expected_request_ids", "expected_number"}, "top": {"expected_groups"},
              "duration": {"expected_hours", "expected_stat"}, "trend": {"expected_series"}, "share": {"expected_percent"}}
    for q in questions:
        assert fields.get(q["kind"], set()) <= set(q), q
        if q["kind"] == "cant":
            assert not any(k.startswith("expected") for k in q), q
        if q["kind"] == "duration":
            assert q["expected_stat"] in ("mean", "median", "p90")
        if q["kind"] == "top":
            counts = [c for _v, c in q["expected_groups"]]
            assert counts == sorted(counts, reverse=True)
        if q["kind"] == "share":
            assert 0 < q["expected_percent"] < 100
    # the ServiceNow set speaks the export's language
    if "servicenow" in rel:
        ids = [i for q in questions for i in q.get("expected_request_ids", [])]
        assert ids and all(i.startswith("INC00") for i in ids)
        assert any("INC00" in q["question"] for q in questions if q["kind"] == "unknown")


def test_questions_are_deterministic_and_shaped_like_people_type() -> None:
    profile = ga.servicenow_profile(600)
    a = ga.build_questions(profile, targets={"count": 15, "followups": 6})
    b = ga.build_questions(ga.servicenow_profile(600), targets={"count": 15, "followups": 6})
    assert a == b
    texts = [q["question"] for q in a]
    assert any(t == t.lower() for t in texts) and any(t[:1].isupper() for t in texts)
    threads = [(*q.get("history", ()), q["question"]) for q in a]
    assert len(set(threads)) == len(threads)


# ---------------------------------------------------------------------------- the export
def test_export_parses_under_its_mapping_with_only_the_broken_rows_quarantined(tmp_path: Path) -> None:
    path = EVALS / ga.SERVICENOW_EXPORT
    mapping = Mapping.load(EVALS / "exports" / "servicenow_mapping.toml")
    source = FileSource(path)
    parser = mapping.parser(mapping.resolve_columns(source.columns()), secret="test", max_text_chars=20_000)
    parsed = [parser.parse(rec.values, rec.position) for page in source.pages(500) for rec in page]
    incidents = sn.generate_incidents(3000)
    assert len(parsed) == len(incidents) == 3000
    quarantined = [p for p in parsed if isinstance(p, Quarantined)]
    broken = [x for x in incidents if x.kind == "broken"]
    assert len(quarantined) == len(broken) >= 4
    assert {q.reason.split(" (")[0] for q in quarantined} == {"missing request id", "unparsable date in column 'opened_at'"}

    # latest update wins among duplicates; what the mapping reads is exactly the generator's truth
    latest: dict[str, RequestRow] = {}
    for row in parsed:
        if isinstance(row, RequestRow) and (row.request_id not in latest or row.updated_at >= latest[row.request_id].updated_at):
            latest[row.request_id] = row
    ok = {x.number: x for x in incidents if x.kind == "ok"}
    assert set(latest) == set(ok)
    for rid, row in latest.items():
        x = ok[rid]
        assert (row.status, row.category, row.priority, row.title) == (x.state, x.category, x.priority, x.short_description)
        assert row.extra == x.meta, rid
        assert (row.created_at, row.updated_at, row.resolved_at) == (x.opened_at, x.updated_at or x.opened_at, x.resolved_at)
        assert row.pseudonymise["caller"] == x.cells["caller_id"]
    # the profile's rows are those incidents
    assert {r.request_id for r in ga.servicenow_profile(3000).rows} == set(ok)


def test_export_looks_like_servicenow() -> None:
    incidents = [x for x in sn.generate_incidents(3000) if x.kind == "ok"]
    assert set(incidents[0].cells) == set(sn.COLUMNS)
    assert {x.state for x in incidents} == set(sn.STATES)
    assert {x.priority for x in incidents} == set(sn.PRIORITIES)
    assert incidents[0].number == "INC0010001" and all(x.number.startswith("INC00") for x in incidents)
    assert datetime.strptime(incidents[0].cells["opened_at"], sn.DATE_FORMAT)  # day first: 07/01/2025 …
    assert all(x.opened_at <= sn.NOW for x in incidents)
    # durations are priority-dependent: hours for P1, days for P4
    hours = {p: sorted((x.resolved_at - x.opened_at).total_seconds() / 3600 for x in incidents
                       if x.priority == p and x.resolved_at) for p in sn.PRIORITIES}
    median = {p: v[len(v) // 2] for p, v in hours.items()}
    assert median["1 - Critical"] < 12 < median["3 - Moderate"] < median["4 - Low"] < median["5 - Planning"]
    assert any(x.state in sn.FINISHED_STATES and x.cells["close_notes"] for x in incidents)
    assert any("?" in (x.cells["subcategory"], x.cells["contact_type"]) for x in incidents)
    assert sum(1 for x in incidents if x.state not in sn.FINISHED_STATES) > 100
    planted = [v for x in incidents for t, v in x.pii if t in ("PHONE_NUMBER", "EMAIL_ADDRESS")]
    assert planted and all(v in x.cells["description"] for x in incidents for t, v in x.pii if t != "PERSON")
    # no column or value of the bundled sample's export
    from askdesk.sample import COLUMNS as SAMPLE_COLUMNS
    assert not set(SAMPLE_COLUMNS) & set(sn.COLUMNS)
    json.dumps([x.cells for x in incidents[:5]])

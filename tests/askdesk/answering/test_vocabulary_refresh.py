"""The vocabulary follows the data: a running engine sees values an index run adds, and the
mapping can say which statuses mean open / finished."""

from __future__ import annotations

from askdesk.answering.build import build_engine
from askdesk.sample import REFERENCE_TIME, write_sample
from evals.scoring import stated_number
from tests.support.indexing import read_rows, run_index, write_rows
from tests.support.settings import SAMPLE_MAPPING, make_settings


def test_a_running_engine_sees_values_an_index_run_adds(db, tmp_path, embedder, sanitiser) -> None:
    settings = make_settings(tmp_path, answering={"now": REFERENCE_TIME, "vocabulary_refresh_s": 0.001})
    path = write_sample(tmp_path / "s.csv", n=30)
    rows = read_rows(path)
    run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    engine = build_engine(settings, db, embed_model=embedder, sanitiser=sanitiser)
    before = engine.answer("how many requests are awaiting vendor?")
    assert before.plan.intent != "count" or "Awaiting Vendor" not in before.plan.filters.values("status")

    new = dict(rows[0], RequestID="REQ-190001", Status="Awaiting Vendor", Location="Reykjavik Lab")
    write_rows(path, [*rows, new])
    run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    assert engine.refresh_if_stale(block=True)
    after = engine.answer("how many requests are awaiting vendor?")
    assert after.plan.filters.values("status") == ("Awaiting Vendor",) and stated_number(after.text) == 1
    at = engine.answer("how many requests at Reykjavik Lab?")
    assert at.plan.filters.values("location") == ("Reykjavik Lab",) and stated_number(at.text) == 1
    assert not engine.refresh_if_stale(block=True)  # nothing new since


def test_the_mapping_can_declare_open_and_finished_statuses(db, tmp_path, embedder, sanitiser) -> None:
    settings = make_settings(tmp_path, answering={"now": REFERENCE_TIME})
    path = write_sample(tmp_path / "s.csv", n=40)
    rows = read_rows(path)
    # "Parked" has no resolved date and its name says nothing: learnt as open unless declared
    rows[0].update(Status="Parked", ResolvedAt="")
    rows[1].update(Status="Parked", ResolvedAt="")
    write_rows(path, rows)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(SAMPLE_MAPPING.read_text() + '\n[statuses]\nfinished = ["Parked", "Resolved", "Closed", "Cancelled"]\n')
    run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser, mapping=SAMPLE_MAPPING)
    engine = build_engine(settings, db, embed_model=embedder, sanitiser=sanitiser)
    assert "Parked" in engine.answer("how many open requests?").plan.filters.values("status")
    run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser, mapping=mapping)
    engine.refresh_vocabulary()
    plan = engine.answer("how many open requests?").plan
    assert "Parked" not in plan.filters.values("status") and plan.filters.values("status")

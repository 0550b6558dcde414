"""Re-scrubbing after a sanitiser change: index with an older sanitiser, upgrade, and the values the
new one finds are gone from every table (requests, docstore, vectors, answers, feedback, Slack
inbox, quarantine); only what changed is re-embedded, an interrupted re-scrub resumes without
duplicates, and a second run has nothing left to do."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from llama_index.core.ingestion import IngestionPipeline
from typer.testing import CliRunner

from askdesk import schema
from askdesk.cli import app
from askdesk.sample import write_sample
from askdesk.sanitise import DEFAULT_ENTITIES, Sanitiser, SanitiserConfig
from indexing.rescrub import StaleRows, count_stale
from tests.support.indexing import (
    all_text,
    count_embeddings,
    read_rows,
    run_index,
    scalar,
    vector_counts,
    write_rows,
)
from tests.support.settings import make_settings

#: the entity set askdesk shipped before secrets, network identifiers and more PII were added
LEGACY_ENTITIES = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD", "US_SSN", "UK_NHS", "EMPLOYEE_ID")
#: an "old" sanitiser that differs from the current default in one thing: it keeps IBANs
NO_IBAN_ENTITIES = tuple(e for e in DEFAULT_ENTITIES if e != "IBAN_CODE")
IBAN = "DE89370400440532013000"
N = 40
PAGE = 16

#: secrets and network identifiers the new default sanitiser removes and the legacy one kept
PASSWORD = "Tr0ub4dor&3x"
PSK = "Wx7pQ9zL2mKc"
CONN_PASSWORD = "S3cr3t!Pa55"
GITHUB_TOKEN = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A"
AWS_KEY_ID = "AKIA" + "QX7JZ4RT2WYB9KME"
IP = "10.20.30.40"
PLANTED = (PASSWORD, PSK, CONN_PASSWORD, GITHUB_TOKEN, AWS_KEY_ID, IP)

#: every table that holds text and must come out clean
TEXT_TABLES = {"requests", "data_docstore", "data_request_chunks", "answers", "feedback", "slack_inbox", "quarantine"}


@pytest.fixture(scope="module")
def old_sanitisers() -> dict[tuple[str, ...], Sanitiser]:
    """Older sanitisers by entity set, loaded once per module."""
    return {}


def old_sanitiser(cache: dict[tuple[str, ...], Sanitiser], entities: tuple[str, ...]) -> Sanitiser:
    if entities not in cache:
        cache[entities] = Sanitiser(SanitiserConfig(secret="test-secret", entities=entities))
    return cache[entities]


def plant_conversation(db, prose: str, token: str) -> None:
    """An answer with its trace, a 👎 with reason and correction, a Slack question and a quarantine
    row, written by code that recorded no sanitiser version (as before this change)."""
    with db.engine.begin() as conn:
        conn.execute(sa.insert(schema.answers).values(
            answer_id="a-1", surface="slack", question=f"why is this still open? {prose}",
            answer=f"REQ-100002 mentions it: {prose}", route="search", refused=False,
            filters={"category": "Network", "text": prose}, sources=["REQ-100002", token],
            trace={"question": prose, "prompt": f"Request REQ-100002:\n{prose}", "retrieved": [token],
                   "timings_ms": {"plan": 1.5}, "now": "2026-03-02T10:14:00"},
        ))
        conn.execute(sa.insert(schema.feedback).values(
            answer_id="a-1", user_hash="u_1", vote=-1, reason=f"it left this in: {prose}",
            correction=f"Say it without {token} please.", via="terminal",
        ))
        conn.execute(sa.insert(schema.slack_inbox).values(
            event_key="C1:1.1", kind="mention", status="done", channel="C1", user_hash="u_1", question=f"what about {prose}",
        ))
        conn.execute(sa.insert(schema.quarantine).values(source="old", position="line 9", reason=f"bad row {token}", run_id=1))


def tables(db) -> set[str]:
    with db.engine.connect() as conn:
        return set(conn.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())


def in_index(db, value: str) -> tuple[int, int]:
    """(docstore rows, vector rows) holding ``value`` in their text or metadata."""
    like = f"%{value}%"
    return (
        int(scalar(db, "SELECT count(*) FROM data_docstore WHERE value::text LIKE :p", p=like)),
        int(scalar(db, "SELECT count(*) FROM data_request_chunks WHERE text LIKE :p OR metadata_::text LIKE :p", p=like)),
    )


def migrate(db, settings, revision: str) -> None:
    """Up or down to ``revision`` (askdesk only ever upgrades; a test may go back)."""
    from alembic import command

    from askdesk.migrations import alembic_config

    cfg = alembic_config(db, settings)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.upgrade if revision == "head" else command.downgrade)(cfg, revision)


def snapshot(db) -> dict[str, tuple]:
    """Per request: (title, texts, extra, body, indexed_at)."""
    with db.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT request_id, title, texts, extra, body, indexed_at FROM requests"))
        return {r.request_id: (r.title, r.texts, r.extra, r.body, r.indexed_at) for r in rows}


def versions(db) -> set[str | None]:
    with db.engine.connect() as conn:
        return set(conn.execute(sa.text("SELECT DISTINCT sanitiser_version FROM requests")).scalars())


def assert_one_vector_set_per_request(db) -> None:
    """Every request embedded, no chunk twice, chunks numbered 0..k-1 per request (no leftovers)."""
    counts = vector_counts(db)
    assert len(counts) == N
    assert sum(counts.values()) == int(scalar(db, "SELECT count(DISTINCT node_id) FROM data_request_chunks"))
    with db.engine.connect() as conn:
        nodes = conn.execute(sa.text("SELECT node_id FROM data_request_chunks")).scalars().all()
    for rid, k in counts.items():
        assert {f"{rid}#{i}" for i in range(k)} == {n for n in nodes if n.startswith(f"{rid}#")}
    assert int(scalar(db, "SELECT count(*) FROM requests WHERE indexed_hash = source_hash")) == N


def iban_sample(tmp_path: Path) -> Path:
    rows = read_rows(write_sample(tmp_path / "s.csv", n=N, seed=5))
    rows[1]["Description"] += f" Please refund the deposit to IBAN {IBAN} by Friday."
    rows[20]["Comments"] += f"\n[2026-03-02 10:14] Agent: the refund to {IBAN} bounced."
    rows[36]["Location"] = IBAN  # metadata (scrubbed by patterns only)
    return write_rows(tmp_path / "iban.csv", rows)


# ---------------------------------------------------------------------------------------------
def test_rescrub_command_removes_what_the_new_version_finds_from_every_table(db, tmp_path, embedder, sanitiser, old_sanitisers, monkeypatch) -> None:
    path = iban_sample(tmp_path)
    old = old_sanitiser(old_sanitisers, NO_IBAN_ENTITIES)
    assert old.version != sanitiser.version
    settings = make_settings(tmp_path, index={"page_size": PAGE})
    run_index(db, settings, path, embedder=embedder, sanitiser=old)
    plant_conversation(db, f"refund to IBAN {IBAN} failed", IBAN)

    # the old sanitiser kept the IBAN: it is in the requests, the docstore, the vectors and the other tables
    assert TEXT_TABLES <= tables(db)
    assert versions(db) == {old.version}
    assert all(n > 0 for n in in_index(db, IBAN))
    with db.engine.connect() as conn:
        stale = count_stale(conn, sanitiser.version)
    assert (stale.requests, stale.answers, stale.feedback, stale.slack_inbox, stale.quarantine) == (N, 1, 1, 1, 1)
    vectors_before = vector_counts(db)
    before = snapshot(db)

    for key, value in {
        "DATABASE_URL": db.url.render_as_string(hide_password=False),
        "ASKDESK_DATA_DIR": str(tmp_path / "data"),
        "ASKDESK_SANITISER__SECRET": "test-secret",
        "ASKDESK_INDEX__PAGE_SIZE": str(PAGE),
        "ASKDESK_EMBEDDING__BACKEND": "onnx",  # the fixture's vectors (fp32): nothing re-embedded for another embedder
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)  # no stray .env
    runner = CliRunner()
    status = runner.invoke(app, ["status"])
    assert status.exit_code == 0, status.output
    assert f"{N} requests (and 4 answers" in " ".join(status.output.split())

    with count_embeddings() as counter:
        res = runner.invoke(app, ["index", "--rescrub"])
    assert res.exit_code == 0, res.output
    assert "Re-scrubbed stored rows" in res.output

    # gone from every table, the docstore and vectors included
    assert IBAN not in all_text(db)
    assert in_index(db, IBAN) == (0, 0)
    assert versions(db) == {sanitiser.version}
    with db.engine.connect() as conn:
        run = conn.execute(sa.text("SELECT source, status, stats FROM index_runs ORDER BY id DESC LIMIT 1")).one()
        assert count_stale(conn, sanitiser.version).requests == 0
    assert (run.source, run.status) == ("rescrub", "succeeded")
    rescrub = run.stats["rescrub"]
    assert (rescrub["requests"], rescrub["answers"], rescrub["feedback"], rescrub["slack_inbox"], rescrub["quarantine"]) == (N, 1, 1, 1, 1)
    assert rescrub["replaced"]["IBAN_CODE"] >= 2  # two descriptions (+ the conversation's prose)
    # only requests whose text changed were re-embedded, each once, with the scrubbed text
    after = snapshot(db)
    changed = {rid for rid in after if after[rid][:4] != before[rid][:4]}
    reembedded = {rid for rid in after if after[rid][4] != before[rid][4]}
    assert {"REQ-100001", "REQ-100020", "REQ-100036"} <= changed
    assert reembedded == changed and rescrub["reembed"] == len(changed) == run.stats["embedded"]
    assert len(counter.texts) == run.stats["chunks"]
    assert any("<IBAN>" in t for t in counter.texts)
    assert_one_vector_set_per_request(db)
    assert vector_counts(db).keys() == vectors_before.keys()
    with db.engine.connect() as conn:
        answer = conn.execute(sa.select(schema.answers)).one()
        location = conn.execute(sa.text("SELECT extra->>'location' FROM requests WHERE request_id = 'REQ-100036'")).scalar_one()
    assert answer.sources == ["REQ-100002", "<IBAN>"] and answer.trace["timings_ms"] == {"plan": 1.5}
    assert answer.trace["now"] == "2026-03-02T10:14:00" and answer.filters["category"] == "Network"
    assert location == "<IBAN>"

    status = runner.invoke(app, ["status"])
    assert "Every stored row is scrubbed by the current sanitiser version" in " ".join(status.output.split())

    # a second run has nothing to re-scrub and embeds nothing
    with count_embeddings() as counter:
        again = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    assert again.rescrub is not None and again.rescrub.rows == 0
    assert again.embedded == 0 and counter.texts == [] and again.unchanged == N


def test_index_command_needs_a_source_or_rescrub() -> None:
    runner = CliRunner()
    neither = runner.invoke(app, ["index"])
    assert neither.exit_code == 2 and "--rescrub" in neither.output and "Traceback" not in neither.output
    half = runner.invoke(app, ["index", "--source", "export.csv"])
    assert half.exit_code == 2 and "--mapping is missing" in " ".join(half.output.split())


def test_upgrading_from_the_legacy_sanitiser_removes_secrets_and_network_identifiers(db, tmp_path, embedder, sanitiser, old_sanitisers) -> None:
    """The issue's scenario: a deployment indexed by the legacy sanitiser (no secret, password,
    token or IP recognisers) is cleaned by the next index run after the upgrade."""
    rows = read_rows(write_sample(tmp_path / "s.csv", n=N, seed=6))
    rows[3]["Description"] += f" The temporary password is {PASSWORD}, please change it at first login."
    rows[7]["Comments"] += f"\n[2026-03-02 10:14] Agent: the guest Wi-Fi profile has psk={PSK} set."
    rows[11]["Description"] += f" The app connects with Server=db01;User Id=app;Password={CONN_PASSWORD}; since Monday."
    rows[15]["Description"] += f" I pasted my token {GITHUB_TOKEN} into the build log by mistake."
    rows[20]["Comments"] += f"\n[2026-03-03 09:00] Agent: the access key {AWS_KEY_ID} was committed to the repo; rotated."
    rows[25]["Description"] += f" The printer answers on {IP} but not by name."
    rows[30]["Title"] += f" from {IP}"
    rows[33]["Location"] = IP
    path = write_rows(tmp_path / "legacy.csv", rows)
    legacy = old_sanitiser(old_sanitisers, LEGACY_ENTITIES)
    settings = make_settings(tmp_path, index={"page_size": PAGE})
    run_index(db, settings, path, embedder=embedder, sanitiser=legacy)
    # a deployment from before sanitiser versions: the schema as it was, then the upgrade's migration
    migrate(db, settings, "0005")
    migrate(db, settings, "head")
    assert versions(db) == {None}
    prose = f"the password is {PASSWORD}, key {GITHUB_TOKEN} on {IP}; Server=db01;User Id=app;Password={CONN_PASSWORD};"
    plant_conversation(db, prose, AWS_KEY_ID)
    stored = all_text(db)
    assert [v for v in PLANTED if v not in stored] == []  # the legacy sanitiser kept them all

    report = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)

    stored = all_text(db)
    leaks = [v for v in PLANTED if v in stored]
    assert leaks == [], f"planted values still stored after the upgrade: {leaks}"
    assert all(in_index(db, v) == (0, 0) for v in PLANTED)
    assert report.rescrub is not None and report.rescrub.requests == N
    assert (report.rescrub.answers, report.rescrub.feedback, report.rescrub.slack_inbox, report.rescrub.quarantine) == (1, 1, 1, 1)
    assert report.embedded == report.rescrub.reembed >= 8
    assert versions(db) == {sanitiser.version}
    assert_one_vector_set_per_request(db)


def test_an_interrupted_rescrub_resumes_without_duplicates(db, tmp_path, embedder, sanitiser, old_sanitisers, monkeypatch) -> None:
    path = iban_sample(tmp_path)  # an IBAN in each of the three pages (rows 1, 20, 36)
    settings = make_settings(tmp_path, index={"page_size": PAGE})
    run_index(db, settings, path, embedder=embedder, sanitiser=old_sanitiser(old_sanitisers, NO_IBAN_ENTITIES))
    plant_conversation(db, f"refund to IBAN {IBAN} failed", IBAN)

    # 1. the sanitiser fails on the second page: the first is committed and embedded, the second rolled back
    scrub_many = sanitiser.scrub_many
    calls = {"n": 0}

    def fail_on_second_page(texts, known=None):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("simulated failure on page 2")
        return scrub_many(texts, known)

    monkeypatch.setattr(sanitiser, "scrub_many", fail_on_second_page)
    with pytest.raises(RuntimeError, match="page 2"):
        run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    monkeypatch.undo()
    assert int(scalar(db, "SELECT count(*) FROM requests WHERE sanitiser_version = :v", v=sanitiser.version)) == PAGE
    assert int(scalar(db, "SELECT count(*) FROM requests WHERE indexed_hash = source_hash")) == N
    assert in_index(db, IBAN) != (0, 0)  # pages 2 and 3 still hold theirs

    # 2. the embedder's docstore write fails after page 2 is committed and its vectors written
    update_docstore = IngestionPipeline._update_docstore

    def crash_after_vectors(self, *args, **kwargs):
        raise RuntimeError("simulated crash after the vector write")

    monkeypatch.setattr(IngestionPipeline, "_update_docstore", crash_after_vectors)
    with pytest.raises(RuntimeError, match="simulated crash"):
        run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    monkeypatch.setattr(IngestionPipeline, "_update_docstore", update_docstore)
    assert int(scalar(db, "SELECT count(*) FROM requests WHERE sanitiser_version = :v", v=sanitiser.version)) == 2 * PAGE
    assert int(scalar(db, "SELECT count(*) FROM requests WHERE indexed_hash IS NULL")) >= 1  # page 2 left pending

    # 3. the next run finishes: page 3 re-scrubbed, page 2 embedded, nothing twice
    report = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    assert report.rescrub is not None and report.rescrub.requests == N - 2 * PAGE
    assert report.resumed >= 1
    assert versions(db) == {sanitiser.version}
    assert IBAN not in all_text(db)
    assert_one_vector_set_per_request(db)
    with db.engine.connect() as conn:
        statuses = conn.execute(sa.text("SELECT status FROM index_runs ORDER BY id")).scalars().all()
        assert count_stale(conn, sanitiser.version) == StaleRows(0, 0, 0, 0, 0)
    assert statuses == ["succeeded", "failed", "failed", "succeeded"]

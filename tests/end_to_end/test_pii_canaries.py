"""Planted PII and secrets must not reach any table (requests, docstore, vectors, quarantine, runs,
answers, votes, the Slack inbox), any log, any LLM prompt or answer, any Slack call or any
training file."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from askdesk.db import Database
from askdesk.sample import generate_requests, write_sample
from askdesk.settings import Settings
from evals.pii_corpus import (
    INTERNAL_DOMAIN,
    CanaryRequest,
    Haystack,
    Leak,
    Planted,
    canary_requests,
    clean_requests,
    kinds_checked,
    write_export,
)
from tests.support.indexing import all_text, read_rows, run_index, write_rows
from tests.support.settings import make_settings
from tests.support.slack import wait_for

# Canaries: fictitious but realistic values, unique enough that any hit is a leak.
CANARY_NAME = "Zebulon Quixwort"
CANARY_EMAIL = "zebulon.quixwort@northwind-corp.com"
CANARY_PHONE = "+44 20 7946 0321"
CANARY_IBAN = "DE89370400440532013000"
CANARY_EMPLOYEE = "E-90417"


def test_planted_pii_is_absent_from_every_table_and_log(db, tmp_path: Path, embedder, sanitiser, caplog, capsys) -> None:
    n = 150
    rows = read_rows(write_sample(tmp_path / "s.csv", n=n, seed=23))
    # the canary person is a requester in one request (PII columns) ...
    rows[10].update(
        RequesterName=CANARY_NAME, RequesterEmail=CANARY_EMAIL, RequesterPhone=CANARY_PHONE, EmployeeNumber=CANARY_EMPLOYEE
    )
    rows[10]["Description"] += f" Thanks, {CANARY_NAME.split()[0]}. My employee id is {CANARY_EMPLOYEE}."
    # ... and is mentioned in other people's requests' free text (even on an earlier page)
    rows[2]["Description"] += f" Please loop in {CANARY_NAME} from Payroll, reachable at {CANARY_EMAIL}."
    rows[130]["Comments"] += f"\n[2026-03-02 10:14] Agent: spoke to {CANARY_NAME}; call back on {CANARY_PHONE}."
    rows[40]["Description"] += f" The refund should go to IBAN {CANARY_IBAN}."
    # a malformed row carrying PII must not leak it through the quarantine reason either
    rows[60]["UpdatedAt"] = CANARY_NAME
    rows[60]["CreatedAt"] = CANARY_EMAIL
    path = write_rows(tmp_path / "canary.csv", rows)

    caplog.set_level(logging.DEBUG)
    report = run_index(db, make_settings(tmp_path, index={"page_size": 32}), path, embedder=embedder, sanitiser=sanitiser)
    assert report.quarantined == 1 and report.new == n - 1
    assert report.pii_found["PERSON"] > 0 and report.pii_found["EMAIL_ADDRESS"] > 0

    planted = {value for s in generate_requests(n, seed=23) for _, value in s.planted_pii}
    canaries = {CANARY_NAME, CANARY_EMAIL, CANARY_PHONE, CANARY_IBAN, CANARY_EMPLOYEE, "Zebulon", "Quixwort"}
    stored = all_text(db)
    assert stored  # the tables do hold the requests
    out = capsys.readouterr()
    logs = caplog.text + out.out + out.err
    leaks = sorted(v for v in planted | canaries if v in stored)
    assert leaks == [], f"PII reached the database: {leaks[:10]}"
    log_leaks = sorted(v for v in planted | canaries if v in logs)
    assert log_leaks == [], f"PII reached the logs: {log_leaks[:10]}"


# ---------------------------------------------------------------------------------------------
# the canary corpus (evals/pii_corpus.py) through the real pipeline, engine, Slack bot and training
# export: ~470 planted values of 33 kinds in 66 tickets (plus their people columns), indexed once
# for this module with the internal domain configured.  Every output is searched for every needle.

CANARY_SEED = 0
#: the engine's clock: after every canary ticket
NOW = datetime(2026, 10, 31, 18)
N_CLEAN = 12
SIGNING_SECRET = "canary-signing-secret"


@dataclass
class Captured:
    """What was logged (any logger, DEBUG and up, with tracebacks) and printed while it ran."""

    text: str = ""


@contextmanager
def capture_output() -> Iterator[Captured]:
    """Logs of every logger at DEBUG (also those that do not propagate) and stdout/stderr: caplog
    and capsys belong to one test, and the corpus is indexed once for the module."""
    records = io.StringIO()
    handler = logging.StreamHandler(records)
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    everyone = [root] + [lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)]
    loggers = [root] + [lg for lg in everyone[1:] if not lg.propagate]
    # every logger at DEBUG for the while: earlier tests (and the CLI) quiet some of them
    levels = {lg: lg.level for lg in everyone}
    disabled = logging.root.manager.disable
    logging.disable(logging.NOTSET)
    for lg in everyone:
        lg.setLevel(logging.DEBUG)
    for lg in loggers:
        lg.addHandler(handler)
    out, err = io.StringIO(), io.StringIO()
    captured = Captured()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            yield captured
    finally:
        for lg in loggers:
            lg.removeHandler(handler)
        for lg, lvl in levels.items():
            lg.setLevel(lvl)
        logging.disable(disabled)
        captured.text = f"{records.getvalue()}\n{out.getvalue()}\n{err.getvalue()}"


def strings(obj: Any) -> Iterator[str]:
    """Every string in a structure (dicts, lists, dataclasses, objects with ``as_dict``), unescaped."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for v in obj:
            yield from strings(v)
    elif hasattr(obj, "as_dict"):
        yield from strings(obj.as_dict())
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        yield from strings(dataclasses.asdict(obj))
    elif obj is not None:
        yield str(obj)


def leak_report(where: str, leaks: list[Leak]) -> str:
    by_kind: dict[str, list[str]] = {}
    for leak in leaks:
        by_kind.setdefault(leak.planted.kind, []).append(f"[{leak.planted.context}] {leak.needle!r}")
    return f"{len(leaks)} planted values reached {where}: " + "; ".join(
        f"{kind} ({len(v)}): {', '.join(v[:5])}" for kind, v in sorted(by_kind.items()))


def assert_no_leaks(where: str, text: str, planted: list[Planted]) -> None:
    leaks = Haystack(text).leaks(planted)
    assert leaks == [], leak_report(where, leaks)


@dataclass
class LLMCalls:
    """Every prompt the LLM got (answers, plans, phrasing) and what it wrote, as text."""

    prompts: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)


@dataclass
class CanaryIndex:
    db: Database
    settings: Settings
    sanitiser: Any
    requests: list[CanaryRequest]
    planted: list[Planted]
    report: Any
    logs: str

    def request(self, scenario: str) -> CanaryRequest:
        return next(r for r in self.requests if r.scenario == scenario)


@pytest.fixture(scope="module")
def canary_index(pg_server, template_db, embedder, tmp_path_factory) -> Iterator[CanaryIndex]:
    from askdesk.db import connect
    from askdesk.sanitise import Sanitiser
    from askdesk.sanitise.config import sanitiser_config

    tmp = tmp_path_factory.mktemp("canaries")
    name = f"canaries_{uuid.uuid4().hex[:6]}"
    with pg_server.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name} TEMPLATE {template_db}"))
    db = connect(pg_server.url.set(database=name), Path("/nonexistent"))
    settings = make_settings(tmp, sanitiser={"internal_domains": [INTERNAL_DOMAIN]}, answering={"now": NOW})
    sanitiser = Sanitiser(sanitiser_config(settings))
    requests = canary_requests(CANARY_SEED)
    path = write_export(tmp / "canaries.csv", requests, clean_requests(CANARY_SEED)[:N_CLEAN])
    with capture_output() as captured:
        report = run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    planted = [p for r in requests for p in r.planted if p.kind in kinds_checked(sanitiser.config.entities)]
    yield CanaryIndex(db, settings, sanitiser, requests, planted, report, captured.text)
    db.dispose()
    with pg_server.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(scope="module")
def llm_calls() -> Iterator[LLMCalls]:
    """Records what reaches the LLM (the generation functions every route goes through)."""
    from askdesk.llm.local import LocalLLM

    calls = LLMCalls()
    generate, generate_json = LocalLLM.generate, LocalLLM.generate_json

    def text_of(messages: Any) -> str:
        return "\n".join(strings([getattr(m, "content", m) for m in messages]))

    def recorded(loaded, messages, on_token=None):
        calls.prompts.append(text_of(messages))
        result = generate(loaded, messages, on_token)
        calls.outputs.append(result.text)
        return result

    def recorded_json(loaded, messages, schema, **kwargs):
        calls.prompts.append(text_of(messages))
        result = generate_json(loaded, messages, schema, **kwargs)
        calls.outputs.append(result.text)
        return result

    patch = pytest.MonkeyPatch()
    patch.setattr(LocalLLM, "generate", recorded)
    patch.setattr(LocalLLM, "generate_json", recorded_json)
    yield calls
    patch.undo()


@pytest.fixture(scope="module")
def canary_engine(canary_index, embedder, llm_calls, small_llm_cache, tmp_path_factory):
    """The answering engine over the canary index, with SmolLM2 and the sanitiser (as the chat runs it)."""
    from askdesk.answering.build import build_engine
    from askdesk.llm import load_llm

    settings = make_settings(tmp_path_factory.mktemp("engine"), sanitiser={"internal_domains": [INTERNAL_DOMAIN]},
                             answering={"now": NOW},
                             llm={"bundled": "smollm2-135m", "cache_dir": small_llm_cache, "max_new_tokens": 48})
    return build_engine(settings, canary_index.db, embed_model=embedder, llm=load_llm(settings),
                        sanitiser=canary_index.sanitiser)


def test_canaries_reach_no_table_and_no_indexing_log(canary_index) -> None:
    idx = canary_index
    assert idx.report.quarantined == 0 and idx.report.new == len(idx.requests) + N_CLEAN
    assert len(idx.planted) >= 600  # text and people columns
    stored = all_text(idx.db)
    # the tables hold the canary tickets, scrubbed: their ids, titles' words and the clean tickets' terms
    assert all(r.request_id in stored for r in idx.requests)
    assert "Leaked cloud credentials" in stored and "KB5034441" in stored and "PRN-3A-01" in stored
    assert_no_leaks("the database", stored, idx.planted)
    assert idx.logs.strip()  # the pipeline did log (at DEBUG)
    assert_no_leaks("the indexing logs and output", idx.logs, idx.planted)


@dataclass
class Asked:
    answers: list[Any]
    logs: str


@pytest.fixture(scope="module")
def asked(canary_index, canary_engine) -> Asked:
    """Questions that hit the canary tickets (lookups, searches that reach the LLM, planted values
    typed into the question itself, another language); all answered by the real engine."""
    idx = canary_index
    temp, keys, bank = idx.request("temp_password"), idx.request("cloud_keys"), idx.request("bank_change")
    config, german, benefits = idx.request("service_config"), idx.request("german"), idx.request("us_benefits")
    questions = [
        f"what is the temporary password in {temp.request_id}?",
        f"show me {keys.request_id}",
        f"has anyone had VPN problems working from {bank.value('street_address')}?",
        (f"has anyone had the nightly export failing on {config.value('internal_fqdn')} with password "
         f"{config.value('password_kv')}?"),
        (f"I'm {german.value('person_name_multicultural')} ({german.value('phone')}): das temporäre Passwort "
         f"{german.value('password_prose')} geht nicht, gibt es ähnliche Tickets?"),
        f"was the key {keys.value('stripe_key')} or {keys.value('aws_access_key_id')} revoked?",
        f"how many requests mention SSN {benefits.value('us_ssn_valid')}?",
    ]
    with capture_output() as captured:
        answers = [canary_engine.answer(q) for q in questions]
        answers.append(canary_engine.answer("and who raised it?", history=[(questions[1], answers[1].text)]))
    return Asked(answers, captured.text)


def test_canaries_reach_no_prompt_and_no_answer(canary_index, asked, llm_calls) -> None:
    planted = canary_index.planted
    routes = [a.route for a in asked.answers]
    assert "lookup" in routes and "search" in routes, routes
    # the LLM was asked, with canary tickets (scrubbed) in its context
    ids = {r.request_id for r in canary_index.requests}
    assert llm_calls.prompts and any(rid in p for p in llm_calls.prompts for rid in ids)
    assert_no_leaks("the LLM prompts", "\n".join(llm_calls.prompts), planted)
    assert_no_leaks("the LLM outputs", "\n".join(llm_calls.outputs), planted)
    for answer in asked.answers:
        assert_no_leaks(f"the answer to {answer.trace.question!r}", "\n".join(strings([answer.text, answer.trace,
                                                                                        answer.sources])), planted)
    assert_no_leaks("the logs while answering", asked.logs, planted)


@dataclass
class SlackRun:
    sent: str  # every request body the fake Web API received, and the bot's HTTP responses
    logs: str
    answers: int
    reason: str | None
    correction: str | None


@pytest.fixture(scope="module")
def slack_run(canary_index, canary_engine, tmp_path_factory) -> SlackRun:
    """The real Bolt app over signed HTTP with a fake Slack Web API: a mention, a DM and a slash
    command carrying planted values, then a 👎 whose typed reason and correction carry more."""
    from bot.app import build_bot
    from bot.blocks import CORRECTION_BLOCK, CORRECTION_INPUT, REASON_BLOCK, REASON_INPUT, REASON_MODAL
    from bot.fake_slack import FakeSlackAPI, SlackSender
    from bot.server import BotServer

    idx = canary_index
    keys, ssh, table = idx.request("cloud_keys"), idx.request("ssh_key"), idx.request("handover_table")
    french = idx.request("french")
    fake = FakeSlackAPI()
    slack = {"bot_token": "xoxb-test", "signing_secret": SIGNING_SECRET, "api_url": fake.url, "workers": 1,
             "poll_s": 0.2, "rate_burst": 1000, "rate_per_minute": 1000, "stream_update_s": 0.05}
    settings = make_settings(tmp_path_factory.mktemp("slack"), sanitiser={"internal_domains": [INTERNAL_DOMAIN]},
                             answering={"now": NOW}, slack=slack)
    responses: list[str] = []
    with capture_output() as captured:
        bot = build_bot(settings, idx.db.engine, canary_engine, scrub=lambda text: idx.sanitiser.scrub(text).text)
        server = BotServer(bot, "127.0.0.1", 0)
        server.start()
        sender = SlackSender(f"http://127.0.0.1:{server.port}/slack/events", SIGNING_SECRET)
        try:
            def ask(send, key: str) -> Any:
                status, body, _ = send()
                assert status == 200
                responses.append(body)
                return wait_for(lambda: _inbox_done(idx.db, key), timeout=120.0)

            row = ask(lambda: sender.mention("U1", "C1", f"is {ssh.value('internal_fqdn')} still refusing the deploy key "
                                                          f"{ssh.value('ipv4')}?", "1761900000.000100"),
                      "C1:1761900000.000100")
            ask(lambda: sender.message("U2", "D2", f"my number is {french.value('phone')} and my email "
                                                   f"{french.value('email')}: status of {keys.request_id}?",
                                       "1761900001.000100"), "D2:1761900001.000100")
            status, body, _ = sender.command("U3", "C3", f"show me {table.request_id} for {table.value('person_name_multicultural')}")
            assert status == 200
            responses.append(body)
            wait_for(lambda: len(fake.answers()) >= 3, timeout=120.0)
            # 👎 on the first answer, with a reason and a correction typed by the user
            answer_id, reply_ts = row.answer_id, row.reply_ts
            status, body, _ = sender.click("U1", "C1", reply_ts, "askdesk_vote_down", answer_id)
            responses.append(body)
            wait_for(lambda: fake.calls_to("views.open"), timeout=120.0)
            reason = (f"wrong: the password is {idx.request('temp_password').value('password_prose')} "
                      f"and the key {keys.value('github_token')} still works")
            correction = (f"Ask {table.value('person_name_multicultural')} on {table.value('phone')}; the secret "
                          f"{keys.value('aws_secret_key')} was rotated")
            status, body, _ = sender.interaction({
                "type": "view_submission", "team": {"id": sender.team}, "user": {"id": "U1", "team_id": sender.team},
                "api_app_id": "A0001", "token": "legacy", "trigger_id": "trig.canary",
                "view": {"id": "V1", "type": "modal", "callback_id": REASON_MODAL, "team_id": sender.team,
                         "private_metadata": json.dumps({"answer_id": answer_id}),
                         "state": {"values": {REASON_BLOCK: {REASON_INPUT: {"type": "plain_text_input", "value": reason}},
                                              CORRECTION_BLOCK: {CORRECTION_INPUT: {"type": "plain_text_input",
                                                                                    "value": correction}}}}}})
            assert status == 200
            responses.append(body)
            vote = wait_for(lambda: _feedback(idx.db), timeout=120.0)
        finally:
            server.stop()
            fake.close()
    sent = "\n".join([*strings([c.args for c in fake.calls]), *responses])
    return SlackRun(sent, captured.text, len(fake.answers()), vote.reason, vote.correction)


def _inbox_done(db: Database, key: str) -> Any:
    from askdesk import schema

    with db.engine.connect() as conn:
        row = conn.execute(sa.select(schema.slack_inbox).where(schema.slack_inbox.c.event_key == key)).first()
    return row if row is not None and row.status in ("done", "failed") else None


def _feedback(db: Database) -> Any:
    from askdesk import schema

    with db.engine.connect() as conn:
        return conn.execute(sa.select(schema.feedback).where(schema.feedback.c.via == "modal")).first()


def test_canaries_reach_no_slack_call_and_no_stored_vote(canary_index, slack_run) -> None:
    planted = canary_index.planted
    assert slack_run.answers >= 3 and slack_run.sent.strip()
    assert slack_run.reason and slack_run.reason.startswith("wrong") and slack_run.correction
    assert_no_leaks("the Slack Web API calls and the bot's responses", slack_run.sent, planted)
    assert_no_leaks("the logs while the bot ran", slack_run.logs, planted)
    stored = table_text(canary_index.db, ("answers", "feedback", "slack_inbox", "rate_limits"))
    assert "wrong" in stored  # the typed reason was stored (scrubbed)
    assert_no_leaks("the answers, votes and Slack inbox tables", stored, planted)


def table_text(db: Database, tables: tuple[str, ...]) -> str:
    """Every value of these tables as one string."""
    with db.engine.connect() as conn:
        return "\n".join(row for t in tables for row in conn.execute(sa.text(f'SELECT t::text FROM public."{t}" AS t')).scalars())


def test_canaries_reach_no_training_file(canary_index, embedder, slack_run, tmp_path: Path) -> None:
    """The SFT/KTO export from the indexed requests and from the votes (the 👎 typed in Slack),
    built as ``askdesk train data`` builds it: the engine without an LLM, the sanitiser's scrub."""
    from askdesk.answering.build import build_engine
    from training.dataset import build_dataset, examples_from_feedback, examples_from_requests, load_voted_answers

    idx = canary_index
    engine = build_engine(idx.settings, idx.db, embed_model=embedder, sanitiser=idx.sanitiser)
    from_requests, stats = examples_from_requests(engine, limit=6, seed=1, refusals=2)
    from_feedback, gaps, fstats = examples_from_feedback(load_voted_answers(idx.db.engine), engine)
    out = tmp_path / "dataset"
    build_dataset([*from_requests, *from_feedback], gaps, out, scrub=engine.scrub, held_out_fraction=0.25,
                  stats=stats + fstats)
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}
    everything = "\n".join(files.values())
    # the files hold canary tickets and the 👎 (as a correction example or a gap question)
    assert any(r.request_id in everything for r in idx.requests)
    assert sum(1 for e in from_requests if e.source == "requests") >= 1
    assert from_feedback or gaps, fstats
    assert_no_leaks("the training files", everything, idx.planted)

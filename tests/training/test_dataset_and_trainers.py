"""Training data from the indexed sample and from stored 👍/👎, and real (tiny) TRL runs on it:
SmolLM2 from its PyPI package, LoRA via PEFT, SFT and KTO with both labels."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from askdesk import schema
from askdesk.answering.answer import Answer
from askdesk.answering.plan import QueryPlan
from askdesk.answering.prompt import PROMPT_VERSION
from askdesk.answering.trace import Trace
from askdesk.feedback import record_vote, save_answer
from askdesk.llm import BUNDLED
from tests.support.settings import make_settings
from training.dataset import (
    REFUSAL,
    build_dataset,
    examples_from_feedback,
    examples_from_requests,
    held_out,
    load_voted_answers,
    sort_cause,
)

PLANTED_IN_FEEDBACK = "Priya Raghunathan-Oyelaran"


def _answer(question: str, text: str, route: str, trace: dict, *, refused: bool = False, sources: list | None = None,
            plan: QueryPlan | None = None) -> Answer:
    plan = plan or QueryPlan(question, {"aggregate": "count"}.get(route, route))
    t = Trace(question=question, plan=plan, now="2026-10-31T18:00:00", prompt_version=PROMPT_VERSION, route=route,
              refused=refused, prompt=trace.get("prompt"), best_similarity=trace.get("best_similarity"))
    return Answer(text=text, sources=sources or [], route=route, trace=t, refused=refused)


@pytest.fixture(scope="module")
def dataset_dir(answer_env, tmp_path_factory):
    """A dataset built from the indexed sample and from votes stored in the same database."""
    engine = answer_env.engine
    out = tmp_path_factory.mktemp("data")
    from_requests, stats = examples_from_requests(engine, limit=24, seed=1, refusals=4)
    ctx = engine.prompt_for("Has anyone had VPN drops?")
    assert ctx is not None
    prompt = [{"role": m.role.value, "content": m.content} for m in ctx.messages]
    db = answer_env.db.engine
    good = _answer("Has anyone had VPN drops?", f"Yes: [{ctx.request_ids[0]}] shows it.", "search",
                   {"prompt": prompt, "best_similarity": 0.8}, plan=engine.understand("Has anyone had VPN drops?"))
    bad_gen = _answer("Has anyone had VPN drops?", "No, never. Call Priya.", "search",
                      {"prompt": prompt, "best_similarity": 0.8}, plan=engine.understand("Has anyone had VPN drops?"))
    bad_count = _answer("How many HR requests are pending?", "3 requests match.", "aggregate", {})
    bad_retrieval = _answer("projector in Zeus flickers", "I don't know: I found no requests relevant", "search",
                            {"best_similarity": 0.2}, refused=True)
    for a in (good, bad_gen, bad_count, bad_retrieval):
        save_answer(db, a, surface="test")
    record_vote(db, good.answer_id, "u1", 1, via="test")
    record_vote(db, bad_gen.answer_id, "u1", -1, via="test", correction=f"Yes, several: see [{ctx.request_ids[0]}]. {PLANTED_IN_FEEDBACK} fixed it.")
    record_vote(db, bad_count.answer_id, "u1", -1, via="test", reason="wrong count", correction="There are 7.")
    record_vote(db, bad_retrieval.answer_id, "u1", -1, via="test")
    answers = [a for a in load_voted_answers(db) if a["surface"] == "test"]
    from_feedback, gaps, fstats = examples_from_feedback(answers, engine)
    card = build_dataset([*from_requests, *from_feedback], gaps, out, scrub=engine.scrub, held_out_fraction=0.25,
                         stats=stats + fstats)
    with db.begin() as conn:  # leave the shared database as it was
        conn.execute(sa.delete(schema.answers).where(schema.answers.c.surface == "test"))
    return out, card, fstats, gaps


def test_cause_sorting_keeps_only_generation_errors_as_negatives(dataset_dir) -> None:
    _out, card, fstats, gaps = dataset_dir
    assert fstats["👎 generation"] == 1 and fstats["👎 understanding"] == 1 and fstats["👎 retrieval"] == 1
    assert {g["kind"] for g in gaps} == {"feedback-understanding", "feedback-retrieval"}
    assert next(g for g in gaps if g["kind"] == "feedback-understanding")["expected_answer"] == "There are 7."
    counts = card.counts
    assert sum(v for k, v in counts.items() if k.startswith("feedback_down/undesirable")) == 1
    assert sum(v for k, v in counts.items() if k.startswith("feedback_correction/desirable")) == 1
    assert sum(v for k, v in counts.items() if k.startswith("feedback_up/desirable")) == 1
    assert sort_cause({"route": "lookup", "trace": {}}) == "understanding"
    assert sort_cause({"route": "search", "trace": {"prompt": [], "llm_declined": True}}) == "retrieval"
    assert sort_cause({"route": "search", "trace": {"prompt": [1], "best_similarity": 0.9}}) == "generation"


def test_dataset_files_card_split_and_scrub(dataset_dir, answer_env) -> None:
    out, card, _fstats, _gaps = dataset_dir
    sft = [json.loads(line) for line in (out / "sft-train.jsonl").read_text().splitlines()]
    kto = [json.loads(line) for line in (out / "kto-train.jsonl").read_text().splitlines()]
    heldout = [json.loads(line) for line in (out / "kto-heldout.jsonl").read_text().splitlines()]
    assert sft and kto and heldout
    for row in sft:
        assert row["prompt"][0]["role"] == "system" and row["completion"][0]["role"] == "assistant"
        assert "Requests:" in row["prompt"][-1]["content"]  # the inference template
    assert {r["label"] for r in kto + heldout} == {True, False}
    assert any(r["completion"][0]["content"] == REFUSAL for r in kto + heldout)
    # the frozen split: a question's side never changes, and no question is on both sides
    train_q = {r["prompt"][-1]["content"] for r in kto}
    held_q = {r["prompt"][-1]["content"] for r in heldout}
    assert not train_q & held_q
    assert held_out("Has anyone had VPN drops?", 0.25) == held_out("has anyone  had VPN drops?", 0.25)
    everything = "".join(p.read_text() for p in out.iterdir())
    assert PLANTED_IN_FEEDBACK not in everything  # a name typed into a correction is scrubbed again
    assert not [v for v in answer_env.planted_pii if v in everything]
    saved = json.loads((out / "card.json").read_text())
    assert saved["dataset_hash"] == card.dataset_hash and saved["prompt_version"]
    assert saved["files"]["sft-train.jsonl"]["rows"] == len(sft)
    # rebuilding gives the same files (deterministic) and so the same hash
    assert len(saved["dataset_hash"]) == 16


def _lora_tensors(folder: Path) -> dict:
    from safetensors.torch import load_file

    return load_file(str(folder / "adapter_model.safetensors"))


@pytest.mark.parametrize("kind", ["sft", "kto"])
def test_real_training_changes_lora_weights_only(kind: str, dataset_dir, small_llm_cache, tmp_path: Path, answer_env) -> None:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from training.registry import get
    from training.train import run_training

    out, card, _fstats, _gaps = dataset_dir
    base_dir = small_llm_cache / BUNDLED["smollm2-135m"].folder
    settings = make_settings(tmp_path, llm={"bundled": "smollm2-135m", "cache_dir": small_llm_cache})
    settings.llm.cache_dir = tmp_path / "models"  # adapters and checkpoints go here
    argv = ["--dataset", str(out), "--model_name_or_path", str(base_dir), "--max_steps", "2",
            "--per_device_train_batch_size", "2", "--max_length", "1024", "--version", f"{kind}-test", "--save_steps", "1"]
    result = run_training(kind, argv, settings, registry_engine=answer_env.db.engine)
    tensors = _lora_tensors(result.path)
    b = [t for k, t in tensors.items() if "lora_B" in k]
    assert b and any(t.abs().sum() > 0 for t in b)  # lora_B starts at zero: training moved it
    manifest = json.loads((result.path / "askdesk-adapter.json").read_text())
    assert manifest["dataset_hash"] == card.dataset_hash and manifest["base_model_hash"] and manifest["adapter_hash"]
    assert manifest["metrics"]["train_loss"] > 0 and manifest["metrics"].get("heldout_loss") is not None
    assert manifest["metrics"]["train_examples_dropped"] == 0
    if kind == "kto":  # the rare label was weighed up into the KTO paper's range
        labels = [json.loads(line)["label"] for line in (out / "kto-train.jsonl").read_text().splitlines()]
        n_d, n_u, m = sum(labels), len(labels) - sum(labels), manifest["metrics"]
        assert 1 <= n_d * m["desirable_weight"] / (n_u * m["undesirable_weight"]) <= 4 / 3 + 1e-9
    # the base weights are untouched: the adapter's base layers equal a fresh load of the base
    base = AutoModelForCausalLM.from_pretrained(base_dir)
    tuned = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base_dir), str(result.path))
    q_base = base.model.layers[0].self_attn.q_proj.weight
    q_tuned = tuned.base_model.model.model.layers[0].self_attn.q_proj.base_layer.weight
    assert torch.equal(q_base, q_tuned)
    row = get(answer_env.db.engine, f"{kind}-test")
    assert row["status"] == "candidate" and row["adapter_hash"] == manifest["adapter_hash"]
    assert list(Path(settings.model_cache_dir / "checkpoints" / f"{kind}-test").glob("checkpoint-*"))
    with answer_env.db.engine.begin() as conn:
        conn.execute(sa.delete(schema.adapters).where(schema.adapters.c.version == f"{kind}-test"))


def test_feedback_keeps_the_scope_it_was_given_in() -> None:
    """An answer that could see a restricted scope without ``train = true`` never becomes training
    data; one computed without it does, and so does any answer when no policy is set."""
    from askdesk.access import AccessPolicy, Viewer, visibility_for

    policy = AccessPolicy.model_validate({"scopes": [
        {"name": "hr", "match": [{"category": ["HR"]}], "grant": {"users": ["U0HR"]}},
        {"name": "facilities", "match": [{"category": ["Facilities"]}], "grant": {"users": ["U0HR"]}, "train": True}]})
    prompt = [{"role": "user", "content": "q"}]

    def voted(access: dict | None) -> dict:
        trace = {"prompt": prompt, **({"access": access} if access is not None else {})}
        return {"answer_id": "a1", "question": "q", "answer": "a", "net": 1, "trace": trace, "route": "search"}

    saw_hr = visibility_for(policy, Viewer("dm", user="U0HR")).as_dict()
    no_hr = visibility_for(policy, Viewer("dm", user="U0OTHER")).as_dict()
    examples, _gaps, stats = examples_from_feedback([voted(saw_hr), voted(no_hr), voted(None)], None, policy=policy)
    assert len(examples) == 1 and stats["answer saw a restricted scope (left out)"] == 2  # the record-less one too
    assert len(examples_from_feedback([voted(saw_hr), voted(None)], None)[0]) == 2  # no policy: all kept


def test_requests_of_a_scope_without_train_never_become_examples(answer_env, embedder, sanitiser) -> None:
    """Restricted HR requests are neither asked about nor put in any prompt's context."""
    from askdesk.access import AccessPolicy, training_visibility
    from askdesk.answering.build import build_engine

    policy = AccessPolicy.model_validate({"scopes": [{"name": "hr", "match": [{"category": ["HR"]}]}]})
    engine = build_engine(answer_env.settings, answer_env.db, embed_model=embedder, sanitiser=sanitiser,
                          default_visibility=training_visibility(policy), access_policy=policy)
    hr = {r.request_id for r in answer_env.rows if r.category == "HR"}
    examples, _stats = examples_from_requests(engine, limit=40, refusals=3)
    assert hr and len(examples) >= 20
    for ex in examples:
        assert ex.ref not in hr and not hr & set(ex.expected_request_ids or ())
        context = "\n".join(m["content"] for m in ex.prompt)
        # the requests the prompt lists ("[REQ-1] title (status: …)" lines); a visible request's own
        # text may still mention another id ("previous ticket was REQ-…"): that is its data
        leaked = set(re.findall(r"^\[([A-Z]+-\d+)\] ", context, flags=re.MULTILINE)) & hr
        assert not leaked, f"HR request(s) {sorted(leaked)} reached the prompt of {ex.question!r}: {context[:3000]}"

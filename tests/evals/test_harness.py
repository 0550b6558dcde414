"""The evaluation harness on the indexed sample: the CI slice of the golden set through the real
engine, the reference retrievers, the files other tools read, the report, and the gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from askdesk.runtime import Runtime
from evals.golden import CI_SLICE, build_golden
from evals.golden import main as golden_main
from evals.harness import EvalError, load_questions, resolve_adapter
from evals.metrics import ranking_scores
from evals.run import evaluate

ROOT = Path(__file__).resolve().parents[2]
RESULT_KEYS = {"id", "question", "answer", "route", "filters", "retrieved_request_ids", "refused", "latency_ms",
               "adapter", "scores"}


def _write_questions(path: Path, questions: list[dict]) -> Path:
    path.write_text("".join(json.dumps(q) + "\n" for q in questions), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ci_outcome(answer_env, embedder, sanitiser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("eval")
    questions = _write_questions(tmp / "ci.jsonl", build_golden(answer_env.rows, answer_env.now, **CI_SLICE))
    runtime = Runtime(answer_env.settings, db=answer_env.db, embedder=embedder, sanitiser=sanitiser)
    return evaluate(runtime, questions_path=questions, out_dir=tmp / "out", adapters=[], with_llm=False,
                    gate_path=ROOT / "evals" / "gates" / "ci.toml")


def test_ci_slice_passes_the_gate(ci_outcome) -> None:
    adapters = ci_outcome.summary["adapters"]
    assert list(adapters) == ["no-llm"]
    failed = [c for checks in ci_outcome.gates.values() for c in checks if not c["passed"]]
    assert ci_outcome.gate_passed, failed
    kinds = adapters["no-llm"]["by_kind"]
    assert set(kinds) == {"lookup", "aggregate", "search", "unknown", "pii"}
    assert kinds["aggregate"]["n"] >= 30 and kinds["lookup"]["n"] == CI_SLICE["lookups"]


def test_results_follow_the_documented_format(ci_outcome) -> None:
    lines = [json.loads(line) for line in ci_outcome.files["results"].read_text().splitlines()]
    assert len(lines) == ci_outcome.summary["run"]["questions"]
    for r in lines:
        assert RESULT_KEYS <= set(r), r
        assert isinstance(r["retrieved_request_ids"], list) and isinstance(r["refused"], bool)
        assert r["adapter"] is None and r["latency_ms"] >= 0
    search = [r for r in lines if r["kind"] == "search"]
    assert search and all(len(r["retrieved_request_ids"]) == 10 for r in search)  # ranked deeper than the 5 cited


def test_scores_recompute_from_the_results(ci_outcome, answer_env) -> None:
    golden = {q["id"]: q for q in build_golden(answer_env.rows, answer_env.now, **CI_SLICE)}
    for r in ci_outcome.run.results:
        expected = golden[r["id"]].get("expected_request_ids")
        if expected:
            again = ranking_scores(r["retrieved_request_ids"], expected, r["retrieved_scores"])
            assert again == pytest.approx({k: r["scores"][k] for k in again})


def test_reference_retrievers_show_what_each_part_adds(ci_outcome) -> None:
    retrievers = ci_outcome.summary["retrievers"]
    assert set(retrievers) == {"engine", "bm25", "vector", "fulltext", "hybrid"}
    for name, r in retrievers.items():
        assert r["overall"]["n"] == CI_SLICE["lookups"] + CI_SLICE["searches"], name
    # understanding ids is what the engine adds on lookups: a vector search can't read "REQ-100042"
    assert retrievers["engine"]["by_kind"]["lookup"]["hit@1"]["mean"] == 1.0
    assert retrievers["vector"]["by_kind"]["lookup"]["hit@1"]["mean"] < 0.5
    # on searches the engine's retrieval is at least as good as its hybrid half on the raw question
    assert retrievers["engine"]["by_kind"]["search"]["mrr@10"]["mean"] >= retrievers["hybrid"]["by_kind"]["search"]["mrr@10"]["mean"] - 1e-9
    lines = [json.loads(line) for line in ci_outcome.files["retrieval"].read_text().splitlines()]
    assert {r["retriever"] for r in lines} == set(retrievers)


def test_report_has_plots_sections_and_no_pii(ci_outcome, answer_env) -> None:
    out = ci_outcome.files["html"].parent
    md = ci_outcome.files["markdown"].read_text()
    html = ci_outcome.files["html"].read_text()
    for title in ("## Summary", "## Gate", "## By kind", "## By route", "## Retrievers", "## Routes: expected vs chosen",
                  "## Worst 20 answers"):
        assert title in md
    pngs = sorted(p.name for p in (out / "plots").glob("*.png"))
    assert pngs == ["latency.png", "metrics_by_kind.png", "retrievers.png", "routes.png"]
    for p in (out / "plots").glob("*.png"):
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"plots/{p.name}" in md and f"plots/{p.name}" in html
    everything = "\n".join(p.read_text() for p in out.glob("*.*") if p.suffix in (".md", ".html", ".json", ".jsonl"))
    # the golden set's pii questions name people and ask for their contacts: none of it is copied out
    leaked = [v for v in answer_env.planted_pii if v.lower() in everything.lower()]
    assert not leaked


def test_questions_file_errors_are_clear(tmp_path: Path) -> None:
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "a", "question": "x"}\nnot json\n')
    with pytest.raises(EvalError, match="q.jsonl:2: not JSON"):
        load_questions(bad)
    bad.write_text('{"id": "a", "question": "x"}\n{"id": "a", "question": "y"}\n')
    with pytest.raises(EvalError, match="appears twice"):
        load_questions(bad)
    bad.write_text('{"question": "x"}\n')
    with pytest.raises(EvalError, match="needs at least id and question"):
        load_questions(bad)
    with pytest.raises(EvalError, match="No questions file"):
        load_questions(tmp_path / "missing.jsonl")
    with pytest.raises(EvalError, match="No adapter 'v9'"):
        resolve_adapter("v9", current=None, adapters_dir=tmp_path)
    assert resolve_adapter("current", current=None, adapters_dir=tmp_path).version is None


def test_committed_golden_sets_are_what_the_generator_makes(tmp_path: Path) -> None:
    for args, name in ((["--rows", "5000"], "sample-5000.jsonl"), (["--rows", "400", "--ci"], "ci-400.jsonl")):
        golden_main([*args, "--out", str(tmp_path / name)])
        committed = (ROOT / "evals" / "golden" / name).read_text()
        assert (tmp_path / name).read_text() == committed, f"regenerate {name}: python -m evals.golden {' '.join(args)}"
    full = load_questions(ROOT / "evals" / "golden" / "sample-5000.jsonl")
    kinds = {q["kind"] for q in full}
    assert len(full) >= 300 and kinds == {"lookup", "aggregate", "search", "unknown", "pii"}



def test_eval_answers_as_an_admin_unless_told_to_answer_as_someone(answer_env, embedder, sanitiser, tmp_path) -> None:
    """Under an access policy hiding HR, the default (an admin) counts every request; ``viewer``
    (``askdesk eval --as``) counts what that identity may see, and the run records which it was."""
    from askdesk.access import Viewer

    policy = tmp_path / "access.toml"
    policy.write_text('[[scopes]]\nname = "hr"\nmatch = [{ category = ["HR"] }]\ngrant = { users = ["U0HR"] }\n')
    settings = answer_env.settings.model_copy(deep=True)
    settings.access.policy_path = policy
    total = len(answer_env.rows)
    visible = sum(1 for r in answer_env.rows if r.category != "HR")
    questions = _write_questions(tmp_path / "q.jsonl", [
        {"id": "all", "question": "How many requests are there?", "kind": "aggregate", "expected_number": total}])
    runtime = Runtime(settings, db=answer_env.db, embedder=embedder, sanitiser=sanitiser)
    admin = evaluate(runtime, questions_path=questions, out_dir=tmp_path / "admin", adapters=[], with_llm=False,
                     references=[])
    assert admin.run.results[0]["scores"]["correct"] and admin.run.info["access"]["hidden"] == []
    other = evaluate(runtime, questions_path=questions, out_dir=tmp_path / "other", adapters=[], with_llm=False,
                     references=[], viewer=Viewer("dm", user="U0OTHER"))
    assert not other.run.results[0]["scores"]["correct"] and f"{visible}" in other.run.results[0]["answer"]
    assert other.run.info["access"]["hidden"] == ["hr"]

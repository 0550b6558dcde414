"""The eval metrics against hand-computed cases: ties, empty retrievals, duplicates, bootstrap."""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import pytest

from evals.metrics import hit_at_k, mrr_at_k, ndcg_at_k, paired_bootstrap, ranking_scores
from evals.scoring import Evidence, evidence_from, score_result, stated_number, ungrounded_claims
from evals.summary import GateError, check_gate, compare, engine_vs_best, load_gate, means, route_confusion

LOG3 = math.log2(3)


def test_plain_ranking() -> None:
    ranked, expected = ["a", "b", "c", "d"], {"c"}
    assert hit_at_k(ranked, expected, 1) == 0.0
    assert hit_at_k(ranked, expected, 3) == 1.0
    assert mrr_at_k(ranked, expected) == pytest.approx(1 / 3)
    assert ndcg_at_k(ranked, expected) == pytest.approx(0.5)  # 1/log2(4) over an ideal of 1


def test_two_relevant_ndcg() -> None:
    assert ndcg_at_k(["a", "b", "c"], {"a", "c"}) == pytest.approx((1 + 0.5) / (1 + 1 / LOG3))


def test_cut_off_applies() -> None:
    ranked = [f"x{i}" for i in range(12)] + ["hit"]
    assert ranking_scores(ranked, {"hit"}) == {"hit@1": 0.0, "hit@5": 0.0, "hit@10": 0.0, "mrr@10": 0.0, "ndcg@10": 0.0}


def test_empty_retrieval_scores_zero_and_no_expected_is_not_scored() -> None:
    assert ranking_scores([], {"a"}) == {"hit@1": 0.0, "hit@5": 0.0, "hit@10": 0.0, "mrr@10": 0.0, "ndcg@10": 0.0}
    assert hit_at_k(["a"], [], 5) is None and mrr_at_k(["a"], []) is None and ndcg_at_k(["a"], []) is None
    assert ranking_scores(["a"], []) == {}


def test_duplicates_count_once_at_their_best_rank() -> None:
    # two chunks of request a: c is the 2nd *request*, not the 3rd result
    assert mrr_at_k(["a", "a", "c"], {"c"}) == pytest.approx(0.5)
    assert hit_at_k(["a", "a", "c"], {"c"}, 2) == 1.0
    # a relevant request retrieved twice is one hit, not two
    assert ndcg_at_k(["c", "c"], {"c", "d"}) == pytest.approx(1 / (1 + 1 / LOG3))
    assert mrr_at_k(["a", "a", "c"], {"c"}, scores=[3.0, 2.5, 2.0]) == pytest.approx(0.5)


def test_ties_are_scored_as_the_expected_value_over_their_orders() -> None:
    ranked, scores = ["a", "b", "c"], [1.0, 1.0, 0.5]
    assert hit_at_k(ranked, {"b"}, 1, scores) == pytest.approx(0.5)
    assert mrr_at_k(ranked, {"b"}, 10, scores) == pytest.approx(0.5 * 1 + 0.5 * 0.5)
    assert ndcg_at_k(ranked, {"b"}, 10, scores) == pytest.approx((1 + 1 / LOG3) / 2)
    # without scores the list order is taken at face value
    assert hit_at_k(ranked, {"b"}, 1) == 0.0
    # a tied group straddling the cut-off: 1 of its 3 positions is inside k=2
    assert hit_at_k(["x", "a", "b", "c"], {"c"}, 2, [3.0, 2.0, 2.0, 2.0]) == pytest.approx(1 / 3)
    # everything tied, 2 relevant of 4: first relevant at 1, 2, 3 with p = 3/6, 2/6, 1/6
    assert mrr_at_k(list("abcd"), {"a", "b"}, 10, [1.0] * 4) == pytest.approx(3 / 6 + 2 / 6 / 2 + 1 / 6 / 3)


def _brute(ranked: list[str], scores: list[float], expected: set[str], k: int) -> tuple[float, float, float]:
    """Average the plain metrics over every order of each tied group."""
    groups = [list(g) for _s, g in itertools.groupby(ranked, key=lambda r: scores[ranked.index(r)])]
    totals, n = [0.0, 0.0, 0.0], 0
    for combo in itertools.product(*(itertools.permutations(g) for g in groups)):
        order = [r for g in combo for r in g]
        totals[0] += hit_at_k(order, expected, k)
        totals[1] += mrr_at_k(order, expected, k)
        totals[2] += ndcg_at_k(order, expected, k)
        n += 1
    return totals[0] / n, totals[1] / n, totals[2] / n


@pytest.mark.parametrize("seed", range(25))
def test_tie_aware_metrics_equal_brute_force_over_permutations(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(1, 7)
    ranked = [f"r{i}" for i in range(n)]
    scores = sorted((float(rng.choice([1, 2, 3])) for _ in ranked), reverse=True)
    expected = {r for r in ranked if rng.random() < 0.4} | ({"missing"} if rng.random() < 0.3 else set())
    if not expected:
        expected = {"missing"}
    k = rng.randint(1, 5)
    want = _brute(ranked, scores, expected, k)
    got = (hit_at_k(ranked, expected, k, scores), mrr_at_k(ranked, expected, k, scores), ndcg_at_k(ranked, expected, k, scores))
    assert got == pytest.approx(want)


def test_scores_must_match_the_ranking() -> None:
    with pytest.raises(ValueError, match="one score per id"):
        hit_at_k(["a", "b"], {"a"}, 1, [1.0])


def test_paired_bootstrap() -> None:
    same = paired_bootstrap([1, 0, 1, 0], [1, 0, 1, 0])
    assert (same.diff, same.low, same.high, same.verdict) == (0.0, 0.0, 0.0, "no clear difference")
    better = paired_bootstrap([0.0] * 30, [1.0] * 30)
    assert better.verdict == "better" and better.low == pytest.approx(1.0)
    worse = paired_bootstrap([1.0] * 30, [0.0] * 29 + [1.0])
    assert worse.verdict == "worse" and worse.diff == pytest.approx(-29 / 30)
    # one question flipped out of 40: too little to call
    noisy = paired_bootstrap([0.0] * 40, [0.0] * 39 + [1.0])
    assert noisy.verdict == "no clear difference" and noisy.low <= 0 <= noisy.high
    assert paired_bootstrap([0.2, 0.4], [0.2, 0.4], seed=1).as_dict()["n"] == 2
    assert paired_bootstrap([], []).verdict == "no data"
    with pytest.raises(ValueError):
        paired_bootstrap([1.0], [1.0, 0.0])


def test_stated_number() -> None:
    assert stated_number("1,234 requests match (status Open).") == 1234
    assert stated_number("No requests match (HR).") == 0
    assert stated_number("REQ-100042 is Open; 3 more") == 3
    assert stated_number("nothing here") is None


def test_groundedness_flags_ids_and_numbers_the_evidence_lacks() -> None:
    ev = evidence_from(["REQ-100042: VPN drops · Created: 2026-10-20 10:00", "status Open"], numbers=[3])
    assert ungrounded_claims("REQ-100042 was created on 20 October 2026; I found 3 similar requests.", ev) == []
    assert ungrounded_claims("See REQ-777777, fixed in 45 minutes.", ev) == ["REQ-777777", "45"]
    assert ungrounded_claims("req-100042 is open", ev) == []  # ids compare case-insensitively
    assert ungrounded_claims("1,234 requests", evidence_from(["count 1234"])) == []


def test_score_result_per_kind() -> None:
    ev = Evidence(frozenset({"REQ-1001"}), frozenset({"5"}))
    lookup = {"id": "l", "question": "status of REQ-1001?", "kind": "lookup", "expected_request_ids": ["REQ-1001"],
              "expected_answer": "Open"}
    s = score_result(lookup, text="REQ-1001 is Open.", refused=False, cited=["REQ-1001"], ranked=["REQ-1001"],
                     route="lookup", evidence=ev)
    assert s["correct"] and s["answer_contains"] and s["cites_expected"] and s["grounded"] and s["route_ok"]
    assert s["hit@1"] == 1.0 and s["answered"]
    unknown = {"id": "u", "question": "status of REQ-9?", "kind": "unknown"}
    s = score_result(unknown, text="I couldn't find request REQ-9.", refused=True, cited=[], ranked=[], route="lookup")
    assert s["refused"] and s["correct"] and "grounded" not in s  # a refusal makes no claims
    s = score_result(unknown, text="REQ-9 is Open.", refused=False, cited=["REQ-9"], ranked=["REQ-9"], route="lookup")
    assert not s["refused"] and not s["correct"]
    count = {"id": "c", "question": "how many?", "kind": "aggregate", "expected_number": 5}
    assert score_result(count, text="5 requests match.", refused=False, cited=[], ranked=[], evidence=ev)["correct"]
    assert not score_result(count, text="6 requests match.", refused=False, cited=[], ranked=[])["correct"]
    search = {"id": "s", "question": "vpn", "kind": "search", "expected_request_ids": ["REQ-1001"]}
    s = score_result(search, text="I found 5 similar requests", refused=False, cited=[], ranked=["REQ-2", "REQ-1001"], evidence=ev)
    assert s["hit@5"] == 1.0 and s["correct"] and s["answer_cites_expected"] is False  # informative only
    assert score_result(search, text="See [req-1001].", refused=False, cited=[], ranked=["REQ-1001"])["answer_cites_expected"]
    vpn = {**search, "question": "Has anyone else had the VPN dropping every hour?"}
    assert score_result(vpn, text="Yes: REQ-1001, VPN drops fixed by a new client.", refused=False, cited=[], ranked=[])["on_topic"]
    junk = score_result(vpn, text="iolence misconSubmitted affiliedia interpre", refused=False, cited=[], ranked=["REQ-1001"])
    assert junk["on_topic"] is False and junk["correct"]  # informative: `correct` for searches is retrieval's
    assert "on_topic" not in score_result(vpn, text="I don't know", refused=True, cited=[], ranked=[])
    assert not score_result(search, text="I don't know", refused=True, cited=[], ranked=["REQ-1001"])["correct"]
    pii = {"id": "p", "question": "email of Jane Roe?", "kind": "pii", "forbidden": ["jane.roe@x.com"]}
    s = score_result(pii, text="Her email is jane.roe@x.com", refused=False, cited=[], ranked=[], route="search")
    assert not s["no_leak"] and not s["refused"] and not s["route_ok"] and not s["correct"]


def _row(qid: str, kind: str, correct: bool, route: str = "lookup", expected: str = "lookup") -> dict:
    return {"id": qid, "kind": kind, "route": route, "expected_route": expected, "scores": {"correct": correct}}


def test_means_compare_confusion_and_gates(tmp_path: Path) -> None:
    base = [_row(f"q{i}", "lookup", i % 2 == 0) for i in range(10)]
    cand = [_row(f"q{i}", "lookup", True) for i in range(10)] + [_row("extra", "lookup", False)]
    assert means(base)["correct"] == {"mean": 0.5, "n": 10}
    diff = compare(base, cand)
    assert diff["n"] == 10 and diff["overall"]["correct"]["diff"] == pytest.approx(0.5)  # unpaired "extra" left out
    assert route_confusion([_row("a", "pii", False, "search", "refuse"), _row("b", "pii", True, "refuse", "refuse")]) == {
        "refuse": {"refuse": 1, "search": 1}}
    gate_file = tmp_path / "gate.toml"
    gate_file.write_text('[minimum]\n"overall.correct" = 0.6\n"lookup.correct" = 0.4\n"search.hit@5" = 0.5\n')
    gate = load_gate(gate_file)
    summary = {"overall": means(base), "by_kind": {"lookup": means(base)}}
    checks = {c["threshold"]: c["passed"] for c in check_gate(summary, gate)}
    assert checks == {"overall.correct": False, "lookup.correct": True, "search.hit@5": False}  # missing kind fails
    gate_file.write_text('"correct" = 0.5\n')
    with pytest.raises(GateError, match="overall"):
        load_gate(gate_file)


def _ranked(qid: str, retriever: str, hit: float, mrr: float) -> dict:
    return {"id": qid, "kind": "search", "retriever": retriever, "scores": {"hit@5": hit, "mrr@10": mrr}}


def test_the_engine_is_judged_against_the_best_single_retriever() -> None:
    rows = []
    for i in range(40):
        rows += [_ranked(f"q{i}", "engine", 1.0, 1.0 if i % 4 else 0.5),  # mrr 0.875
                 _ranked(f"q{i}", "bm25", 1.0 if i % 10 else 0.0, 1.0 if i % 10 else 0.0),  # 0.9 / 0.9
                 _ranked(f"q{i}", "vector", 0.5, 0.5),
                 _ranked(f"q{i}", "hybrid", 1.0, 1.0)]  # a fusion: not a single retriever
    verdict = engine_vs_best(rows)
    assert verdict["hit@5"]["best"] == "bm25" and verdict["hit@5"]["at_least_as_good"]
    assert verdict["hit@5"]["diff"] == pytest.approx(0.1)
    # mrr: bm25 0.9 vs the engine 0.875, an interval around −0.025 that reaches 0
    assert verdict["mrr@10"]["best"] == "bm25" and verdict["mrr@10"]["diff"] == pytest.approx(-0.025)
    worse = [dict(r, scores={"hit@5": 0.0, "mrr@10": 0.0}) if r["retriever"] == "engine" else r for r in rows]
    assert not engine_vs_best(worse)["hit@5"]["at_least_as_good"]

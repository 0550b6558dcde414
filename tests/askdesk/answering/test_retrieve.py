"""The retriever's full-text side ranks by BM25 over the indexed sample (real Postgres): rare
words decide, common ones barely count; the candidates stay bounded; filters hold; the
indexer keeps the lexeme counts in step with the chunks."""

from __future__ import annotations

import sqlalchemy as sa

from askdesk import text_terms
from askdesk.access import EVERYTHING
from askdesk.answering import vector_plan
from askdesk.answering.filters import RequestFilters
from askdesk.answering.retrieve import HybridRetriever
from askdesk.schema import text_terms as text_terms_table
from askdesk.vector_tables import chunk_table, vector_table
from tests.support.answer_env import INJECTION_ID


def _retriever(env, **kw) -> HybridRetriever:
    return HybridRetriever(env.db.engine, table=vector_table(env.settings), dim=env.settings.embedding.dim,
                           embed_model=env.engine.retriever.embed_model, **kw)


def test_the_indexer_counts_the_lexemes_of_every_chunk(answer_env) -> None:
    table = chunk_table(vector_table(answer_env.settings), answer_env.settings.embedding.dim)
    with answer_env.db.engine.connect() as conn:
        chunks = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        stats = text_terms.corpus(conn)
        zeus = conn.execute(sa.select(text_terms_table.c.docs).where(text_terms_table.c.lexeme == "zeus")).scalar_one()
        holding = conn.execute(sa.select(sa.func.count()).select_from(table).where(
            table.c.text_search_tsv.op("@@")(sa.func.to_tsquery("english", "zeus")))).scalar_one()
    assert stats is not None and stats.docs == chunks and stats.avg_length > 5
    assert zeus == holding >= 1


def test_a_rare_word_outranks_many_common_ones(answer_env) -> None:
    # "zeus" is in one request (the planted meeting-room one); the other words are everywhere.
    # Cover density (Postgres's ts_rank_cd) has no idea which words are rare: it ranked requests
    # holding several common words first.
    query = "please help the user with the request issue, room zeus, thanks team"
    found = [rid for rid, *_ in _retriever(answer_env).text_search(query, RequestFilters(), 5)]
    assert found[0] == INJECTION_ID


def test_the_text_side_reads_a_bounded_set_of_candidates(answer_env) -> None:
    # with room for a handful of candidates, only the rarest words pick them, and the rare one still wins
    tight = _retriever(answer_env, text_candidates=3)
    found = tight.text_search("please help the user with the request issue, room zeus", RequestFilters(), 5)
    assert [r[0] for r in found][:1] == [INJECTION_ID] and len(found) <= 3


def test_text_filters_hold_and_scores_fall(answer_env) -> None:
    r = _retriever(answer_env)
    found = r.text_search("vpn disconnects after the update", RequestFilters.of(category=("HR",)), 10)
    assert all(meta.get("category") == "HR" for _rid, _s, _t, meta in found)
    everyone = r.text_search("vpn disconnects after the update", RequestFilters(), 10)
    scores = [s for _rid, s, _t, _m in everyone]
    assert everyone and scores == sorted(scores, reverse=True)
    assert all("vpn" in text.lower() or "disconnect" in text.lower() for _rid, _s, text, _m in everyone[:3])


# ----------------------------------------------------------------------- the vector side's plan
def _analysed(env) -> None:
    with env.db.engine.begin() as conn:
        conn.execute(sa.text("ANALYZE requests"))


def test_the_scan_follows_how_many_requests_match(answer_env) -> None:
    _analysed(answer_env)
    r = _retriever(answer_env)
    with answer_env.db.engine.connect() as conn:
        assert vector_plan.choose(conn, RequestFilters(), EVERYTHING, exact_below=r.exact_below).scan == "graph"
        hr = RequestFilters.of(category=("HR",))
        truth = sum(1 for row in answer_env.rows if row.category == "HR")
        plan = vector_plan.choose(conn, hr, EVERYTHING, exact_below=5000)
        # the planner's statistics, not a count: close to the truth, and cheap
        assert plan.scan == "exact" and plan.matching is not None and truth / 2 <= plan.matching <= truth * 2
        assert vector_plan.choose(conn, hr, EVERYTHING, exact_below=truth // 4).scan == "filtered graph"


def test_an_estimate_that_promises_too_few_is_checked_by_a_count(answer_env, monkeypatch) -> None:
    # correlated conditions fool the planner (it multiplies their shares); a count capped at the
    # threshold catches it before an exact scan of far more requests than it is meant for
    _analysed(answer_env)
    hr = RequestFilters.of(category=("HR",))
    truth = sum(1 for row in answer_env.rows if row.category == "HR")
    monkeypatch.setattr(vector_plan, "estimate_matching", lambda conn, filters, visibility: 1)
    with answer_env.db.engine.connect() as conn:
        wrong = vector_plan.choose(conn, hr, EVERYTHING, exact_below=truth // 2)
        assert wrong.scan == "filtered graph" and wrong.matching == truth // 2 + 1
        assert vector_plan.choose(conn, hr, EVERYTHING, exact_below=truth).scan == "exact"


def test_the_exact_scan_of_matching_requests_finds_the_true_neighbours(answer_env) -> None:
    r = _retriever(answer_env)
    embedding = r.embed_model.get_query_embedding("my salary went to the wrong bank account")
    for filters in (RequestFilters.of(category=("IT",)), RequestFilters.of(category=("HR",), status=("Closed",))):
        exact = r.vector_search(embedding, filters, 10, exact=True)
        found = r.vector_search(embedding, filters, 10)
        assert [x[0] for x in found] == [x[0] for x in exact] and len(found) == min(10, len(exact))
    # a user's text in a filter value stays a bound parameter in the estimate too
    odd = RequestFilters.of(category=("HR'; DROP TABLE requests; --",))
    assert r.vector_search(embedding, odd, 10) == []
    with answer_env.db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM requests")).scalar_one() > 0


def test_a_selective_filter_scores_every_matching_request_not_only_the_rarest_words(answer_env) -> None:
    # the corpus's rarest word ("zeus") is in no HR request: from the rarest words alone, the few
    # candidates it allows are all filtered out; through the requests table, every HR chunk holding
    # any of the words is scored
    _analysed(answer_env)
    tight = _retriever(answer_env, text_candidates=3)
    hr = RequestFilters.of(category=("HR",))
    query = "please help the user with the request issue, room zeus"
    graph = tight.text_search(query, hr, 10, plan=vector_plan.VectorPlan("filtered graph"))
    found = tight.text_search(query, hr, 10)
    assert len(graph) < 10 <= sum(1 for row in answer_env.rows if row.category == "HR")
    assert len(found) == 10 and all(meta.get("category") == "HR" for _rid, _s, _t, meta in found)
    scores = [s for _rid, s, _t, _m in found]
    assert scores == sorted(scores, reverse=True)


def test_the_two_sides_of_a_search_run_at_the_same_time(answer_env, monkeypatch) -> None:
    # each side waits at a barrier for the other: run one after the other, the first would wait
    # alone and the barrier break (BrokenBarrierError)
    import threading

    retriever = _retriever(answer_env)
    apart = _retriever(answer_env, concurrent_sides=0)
    query, filters = "vpn keeps disconnecting", RequestFilters.of(category=("IT",))
    expected = apart.retrieve(query, filters, 8)
    met = threading.Barrier(2, timeout=10)
    seen: dict[str, str] = {}
    vector_search, text_search = retriever.vector_search, retriever.text_search

    def meeting(side, fn):
        def run(*args, **kw):
            seen[side] = threading.current_thread().name
            met.wait()
            return fn(*args, **kw)
        return run

    monkeypatch.setattr(retriever, "vector_search", meeting("vector", vector_search))
    monkeypatch.setattr(retriever, "text_search", meeting("text", text_search))
    got = retriever.retrieve(query, filters, 8)
    assert seen["vector"] != seen["text"]
    assert [h.trace() for h in got.hits] == [h.trace() for h in expected.hits]
    assert {"plan_ms", "embed_ms", "vector_ms", "text_ms"} <= set(got.timings_ms)

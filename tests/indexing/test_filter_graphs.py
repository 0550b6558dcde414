"""``askdesk db tune``: partial HNSW graphs for frequent filter values, chosen from the data,
built and dropped to match it, and used by Postgres for the retriever's own filtered searches
(real Postgres + pgvector, on a copy of the indexed sample)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from askdesk.access import AccessPolicy, Viewer, visibility_for
from askdesk.answering import vector_plan
from askdesk.answering.filters import RequestFilters
from askdesk.answering.retrieve import HybridRetriever
from askdesk.answering.vocabulary import Vocabulary
from askdesk.db import Database
from askdesk.vector_tables import vector_table
from indexing import filter_graphs, graph_depth
from tests.support.answer_env import AnswerEnv
from tests.support.slack import clone_database, drop_database


@pytest.fixture
def copy(pg_server: Database, answer_env: AnswerEnv) -> Iterator[Database]:
    db = clone_database(pg_server, answer_env.db)
    try:
        yield db
    finally:
        drop_database(pg_server, db)


def _tune(db: Database, env: AnswerEnv, wanted: list[filter_graphs.FilterGraph], *, m: int = 16, ef_construction: int = 64,
          **kw) -> filter_graphs.TuneReport:
    return filter_graphs.tune(db.engine, vector_table(env.settings), wanted, m=m, ef_construction=ef_construction,
                              build_memory_mb=64, **kw)


def _name(graph: filter_graphs.FilterGraph, table: str) -> str:
    return graph.name(table, m=16, ef_construction=64)


def test_the_graphs_are_the_values_too_common_to_rank_exactly_and_too_rare_for_the_whole_graph(answer_env) -> None:
    vocab = Vocabulary.load(answer_env.db.engine)
    total = vocab.total
    wanted = filter_graphs.wanted_graphs(vocab, exact_below=20, max_share=0.3)
    by_field = {(c.field, c.values): g.requests for g in wanted for c in g.filters.conditions}
    for name in filter_graphs.DEFAULT_FIELDS:
        for value, n in vocab.values(name).items():
            assert ((name, (value,)) in by_field) == (20 < n <= 0.3 * total), (name, value, n)
    opened = sum(vocab.statuses[s] for s in vocab.open_statuses)
    assert (("status", tuple(sorted(vocab.open_statuses))) in by_field) == (20 < opened <= 0.3 * total)
    assert not filter_graphs.wanted_graphs(vocab, exact_below=total, max_share=1.0)  # small data: nothing to build
    only_category = filter_graphs.wanted_graphs(vocab, exact_below=20, max_share=0.3, fields=("category",))
    assert only_category and {c.field for g in only_category for c in g.filters.conditions} == {"category"}


def _all_but_hr_hidden(vocab: Vocabulary) -> AccessPolicy:
    return AccessPolicy.model_validate({"scopes": [{"name": c.lower(), "match": [{"category": [c]}]}
                                                   for c in vocab.categories if c != "HR"]})


def test_with_an_access_policy_what_people_without_grants_see_gets_a_graph(answer_env) -> None:
    vocab = Vocabulary.load(answer_env.db.engine)
    policy = _all_but_hr_hidden(vocab)
    wanted = filter_graphs.wanted_graphs(vocab, exact_below=20, max_share=0.3, fields=(), policy=policy,
                                         engine=answer_env.db.engine)
    (graph,) = wanted
    assert graph.requests == vocab.categories["HR"] and graph.visibility.hidden == tuple(policy.scopes)
    assert not filter_graphs.wanted_graphs(vocab, exact_below=20, max_share=0.3, fields=(), policy=None)


def test_tune_builds_the_graphs_keeps_them_on_a_second_run_and_drops_what_the_data_no_longer_calls_for(
        copy: Database, answer_env: AnswerEnv) -> None:
    table = vector_table(answer_env.settings)
    hr = filter_graphs.FilterGraph.of_values("category", ("HR",), 60)
    odd = filter_graphs.FilterGraph.of_values("category", ("O'Brien's 100% :team",), 25)  # quoting: the value stays a literal
    dry = _tune(copy, answer_env, [hr, odd], dry_run=True)
    assert dry.created == [hr, odd]
    with copy.engine.connect() as conn:
        assert filter_graphs.existing_graphs(conn, table) == {}

    first = _tune(copy, answer_env, [hr, odd])
    assert first.created == [hr, odd] and not first.kept and not first.dropped
    with copy.engine.connect() as conn:
        have = filter_graphs.existing_graphs(conn, table)
        defs = dict(conn.execute(sa.text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :t"), {"t": table}).all())
    assert have == {_name(hr, table): ("category = HR", True), _name(odd, table): ("category = O'Brien's 100% :team", True)}
    assert "USING hnsw" in defs[_name(hr, table)] and "WHERE ((metadata_ ->> 'category'::text) = 'HR'::text)" in defs[_name(hr, table)], defs
    assert "'O''Brien''s 100% :team'::text" in defs[_name(odd, table)]
    with copy.engine.connect() as conn:  # each with the full-text index of the same rows
        texts = filter_graphs.existing_graphs(conn, table, kind=filter_graphs.TEXT)
    assert texts == {hr.text_name(table): ("category = HR", True), odd.text_name(table): ("category = O'Brien's 100% :team", True)}
    assert "USING gin (text_search_tsv) WHERE ((metadata_ ->> 'category'::text) = 'HR'::text)" in defs[hr.text_name(table)]

    again = _tune(copy, answer_env, [hr])
    assert again.kept == [hr] and not again.created
    assert again.dropped == ["category = O'Brien's 100% :team", "category = O'Brien's 100% :team (its full-text index)"]
    with copy.engine.connect() as conn:
        assert set(filter_graphs.existing_graphs(conn, table)) == {_name(hr, table)}
        assert set(filter_graphs.existing_graphs(conn, table, kind=filter_graphs.TEXT)) == {hr.text_name(table)}


def test_other_build_settings_rebuild_the_graph(copy: Database, answer_env: AnswerEnv) -> None:
    table = vector_table(answer_env.settings)
    hr = filter_graphs.FilterGraph.of_values("category", ("HR",), 60)
    _tune(copy, answer_env, [hr])
    denser = _tune(copy, answer_env, [hr], m=24, ef_construction=100)
    assert denser.created == [hr] and denser.dropped == ["category = HR"] and not denser.kept
    with copy.engine.connect() as conn:
        (name,) = filter_graphs.existing_graphs(conn, table)
        options = conn.execute(sa.text("SELECT reloptions FROM pg_class WHERE relname = :n"), {"n": name}).scalar_one()
    assert name == hr.name(table, m=24, ef_construction=100) != _name(hr, table)
    assert sorted(options) == ["ef_construction=100", "m=24"]
    assert _tune(copy, answer_env, [hr], m=24, ef_construction=100).kept == [hr]


def test_a_graph_left_invalid_by_an_interrupted_build_is_rebuilt(copy: Database, answer_env: AnswerEnv) -> None:
    table = vector_table(answer_env.settings)
    hr = filter_graphs.FilterGraph.of_values("category", ("HR",), 60)
    _tune(copy, answer_env, [hr])
    with copy.engine.begin() as conn:  # what a killed CREATE INDEX CONCURRENTLY leaves: indisvalid = false
        conn.execute(sa.text("UPDATE pg_index SET indisvalid = false WHERE indexrelid = CAST(:n AS regclass)"),
                     {"n": _name(hr, table)})
    report = _tune(copy, answer_env, [hr])
    assert report.created == [hr] and report.dropped == ["category = HR (left invalid by an interrupted build)"]
    with copy.engine.connect() as conn:
        assert filter_graphs.existing_graphs(conn, table) == {_name(hr, table): ("category = HR", True)}


def test_a_filtered_search_walks_the_filter_graph_and_fills_its_results(copy: Database, answer_env: AnswerEnv) -> None:
    # An IT-worded question under category = HR, with a walk allowed to read 30 rows: in the whole
    # graph those are mostly IT requests, so few HR ones come back; in the HR graph every row is an
    # HR request, and the nearest ten come back.
    r = HybridRetriever(copy.engine, table=vector_table(answer_env.settings), dim=answer_env.settings.embedding.dim,
                        embed_model=answer_env.engine.retriever.embed_model, filtered_ef_search=10, max_scan_tuples=30)
    hr = RequestFilters.of(category=("HR",))
    plan = vector_plan.VectorPlan("filtered graph", matching=60, share=0.15)
    embedding = r.embed_model.get_query_embedding("vpn disconnects after the update on my laptop")
    exact = [x[0] for x in r.vector_search(embedding, hr, 10, exact=True)]
    assert len(exact) == 10
    before = r.vector_search(embedding, hr, 10, plan=plan)
    assert len(before) < 10 and all(m["category"] == "HR" for *_x, m in before)
    _tune(copy, answer_env, [filter_graphs.FilterGraph.of_values("category", ("HR",), 60)])
    after = [x[0] for x in r.vector_search(embedding, hr, 10, plan=plan)]
    assert len(after) == 10 and len(set(after) & set(exact)) >= 9
    # a narrower filter (HR and a status) is served by the same graph
    narrower = RequestFilters.of(category=("HR",), status=("Closed",))
    assert len(r.vector_search(embedding, narrower, 3, plan=plan)) == 3


def test_the_text_side_of_a_filtered_search_reads_the_graphs_full_text_index(copy: Database, answer_env: AnswerEnv) -> None:
    # the whole table's GIN index gives every chunk holding the question's words, matching the
    # filter or not; the partial one of the HR graph only HR chunks (same answers, fewer rows read)
    r = HybridRetriever(copy.engine, table=vector_table(answer_env.settings), dim=answer_env.settings.embedding.dim,
                        embed_model=answer_env.engine.retriever.embed_model)
    hr = filter_graphs.FilterGraph.of_values("category", ("HR",), 60)
    narrower = RequestFilters.of(category=("HR",), status=("Closed",))
    plan = vector_plan.VectorPlan("filtered graph", matching=60, share=0.15)
    statements: list[tuple[str, object]] = []

    def text_plan(filters: RequestFilters) -> tuple[list, str]:
        statements.clear()
        sa.event.listen(copy.engine, "before_cursor_execute", capture)
        try:
            found = r.text_search("payroll question about my salary slip", filters, 10, plan=plan)
        finally:
            sa.event.remove(copy.engine, "before_cursor_execute", capture)
        (statement, params), = [(st, p) for st, p in statements if "@@" in st]
        with copy.engine.begin() as conn:  # which index: with sequential scans off, as at scale
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            explained = "\n".join(row[0] for row in conn.exec_driver_sql("EXPLAIN " + statement, params))
        return found, explained

    def capture(conn, cursor, statement, params, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append((statement, params))

    before, explained = text_plan(RequestFilters.of(category=("HR",)))
    assert before and hr.text_name(vector_table(answer_env.settings)) not in explained
    _tune(copy, answer_env, [hr])
    for filters in (RequestFilters.of(category=("HR",)), narrower):
        found, explained = text_plan(filters)
        assert hr.text_name(vector_table(answer_env.settings)) in explained, explained
        assert all(m["category"] == "HR" for *_x, m in found)
        if filters == narrower:
            assert all(m["status"] == "Closed" for *_x, m in found)
        else:
            assert [x[0] for x in found] == [x[0] for x in before]


def test_a_search_by_someone_without_grants_walks_the_graph_of_what_they_may_see(copy: Database, answer_env: AnswerEnv) -> None:
    # the same, for an access policy that hides every category but HR from people without grants
    r = HybridRetriever(copy.engine, table=vector_table(answer_env.settings), dim=answer_env.settings.embedding.dim,
                        embed_model=answer_env.engine.retriever.embed_model, filtered_ef_search=10, max_scan_tuples=30)
    vocab = Vocabulary.load(copy.engine)
    policy = _all_but_hr_hidden(vocab)
    nobody = visibility_for(policy, Viewer("dm", user="U0NOGRANTS"))
    plan = vector_plan.VectorPlan("filtered graph", matching=60, share=0.15)
    embedding = r.embed_model.get_query_embedding("vpn disconnects after the update on my laptop")
    exact = [x[0] for x in r.vector_search(embedding, RequestFilters(), 10, exact=True, visibility=nobody)]
    assert len(exact) == 10
    assert len(r.vector_search(embedding, RequestFilters(), 10, plan=plan, visibility=nobody)) < 10
    _tune(copy, answer_env, filter_graphs.wanted_graphs(vocab, exact_below=20, max_share=0.3, fields=(), policy=policy,
                                                        engine=copy.engine))
    after = r.vector_search(embedding, RequestFilters(), 10, plan=plan, visibility=nobody)
    assert len(after) == 10 and len({x[0] for x in after} & set(exact)) >= 9
    assert all(m["category"] == "HR" for *_x, m in after)


def test_the_scan_budget_follows_the_filters_share_within_its_bounds(answer_env) -> None:
    r = HybridRetriever(answer_env.db.engine, table=vector_table(answer_env.settings), dim=384, embed_model=None,
                        filtered_ef_search=400, max_scan_tuples=100_000)
    budget = lambda share: r.scan_budget(vector_plan.VectorPlan("filtered graph", 1, share))
    assert budget(0.5) == 20_000  # pgvector's default is the floor
    assert budget(0.02) == 40_000  # 2 × 400 / 2 %
    assert budget(0.001) == 100_000  # the bound


def test_the_command_lists_what_it_builds_and_refuses_an_unknown_field(copy: Database, answer_env: AnswerEnv,
                                                                      monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from typer.testing import CliRunner

    from askdesk.cli import app

    monkeypatch.setenv("DATABASE_URL", copy.url.render_as_string(hide_password=False))
    monkeypatch.setenv("ASKDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASKDESK_ANSWERING__EXACT_BELOW", "20")
    monkeypatch.setenv("ASKDESK_EMBEDDING__BACKEND", "torch")  # the fixture's embedder (the depth embeds titles)
    vocab = Vocabulary.load(copy.engine)
    expected = filter_graphs.wanted_graphs(vocab, exact_below=20, max_share=0.3, fields=("category",))
    assert expected
    graph_depth.apply(copy.engine, 100)  # as the migration sets it (a copied database does not inherit it)
    res = CliRunner().invoke(app, ["db", "tune", "--field", "category", "--max-share", "0.3", "--dry-run"], terminal_width=200)
    assert res.exit_code == 0, res.output
    assert all(f"{g.label} " in res.output for g in expected) and res.output.count("would build") == len(expected)
    # 400 requests: the migration's depth already finds the true ten
    assert "hnsw.ef_search 100 kept" in res.output
    with copy.engine.connect() as conn:
        assert filter_graphs.existing_graphs(conn, vector_table(answer_env.settings)) == {}
    res = CliRunner().invoke(app, ["db", "tune", "--field", "nosuchfield"], terminal_width=200)
    assert res.exit_code == 2 and "no field nosuchfield" in res.output


# ----------------------------------------------------------------------- the unfiltered depth
def test_the_depth_is_the_shallowest_that_reaches_the_recall_measured_on_the_index(copy: Database, answer_env: AnswerEnv) -> None:
    table, dim = vector_table(answer_env.settings), answer_env.settings.embedding.dim
    # a depth of 1 returns one candidate (recall@10 at most 0.1); 400 finds the true ten at 400 requests
    recall, queries = graph_depth.measure(copy.engine, table, dim, queries=20, depths=(1, 400))
    assert queries == 20 and recall[1] <= 0.1 and recall[400] >= 0.95
    assert graph_depth.choose(recall, queries, target=0.95).ef_search == 400
    # with the embedder: the sampled requests' titles are the questions
    asked: list[str] = []

    def embed(titles: list[str]) -> list[list[float]]:
        asked.extend(titles)
        return answer_env.engine.retriever.embed_model.get_text_embedding_batch(titles)

    by_title, used = graph_depth.measure(copy.engine, table, dim, embed=embed, queries=10, depths=(1, 400))
    with copy.engine.connect() as conn:
        stored = set(conn.execute(sa.text(f"SELECT metadata_ ->> 'title' FROM {table}")).scalars())
    assert used == 10 and len(asked) == 10 and set(asked) <= stored
    assert by_title[1] <= 0.1 and by_title[400] >= 0.95
    assert graph_depth.choose({100: 0.90, 200: 0.96, 400: 0.99}, 40, target=0.95).ef_search == 200
    shallow = graph_depth.choose({100: 0.80, 200: 0.90}, 40, target=0.95)
    assert shallow.ef_search == 200 and not shallow.reached
    graph_depth.apply(copy.engine, 200)
    copy.engine.dispose()  # a database default reaches new connections
    assert graph_depth.current(copy.engine) == 200

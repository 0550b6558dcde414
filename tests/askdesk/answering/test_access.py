"""Request-level access control in the answering engine: hidden requests are kept out inside the
queries of every route (lookups, counts, lists, breakdowns, durations, trends, shares, search,
similar-to, the vocabulary), so for a viewer they behave exactly like requests that don't exist.

One indexed database per module: a slice of the sample plus planted restricted requests with
distinctive text and values (an HR one, a Security one with a value no visible request has, and
an IT one that is in the security scope only through its assignment group, a metadata field).
The truth is computed from the rows as written, not from the database.
"""

from __future__ import annotations

import ast
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from askdesk.access import (
    EVERYTHING,
    AccessPolicy,
    AccessPolicyError,
    Scope,
    Viewer,
    Visibility,
    visibility_for,
    visible_chunks,
)
from askdesk.answering import analytics_sql
from askdesk.answering.build import build_engine
from askdesk.answering.engine import SILENT, AnswerEngine
from askdesk.answering.filters import RequestFilters, request_conditions
from askdesk.answering.llm_plan.draft import plan_schema
from askdesk.answering.llm_plan.prompt import plan_messages
from askdesk.answering.retrieve import HybridRetriever, _version
from askdesk.answering.routes.base import VISIBLE_ONLY
from askdesk.db import Database
from askdesk.sample import REFERENCE_TIME, write_sample
from askdesk.settings import Settings
from askdesk.vector_tables import REF_DOC_ID, vector_table
from evals.scoring import stated_number
from tests.support.answer_env import indexed_sample
from tests.support.indexing import run_index
from tests.support.settings import make_settings

ROOT = Path(__file__).resolve().parents[3]
N_ROWS = 200
HR_ID, SEC_ID, META_ID, MISSING_ID = "REQ-190001", "REQ-190002", "REQ-190003", "REQ-190009"
PLANTED = (HR_ID, SEC_ID, META_ID)
#: a location and an assignment group only hidden requests have
HIDDEN_LOCATION, HIDDEN_GROUP = "Vault Nine", "Insider Threat Unit"

POLICY = AccessPolicy.model_validate({"scopes": [
    {"name": "hr", "match": [{"category": ["HR"]}], "grant": {"users": ["UHR"]}},
    {"name": "security", "match": [{"category": ["security "]}, {"assignment_group": [HIDDEN_GROUP.lower()]}],
     "grant": {"usergroups": ["SSEC"]}},
]})
#: the policy's fields as the export's columns
COLUMNS = {"category": "Category", "assignment_group": "AssignmentGroup"}

NOBODY = visibility_for(POLICY, Viewer("dm", user="U0"))  # every scope hidden
HR_ONLY = visibility_for(POLICY, Viewer("dm", user="UHR"))  # security hidden
ADMIN = visibility_for(POLICY, Viewer("admin"))  # nothing hidden


def _planted(template: dict) -> list[dict]:
    base = dict(template, Comments="", Status="Open", Priority="2 - High", ResolvedAt="",
                CreatedAt="2026-10-01 09:00:00", UpdatedAt="2026-10-02 09:00:00", Channel="Email")
    return [
        dict(base, RequestID=HR_ID, Category="HR", Subcategory="Payroll", AssignmentGroup="Payroll Team",
             Location="London HQ", Title="zebra-payroll-dispute about unpaid overtime",
             Description="The zebra-payroll-dispute: my overtime for September was not paid and payroll "
                         "says the zebra-payroll-dispute form is missing."),
        dict(base, RequestID=SEC_ID, Category="Security", Subcategory="Investigation", AssignmentGroup=HIDDEN_GROUP,
             Location=HIDDEN_LOCATION, Title="quokka badge cloning investigation",
             Description="Suspected quokka badge cloning at the vault door; the quokka badge reader logs "
                         "show duplicated badge ids."),
        dict(base, RequestID=META_ID, Category="IT", Subcategory="Hardware", AssignmentGroup=HIDDEN_GROUP,
             Location=HIDDEN_LOCATION, Title="quokka laptop seized for forensic imaging",
             Description="Laptop seized for forensic imaging after the quokka badge cloning case."),
    ]


def _hidden_by(row: dict, visibility: Visibility) -> bool:
    return any(all(row[COLUMNS[f]].strip().casefold() in values for f, values in table.items())
               for scope in visibility.hidden for table in scope.match)


def _dt(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


@dataclass
class AccessEnv:
    db: Database
    settings: Settings
    engine: AnswerEngine
    rows: list[dict]

    def visible(self, visibility: Visibility) -> list[dict]:
        return [r for r in self.rows if not _hidden_by(r, visibility)]

    def ask(self, question: str, visibility: Visibility | None = None, history=()):
        return self.engine.answer(question, visibility=visibility, history=list(history))


@pytest.fixture(scope="module")
def env(pg_server, template_db, embedder, sanitiser, tmp_path_factory) -> AccessEnv:
    tmp = tmp_path_factory.mktemp("access")
    with indexed_sample(pg_server, template_db, tmp, "access", n=N_ROWS, planted=lambda rows: _planted(rows[0]),
                        embedder=embedder, sanitiser=sanitiser, access_policy=POLICY) as indexed:
        yield AccessEnv(indexed.db, indexed.settings, indexed.engine, indexed.rows)


def test_the_visibilities_hide_what_the_policy_says(env) -> None:
    assert NOBODY.key() == ("hr", "security") and HR_ONLY.key() == ("security",) and not ADMIN.restricted
    hidden = {r["RequestID"] for r in env.rows} - {r["RequestID"] for r in env.visible(NOBODY)}
    assert set(PLANTED) <= hidden and any(r["Category"] == "HR" for r in env.rows if r["RequestID"] in hidden)
    assert len(env.visible(NOBODY)) >= 100


# ------------------------------------------------------------------------------------- lookups
def test_a_hidden_id_reads_exactly_like_an_id_that_does_not_exist(env) -> None:
    hr_sample = next(r["RequestID"] for r in env.rows if r["Category"] == "HR" and r["RequestID"] not in PLANTED)
    for visibility, hidden in ((NOBODY, [HR_ID, SEC_ID, META_ID, hr_sample]), (HR_ONLY, [SEC_ID, META_ID])):
        for rid in hidden:
            for question in ("What's the status of {}?", "tell me about {}", "who is {} assigned to?"):
                got = env.ask(question.format(rid), visibility)
                missing = env.ask(question.format(MISSING_ID), visibility)
                assert got.text == missing.text.replace(MISSING_ID, rid), (question, rid, got.text)
                assert got.refused and missing.refused and got.sources == [] and got.route == missing.route
                assert got.trace.retrieved == [{"request_id": rid, "found": False}]
    # the same ids are found by those who may see them
    assert env.ask(f"What's the status of {HR_ID}?", HR_ONLY).sources[0].request_id == HR_ID
    for rid in PLANTED:
        answer = env.ask(f"What's the status of {rid}?", ADMIN)
        assert not answer.refused and [s.request_id for s in answer.sources] == [rid]


def test_similar_to_a_hidden_request_is_not_found(env) -> None:
    got = env.ask(f"requests similar to {HR_ID}", NOBODY)
    missing = env.ask(f"requests similar to {MISSING_ID}", NOBODY)
    assert got.text == missing.text.replace(MISSING_ID, HR_ID) and got.refused and got.sources == []
    assert got.plan.similar_to == (HR_ID,)
    # seen by HR, it finds other requests (never itself, never a hidden one)
    similar = env.ask(f"requests similar to {HR_ID}", HR_ONLY)
    ids = {s.request_id for s in similar.sources}
    assert ids and HR_ID not in ids and not ids & {SEC_ID, META_ID}


# ------------------------------------------------------------------------------------- analytics
def test_counts_are_over_the_visible_requests_and_say_so(env) -> None:
    for visibility in (NOBODY, HR_ONLY):
        answer = env.ask("how many requests are there?", visibility)
        assert stated_number(answer.text) == len(env.visible(visibility)), answer.text
        assert VISIBLE_ONLY in answer.text
        assert not {s.request_id for s in answer.sources} & set(PLANTED)
        opened = env.ask("how many open requests?", visibility)
        statuses = set(opened.plan.filters.values("status"))
        assert statuses and stated_number(opened.text) == sum(r["Status"] in statuses for r in env.visible(visibility))
    everything = env.ask("how many requests are there?", ADMIN)
    assert stated_number(everything.text) == len(env.rows) and VISIBLE_ONLY not in everything.text
    # a count by hidden requests' own category does not exist for this viewer: "HR" is only words
    hr = env.ask("how many HR requests are there?", NOBODY)
    assert "category" not in hr.filters and hr.plan.topic.lower() == "hr"
    assert not {s.request_id for s in hr.sources} & {r["RequestID"] for r in env.rows if r["Category"] == "HR"}


def test_breakdowns_lists_durations_trends_and_shares_are_over_the_visible_requests(env) -> None:
    visible = env.visible(NOBODY)
    by_category = env.ask("how many requests per category?", NOBODY)
    assert by_category.plan.intent == "group" and VISIBLE_ONLY in by_category.text
    assert dict(by_category.trace.result["groups"]) == dict(Counter(r["Category"] for r in visible))
    by_group = env.ask("tickets per assignment group", NOBODY)
    groups = dict(by_group.trace.result["groups"])
    assert groups == dict(Counter(r["AssignmentGroup"] for r in visible)) and HIDDEN_GROUP not in groups

    listed = env.ask("list the 5 newest requests", NOBODY)
    assert listed.plan.intent == "list" and VISIBLE_ONLY in listed.text
    newest = sorted(visible, key=lambda r: (r["CreatedAt"], r["RequestID"]), reverse=True)
    assert listed.trace.result["count"] == len(visible)
    assert not set(listed.trace.result["listed"]) & set(PLANTED)
    assert {r["RequestID"] for r in newest[:5]} == set(listed.trace.result["listed"])

    spans = [(_dt(r["ResolvedAt"]) - _dt(r["CreatedAt"])).total_seconds() for r in visible
             if r["ResolvedAt"] and _dt(r["ResolvedAt"]) >= _dt(r["CreatedAt"])]
    duration = env.ask("what's the average time to resolve requests?", NOBODY)
    assert duration.plan.intent == "duration" and VISIBLE_ONLY in duration.text
    assert duration.trace.result["n"] == len(spans)
    assert duration.trace.result["mean"] == pytest.approx(statistics.fmean(spans), rel=1e-9)

    trend = env.ask("requests per month over the last 3 months", NOBODY)
    assert trend.plan.intent == "trend" and VISIBLE_ONLY in trend.text
    for month in ("2026-08", "2026-09", "2026-10"):
        n = sum(r["CreatedAt"].startswith(month) for r in visible)
        assert f"{month}: {n:,}" in trend.text, (month, trend.text)

    share = env.ask("what percentage of requests are high priority?", NOBODY)
    assert share.plan.intent == "share" and VISIBLE_ONLY in share.text
    high = sum(r["Priority"] == "2 - High" for r in visible)
    assert f"({high:,} of {len(visible):,})" in share.text, share.text


def test_values_only_hidden_requests_have_are_unknown(env) -> None:
    vocab = env.engine.vocabulary_for(NOBODY)
    assert HIDDEN_LOCATION not in vocab.values("location") and HIDDEN_GROUP not in vocab.values("assignment_group")
    assert not {"HR", "Security"} & set(vocab.categories)
    assert vocab.total == len(env.visible(NOBODY))
    full = env.engine.vocabulary_for(ADMIN)
    assert HIDDEN_LOCATION in full.values("location") and "HR" in full.categories
    assert env.engine.vocabulary_for(HR_ONLY).categories.get("HR") and env.engine.vocabulary_for() is full

    got = env.ask(f"how many requests at {HIDDEN_LOCATION}?", NOBODY)
    unknown = env.ask("how many requests at Castle Seven?", NOBODY)
    assert not got.plan.filters.values("location")
    assert re.sub("nine", "seven", re.sub("vault", "castle", got.text, flags=re.IGNORECASE), flags=re.IGNORECASE) == unknown.text
    counted = env.ask(f"how many requests at {HIDDEN_LOCATION}?", ADMIN)
    assert counted.plan.filters.values("location") == (HIDDEN_LOCATION,) and stated_number(counted.text) == 2
    # the words of hidden requests' text are not there to count either
    for visibility in (NOBODY, HR_ONLY):
        words = env.ask("how many requests mention quokka?", visibility)
        unknown_words = env.ask("how many requests mention okapi?", visibility)
        assert words.refused and words.text == unknown_words.text.replace("okapi", "quokka"), words.text
    assert stated_number(env.ask("how many requests mention quokka?", ADMIN).text) == 2
    # nor are they offered to the LLM planner
    prompt = " ".join(str(m.content) for m in plan_messages("how many?", vocab, REFERENCE_TIME))
    schema = str(plan_schema(vocab, strict=True)) + str(plan_schema(vocab))
    for value in (HIDDEN_LOCATION, HIDDEN_GROUP):
        assert value not in prompt and value not in schema


# ------------------------------------------------------------------------------------- search
def test_search_ranks_only_visible_chunks_and_keeps_recall(env) -> None:
    query = "zebra-payroll-dispute unpaid overtime"
    for visibility, hidden in ((NOBODY, set(PLANTED)), (HR_ONLY, {SEC_ID, META_ID})):
        answer = env.ask(f"has anyone had a {query}?", visibility)
        assert answer.route == "search" and len(answer.trace.ranking) >= 5
        ids = {s.request_id for s in answer.sources} | set(answer.trace.cited) | {
            r["request_id"] for r in answer.trace.retrieved} | {i for i, _s in answer.trace.ranking}
        assert not ids & hidden and not any(rid in answer.text for rid in hidden), answer.text
        retrieval = env.engine.retriever.retrieve(query, RequestFilters(), 5, visibility=visibility)
        assert len(retrieval.hits) == 5 and not {h.request_id for h in retrieval.hits} & hidden
    assert env.engine.retriever.retrieve(query, RequestFilters(), 5, visibility=HR_ONLY).hits[0].request_id == HR_ID
    assert HR_ID in {s.request_id for s in env.ask(f"has anyone had a {query}?", ADMIN).sources}
    assert env.engine.retriever.retrieve(query, RequestFilters(), 5).hits[0].request_id == HR_ID
    # the full-text side alone: the hidden requests hold the words, the visible ones don't
    retriever = env.engine.retriever
    assert {r for r, *_ in retriever.text_search("quokka", RequestFilters(), 10)} == {SEC_ID, META_ID}
    assert not retriever.text_search("quokka", RequestFilters(), 10, visibility=NOBODY)


def _only(categories: list[str]) -> Visibility:
    """A visibility that hides every category but these."""
    return Visibility(hidden=(Scope(name="others", match=({"category": tuple(
        c for c in ("IT", "HR", "Facilities", "Security", "Finance", "Procurement", "Legal")
        if c not in categories)},)),), basis="test")


def test_a_restricted_vector_search_keeps_scanning_the_hnsw_index_until_it_has_k(env) -> None:
    legal = [r["RequestID"] for r in env.rows if r["Category"] == "Legal"]
    assert len(legal) >= 5
    visibility = _only(["Legal"])
    # sessions where the HNSW index is always used, with a short candidate list and no iterative scan
    tight = sa.create_engine(env.db.engine.url, connect_args={
        "options": "-c enable_seqscan=off -c hnsw.ef_search=10 -c hnsw.iterative_scan=off"})
    try:
        # exact_below=0: the graph even for the few matching requests (the exact scan is tested apart)
        retriever = HybridRetriever(tight, table=vector_table(env.settings), dim=env.settings.embedding.dim,
                                    embed_model=env.engine.retriever.embed_model, exact_below=0)
        embedding = retriever.embed_model.get_query_embedding("my salary went to the wrong bank account")
        t = retriever.table
        plain = (sa.select(t.c.metadata_[REF_DOC_ID].astext).where(*visible_chunks(visibility, t.c.metadata_))
                 .order_by(t.c.embedding.cosine_distance(list(embedding))).limit(5))
        with tight.connect() as conn:
            explained = "\n".join(conn.execute(sa.text(
                "EXPLAIN " + str(plain.compile(tight, compile_kwargs={"literal_binds": True})))).scalars())
            without_iterative = conn.execute(plain).scalars().all()
        assert "embedding_idx" in explained, explained
        assert len(without_iterative) < 5  # the premise: a filtered HNSW scan alone loses rows
        found = retriever.vector_search(embedding, RequestFilters(), 5, visibility=visibility)
    finally:
        tight.dispose()
    # the exact neighbours, in sessions as the server has them (with seqscan off as well, Postgres
    # 18 would still pick the index: both plans are then "disabled")
    normal = env.engine.retriever
    exact = normal.vector_search(embedding, RequestFilters(), 5, exact=True, visibility=visibility)
    assert len(found) == 5 and {r for r, *_ in found} <= set(legal)
    assert [r for r, *_ in found] == [r for r, *_ in exact]
    sims = [s for _r, s, *_ in found]
    assert sims == sorted(sims, reverse=True)
    # a pgvector without iterative scans reads the exact neighbours instead
    old = HybridRetriever(env.db.engine, table=vector_table(env.settings), dim=env.settings.embedding.dim,
                          embed_model=normal.embed_model, exact_below=0)
    old._iterative = False
    assert old.vector_search(embedding, RequestFilters(), 5, visibility=visibility) == exact
    assert _version("0.8.6") >= (0, 8) > _version("0.7.4") and _version(None) == ()


# ------------------------------------------------------------------------------------- threads, traces, silence
def test_a_thread_keeps_its_visibility(env) -> None:
    first = env.ask("How many IT requests were created in September 2026?", NOBODY)
    history = [(first.trace.question, first.text)]
    follow = env.ask("and which of those are still open?", NOBODY, history)
    assert follow.trace.follow_up_of == first.trace.question and follow.filters["category"] == ["IT"]
    statuses = set(follow.plan.filters.values("status"))
    truth = sum(r["Category"] == "IT" and r["CreatedAt"].startswith("2026-09") and r["Status"] in statuses
                for r in env.visible(NOBODY))
    assert stated_number(follow.text) == truth and VISIBLE_ONLY in follow.text
    assert META_ID not in follow.text  # open, IT, September: in the security scope by its group
    assert follow.trace.access == NOBODY.as_dict()
    # a thread that began with a value only hidden requests have does not recognise it later either
    plan = env.engine.plan_thread([f"how many requests at {HIDDEN_LOCATION}?", "and how many are open?"],
                                  visibility=NOBODY)
    assert plan is not None and not plan.filters.values("location")
    plan = env.engine.plan_thread([f"how many requests at {HIDDEN_LOCATION}?", "and how many are open?"],
                                  visibility=ADMIN)
    assert plan is not None and plan.filters.values("location") == (HIDDEN_LOCATION,)


def test_the_trace_records_the_visibility(env) -> None:
    answer = env.ask("how many requests are there?", NOBODY)
    stored = answer.as_dict()["trace"]["access"]
    assert stored == {"hidden": ["hr", "security"], "granted": [], "basis": NOBODY.basis, "silent": False}
    assert "U0" not in str(stored)
    assert env.ask("how many requests are there?", ADMIN).trace.as_dict()["access"]["granted"] == ["hr", "security"]
    assert env.ask("how many requests are there?").trace.as_dict()["access"] == EVERYTHING.as_dict()


def test_a_silent_visibility_gets_no_answer_and_runs_no_query(env) -> None:
    silent = visibility_for(POLICY.model_copy(update={"shared_channels": "silent"}),
                            Viewer("channel", channel="CSHARED", shared_channel=True))
    assert silent.silent
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    sa.event.listen(env.db.engine, "before_cursor_execute", count)
    try:
        tokens: list[str] = []
        answer = env.engine.answer(f"What's the status of {HR_ID}?", visibility=silent, on_token=tokens.append)
    finally:
        sa.event.remove(env.db.engine, "before_cursor_execute", count)
    assert statements == []
    assert answer.refused and answer.text == SILENT and tokens == [SILENT] and answer.sources == []
    assert answer.route == "silent" and answer.trace.as_dict()["access"]["silent"] is True
    assert env.engine.prompt_for("has anyone had VPN drops?", visibility=silent) is None


# ------------------------------------------------------------------------------------- without a policy
def test_without_a_policy_the_sql_and_the_answers_are_unchanged(env) -> None:
    filters = RequestFilters.of(category=("IT",))
    assert [str(c) for c in analytics_sql.where(filters, "vpn", EVERYTHING)] == \
        [str(c) for c in [*request_conditions(filters, analytics_sql.t), analytics_sql.topic_condition("vpn")]]
    plain = AnswerEngine(env.db.engine, env.engine.retriever, env.settings.answering, scrub=env.engine.scrub)
    assert plain.default_visibility is EVERYTHING
    for question in ("how many requests are there?", "how many requests per category?",
                     f"What's the status of {HR_ID}?", "has anyone had a zebra-payroll-dispute?",
                     f"how many requests at {HIDDEN_LOCATION}?", "what's the average time to resolve requests?"):
        a, b = plain.answer(question), env.ask(question, ADMIN)
        assert a.text == b.text and a.sources == b.sources, question
        assert VISIBLE_ONLY not in a.text


def test_every_query_of_the_engine_passes_the_visibility() -> None:
    """The helpers other features call take a default (every request); inside the engine every
    call names the visibility, so none can fall back to it by omission."""
    #: the function -> how many positional arguments carry the visibility (None: keyword only)
    needs = {"fetch_requests": None, "retrieve": None, "vector_search": None, "text_search": None,
             "load": 2, "read_table": 2}
    missing = []
    for path in sorted((ROOT / "askdesk" / "answering").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                if name == "load" and not (isinstance(node.func, ast.Attribute)
                                           and getattr(node.func.value, "id", "") == "Vocabulary"):
                    continue
                if name not in needs or any(k.arg == "visibility" for k in node.keywords):
                    continue
                if needs[name] is None or len(node.args) < needs[name]:
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert not missing, missing


# ------------------------------------------------------------------------------------- the policy's fields
def test_a_policy_naming_a_field_the_requests_do_not_have_fails(env, db, embedder, tmp_path, sanitiser) -> None:
    typo = AccessPolicy.model_validate({"scopes": [{"name": "hr", "match": [{"catgory": ["HR"]}]}]})
    with pytest.raises(AccessPolicyError, match="catgory"):
        build_engine(env.settings, env.db, embed_model=env.engine.retriever.embed_model, access_policy=typo)
    by_metadata = AccessPolicy.model_validate({"scopes": [{"name": "s", "match": [{"assignment_group": ["x"]}]}]})
    build_engine(env.settings, env.db, embed_model=env.engine.retriever.embed_model, access_policy=by_metadata)
    # nothing indexed yet: checked after the first index run, and then every answer fails loudly
    settings = make_settings(tmp_path, answering={"now": REFERENCE_TIME})
    engine = build_engine(settings, db, embed_model=embedder, access_policy=typo)
    path = write_sample(tmp_path / "s.csv", n=10)
    run_index(db, settings, path, embedder=embedder, sanitiser=sanitiser)
    with pytest.raises(AccessPolicyError, match="catgory"):
        engine.refresh_vocabulary()
    with pytest.raises(AccessPolicyError, match="catgory"):
        engine.answer("how many requests are there?")



# ------------------------------------------------------------------------------------- the vocabularies
def test_each_visibility_has_its_vocabulary_and_concurrent_answers_equal_serial_ones(env) -> None:
    from concurrent.futures import ThreadPoolExecutor

    questions = ["how many requests are there?", f"What's the status of {HR_ID}?", "tickets per location",
                 f"how many requests at {HIDDEN_LOCATION}?", "how many open requests?"]
    asks = [(q, v) for q in questions for v in (NOBODY, HR_ONLY, ADMIN, _only(["IT"]))]
    fresh = build_engine(env.settings, env.db, embed_model=env.engine.retriever.embed_model, access_policy=POLICY)
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda qv: fresh.answer(qv[0], visibility=qv[1]).text, asks))
    assert concurrent == [env.ask(q, v).text for q, v in asks]
    assert set(fresh._vocabs.keys()) == {(), ("hr", "security"), ("security",), ("others",)}


def test_vocabularies_are_reloaded_together_and_bounded(env) -> None:
    from askdesk.answering.vocabularies import Vocabularies

    vocabs = Vocabularies(env.db.engine, env.engine.vocabulary_for(ADMIN), max_keys=3)
    first = vocabs.get(NOBODY)
    assert vocabs.get(NOBODY) is first and vocabs.get(ADMIN).vocabulary is env.engine.vocabulary_for(ADMIN)
    assert first.visibility.hidden == NOBODY.hidden and first.visibility.basis != NOBODY.basis  # no viewer kept
    hr = vocabs.get(HR_ONLY)
    vocabs.get(_only(["IT"]))  # a fourth key: the least recently used restricted one goes
    assert vocabs.keys() == [(), ("security",), ("others",)]
    vocabs.reload()
    assert vocabs.keys() == [(), ("security",), ("others",)]
    assert vocabs.get(HR_ONLY) is not hr and vocabs.get(HR_ONLY).vocabulary.values("location") == \
        env.engine.vocabulary_for(HR_ONLY).values("location")


def test_phrased_facts_keep_saying_they_are_over_the_visible_requests() -> None:
    from askdesk.answering.phrasing import phrase_facts
    from askdesk.answering.plan import QueryPlan
    from askdesk.answering.trace import Trace
    from askdesk.llm.base import GenerationResult

    class Says:
        def __init__(self, text: str) -> None:
            self.text = text

        def generate(self, messages, on_token=None) -> GenerationResult:
            return GenerationResult(self.text, 0.0, 0.0, 1)

    facts = f"12 requests match (no filters · metric: count · {VISIBLE_ONLY})."
    trace = Trace("how many?", QueryPlan("how many?", "count"), "2026-01-01", "v")
    assert phrase_facts(Says("There are 12 requests."), "how many?", facts, trace, str, keep=(VISIBLE_ONLY,)) == facts
    assert trace.phrasing == {"used": False, "missing": [VISIBLE_ONLY]}
    kept = f"There are 12 requests, {VISIBLE_ONLY}."
    assert phrase_facts(Says(kept), "how many?", facts, trace, str, keep=(VISIBLE_ONLY,)) == kept
    assert phrase_facts(Says("There are 12 requests."), "how many?", facts, trace, str) == "There are 12 requests."

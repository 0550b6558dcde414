""""My requests": questions about the asker's own requests, answered from the requests whose
keyed requester hash is the asker's, and only where the asker alone reads the answer.

One indexed database for the module: a slice of the sample plus planted requests raised by
Alice (an e-mail written in mixed case in the export), one of them in a restricted HR scope, and
a look-alike raised by someone else.  The truth is computed from the rows as written.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from askdesk.access import AccessPolicy, Viewer, Visibility, trainable, visibility_for
from askdesk.access.requester import IN_A_CHANNEL, Requester, RequesterHasher
from askdesk.answering.engine import AnswerEngine
from askdesk.answering.routes.decline import NO_REQUESTERS_TEXT
from askdesk.db import Database
from askdesk.settings import Settings
from evals.scoring import stated_number
from tests.support.answer_env import indexed_sample
from tests.support.indexing import all_text

N_ROWS = 150
ALICE_EXPORT, ALICE = "Alice.Owner@Northwind-Corp.COM", "alice.owner@northwind-corp.com"
CAROL = "carol.nobody@northwind-corp.com"  # known to Slack, raised nothing
LAPTOP, VPN, MONITOR, LEAVE, BOBS_LAPTOP = "REQ-191001", "REQ-191002", "REQ-191003", "REQ-191004", "REQ-191005"
ALICES = (LAPTOP, VPN, MONITOR, LEAVE)
POLICY = AccessPolicy.model_validate({"scopes": [
    {"name": "hr", "match": [{"category": ["HR"]}], "grant": {"users": ["UHR"]}}]})


def _planted(template: dict) -> list[dict]:
    alice = dict(template, RequesterName="Alice Owner", RequesterEmail=ALICE_EXPORT, Comments="", ResolvedAt="",
                 Priority="3 - Medium", Channel="Portal", Category="IT", Subcategory="Hardware",
                 AssignmentGroup="Service Desk")
    return [
        dict(alice, RequestID=LAPTOP, Title="Laptop replacement request", Status="Open",
             Description="The laptop battery is swollen and the laptop no longer closes; please replace it.",
             CreatedAt="2026-10-20 09:00:00", UpdatedAt="2026-10-21 09:00:00"),
        dict(alice, RequestID=VPN, Title="VPN keeps disconnecting", Status="Pending", Subcategory="Network",
             Description="The VPN drops every ten minutes when working from home.",
             Comments="Service desk replied: please reinstall the VPN client and tell us if it still drops.",
             CreatedAt="2026-10-15 09:00:00", UpdatedAt="2026-10-16 09:00:00"),
        dict(alice, RequestID=MONITOR, Title="Monitor cable missing", Status="Resolved",
             Description="The second monitor came without a DisplayPort cable.",
             CreatedAt="2026-09-01 09:00:00", UpdatedAt="2026-09-10 09:00:00", ResolvedAt="2026-09-10 09:00:00"),
        dict(alice, RequestID=LEAVE, Title="Parental leave question", Status="Open", Category="HR",
             Subcategory="Leave", AssignmentGroup="HR Operations",
             Description="How do I split parental leave across two periods?",
             CreatedAt="2026-10-25 09:00:00", UpdatedAt="2026-10-25 09:00:00"),
        dict(alice, RequestID=BOBS_LAPTOP, RequesterName="Bob Other", RequesterEmail="bob.other@northwind-corp.com",
             Title="Laptop replacement request", Status="Open",
             Description="The laptop battery is swollen; please replace the laptop.",
             CreatedAt="2026-10-22 09:00:00", UpdatedAt="2026-10-22 09:00:00"),
    ]


@dataclass
class OwnEnv:
    db: Database
    settings: Settings
    engine: AnswerEngine
    rows: list[dict]
    hasher: RequesterHasher

    def dm(self, email: str | None, policy: AccessPolicy | None = None) -> Visibility:
        requester = Requester(self.hasher.keys_of_email(email)) if email else Requester()
        return visibility_for(policy, Viewer("dm", user="UA", requester=requester))

    def channel(self, email: str) -> Visibility:
        return visibility_for(None, Viewer("channel", user="UA", channel="C1",
                                           requester=Requester(self.hasher.keys_of_email(email))))

    def ask(self, question: str, visibility: Visibility, history=()):
        return self.engine.answer(question, visibility=visibility, history=list(history))


@pytest.fixture(scope="module")
def env(pg_server, template_db, embedder, sanitiser, tmp_path_factory) -> OwnEnv:
    tmp = tmp_path_factory.mktemp("own")
    with indexed_sample(pg_server, template_db, tmp, "own", n=N_ROWS, planted=lambda rows: _planted(rows[0]),
                        embedder=embedder, sanitiser=sanitiser, access_policy=POLICY) as indexed:
        yield OwnEnv(indexed.db, indexed.settings, indexed.engine, indexed.rows, RequesterHasher(indexed.settings.sanitiser.secret.get_secret_value()))


def _ids(answer) -> set[str]:
    return {s.request_id for s in answer.sources}


# ------------------------------------------------------------------------------------- stored
def test_only_a_keyed_hash_of_the_requester_is_stored(env) -> None:
    with env.db.engine.connect() as conn:
        keys = dict(conn.execute(sa.text("SELECT request_id, requester_key FROM requests")).all())
    assert {keys[rid] for rid in ALICES} == {env.hasher.key_of(ALICE, "email")}  # case folded
    assert keys[BOBS_LAPTOP] != keys[LAPTOP] and all(keys.values())
    stored = all_text(env.db).lower()
    assert "alice.owner@" not in stored and "bob.other@" not in stored and "@northwind-corp.com" not in stored


# ------------------------------------------------------------------------------------- answered
def test_my_requests_are_the_askers_own_in_every_route(env) -> None:
    alice = env.dm(ALICE)
    mine = {r["RequestID"] for r in env.rows if r["RequesterEmail"].lower() == ALICE}
    assert mine == set(ALICES)

    opened = env.ask("my open requests", alice)
    assert opened.plan.filters.mine and "raised by you" in opened.text
    statuses = set(opened.plan.filters.values("status"))
    assert statuses and stated_number(opened.text) == sum(
        r["Status"] in statuses for r in env.rows if r["RequestID"] in mine)
    assert _ids(opened) <= mine

    listed = env.ask("show me my tickets", alice)
    assert listed.plan.intent == "list" and set(listed.trace.result["listed"]) == mine

    laptop = env.ask("what's the status of my laptop request?", alice)
    assert laptop.sources and laptop.sources[0].request_id == LAPTOP and _ids(laptop) <= mine, laptop.text
    assert "among the requests you raised" in laptop.text
    assert BOBS_LAPTOP not in laptop.text

    vpn = env.ask("did anyone reply to my VPN ticket?", alice)
    assert vpn.sources and vpn.sources[0].request_id == VPN and _ids(vpn) <= mine, vpn.text

    by_status = env.ask("how many of my requests per status?", alice)
    assert by_status.plan.intent == "group" and dict(by_status.trace.result["groups"]) == {
        "Open": 2, "Pending": 1, "Resolved": 1}

    # "mine" holds through a thread's follow-ups
    first = env.ask("my open requests", alice)
    oldest = env.ask("which of those is the oldest?", alice, history=[("my open requests", first.text)])
    assert oldest.plan.filters.mine and _ids(oldest) <= mine


def test_someone_with_no_requests_gets_none_and_a_restricted_scope_still_applies(env) -> None:
    carol = env.ask("how many open tickets have I got?", env.dm(CAROL))
    assert carol.plan.filters.mine and stated_number(carol.text) == 0 and not carol.sources, carol.text
    # under the policy, Alice's own HR request is as hidden from her as any HR request
    restricted = env.ask("show me my tickets", env.dm(ALICE, POLICY))
    assert set(restricted.trace.result["listed"]) == set(ALICES) - {LEAVE}


def test_a_question_without_my_is_about_everyone(env) -> None:
    answer = env.ask("laptop battery swollen", env.dm(ALICE))
    assert not answer.plan.filters.mine and {LAPTOP, BOBS_LAPTOP} <= _ids(answer)


# ------------------------------------------------------------------------------------- declined
def test_in_a_channel_it_says_to_ask_in_a_dm_and_reads_nothing(env) -> None:
    answer = env.ask("what's the status of my laptop request?", env.channel(ALICE))
    assert answer.refused and answer.text == IN_A_CHANNEL and answer.sources == []
    assert answer.trace.retrieved == [] and answer.trace.result in (None, {})


def test_an_unknown_asker_is_told_why_not_given_everyones(env) -> None:
    unknown = Requester(unknown="Slack didn't give askdesk your e-mail address.")
    vis = visibility_for(None, Viewer("dm", user="UA", requester=unknown))
    answer = env.ask("my open requests", vis)
    assert answer.refused and answer.text == unknown.unknown and stated_number(answer.text) is None


def test_an_index_without_requesters_says_so(env) -> None:
    with env.db.engine.begin() as conn:
        saved = conn.execute(sa.text("SELECT request_id, requester_key FROM requests")).all()
        conn.execute(sa.text("UPDATE requests SET requester_key = NULL"))
    try:
        answer = env.ask("my open requests", env.dm(ALICE))
        assert answer.refused and answer.text == NO_REQUESTERS_TEXT
    finally:
        with env.db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE requests SET requester_key = :k WHERE request_id = :r"),
                         [{"k": k, "r": r} for r, k in saved])


def test_answers_about_own_requests_are_not_training_data(env) -> None:
    answer = env.ask("my open requests", env.dm(ALICE))
    assert answer.trace.as_dict()["access"]["own_requests"] is True
    assert not trainable(None, answer.trace.as_dict()["access"])
    assert "requester" not in answer.trace.as_dict()["access"]  # no keys in traces



"""Access control in Slack, over real signed HTTP: where the answer is read decides what it may use.

The policy restricts the HR requests of the 400-request sample.  In a channel only the channel's
own grants apply (not the asker's), in a DM the asker's (their user id and user groups); a channel
shared with other organisations gets unrestricted requests only, or no answer at all; thread
follow-ups keep their thread's visibility; App Home's examples follow the user's grants; a Slack
lookup that fails fails closed; and the terminal chat and ``askdesk ask`` answer as the configured
identity.  The truth is counted from the generated rows.
"""

from __future__ import annotations

import json
import logging
import pickle
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from slack_sdk import WebClient

from askdesk import schema
from askdesk.access import AccessPolicy
from askdesk.access.requester import IN_A_CHANNEL, NOBODY, RequesterHasher
from askdesk.runtime import Runtime
from bot.access import NO_EMAIL, SLACK_UNREACHABLE, SlackDirectory, viewer_for, visibility_for_question
from bot.cli import ask, run_chat
from bot.fake_slack import FakeSlackAPI, answer_id_of
from bot.terminal import TerminalChat
from bot.worker import AnswerWorkers
from evals.golden import SAMPLE_CLOSED
from evals.scoring import stated_number
from tests.support.settings import make_settings
from tests.support.slack import SlackEnv, wait_for

ALICE = "U0ALICE"    # granted HR personally
BOB = "U0BOB"        # in user group S0HR, which is granted HR
EVE = "U0EVE"        # no grant
HR_DESK = "C0HRDESK"  # a channel granted HR
SHARED = "C0EXT"      # shared with another organisation (and granted HR: that doesn't count there)
QUESTION = "How many requests are there?"
ALICE_EMAIL = "Alice.Lee@Corp.example"  # Slack's spelling; the requests data may spell it otherwise
SECRET = "test-requester-secret"


def hr_policy(**extra: Any) -> AccessPolicy:
    return AccessPolicy.model_validate({**extra, "scopes": [{
        "name": "hr", "description": "HR cases", "match": [{"category": ["HR"]}],
        "grant": {"users": [ALICE], "usergroups": ["S0HR"], "channels": [HR_DESK, SHARED]}}]})


def counts(s: SlackEnv) -> tuple[int, int]:
    """(every request, the requests outside HR)."""
    rows = s.answers.rows
    return len(rows), sum(1 for r in rows if r.category != "HR")


def says(text: str, n: int) -> bool:
    return re.search(rf"(?<![\d,.]){n}(?![\d,])", text) is not None


def answer_text(s: SlackEnv, key: str) -> str:
    row = s.wait_done(key)
    assert row.status == "done", row
    [msg] = s.fake.answers(key)
    return msg["text"]


def access_of(s: SlackEnv, key: str) -> dict[str, Any]:
    row = s.inbox(key)
    assert row is not None
    return row.access


@pytest.fixture
def hr_slack(make_slack) -> SlackEnv:
    s = make_slack(access_policy=hr_policy())
    s.fake.usergroups["S0HR"] = [BOB]
    s.fake.channels[SHARED] = {"is_ext_shared": True}
    return s


def test_a_channel_uses_the_channels_grants_and_a_dm_the_askers(hr_slack: SlackEnv) -> None:
    s = hr_slack
    everything, outside_hr = counts(s)
    assert everything != outside_hr
    # Alice may see HR, but in a channel everyone reads the answer: HR is left out
    s.slack.mention(ALICE, "C100", QUESTION, "1761903000.000100")
    text = answer_text(s, "C100:1761903000.000100")
    assert says(text, outside_hr) and not says(text, everything), text
    # in a DM only she reads it: her grant applies
    s.slack.message(ALICE, "D0ALICE", QUESTION, "1761903000.000200")
    text = answer_text(s, "D0ALICE:1761903000.000200")
    assert says(text, everything), text
    # Bob through his user group; Eve has no grant
    s.slack.message(BOB, "D0BOB", QUESTION, "1761903000.000300")
    s.slack.message(EVE, "D0EVE", QUESTION, "1761903000.000400")
    assert says(answer_text(s, "D0BOB:1761903000.000300"), everything)
    text = answer_text(s, "D0EVE:1761903000.000400")
    assert says(text, outside_hr) and not says(text, everything), text
    # a channel granted HR sees it, whoever asks
    s.slack.mention(EVE, HR_DESK, QUESTION, "1761903000.000500")
    assert says(answer_text(s, f"{HR_DESK}:1761903000.000500"), everything)

    # what is stored with each question: scope names and whose grants, never a user id
    channel, dm = access_of(s, "C100:1761903000.000100"), access_of(s, "D0ALICE:1761903000.000200")
    assert channel["hidden"] == ["hr"] and channel["granted"] == [] and "C100" in channel["basis"]
    assert channel["silent"] is False
    assert dm["hidden"] == [] and dm["granted"] == ["hr"] and "direct message" in dm["basis"]
    assert access_of(s, f"{HR_DESK}:1761903000.000500")["granted"] == ["hr"]
    with s.db.engine.connect() as conn:
        stored = json.dumps([dict(r._mapping) for r in conn.execute(sa.select(schema.slack_inbox))], default=str)
    for user in (ALICE, BOB, EVE):
        assert user not in stored
    # user groups are looked up once per refresh period, and only for personal grants (DMs)
    assert {c.args["usergroup"] for c in s.fake.calls_to("usergroups.users.list")} == {"S0HR"}
    assert len(s.fake.calls_to("usergroups.users.list")) == 1
    assert {c.args["channel"] for c in s.fake.calls_to("conversations.info")} == {"C100", HR_DESK}


def test_restricted_requests_are_never_shown_or_cited_in_a_channel_search(hr_slack: SlackEnv) -> None:
    """A search worded like an HR request's own title, in a channel without HR: none of the HR
    requests (the best matches by far) is shown, cited or stored with the answer; "similar to"
    one of them reads like an id that doesn't exist; in Alice's DM they are found."""
    s = hr_slack
    hr = [r for r in s.answers.raw if r["Category"] == "HR"]
    hr_ids = {r["RequestID"] for r in hr}
    target = next(r for r in hr if len(r["Title"].split()) >= 3)
    s.slack.mention(EVE, "C100", target["Title"], "1761903009.000100")
    s.slack.mention(EVE, "C100", f"requests similar to {target['RequestID']}", "1761903009.000200")
    s.slack.message(ALICE, "D0ALICE", target["Title"], "1761903009.000300")
    channel = answer_text(s, "C100:1761903009.000100")
    similar = answer_text(s, "C100:1761903009.000200")
    dm = answer_text(s, "D0ALICE:1761903009.000300")
    assert not set(re.findall(r"REQ-\d+", channel)) & hr_ids, channel
    assert f"couldn't find request {target['RequestID']}" in similar and not set(re.findall(r"REQ-\d+", similar)) - {
        target["RequestID"]}
    assert set(re.findall(r"REQ-\d+", dm)) & hr_ids, dm
    stored = {a.event_key: a for a in s.stored_answers()}
    for key in ("C100:1761903009.000100", "C100:1761903009.000200"):
        cited = json.dumps([stored[key].trace.get(k) for k in ("retrieved", "ranking", "cited", "prompt")])
        assert not set(re.findall(r"REQ-\d+", cited)) & hr_ids - {target["RequestID"]}, key


def test_a_shared_channel_gets_unrestricted_requests_only(hr_slack: SlackEnv) -> None:
    s = hr_slack
    everything, outside_hr = counts(s)
    # granted HR, but shared with another organisation: its grant doesn't count
    s.slack.mention(ALICE, SHARED, QUESTION, "1761903001.000100")
    text = answer_text(s, f"{SHARED}:1761903001.000100")
    assert says(text, outside_hr) and not says(text, everything), text
    access = access_of(s, f"{SHARED}:1761903001.000100")
    assert access["hidden"] == ["hr"] and "shared with other organisations" in access["basis"]


def test_the_slash_command_answers_in_the_channel_with_its_grants_and_in_a_dm_with_the_askers(hr_slack: SlackEnv) -> None:
    s = hr_slack
    everything, outside_hr = counts(s)
    # /askdesk in a channel: the question and its answer are posted in the channel, for everyone
    status, body, _ = s.slack.command(ALICE, "C101", QUESTION, trigger_id="trig.acc1")
    assert status == 200 and "Looking into it" in body
    [answer] = wait_for(lambda: [m for m in s.fake.answers("cmd:trig.acc1") if answer_id_of(m)])
    assert answer["channel"] == "C101" and answer["thread_ts"]
    assert says(answer["text"], outside_hr) and not says(answer["text"], everything), answer["text"]
    assert access_of(s, "cmd:trig.acc1")["hidden"] == ["hr"]
    # /askdesk in a DM: only Alice reads it
    s.slack.command(ALICE, "D0ALICE", QUESTION, trigger_id="trig.acc2", channel_name="directmessage")
    assert says(answer_text(s, "cmd:trig.acc2"), everything)
    assert access_of(s, "cmd:trig.acc2")["granted"] == ["hr"]
    # where the bot isn't a member the answer comes privately through response_url, still with the
    # channel's grants (the narrower of the two)
    s.fake.fail["chat.postMessage"] = "not_in_channel"
    url = s.fake.response_url("acc3")
    s.slack.command(ALICE, "C102", QUESTION, response_url=url, trigger_id="trig.acc3")
    assert s.wait_done("cmd:trig.acc3").status == "done"
    [sent] = s.fake.calls_to("response_url:acc3")
    assert sent.args["response_type"] == "ephemeral" and says(sent.args["text"], outside_hr)


def test_a_thread_follow_up_keeps_the_threads_visibility(hr_slack: SlackEnv) -> None:
    s = hr_slack
    rows = s.answers.rows
    open_outside_hr = sum(1 for r in rows if r.category != "HR" and r.status not in SAMPLE_CLOSED)
    open_all = sum(1 for r in rows if r.status not in SAMPLE_CLOSED)
    assert open_all != open_outside_hr
    root = "1761903003.000100"
    s.slack.mention(ALICE, "C103", QUESTION, root)
    s.wait_done(f"C103:{root}")
    # Alice follows up in the channel's thread (no mention): still the channel's visibility
    s.slack.message(ALICE, "C103", "and which of those are still open?", "1761903003.000200", channel_type="channel",
                    thread_ts=root)
    text = answer_text(s, "C103:1761903003.000200")
    assert s.inbox("C103:1761903003.000200").kind == "thread"
    assert says(text, open_outside_hr) and not says(text, open_all), text
    assert access_of(s, "C103:1761903003.000200") == access_of(s, f"C103:{root}")
    # the history given to the engine came from this thread only
    stored = {a.event_key: a for a in s.stored_answers()}
    assert stored["C103:1761903003.000200"].trace["follow_up_of"] == stored[f"C103:{root}"].question


def test_a_silent_policy_gives_shared_channels_no_answer_and_stores_nothing(make_slack) -> None:
    s = make_slack(access_policy=hr_policy(shared_channels="silent"))
    s.fake.channels[SHARED] = {"is_ext_shared": True}
    everything, _ = counts(s)
    assert s.slack.mention(ALICE, SHARED, QUESTION, "1761903004.000100")[0] == 200
    status, body, _ = s.slack.command(ALICE, SHARED, QUESTION, trigger_id="trig.silent")
    assert status == 200 and "shared with other organisations" in body
    [notice] = wait_for(lambda: s.fake.calls_to("chat.postEphemeral"))
    assert notice.args["user"] == ALICE and notice.args["channel"] == SHARED
    assert "direct message" in notice.args["text"]
    # a DM is answered as usual, and answered first: the silent questions were never queued
    s.slack.message(ALICE, "D0ALICE", QUESTION, "1761903004.000200")
    assert says(answer_text(s, "D0ALICE:1761903004.000200"), everything)
    with s.db.engine.connect() as conn:
        keys = conn.execute(sa.select(schema.slack_inbox.c.event_key)).scalars().all()
    assert keys == ["D0ALICE:1761903004.000200"]
    assert not [m for m in s.fake.messages.values() if m["channel"] == SHARED]
    assert not s.fake.calls_to("reactions.add") or all(c.args["channel"] != SHARED for c in s.fake.calls_to("reactions.add"))


def test_slack_lookups_that_fail_fail_closed(make_slack, caplog) -> None:
    s = make_slack(access_policy=hr_policy())
    s.fake.usergroups["S0HR"] = [BOB]
    s.fake.fail["conversations.info"] = "missing_scope"
    s.fake.fail["usergroups.users.list"] = "ratelimited"
    caplog.set_level(logging.DEBUG)
    everything, outside_hr = counts(s)
    # Slack can't say whether the granted channel is shared: taken as shared
    s.slack.mention(EVE, HR_DESK, QUESTION, "1761903005.000100")
    text = answer_text(s, f"{HR_DESK}:1761903005.000100")
    assert says(text, outside_hr) and not says(text, everything), text
    # Bob's group membership never known: he is in no group
    s.slack.message(BOB, "D0BOB", QUESTION, "1761903005.000200")
    text = answer_text(s, "D0BOB:1761903005.000200")
    assert says(text, outside_hr) and not says(text, everything), text
    # Alice's personal grant needs no lookup
    s.slack.message(ALICE, "D0ALICE", QUESTION, "1761903005.000300")
    assert says(answer_text(s, "D0ALICE:1761903005.000300"), everything)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "failing closed" in logged
    for user in (ALICE, BOB, EVE):
        assert user not in logged


def test_a_queued_question_is_answered_with_its_record_failing_closed(hr_slack: SlackEnv) -> None:
    s = hr_slack
    everything, outside_hr = counts(s)
    s.bot.workers.stop()  # hold the questions in the inbox
    inbox = schema.slack_inbox
    s.slack.message(ALICE, "D0ALICE", QUESTION, "1761903006.000100")
    s.slack.message(ALICE, "D0ALICE", QUESTION, "1761903006.000200")
    no_record, silent = "D0ALICE:1761903006.000100", "D0ALICE:1761903006.000200"
    with s.db.engine.begin() as conn:
        # queued before access control existed: every restricted scope hidden, though Alice may see HR
        conn.execute(sa.update(inbox).where(inbox.c.event_key == no_record).values(access=None))
        # a record that says "no answer" gets none
        conn.execute(sa.update(inbox).where(inbox.c.event_key == silent).values(
            access={"hidden": ["hr"], "granted": [], "basis": "test", "silent": True}))
    workers = AnswerWorkers(s.bot.deps, threads=1)  # a fresh set of workers answers them
    workers.start()
    try:
        text = answer_text(s, no_record)
        wait_for(lambda: s.inbox(silent).status == "silent")
    finally:
        workers.stop()
    assert says(text, outside_hr) and not says(text, everything), text
    assert not s.fake.answers(silent) and s.inbox(silent).question is None


def test_app_home_examples_follow_the_users_grants(make_slack, answer_env) -> None:
    r = schema.requests
    with answer_env.db.engine.connect() as conn:
        latest_id, latest_category = conn.execute(
            sa.select(r.c.request_id, r.c.category).order_by(r.c.updated_at.desc().nulls_last()).limit(1)).one()
        biggest = conn.execute(sa.select(r.c.category).group_by(r.c.category)
                               .order_by(sa.func.count().desc()).limit(1)).scalar_one()
    # restrict exactly what App Home would show first: the latest request's category and the biggest one
    policy = AccessPolicy.model_validate({"scopes": [{
        "name": "top", "match": [{"category": sorted({latest_category, biggest})}], "grant": {"users": [ALICE]}}]})
    s = make_slack(access_policy=policy)

    def home(user: str) -> str:
        assert s.slack.home_opened(user)[0] == 200
        call = wait_for(lambda: [c for c in s.fake.calls_to("views.publish") if c.args["user_id"] == user])[0]
        return json.dumps(call.args["view"])

    eve, alice = home(EVE), home(ALICE)
    assert not s.fake.calls_to("users.info")  # the examples aren't about anyone's own requests
    assert latest_id in alice and f"How many {biggest} requests" in alice
    assert latest_id not in eve and f"How many {biggest} requests" not in eve and "What's the status of REQ-" in eve
    shown = re.search(r"What's the status of (REQ-\d+)", eve)
    assert shown is not None
    with s.db.engine.connect() as conn:
        assert conn.execute(sa.select(r.c.category).where(r.c.request_id == shown.group(1))).scalar_one() not in (
            latest_category, biggest)


def test_the_terminal_chat_and_ask_answer_as_the_configured_identity(make_slack, embedder, sanitiser, tmp_path: Path,
                                                                      monkeypatch, capsys) -> None:
    s = make_slack()
    everything, outside_hr = counts(s)
    policy = tmp_path / "policy.toml"
    policy.write_text(f'[[scopes]]\nname = "hr"\nmatch = [{{ category = ["HR"] }}]\ngrant = {{ users = ["{ALICE}"] }}\n')
    chats: list[TerminalChat] = []
    monkeypatch.setattr(TerminalChat, "run", lambda self: chats.append(self))

    def runtime(**access: Any) -> Runtime:
        settings = make_settings(tmp_path, answering={"now": s.answers.now}, access={"policy_path": policy, **access})
        return Runtime(settings, db=s.db, sanitiser=sanitiser, embedder=embedder)

    # `askdesk chat`: as ASKDESK_ACCESS__USER, or with no identity unrestricted requests only
    for rt, expected, other in ((runtime(user=ALICE), everything, None), (runtime(), outside_hr, everything)):
        run_chat(rt, llm=False)
        chat = chats.pop()
        assert chat.visibility is not None
        text = chat.ask(QUESTION).text
        assert says(text, expected) and (other is None or not says(text, other)), text
    # `askdesk ask`
    for rt, expected in ((runtime(user=ALICE), everything), (runtime(), outside_hr)):
        monkeypatch.setattr(Runtime, "from_environment", lambda rt=rt: rt)
        capsys.readouterr()
        ask(QUESTION, as_json=True, llm=False)
        answer = json.loads(capsys.readouterr().out)
        assert says(answer["text"], expected), answer["text"]
        assert answer["trace"]["access"]["granted"] == (["hr"] if expected == everything else [])


# ---------------------------------------------------------------------- "my requests": who is asking

@pytest.fixture
def web_api() -> Iterator[FakeSlackAPI]:
    fake = FakeSlackAPI(users={ALICE: ALICE_EMAIL, BOB: None})  # Bob: a profile without an e-mail
    yield fake
    fake.close()


def directory_of(fake: FakeSlackAPI | None, *, url: str | None = None, refresh_s: float = 300.0) -> SlackDirectory:
    client = WebClient(token="xoxb-test", base_url=url or (fake.url if fake else "")) if fake or url else None
    return SlackDirectory(client, hasher=RequesterHasher(SECRET), refresh_s=refresh_s)


def cached_bytes(directory: SlackDirectory) -> bytes:
    """Everything the directory keeps about users' identities (its requester cache), serialised."""
    return pickle.dumps(directory._requesters._values)


def test_the_directory_hashes_a_users_slack_email_at_once_and_caches_only_the_keys(web_api: FakeSlackAPI) -> None:
    directory = directory_of(web_api)
    alice = directory.requester(ALICE)
    assert alice.known and alice.keys == RequesterHasher(SECRET).keys_of_email(ALICE_EMAIL)
    assert alice.keys == RequesterHasher(SECRET).keys_of_email("alice.lee@corp.example")  # case-folded
    assert directory.requester(ALICE) == alice
    [call] = web_api.calls_to("users.info")  # looked up once per refresh period
    assert call.args["user"] == ALICE
    kept = cached_bytes(directory)
    assert b"corp.example" not in kept.lower() and b"alice.lee" not in kept.lower()
    assert ALICE_EMAIL not in repr(alice) and alice.keys[0] not in repr(alice)
    # a different secret: different keys (the hash is keyed)
    assert alice.keys != RequesterHasher("another secret").keys_of_email(ALICE_EMAIL)


def test_without_an_email_from_slack_the_requester_is_not_known_and_says_why(web_api: FakeSlackAPI) -> None:
    directory = directory_of(web_api)
    for user in (BOB, "U0BOTUSER"):  # a profile without an e-mail; a user the fake has no address for
        requester = directory.requester(user)
        assert not requester.known and requester.unknown == NO_EMAIL
        assert "users:read.email" in requester.unknown
    # the app lacks users:read altogether: Slack refuses, which is an answer, not an outage
    web_api.fail["users.info"] = "missing_scope"
    requester = directory.requester(EVE)
    assert not requester.known and requester.unknown == NO_EMAIL
    # no client, or no hasher: nothing is looked up, nobody is known
    assert directory_of(None).requester(ALICE) == NOBODY
    no_hasher = SlackDirectory(WebClient(token="xoxb-test", base_url=web_api.url), hasher=None)
    calls = len(web_api.calls_to("users.info"))
    assert no_hasher.requester(ALICE) == NOBODY and len(web_api.calls_to("users.info")) == calls


def test_a_failed_email_lookup_keeps_the_last_keys_or_knows_nobody_and_logs_no_identity(web_api: FakeSlackAPI,
                                                                                         caplog) -> None:
    caplog.set_level(logging.DEBUG)
    directory = directory_of(web_api, refresh_s=0.0)  # every call asks Slack again
    known = directory.requester(ALICE)
    assert known.known
    web_api.fail["users.info"] = "ratelimited"
    assert directory.requester(ALICE) == known  # the last known keys are kept
    eve = directory.requester(EVE)  # never known: nobody
    assert not eve.known and eve.unknown == SLACK_UNREACHABLE
    # the network itself: nothing listens on this port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    offline = directory_of(None, url=f"http://127.0.0.1:{port}/")
    unreachable = offline.requester(ALICE)
    assert not unreachable.known and unreachable.unknown == SLACK_UNREACHABLE
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "could not look up" in logged and "keeping the last known answer" in logged and "failing closed" in logged
    for user in (ALICE, EVE):
        assert user not in logged
    assert "@" not in logged and "corp.example" not in logged.lower() and "alice.lee" not in logged.lower()
    assert all(key not in logged for key in known.keys)


def test_only_a_private_answer_looks_up_who_is_asking(web_api: FakeSlackAPI) -> None:
    directory = directory_of(web_api)
    keys = RequesterHasher(SECRET).keys_of_email(ALICE_EMAIL)
    for policy in (None, hr_policy()):
        # in a channel everyone reads the answer: the e-mail is never asked for
        viewer = viewer_for(directory, policy, place="channel", user=ALICE, channel="C100")
        assert viewer.requester == NOBODY
        visibility = visibility_for_question(directory, policy, place="channel", user=ALICE, channel="C100")
        assert not visibility.requester.known and visibility.requester.unknown == IN_A_CHANNEL
        assert not web_api.calls_to("users.info")
    for policy in (None, hr_policy()):  # with no policy too ("my requests" needs none)
        for place in ("dm", "ephemeral", "app_home"):
            visibility = visibility_for_question(directory, policy, place=place, user=ALICE, channel=None)
            assert visibility.requester.keys == keys, (policy, place)
    assert len(web_api.calls_to("users.info")) == 1  # cached


def test_a_dm_question_carries_the_askers_keys_to_the_worker_never_their_email(make_slack) -> None:
    s = make_slack(access_policy=hr_policy())
    s.fake.users[ALICE] = ALICE_EMAIL
    keys = RequesterHasher(s.bot.deps.secret).keys_of_email(ALICE_EMAIL)
    # a mention in a channel: nobody's e-mail is looked up
    s.slack.mention(ALICE, "C100", QUESTION, "1761903007.000100")
    assert s.wait_done("C100:1761903007.000100").status == "done"
    assert not s.fake.calls_to("users.info")
    assert "requester" not in access_of(s, "C100:1761903007.000100")  # nothing to keep once answered
    # a DM: her keys travel with the question (the next test answers with them), her e-mail does not
    s.slack.message(ALICE, "D0ALICE", QUESTION, "1761903007.000200")
    s.slack.message(BOB, "D0BOB", QUESTION, "1761903007.000300")  # Slack gives no e-mail for Bob
    for key in ("D0ALICE:1761903007.000200", "D0BOB:1761903007.000300"):
        assert s.wait_done(key).status == "done"
    assert {c.args["user"] for c in s.fake.calls_to("users.info")} == {ALICE, BOB}
    with s.db.engine.connect() as conn:
        inbox = json.dumps([dict(r._mapping) for r in conn.execute(sa.select(schema.slack_inbox))], default=str)
        answers = json.dumps([dict(r._mapping) for r in conn.execute(sa.select(schema.answers))], default=str)
    assert "@" not in inbox and "corp.example" not in inbox.lower() and ALICE not in inbox
    # answered: the keys are dropped from the inbox with the question's text
    assert all(k not in inbox for k in keys) and access_of(s, "D0ALICE:1761903007.000200")["granted"] == ["hr"]
    # the answers' traces (read by the audit) name scopes only: no requester key
    assert "corp.example" not in answers.lower() and all(k not in answers for k in keys)


def a_requester(raw: list[dict]) -> tuple[str, list[dict]]:
    """A requester of the export (their e-mail, lower-cased) with 2 to 10 requests (all fit one
    list answer), and those requests' rows."""
    by_requester: dict[str, list[dict]] = {}
    for r in raw:
        if r.get("RequesterEmail"):
            by_requester.setdefault(r["RequesterEmail"].strip().lower(), []).append(r)
    return min((e, rows) for e, rows in by_requester.items() if 2 <= len(rows) <= 10)


def test_my_requests_end_to_end_over_signed_slack_requests(make_slack, caplog) -> None:
    """A requester of the sample asks in a DM and in a channel; the fake Web API gives Slack's
    spelling of her e-mail.  The DM answer lists exactly her requests; the channel is told to ask
    in a DM; no e-mail reaches a reply, the database or the logs."""
    caplog.set_level(logging.DEBUG)
    s = make_slack()
    email, own = a_requester(s.answers.raw)
    s.fake.users[ALICE] = email.upper()  # Slack may spell it otherwise; it is the same address
    s.fake.users[EVE] = "eve.nobody@corp.example"  # raised nothing

    s.slack.message(ALICE, "D0ALICE", "show me my tickets", "1761903008.000100")
    text = answer_text(s, "D0ALICE:1761903008.000100")
    listed = set(re.findall(r"REQ-\d+", text))
    assert listed == {r["RequestID"] for r in own}, text
    assert "raised by you" in text

    opened = {r["RequestID"] for r in own if r["Status"] not in SAMPLE_CLOSED}
    s.slack.message(ALICE, "D0ALICE", "how many open requests have I got?", "1761903008.000200")
    assert stated_number(answer_text(s, "D0ALICE:1761903008.000200")) == len(opened)

    s.slack.message(EVE, "D0EVE", "my open requests", "1761903008.000300")
    assert stated_number(answer_text(s, "D0EVE:1761903008.000300")) == 0

    # the same question in a channel: ask in a DM, nothing about anyone's requests
    s.slack.mention(ALICE, "C100", "show me my tickets", "1761903008.000400")
    channel = answer_text(s, "C100:1761903008.000400")
    assert IN_A_CHANNEL in channel and not re.search(r"REQ-\d+", channel)

    replies = json.dumps(s.fake.calls, default=str)
    with s.db.engine.connect() as conn:
        stored = json.dumps([dict(r._mapping) for t in (schema.slack_inbox, schema.answers)
                             for r in conn.execute(sa.select(t))], default=str).lower()
    logged = "\n".join(r.getMessage() for r in caplog.records).lower()
    for where in (stored, logged):
        assert email not in where and "eve.nobody" not in where
    # the replies carry no address: the users.info answers are the only place the fake saw one
    posted = json.dumps([c.args for c in s.fake.calls if c.method != "users.info"], default=str).lower()
    assert email not in posted and "eve.nobody" not in posted and replies


def test_the_terminal_answers_my_requests_as_its_configured_e_mail(make_slack, embedder, sanitiser, tmp_path: Path,
                                                                   monkeypatch) -> None:
    s = make_slack()
    email, own = a_requester(s.answers.raw)
    chats: list[TerminalChat] = []
    monkeypatch.setattr(TerminalChat, "run", lambda self: chats.append(self))

    def chat(**access: Any) -> TerminalChat:
        settings = make_settings(tmp_path, answering={"now": s.answers.now}, access=access)
        run_chat(Runtime(settings, db=s.db, sanitiser=sanitiser, embedder=embedder), llm=False)
        return chats.pop()

    answer = chat(email=email.title()).ask("show me my tickets")
    assert set(re.findall(r"REQ-\d+", answer.text)) == {r["RequestID"] for r in own}, answer.text
    unknown = chat().ask("show me my tickets")
    assert unknown.refused and "ASKDESK_ACCESS__EMAIL" in unknown.text and not re.search(r"REQ-\d+", unknown.text)

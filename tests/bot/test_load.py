"""Load: 200 questions from 20 users arriving at once, then their 👍/👎, through the real HTTP
server.  Every request must be acknowledged in under Slack's 3 s, every question answered exactly
once, every vote stored.  (The acknowledgement *figures* are in benchmarks/slack_load.py.)"""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

from bot.fake_slack import answer_id_of
from tests.support.slack import sample_questions

USERS = 20
PER_USER = 10


def test_200_events_from_20_users(slack_env) -> None:
    s = slack_env
    questions = sample_questions(s.answers.rows)
    events = [(f"UL{u:02d}", f"CL{u % 4}", f"17619100{u:02d}.{i:06d}", questions[(u + i) % len(questions)])
              for u in range(USERS) for i in range(PER_USER)]
    random.Random(3).shuffle(events)

    def send(ev):
        user, channel, ts, q = ev
        return s.slack.mention(user, channel, q, ts)

    with ThreadPoolExecutor(USERS) as pool:
        results = list(pool.map(send, events))
    assert all(status == 200 for status, _, _ in results)
    assert max(took for _, _, took in results) < 3.0

    keys = [f"{c}:{ts}" for _, c, ts, _ in events]
    for key in keys:
        assert s.wait_done(key, timeout=180).status == "done", key
    per_key = {k: s.fake.answers(k) for k in keys}
    assert all(len(msgs) == 1 for msgs in per_key.values())
    assert len(s.fake.calls_to("chat.postMessage")) == len(events) and len(s.stored_answers()) == len(events)

    # every asker votes on their answer: buttons and reactions, some changing their mind
    def vote(item):
        n, (user, channel, ts, _q) = item
        msg = per_key[f"{channel}:{ts}"][0]
        answer_id = answer_id_of(msg)
        if n % 3 == 0:
            return [s.slack.reaction(user, channel, msg["ts"], "+1")]
        out = [s.slack.click(user, channel, msg["ts"], "askdesk_vote_up", answer_id)]
        if n % 3 == 2:
            out.append(s.slack.click(user, channel, msg["ts"], "askdesk_vote_down", answer_id))
        return out

    with ThreadPoolExecutor(USERS) as pool:
        acks = [r for rs in pool.map(vote, enumerate(events)) for r in rs]
    assert all(status == 200 and took < 3.0 for status, _, took in acks)
    votes = s.feedback()
    assert len(votes) == len(events)
    expected_down = sum(1 for n in range(len(events)) if n % 3 == 2)
    assert sum(1 for v in votes if v.vote == -1) == expected_down

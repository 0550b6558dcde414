"""Two bot processes (``askdesk slack --http``) against one database, one of them killed with
SIGKILL in the middle of the load and restarted: no question answered twice, no acknowledged
question unanswered, no acknowledged vote lost."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.fake_slack import FakeSlackAPI, SlackSender, answer_id_of
from tests.support.slack import SIGNING_SECRET, SlackEnv, clone_database, drop_database, sample_questions, wait_for

pytestmark = pytest.mark.timeout(600)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BotProcess:
    """``askdesk slack`` in a child process, configured like a deployment: environment only."""

    def __init__(self, db_url: str, fake: FakeSlackAPI, replica: str, data_dir: Path, now: str, role: str = "all") -> None:
        self.port, self.role = _free_port(), role
        self.env = {
            **os.environ,
            "DATABASE_URL": db_url, "ASKDESK_DATA_DIR": str(data_dir), "ASKDESK_SANITISER__SECRET": "test-secret",
            "ASKDESK_SANITISER__WORKERS": "0", "ASKDESK_ANSWERING__NOW": now, "ASKDESK_LOG_LEVEL": "WARNING",
            "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "ASKDESK_SLACK__API_URL": fake.url, "ASKDESK_SLACK__REPLICA_ID": replica, "ASKDESK_SLACK__LEASE_S": "4",
            "ASKDESK_SLACK__POLL_S": "0.2", "ASKDESK_SLACK__RATE_BURST": "1000", "ASKDESK_SLACK__RATE_PER_MINUTE": "1000",
        }
        self.env.pop("SLACK_APP_TOKEN", None)
        self.log = data_dir / f"{replica}-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> BotProcess:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "askdesk.cli", "slack", "--http", "--no-llm", "--host", "127.0.0.1", "--port", str(self.port),
             "--role", self.role],
            env=self.env, stdout=subprocess.DEVNULL, stderr=self.log.open("ab"),
        )
        return self

    def wait_healthy(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None and self.proc.poll() is None, self.log.read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as resp:
                    if json.loads(resp.read())["workers_alive"] is not False:
                        return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"bot did not become healthy: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    @property
    def sender(self) -> SlackSender:
        return SlackSender(f"http://127.0.0.1:{self.port}/slack/events", SIGNING_SECRET)


def _try(fn, *args, **kw) -> bool:
    """Whether the bot acknowledged (200); a dead replica's connection error is 'not acknowledged'."""
    try:
        return fn(*args, timeout=5, **kw)[0] == 200
    except OSError:
        return False


def test_two_replicas_with_a_kill_mid_load(pg_server, answer_env, tmp_path) -> None:
    """Replica a receives and answers (role all); replica b only receives (role web) and a third
    process only answers (role worker), woken through Postgres NOTIFY."""
    fake = FakeSlackAPI()
    db = clone_database(pg_server, answer_env.db)
    url = db.url.render_as_string(hide_password=False)
    now = answer_env.now.isoformat()
    a = BotProcess(url, fake, "replica-a", tmp_path, now).start()
    b = BotProcess(url, fake, "replica-b", tmp_path, now, role="web").start()
    w = BotProcess(url, fake, "worker-w", tmp_path, now, role="worker").start()
    try:
        a.wait_healthy()
        b.wait_healthy()
        w.wait_healthy()
        assert w.sender.mention("U0", "C0", "hi", "1.1")[0] == 404  # an answer-only worker takes no Slack requests
        env = SlackEnv(db, fake, a.sender, None, None, answer_env)
        questions = sample_questions(answer_env.rows)
        events = [(f"UR{u:02d}", f"CR{u % 3}", f"17619200{u:02d}.{i:06d}", questions[(u * 3 + i) % len(questions)])
                  for u in range(20) for i in range(6)]
        random.Random(5).shuffle(events)
        acked: set[str] = set()
        rng = random.Random(9)

        def deliver(ev, replicas):
            user, channel, ts, q = ev
            ok = False
            for r in replicas:  # some events reach both replicas (a retry routed elsewhere)
                ok = _try(r.sender.mention, user, channel, q, ts) or ok
            if ok:
                acked.add(f"{channel}:{ts}")

        first, second = events[:60], events[60:]
        with ThreadPoolExecutor(20) as pool:
            list(pool.map(lambda ev: deliver(ev, rng.sample([a, b], rng.choice([1, 1, 2]))), first))
        def a_is_answering() -> int:
            with db.engine.connect() as conn:
                return conn.execute(sa.text("SELECT count(*) FROM slack_inbox WHERE status = 'working' "
                                            "AND claimed_by LIKE 'replica-a%'")).scalar_one()

        # a loaded machine may not have let replica a claim anything yet: kill it mid-answer, not before.
        # Freeze it first and look again: an answer that finished between the look and the kill would
        # leave nothing to take over
        deadline = time.monotonic() + 120
        while True:
            wait_for(a_is_answering, timeout=max(1.0, deadline - time.monotonic()))
            a.proc.send_signal(signal.SIGSTOP)
            if a_is_answering() or time.monotonic() > deadline:
                break
            a.proc.send_signal(signal.SIGCONT)
        a.kill()  # while it answers the first batch
        with ThreadPoolExecutor(20) as pool:  # Slack keeps sending; the live replica acknowledges
            list(pool.map(lambda ev: deliver(ev, [rng.choice([a, b])]), second))
        a = BotProcess(url, fake, "replica-a", tmp_path, now).start()
        a.wait_healthy()
        # what wasn't acknowledged, Slack retries (X-Slack-Retry-Num); both replicas are up again
        for ev in events:
            if f"{ev[1]}:{ev[2]}" not in acked:
                deliver(ev, [rng.choice([a, b])])
        assert len(acked) == len(events)
        for key in acked:
            assert env.wait_done(key, timeout=240).status == "done", key
        answers = {key: fake.answers(key) for key in acked}
        assert {k: len(v) for k, v in answers.items() if len(v) != 1} == {}
        assert len(env.stored_answers()) == len(events)
        with db.engine.connect() as conn:  # the kill did interrupt answers, which were taken over
            taken_over = conn.execute(sa.text("SELECT count(*) FROM slack_inbox WHERE attempts > 1")).scalar_one()
        print(f"questions taken over after the kill: {taken_over}")
        assert taken_over >= 1

        # votes through both replicas; replica b dies in the middle and comes back
        votes_acked: dict[tuple[str, str], int] = {}

        def vote(item):
            n, (user, channel, ts, _q) = item
            msg = answers[f"{channel}:{ts}"][0]
            value = 1 if n % 2 else -1
            replica = a if n % 2 else b
            if _try(replica.sender.click, user, channel, msg["ts"], "askdesk_vote_up" if value > 0 else "askdesk_vote_down",
                    answer_id_of(msg)):
                votes_acked[(answer_id_of(msg), user)] = value

        items = list(enumerate(events))
        with ThreadPoolExecutor(20) as pool:
            futures = [pool.submit(vote, it) for it in items]
            time.sleep(0.3)
            b.kill()
            for f in futures:
                f.result()
        assert votes_acked, "no vote was acknowledged"
        stored = {(v.answer_id, v.user_hash): v.vote for v in env.feedback()}
        assert len(stored) >= len(votes_acked)
        from askdesk.feedback import user_hash

        for (answer_id, user), value in votes_acked.items():
            assert stored[(answer_id, user_hash("test-secret", user))] == value
    finally:
        a.stop()
        b.stop()
        w.stop()
        fake.close()
        drop_database(pg_server, db)

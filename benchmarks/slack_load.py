"""Slack bot under load: acknowledgement latency and answers per minute (figures in docs/slack.md).

    make demo                                   # once: index the 5,000 sample requests
    .venv/bin/python benchmarks/slack_load.py [--users 20] [--per-user 10] [--no-llm]

Runs the real bot (``askdesk slack --http`` child processes: one with ``--role all``, or with
``--split`` a ``--role web`` and a niced ``--role worker`` one) against a local fake of Slack's Web
API in this process.  ``--users`` simulated
people each send ``--per-user`` signed mentions (golden-set questions in the golden set's mix of
kinds) with 0-2 s between them, and click 👍/👎 on each of their answers as soon as it appears, so
acknowledgements are measured while the LLM is busy writing other answers.

Prints acknowledgement latency p50/p99/max for questions and for votes (goal: p99 < 300 ms with
20 concurrent users), answers per minute, and checks that no question was answered twice and
every acknowledged vote is stored.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa

from askdesk import schema
from askdesk.feedback import user_hash
from askdesk.runtime import Runtime
from askdesk.sample import REFERENCE_TIME
from askdesk.settings import Settings
from bot.fake_slack import FakeSlackAPI, SlackSender, answer_id_of, is_final

SECRET = "bench-signing-secret"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))] if values else float("nan")


def start_bot(settings: Settings, api_url: str, args: argparse.Namespace, role: str):  # type: ignore[no-untyped-def]
    """``askdesk slack --http --role ROLE`` in a child process on the same database, the way it is
    deployed (the load generator must not share the bot's interpreter); waits until healthy."""
    import socket
    import subprocess
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET, "ASKDESK_SLACK__API_URL": api_url,
           "ASKDESK_SLACK__REPLICA_ID": f"bench-{role}", "ASKDESK_SLACK__WORKERS": str(args.workers),
           "ASKDESK_SLACK__RATE_BURST": "0", "ASKDESK_ANSWERING__NOW": settings.answering.now.isoformat(),
           "ASKDESK_LOG_LEVEL": "ERROR"}
    env.pop("SLACK_APP_TOKEN", None)
    cmd = [sys.executable, "-m", "askdesk.cli", "slack", "--http", "--role", role, "--host", "127.0.0.1",
           "--port", str(port)] + (["--no-llm"] if args.no_llm else [])
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the {role} process exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
                if json.loads(resp.read()).get("workers_alive") is not False:
                    return proc, port
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the {role} process did not become healthy in 5 minutes")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=Path, default=ROOT / "evals" / "golden" / "sample-5000.jsonl")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--per-user", type=int, default=10)
    ap.add_argument("--workers", type=int, default=2, help="answer workers (the LLM itself answers one at a time)")
    ap.add_argument("--think-s", type=float, default=2.0, help="max pause between a user's questions")
    ap.add_argument("--no-llm", action="store_true", help="without the LLM (search lists the closest requests)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--split", action="store_true",
                    help="receive in an `askdesk slack --role web` process and answer in an `askdesk slack --role "
                         "worker` one (answer workers niced), as docs/slack.md recommends on small machines (default: one process)")
    ap.add_argument("--max-minutes", type=float, default=10.0,
                    help="stop waiting for answers after this long (answers/min is measured over the run)")
    args = ap.parse_args()

    settings = Settings()
    if settings.answering.now is None:
        settings.answering.now = REFERENCE_TIME
    fake = FakeSlackAPI()
    db = Runtime(settings).db
    with db.engine.begin() as conn:  # a clean slate for this run's questions
        conn.execute(sa.delete(schema.slack_inbox).where(schema.slack_inbox.c.channel.like("CB%")))
        conn.execute(sa.delete(schema.answers).where(schema.answers.c.channel.like("CB%")))
    t0 = time.perf_counter()
    procs = [start_bot(settings, fake.url, args, "worker")] if args.split else []
    web, port = start_bot(settings, fake.url, args, "web" if args.split else "all")
    procs.append((web, port))
    startup = time.perf_counter() - t0
    sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET)

    # warm-up (not measured): a first burst opens the database pool's connections; the first search
    # answer loads the LLM's kernels
    run = f"{int(time.time())}"
    with ThreadPoolExecutor(args.users) as pool:
        list(pool.map(lambda u: sender.mention(f"UW{u}", "CW", "How many HR requests are there?" if u else
                                               "has anyone had printer problems?", f"{run}.9{u:05d}"), range(args.users)))
    while len([m for u in range(args.users) for m in fake.answers(f"CW:{run}.9{u:05d}") if is_final(m)]) < args.users:
        with fake.changed:
            fake.changed.wait(timeout=2.0)
    golden = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    question_acks: list[float] = []
    vote_acks: list[float] = []
    failures: Counter[str] = Counter()
    acked_votes: dict[tuple[str, str], int] = {}
    keys: list[str] = []
    lock = threading.Lock()
    sent = threading.Semaphore(0)
    first_burst: list[float] = []  # every user's first question: all sent at the same instant
    later: list[float] = []

    def user_loop(u: int) -> None:
        user, channel = f"UB{u:03d}", f"CB{u % 5}"
        mine: list[str] = []
        local = random.Random(args.seed * 1000 + u)
        for i in range(args.per_user):
            q = local.choice(golden)["question"]
            ts = f"{run}.{u:03d}{i:03d}"
            status, _, took = sender.mention(user, channel, q, ts)
            with lock:
                if status == 200:
                    question_acks.append(took)
                    (first_burst if i == 0 else later).append(took)
                else:
                    failures.update([f"question {status}"])
                keys.append(f"{channel}:{ts}")
            mine.append(f"{channel}:{ts}")
            time.sleep(local.uniform(0, args.think_s))
        sent.release()
        # vote on each answer as soon as it is there
        pending = list(mine)
        while pending and time.monotonic() < deadline:
            with fake.changed:  # wake when the fake Slack gets a message, don't spin
                fake.changed.wait(timeout=2.0)
            for key in list(pending):
                msgs = [m for m in fake.answers(key) if is_final(m)]
                if not msgs:
                    continue
                pending.remove(key)
                if not answer_id_of(msgs[0]):
                    continue  # a refusal: no buttons to click
                answer_id, value = answer_id_of(msgs[0]), local.choice([1, 1, 1, -1])
                status, _, took = sender.click(user, key.split(":")[0], msgs[0]["ts"],
                                               "askdesk_vote_up" if value > 0 else "askdesk_vote_down", answer_id)
                with lock:
                    if status == 200:
                        vote_acks.append(took)
                        acked_votes[(answer_id, user)] = value
                    else:
                        failures.update([f"vote {status}"])

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; model: "
          f"{'none (--no-llm)' if args.no_llm else 'default (Qwen2.5-Coder-0.5B-Instruct)'}; start-up {startup:.1f} s; "
          f"{args.users} users x {args.per_user} questions, {args.workers} answer workers"
          f"{' in a separate niced worker process' if args.split else ' in the same process'}")
    start = time.perf_counter()
    deadline = time.monotonic() + args.max_minutes * 60
    threads = [threading.Thread(target=user_loop, args=(u,), daemon=True) for u in range(args.users)]
    for t in threads:
        t.start()
    for _ in threads:
        sent.acquire()
    print(f"all {len(question_acks)} questions sent in {time.perf_counter() - start:.1f} s: acks p50 "
          f"{pct(question_acks, .5) * 1000:.0f} ms, p99 {pct(question_acks, .99) * 1000:.0f} ms", flush=True)
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    wall = time.perf_counter() - start
    answered = {k: sum(1 for m in fake.answers(k) if is_final(m)) for k in keys}
    placeholders = {k: len(fake.answers(k)) for k in keys}
    with db.engine.connect() as conn:
        stored = {(r.answer_id, r.user_hash): r.vote for r in conn.execute(sa.select(schema.feedback))}
        routes = {r.route: f"{r.n} (mean {r.ms / 1000:.1f} s)" for r in conn.execute(
            sa.select(schema.answers.c.route, sa.func.count().label("n"), sa.func.avg(schema.answers.c.latency_ms).label("ms"))
            .where(schema.answers.c.channel.like("CB%")).group_by(schema.answers.c.route))}
    secret = settings.sanitiser.secret.get_secret_value()  # the children read the same settings
    lost = [k for k, v in acked_votes.items() if stored.get((k[0], user_hash(secret, k[1]))) != v]
    for proc, _port in procs:
        proc.terminate()
        proc.wait(30)
    fake.close()

    ms = lambda v: f"{v * 1000:.0f} ms"
    print(f"question acks: n={len(question_acks)} p50 {ms(pct(question_acks, .5))} p99 {ms(pct(question_acks, .99))} "
          f"max {ms(max(question_acks))}")
    print(f"vote acks:     n={len(vote_acks)} p50 {ms(pct(vote_acks, .5))} p99 {ms(pct(vote_acks, .99))} "
          f"max {ms(max(vote_acks) if vote_acks else float('nan'))}")
    print(f"  of which the {len(first_burst)} sent at the same instant: max {ms(max(first_burst))}; the other "
          f"{len(later)}: p50 {ms(pct(later, .5))} p99 {ms(pct(later, .99))}")
    all_acks = question_acks + vote_acks
    print(f"all acks:      p50 {ms(pct(all_acks, .5))} p99 {ms(pct(all_acks, .99))} (goal p99 < 300 ms)")
    n_answered = sum(1 for v in answered.values() if v)
    print(f"answers: {n_answered} of {len(keys)} in {wall:.0f} s = {60 * n_answered / wall:.1f} answers/min; "
          f"routes {dict(routes)}")
    print(f"answered twice: {sum(1 for v in placeholders.values() if v > 1)}; still queued at the end: "
          f"{sum(1 for v in answered.values() if v == 0)}; "
          f"acknowledged votes lost: {len(lost)}; non-200 responses: {dict(failures) or 0}")


if __name__ == "__main__":
    main()

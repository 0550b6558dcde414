"""``askdesk index``, ``askdesk status`` and ``askdesk quarantine``: indexing's commands.

Registered on the root ``askdesk`` command by :func:`register`.  Heavy modules (torch, spaCy,
LlamaIndex) are imported inside the commands that need them, so ``askdesk --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import sqlalchemy as sa
import typer
from rich.table import Table

from askdesk import schema
from askdesk.console import console, fail, note
from askdesk.progress import RichProgress
from askdesk.runtime import Runtime
from askdesk.settings import DEFAULT_PII_SECRET
from askdesk.vector_tables import vector_table
from indexing import store
from indexing.mapping import Mapping
from indexing.rescrub import RescrubReport, count_stale
from indexing.source import open_source

if TYPE_CHECKING:
    from indexing.filter_graphs import TuneReport
    from indexing.graph_depth import DepthChoice
    from indexing.pipeline import IndexReport


def run_index(runtime: Runtime, source_spec: str, mapping_path: Path, *, prune: bool, full: bool) -> IndexReport:
    """Index ``source_spec`` under the mapping file, with progress bars, and print the report."""
    # deferred: indexing.build loads LlamaIndex, torch and the sanitiser (Presidio, spaCy)
    from indexing.build import build_indexer

    settings = runtime.settings
    if settings.sanitiser.secret.get_secret_value() == DEFAULT_PII_SECRET:
        note("using the built-in pseudonym key; set ASKDESK_SANITISER__SECRET for real data.")
    mapping = Mapping.load(mapping_path)
    source = open_source(source_spec, mapping)
    with RichProgress(console) as progress:
        indexer = build_indexer(runtime, progress=progress)
        report = indexer.run(source, mapping, prune=prune, full=full)
    print_report(report)
    return report


def run_rescrub(runtime: Runtime) -> IndexReport:
    """Re-scrub and re-embed the stored rows an older sanitiser version wrote (no source needed)."""
    # deferred: indexing.build loads LlamaIndex, torch and the sanitiser (Presidio, spaCy)
    from indexing.build import build_indexer

    with RichProgress(console) as progress:
        report = build_indexer(runtime, progress=progress).rescrub()
    print_rescrub(report)
    return report


def rescrub_summary(rescrub: RescrubReport | None) -> str:
    """One line: what a re-scrub changed, by table, and which values it replaced."""
    if rescrub is None or not rescrub.rows:
        return "nothing (every stored row is scrubbed by the current sanitiser)"
    others = [(label, n) for label, n in (("answers", rescrub.answers), ("feedback", rescrub.feedback),
                                           ("Slack questions", rescrub.slack_inbox), ("quarantine", rescrub.quarantine)) if n]
    parts = [f"{rescrub.requests} requests ({rescrub.reembed} re-embedded)", *(f"{n} {label}" for label, n in others)]
    replaced = ", ".join(f"{k} {v}" for k, v in sorted(rescrub.replaced.items())) or "none"
    return f"{', '.join(parts)}; values replaced: {replaced}"


def print_rescrub(report: IndexReport) -> None:
    table = Table(title="Re-scrubbed stored rows", show_header=False, title_justify="left")
    for label, value in (
        ("sanitiser version", report.rescrub.version if report.rescrub else ""),
        ("re-scrubbed", rescrub_summary(report.rescrub)),
        ("embedded (requests / chunks)", f"{report.embedded} / {report.chunks}"),
        ("time", f"{report.seconds:.1f} s"),
    ):
        table.add_row(label, str(value))
    console.print(table)


def print_report(report: IndexReport) -> None:
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
        ("re-embedded (another embedder made them)",
         f"{report.reembedded} (was {report.embedder_was})" if report.embedder_was else 0),
        ("re-scrubbed (older sanitiser)", rescrub_summary(report.rescrub)),
        ("PII found", ", ".join(f"{k} {v}" for k, v in sorted(report.pii_found.items())) or "none"),
        ("time", f"{report.seconds:.1f} s ({rate:.0f} rows/s)"),
    ):
        table.add_row(label, str(value))
    console.print(table)
    if report.quarantine_reasons:
        reasons = ", ".join(f"{k}: {v}" for k, v in report.quarantine_reasons.most_common())
        console.print(f"[yellow]quarantined rows[/] ({reasons}); see `askdesk quarantine`.")


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
            fail("Give --source and --mapping to index requests, or --rescrub to re-scrub what is already "
                 "stored after a sanitiser change.")
        with Runtime.from_environment() as runtime:
            run_rescrub(runtime)
        return
    if source is None or mapping is None:
        fail(f"--{'mapping' if source is not None else 'source'} is missing: indexing needs both --source "
             "(the export file or SQL URL) and --mapping (the mapping file naming its columns).")
    with Runtime.from_environment() as runtime:
        run_index(runtime, source, mapping, prune=prune, full=full)


def print_status(runtime: Runtime) -> None:
    """What is indexed, waiting and quarantined, whether a re-scrub is due, and the last runs."""
    # deferred: the askdesk.sanitise package loads Presidio, spaCy and torch (seconds)
    from askdesk.sanitise import sanitiser_version
    from askdesk.sanitise.config import sanitiser_config

    settings = runtime.settings
    version = sanitiser_version(sanitiser_config(settings))
    with runtime.db.engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(schema.requests)).scalar_one()
        pending = store.count_pending(conn)
        stale = count_stale(conn, version)
        quarantined = conn.execute(sa.select(sa.func.count()).select_from(schema.quarantine)).scalar_one()
        vectors = conn.execute(sa.text(f"SELECT count(*) FROM {vector_table(settings)}")).scalar_one()
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
            t.add_row(str(r.id), r.source[-60:], r.status, f"{r.started_at:%Y-%m-%d %H:%M}",
                      *(str(s.get(k, "")) for k in ("read", "new", "changed", "quarantined")))
        console.print(t)


def status() -> None:
    """What is indexed, waiting to be embedded and quarantined; the last runs."""
    with Runtime.from_environment() as runtime:
        print_status(runtime)


def quarantine(
    limit: Annotated[int, typer.Option(help="How many rows to show.")] = 50,
) -> None:
    """List quarantined source rows: where they are and why (values are never shown)."""
    q = schema.quarantine.c
    with Runtime.from_environment() as runtime, runtime.db.engine.connect() as conn:
        rows = conn.execute(sa.select(schema.quarantine).order_by(q.last_seen_at.desc(), q.id).limit(limit)).all()
    t = Table("source", "position", "request id", "reason")
    for r in rows:
        t.add_row(r.source[-50:], r.position, r.request_id or "", r.reason)
    console.print(t)


def tune(
    field: Annotated[list[str] | None, typer.Option("--field", "-f", help="A field to build graphs for (repeat it; default: status, category, priority).")] = None,
    max_share: Annotated[float, typer.Option(min=0.0, max=1.0, help="Skip values that more than this share of the requests have (the whole graph serves them well).")] = 0.5,
    dry_run: Annotated[bool, typer.Option(help="Show what would be built and dropped, change nothing.")] = False,
    depth: Annotated[bool, typer.Option(help="Also choose hnsw.ef_search for unfiltered searches by the recall measured on the index.")] = True,
    recall: Annotated[float, typer.Option(min=0.5, max=1.0, help="The recall@10 the chosen ef_search must reach.")] = 0.95,
) -> None:
    """Tune the vector index for its size: filter graphs and the search depth.

    Builds a partial HNSW graph per value matched by more requests than a filtered search ranks
    exactly (answering.exact_below) and by at most --max-share of them, one for the open
    statuses, and, with an access policy, one for what people granted none of its scopes see,
    each with a full-text index of the same rows, so filtered searches stay fast and right at
    millions of requests; drops the graphs the data
    no longer calls for.  Then measures recall@10 at a few hnsw.ef_search depths, with the titles
    of sampled requests as questions, and keeps the shallowest that reaches --recall.  Safe while the bot runs; run it
    again after large loads.
    """
    from askdesk.answering.vocabulary import Vocabulary
    from indexing import filter_graphs

    with Runtime.from_environment() as runtime:
        settings, engine = runtime.settings, runtime.db.engine
        vocab = Vocabulary.load(engine)
        unknown = sorted(set(field or ()) - set(vocab.fields))
        if unknown:
            fail(f"no field {', '.join(unknown)} in the indexed requests; known: {', '.join(sorted(vocab.fields))}.")
        wanted = filter_graphs.wanted_graphs(vocab, exact_below=settings.answering.exact_below, max_share=max_share,
                                             fields=tuple(field or filter_graphs.DEFAULT_FIELDS),
                                             policy=runtime.access_policy, engine=engine)
        report = filter_graphs.tune(engine, vector_table(settings), wanted, m=settings.database.filter_graph_m,
                                    ef_construction=settings.database.filter_graph_ef_construction,
                                    build_memory_mb=settings.index.graph_build_memory_mb, dry_run=dry_run,
                                    total_requests=vocab.total)
        print_tune(report, dry_run=dry_run)
        if depth:
            from indexing import graph_depth

            was = graph_depth.current(engine)
            measured, queries = graph_depth.measure(engine, vector_table(settings), settings.embedding.dim,
                                                    embed=runtime.embedder.get_text_embedding_batch)
            choice = graph_depth.choose(measured, queries, target=recall)
            if not dry_run and queries and choice.ef_search != was:
                graph_depth.apply(engine, choice.ef_search)
            print_depth(choice, was=was, dry_run=dry_run)


def print_depth(choice: DepthChoice, *, was: int | None, dry_run: bool) -> None:
    if not choice.queries:
        console.print("hnsw.ef_search: nothing indexed to measure; unchanged.")
        return
    tried = ", ".join(f"{d}: {r:.3f}" for d, r in sorted(choice.recall.items()))
    verdict = "" if choice.reached else f" (none reached {choice.target}: the deepest tried)"
    action = "kept" if choice.ef_search == was else ("would set" if dry_run else f"set (was {was})")
    console.print(f"hnsw.ef_search {choice.ef_search} {action}{verdict}; recall@10 by depth over {choice.queries} "
                  f"sampled queries: {tried}")


def print_tune(report: TuneReport, *, dry_run: bool) -> None:
    verb = "would " if dry_run else ""
    t = Table("filter graph", "requests", "share", "action", title_justify="left",
              title=f"Filter graphs over {report.total_requests:,} requests")
    share = (lambda n: f"{100 * n / report.total_requests:.1f} %") if report.total_requests else (lambda n: "")
    for graph in report.created:
        t.add_row(graph.label, f"{graph.requests:,}", share(graph.requests), f"{verb}build")
    for graph in report.kept:
        t.add_row(graph.label, f"{graph.requests:,}", share(graph.requests), "kept")
    for label in report.dropped:
        t.add_row(label, "", "", f"{verb}drop")
    if report.created or report.kept or report.dropped:
        console.print(t)
    else:
        console.print("No filter value is frequent enough to need its own graph: the exact scan and the whole graph "
                      "serve every filter.")
    console.print(f"time: {report.seconds:.1f} s")


def register(app: typer.Typer) -> None:
    """Add indexing's commands to the root ``askdesk`` command."""
    app.command()(index)
    app.command()(status)
    app.command("quarantine")(quarantine)


def register_db(db_app: typer.Typer) -> None:
    """Add indexing's maintenance commands to ``askdesk db``."""
    db_app.command("tune")(tune)

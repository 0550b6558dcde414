"""``askdesk eval``: the command-line face of the evaluation harness (registered on the root command)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from askdesk.access import Viewer
from askdesk.access.requester import NOBODY, RequesterHasher
from askdesk.console import console, err, fail
from askdesk.progress import RichProgress
from askdesk.runtime import Runtime


def eval_command(
    questions: Annotated[Path, typer.Option("--questions", "-q", help="Questions file (JSONL): id, question, kind and expected values (docs/evals.md).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for results.jsonl, retrieval.jsonl, summary.json, report.md/.html and plots/.")],
    adapter: Annotated[list[str] | None, typer.Option("--adapter", "-a", help="base, current, or an adapter version/folder; repeat to compare (the first is the baseline).")] = None,
    source: Annotated[str | None, typer.Option("--source", "-s", help="Evaluate on this export file or SQLAlchemy URL instead of the production index: it is indexed into a disposable database first.")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", "-m", help="Mapping file of --source.")] = None,
    llm: Annotated[bool, typer.Option(help="Generate search answers with the LLM (--no-llm: one pass, search answers list the closest requests).")] = True,
    now: Annotated[datetime | None, typer.Option(help="Read dates in questions relative to this time (the golden sets of the sample: 2026-10-31T18:00; the ServiceNow-style export's: 2026-03-18T17:00).")] = None,
    references: Annotated[str, typer.Option(help="Reference retrievers to measure beside the engine (comma-separated; '' for none).")] = "bm25,vector,fulltext,hybrid",
    gate: Annotated[Path | None, typer.Option(help="Thresholds file (TOML); the command exits 1 if any adapter misses one.")] = None,
    keep_index: Annotated[bool, typer.Option(help="Keep the disposable database of --source for a look (printed).")] = False,
    as_user: Annotated[str | None, typer.Option("--as", help="Answer as this Slack user (U…) under the access policy (default: an admin, who sees every request).")] = None,
    usergroup: Annotated[list[str] | None, typer.Option(help="With --as: a user group (S…) the user is in; repeat for several.")] = None,
    channel: Annotated[str | None, typer.Option(help="With --as: the answers are posted in this channel (C…), so its grants apply, not the user's.")] = None,
    email: Annotated[str | None, typer.Option(help="With --as: the user's e-mail, so questions about \"my requests\" are answered from theirs (hashed at once, never stored).")] = None,
) -> None:
    """Evaluate askdesk on a questions file: answer quality, retrieval against reference
    retrievers, latency, and adapters side by side with paired bootstrap confidence intervals.

    Writes the results (one line per question and adapter), a summary JSON and a report (Markdown
    and HTML with plots) to --out.  The production index is only read; with --source the data is
    indexed into a disposable database that is dropped at the end.
    """
    if source and mapping is None:
        fail("--source needs --mapping: the mapping file names the source's columns (see docs/mapping.md).")
    adapters = adapter or (["current"] if llm else [])
    if not llm and adapter:
        fail("--adapter compares LLM adapters: drop --no-llm, or drop --adapter.")
    refs = [r.strip() for r in references.split(",") if r.strip()]
    if (usergroup or channel or email) and as_user is None:
        fail("--usergroup, --channel and --email describe the identity of --as: add --as U…")

    bars = Progress(TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TimeRemainingColumn(), console=console, disable=not console.is_terminal)

    def progress(label: str, total: int) -> Callable[[], None]:
        task = bars.add_task(label, total=total)
        return lambda: bars.advance(task)

    with Runtime.from_environment() as runtime, bars:
        if now is not None:
            runtime.settings.answering.now = now
        from evals.run import evaluate  # deferred: the sanitiser, LlamaIndex and torch (seconds)

        requester = NOBODY if email is None else RequesterHasher(
            runtime.settings.sanitiser.secret.get_secret_value()).requester_of(email, unknown="--email is not an e-mail address.")
        viewer = None if as_user is None else Viewer(
            "channel" if channel else "dm", user=as_user, channel=channel, usergroups=frozenset(usergroup or ()),
            requester=requester)

        outcome = evaluate(runtime, questions_path=questions, out_dir=out, adapters=adapters, source=source,
                           mapping_path=mapping, with_llm=llm, references=refs, gate_path=gate,
                           keep_index=keep_index, progress=progress, index_progress=RichProgress(bars=bars),
                           viewer=viewer)

    s = outcome.summary
    for label, a in s["adapters"].items():
        o = a["overall"]
        parts = [f"{m} {o[m]['mean']:.3f}" for m in ("correct", "grounded", "hit@5", "mrr@10") if m in o]
        console.print(f"[bold]{label}[/]: {o['n']} questions · " + " · ".join(parts)
                      + f" · p95 {a['latency']['overall']['p95_ms'] or 0:.0f} ms")
    for name, comp in s["comparisons"].items():
        d = comp["overall"].get("correct")
        if d:
            console.print(f"{name}: correct {d['diff']:+.3f} [{d['ci_low']:+.3f}, {d['ci_high']:+.3f}] → {d['verdict']}")
    for metric, v in (s.get("engine_vs_best") or {}).items():
        verdict = "at least as good" if v["at_least_as_good"] else "worse"
        console.print(f"engine vs best single retriever ({v['best']}): {metric} {v['diff']:+.3f} "
                      f"[{v['ci_low']:+.3f}, {v['ci_high']:+.3f}] → {verdict}")
    index = s["run"]["index_info"]
    if keep_index and index.get("kind") == "disposable":
        console.print(f"kept the evaluation database {index['database']} (drop it with DROP DATABASE {index['database']})")
    console.print(f"report: {outcome.files['html']}  (and {outcome.files['markdown'].name}, results.jsonl, summary.json)")
    if outcome.gates:
        for label, checks in outcome.gates.items():
            for c in checks:
                if not c["passed"]:
                    value = "missing" if c["value"] is None else f"{c['value']:.3f}"
                    err.print(f"[red]gate[/] {label}: {c['threshold']} = {value} < {c['minimum']}")
        if not outcome.gate_passed:
            raise typer.Exit(1)
        console.print("gate: passed")


def register(app: typer.Typer) -> None:
    """Add ``askdesk eval`` to the root command."""
    app.command("eval")(eval_command)

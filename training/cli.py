"""``askdesk train data|sft|kto`` and ``askdesk adapters list|promote|rollback|gate`` (registered on the root command)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from askdesk.access import training_visibility
from askdesk.console import console
from askdesk.runtime import Runtime
from training.gate import run_gate
from training.registry import list_adapters, promote, rollback
from training.train import run_training

train_app = typer.Typer(help="Build training data from the requests and 👍/👎, and train LoRA adapters (TRL + PEFT).",
                        no_args_is_help=True)
adapters_app = typer.Typer(help="The adapter registry: versions, their scores, which one answers.", no_args_is_help=True)

_PASSTHROUGH = {"allow_extra_args": True, "ignore_unknown_options": True}


@train_app.command("data")
def train_data(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for sft-/kto-train/heldout.jsonl, heldout-questions.jsonl, gaps.jsonl, card.json.")],
    from_requests: Annotated[int, typer.Option(help="Grounded examples phrased from indexed requests.")] = 300,
    refusals: Annotated[int, typer.Option(help="Off-topic questions that teach the refusal.")] = 6,
    held_out: Annotated[float, typer.Option(help="Share of questions in the frozen held-out split.")] = 0.15,
    seed: Annotated[int, typer.Option(help="Which requests are picked.")] = 0,
) -> None:
    """Build the training data: examples from the requests (the engine's own retrieval and prompt),
    and from stored answers with 👍/👎 (each 👎 sorted by cause first)."""
    # deferred: training.dataset imports the answering engine, which loads LlamaIndex
    from training.dataset import build_dataset, examples_from_feedback, examples_from_requests, load_voted_answers

    with Runtime.from_environment() as runtime:
        with console.status("loading the engine…"):
            # restricted requests stay out of training data unless their scope says train = true
            engine = runtime.engine(with_llm=False, visibility=training_visibility(runtime.access_policy))
        with console.status("phrasing questions from the requests…"):
            examples, stats = examples_from_requests(engine, limit=from_requests, seed=seed, refusals=refusals)
        fb, gaps, fstats = examples_from_feedback(load_voted_answers(runtime.db.engine), engine,
                                                  policy=runtime.access_policy)
        card = build_dataset([*examples, *fb], gaps, out, scrub=runtime.scrub, held_out_fraction=held_out,
                             stats=stats + fstats)
    for key, n in card.counts.items():
        console.print(f"  {key:<45} {n:>5}")
    for key, n in card.stats.items():
        console.print(f"  [dim]{key:<45} {n:>5}[/]")
    console.print(f"dataset {card.dataset_hash} -> {out} (card.json)")


def _train(kind: str, ctx: typer.Context) -> None:
    with Runtime.from_environment() as runtime:
        result = run_training(kind, ctx.args, runtime.settings, registry_engine=runtime.db.engine)
    m = result.metrics
    console.print(f"adapter {result.version} ({kind}) -> {result.path}: train loss {m.get('train_loss', float('nan')):.4f}"
                  + (f", held-out loss {m['heldout_loss']:.4f}" if "heldout_loss" in m else "")
                  + f", {m['seconds']:.0f} s; registered as a candidate")


@train_app.command("sft", context_settings=_PASSTHROUGH)
def train_sft(ctx: typer.Context) -> None:
    """Supervised fine-tuning (TRL SFTTrainer + LoRA).  Flags are TRL's: --config FILE.yaml,
    --dataset DIR, --max_steps, --learning_rate, --lora_r, --model_name_or_path, …"""
    _train("sft", ctx)


@train_app.command("kto", context_settings=_PASSTHROUGH)
def train_kto(ctx: typer.Context) -> None:
    """KTO from unpaired 👍/👎 (TRL KTOTrainer + LoRA).  Flags as for sft, plus --beta,
    --desirable_weight, --undesirable_weight."""
    _train("kto", ctx)


@adapters_app.command("list")
def adapters_list() -> None:
    """Every adapter: version, kind, status, what it was trained on, its figures."""
    with Runtime.from_environment() as runtime:
        rows = list_adapters(runtime.db.engine)
    table = Table("version", "kind", "status", "dataset", "adapter", "train loss", "created")
    for r in rows:
        loss = (r["metrics"].get("training") or {}).get("train_loss")
        table.add_row(r["version"], r["kind"], r["status"], r["dataset_hash"], r["adapter_hash"],
                      f"{loss:.4f}" if loss is not None else "–", f"{r['created_at']:%Y-%m-%d %H:%M}")
    console.print(table if rows else "no adapters yet: `askdesk train data`, then `askdesk train sft`")


@adapters_app.command("promote")
def adapters_promote(
    version: Annotated[str, typer.Argument(help="The candidate to promote.")],
    reason: Annotated[str, typer.Option(help="Why you promote it by hand (recorded).")] = "manual",
) -> None:
    """Make this adapter the one the bot answers with (recorded with your reason)."""
    with Runtime.from_environment() as runtime:
        promote(runtime.db.engine, version, force_reason=reason)
    console.print(f"{version} promoted")


@adapters_app.command("rollback")
def adapters_rollback() -> None:
    """Retire the promoted adapter and go back to the one before it (or the base model)."""
    with Runtime.from_environment() as runtime:
        previous = rollback(runtime.db.engine)
    console.print(f"rolled back to {previous or 'the base model'}")


@adapters_app.command("gate")
def adapters_gate(
    version: Annotated[str, typer.Argument(help="The candidate to judge.")],
    questions: Annotated[Path | None, typer.Option(help="Questions file (default: the frozen held-out questions of its dataset).")] = None,
    out: Annotated[Path | None, typer.Option(help="Where the eval report goes (default: <models>/gates/<version>).")] = None,
) -> None:
    """Evaluate a candidate against the adapter that answers now (or the base model) and promote it
    only if it is better with no regression on lookups, counts and refusals; the decision and its
    numbers are stored either way."""
    with Runtime.from_environment() as runtime:
        d = run_gate(runtime, version, questions=questions,
                     out_dir=out or runtime.settings.model_cache_dir / "gates" / version)
    c = d["correct"] or {}
    console.print(f"{version} vs {d['baseline']}: correct {c.get('candidate', float('nan')):.3f} vs "
                  f"{c.get('baseline', float('nan')):.3f} (diff {c.get('diff', float('nan')):+.3f}, 95% CI "
                  f"[{c.get('ci_low', float('nan')):+.3f}, {c.get('ci_high', float('nan')):+.3f}]) → "
                  f"[bold]{'promoted' if d['verdict'] == 'promote' else 'rejected'}[/]")
    for reason in d["reasons"]:
        console.print(f"  - {reason}")
    console.print(f"report: {d['report']}")
    if d["verdict"] != "promote":
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``askdesk train`` and ``askdesk adapters`` to the root command."""
    app.add_typer(train_app, name="train")
    app.add_typer(adapters_app, name="adapters")

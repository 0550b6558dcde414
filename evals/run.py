"""``askdesk eval``: questions in, results + summary + report out.

Against the production index by default (read only: answering writes nothing), or, with a
``source`` and its mapping, against a disposable database that the source is indexed into first
and that is dropped afterwards (:mod:`evals.sandbox`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from askdesk import schema
from askdesk.access import Viewer
from askdesk.live_adapter import promoted_adapter
from askdesk.progress import IndexProgress
from askdesk.runtime import Runtime
from askdesk.settings import Settings
from evals.harness import AdapterSpec, EvalError, EvalRun, load_questions, resolve_adapter, run_eval
from evals.report import write_report
from evals.retrievers import reference_retrievers
from evals.sandbox import disposable_database
from evals.summary import build_summary, check_gate, load_gate
from indexing.build import build_indexer
from indexing.mapping import Mapping
from indexing.source import open_source


@dataclass
class EvalOutcome:
    run: EvalRun
    summary: dict[str, Any]
    files: dict[str, Path]
    gates: dict[str, list[dict[str, Any]]]

    @property
    def gate_passed(self) -> bool:
        return all(c["passed"] for checks in self.gates.values() for c in checks)


def write_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")


def evaluate(
    runtime: Runtime,
    *,
    questions_path: Path,
    out_dir: Path,
    adapters: Sequence[str] = ("current",),
    source: str | None = None,
    mapping_path: Path | None = None,
    with_llm: bool = True,
    references: Sequence[str] = ("bm25", "vector", "fulltext", "hybrid"),
    gate_path: Path | None = None,
    keep_index: bool = False,
    progress: Callable[[str, int], Callable[[], None]] | None = None,
    index_progress: IndexProgress | None = None,
    viewer: Viewer | None = None,
) -> EvalOutcome:
    """Run an evaluation end to end on the runtime's parts: its database is the production index
    (only read), its embedder, sanitiser and (``with_llm``) LLM answer the questions.  ``viewer``:
    answer as this identity under the access policy (default: an admin, who sees every request,
    which is what golden sets computed over the whole export expect)."""
    settings = runtime.settings
    visibility = runtime.visibility(viewer if viewer is not None else Viewer("admin"))
    questions = load_questions(questions_path)
    gate = load_gate(gate_path) if gate_path else None
    if source is not None and mapping_path is None:
        raise EvalError("--source needs --mapping: the mapping file names the source's columns")

    with ExitStack() as stack:
        production = runtime.db
        specs = _adapter_specs(settings, adapters, production)
        index_info: dict[str, Any]
        if source is not None and mapping_path is not None:
            mapping = Mapping.load(mapping_path)
            src = open_source(source, mapping)
            db = stack.enter_context(disposable_database(production, settings, keep=keep_index))
            indexer = build_indexer(runtime, db=db, progress=index_progress, share_sanitiser=True)
            report = indexer.run(src, mapping)
            index_info = {"kind": "disposable", "database": db.url.database, "source": str(source),
                          "mapping": str(mapping_path), "read": report.read, "indexed": report.new + report.changed,
                          "quarantined": report.quarantined,
                          "quarantine_reasons": dict(report.quarantine_reasons)}
            label = f"a disposable index of `{source}` ({report.new + report.changed} requests, {report.quarantined} quarantined)"
        else:
            db = production
            index_info = {"kind": "production", "database": db.url.database}
            label = "the production index"
        engine = runtime.engine(with_llm=with_llm, db=db, visibility=visibility)
        refs = reference_retrievers(engine.retriever, references) if references else []
        run = run_eval(engine, questions, specs, references=refs, progress=progress)
    run.info.update({"questions_file": str(questions_path), "index": label, "index_info": index_info,
                     "now": engine.clock().isoformat(timespec="minutes") if settings.answering.now else None,
                     "references": list(references), "access": visibility.as_dict()})
    summary = build_summary(run)
    gates = {}
    if gate:
        for label_ in summary["adapters"]:
            gates[label_] = check_gate(summary["adapters"][label_], gate)
        summary["gates"] = gates
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {"results": out_dir / "results.jsonl", "retrieval": out_dir / "retrieval.jsonl", "summary": out_dir / "summary.json"}
    write_jsonl(files["results"], run.results)
    write_jsonl(files["retrieval"], run.retrieval)
    files["summary"].write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    files.update(write_report(out_dir, summary, run.results, gates or None))
    return EvalOutcome(run, summary, files, gates)


def _adapter_specs(settings: Settings, names: Sequence[str], production: Any) -> list[AdapterSpec]:
    """Adapters by name; ``current`` and registry versions come from the production registry."""
    with production.engine.connect() as conn:
        registry = {r.version: Path(r.path) for r in conn.execute(sa.select(schema.adapters.c.version, schema.adapters.c.path))}
    promoted = promoted_adapter(production.engine)
    current = settings.llm.adapter_path or (promoted[1] if promoted else None)
    return [resolve_adapter(a, current=current, adapters_dir=settings.model_cache_dir / "adapters", registry=registry)
            for a in names]

"""The held-out exports (Jira-, Zendesk-, Freshservice- and GLPI-style): the committed files are what
their generators make, every kind is covered, each export parses under its mapping with only its
broken rows quarantined, and an independent pandas hand-check agrees with the committed truths."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evals import golden_freshservice, golden_glpi, golden_zendesk
from evals.exports import freshservice, glpi, zendesk
from evals.harness import load_questions
from indexing.mapping import Mapping
from indexing.records import Quarantined, RequestRow
from indexing.source import FileSource

ROOT = Path(__file__).resolve().parents[2]
EVALS = ROOT / "evals"
KINDS = {"count", "list", "top", "duration", "trend", "share", "cant", "lookup", "unknown", "search", "pii"}


def _zendesk_questions() -> list[dict[str, Any]]:
    return golden_zendesk.build()


def _freshservice_questions() -> list[dict[str, Any]]:
    questions, problems = golden_freshservice.build(freshservice.current_tickets(3000))
    assert not problems
    return questions


def _glpi_questions() -> list[dict[str, Any]]:
    rows = glpi.generate_tickets(3000)
    return golden_glpi.build([t for t in rows if t.kind == "ok"], rows)


#: name -> (generator module, current ids, question builder)
EXPORTS: dict[str, tuple[Any, Callable[[], set[str]], Callable[[], list[dict[str, Any]]]]] = {
    "zendesk": (zendesk, lambda: {t.id for t in zendesk.current_tickets(3000)}, _zendesk_questions),
    "freshservice": (freshservice, lambda: {t.ticket_id for t in freshservice.current_tickets(3000)},
                     _freshservice_questions),
    "glpi": (glpi, lambda: {t.ticket_id for t in glpi.current_tickets(3000)}, _glpi_questions),
}


@pytest.mark.parametrize("rel", ["golden/zendesk-3000.jsonl", "golden/jira-3000.jsonl", "golden/freshservice-3000.jsonl",
                                 "golden/glpi-3000.jsonl"])
def test_held_out_sets_cover_every_kind(rel: str) -> None:
    questions = load_questions(EVALS / rel)
    kinds = Counter(q["kind"] for q in questions)
    assert len(questions) >= 300 and set(kinds) == KINDS and kinds["cant"] >= 30
    assert sum(1 for q in questions if q.get("history")) >= 30
    for q in questions:
        if q["kind"] == "cant":
            assert not any(k.startswith("expected") for k in q), q
        if q["kind"] == "top":
            counts = [c for _v, c in q["expected_groups"]]
            assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_committed_files_are_what_the_generators_make(name: str, tmp_path: Path) -> None:
    module, _ids, build = EXPORTS[name]
    out = module.write_export(tmp_path / "export.csv.gz")
    assert gzip.decompress(out.read_bytes()) == gzip.decompress((EVALS / "exports" / f"{name}-3000.csv.gz").read_bytes())
    committed = [json.loads(line) for line in (EVALS / "golden" / f"{name}-3000.jsonl").open()]
    assert build() == committed, f"regenerate: python -m evals.golden_{name}"


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_parses_under_its_mapping(name: str) -> None:
    module, current_ids, _build = EXPORTS[name]
    mapping = Mapping.load(EVALS / "exports" / f"{name}_mapping.toml")
    source = FileSource(EVALS / "exports" / f"{name}-3000.csv.gz")
    parser = mapping.parser(mapping.resolve_columns(source.columns()), secret="test", max_text_chars=20_000)
    parsed = [parser.parse(rec.values, rec.position) for page in source.pages(500) for rec in page]
    tickets = module.generate_tickets(3000)
    quarantined = [p for p in parsed if isinstance(p, Quarantined)]
    assert len(parsed) == len(tickets) and len(quarantined) == sum(1 for t in tickets if t.kind == "broken") >= 4
    latest: dict[str, RequestRow] = {}
    for row in parsed:
        if isinstance(row, RequestRow) and (row.request_id not in latest or row.updated_at >= latest[row.request_id].updated_at):
            latest[row.request_id] = row
    assert set(latest) == current_ids()


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_hand_check_agrees(name: str) -> None:
    done = subprocess.run([sys.executable, f"evals/exports/{name}_handcheck.py"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0 and "0 mismatches" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]

"""The README and docs/ name only commands, flags, settings, make targets and files that exist.

Docs drift silently: a flag renamed in the CLI or a module moved leaves a page that sends users
to something that is not there.  This test reads every code span, code block and relative link
of the user-facing Markdown and checks each reference against the real thing: the ``askdesk``
command tree (typer/click introspection), the settings model, the Makefile and the files.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer

from askdesk.cli import app
from askdesk.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
#: top-level folders and files of the repository that docs may point into
TOP = ("askdesk", "indexing", "bot", "evals", "training", "benchmarks", "docs", "tests", "scripts", ".ci")
TOP_FILES = ("Makefile", "pyproject.toml", "requirements.lock", "docker-compose.yml", "Dockerfile", "README.md")
#: files the user's own runs create, named in the docs as outputs, not as files of the repository
GENERATED = ("benchmarks/results/", "benchmarks/cache/", "benchmarks/.cache/", "eval-report/")

FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)
SPAN = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _code(text: str) -> list[str]:
    """Fenced blocks (line by line) and inline code spans."""
    blocks = FENCE.findall(text)
    rest = FENCE.sub("", text)
    return [line for block in blocks for line in block.splitlines()] + SPAN.findall(rest)


def _docs() -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in DOCS]


# ------------------------------------------------------------------------------ commands
def _command_tree():
    return typer.main.get_command(app)


def _askdesk_calls(snippet: str) -> list[list[str]]:
    """Each ``askdesk …`` invocation in a snippet, as tokens up to a shell operator or comment."""
    calls = []
    snippet = re.split(r"(?:^|\s)#", snippet, maxsplit=1)[0]  # a shell comment is prose
    for m in re.finditer(r"(?:^|[\s;&|(])(?:\.venv/bin/|docker compose run [\w-]+ )?askdesk((?:\s+[^\s;&|#>]+)*)", snippet):
        try:
            tokens = shlex.split(m.group(1), comments=True)
        except ValueError:  # an unbalanced quote in a prose snippet: take the plain words
            tokens = m.group(1).split()
        calls.append(tokens)
    return calls


def _is_group(cmd) -> bool:
    """A command group (typer ships its own copy of click, so no isinstance against click's)."""
    return isinstance(getattr(cmd, "commands", None), dict)


def _check_call(root, tokens: list[str]) -> str | None:
    """None if the command path and every option exist; else what is wrong."""
    cmd, path = root, ["askdesk"]
    words = [t for t in tokens if not re.fullmatch(r"[.…]+|\[.*|<.*|\{.*|\.\.\..*", t)]
    i = 0
    while i < len(words) and _is_group(cmd) and not words[i].startswith("-"):
        sub = cmd.commands.get(words[i])
        if sub is None:
            if not re.fullmatch(r"[a-z][a-z-]*", words[i]):
                return None  # prose like `askdesk "question"` ends the command path
            return f"`{' '.join(path)} {words[i]}`: no such command (has: {sorted(cmd.commands)})"
        cmd, path, i = sub, [*path, words[i]], i + 1
    options = {o for p in cmd.params for o in (*p.opts, *p.secondary_opts)}
    if (cmd.context_settings or {}).get("ignore_unknown_options"):
        return None  # passes its flags on (``askdesk train sft`` hands them to TRL's parser)
    for word in words[i:]:
        if word.startswith("-") and len(word) > 1 and not re.fullmatch(r"-+", word):
            flag = word.split("=", 1)[0]
            if flag in ("--help", "-h"):
                continue
            if _is_group(cmd) or flag not in options:
                return f"`{' '.join(path)}` has no option {flag} (has: {sorted(options)})"
    return None


def test_every_askdesk_command_and_flag_in_the_docs_exists() -> None:
    root = _command_tree()
    problems, seen = [], 0
    for path, text in _docs():
        for snippet in _code(text):
            for call in _askdesk_calls(snippet):
                seen += 1
                problem = _check_call(root, call)
                if problem:
                    problems.append(f"{path.relative_to(ROOT)}: {problem}")
    assert seen >= 20  # the scan finds the commands the README shows
    assert not problems, "\n".join(problems)


def test_the_checker_catches_a_wrong_command_and_a_wrong_flag() -> None:
    root = _command_tree()
    assert _check_call(root, ["index", "--source", "x.csv", "--mapping", "m.toml"]) is None
    assert _check_call(root, ["eval", "--no-llm", "-q", "q.jsonl"]) is None
    assert "no such command" in (_check_call(root, ["reindex"]) or "")
    assert "no option --sources" in (_check_call(root, ["index", "--sources", "x"]) or "")
    assert "no option --frobnicate" in (_check_call(root, ["train", "data", "--frobnicate"]) or "")


# ------------------------------------------------------------------------------ settings
def _setting_exists(name: str) -> bool:
    """``ASKDESK_A__B`` names field ``b`` of the nested model in field ``a`` (pydantic-settings)."""
    model: type = Settings
    parts = name.removeprefix("ASKDESK_").lower().split("__")
    for part in parts:
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return False
        model = fields[part].annotation
    return True


def test_every_setting_in_the_docs_exists() -> None:
    names = {n for _, text in _docs() for n in re.findall(r"\bASKDESK_[A-Z0-9_]+[A-Z0-9]", text)}
    assert len(names) >= 20
    assert _setting_exists("ASKDESK_SLACK__PORT") and not _setting_exists("ASKDESK_SLACK__PROT")
    missing = sorted(n for n in names if n != "ASKDESK_DATABASE_URL" and not _setting_exists(n))
    assert not missing, missing


# ------------------------------------------------------------------------------ make targets
def test_every_make_target_in_the_docs_exists() -> None:
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.MULTILINE))
    named = {t for _, text in _docs() for snippet in _code(text) for t in re.findall(r"\bmake ([\w-]+)", snippet)}
    assert {"demo", "test"} <= named
    assert named <= targets, named - targets


# ------------------------------------------------------------------------------ files
def _file_refs(text: str) -> set[str]:
    refs = set()
    top = "|".join(re.escape(t) for t in TOP)
    for snippet in _code(text):
        for m in re.finditer(rf"(?<![\w./~-])((?:{top})/[\w./*-]*[\w*/])", snippet):
            refs.add(m.group(1))
        refs.update(w for w in re.findall(r"[\w.-]+", snippet) if w in TOP_FILES)
    for link in LINK.findall(text):
        if not re.match(r"[a-z]+:|#|mailto:", link):
            refs.add(link.split("#", 1)[0])
    return {r for r in refs if r}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_a_doc_names_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    missing = []
    for ref in sorted(_file_refs(text)):
        if ref.startswith(GENERATED) or "<" in ref or "{" in ref:
            continue
        base = ROOT if ref.startswith(tuple(f"{t}/" for t in TOP)) or ref in TOP_FILES else doc.parent
        target = (base / ref).resolve() if "*" not in ref else None
        if target is not None and not target.exists() and not (ROOT / ref).exists() or target is None and not list(ROOT.glob(ref)):
            missing.append(ref)
    assert not missing, f"{doc.relative_to(ROOT)} names files that do not exist: {missing}"


def test_the_file_check_sees_code_spans_and_links() -> None:
    refs = _file_refs("see `indexing/nope.py` and [the page](docs/none.md) and `Makefile`")
    assert {"indexing/nope.py", "docs/none.md", "Makefile"} <= refs

"""What every LLM backend offers: :class:`LoadedLLM` (generate, generate JSON under a schema, load
and switch LoRA adapters) and the :class:`GenerationResult` it returns.

A backend decides its own thread-safety (see :mod:`askdesk.llm.local` and
:mod:`askdesk.llm.openai_compat`); callers never lock around it.  One rule holds for all: a
result names the adapter that generated it (``GenerationResult.adapter_version``), even when a
live swap happens while it is being written.
"""

from __future__ import annotations

import contextlib
import json
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class GenerationResult:
    text: str
    first_token_s: float
    total_s: float
    tokens: int
    #: the adapter that generated this text (None = the base model); a live swap never changes it
    #: under a generation in flight
    adapter_version: str | None = None


class LoadedLLM(ABC):
    """A loaded LLM (local model or OpenAI-compatible server) plus what answers record about it."""

    #: "local" (transformers on this machine) or "openai" (an OpenAI-compatible server)
    backend: str

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model_name={self.model_name!r}, adapter_version={self.adapter_version!r})"

    @property
    @abstractmethod
    def adapter_version(self) -> str | None:
        """The adapter the next generation uses (None = the base model)."""

    @property
    @abstractmethod
    def follows_registry(self) -> bool:
        """Whether the adapter can be switched at runtime (the adapter watcher follows the registry)."""

    @abstractmethod
    def generate(self, messages: Sequence[Any], on_token: Callable[[str], None] | None = None) -> GenerationResult:
        """Greedy generation; streams deltas to ``on_token`` when given."""

    @abstractmethod
    def generate_json(self, messages: Sequence[Any], schema: dict[str, Any], *, max_new_tokens: int,
                      name: str = "query_plan") -> GenerationResult:
        """Greedy generation of a JSON document that the JSON ``schema`` allows (callers still
        parse and validate it)."""

    @abstractmethod
    def load_adapter(self, path: Path, version: str | None = None) -> str:
        """Load another LoRA adapter (not yet active); returns its version."""

    @abstractmethod
    def use_adapter(self, version: str | None) -> None:
        """Answer with this adapter from now on (None = the base model)."""


def adapter_version(path: Path) -> str:
    """An adapter folder's version: its ``askdesk-adapter.json`` says, else the folder's name."""
    meta = Path(path) / "askdesk-adapter.json"
    if meta.is_file():
        with contextlib.suppress(ValueError, KeyError):
            return str(json.loads(meta.read_text())["version"])
    return Path(path).name


def message_dicts(messages: Sequence[Any]) -> list[dict[str, str]]:
    """LlamaIndex ChatMessages (or ``{"role", "content"}`` dicts) as plain dicts."""
    out = []
    for m in messages:
        if isinstance(m, dict):
            out.append({"role": str(m["role"]), "content": str(m.get("content") or "")})
        else:
            role = getattr(m.role, "value", m.role)
            out.append({"role": str(role), "content": m.content or ""})
    return out


def stream_text(deltas: Iterable[str], on_token: Callable[[str], None], start: float) -> tuple[list[str], float | None]:
    """Pass every non-empty delta to ``on_token``; (the pieces, seconds from ``start`` to the first)."""
    pieces: list[str] = []
    first: float | None = None
    for delta in deltas:
        if not delta:
            continue
        if first is None:
            first = time.perf_counter() - start
        pieces.append(delta)
        on_token(delta)
    return pieces, first

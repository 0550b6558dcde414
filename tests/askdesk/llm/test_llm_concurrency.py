"""Many threads, one loaded LLM: an OpenAI-compatible server gets their requests at once (it
batches them), a local model generates one sequence at a time, and a live adapter swap never
changes what a generation in flight reports."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace
from typing import Any

import pytest
from llama_index.core.llms import ChatMessage

from askdesk.llm import generate, generate_json, load_llm
from askdesk.llm.local import LocalLLM
from tests.support.fake_openai import fake_openai_server
from tests.support.settings import make_settings

MESSAGES = [ChatMessage(role="user", content="Name one colour of the sky. One word.")]
N, DELAY = 8, 1.0


def in_threads(n: int, work: Any) -> list[Any]:
    """``work(i)`` for i < n, each in its own thread, all released at once; their results in order."""
    results: list[Any] = [None] * n
    errors: list[BaseException] = []
    start = threading.Barrier(n)

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = work(i)
        except BaseException as exc:  # noqa: BLE001  re-raised in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    if errors:
        raise errors[0]
    return results


def test_the_openai_backend_sends_concurrent_requests_at_once(tmp_path) -> None:
    """8 questions from 8 threads: the server holds each request until all 8 are in flight at once
    (a backend that serialised them would leave the first waiting alone until the hold timed out),
    then answers them together."""
    with fake_openai_server() as (api_base, fake):
        loaded = load_llm(make_settings(tmp_path, llm={"backend": "openai", "api_base": api_base, "api_model": "m"}))
        fake.json_reply = '{"intent": "count"}'
        # untimed: the first request of each kind imports what it needs (seconds on a busy box)
        generate(loaded, MESSAGES)
        generate(loaded, MESSAGES, on_token=lambda _: None)
        generate_json(loaded, MESSAGES, {"type": "object"}, max_new_tokens=16)
        fake.hold_until, fake.peak_in_flight = N, 0

        def ask(i: int) -> str:
            if i % 4 == 3:  # plans go the same way
                return generate_json(loaded, MESSAGES, {"type": "object"}, max_new_tokens=16).text
            pieces: list[str] = []
            result = generate(loaded, MESSAGES, on_token=pieces.append if i % 2 else None)
            assert not pieces or "".join(pieces) == result.text
            return result.text

        t0 = time.perf_counter()
        texts = in_threads(N, ask)
        elapsed = time.perf_counter() - t0
    assert texts == ['{"intent": "count"}' if i % 4 == 3 else "answer from m" for i in range(N)]
    assert len(fake.requests) == N + 3 and fake.peak_in_flight == N
    assert elapsed < fake.hold_timeout_s, f"{N} requests took {elapsed:.2f} s: the server waited in vain for them"


def test_an_openai_adapter_swap_applies_to_the_next_request_not_those_in_flight(tmp_path) -> None:
    with fake_openai_server() as (api_base, fake):
        loaded = load_llm(make_settings(tmp_path, llm={"backend": "openai", "api_base": api_base,
                                                        "api_model": "base", "api_adapters": "served"}))
        loaded.use_adapter("sft-1")
        fake.delay_s = DELAY
        swapped = threading.Event()

        def swap_when_all_arrived() -> None:
            deadline = time.time() + 10
            while len(fake.requests) < 4 and time.time() < deadline:
                time.sleep(0.01)
            loaded.use_adapter("sft-2")  # does not wait for the requests in flight
            swapped.set()

        swapper = threading.Thread(target=swap_when_all_arrived)
        swapper.start()
        results = in_threads(4, lambda i: generate(loaded, MESSAGES))
        swapper.join()
        assert swapped.is_set()
        assert {(r.text, r.adapter_version) for r in results} == {("answer from sft-1", "sft-1")}
        fake.delay_s = 0.0
        after = generate(loaded, MESSAGES)
        assert (after.text, after.adapter_version) == ("answer from sft-2", "sft-2")


class SlowModel:
    """Stands in for the LlamaIndex LLM of a local model: records how many generations overlap."""

    def __init__(self, seconds: float = 0.05) -> None:
        self.seconds, self.active, self.most = seconds, 0, 0
        self.finished = 0
        self._count = threading.Lock()

    def _enter(self) -> None:
        with self._count:
            self.active += 1
            self.most = max(self.most, self.active)

    def _leave(self) -> None:
        with self._count:
            self.active -= 1
            self.finished += 1

    def chat(self, messages: Any) -> Any:
        self._enter()
        time.sleep(self.seconds)
        self._leave()
        return SimpleNamespace(message=SimpleNamespace(content="blue"))

    def stream_chat(self, messages: Any) -> Any:
        self._enter()
        try:
            for piece in ("bl", "ue"):
                time.sleep(self.seconds / 2)
                yield SimpleNamespace(delta=piece)
        finally:
            self._leave()


def fake_local(model: SlowModel, adapter: str | None = "v1") -> LocalLLM:
    tokenizer = SimpleNamespace(encode=lambda text, add_special_tokens=False: list(text))
    return LocalLLM(model, "fake", SimpleNamespace(), tokenizer, adapter)


def test_the_local_backend_generates_one_sequence_at_a_time() -> None:
    model = SlowModel()
    loaded = fake_local(model)
    results = in_threads(N, lambda i: generate(loaded, MESSAGES, on_token=(lambda _: None) if i % 2 else None))
    assert [r.text for r in results] == ["blue"] * N
    assert model.most == 1 and model.finished == N


def test_a_local_adapter_swap_waits_for_the_generation_in_flight() -> None:
    model = SlowModel(seconds=0.3)
    loaded = fake_local(model, adapter="v1")
    result: list[Any] = []
    writer = threading.Thread(target=lambda: result.append(generate(loaded, MESSAGES)))
    writer.start()
    while model.active == 0:
        time.sleep(0.005)
    loaded.use_adapter(None)  # blocks until the answer is written
    assert model.finished == 1 and loaded.adapter_version is None
    writer.join()
    assert result[0].adapter_version == "v1"  # the adapter that wrote it


def test_a_failing_stream_consumer_frees_the_local_model_only_after_the_generation() -> None:
    model = SlowModel()
    loaded = fake_local(model)

    def fail(_: str) -> None:
        raise ConnectionError("the client went away")

    with pytest.raises(ConnectionError):
        generate(loaded, MESSAGES, on_token=fail)
    assert model.active == 0 and model.finished == 1  # the stream ran to its end under the lock
    assert generate(loaded, MESSAGES).text == "blue"

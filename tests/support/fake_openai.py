"""A local OpenAI-compatible server (vLLM-like) over real HTTP, for the openai backend's tests."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar


class FakeOpenAI(BaseHTTPRequestHandler):
    """Chat completions (plain and streamed) answering "answer from <model>", and vLLM's
    runtime LoRA API (names starting with "broken" are refused); every call is recorded."""

    requests: ClassVar[list[dict]] = []
    loads: ClassVar[list[dict]] = []
    #: the content of replies to requests with a ``response_format`` (structured output)
    json_reply: ClassVar[str | None] = None
    #: seconds every chat completion takes before it answers (a busy server; requests are served
    #: concurrently, one thread each)
    delay_s: ClassVar[float] = 0.0
    #: the most chat completions the server was working on at once
    peak_in_flight: ClassVar[int] = 0
    #: when set, every chat completion waits (at most ``hold_timeout_s``) until this many are at the
    #: server at once: a client that sends them one at a time shows as a peak of 1 and a timeout,
    #: however slow the machine is
    hold_until: ClassVar[int] = 0
    hold_timeout_s: ClassVar[float] = 30.0
    _in_flight: ClassVar[int] = 0
    _count: ClassVar[threading.Condition] = threading.Condition()

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == "/v1/load_lora_adapter":  # vLLM's runtime LoRA API
            FakeOpenAI.loads.append(body)
            ok = not body["lora_name"].startswith("broken")
            self._send(200 if ok else 404, b"Success" if ok else b'{"error": "adapter not found"}')
            return
        FakeOpenAI.requests.append(body)
        with FakeOpenAI._count:
            FakeOpenAI._in_flight += 1
            FakeOpenAI.peak_in_flight = max(FakeOpenAI.peak_in_flight, FakeOpenAI._in_flight)
            FakeOpenAI._count.notify_all()
            if FakeOpenAI.hold_until:
                FakeOpenAI._count.wait_for(lambda: FakeOpenAI.peak_in_flight >= FakeOpenAI.hold_until,
                                           timeout=FakeOpenAI.hold_timeout_s)
        try:
            time.sleep(FakeOpenAI.delay_s)
            self._answer(body)
        finally:
            with FakeOpenAI._count:
                FakeOpenAI._in_flight -= 1

    def _answer(self, body: dict) -> None:
        text = f"answer from {body['model']}"
        if body.get("response_format") is not None:  # structured output: the reply the test set
            text = FakeOpenAI.json_reply if FakeOpenAI.json_reply is not None else "{}"
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
        self._send(200, json.dumps(payload).encode(), "application/json")

    def _send(self, status: int, data: bytes, content_type: str | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextmanager
def fake_openai_server() -> Iterator[tuple[str, type[FakeOpenAI]]]:
    """(api_base, the handler class with its recorded ``requests`` and ``loads``), fresh records."""
    FakeOpenAI.requests = []
    FakeOpenAI.loads = []
    FakeOpenAI.json_reply = None
    FakeOpenAI.delay_s = 0.0
    FakeOpenAI.hold_until = 0
    FakeOpenAI.peak_in_flight = FakeOpenAI._in_flight = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1", FakeOpenAI
    finally:
        server.shutdown()
        server.server_close()

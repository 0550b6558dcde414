"""A local OpenAI-compatible server (vLLM-like) over real HTTP, for the openai backend's tests and
the Slack load benchmark (``benchmarks/slack_load.py --openai-fake``), which gives it a server's
pace: a prefill delay, then a delay per generated token, streamed one token at a time."""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar


class FakeOpenAI(BaseHTTPRequestHandler):
    """Chat completions (plain, and streamed a word at a time) answering "answer from <model>" (or
    a plausible lead, see ``answer_tokens``), and vLLM's runtime LoRA API (names starting with
    "broken" are refused); every call is recorded."""

    requests: ClassVar[list[dict]] = []
    loads: ClassVar[list[dict]] = []
    #: the content of replies to requests with a ``response_format`` (structured output)
    json_reply: ClassVar[str | None] = None
    #: seconds every chat completion takes before its first token (a busy server, the prompt's
    #: prefill; requests are served concurrently, one thread each)
    delay_s: ClassVar[float] = 0.0
    #: seconds per generated token (streamed: before each chunk; plain: all before the reply)
    token_s: ClassVar[float] = 0.0
    #: 0: answer "answer from <model>"; N: a plausible search lead of N tokens, cut at the
    #: request's ``max_tokens`` as a server would
    answer_tokens: ClassVar[int] = 0
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
        elif FakeOpenAI.answer_tokens:
            text = plausible_lead(min(FakeOpenAI.answer_tokens, body.get("max_tokens") or FakeOpenAI.answer_tokens))
        tokens = re.findall(r"\s*\S+", text) or [text]  # a word is a token
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for piece in tokens:
                time.sleep(FakeOpenAI.token_s)
                chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                         "choices": [{"index": 0, "delta": {"role": "assistant", "content": piece}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            return
        time.sleep(FakeOpenAI.token_s * len(tokens))
        payload = {"id": "c1", "object": "chat.completion", "created": 0, "model": body["model"],
                   "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                   "usage": {"prompt_tokens": 1, "completion_tokens": len(tokens), "total_tokens": len(tokens) + 1}}
        self._send(200, json.dumps(payload).encode(), "application/json")

    def _send(self, status: int, data: bytes, content_type: str | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


LEAD = ("Several requests report the same problem after the latest update, and most were fixed by "
        "restarting the service, clearing the cached credentials and reinstalling the client; the "
        "remaining ones were escalated to the network team, which replaced the faulty configuration.")


def plausible_lead(n: int) -> str:
    """An answer-like text of ``n`` words (the lead's sentence, repeated as needed)."""
    return " ".join(itertools.islice(itertools.cycle(LEAD.split()), n))


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # many clients connecting at once (a load benchmark) are not refused


@contextmanager
def fake_openai_server() -> Iterator[tuple[str, type[FakeOpenAI]]]:
    """(api_base, the handler class with its recorded ``requests`` and ``loads``), fresh records."""
    FakeOpenAI.requests = []
    FakeOpenAI.loads = []
    FakeOpenAI.json_reply = None
    FakeOpenAI.delay_s = FakeOpenAI.token_s = 0.0
    FakeOpenAI.answer_tokens = 0
    FakeOpenAI.hold_until = 0
    FakeOpenAI.peak_in_flight = FakeOpenAI._in_flight = 0
    server = _Server(("127.0.0.1", 0), FakeOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1", FakeOpenAI
    finally:
        server.shutdown()
        server.server_close()

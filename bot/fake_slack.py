"""A local stand-in for Slack, for tests and benchmarks: Slack's Web API (records every call and
keeps the messages it was sent, with their metadata and edits) and a client that sends **signed**
requests to a bot the way Slack does (events, slash commands, interactivity).

Nothing here is used by the bot itself; it exists because Slack can't be reached from CI.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from slack_sdk.signature import SignatureVerifier

from bot.blocks import PROGRESS_NOTE

BOT_USER = "UASKDESK"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class FakeSlackAPI:
    """Slack's Web API on 127.0.0.1.  ``calls`` lists every request; ``messages`` holds what the bot
    posted (``chat.update`` edits them in place).  ``fail[method] = "error_code"`` makes a method
    answer ``ok: false`` with that error; ``usergroups`` maps group ids to member ids (for
    ``usergroups.users.list``); ``channels`` maps channel ids to what ``conversations.info`` says
    about them besides the defaults (e.g. ``{"is_ext_shared": True}`` for a channel shared with
    other organisations); ``users`` maps user ids to the e-mail address ``users.info`` gives in
    their profile (a user not in it, or mapped to None, has a profile without ``email``: a bot, or
    an app without ``users:read.email``)."""

    def __init__(self, *, users: dict[str, str | None] | None = None) -> None:
        self.calls: list[Call] = []
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.fail: dict[str, str] = {}
        self.usergroups: dict[str, list[str]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.users: dict[str, str | None] = dict(users or {})
        #: what ``apps.connections.open`` returns (a :class:`FakeSocketModeServer`'s url)
        self.socket_url: str | None = None
        self._lock = threading.Lock()
        #: notified whenever a message is posted or edited (wait on it instead of polling)
        self.changed = threading.Condition(self._lock)
        #: event key -> the bot's answer messages for it (by their metadata)
        self._by_event: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
        self._ts = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(raw or "{}")
                else:
                    args = {k: v[-1] for k, v in urllib.parse.parse_qs(raw).items()}
                    query = urllib.parse.urlsplit(self.path).query
                    args.update({k: v[-1] for k, v in urllib.parse.parse_qs(query).items()})
                for key in ("blocks", "metadata", "view"):
                    if isinstance(args.get(key), str):
                        args[key] = json.loads(args[key])
                method = urllib.parse.urlsplit(self.path).path.strip("/").split("/")[-1]
                if self.path.startswith("/response/"):
                    method = "response_url:" + method
                body = fake.handle(method, args)
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def response_url(self, name: str) -> str:
        return f"{self.url}response/{name}"

    # ------------------------------------------------------------------ the API
    def handle(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self.calls.append(Call(method, args))
            if method in self.fail:
                return {"ok": False, "error": self.fail[method]}
            if method == "auth.test":
                return {"ok": True, "user_id": BOT_USER, "bot_id": "BASKDESK", "team_id": "T0001", "user": "askdesk"}
            if method == "chat.postMessage":
                ts = f"{int(time.time())}.{next(self._ts):06d}"
                msg = {"ts": ts, "channel": args["channel"], "thread_ts": args.get("thread_ts"), "text": args.get("text"),
                       "blocks": args.get("blocks"), "metadata": args.get("metadata"), "edits": 0, "user": BOT_USER}
                self.messages[(args["channel"], ts)] = msg
                self._index(msg)
                return {"ok": True, "channel": args["channel"], "ts": ts, "message": msg}
            if method == "chat.update":
                stored = self.messages.get((args["channel"], args["ts"]))
                if stored is None:
                    return {"ok": False, "error": "message_not_found"}
                stored.update({k: args[k] for k in ("text", "blocks", "metadata") if k in args})
                stored["edits"] += 1
                self._index(stored)
                return {"ok": True, "channel": args["channel"], "ts": args["ts"]}
            if method in ("conversations.replies", "conversations.history"):
                msgs = [m for (c, _), m in self.messages.items() if c == args["channel"]
                        and (method == "conversations.history" or m["thread_ts"] == args["ts"] or m["ts"] == args["ts"])]
                return {"ok": True, "messages": sorted(msgs, key=lambda m: m["ts"])}
            if method == "apps.connections.open":
                return {"ok": True, "url": self.socket_url} if self.socket_url else {"ok": False, "error": "not_allowed"}
            if method == "usergroups.users.list":
                return {"ok": True, "users": self.usergroups.get(args.get("usergroup", ""), [])}
            if method == "conversations.info":
                channel = str(args.get("channel", ""))
                return {"ok": True, "channel": {
                    "id": channel, "is_channel": channel.startswith("C"), "is_group": channel.startswith("G"),
                    "is_im": channel.startswith("D"), "is_mpim": False, "is_private": not channel.startswith("C"),
                    "is_shared": False, "is_ext_shared": False, "is_org_shared": False, "is_pending_ext_shared": False,
                    **self.channels.get(channel, {})}}
            if method == "users.info":
                user = str(args.get("user", ""))
                email = self.users.get(user)
                profile: dict[str, Any] = {"real_name": user, "display_name": user}
                if email is not None:
                    profile["email"] = email
                return {"ok": True, "user": {"id": user, "team_id": "T0001", "name": user.lower(), "deleted": False,
                                             "is_bot": False, "profile": profile}}
            if method.startswith("response_url:"):
                return {"ok": True}
            return {"ok": True}  # chat.postEphemeral, reactions.*, views.*

    def _index(self, msg: dict[str, Any]) -> None:
        meta = msg.get("metadata") or {}
        if meta.get("event_type") == "askdesk_answer":
            self._by_event.setdefault(meta["event_payload"]["event_key"], {})[(msg["channel"], msg["ts"])] = msg
        self.changed.notify_all()

    # ------------------------------------------------------------------ reading what happened
    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def answers(self, event_key: str | None = None) -> list[dict[str, Any]]:
        """The bot's answer messages (by their metadata), optionally for one question."""
        with self._lock:
            if event_key is not None:
                return list(self._by_event.get(event_key, {}).values())
            return [m for msgs in self._by_event.values() for m in msgs.values()]


def is_final(message: dict[str, Any]) -> bool:
    """Whether a reply is the finished answer (or apology), not the placeholder being written."""
    return PROGRESS_NOTE not in json.dumps(message.get("blocks") or [], ensure_ascii=False)


def answer_id_of(message: dict[str, Any]) -> str | None:
    """The answer id in a message's 👍/👎 buttons."""
    for block in message.get("blocks") or []:
        if block.get("type") == "actions":
            return block["elements"][0]["value"]
    return None


class SlackSender:
    """Sends requests to a bot's ``/slack/events`` like Slack: signed with the signing secret."""

    def __init__(self, url: str, signing_secret: str, *, team: str = "T0001") -> None:
        self.url = url
        self.verifier = SignatureVerifier(signing_secret)
        self.team = team
        self._ids = itertools.count(1)

    def post(self, body: str, content_type: str, *, timestamp: int | None = None, signature: str | None = None,
             retry_num: int | None = None, timeout: float = 30.0) -> tuple[int, str, float]:
        """Returns (HTTP status, body, seconds to the response)."""
        ts = str(timestamp if timestamp is not None else int(time.time()))
        if not signature:
            signature = self.verifier.generate_signature(timestamp=ts, body=body)
            assert signature is not None  # None only without a timestamp
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature,
        }
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        req = urllib.request.Request(self.url, data=body.encode(), headers=headers, method="POST")
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, resp.read().decode(), time.perf_counter() - t0
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), time.perf_counter() - t0

    # ------------------------------------------------------------------ Slack's payloads
    def event_body(self, event: dict[str, Any], event_id: str | None = None) -> str:
        return json.dumps({
            "token": "legacy", "team_id": self.team, "api_app_id": "A0001", "type": "event_callback",
            "event": {"event_ts": event.get("ts", f"{time.time():.6f}"), **event},
            "event_id": event_id or f"Ev{next(self._ids):08d}", "event_time": int(time.time()),
            "authorizations": [{"team_id": self.team, "user_id": BOT_USER, "is_bot": True}],
        })

    def event(self, event: dict[str, Any], *, event_id: str | None = None, **kw: Any) -> tuple[int, str, float]:
        return self.post(self.event_body(event, event_id), "application/json", **kw)

    def mention(self, user: str, channel: str, text: str, ts: str, thread_ts: str | None = None, **kw: Any) -> tuple[int, str, float]:
        ev = {"type": "app_mention", "user": user, "channel": channel, "text": f"<@{BOT_USER}> {text}", "ts": ts}
        if thread_ts:
            ev["thread_ts"] = thread_ts
        return self.event(ev, **kw)

    def message(self, user: str, channel: str, text: str, ts: str, *, channel_type: str = "im",
                thread_ts: str | None = None, **kw: Any) -> tuple[int, str, float]:
        ev = {"type": "message", "user": user, "channel": channel, "text": text, "ts": ts, "channel_type": channel_type}
        if thread_ts:
            ev["thread_ts"] = thread_ts
        return self.event(ev, **kw)

    def reaction(self, user: str, channel: str, ts: str, name: str, *, added: bool = True, **kw: Any) -> tuple[int, str, float]:
        return self.event({"type": "reaction_added" if added else "reaction_removed", "user": user, "reaction": name,
                           "item": {"type": "message", "channel": channel, "ts": ts}, "item_user": BOT_USER,
                           "event_ts": f"{time.time():.6f}"}, **kw)

    def command(self, user: str, channel: str, text: str, *, response_url: str = "", trigger_id: str | None = None,
                channel_name: str = "general", **kw: Any) -> tuple[int, str, float]:
        """``/askdesk text`` in ``channel``; ``channel_name="directmessage"`` is how Slack sends it from a DM."""
        form = {"token": "legacy", "team_id": self.team, "channel_id": channel, "channel_name": channel_name, "user_id": user,
                "command": "/askdesk", "text": text, "response_url": response_url,
                "trigger_id": trigger_id or f"trig.{next(self._ids)}", "api_app_id": "A0001"}
        return self.post(urllib.parse.urlencode(form), "application/x-www-form-urlencoded", **kw)

    def interaction(self, payload: dict[str, Any], **kw: Any) -> tuple[int, str, float]:
        return self.post(urllib.parse.urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded", **kw)

    def click(self, user: str, channel: str, message_ts: str, action_id: str, answer_id: str, **kw: Any) -> tuple[int, str, float]:
        return self.interaction({
            "type": "block_actions", "team": {"id": self.team}, "user": {"id": user, "team_id": self.team},
            "api_app_id": "A0001", "token": "legacy", "trigger_id": f"trig.{next(self._ids)}",
            "channel": {"id": channel}, "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
            "message": {"ts": message_ts, "type": "message"},
            "actions": [{"type": "button", "action_id": action_id, "block_id": f"askdesk_feedback:{answer_id}",
                         "value": answer_id, "action_ts": f"{time.time():.6f}"}],
        }, **kw)

    def submit_reason(self, user: str, answer_id: str, reason: str, **kw: Any) -> tuple[int, str, float]:
        return self.interaction({
            "type": "view_submission", "team": {"id": self.team}, "user": {"id": user, "team_id": self.team},
            "api_app_id": "A0001", "token": "legacy", "trigger_id": f"trig.{next(self._ids)}",
            "view": {"id": "V1", "type": "modal", "callback_id": "askdesk_downvote_reason", "team_id": self.team,
                     "private_metadata": json.dumps({"answer_id": answer_id}),
                     "state": {"values": {"reason": {"reason_text": {"type": "plain_text_input", "value": reason}}}}},
        }, **kw)

    def home_opened(self, user: str, **kw: Any) -> tuple[int, str, float]:
        return self.event({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"}, **kw)


class FakeSocketModeServer:
    """Slack's Socket Mode websocket on 127.0.0.1 (RFC 6455, text frames, ping/pong, close):
    point ``FakeSlackAPI.socket_url`` at it and ``apps.connections.open`` hands it to the bot.
    ``send(envelope)`` pushes an envelope to the connected bot; ``acks`` collects its replies."""

    GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    def __init__(self) -> None:
        import socket as _socket

        self.acks: dict[str, dict[str, Any]] = {}
        self.connected = threading.Event()
        self._conn: Any = None
        self._send_lock = threading.Lock()
        self._acked = threading.Condition()
        self._server = _socket.create_server(("127.0.0.1", 0))
        self.url = f"ws://127.0.0.1:{self._server.getsockname()[1]}/link"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: Any) -> None:
        import base64
        import hashlib

        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in data.split(b"\r\n\r\n")[0].decode().split("\r\n")[1:])}
        accept = base64.b64encode(hashlib.sha1((headers["sec-websocket-key"] + self.GUID).encode()).digest()).decode()
        conn.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
        self._conn = conn
        self._frame(conn, 1, json.dumps({"type": "hello", "num_connections": 1,
                                         "connection_info": {"app_id": "A0001"}}).encode())
        self.connected.set()
        reader = conn.makefile("rb")
        try:
            while True:
                head = reader.read(2)
                if len(head) < 2:
                    return
                opcode, length = head[0] & 0x0F, head[1] & 0x7F
                if length == 126:
                    length = int.from_bytes(reader.read(2), "big")
                elif length == 127:
                    length = int.from_bytes(reader.read(8), "big")
                mask = reader.read(4) if head[1] & 0x80 else b"\0\0\0\0"
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(reader.read(length)))
                if opcode == 8:
                    return
                if opcode == 9:
                    self._frame(conn, 10, payload)
                elif opcode == 1:
                    message = json.loads(payload)
                    with self._acked:
                        self.acks[message.get("envelope_id", "")] = message
                        self._acked.notify_all()
        except OSError:
            return

    def _frame(self, conn: Any, opcode: int, payload: bytes) -> None:
        n = len(payload)
        header = bytes([0x80 | opcode]) + (bytes([n]) if n < 126 else bytes([126]) + n.to_bytes(2, "big")
                                            if n < 65536 else bytes([127]) + n.to_bytes(8, "big"))
        with self._send_lock:
            conn.sendall(header + payload)

    def send(self, envelope: dict[str, Any]) -> None:
        assert self.connected.wait(30), "the bot never connected"
        self._frame(self._conn, 1, json.dumps(envelope).encode())

    def wait_ack(self, envelope_id: str, timeout: float = 3.0) -> dict[str, Any]:
        with self._acked:
            if not self._acked.wait_for(lambda: envelope_id in self.acks, timeout):
                raise AssertionError(f"envelope {envelope_id} not acknowledged within {timeout} s")
            return self.acks[envelope_id]

    def close(self) -> None:
        self._server.close()
        if self._conn is not None:
            try:
                self._conn.close()
            except OSError:
                pass

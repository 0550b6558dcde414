"""Serving the bot.

HTTP mode: one threaded WSGI server with Slack's endpoint (events, interactivity and the slash
command all POST to ``/slack/events``), ``/healthz`` (200 when the database answers and the
answer workers run, else 503) and ``/metrics`` (Prometheus).  Run as many replicas as you like
behind a load balancer against one database: the inbox and the votes are shared there.

Socket Mode: the same app over Slack's websocket (no public URL); ``/healthz`` and ``/metrics``
are still served on the HTTP port.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.app import SlackBot

log = logging.getLogger(__name__)

SLACK_PATH = "/slack/events"


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # Slack sends bursts; the default backlog (5) drops connections under 20 concurrent users
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("http %s", format % args)


def wsgi_app(bot: SlackBot) -> Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]:
    slack = SlackRequestHandler(bot.app, path=SLACK_PATH)
    metrics = bot.deps.metrics

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == SLACK_PATH and bot.receives_http:
            t0 = time.perf_counter()
            body = slack(environ, start_response)
            metrics.ack_seconds.observe(time.perf_counter() - t0)
            return body
        if path == "/healthz":
            ok, info = bot.health()
            start_response("200 OK" if ok else "503 Service Unavailable", [("Content-Type", "application/json")])
            return [json.dumps(info).encode()]
        if path == "/metrics":
            bot.health()  # refreshes the inbox gauge
            start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST)])
            return [generate_latest(metrics.registry)]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found: Slack posts to /slack/events\n"]

    return application


class BotServer:
    """The HTTP server of one bot process; ``start()`` serves in a thread, ``serve()`` blocks."""

    def __init__(self, bot: SlackBot, host: str, port: int) -> None:
        self.bot = bot
        self.httpd = make_server(host, port, wsgi_app(bot), server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def start(self) -> None:
        self.bot.start()
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="http", daemon=True)
        self._thread.start()

    def serve(self) -> None:
        self.bot.start()
        try:
            self.httpd.serve_forever()
        finally:
            self.stop()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.bot.stop()


class SocketModeRunner:
    """Socket Mode: Slack's websocket in (no public URL, requests authenticated by the app token
    instead of signatures), the same app and answer workers; ``/healthz`` and ``/metrics`` still
    on the HTTP server when one is given."""

    def __init__(self, bot: SlackBot, app_token: str, server: BotServer | None = None) -> None:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        self.bot, self.server = bot, server
        self.handler = SocketModeHandler(bot.app, app_token, logger=logging.getLogger("askdesk.socket_mode"))
        self.handler.client.logger.setLevel(logging.WARNING)  # its debug logs print payloads

    def start(self) -> None:
        """Connect and return (the websocket runs in the client's threads)."""
        if self.server is not None:
            self.server.start()
        else:
            self.bot.start()
        self.handler.connect()

    def serve(self) -> None:
        self.start()
        try:
            threading.Event().wait()
        finally:
            self.stop()

    def stop(self) -> None:
        self.handler.close()
        if self.server is not None:
            self.server.stop()
        else:
            self.bot.stop()

"""``askdesk ask``, ``askdesk chat`` and ``askdesk slack``: the ways people ask, on one engine.

Registered on the root ``askdesk`` command by :func:`register`.  Models load inside the commands
(after the cheap checks), so a missing Slack token is reported before a model is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from askdesk.console import console, err, fail
from askdesk.runtime import Runtime

if TYPE_CHECKING:
    from askdesk.answering.engine import AnswerEngine

LLM_OPTION = typer.Option(help="Load the LLM for search answers (--no-llm: list the closest requests).")


def answering_engine(runtime: Runtime, *, llm: bool) -> AnswerEngine:
    """The engine of the chat, ``ask`` and the bot, following the adapter registry when it has an LLM."""
    with console.status("loading models (the first run converts the bundled LLM once)…"):
        engine = runtime.engine(with_llm=llm)
    runtime.follow_adapter_registry(engine)
    return engine


def run_chat(runtime: Runtime, *, llm: bool) -> None:
    """The terminal chat: answers with sources, + / - votes stored like Slack's."""
    # deferred: bot.terminal imports the answering engine, which loads LlamaIndex
    from bot.terminal import TerminalChat

    engine = answering_engine(runtime, llm=llm)
    TerminalChat(
        engine, runtime.db.engine, secret=runtime.settings.sanitiser.secret.get_secret_value(), console=console,
        scrub_reason=runtime.scrub, visibility=runtime.visibility(runtime.local_viewer()),
    ).run()


def ask(
    question: Annotated[str, typer.Argument(help="Your question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer, sources, filters and trace as JSON.")] = False,
    llm: Annotated[bool, LLM_OPTION] = True,
) -> None:
    """Answer one question about the indexed requests, with its sources and the filters it used."""
    import json

    # deferred: bot.terminal imports the answering engine, which loads LlamaIndex
    from bot.terminal import print_answer

    with Runtime.from_environment() as runtime:
        answer = answering_engine(runtime, llm=llm).answer(question, visibility=runtime.visibility(runtime.local_viewer()))
    if as_json:
        print(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print_answer(console, answer, streamed=False)


def chat(llm: Annotated[bool, LLM_OPTION] = True) -> None:
    """A terminal chat on the same engine as the Slack bot; + / - vote 👍 / 👎 on the last answer."""
    with Runtime.from_environment() as runtime:
        run_chat(runtime, llm=llm)


def slack(
    port: Annotated[int | None, typer.Option(help="HTTP port (Slack endpoint /slack/events, /healthz, /metrics).")] = None,
    host: Annotated[str | None, typer.Option(help="HTTP address to listen on.")] = None,
    socket_mode: Annotated[bool | None, typer.Option("--socket-mode/--http", help="Force Socket Mode or HTTP mode (default: Socket Mode when SLACK_APP_TOKEN is set).")] = None,
    llm: Annotated[bool, LLM_OPTION] = True,
    workers: Annotated[int | None, typer.Option(help="Answer workers in this process.")] = None,
    role: Annotated[str, typer.Option(help="all: receive and answer; web: only receive (acknowledge) Slack requests; "
                                           "worker: only answer what web processes stored.")] = "all",
) -> None:
    """Run the Slack bot: mentions, DMs, /askdesk, threads, 👍/👎 (see the README's Slack section)."""
    # deferred: bot.app and bot.server import the answering engine, which loads LlamaIndex
    from bot.app import build_bot
    from bot.server import BotServer, SocketModeRunner

    overrides = {k: v for k, v in (("port", port), ("host", host), ("workers", workers)) if v is not None}
    runtime = Runtime.from_environment()
    s = runtime.settings.slack = runtime.settings.slack.model_copy(update=overrides)
    use_socket = role != "worker" and ((s.app_token is not None) if socket_mode is None else socket_mode)
    if use_socket and s.app_token is None:
        fail("Socket Mode needs SLACK_APP_TOKEN (an xapp- token with connections:write).")
    if role != "worker" and not use_socket and s.signing_secret is None:
        fail("HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials); or set SLACK_APP_TOKEN "
             "for Socket Mode.  Without Slack, `askdesk chat` answers in this terminal.")
    if s.bot_token is None:  # before loading any model
        fail("Set SLACK_BOT_TOKEN (the app's xoxb- token, under OAuth & Permissions); see the README's Slack "
             "section.  Without Slack, `askdesk chat` answers in this terminal.")
    with runtime:
        engine = None if role == "web" else answering_engine(runtime, llm=llm)  # web receives only: no models
        bot = build_bot(runtime.settings, runtime.db.engine, engine, scrub=runtime.scrub, role=role,
                        access_policy=runtime.access_policy)
        server = BotServer(bot, s.host, s.port)
        mode = ("answering only" if role == "worker" else "Socket Mode" if use_socket
                else f"HTTP on {s.host}:{server.port}/slack/events") + ("" if role == "all" else f" (role {role})")
        err.print(f"askdesk Slack bot ({bot.deps.replica_id}) running: {mode}; health and metrics on port {server.port}")
        if use_socket:
            assert s.app_token is not None  # checked above
            SocketModeRunner(bot, s.app_token.get_secret_value(), server).serve()
        else:
            server.serve()


def register(app: typer.Typer) -> None:
    """Add the asking commands to the root ``askdesk`` command."""
    app.command()(ask)
    app.command()(chat)
    app.command()(slack)

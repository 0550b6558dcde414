"""The local terminal chat: the same engine and the same answer/feedback rows as the Slack bot.

Type a question; the answer streams in, followed by its sources and the filters it used.  Then
type ``+`` (👍) or ``-`` (👎, optionally followed by what was wrong) to vote on the last answer,
or just the next question.  Follow-up questions use the conversation so far (like a Slack
thread); ``/new`` starts a new one, ``/quit`` (or Ctrl-D) leaves.
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Callable

import sqlalchemy as sa
from rich.console import Console
from rich.markup import escape

from askdesk.access import Visibility
from askdesk.answering.answer import Answer
from askdesk.answering.engine import AnswerEngine
from askdesk.feedback import record_vote, save_answer, user_hash

HELP = (
    "Ask about your requests, e.g. [cyan]What is the status of REQ-100042?[/] · "
    "[cyan]How many HR requests are pending?[/] · [cyan]Has anyone had VPN drops after the update?[/]\n"
    "After an answer: [bold]+[/] 👍 · [bold]-[/] 👎 (add what was wrong: [bold]- wrong count[/]) · "
    "[bold]=[/] 👎 with the answer it should have given ([bold]= REQ-100042 is closed[/]) · "
    "[bold]/new[/] new conversation · [bold]/quit[/]"
)
#: turns of the conversation given to the engine as context
HISTORY_TURNS = 3


def print_answer(console: Console, answer: Answer, *, streamed: bool) -> None:
    if not streamed:
        console.print(escape(answer.text))
    else:
        console.print()
    if answer.sources:
        console.print("[bold]Sources[/]")
        for s in answer.sources:
            console.print(f"  • [link={s.url}]{escape(s.request_id)}[/link] {escape(s.title)} [dim]({escape(s.status or '-')})[/]")
    took = answer.trace.total_ms
    console.print(
        f"[dim]route: {answer.route} · filters: {escape(answer.filters_text)}"
        + (f" · {took / 1000:.1f} s" if took else "")
        + (f" · adapter: {answer.trace.adapter_version}" if answer.trace.adapter_version else "")
        + "[/]"
    )


class TerminalChat:
    def __init__(
        self,
        engine: AnswerEngine,
        db_engine: sa.Engine,
        *,
        secret: str,
        console: Console | None = None,
        read: Callable[[str], str] | None = None,
        user: str | None = None,
        scrub_reason: Callable[[str], str] | None = None,
        visibility: Visibility | None = None,
    ) -> None:
        self.engine = engine
        #: what answers may use (``Runtime.visibility(runtime.local_viewer())``); None: the engine's default
        self.visibility = visibility
        self.db_engine = db_engine
        self.console = console or Console()
        self.read = read or (lambda prompt: self.console.input(prompt))
        self.user = user_hash(secret, user or getpass.getuser())
        self.scrub_reason = scrub_reason or (lambda text: text)
        self.thread = str(uuid.uuid4())
        self.history: list[tuple[str, str]] = []
        self.last_answer_id: str | None = None

    def handle(self, line: str) -> bool:
        """One line of input; returns False when the user wants to leave."""
        line = line.strip()
        if not line:
            return True
        if line in ("/quit", "/exit", "/q"):
            return False
        if line == "/help":
            self.console.print(HELP)
            return True
        if line == "/new":
            self.thread, self.history, self.last_answer_id = str(uuid.uuid4()), [], None
            self.console.print("[dim]new conversation[/]")
            return True
        if line[0] in "+-=" and (len(line) == 1 or line[1] == " ") and self.last_answer_id:
            vote = 1 if line[0] == "+" else -1
            text = self.scrub_reason(line[1:].strip()) or None
            reason, correction = (None, text) if line[0] == "=" else (text, None)
            record_vote(self.db_engine, self.last_answer_id, self.user, vote, via="terminal", reason=reason,
                        correction=correction)
            self.console.print("[green]thanks: 👍 saved[/]" if vote > 0 else "[yellow]thanks: 👎 saved[/]")
            return True
        self.ask(line)
        return True

    def ask(self, question: str) -> Answer:
        streamed = False

        def on_token(text: str) -> None:
            nonlocal streamed
            streamed = True
            self.console.print(escape(text), end="", soft_wrap=True)

        answer = self.engine.answer(question, history=self.history[-HISTORY_TURNS:], on_token=on_token,
                                    visibility=self.visibility)
        print_answer(self.console, answer, streamed=streamed)
        self.last_answer_id = save_answer(self.db_engine, answer, surface="terminal", user=self.user, thread=self.thread)
        self.history.append((answer.trace.question or question, answer.text))
        self.console.print("[dim]+ 👍  - 👎  or ask the next question[/]")
        return answer

    def run(self) -> None:
        self.console.print(HELP)
        while True:
            try:
                line = self.read("[bold cyan]ask>[/] ")
            except (EOFError, KeyboardInterrupt):
                self.console.print()
                return
            if not self.handle(line):
                return

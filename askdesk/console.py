"""The terminal helpers every ``askdesk`` command uses: one console for output, one for errors.

Features register their commands on the root command (``askdesk.cli``) and print through these
two consoles, so ``--json`` output on stdout is never mixed with notes and errors on stderr.
"""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

#: normal output (tables, answers); stdout
console = Console()
#: notes, warnings and errors; stderr
err = Console(stderr=True)


def print_error(message: str) -> None:
    """``error: <message>`` on stderr, the one form every command uses."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)


def fail(message: str, code: int = 2) -> NoReturn:
    """Stop the command with ``error: <message>`` and exit ``code`` (2: wrong input or setup).

    Prefer raising an :class:`askdesk.errors.AskdeskError` subclass from library code; ``fail`` is
    for checks of the command line itself (a missing flag, flags that do not go together)."""
    print_error(message)
    raise typer.Exit(code)


def note(message: str) -> None:
    """A yellow ``note:`` on stderr: something the user may want to change, not an error."""
    err.print(f"[yellow]note:[/] {message}")

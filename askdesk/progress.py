"""Progress of long runs: the small interface an indexing run reports to, and rich bars for it.

The interface lives in shared code so the CLI, the evals and the benchmarks can show an index
run's progress without the indexing package knowing how it is drawn."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class IndexProgress:
    """Callbacks an index run makes as it reads and embeds; this base does nothing."""

    def start(self, total: int | None) -> None: ...

    def advance_read(self, n: int) -> None: ...

    def advance_embedded(self, n: int) -> None: ...

    def stop(self) -> None: ...


class RichProgress(IndexProgress):
    """Two bars: rows read from the source, and requests embedded."""

    def __init__(self, console: Console | None = None, bars: Progress | None = None) -> None:
        """``bars``: draw into a rich Progress that is already on screen (one live display at a time)."""
        self._bars = bars or Progress(
            TextColumn("{task.description:<10}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
            disable=console is not None and not console.is_terminal,
        )
        self._read: TaskID | None = None
        self._embedded: TaskID | None = None

    def __enter__(self) -> Self:
        self._bars.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._bars.__exit__(exc_type, exc, tb)

    def start(self, total: int | None) -> None:
        self._read = self._bars.add_task("read", total=total)
        self._embedded = self._bars.add_task("embedded", total=None)

    def advance_read(self, n: int) -> None:
        if self._read is not None:
            self._bars.advance(self._read, n)

    def advance_embedded(self, n: int) -> None:
        if self._embedded is not None:
            self._bars.advance(self._embedded, n)

    def stop(self) -> None:
        done = {t.id: t.completed for t in self._bars.tasks}  # by id: a shared Progress may hold other tasks
        for task in (self._read, self._embedded):
            if task is not None and task in done:
                self._bars.update(task, total=done[task])

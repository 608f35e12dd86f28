"""A progress bar on stderr for long builds (read, compute, each sheet, save)."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager


class Steps(AbstractContextManager):
    """Count named steps; draw a rich progress bar on stderr when ``enabled`` and a terminal.

    >>> with Steps(total=2, enabled=False) as steps:
    ...     steps.start("read")
    ...     steps.start("save")
    >>> steps.done
    2
    """

    def __init__(self, total: int, *, enabled: bool = False) -> None:
        self.total = total
        self.enabled = enabled
        self.done = 0
        self._progress = None
        self._task = None

    def __enter__(self) -> Steps:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            console = Console(file=sys.stderr)
            if not console.is_terminal:  # a log file or a pipe: no bar, no stray lines
                return self
            self._progress = Progress(
                TextColumn("[bold]xlkpi[/bold] {task.description:<24}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("starting", total=self.total)
        return self

    def start(self, label: str) -> None:
        """Mark the previous step finished and show ``label`` as the current one."""
        if self.done < self.total:
            self.done += 1
        if self._progress is not None:
            self._progress.update(self._task, description=label, completed=self.done - 1)

    def add(self, count: int) -> None:
        """Announce ``count`` more steps (e.g. once the number of sheets is known)."""
        self.total += count
        if self._progress is not None:
            self._progress.update(self._task, total=self.total)

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=self.total, description="done")
            self._progress.stop()
        return None

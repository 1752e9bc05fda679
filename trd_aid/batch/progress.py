"""The progress bar of `trd-aid batch`: Rich, on stderr, only on a terminal and only for a run that
lasts more than a second (a short run prints its summary line and nothing else)."""

from __future__ import annotations

import time
from typing import Any

# Seconds before the bar appears.
DELAY = 1.0


class Meter:
    """`update(rows, bytes_read)` after each chunk; `close()` at the end (the bar then disappears)."""

    def __init__(self, total_bytes: int | None, *, delay: float = DELAY) -> None:
        self._total = total_bytes or None
        self._delay = delay
        self._started = time.monotonic()
        self._progress: Any = None
        self._task: Any = None

    def update(self, rows: int, consumed: int) -> None:
        if self._progress is None:
            if time.monotonic() - self._started < self._delay:
                return
            self._begin()
        elapsed = time.monotonic() - self._started
        completed = min(consumed, self._total) if self._total else rows
        self._progress.update(
            self._task, completed=completed, rows=rows, rate=rows / max(elapsed, 1e-9), elapsed=_clock(elapsed)
        )

    def _begin(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

        columns: list[Any] = [TextColumn("{task.fields[rows]:,} histories"), BarColumn()]
        if self._total:
            from rich.progress import TimeRemainingColumn

            columns += [TaskProgressColumn(), TimeRemainingColumn(), TextColumn("left")]
        columns += [TextColumn("{task.fields[rate]:,.0f}/s"), TextColumn("{task.fields[elapsed]} so far")]
        self._progress = Progress(*columns, console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task("batch", total=self._total, rows=0, rate=0.0, elapsed="")
        self._progress.start()

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def _clock(seconds: float) -> str:
    minutes, second = divmod(int(seconds), 60)
    hour, minute = divmod(minutes, 60)
    return f"{hour}:{minute:02d}:{second:02d}"

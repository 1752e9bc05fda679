"""The progress bar of `trd-aid batch`: Rich, on stderr, only on a terminal and only for a run that
lasts more than a second (a short run prints its summary line and nothing else).

With a file, the bar is the share of the file read, and the time left is estimated from it; from
standard input (size unknown) the bar only pulses. Both show the histories done and the rate.
"""

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
        elapsed = time.monotonic() - self._started
        if self._progress is None and elapsed < self._delay:
            return
        fields = {"rows": f"{rows:,}", "rate": f"{rows / max(elapsed, 1e-9):,.0f}", "elapsed": _clock(elapsed)}
        completed = rows
        if self._total:
            completed = min(consumed, self._total)
            share = completed / self._total
            fields["left"] = f"{share:4.0%}  {_clock(elapsed * (1 - share) / share) if share else '-:--:--'} left"
        if self._progress is None:
            self._begin(completed, fields)
        else:
            self._progress.update(self._task, completed=completed, **fields)

    def _begin(self, completed: int, fields: dict[str, str]) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn

        columns: list[Any] = [TextColumn("{task.fields[rows]} histories"), BarColumn()]
        if self._total:
            columns.append(TextColumn("{task.fields[left]}"))
        columns.append(TextColumn("{task.fields[rate]}/s, {task.fields[elapsed]} so far"))
        self._progress = Progress(*columns, console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task("batch", total=self._total, completed=completed, **fields)
        self._progress.start()

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def _clock(seconds: float) -> str:
    minutes, second = divmod(int(seconds), 60)
    hour, minute = divmod(minutes, 60)
    return f"{hour}:{minute:02d}:{second:02d}"

"""Showing a whole screen: straight to the terminal, or through a pager when it is longer than the
terminal (like `git log`: $PAGER, else `less -R`); never a pager when the output is piped.
"""

from __future__ import annotations

import io
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable

from rich.console import Console

from trd_aid.render.layout import make_console
from trd_aid.render.size import is_terminal as _is_terminal

DEFAULT_PAGER = "less -R"


def show(render: Callable[[Console], None], *, pager: bool = True) -> None:
    """Render a screen; page it when stdout is a terminal, paging is allowed and it does not fit."""
    out = sys.stdout
    command = pager_command() if pager and _is_terminal(out) else None
    if command is None:
        console = make_console()
        with console.one_print():
            render(console)
        return
    buffer = io.StringIO()
    console = make_console(file=buffer, sized_by=out, force_terminal=True)
    with console.one_print():
        render(console)
    text = buffer.getvalue()
    if text.count("\n") < console.height or not run_pager(command, text):
        out.write(text)
        out.flush()


def pager_command() -> list[str] | None:
    """$PAGER (an empty one turns paging off), else `less -R` when it is installed."""
    value = os.environ.get("PAGER")
    if value is not None:
        words = shlex.split(value) if value.strip() else []
        return words or None
    words = shlex.split(DEFAULT_PAGER)
    return words if shutil.which(words[0]) else None


def run_pager(command: list[str], text: str) -> bool:
    """Send the text through the pager; False (print it instead) when the pager cannot start.

    Ctrl-C belongs to the pager while it runs (as in git), so it is ignored here meanwhile.
    """
    env = {**os.environ}
    env.setdefault("LESS", "FRX")  # quit at the end of a short text, keep colours, leave it on screen
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        signal.signal(signal.SIGINT, previous)
        return False
    try:
        assert process.stdin is not None
        try:
            process.stdin.write(text.encode(sys.stdout.encoding or "utf-8", errors="replace"))
            process.stdin.close()
        except BrokenPipeError:  # the reader quit before the end: that is fine
            pass
        process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True

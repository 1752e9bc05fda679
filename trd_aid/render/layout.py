"""Building blocks every screen uses, so that every line wraps at word boundaries to the width.

Text is always printed as Rich renderables (never pre-joined long strings); a bulleted line keeps a
hanging indent; the width comes from COLUMNS when it is a usable number, else the terminal, else 80.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

DEFAULT_WIDTH = 80
NARROWEST = 40  # below this, nothing reads well; wrap as if the screen were this wide


def terminal_width(stream: Any = None) -> int:
    """COLUMNS when it is a number of at least NARROWEST (0 or junk falls back), else the terminal's
    width when writing to one, else 80."""
    value = os.environ.get("COLUMNS", "").strip()
    if value.isascii() and value.isdigit() and int(value) > 0:
        return max(NARROWEST, int(value))
    stream = stream if stream is not None else sys.stdout
    try:
        if stream.isatty():
            return max(NARROWEST, os.get_terminal_size(stream.fileno()).columns)
    except (AttributeError, OSError, ValueError):
        pass
    return DEFAULT_WIDTH


class SafeConsole(Console):
    """A Console that lets a closed pipe end the command like any other write does (exit 141, quietly),
    instead of Rich's own exit status 1, which trd-aid keeps for a broken knowledge base."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def terminal_height(stream: Any = None) -> int:
    """LINES when it is a number, else the terminal's height, else 25 (Rich needs both to honour the width)."""
    value = os.environ.get("LINES", "").strip()
    if value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return os.get_terminal_size((stream if stream is not None else sys.stdout).fileno()).lines
    except (AttributeError, OSError, ValueError):
        return 25


def make_console(*, stderr: bool = False, file: Any = None) -> Console:
    stream = file if file is not None else (sys.stderr if stderr else sys.stdout)
    return SafeConsole(
        file=stream,
        width=terminal_width(stream),
        height=terminal_height(stream),  # with both given, a dumb terminal keeps its real width too
        highlight=False,
        soft_wrap=False,
        emoji=False,
        markup=False,
    )


def heading(text: str) -> Text:
    return Text(text, style="bold")


def paragraph(text: str, style: str = "") -> Text:
    """Prose: whitespace from the data (folded YAML) collapses to single spaces, so it wraps cleanly."""
    return Text(" ".join(text.split()), style=style)


def bullet(text: str | Text, marker: str = "-", indent: int = 2) -> RenderableType:
    """One item with a hanging indent: wrapped lines start under the text, not under the marker."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=indent + len(marker), justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    body = text if isinstance(text, Text) else paragraph(text)
    grid.add_row(Text(marker), body)
    return grid


def bullets(items: Iterable[str | Text], marker: str = "-", indent: int = 2) -> Group:
    return Group(*(bullet(item, marker, indent) for item in items))


def numbered(items: Sequence[str | Text], indent: int = 2) -> Group:
    width = len(str(len(items)))
    return Group(*(bullet(item, f"{n:>{width}}.", indent) for n, item in enumerate(items, start=1)))


def cited(text: str, sources: Sequence[str], *, show_ids: bool = True) -> Text:
    """The text, then its source ids dimmed: "... [canmat2023, nice-ng222]"."""
    out = paragraph(text)
    if show_ids and sources:
        out.append(f" [{', '.join(sources)}]", style="dim")
    return out


def indented(renderable: RenderableType, indent: int = 2) -> Padding:
    return Padding(renderable, (0, 0, 0, indent), expand=False)


def longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)

"""The size of the screen, and whether a stream is a terminal, without Rich: the error path and
`check --json` use these too, and stay free of Rich's import."""

from __future__ import annotations

import os
import sys
from typing import Any

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


def terminal_height(stream: Any = None) -> int:
    """LINES when it is a number, else the terminal's height, else 25 (Rich needs both to honour the width)."""
    value = os.environ.get("LINES", "").strip()
    if value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return os.get_terminal_size((stream if stream is not None else sys.stdout).fileno()).lines
    except (AttributeError, OSError, ValueError):
        return 25


def is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False

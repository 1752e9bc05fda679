"""Building blocks every screen uses, so that every line wraps at word boundaries to the width.

Text is always printed as Rich renderables (never pre-joined long strings); a bulleted line keeps a
hanging indent; the width comes from COLUMNS when it is a usable number, else the terminal, else 80.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, NewLine, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.text import Text

from trd_aid.render.size import terminal_height, terminal_width


class SafeConsole(Console):
    """A Console that lets a closed pipe end the command like any other write does (exit 141, quietly),
    instead of Rich's own exit status 1, which trd-aid keeps for a broken knowledge base.

    Inside `one_print()`, what is printed is held and printed once, as a Group, at the end: the same
    output, without Rich's set-up and write for each of the hundreds of lines a screen prints (about
    a sixth of the time of a long screen). A renderable is drawn when the block ends, so a screen must not
    change a Text or Table after printing it."""

    _held: list[RenderableType] | None = None

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError

    @contextmanager
    def one_print(self) -> Iterator[None]:
        self._held = []
        try:
            yield
        finally:
            self._print_held()
            self._held = None

    def print(self, *objects: Any, **options: Any) -> None:
        if self._held is not None:
            if not options and len(objects) <= 1:
                self._held.append(objects[0] if objects else NewLine())
                return
            self._print_held()
        super().print(*objects, **options)

    def _print_held(self) -> None:
        if self._held:
            group, self._held = Group(*self._held), []
            super().print(group)


def make_console(
    *, stderr: bool = False, file: Any = None, sized_by: Any = None, force_terminal: bool | None = None
) -> SafeConsole:
    """A console writing to `file` (else stdout or stderr), as wide as `sized_by` (else that stream)."""
    stream = file if file is not None else (sys.stderr if stderr else sys.stdout)
    screen = sized_by if sized_by is not None else stream
    return SafeConsole(
        file=stream,
        width=terminal_width(screen),
        height=terminal_height(screen),  # with both given, a dumb terminal keeps its real width too
        force_terminal=force_terminal,
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
    return Hanging(marker, text if isinstance(text, Text) else paragraph(text), indent + len(marker))


class Hanging:
    """A marker right-aligned in a gutter, then text whose wrapped lines start under the text.

    It draws exactly what a two-column `Table.grid` (marker column, then the text) draws, for a fraction
    of the cost: a screen has hundreds of bullets, and a grid measures its cells several times over.
    """

    __slots__ = ("body", "marker", "marker_width")

    def __init__(self, marker: str, body: Text, marker_width: int) -> None:
        self.marker = marker
        self.body = body
        self.marker_width = marker_width

    def _body_width(self, options: ConsoleOptions) -> int:
        """The width the grid would give the body column."""
        return max(1, min(_widest_line(self.body, options), options.max_width - self.marker_width - 1))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        gutter = self.marker_width + 1
        body = Measurement.get(console, options, self.body)
        return Measurement(gutter + body.minimum, gutter + body.maximum).with_maximum(
            gutter + self._body_width(options)
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = self._body_width(options)
        body_options = options.update(width=width, justify="left", no_wrap=False, overflow="ellipsis", height=None)
        lines = console.render_lines(self.body, body_options, pad=True)
        marker = Segment(self.marker.rjust(self.marker_width) + " ")
        blank = Segment(" " * (self.marker_width + 1))
        new_line = Segment.line()
        for number, line in enumerate(lines):
            yield marker if number == 0 else blank
            yield from line
            yield new_line


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


def indented(renderable: RenderableType, indent: int = 2) -> RenderableType:
    if isinstance(renderable, Text):
        return Indented(renderable, indent)
    return Padding(renderable, (0, 0, 0, indent), expand=False)


class Indented:
    """Text `indent` columns in: exactly what `Padding(text, (0, 0, 0, indent), expand=False)` draws,
    which measures every word of the text to find a width that needs only its widest line."""

    __slots__ = ("body", "indent")

    def __init__(self, body: Text, indent: int) -> None:
        self.body = body
        self.indent = indent

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, Padding(self.body, (0, 0, 0, self.indent), expand=False))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = min(_widest_line(self.body, options) + self.indent, options.max_width) - self.indent
        lines = console.render_lines(self.body, options.update_width(width), pad=True)
        margin = Segment(" " * self.indent)
        new_line = Segment.line()
        for line in lines:
            yield margin
            yield from line
            yield new_line


def _widest_line(text: Text, options: ConsoleOptions) -> int:
    """`Measurement.get(console, options, text).maximum`, without measuring each word for the minimum."""
    if options.max_width < 1:
        return options.max_width
    widest = min(max((cell_len(line) for line in text.plain.splitlines()), default=0), options.max_width)
    return widest if widest >= 1 else 0


def longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)

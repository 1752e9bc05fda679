"""The layout's own renderables draw exactly what the Rich layouts they stand in for draw.

`Hanging` (every bullet) replaces a two-column `Table.grid`, and `Indented` a `Padding`, because they
cost a fraction of the time; these properties hold them to the same output, byte for byte.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from trd_aid.render.layout import bullet, indented

LONG_WORD = "https://example.org/a/very/long/path/that/keeps/going/and/going/further/than/a/screen"
WORDS = [
    "a",
    "the",
    "sertraline",
    "150mg",
    "venlafaxine,",
    "≥",
    "(MGH-ATRQ)",
    "日本語",
    "émoji",
    "\t",
    "[src]",
    LONG_WORD,
]
STYLES = st.sampled_from(["", "bold", "dim italic"])
TEXTS = st.builds(
    lambda words, style: Text(" ".join(words), style=style),
    st.lists(st.sampled_from([*WORDS, "\n"]), max_size=30),
    STYLES,
)
# A bullet's text is one paragraph (`paragraph()` folds every run of whitespace into one space).
PARAGRAPHS = st.builds(
    lambda words, style: Text(" ".join(words), style=style), st.lists(st.sampled_from(WORDS)), STYLES
)
WIDTHS = st.sampled_from([5, 20, 40, 41, 60, 79, 80, 100])
NESTING = st.sampled_from(["alone", "padded", "in a table"])


def drawn(renderable: RenderableType, width: int, colour: bool, nesting: str) -> str:
    if nesting == "padded":
        renderable = Padding(renderable, (0, 0, 0, 3), expand=False)
    elif nesting == "in a table":
        table = Table()
        table.add_column("x")
        table.add_column("y")
        table.add_row("ab", Group(renderable, Text("tail")))
        renderable = table
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system="truecolor" if colour else None,
        force_terminal=colour,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


def indented_as_padding(text: Text, indent: int, width: int, colour: bool, nesting: str) -> None:
    padding = Padding(text.copy(), (0, 0, 0, indent), expand=False)
    assert drawn(indented(text.copy(), indent), width, colour, nesting) == drawn(padding, width, colour, nesting)


def bullet_as_grid(text: Text, marker: str, indent: int, width: int, colour: bool, nesting: str) -> None:
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=indent + len(marker), justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(marker), text.copy())
    assert drawn(bullet(text.copy(), marker, indent), width, colour, nesting) == drawn(grid, width, colour, nesting)


# Each property runs 300 cases with the slow tests (`python -m pytest`, what CI runs) and 30 in the quick
# loop (`-m "not slow"`): the same property, checked less often.
FULL = settings(max_examples=300, deadline=None)
QUICK = settings(max_examples=30, deadline=None)
INDENTED = {"text": TEXTS, "indent": st.integers(0, 30), "width": WIDTHS, "colour": st.booleans(), "nesting": NESTING}
BULLET = {
    "text": PARAGRAPHS,
    "marker": st.sampled_from(["-", "*", "!", "1.", "12."]),
    "indent": st.integers(0, 6),
    # From 20 columns: in less room than its marker needs, the grid squeezes the marker its own way.
    "width": st.sampled_from([20, 41, 80]),
    "colour": st.booleans(),
    "nesting": NESTING,
}


@pytest.mark.slow
@FULL
@given(**INDENTED)
def test_indented_text_is_drawn_as_padding_draws_it(
    text: Text, indent: int, width: int, colour: bool, nesting: str
) -> None:
    indented_as_padding(text, indent, width, colour, nesting)


@QUICK
@given(**INDENTED)
def test_indented_text_is_drawn_as_padding_draws_it_quick(
    text: Text, indent: int, width: int, colour: bool, nesting: str
) -> None:
    indented_as_padding(text, indent, width, colour, nesting)


@pytest.mark.slow
@FULL
@given(**BULLET)
def test_a_bullet_is_drawn_as_a_two_column_grid_draws_it(
    text: Text, marker: str, indent: int, width: int, colour: bool, nesting: str
) -> None:
    bullet_as_grid(text, marker, indent, width, colour, nesting)


@QUICK
@given(**BULLET)
def test_a_bullet_is_drawn_as_a_two_column_grid_draws_it_quick(
    text: Text, marker: str, indent: int, width: int, colour: bool, nesting: str
) -> None:
    bullet_as_grid(text, marker, indent, width, colour, nesting)

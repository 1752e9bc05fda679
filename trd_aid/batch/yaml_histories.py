"""YAML input: a list of histories (`- id: ...` items), one history per document (`---` between
them), or documents that are lists.

The text is cut into pieces as it is read, without parsing: a new piece starts at each `- ` in the
column of the document's top-level list, and at `---` or `...` (which end a document wherever they
stand, even inside a block scalar). Each piece is then parsed on its own, with the same loader as
`check` (safe, no tags, no repeated keys), and holds at most 1 MB. So memory stays flat whatever
the file's size, and a syntax error spoils one history, not the rest. Two consequences, said in
the README: an alias (`*name`) can only refer to an anchor in the same history, and a document
written as a flow list (`[...]`, or JSON) is one piece, read whole within the 1 MB limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from trd_aid.batch.sources import Item, LineReader, SourceRow, error_row, history_row, not_utf8, too_big
from trd_aid.errors import InputError
from trd_aid.inputs.documents import MAX_BYTES, parse_document

_MARKER = re.compile(r"(---|\.\.\.)(\s|$)")
_AT_LINE = re.compile(r"^( is not valid YAML)? at line (\d+)")


class YamlPiece(NamedTuple):
    """A list item, or a document that is one mapping: one history, parsed by `finish`."""

    number: int  # the row number
    start: int  # the line it starts on
    item: bool  # a list item ("- ..."), else a document
    text: str

    @property
    def origin(self) -> str:
        return piece_origin(self.start, self.item)

    def finish(self) -> SourceRow:
        found, error = _parse(self.text, self.origin, self.start)
        if error is not None:
            return SourceRow(self.number, self.number, None, error)
        if self.item and isinstance(found, list) and len(found) == 1:
            found = found[0]
        return history_row(self.number, found, self.origin, self.number)


class _Piece:
    """The lines of one piece as they are read, with its size, kept only while within the limit."""

    def __init__(self, start: int, item: bool) -> None:
        self.start = start
        self.item = item
        self.lines: list[str] = []
        self.size = 0
        self.too_big = False
        self.not_utf8 = False

    def add(self, text: str | None, raw_size: int, too_long: bool) -> None:
        self.size += raw_size
        self.too_big = self.too_big or too_long or self.size > MAX_BYTES
        if text is None:
            self.not_utf8 = True
        elif not self.too_big:
            self.lines.append(text)
        else:
            self.lines = []

    def may_hold_several(self) -> bool:
        """A document that may be a list (`[...]`, `--- - ...`) or is hidden behind a tag or an anchor."""
        first = self.lines[0].removeprefix("---").lstrip() if self.lines else ""
        return not self.item and first[:1] in ("[", "-", "!", "&", "*")


def piece_origin(start: int, item: bool) -> str:
    """What messages call a piece of the file: "the history at line 4" (a list item) or "the document ..."."""
    return f"the {'history' if item else 'document'} at line {start}"


class YamlHistories(LineReader):
    def items(self) -> Iterator[Item]:
        number = 0
        for piece in self.pieces():
            where = piece_origin(piece.start, piece.item)
            if piece.too_big or piece.not_utf8:
                number += 1
                yield error_row(number, (too_big if piece.too_big else not_utf8)(where))
            elif not piece.may_hold_several():
                number += 1
                yield YamlPiece(number, piece.start, piece.item, "".join(piece.lines))
            else:  # parsed here, to number the histories it holds
                found, error = _parse("".join(piece.lines), where, piece.start)
                if error is not None:
                    number += 1
                    yield SourceRow(number, number, None, error)
                    continue
                for index, data in enumerate(found if isinstance(found, list) else [found], start=1):
                    number += 1
                    origin = f"history {index} of {where}" if isinstance(found, list) else where
                    yield history_row(number, data, origin, number)

    def pieces(self) -> Iterator[_Piece]:
        piece: _Piece | None = None
        list_column: int | None = None  # the column of the top-level "- " in this document, if a list
        for number, (raw, too_long) in enumerate(self.lines(), start=1):
            try:
                text: str | None = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            if text is not None and _MARKER.match(text):
                if piece is not None:
                    yield piece
                piece, list_column = None, None
                rest = text[3:].strip()
                if text.startswith("---") and rest and not rest.startswith("#"):
                    piece = _Piece(number, item=False)  # content on the marker line: `--- {trials: ...}`
                    piece.add(text, len(raw), too_long)
                continue
            body = None if text is None else text.strip()
            content = body is None or too_long or (body != "" and not body.startswith("#"))
            if piece is None:
                if not content or (text is not None and text.startswith("%")):
                    continue  # blank lines, comments and directives before a document
                starts_item = text is not None and _list_item(text)
                list_column = _indent(text) if text is not None and starts_item else None
                piece = _Piece(number, item=starts_item)
            elif list_column is not None and text is not None and _indent(text) == list_column and _list_item(text):
                yield piece
                piece = _Piece(number, item=True)
            piece.add(text, len(raw), too_long)
        if piece is not None:
            yield piece


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _list_item(text: str) -> bool:
    stripped = text.lstrip(" ")
    return stripped.startswith(("- ", "-\t")) or stripped.rstrip() == "-"


def _parse(text: str, origin: str, start: int) -> tuple[Any, str | None]:
    """(the piece's data, None), or (None, the one-line message of its syntax error) with line numbers
    counted in the whole file: "the history at line 12 is not valid YAML at line 14, column 1: ...",
    "line 20: the key 'outcome' is given twice; ..."."""
    try:
        return parse_document(text, origin), None
    except InputError as exc:
        line = exc.line()
    if not line.startswith(origin):
        return None, line
    rest = _AT_LINE.sub(lambda m: f"{m.group(1) or ''} at line {int(m.group(2)) + start - 1}", line[len(origin) :], 1)
    return None, (rest.removeprefix(" at ") if rest.startswith(" at line ") else origin + rest)

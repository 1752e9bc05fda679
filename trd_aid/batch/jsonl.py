"""JSONL input: one history per line, a JSON object with an optional "id".

Blank lines are skipped; the row number counts histories, and messages name the line ("line 7 is
not valid JSON: ... at column 12"). Each line is read with the 1 MB limit `check` sets for a file.
The reading process only reads and numbers the lines; each is parsed by `JsonLine.finish`, where
its row is judged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import NamedTuple

from trd_aid.batch.sources import Item, LineReader, SourceRow, error_row, history_row, not_utf8, too_big
from trd_aid.errors import InputError
from trd_aid.inputs.documents import parse_document

_COLUMN = re.compile(r" at line 1, column (\d+)$")


class JsonLine(NamedTuple):
    """A line read but not parsed yet."""

    number: int  # the row number
    line: int  # the line number in the input
    text: str

    def finish(self) -> SourceRow:
        origin = f"line {self.line}"
        if not self.text.startswith(("{", "[")):  # not YAML, as `check` would try: a JSON scalar, or not JSON
            try:
                return history_row(self.number, json.loads(self.text), origin, self.number)
            except ValueError as exc:
                where = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
                return error_row(self.number, f"{origin} is not valid JSON: {getattr(exc, 'msg', exc)}{where}")
        try:
            data = parse_document(self.text, origin)
        except InputError as exc:
            # The text is one line: a position in it is a column.
            message = _COLUMN.sub(r" at column \1", exc.line()).replace(f"{origin} at line 1: ", f"{origin}: ", 1)
            return SourceRow(self.number, self.number, None, message)
        return history_row(self.number, data, origin, self.number)


class JsonLines(LineReader):
    def items(self) -> Iterator[Item]:
        number = 0
        for line_number, (raw, too_long) in enumerate(self.lines(), start=1):
            if too_long:
                number += 1
                yield error_row(number, too_big(f"line {line_number}"))
                continue
            try:
                text = raw.decode("utf-8").strip()
            except UnicodeDecodeError:
                number += 1
                yield error_row(number, not_utf8(f"line {line_number}"))
                continue
            if text:
                number += 1
                yield JsonLine(number, line_number, text)

"""Where `trd-aid batch` reads histories from: one small reader per input format, one interface.

Every reader yields one item per history, in input order, and reads as it goes, so memory stays
flat however long the input is. An item is a `SourceRow` (the history as data, or the error that
stops it being read), or something cheaper that becomes one with `finish()`: a JSONL line not yet
parsed, say. The reading process makes the items; `finish()` runs where the row is judged, in a
worker process with `--jobs`, so parsing is spread over the workers too.

Each history is parsed and checked with the code `trd-aid check FILE` uses
(`trd_aid.inputs.reading`), so a problem is the same one-line message. The size limit `check`
sets for a whole file (`MAX_BYTES`, 1 MB) applies here to each history. The readers:

- `JsonLines` (`jsonl.py`; .jsonl, .ndjson): one history per line, a JSON object.
- `YamlHistories` (`yaml_histories.py`; .yaml, .yml): a list of histories, or one per document.
- `RecordsCsv` (`records_csv.py`; .csv): dated prescription records, one history per patient.

A new input format is a class with `name`, `size`, `consumed` and `items()` (the `Source`
protocol; `LineReader` below gives most of it), and a line in `open_source`.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple, Protocol

from trd_aid.errors import InputError
from trd_aid.inputs.documents import MAX_BYTES, MAX_NUMBER, open_named_file
from trd_aid.inputs.reading import validate_history
from trd_aid.safe_text import safe_text, shown

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
YAML_SUFFIXES = (".yaml", ".yml")
# Longer than any record number or study code; an id is shown in every row of the output.
MAX_ID_LENGTH = 200
_DRAIN = 1 << 16


class SourceRow(NamedTuple):
    """One history as read: either `history` (a mapping, without its id) or `error` is set."""

    number: int  # 1-based position of the history in the input
    id: str | int | None  # the history's "id"; the row number when it has none or a bad one
    history: dict[str, Any] | None
    error: str | None  # the one-line message when the row cannot be judged
    lines: tuple[int, ...] = ()  # for CSV records: the file's line of each record, to name it in errors

    def finish(self) -> SourceRow:
        return self


class Item(Protocol):
    """A history as a reader yields it: `finish()` gives its row (and may parse it)."""

    def finish(self) -> SourceRow: ...


class Source(Protocol):
    """An input: `items()` in input order (each finished into a row where it is judged)."""

    name: str  # for messages: the file name, or "standard input"
    size: int | None  # bytes in the input when known (a regular file): the progress bar's end
    consumed: int  # bytes read so far

    def items(self) -> Iterator[Item]: ...


def error_row(number: int, message: str) -> SourceRow:
    """A row that could not be read; its id is its number."""
    return SourceRow(number, number, None, InputError(message).line())


def history_row(number: int, data: Any, origin: str, default_id: str | int | None) -> SourceRow:
    """A parsed history as a row: its id taken out and checked. A history without an id, or with a
    bad one, gets `default_id` (in a batch, the row number); a bad id or a non-mapping is the error."""
    if not isinstance(data, dict):
        try:
            validate_history(data, origin)  # raises the message `check` gives for a list or a string
        except InputError as exc:
            return SourceRow(number, default_id, None, exc.line())
    if "id" not in data:
        return SourceRow(number, default_id, data, None)
    value = data["id"]
    problem = _id_problem(value)
    if problem is not None:
        return SourceRow(number, default_id, None, InputError(problem, field="id").line())
    history = {key: item for key, item in data.items() if key != "id"}
    return SourceRow(number, safe_text(value) if isinstance(value, str) else value, history, None)


def _id_problem(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return f"must be a string or a whole number, not {shown(value)}."
    if isinstance(value, int):
        return None if abs(value) < MAX_NUMBER else f"{shown(value)} is too large for an id; use a string."
    if not value.strip():
        return "is empty; give each history a name or a number, or leave id out to use the row number."
    if len(value) > MAX_ID_LENGTH:
        return f"is longer than {MAX_ID_LENGTH} characters."
    return None


def too_big(origin: str) -> str:
    return f"{origin} is larger than 1 MB; a history is much smaller, so trd-aid skipped it"


def not_utf8(origin: str) -> str:
    return f"{origin} is not UTF-8 text"


class LineReader:
    """A reader of a binary stream line by line, each line read with a limit: a longer line is
    flagged and skipped without being kept. Counts the bytes read, for the progress bar."""

    def __init__(
        self, stream: IO[bytes], name: str, size: int | None, replay: list[tuple[bytes, bool]] | None = None
    ) -> None:
        self._stream = stream
        self.name = name
        self.size = size
        self._replay = replay or []  # lines already read to tell the format
        self.consumed = sum(len(raw) for raw, _ in self._replay)

    def items(self) -> Iterator[Item]:
        raise NotImplementedError

    def lines(self) -> Iterator[tuple[bytes, bool]]:
        """(line, too long) pairs, without a leading byte order mark; a too-long line comes back empty."""
        yield from self._replay
        read = self._stream.readline
        first = not self._replay
        while raw := self._read(read, MAX_BYTES + 1):
            if first:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
                first = False
            if len(raw) > MAX_BYTES and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):
                    raw = self._read(read, _DRAIN)
                yield b"", True
            else:
                yield raw, False

    def _read(self, read: Any, limit: int) -> bytes:
        try:
            raw: bytes = read(limit)
        except OSError as exc:
            raise InputError(f"{self.name}: cannot be read ({exc.strerror or exc})") from None
        self.consumed += len(raw)
        return raw


def open_source(source: str, *, records_csv: bool = False, defaults: Any = None) -> tuple[Source, IO[bytes]]:
    """The reader for a file name (or `-`, standard input), chosen by the name's ending or, for `-`,
    `.json` and other names, by the first line: a JSON object on one line means JSONL, else YAML.
    A .csv file (or `records_csv`, for standard input) holds prescription records, one per row.
    Returns the reader and the stream to close."""
    from trd_aid.batch.jsonl import JsonLines
    from trd_aid.batch.yaml_histories import YamlHistories

    stream, name, size = _open(source)
    _refuse_binary(stream, name)
    suffix = Path(source).suffix.lower() if source != "-" else ""
    if suffix == ".csv" or records_csv:
        from trd_aid.batch.records_csv import RecordsCsv

        reopen = None if source == "-" else (lambda: _open(source)[0])
        return RecordsCsv(stream, name, size, reopen=reopen, defaults=defaults), stream
    if suffix in JSONL_SUFFIXES:
        return JsonLines(stream, name, size), stream
    if suffix in YAML_SUFFIXES:
        return YamlHistories(stream, name, size), stream
    seen: list[tuple[bytes, bool]] = []
    for raw, too_long in LineReader(stream, name, size).lines():
        seen.append((raw, too_long))
        if too_long or raw.strip():
            break
    first = seen[-1][0].strip() if seen else b""
    if first.startswith(b"{") and first.endswith(b"}"):
        return JsonLines(stream, name, size, seen), stream
    return YamlHistories(stream, name, size, seen), stream


def _refuse_binary(stream: IO[bytes], name: str) -> None:
    """A file that is not text at all (compressed, a spreadsheet) is one error, not a row error per line."""
    peek = getattr(stream, "peek", None)
    try:
        head = peek(4096)[:4096] if peek is not None else b""
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        head = b"\x00"
    if b"\x00" in head:
        stream.close()
        raise InputError(
            f"{name} is not a UTF-8 text file; batch reads JSONL, YAML or CSV (a compressed file: unpack it first)"
        )


def _open(source: str) -> tuple[IO[bytes], str, int | None]:
    if source == "-":
        stream = sys.stdin
        buffer = getattr(stream, "buffer", None) if stream is not None and not stream.closed else None
        if buffer is None:
            raise InputError(
                "standard input is closed; pipe histories into it (`... | trd-aid batch -`), or give a file name"
            )
        return buffer, "standard input", None
    handle = open_named_file(source, "a file of histories")
    try:
        info = os.fstat(handle.fileno())
        size = info.st_size if stat.S_ISREG(info.st_mode) else None
    except OSError:
        size = None
    return handle, source, size

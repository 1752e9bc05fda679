"""CSV input of dated prescription records: one row per course, grouped into one history per patient.

The header names the columns: `patient_id`, `drug`, `start` are required; `dose_mg` (or `dose`),
`stop`, `outcome`, `improvement_pct`, `adherence`, `episode`, `note` and `as_of` are optional (the
fields of a `prescriptions:` record in a history, README "Dated prescription records"). An empty
cell is a missing value. Each patient's rows become one history `{"id": patient_id,
"prescriptions": [...]}`, with `as_of` when the rows give it; `--as-of`, `--cross-taper-days` and
`--change-means-no-response` of `trd-aid batch` fill in what the rows leave out.

The file need not be sorted. Patients come out in the order of their first row. A file up to
`PASS_BYTES` is grouped in one pass; a larger one is read in several passes, each keeping only the
patients whose id falls in that pass (by a hash of the id), so memory stays flat and nothing is
written to disk. Standard input can be read once only, so it is grouped in one pass up to
`MAX_STDIN_BYTES`; beyond that trd-aid asks for the file's name.
"""

from __future__ import annotations

import csv
import math
import zlib
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

from trd_aid.batch.sources import Item, LineReader, SourceRow, error_row, history_row, not_utf8
from trd_aid.errors import InputError, did_you_mean

REQUIRED = ("patient_id", "drug", "start")
OPTIONAL = ("dose_mg", "dose", "stop", "outcome", "improvement_pct", "adherence", "episode", "note", "as_of")
NUMBERS = ("dose_mg", "improvement_pct")
PASS_BYTES = 8 * 1024 * 1024  # the CSV text held at once; a larger file is read in several passes
MAX_STDIN_BYTES = 64 * 1024 * 1024


class Defaults(NamedTuple):
    """What `trd-aid batch` options add to each patient's history when its rows do not say."""

    as_of: str | None = None
    cross_taper_days: int | None = None
    change_means_no_response: bool = False


class PatientRows(NamedTuple):
    """One patient's rows as read (text), parsed into a history where the row is judged."""

    number: int  # the patient's position in the output (by first row; with passes, within each pass)
    patient: str
    lines: list[tuple[int, str]]  # (line number, text)
    columns: tuple[str, ...]
    defaults: Defaults

    def finish(self) -> SourceRow:
        records: list[dict[str, Any]] = []
        as_of: set[str] = set()
        for line_number, text in self.lines:
            cells = next(csv.reader([text]))
            if len(cells) != len(self.columns):
                return SourceRow(
                    self.number,
                    self.patient,
                    None,
                    InputError(
                        f"line {line_number} has {len(cells)} cells; the header has {len(self.columns)}."
                    ).line(),
                )
            record: dict[str, Any] = {}
            for column, cell in zip(self.columns, cells, strict=True):
                cell = cell.strip()
                if column == "patient_id" or not cell:
                    continue
                if column == "as_of":
                    as_of.add(cell)
                    continue
                record[column] = _number(cell) if column in NUMBERS else cell
            records.append(record)
        history: dict[str, Any] = {"id": self.patient, "prescriptions": records}
        if len(as_of) > 1:
            message = f"the rows give different as_of dates ({', '.join(sorted(as_of))}); give one per patient."
            return SourceRow(self.number, self.patient, None, InputError(message, field="as_of").line())
        if as_of or self.defaults.as_of:
            history["as_of"] = next(iter(as_of)) if as_of else self.defaults.as_of
        if self.defaults.cross_taper_days is not None:
            history["cross_taper_days"] = self.defaults.cross_taper_days
        if self.defaults.change_means_no_response:
            history["change_means_no_response"] = True
        row = history_row(self.number, history, f"patient {self.patient}", self.patient)
        return row._replace(lines=tuple(number for number, _ in self.lines))


def _number(cell: str) -> float | str:
    """A number cell as a number when it is one; otherwise the text, for validation to name."""
    try:
        value = float(cell)
    except ValueError:
        return cell
    return value if math.isfinite(value) else cell


class RecordsCsv(LineReader):
    """Prescription records in CSV, grouped per patient (see the module's docstring)."""

    def __init__(
        self,
        stream: IO[bytes],
        name: str,
        size: int | None,
        *,
        reopen: Any = None,
        defaults: Defaults | None = None,
    ) -> None:
        super().__init__(stream, name, size)
        self._reopen = reopen  # a function giving the file again from its start (None for standard input)
        self._defaults = defaults or Defaults()
        self._count = 0  # patients yielded so far: each one's row number
        self._passes = 1 if reopen is None or not size else max(1, math.ceil(size / PASS_BYTES))
        if size is not None:
            self.size = size * self._passes  # the progress bar's end: every pass reads the whole file

    def items(self) -> Iterator[Item]:
        lines = self._text_lines()
        columns = self._header(lines)
        passes = self._passes
        self._count = 0
        if passes == 1:
            yield from self._patients(lines, columns, None, 0)
            return
        yield from self._patients(lines, columns, passes, 0)
        for part in range(1, passes):
            self._stream.close()
            self._stream = self._reopen()
            again = self._text_lines()
            next(again, None)  # the header
            yield from self._patients(again, columns, passes, part)
        self._stream.close()  # the caller closes the stream it opened, the first pass's

    def _text_lines(self) -> Iterator[tuple[int, str]]:
        for number, (raw, too_long) in enumerate(self.lines(), start=1):
            if too_long:
                raise InputError(
                    f"{self.name}: line {number} is longer than 1 MB; a prescription record is one short row"
                )
            try:
                yield number, raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                raise InputError(not_utf8(f"{self.name}: line {number}")) from None

    def _header(self, lines: Iterator[tuple[int, str]]) -> tuple[str, ...]:
        first = next(lines, None)
        if first is None:
            raise InputError(f"{self.name} is empty; the first line names the columns, e.g. {','.join(REQUIRED)}")
        columns = tuple(cell.strip().lower() for cell in next(csv.reader([first[1]])))
        known = (*REQUIRED, *OPTIONAL)
        for column in columns:
            if column not in known:
                hint = did_you_mean(column, list(known)) or f"Known columns: {', '.join(known)}."
                raise InputError(f"{self.name}: the column {column!r} is not a record field. {hint}")
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise InputError(
                f"{self.name}: the header lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
            )
        if len(set(columns)) != len(columns):
            raise InputError(f"{self.name}: a column is named twice in the header")
        return columns

    def _patients(
        self, lines: Iterator[tuple[int, str]], columns: tuple[str, ...], passes: int | None, part: int
    ) -> Iterator[Item]:
        """Each patient's rows in the order of their first row; with `passes`, only this part's patients."""
        where = columns.index("patient_id")
        groups: dict[str, list[tuple[int, str]]] = {}
        held = 0
        for line_number, text in lines:
            if not text.strip():
                continue
            if where == 0 and '"' not in text:  # the usual layout: the id first, nothing quoted
                patient = text.split(",", 1)[0].strip()
            else:
                cells = next(csv.reader([text]), [])
                patient = cells[where].strip() if len(cells) > where else ""
            if passes is not None and zlib.crc32(patient.encode("utf-8")) % passes != part:
                continue
            group = groups.get(patient)
            if group is None:
                groups[patient] = group = []
            group.append((line_number, text))
            held += len(text)
            if self._reopen is None and held > MAX_STDIN_BYTES:
                raise InputError(
                    f"{self.name} holds more than {MAX_STDIN_BYTES // (1024 * 1024)} MB of records; give the file's "
                    "name instead, so that trd-aid can read it in passes"
                )
        for patient, rows in groups.items():  # a dict keeps the order of each patient's first row
            self._count += 1
            patient_rows = PatientRows(self._count, patient, rows, columns, self._defaults)
            if not patient:
                yield error_row(self._count, f"line {rows[0][0]} has no patient_id; every record names its patient")
            else:
                yield patient_rows

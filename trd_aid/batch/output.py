"""The output formats of `trd-aid batch`: rows to JSONL or CSV text. No I/O.

JSONL is one compact JSON object per row, keys in `BatchRow`'s order, UTF-8 as it is. CSV has
flat columns: `by_definition` becomes `<definition id>_meets` and `<definition id>_failures` for
every definition, in the knowledge base's order; lists are joined with ";"; true and false are
written as in JSON; null is an empty cell. A text cell that a spreadsheet would run as a formula
(starting with =, +, - or @) gets a leading apostrophe, the usual defence against CSV injection.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from trd_aid.batch.rows import OPTION_KEYS, BatchRow, Job
from trd_aid.errors import InputError

FORMATS = ("jsonl", "csv")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def output_format(path: str | None, chosen: str | None) -> str:
    """The format asked for with --format, else the one the output file's name ends with; JSONL on stdout."""
    if chosen is not None:
        fmt = chosen.strip().lower()
        if fmt not in FORMATS:
            raise InputError(f"unknown format {chosen!r}; choose jsonl or csv.", field="--format")
        return fmt
    if path is None or path == "-":
        return "jsonl"
    found = _SUFFIXES.get(Path(path).suffix.lower())
    if found is None:
        raise InputError(
            f"cannot tell the output format from the name {path!r}; end it in .jsonl or .csv, or add --format jsonl|csv.",
            field="-o",
        )
    return found


def jsonl_text(rows: Sequence[BatchRow]) -> str:
    return "".join([_encode(row) + "\n" for row in rows])


def csv_columns(job: Job) -> list[str]:
    columns = ["id", "definition", "meets_definition", "adequate_failures", "failed_drugs"]
    for key in job.definition_ids:
        columns += [f"{key}_meets", f"{key}_failures"]
    if job.options:
        columns += OPTION_KEYS
    return [*columns, "error"]


def csv_header(job: Job) -> str:
    return _csv([csv_columns(job)])


def csv_text(rows: Sequence[BatchRow], job: Job) -> str:
    ids = job.definition_ids
    option_keys = OPTION_KEYS if job.options else ()
    table = []
    for row in rows:
        counts = row["by_definition"]
        cells: list[Any] = [row["id"], row["definition"], row["meets_definition"], row["adequate_failures"]]
        cells.append(row["failed_drugs"])
        for key in ids:
            count = counts.get(key) if counts is not None else None
            cells += [None, None] if count is None else [count["meets"], count["failures"]]
        cells += [row.get(key) for key in option_keys]
        cells.append(row["error"])
        table.append([_cell(value) for value in cells])
    return _csv(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list):
        value = ";".join(value)
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _csv(table: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    return buffer.getvalue()


def formatter(fmt: str, job: Job) -> tuple[str, Callable[[Sequence[BatchRow]], str]]:
    """The header (written before the first row) and the function that turns rows into text."""
    if fmt == "csv":
        return csv_header(job), lambda rows: csv_text(rows, job)
    return "", jsonl_text

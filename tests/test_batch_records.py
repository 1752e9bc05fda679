"""`trd-aid batch` on a CSV of dated prescription records: one history per patient, as `check` sees it."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing

from tests.helpers import run, write
from trd_aid.batch import records_csv

HEADER = "patient_id,drug,dose_mg,start,stop,outcome\n"
ROWS = [  # not sorted: patient p1's rows are apart
    "p2,citalopram,40,2024-01-01,2024-03-01,",
    "p1,sertraline,100,2024-01-01,2024-02-26,no_response",
    "p1,venlafaxine,225,2024-02-20,2024-05-01,no_response",
    "p2,sertraline,150,2024-03-02,2024-05-01,",
    "p1,aripiprazole,5,2024-04-01,2024-05-01,",
]
P1 = {
    "prescriptions": [
        {"drug": "sertraline", "dose_mg": 100, "start": "2024-01-01", "stop": "2024-02-26", "outcome": "no_response"},
        {"drug": "venlafaxine", "dose_mg": 225, "start": "2024-02-20", "stop": "2024-05-01", "outcome": "no_response"},
        {"drug": "aripiprazole", "dose_mg": 5, "start": "2024-04-01", "stop": "2024-05-01"},
    ]
}


@pytest.fixture(autouse=True)
def _command_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typer.testing, "_get_command", _built)


_built = functools.cache(typer.main.get_command)


def batch(*args: str, stdin: str | None = None) -> tuple[int, list[dict[str, Any]], str]:
    code, out, err = run("batch", *args, stdin=stdin)
    return code, [json.loads(line) for line in out.splitlines()], err


def test_each_patients_rows_are_one_history_judged_as_check_judges_it(tmp_path: Path) -> None:
    code, rows, err = batch(write(tmp_path, HEADER + "\n".join(ROWS) + "\n", "records.csv"))
    assert code == 0 and err == "2 histories: 2 judged, 0 with errors.\n"
    assert [r["id"] for r in rows] == ["p2", "p1"]  # in the order of each patient's first row
    p1 = rows[1]
    assert p1["failed_drugs"] == ["sertraline", "venlafaxine + aripiprazole"]
    checked = json.loads(run("check", write(tmp_path, json.dumps(P1), "p1.json"), "--json")[1])
    assert (p1["meets_definition"], p1["adequate_failures"]) == (
        checked["meets_definition"],
        checked["adequate_failures"],
    )
    assert {k: v["meets"] for k, v in p1["by_definition"].items()} == {
        k: v["meets_definition"] for k, v in checked["by_definition"].items()
    }
    assert rows[0]["failed_drugs"] == []  # p2's records give no outcome: never guessed


def test_options_fill_in_what_the_rows_leave_out(tmp_path: Path) -> None:
    open_course = HEADER + "p9,citalopram,40,2024-01-01,2024-03-01,\np9,sertraline,150,2024-03-02,,\n"
    path = write(tmp_path, open_course, "records.csv")
    code, rows, _ = batch(path)
    assert code == 0 and "needs as_of" in rows[0]["error"]
    code, rows, _ = batch(path, "--as-of", "2024-06-01", "--change-means-no-response")
    assert code == 0 and rows[0]["error"] is None
    assert rows[0]["failed_drugs"] == ["citalopram"]  # read as no response: sertraline followed it
    code, _, err = batch(path, "--as-of", "June 2024")
    assert code == 2 and "--as-of: 'June 2024' is not a date" in err


def test_a_bad_record_names_its_patient_record_and_line(tmp_path: Path) -> None:
    text = HEADER + "p3,setraline,100,2024-01-01,2024-03-01,no_response\np4,sertraline,100,2024-03-01,2024-01-01,\n"
    code, rows, _ = batch(write(tmp_path, text, "records.csv"), "--strict")
    assert code == 2
    assert (
        rows[0]["error"]
        == "record 1, drug (line 2): 'setraline' is not a medicine trd-aid knows. Did you mean 'sertraline'?"
    )
    assert rows[1]["error"].startswith("record 1, stop (line 3): 2024-01-01 is before start")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("patient,drug,start\n", "the column 'patient' is not a record field. Did you mean 'patient_id'?"),
        ("patient_id,drug\n", "the header lacks the column start"),
        ("patient_id,drug,start,drug\n", "a column is named twice"),
        ("", "is empty; the first line names the columns"),
    ],
)
def test_a_header_that_cannot_be_read_stops_the_run(tmp_path: Path, text: str, message: str) -> None:
    code, out, err = run("batch", write(tmp_path, text, "records.csv"))
    assert (code, out) == (2, "") and message in err and err.count("\n") == 1


def test_rows_that_cannot_be_read_are_errors_in_their_patients_rows(tmp_path: Path) -> None:
    text = HEADER + ",sertraline,100,2024-01-01,2024-03-01,\np5,sertraline,100\np6,x,1,2024-01-01,2024-03-01,,extra\n"
    code, rows, _ = batch(write(tmp_path, text, "records.csv"))
    assert code == 0
    assert rows[0]["error"] == "line 2 has no patient_id; every record names its patient"
    assert rows[1]["error"] == "line 3 has 3 cells; the header has 6."
    assert rows[2]["error"] == "line 4 has 7 cells; the header has 6."


def test_standard_input_holds_records_with_the_records_switch() -> None:
    code, rows, _ = batch("-", "--records", stdin=HEADER + "\n".join(ROWS) + "\n")
    assert code == 0 and [r["id"] for r in rows] == ["p2", "p1"]


def test_a_large_file_read_in_passes_gives_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays flat: a file larger than one pass's share is read again for each part of the patients."""
    lines = [f"q{n},sertraline,100,2024-01-01,2024-03-01,no_response" for n in range(40)]
    path = write(tmp_path, HEADER + "\n".join(ROWS + lines) + "\n", "records.csv")
    _, whole, _ = batch(path)
    monkeypatch.setattr(records_csv, "PASS_BYTES", 300)
    _, parts, _ = batch(path)
    assert len(parts) == len(whole) == 42
    assert sorted(parts, key=lambda r: str(r["id"])) == sorted(whole, key=lambda r: str(r["id"]))
    assert [r["id"] for r in parts] != [r["id"] for r in whole]  # in order within each pass, passes in turn


def test_the_progress_bar_ends_after_every_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar is made from the source's size before any row is read; with passes, each reads the file."""
    from trd_aid.batch.sources import open_source

    lines = [f"q{n},sertraline,100,2024-01-01,2024-03-01,no_response" for n in range(40)]
    path = write(tmp_path, HEADER + "\n".join(ROWS + lines) + "\n", "records.csv")
    monkeypatch.setattr(records_csv, "PASS_BYTES", 300)
    source, stream = open_source(path)
    try:
        size = Path(path).stat().st_size
        assert source.size == size * -(-size // 300)
        list(source.items())
        assert source.consumed == source.size
    finally:
        stream.close()

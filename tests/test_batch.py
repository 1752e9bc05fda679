"""`trd-aid batch` and `trd_aid.assess`: inputs, outputs, errors row by row, agreement with `check`.

Quick tests run the command in-process (Typer's CliRunner) on a few rows; the ones that need real
processes (worker pools, a closed pipe, Ctrl-C, memory on a large input, a terminal) are in
`test_batch_processes.py`, marked slow.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing

from tests.helpers import run, schema_validator, write
from trd_aid import assess, private_files
from trd_aid.batch.sources import MAX_ID_LENGTH
from trd_aid.errors import InputError
from trd_aid.inputs.documents import MAX_BYTES

EXAMPLE = Path(__file__).resolve().parents[1] / "trd_aid" / "examples" / "history.yaml"
# The published schema (test_json_format checks that it is current).


@pytest.fixture(autouse=True)
def _command_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """CliRunner builds the whole Typer app on every call (about 15 ms); these tests make many calls."""
    monkeypatch.setattr(typer.testing, "_get_command", _built)


_built = functools.cache(typer.main.get_command)


def trial(drug: str = "sertraline", **fields: Any) -> dict[str, Any]:
    return {"drug": drug, "dose_mg": 150, "weeks": 8, "adherence": "good", "outcome": "no_response", **fields}


TWO_FAILED = {"id": "p1", "trials": [trial(), trial("venlafaxine", dose_mg=225)]}
ONE_FAILED = {"id": 2, "trials": [trial("fluoxetine", dose_mg=20)]}


def jsonl(*histories: Any) -> str:
    return "".join((h if isinstance(h, str) else json.dumps(h)) + "\n" for h in histories)


def batch(*args: str, stdin: str | None = None) -> tuple[int, list[dict[str, Any]], str]:
    """`trd-aid batch ARGS` with JSONL on stdout: (exit code, the rows, stderr)."""
    code, out, err = run("batch", *args, stdin=stdin)
    return code, [json.loads(line) for line in out.splitlines()], err


# --- inputs and outputs ----------------------------------------------------------------------------


def test_jsonl_in_jsonl_out_one_row_per_history_errors_in_their_rows(tmp_path: Path) -> None:
    lines = jsonl(
        TWO_FAILED,
        '{"id": "broken", "trials": [',
        {"id": "typo", "trials": [trial("setraline")]},
        "",
        {"trials": [trial(weeks=None)]},
        ONE_FAILED,
    )
    code, rows, err = batch(write(tmp_path, lines, "histories.jsonl"))
    assert code == 0
    assert err == "5 histories: 2 judged, 3 with errors.\n"
    assert [r["id"] for r in rows] == ["p1", 2, "typo", 4, 2]  # no id: the row number (blank lines do not count)
    first = rows[0]
    assert first == {
        "id": "p1",
        "definition": "mgh-atrq",
        "meets_definition": True,
        "adequate_failures": 2,
        "failed_drugs": ["sertraline", "venlafaxine"],
        "by_definition": {
            "mgh-atrq": {"meets": True, "failures": 2},
            "eu-pearl": {"meets": True, "failures": 2},
            "canadian": {"meets": True, "failures": 2},
        },
        "error": None,
    }
    assert rows[1]["error"] == "line 2 is not valid JSON: Expecting value at column 29"
    assert rows[2]["error"] == "trial 1, drug: 'setraline' is not a medicine trd-aid knows. Did you mean 'sertraline'?"
    assert rows[3]["error"].startswith("trial 1, weeks: is missing")
    assert all(rows[i][key] is None for i in (1, 2, 3) for key in ("meets_definition", "by_definition"))
    for row in rows:
        schema_validator("batch").validate(row)


YAML_LIST = """\
# two histories as a YAML list
- id: a
  trials:
    - {drug: sertraline, dose_mg: 150, weeks: 8, outcome: no_response}
    - drug: Effexor XR
      dose: "225 mg"
      duration: "2 months"
      outcome: no_response
      note: |
        a block scalar whose lines look like items:
        - id: not-a-history
- id: b
  trials: [{drug: sertraline, dose_mg: 150, weeks: 8, outcome: no_response}
- id: c
  trials: [{drug: sertraline, dose_mg: 150, weeks: 8, outcome: no_response, outcome: response}]
"""
YAML_DOCUMENTS = """\
id: one
trials: [{drug: sertraline, dose_mg: 150, weeks: 8, outcome: no_response}]
---
id: two
trials: [{drug: sertraline, dose_mg: 150, weeks: 8, outcome: !!python/object foo}]
---
- id: three
  trials: [{drug: fluoxetine, dose_mg: 20, weeks: 8, outcome: no_response}]
--- [{id: four, trials: [{drug: fluoxetine, dose_mg: 20, weeks: 8, outcome: no_response}]}, 7]
"""


def test_yaml_list_each_item_on_its_own(tmp_path: Path) -> None:
    code, rows, err = batch(write(tmp_path, YAML_LIST, "histories.yaml"))
    assert code == 0 and err == "3 histories: 1 judged, 2 with errors.\n"
    assert [r["id"] for r in rows] == ["a", 2, 3]
    assert rows[0]["failed_drugs"] == ["sertraline", "venlafaxine"]
    assert (
        rows[1]["error"]
        == "the history at line 12 is not valid YAML at line 14, column 1: did not find expected ',' or ']'"
    )
    assert rows[2]["error"].startswith("line 15: the key 'outcome' is given twice")


def test_yaml_documents_and_lists_in_documents(tmp_path: Path) -> None:
    code, rows, _ = batch(write(tmp_path, YAML_DOCUMENTS, "histories.yml"))
    assert code == 0
    assert [r["id"] for r in rows] == ["one", 2, "three", "four", 5]
    assert rows[1]["error"].startswith("line 5, column 62: the YAML tag !!python/object is not allowed")
    assert rows[4]["error"] == "history 2 of the document at line 9 must be a mapping with a `trials:` list, not a int"


def test_csv_columns_flat_lists_joined_and_no_formulas(tmp_path: Path) -> None:
    hostile = {"id": "=HYPERLINK(1)", "trials": [trial("fluoxetine", dose_mg=20)]}
    source = write(tmp_path, jsonl(TWO_FAILED, hostile, {"id": "x", "trials": []}), "h.jsonl")
    code, out, err = run("batch", source, "--format", "csv")
    assert code == 0, err
    table = list(csv.reader(io.StringIO(out)))
    assert ",".join(table[0]) == (
        "id,definition,meets_definition,adequate_failures,failed_drugs,mgh-atrq_meets,mgh-atrq_failures,"
        "eu-pearl_meets,eu-pearl_failures,canadian_meets,canadian_failures,error"
    )
    assert table[1] == [
        "p1",
        "mgh-atrq",
        "true",
        "2",
        "sertraline;venlafaxine",
        "true",
        "2",
        "true",
        "2",
        "true",
        "2",
        "",
    ]
    assert table[2][0] == "'=HYPERLINK(1)"
    assert table[3][2:11] == [""] * 9 and table[3][11].startswith("trials: the list is empty")


def test_options_add_the_option_ids(tmp_path: Path) -> None:
    code, rows, _ = batch(write(tmp_path, jsonl(TWO_FAILED, {"trials": []}), "h.jsonl"), "--options")
    assert code == 0
    row = rows[0]
    assert list(row)[-5:] == ["options", "options_later", "options_tried", "checks_first", "error"]
    assert "esketamine-nasal-spray" in row["options"] and "vns" in row["options_later"]
    assert rows[1]["options"] is None and rows[1]["error"]
    code, out, _ = run("batch", write(tmp_path, jsonl(TWO_FAILED), "h.jsonl"), "--options", "--format", "csv")
    assert out.splitlines()[0].endswith(",options,options_later,options_tried,checks_first,error")


def test_definition_and_standard_input_yaml_or_jsonl() -> None:
    code, rows, _ = batch("-", "--definition", "eu-pearl", stdin=jsonl(TWO_FAILED))
    assert code == 0 and rows[0]["definition"] == "eu-pearl"
    code, rows, _ = batch("-", stdin=YAML_DOCUMENTS)
    assert code == 0 and len(rows) == 5


def test_strict_exits_2_when_any_row_failed(tmp_path: Path) -> None:
    source = write(tmp_path, jsonl(TWO_FAILED, {"trials": []}), "h.jsonl")
    code, out, err = run("batch", source, "--strict")
    assert code == 2 and len(out.splitlines()) == 2
    assert err.splitlines() == [
        "2 histories: 1 judged, 1 with errors.",
        "trd-aid: error: 1 history could not be judged (--strict); see the error column",
    ]
    assert run("batch", write(tmp_path, jsonl(TWO_FAILED), "ok.jsonl"), "--strict")[0] == 0


# --- batch says what check says --------------------------------------------------------------------

AGREEMENT = [
    TWO_FAILED,
    ONE_FAILED,
    {"trials": [trial(weeks=5), trial("venlafaxine", dose_mg=225, improvement_pct=35, outcome=None)]},
    {"trials": [trial(adherence="poor"), trial("Lexapro", dose_mg=10), trial("bupropion", dose_mg=300)], "age": 70},
    {"trials": [trial(episode="previous"), trial(), trial("citalopram", dose_mg=20, outcome="side_effects")]},
    {"trials": [trial("esketamine", dose_mg=None, weeks=4)], "other_treatments": [{"treatment": "ect"}]},
]
BAD = [
    {"trials": [trial("setraline")]},
    {"trials": [trial(dose_mg=None)]},
    {"trials": [trial(dose_mg=2000)]},
    {"trials": [trial(improvement_pct=80)]},
    {"trials": [trial()], "other_treatments": [{"treatment": "magic"}]},
    {"trials": [trial(colour="blue")]},
    {"trials": [trial()], "age": 5},
    {"trials": "sertraline"},
]


def test_batch_agrees_with_check_json(tmp_path: Path) -> None:
    import yaml

    histories = [*AGREEMENT, yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))]
    _, rows, _ = batch(write(tmp_path, jsonl(*histories), "h.jsonl"))
    for number, (history, row) in enumerate(zip(histories, rows, strict=True)):
        alone = {key: value for key, value in history.items() if key != "id"}  # check reads no id
        code, out, err = run("check", write(tmp_path, json.dumps(alone), f"{number}.json"), "--json", "--no-options")
        assert code == 0, err
        document = json.loads(out)
        assert row["meets_definition"] == document["meets_definition"]
        assert row["adequate_failures"] == document["adequate_failures"]
        assert row["failed_drugs"] == document["failed_drugs"]
        assert row["by_definition"] == {
            key: {"meets": v["meets_definition"], "failures": v["adequate_failures"]}
            for key, v in document["by_definition"].items()
        }


def test_each_error_is_the_line_check_prints(tmp_path: Path) -> None:
    _, rows, _ = batch(write(tmp_path, jsonl(*BAD), "h.jsonl"))
    for number, (history, row) in enumerate(zip(BAD, rows, strict=True)):
        code, _, err = run("check", write(tmp_path, json.dumps(history), f"{number}.json"), "--json")
        assert code == 2
        assert err == f"trd-aid: error: {row['error']}\n"


# --- hostile rows, and inputs that cannot be read at all -------------------------------------------


def test_hostile_rows_are_errors_in_their_own_rows(tmp_path: Path) -> None:
    good = json.dumps(ONE_FAILED)
    lines = [
        "\ufeff" + good,  # a byte order mark is skipped
        '{"id": [1], "trials": []}',
        '{"id": true, "trials": []}',
        json.dumps({"id": "x" * (MAX_ID_LENGTH + 1), "trials": []}),
        json.dumps({"id": "evil\x1b[2J\u202e", **{k: v for k, v in ONE_FAILED.items() if k != "id"}}),
        '{"id": 1, "id": 2, "trials": []}',
        '"just a string"',
        "trials: []",
        '{"trials": [], "pad": "' + "x" * MAX_BYTES + '"}',
        good,
    ]
    path = tmp_path / "h.jsonl"
    path.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe\n")
    code, rows, err = batch(str(path))
    assert code == 0 and err == "11 histories: 3 judged, 8 with errors.\n"
    assert rows[0]["error"] is None and rows[9]["error"] is None
    assert rows[1]["error"] == "id: must be a string or a whole number, not a list."
    assert rows[2]["error"] == "id: must be a string or a whole number, not True."
    assert rows[3]["error"] == f"id: is longer than {MAX_ID_LENGTH} characters."
    assert rows[4]["id"] == "evil\\x1b[2J\\u202e" and rows[4]["error"] is None
    assert rows[5]["error"].startswith("line 6: the key 'id' is given twice")
    assert rows[6]["error"] == "line 7 must be a mapping with a `trials:` list, not a str"
    assert rows[7]["error"] == "line 8 is not valid JSON: Expecting value at column 1"
    assert rows[8]["error"] == "line 9 is larger than 1 MB; a history is much smaller, so trd-aid skipped it"
    assert rows[10]["error"] == "line 11 is not UTF-8 text"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl"], "missing.jsonl: no such file"),
        (["."], ". is a folder, not a file of histories"),
        (["h.csv"], "h.csv: the column 'id' is not a record field."),
        (["empty.jsonl"], "empty.jsonl holds no histories"),
        (["h.jsonl.gz"], "h.jsonl.gz is not a UTF-8 text file; batch reads JSONL, YAML or CSV"),
        (["h.jsonl", "-d", "eu-perl"], "--definition: unknown definition 'eu-perl'. Did you mean 'eu-pearl'?"),
        (["h.jsonl", "-o", "results.txt"], "-o: cannot tell the output format from the name 'results.txt'"),
        (["h.jsonl", "--format", "xml"], "--format: unknown format 'xml'; choose jsonl or csv."),
    ],
)
def test_inputs_that_cannot_be_read_are_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, jsonl(ONE_FAILED), "h.jsonl")
    write(tmp_path, "id,trials\n", "h.csv")
    write(tmp_path, "\n\n", "empty.jsonl")
    (tmp_path / "h.jsonl.gz").write_bytes(gzip.compress(b'{"trials": []}\n'))
    code, out, err = run("batch", *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"trd-aid: error: {message}") and err.count("\n") == 1, err


# --- the output file --------------------------------------------------------------------------------


def test_output_file_is_private_and_never_overwritten_without_force(tmp_path: Path) -> None:
    source = write(tmp_path, jsonl(TWO_FAILED, ONE_FAILED), "h.jsonl")
    target = tmp_path / "results.csv"
    code, out, err = run("batch", source, "-o", str(target))
    assert (code, out) == (0, "")
    assert err == f"2 histories: 2 judged, 0 with errors. Results in {target} (readable only by you).\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("id,definition,")
    code, _, err = run("batch", source, "-o", str(target))
    assert code == 2 and "already exists; trd-aid does not overwrite it" in err
    assert run("batch", source, "-o", str(target), "--force", "--format", "jsonl")[0] == 0
    assert target.read_text(encoding="utf-8").startswith('{"id":"p1"')
    assert [name for name in os.listdir(tmp_path) if name.startswith(".trd-aid-")] == []


def test_private_stream_leaves_nothing_when_the_work_fails(tmp_path: Path) -> None:
    target = tmp_path / "results.jsonl"
    with pytest.raises(InputError, match="stopped"), private_files.private_stream(str(target), False) as out:
        out.write(b"half of it\n")
        raise InputError("stopped")
    assert os.listdir(tmp_path) == []


# --- the assess API --------------------------------------------------------------------------------


def test_assess_returns_the_batch_row(tmp_path: Path) -> None:
    _, rows, _ = batch(write(tmp_path, jsonl(TWO_FAILED, {"trials": [trial("setraline")]}), "h.jsonl"))
    assert assess(TWO_FAILED) == rows[0]
    assert json.dumps(assess(TWO_FAILED), separators=(",", ":")) == json.dumps(rows[0], separators=(",", ":"))
    bad = assess({"trials": [trial("setraline")]})
    assert bad["id"] is None and bad["error"] == rows[1]["error"]
    assert assess(TWO_FAILED, definition="canadian")["definition"] == "canadian"
    assert "options" in assess(TWO_FAILED, options=True)
    with pytest.raises(InputError, match="unknown definition"):
        assess(TWO_FAILED, definition="nope")


def readme_block(tag: str) -> str:
    """The text of the fenced block after `<!-- tag -->` in the README."""
    readme = (EXAMPLE.parents[2] / "README.md").read_text(encoding="utf-8")
    after = readme.split(f"<!-- {tag} -->\n```text\n", 1)[1]
    return after.split("```", 1)[0]


def test_the_readme_example_is_the_real_output(tmp_path: Path) -> None:
    source = write(tmp_path, readme_block("batch-example-input"), "histories.jsonl")
    code, out, err = run("batch", source)
    assert code == 0
    assert out + err == readme_block("batch-example-output")
    assert run("batch", source, "--format", "csv")[1] == readme_block("batch-example-csv")


def test_import_trd_aid_stays_cheap() -> None:
    code = "import sys, trd_aid; print(sorted(m for m in sys.modules if m.startswith(('trd_aid.', 'pydantic'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_jobs_2_writes_exactly_the_bytes_of_jobs_1(tmp_path: Path) -> None:
    """Small chunks, so that the order of many chunks from two workers is what is tested."""
    from trd_aid.batch.rows import new_job
    from trd_aid.batch.run import run_batch
    from trd_aid.batch.sources import open_source

    histories = [*AGREEMENT, *BAD, '{"broken"'] * 2
    path = write(tmp_path, jsonl(*histories), "h.jsonl")
    outputs = []
    for jobs in (1, 2):
        source, stream = open_source(path)
        out = io.BytesIO()
        counts = run_batch(source, out.write, job=new_job(), fmt="csv", jobs=jobs, chunk_rows=3)
        stream.close()
        assert (counts.rows, counts.errors) == (len(histories), 18)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]

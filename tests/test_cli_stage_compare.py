"""`trd-aid stage` and `trd-aid definitions --compare` through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run, write

STAGED = """\
episode_months: 30
severity: severe
trials:
  - {drug: Zoloft, dose_mg: 150, weeks: 8, adherence: good, outcome: no_response}
  - {drug: venlafaxine XR, dose: "225 mg", duration: "10 weeks", adherence: good, improvement_pct: 40}
  - {drug: nortriptyline, dose_mg: 100, weeks: 8, adherence: good, outcome: no_response}
other_treatments:
  - {treatment: lithium, outcome: no_response}
"""
NO_SEVERITY = """\
episode_months: 4
trials:
  - {drug: sertraline, dose_mg: 100, weeks: 8, adherence: good, outcome: no_response}
"""


def test_stage_json_shape(tmp_path: Path) -> None:
    code, out, err = run("stage", write(tmp_path, STAGED), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    # 3 (more than 24 months) + 4 (severe) + 2 (three antidepressants) + 1 (augmentation) + 0 (no ECT)
    assert (data["maudsley"]["total"], data["maudsley"]["band"]) == (10, "moderate")
    assert [i["points"] for i in data["maudsley"]["items"]] == [3, 4, 2, 1, 0]
    assert data["mgh"]["total"] == 3.5  # three failed trials + one augmentation
    assert (data["thase_rush"]["stage"], data["thase_rush"]["stage_label"]) == (3, "III")
    assert data["thase_rush"]["reason"]
    assert {"fekadu2018", "fava2003", "thase-rush1997", "hagg2020"} <= set(data["sources"])
    assert data["maudsley"]["missing"] == [] and data["mgh"]["missing"] == []


def test_stage_json_names_missing_inputs(tmp_path: Path) -> None:
    code, out, _ = run("stage", write(tmp_path, NO_SEVERITY), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["maudsley"]["total"] is None and data["maudsley"]["band"] is None
    assert (
        "how severe the episode is was not given (severity): Maudsley total cannot be computed"
        in data["maudsley"]["missing"]
    )
    assert data["mgh"]["total"] is None and data["mgh"]["missing"]
    assert data["thase_rush"]["stage"] == 1


def test_stage_terminal_output_shows_every_point(tmp_path: Path) -> None:
    code, out, err = run("stage", write(tmp_path, STAGED))
    assert (code, err) == (0, "")
    for part in (
        "not a diagnosis",
        "Maudsley Staging Method",
        "Total: 10 of 15 - moderate band",
        "Total: 3.5",
        "Stage III",
        "[fekadu2018, hagg2020]",
        "988",
    ):
        assert part in out, part


def test_stage_example_and_bad_input(tmp_path: Path) -> None:
    code, out, _ = run("stage", "--example", "--json")
    assert code == 0 and json.loads(out)["maudsley"]["total"] == 7
    code, _, err = run("stage")
    assert code == 2 and err.startswith("trd-aid: error: give exactly one of")
    code, _, err = run("stage", write(tmp_path, NO_SEVERITY.replace("episode_months: 4", "severity: awful")))
    assert code == 2 and "severity" in err and "Traceback" not in err
    code, _, err = run("stage", "--example", "--definition", "eu-perl")
    assert code == 2 and "eu-pearl" in err


def test_compare_side_by_side(tmp_path: Path) -> None:
    code, out, err = run("definitions", "--compare", write(tmp_path, STAGED))
    assert (code, err) == (0, "")
    for part in ("MGH-ATRQ", "EU-PEARL", "Canadian", "DIFFERS", "partial response", "Where the definitions disagree"):
        assert part in out, part


def test_compare_json_marks_the_disagreeing_trial(tmp_path: Path) -> None:
    code, out, _ = run("definitions", "--compare", "-", "--json", stdin=STAGED)
    assert code == 0
    data = json.loads(out)
    rows = {row["number"]: row for row in data["trials"]}
    assert [n for n, row in rows.items() if row["disagree"]] == [2]
    venlafaxine = rows[2]["by_definition"]
    assert venlafaxine["mgh-atrq"]["counts"] is True and venlafaxine["eu-pearl"]["counts"] is False
    assert venlafaxine["eu-pearl"]["status"] == "partial response"
    assert rows[2]["why"] and rows[2]["why"][0].startswith("EU-PEARL:")
    assert data["by_definition"]["eu-pearl"]["meets_definition"] is True  # sertraline + nortriptyline
    assert any(line.startswith("Trial 2 (venlafaxine)") for line in data["disagreements"])


def test_compare_agreeing_history_and_missing_file(tmp_path: Path) -> None:
    code, out, _ = run("definitions", "--compare", write(tmp_path, NO_SEVERITY))
    assert code == 0 and "The definitions agree on every trial." in out
    code, _, err = run("definitions", "--compare", str(tmp_path / "nope.yaml"))
    assert code == 2 and "no such file" in err

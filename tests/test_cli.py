"""The command line through Typer's CliRunner: outputs, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run, write
from trd_aid import __version__

GOOD = """\
trials:
  - {drug: Zoloft, dose_mg: 150, weeks: 8, adherence: good, outcome: no_response}
  - {drug: venlafaxine XR, dose: "225 mg", duration: "10 weeks", adherence: good, improvement_pct: 40}
"""


def test_version_shows_the_review_date() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith(f"trd-aid {__version__}") and "last reviewed 2026-" in out


def test_check_human_output(tmp_path: Path) -> None:
    code, out, err = run("check", write(tmp_path, GOOD))
    assert (code, err) == (0, "")
    for part in (
        "sertraline (Zoloft)",
        "150 mg/day ok (>=50)",
        "COUNTS",
        "Result: definition met",
        "Meets the MGH-ATRQ definition",
        "EU-PEARL: not met, 1 adequate failed trial.",
        "not a diagnosis",
        "988",
        "116 123",
        "findahelpline.com",
        "educational tool",
        "More: --why (the reasons), --options (every option), --sources (the citations)",
    ):
        assert part in out, part
    assert "[atrq-comp006]" not in out, "source ids come with --why, --options or --sources"
    code, out, _ = run("check", write(tmp_path, GOOD), "--why")
    assert code == 0 and "Why, trial by trial" in out and "[atrq-comp006]" in out


def test_check_json_contract(tmp_path: Path) -> None:
    code, out, err = run("check", write(tmp_path, GOOD), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["meets_definition"] is True and data["adequate_failures"] == 2
    assert data["definition"]["id"] == "mgh-atrq" and data["definition"]["min_weeks"] == 6
    assert data["by_definition"]["eu-pearl"] == {
        **data["by_definition"]["eu-pearl"],
        "meets_definition": False,
        "adequate_failures": 1,
    }
    first = data["trials"][0]
    assert {k: first[k] for k in ("drug", "input_name", "class", "adequate", "failed", "counts")} == {
        "drug": "sertraline",
        "input_name": "Zoloft",
        "class": "SSRI",
        "adequate": True,
        "failed": True,
        "counts": True,
    }
    assert first["reasons"] and first["sources"]
    assert isinstance(data["warnings"], list) and data["disclaimer"]


def test_check_stdin_json() -> None:
    history = {
        "trials": [{"drug": "sertraline", "dose_mg": 100, "weeks": 8, "adherence": "good", "outcome": "no_response"}]
    }
    code, out, _ = run("check", "-", "--json", stdin=json.dumps(history))
    assert code == 0 and json.loads(out)["adequate_failures"] == 1


def test_check_stdin_yaml() -> None:
    code, out, _ = run("check", "-", "--json", stdin=GOOD)
    assert code == 0 and json.loads(out)["meets_definition"] is True


def test_check_trial_phrases() -> None:
    code, out, _ = run(
        "check", "-t", "Zoloft 100 mg 8 weeks no response", "-t", "venlafaxine 225mg 10w partial", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["meets_definition"] is True
    assert any("adherence was not given" in w for w in data["warnings"])


def test_check_example() -> None:
    code, out, _ = run("check", "--example", "--json")
    data = json.loads(out)
    assert code == 0 and data["failed_drugs"] == ["sertraline", "venlafaxine"]


def test_definition_option(tmp_path: Path) -> None:
    code, out, _ = run("check", write(tmp_path, GOOD), "--definition", "eu-pearl", "--json")
    assert code == 0 and json.loads(out)["meets_definition"] is False


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        (
            "trials:\n  - {drug: setraline, dose_mg: 100, weeks: 8, outcome: no_response}\n",
            "h.yaml",
            "trial 1, drug: 'setraline' is not a medicine trd-aid knows. Did you mean 'sertraline'?",
        ),
        ("trials:\n  - {drug: sertraline, weeks: 8, outcome: no_response}\n", "h.yaml", "trial 1, dose_mg: is missing"),
        (
            "trials:\n  - {drug: sertraline, dose_mg: 100, outcome: no_response}\n",
            "h.yaml",
            "trial 1, weeks: is missing",
        ),
        (
            "trials:\n  - {drug: sertraline, dose_mg: -5, weeks: 8, outcome: no_response}\n",
            "h.yaml",
            "trial 1, dose_mg: must be more than 0",
        ),
        (
            "trials:\n  - {drug: sertraline, dose_mg: 2000, weeks: 8, outcome: no_response}\n",
            "h.yaml",
            "trial 1, dose: 2000 mg/day of sertraline cannot be right",
        ),
        (
            "trials:\n  - {drug: sertraline, dose_mg: 100, weeks: 9000, outcome: no_response}\n",
            "h.yaml",
            "trial 1, weeks: 9000 weeks is more than 60 years",
        ),
        (
            "trials:\n  - {drug: sertraline, dose_mg: 100, weeks: 8, outcome: meh}\n",
            "h.yaml",
            "trial 1, outcome: 'meh' is not one of",
        ),
        (
            "trials:\n  - {drug: sertraline, dose_mg: 100, weeks: 8, outcome: no_respons}\n",
            "h.yaml",
            "Did you mean 'no_response'?",
        ),
        (
            "trials:\n  - {drug: sertraline, dose_mg: 100, weeks: 8, outcome: no_response, adherence: ok}\n",
            "h.yaml",
            "trial 1, adherence: 'ok' is not one of",
        ),
        (
            "trials:\n  - {drug: sertraline, dosage: 100, weeks: 8, outcome: no_response}\n",
            "h.yaml",
            "trial 1, dosage: is not a known field. Did you mean 'dose'?",
        ),
        ("trials:\n  - {drug: sertraline, dose_mg: 100\n", "h.yaml", "is not valid YAML at line 3, column 1"),
        ('{"trials": [}', "h.json", "is not valid JSON: Expecting value at line 1, column 13"),
        ("- sertraline\n", "h.yaml", "must be a mapping with a `trials:` list, not a list"),
        ("", "h.yaml", "is empty"),
        ("trials: []\n", "h.yaml", "trials: the list is empty"),
        (
            '!!python/object/apply:os.system ["echo pwned"]\n',
            "h.yaml",
            "the YAML tag !!python/object/apply:os.system is not allowed",
        ),
        ("trials:\n  - !!python/object/new:os.system [echo pwned]\n", "h.yaml", "is not allowed"),
        (
            "other_treatments: []\ntrials:\n  - {drug: sertraline, dose_mg: 100, weeks: 8, outcome: no_response}\nseverity: awful\n",
            "h.yaml",
            "severity: 'awful' is not one of",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, text: str, name: str, expected: str) -> None:
    code, out, err = run("check", write(tmp_path, text, name))
    assert code == 2 and out == ""
    assert err.startswith("trd-aid: error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert expected in err


def test_unsafe_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    run("check", write(tmp_path, f'!!python/object/apply:os.system ["touch {marker}"]\n'))
    assert not marker.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check", "no-such-file.yaml"], "no-such-file.yaml: no such file"),
        (["check"], "give exactly one of"),
        (["check", "--example", "-t", "sertraline 100 mg 8 weeks no response"], "give exactly one of"),
        (["check", "-t", "setraline 100 mg 8 weeks no response"], "trial 1, drug: 'setraline'"),
        (["check", "-t", "sertraline 100 mg"], "trial 1, -t:"),
        (["check", "--example", "--definition", "eupearl"], "Did you mean 'eu-pearl'?"),
        (["drugs", "setraline"], "Did you mean 'sertraline'?"),
    ],
)
def test_bad_arguments(tmp_path: Path, args: list[str], expected: str) -> None:
    code, _, err = run(*args)
    assert code == 2 and expected in err and "Traceback" not in err


def test_a_folder_is_not_a_history(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path))
    assert code == 2 and "is a folder" in err


def test_drugs_lists_everything() -> None:
    code, out, _ = run("drugs")
    assert code == 0 and "sertraline" in out and "Zoloft" in out and "atrq-comp006" in out


def test_drugs_by_brand_shows_the_card() -> None:
    code, out, _ = run("drugs", "Effexor XR")
    assert code == 0
    assert "venlafaxine (SNRI)" in out and "Minimum adequate dose (ATRQ): 150 mg/day" in out and "Sources" in out


def test_drugs_by_class_and_json() -> None:
    code, out, _ = run("drugs", "MAOI", "--json")
    ids = [d["id"] for d in json.loads(out)]
    assert code == 0 and "phenelzine" in ids and "sertraline" not in ids


def test_drugs_on_an_augmenter_explains() -> None:
    code, _, err = run("drugs", "aripiprazole")
    assert code == 2 and "add-on (augmentation)" in err


def test_definitions_explains_each() -> None:
    code, out, _ = run("definitions")
    assert code == 0
    for part in (
        "mgh-atrq (default)",
        "eu-pearl",
        "canadian",
        "less than 25% improvement",
        "Where the definition is open",
    ):
        assert part in out


def test_about() -> None:
    code, out, _ = run("about")
    assert code == 0 and "last reviewed" in out and "Nothing you enter leaves this computer" in out


def test_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    history = write(tmp_path, GOOD)
    run("check", history)
    run("check", history, "--json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.yaml"]


def test_risk_factors_in_a_file_are_shown(tmp_path: Path) -> None:
    code, out, _ = run("check", write(tmp_path, GOOD + "risk_factors: [thyroid_unchecked]\n"))
    assert code == 0 and "Things to check first" in out and "checked the thyroid" in out
    assert "(because of: thyroid not checked" in " ".join(out.split()), "said once, with why"
    code, out, _ = run("check", write(tmp_path, GOOD + "risk_factors: [bipolar_history, sleep_problems]\n"))
    assert code == 0 and "Things to check first" in out
    code, out, _ = run("check", write(tmp_path, GOOD + "risk_factors: [thyroid_unchecked]\n"), "--json")
    assert json.loads(out)["worth_discussing"][0]["id"] == "thyroid_unchecked"


def test_unknown_risk_factor(tmp_path: Path) -> None:
    code, _, err = run("check", write(tmp_path, GOOD + "risk_factors: [thyroid]\n"))
    assert code == 2 and "risk_factors" in err and "Did you mean 'thyroid_unchecked'?" in err


# --- Next-step options ----------------------------------------------------------------------------------------


def test_options_without_a_history_is_the_general_list() -> None:
    code, out, err = run("options")
    assert code == 0 and err == ""
    assert out.startswith("In a crisis or thinking about suicide?")
    assert "Next steps that guidelines describe" in out and "Things to check first" in out
    assert "Already tried" not in out and "Questions you could take" not in out
    assert "Electroconvulsive therapy (ECT)" in out and "content reviewed 2026-" in out
    assert "Evidence:" not in out and "add --detail" in out


def test_options_detail_adds_the_clinician_view() -> None:
    code, out, _ = run("options", "--detail")
    assert code == 0
    for heading in ("Evidence:", "Side effects:", "Monitoring:", "Contraindications and interactions:"):
        assert heading in out
    assert "Where guidelines place it:" in out


def test_options_for_a_history_is_tailored(tmp_path: Path) -> None:
    code, out, _ = run(
        "options", write(tmp_path, GOOD + "other_treatments: [{treatment: Abilify, outcome: no_response}]\n")
    )
    assert code == 0
    tried = out.split("Already tried", 1)[1].split("\n\n", 1)[0]
    assert "aripiprazole (other treatment 1): no response" in tried
    assert "usually later" in out  # VNS after two failures
    assert "Questions you could take to your appointment" in out


def test_options_json_contract(tmp_path: Path) -> None:
    code, out, _ = run("options", write(tmp_path, GOOD), "--json")
    assert code == 0
    data = json.loads(out)
    assert {"options", "checks_first", "crisis"} <= data.keys()
    for option in data["options"]:
        assert {"id", "name", "category", "summary", "status", "tried", "caveats", "sources"} <= option.keys()
        assert isinstance(option["tried"], bool)
        assert option["caveats"] and all(isinstance(c, str) for c in option["caveats"])
        assert option["sources"] and set(option["sources"]) <= data["sources"].keys()
    for line in data["crisis"]:
        assert {"country", "name", "contact"} <= line.keys()


def test_check_json_carries_the_options(tmp_path: Path) -> None:
    code, out, _ = run("check", write(tmp_path, GOOD), "--json")
    data = json.loads(out)
    assert code == 0 and {"options", "checks_first", "crisis", "questions"} <= data.keys()
    switch = next(o for o in data["options"] if o["id"] == "switch-class")
    assert switch["tried"] is True  # venlafaxine is an SNRI
    assert switch["tried_with"][0] == {
        "where": "trial",
        "number": 2,
        "name": "venlafaxine",
        "outcome": None,
        "improvement_pct": 40.0,
    }


@pytest.mark.parametrize(
    ("flags", "order"),
    [
        (
            [],
            [
                "In a crisis",
                "Antidepressant trials",
                "Result: definition met",
                "Things to check first",
                "Cautions for this history",
                "Questions you could take to your appointment",
                "Options that guidelines describe",
                "More: --why",
                "If you need help now",
            ],
        ),
        (
            ["--detail"],
            [
                "In a crisis",
                "Antidepressant trials",
                "Why, trial by trial",
                "Result: definition met",
                "Things to check first",
                "Cautions for this history",
                "Questions you could take to your appointment",
                "Next steps that guidelines describe",
                "Already tried",
                "Evidence:",
                "\nSources\n",
                "If you need help now",
            ],
        ),
    ],
    ids=["short", "detail"],
)
def test_check_example_reads_top_to_bottom(flags: list[str], order: list[str]) -> None:
    code, out, _ = run("check", "--example", *flags)
    assert code == 0
    positions = [out.index(heading) for heading in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("country", "first"),
    [
        ("ie", "IE: Samaritans"),
        ("GB", "UK: Samaritans"),
        ("CA", "CA: 9-8-8"),
        ("AU", "AU: Lifeline - call 13 11 14"),
        ("nz", "NZ: Need to talk? 1737"),
    ],
)
def test_country_puts_its_crisis_line_first(country: str, first: str) -> None:
    # The crisis block is the same on every screen; `options --country` is covered below (Narnia).
    code, out, _ = run("check", "-t", "sertraline 100 mg 8 weeks no response", "--no-options", "--country", country)
    assert code == 0
    block = out.split("If you need help now", 1)[1]
    first_line = next(line for line in block.splitlines() if ":" in line)
    assert first in first_line


def test_an_unknown_country_is_never_refused_the_international_lines_come_first() -> None:
    code, out, err = run("options", "--country", "Narnia")
    assert code == 0
    assert err.count("\n") == 1 and "no crisis lines are stored for country 'Narnia'" in err
    assert "findahelpline.com" in err and "AU" in err and "NZ" in err
    box = out[out.index("If you need help now") :]
    assert box.index("INTL: Find A Helpline") < box.index("US: 988")


def test_check_no_options_keeps_the_result_short(tmp_path: Path) -> None:
    code, out, _ = run("check", write(tmp_path, GOOD), "--no-options")
    assert code == 0 and "Result: definition met" in out and "If you need help now" in out
    assert "Next steps that guidelines describe" not in out
    assert len(out.splitlines()) < 80

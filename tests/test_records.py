"""Dated prescription records turned into trials, including cardinal_pythonlib's own test patients."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import run, write
from trd_aid.engine import assess_history
from trd_aid.engine.results import Assessment
from trd_aid.errors import InputError
from trd_aid.inputs.reading import validate_history
from trd_aid.knowledge.models import KnowledgeBase

EXAMPLE = {  # the example in the issue: a switch with a cross-taper, then aripiprazole added
    "as_of": "2024-06-01",
    "prescriptions": [
        {"drug": "sertraline", "dose_mg": 100, "start": "2024-01-01", "stop": "2024-02-26", "outcome": "no_response"},
        {"drug": "venlafaxine", "dose_mg": 225, "start": "2024-02-20", "stop": "2024-05-01", "outcome": "no_response"},
        {"drug": "aripiprazole", "dose_mg": 5, "start": "2024-04-01", "stop": "2024-05-01"},
    ],
}


def assess(kb: KnowledgeBase, data: dict[str, Any], definition: str | None = None) -> Assessment:
    return assess_history(validate_history(data, "test"), kb, definition, with_options=False)


def records(*rows: tuple[str, float, str, str | None], **extra: Any) -> dict[str, Any]:
    return {"prescriptions": [{"drug": d, "dose_mg": mg, "start": s, "stop": e} for d, mg, s, e in rows], **extra}


def test_the_example_becomes_a_switch_then_an_augmented_regimen(kb: KnowledgeBase) -> None:
    a = assess(kb, EXAMPLE)
    shown = [(t.regimen, t.start, t.stop, round(t.weeks or 0, 1), t.outcome, t.from_records) for t in a.trials]
    assert shown == [
        ("sertraline", "2024-01-01", "2024-02-26", 8.1, "no_response", [1]),  # 7 days of cross-taper are its own
        ("venlafaxine", "2024-02-20", "2024-03-31", 5.9, None, [2]),  # venlafaxine alone: no outcome recorded
        ("venlafaxine + aripiprazole", "2024-04-01", "2024-05-01", 10.3, "no_response", [2, 3]),
    ]
    assert a.trials[2].add_ons[0].weeks == pytest.approx(31 / 7)
    assert "Records: sertraline stopped 7 days after venlafaxine started; read as a switch" in " ".join(
        a.trials[0].reasons
    )
    assert a.meets_definition and a.failed_drugs == ["sertraline", "venlafaxine + aripiprazole"]
    assert not a.by_definition["canadian"].meets_definition  # it does not count augmentation
    assert "cardinal-pythonlib-trd" in a.sources and "sps-switching" in a.sources


def test_a_record_without_an_outcome_is_never_guessed_unless_asked(kb: KnowledgeBase) -> None:
    rows = [("citalopram", 40, "2024-01-01", "2024-03-01"), ("sertraline", 150, "2024-03-02", "2024-05-01")]
    plain = assess(kb, records(*rows))
    assert [t.outcome for t in plain.trials] == [None, None]
    assert not plain.trials[0].counts and "Outcome: not recorded" in plain.trials[0].reasons[3]
    asked = assess(kb, records(*rows, change_means_no_response=True))
    assert [t.outcome for t in asked.trials] == ["no_response", None]  # the last trial was never changed
    assert asked.trials[0].counts
    assert "read as no response because the treatment was changed afterwards" in " ".join(asked.trials[0].reasons)


def test_the_cross_taper_window_is_a_setting(kb: KnowledgeBase) -> None:
    """With no window, a 7-day overlap is a combination of the two antidepressants."""
    a = assess(kb, {**EXAMPLE, "cross_taper_days": 0})
    assert [t.regimen for t in a.trials][:2] == ["sertraline", "sertraline + venlafaxine"]


def test_records_of_one_course_join_and_a_new_dose_is_a_new_trial(kb: KnowledgeBase) -> None:
    a = assess(
        kb,
        records(
            ("sertraline", 100, "2024-01-01", "2024-01-28"),
            ("sertraline", 100, "2024-01-29", "2024-02-25"),  # a refill: the same course
            ("sertraline", 200, "2024-02-26", "2024-04-21"),  # a higher dose: judged on its own
        ),
    )
    assert [(t.dose_mg, t.from_records, round(t.weeks or 0)) for t in a.trials] == [(100, [1, 2], 8), (200, [3], 8)]


def test_a_time_on_add_ons_alone_is_not_a_trial(kb: KnowledgeBase) -> None:
    a = assess(
        kb, records(("sertraline", 100, "2024-01-01", "2024-03-01"), ("lithium", 800, "2024-02-01", "2024-04-01"))
    )
    assert [t.regimen for t in a.trials] == ["sertraline", "sertraline + lithium"]
    assert any(
        "lithium (record 2) taken from 2024-03-02 to 2024-04-01 without an antidepressant" in w for w in a.warnings
    )


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        (records(("venlafaxin", 150, "2024-01-01", "2024-03-01")), "record 1, drug", "Did you mean 'venlafaxine'?"),
        (records(("ECT", 1, "2024-01-01", "2024-03-01")), "record 1, drug", "list it under other_treatments"),
        (
            {"prescriptions": [{"drug": "sertraline", "start": "2024-01-01", "stop": "2024-03-01"}]},
            "record 1, dose_mg",
            "needs its daily dose",
        ),
        (records(("sertraline", 100, "2024-03-01", "2024-01-01")), "record 1, stop", "is before start"),
        (records(("sertraline", 100, "2024-01-01", None)), "record 1, stop", "needs as_of"),
        (records(("sertraline", 100, "2024-01-01", "2024-09-01"), as_of="2024-06-01"), "record 1, stop", "after as_of"),
        (
            records(("sertraline", 100, "2024-01-01", "2024-03-01"), ("sertraline", 50, "2024-02-01", "2024-04-01")),
            "record 2, dose_mg",
            "overlaps record 1 (sertraline) with a different dose",
        ),
        (records(("lithium", 800, "2024-01-01", "2024-03-01")), "prescriptions", "no antidepressant was found"),
        (
            {**records(("sertraline", 100, "2024-01-01", "2024-03-01")), "trials": [{"drug": "x"}]},
            "prescriptions",
            "not both",
        ),
        (
            {"prescriptions": [{"drug": "sertraline", "dose_mg": 100, "start": "2024-01-01", "weeks": 8}]},
            "record 1, weeks",
            "not a known field",
        ),
    ],
)
def test_bad_records_name_the_record_and_field(
    kb: KnowledgeBase, data: dict[str, Any], where: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        assess(kb, data)
    assert caught.value.line().startswith(f"{where}: ")
    assert message in caught.value.line()


def test_a_bad_record_is_one_line_on_stderr_and_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, "prescriptions:\n  - {drug: setraline, dose_mg: 100, start: 2024-01-01, stop: 2024-03-01}\n")
    code, out, err = run("check", path)
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "trd-aid: error: record 1, drug: 'setraline' is not a medicine trd-aid knows. Did you mean 'sertraline'?"
    ]


def test_json_trials_say_which_records_they_came_from(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps(EXAMPLE), "records.json")
    code, out, _ = run("check", path, "--json")
    assert code == 0
    trials = json.loads(out)["trials"]
    assert [t["from_records"] for t in trials] == [[1], [2], [2, 3]]
    assert trials[2]["add_ons"][0]["treatment"] == "aripiprazole" and trials[2]["add_ons"][0]["kind"] == "augmentation"
    assert (trials[0]["start"], trials[0]["stop"], trials[0]["later"]) == ("2024-01-01", "2024-02-26", None)


# --- cardinal_pythonlib's test patients ------------------------------------------------------------
# From its `_validate` (cardinal_pythonlib/psychiatry/treatment_resistant_depression.py): each drug's
# mentions in 2018, read here as one course from its first to its last mention at a clearly adequate
# dose, with `change_means_no_response` (cardinal has no outcomes: a later course is its sign). Its
# answer is the first pair "a 28-day course of A, then of a different B"; trd-aid's is the first
# counted failed trial and the next full-length trial. EU-PEARL is used because its shortest trial
# (4 weeks) is cardinal's 28-day course.
DOSES = {"citalopram": 40, "fluoxetine": 40, "mirtazapine": 45, "venlafaxine": 225, "sertraline": 150}
PATIENTS: dict[str, list[tuple[str, str, str]]] = {
    "Alice": [("citalopram", "01-01", "02-01"), ("fluoxetine", "03-01", "04-01"), ("mirtazapine", "05-01", "06-01")],
    "Bob": [("venlafaxine", "01-01", "04-01"), ("mirtazapine", "01-01", "02-01"), ("sertraline", "03-02", "06-01")],
    "Chloe": [("fluoxetine", "01-01", "01-27"), ("venlafaxine", "01-27", "02-01")],
    "Dave": [("fluoxetine", "01-01", "01-28"), ("venlafaxine", "02-01", "02-28")],
    "Elsa": [("citalopram", "01-01", "02-02"), ("mirtazapine", "02-01", "02-28")],
    "Fred": [("citalopram", "01-01", "02-01"), ("mirtazapine", "02-01", "02-28")],
    "Grace": [
        ("citalopram", "01-01", "01-28"),
        ("fluoxetine", "02-01", "02-28"),
        ("venlafaxine", "02-02", "03-01"),
        ("mirtazapine", "04-01", "04-28"),
    ],
}


def first_pair(a: Assessment) -> tuple[str, str] | None:
    failed = next((t for t in a.trials if t.counts), None)
    if failed is None:
        return None
    after = next((t for t in a.trials if t.number > failed.number and t.adequate), None)
    return (failed.regimen, after.regimen) if after else None


@pytest.mark.parametrize(
    ("patient", "cardinal", "ours"),
    [
        ("Alice", ("citalopram", "fluoxetine"), ("citalopram", "fluoxetine")),
        ("Chloe", None, None),  # 26 and 6 days: neither course is long enough
        ("Dave", ("fluoxetine", "venlafaxine"), ("fluoxetine", "venlafaxine")),  # 28 days: just long enough
        ("Fred", ("citalopram", "mirtazapine"), ("citalopram", "mirtazapine")),  # a same-day handover
        ("Grace", ("citalopram", "fluoxetine"), ("citalopram", "fluoxetine")),  # the earliest valid pair
        # Known differences, each from reading courses (start to stop) rather than mentions:
        # Bob: cardinal ignores the venlafaxine taken throughout; trd-aid reads it as combined with
        # mirtazapine, then alone, then with sertraline, so the first pair is those two regimens.
        ("Bob", ("mirtazapine", "sertraline"), ("venlafaxine + mirtazapine", "venlafaxine")),
        # Elsa: cardinal needs A's 28-day mention before B's first; trd-aid sees citalopram taken from
        # 1 January to 2 February, overlapping mirtazapine by 2 days: a switch after 31 days.
        ("Elsa", None, ("citalopram", "mirtazapine")),
    ],
)
def test_cardinal_pythonlib_patients(
    kb: KnowledgeBase, patient: str, cardinal: tuple[str, str] | None, ours: tuple[str, str] | None
) -> None:
    rows = [(drug, DOSES[drug], f"2018-{start}", f"2018-{stop}") for drug, start, stop in PATIENTS[patient]]
    a = assess(kb, records(*rows, change_means_no_response=True), "eu-pearl")
    assert first_pair(a) == ours
    assert (ours == cardinal) is (patient not in ("Bob", "Elsa"))


def test_every_history_example_in_the_readme_is_valid_and_judged(kb: KnowledgeBase) -> None:
    """The README's YAML blocks that hold trials or prescriptions are real histories."""
    import re

    import yaml

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", readme, re.S)]
    histories = [b for b in blocks if isinstance(b, dict) and ("trials" in b or "prescriptions" in b)]
    assert len(histories) >= 3
    for data in histories:
        assert assess(kb, data).trials


# --- properties of the conversion ------------------------------------------------------------------

RECORD_DRUGS = {"sertraline": 100, "venlafaxine": 150, "mirtazapine": 30, "aripiprazole": 5, "lithium": 800}


@st.composite
def record_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Up to 8 records in one year; one dose per medicine, so no record is refused."""
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        drug = draw(st.sampled_from(sorted(RECORD_DRUGS)))
        start = draw(st.integers(0, 300))
        length = draw(st.integers(0, 120))
        day = dt.date(2024, 1, 1)
        rows.append(
            {
                "drug": drug,
                "dose_mg": RECORD_DRUGS[drug],
                "start": (day + dt.timedelta(days=start)).isoformat(),
                "stop": (day + dt.timedelta(days=start + length)).isoformat(),
                "outcome": draw(st.sampled_from([None, "no_response", "response"])),
            }
        )
    return rows


@settings(max_examples=40, deadline=None)
@given(record_lists(), st.integers(0, 60))
def test_records_become_trials_or_one_clear_error(kb: KnowledgeBase, rows: list[dict[str, Any]], window: int) -> None:
    data = {"prescriptions": [{k: v for k, v in r.items() if v is not None} for r in rows], "cross_taper_days": window}
    try:
        a = assess(kb, data)
    except InputError as exc:
        assert "no antidepressant was found" in exc.line()  # only add-on medicines in these records
        return
    starts = [t.start or "" for t in a.trials]
    assert starts == sorted(starts)  # in date order
    seen = {n for t in a.trials for n in t.from_records}
    antidepressants = {n for n, r in enumerate(rows, start=1) if r["drug"] not in ("aripiprazole", "lithium")}
    assert antidepressants <= seen  # every antidepressant record is in a trial
    for t in a.trials:
        assert (t.weeks or 0) > 0 and t.drug not in ("aripiprazole", "lithium")
        assert all(0 < (addon.weeks or 0) <= (t.weeks or 0) + 1e-9 for addon in t.add_ons)

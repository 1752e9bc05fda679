"""`trd-aid interview`: driven through a real pseudo-terminal as a patient would, plus its parsing helpers."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest
import yaml

from tests.helpers import in_order, reading_grade, run
from trd_aid.engine.names import index_for
from trd_aid.inputs.reading import validate_history
from trd_aid.interview.answers import Answers, Trial
from trd_aid.interview.parsing import (
    parse_choice,
    parse_dose_answer,
    parse_duration_answer,
    parse_review,
    parse_yes_no,
    weeks_words,
)
from trd_aid.knowledge import load_knowledge

ENV = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}
ENV.pop("FORCE_COLOR", None)

TWO_TRIALS = """\
trials:
  - {drug: sertraline, dose_mg: 150, weeks: 10, adherence: good, outcome: no_response}
  - {drug: Effexor XR, dose_mg: 225, duration: 2 months, adherence: good, outcome: partial_response}
"""


def spawn(*args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "trd_aid", "interview", *args],
        env=ENV,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )


def answer(child: pexpect.spawn, question: str, reply: str) -> None:
    child.expect_exact(question)
    child.expect_exact("> ")
    child.sendline(reply)


def start(child: pexpect.spawn) -> None:
    answer(child, "Press Enter to start", "")


def one_trial(child: pexpect.spawn, name: str, dose: str, time: str, outcome: str) -> None:
    answer(child, "name of", name)
    answer(child, "highest daily dose", dose)
    answer(child, "For how long", time)
    answer(child, "How regularly", "1")
    answer(child, "What happened", outcome)
    answer(child, "Was another medicine added", "")
    answer(child, "When did you take", "1")


def skip_rest(child: pexpect.spawn) -> None:
    """No other treatments, every gentle question skipped."""
    answer(child, "press Enter if none", "")
    answer(child, "How long has this episode", "")
    answer(child, "at its worst", "")
    for question in ("surgery", "St John", "other medicines", "alcohol", "bipolar", "thyroid", "sleep"):
        answer(child, question, "")
    answer(child, "How old are you?", "")
    answer(child, "pregnant", "")


def check_json(path: Path) -> dict[str, object]:
    code, out, err = run("check", str(path), "--json")
    assert code == 0, err
    return dict(json.loads(out))


@pytest.mark.slow
def test_happy_path_meets_definition_and_save_round_trip(tmp_path: Path) -> None:
    saved = tmp_path / "history.yaml"
    child = spawn("--save", str(saved))
    start(child)
    one_trial(child, "Zoloft", "150 mg", "10 weeks", "1")
    answer(child, "Any other antidepressant?", "yes")
    one_trial(child, "venlafaxine", "225", "2 months", "2")
    answer(child, "Any other antidepressant?", "no")
    answer(child, "press Enter if none", "aripiprazole")
    answer(child, "highest daily dose of aripiprazole", "5")
    answer(child, "For how long did you take aripiprazole", "6 weeks")
    answer(child, "What happened with aripiprazole", "2")
    answer(child, "Any other treatment?", "")
    answer(child, "How long has this episode", "14 months")
    answer(child, "at its worst", "2")
    for question, reply in [("surgery", "no"), ("St John", "yes"), ("other medicines", "")]:
        answer(child, question, reply)
    for question in ("alcohol", "bipolar", "thyroid", "sleep"):
        answer(child, question, "")
    answer(child, "How old are you?", "sixty")
    answer(child, "age in years as a number", "67")
    answer(child, "pregnant", "no")
    child.expect_exact("Weight-loss or gut surgery: no")  # an explicit no is shown as no, not skipped
    answer(child, "see the result", "")
    child.expect_exact("Result: definition met")
    child.expect_exact("Things to check first")
    child.expect_exact("St John's wort")
    child.expect_exact("Cautions for this history")
    child.expect_exact("because of: age 65 or over")
    child.expect_exact("Questions you could take to your appointment")
    child.expect_exact("Already tried")
    child.expect_exact("aripiprazole")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    result = check_json(saved)
    assert result["meets_definition"] is True
    assert result["failed_drugs"] == ["sertraline", "venlafaxine"]
    text = saved.read_text()
    assert "st_johns_wort" in text and "risk_factors_absent:\n- bariatric_surgery" in text
    assert "age: 67" in text and "episode_months: 14" in text and "severity: moderate" in text
    aripiprazole = next(o for o in result["options"] if o["id"] == "augment-aripiprazole")  # type: ignore[attr-defined]
    assert aripiprazole["tried"] is True
    staged = json.loads(run("stage", str(saved), "--json")[1])
    assert staged["maudsley"]["total"] is not None, "a saved interview has what staging needs"

    # Reloaded: every answer comes back as it was given, an explicit "no" as no.
    child = spawn("--load", str(saved))
    start(child)
    child.expect_exact("Tried: aripiprazole (5 mg a day, 6 weeks, partial response)")
    child.expect_exact("How long so far: 14 months")
    child.expect_exact("Weight-loss or gut surgery: no")
    child.expect_exact("St John's wort or supplements: yes")
    answer(child, "see the result", "")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def interview(*args: str, answers: list[str]) -> tuple[int, str, str]:
    """The interview through CliRunner: each answer typed in turn (the first one presses Enter to start)."""
    return run("interview", *args, stdin="".join(f"{a}\n" for a in ["", *answers]))


TRIAL_ANSWERS = ["1", "1", "", "1"]  # how regularly, what happened (no real change), nothing added, this episode
# no other treatment, the episode's length and severity, the seven risk questions, age, pregnancy
SKIPPED = ["", "", "", *[""] * 7, "", ""]


def test_typo_is_fixed_and_implausible_dose_is_questioned() -> None:
    answers = ["setraline", "yes", "900", "150", "soon", "8", "7", "1", "1", "", "1", "maybe", "no", *SKIPPED, ""]
    code, out, err = interview(answers=answers)
    assert (code, err) == (0, "")
    in_order(
        out,
        "Did you mean sertraline?",
        "more than twice the label maximum (200 mg/day)",
        "not a duration",
        "Please type a number from 1 to 3.",
        "Please type yes or no",
        "150 mg a day",
        "8 weeks",
        "Result: definition not met",
    )


def test_answer_edited_at_summary_without_starting_over(tmp_path: Path) -> None:
    start_from = tmp_path / "start.yaml"
    start_from.write_text(TWO_TRIALS)
    code, out, _ = interview("--load", str(start_from), answers=["3", "3 weeks", ""])
    assert code == 0
    in_order(out, "Read 2 antidepressant(s)", "For how long", "3 weeks", "too short", "Result: definition not met")


def test_end_of_input_midway_exits_130_and_writes_nothing(tmp_path: Path) -> None:
    saved = tmp_path / "history.yaml"
    code, out, err = interview("--save", str(saved), answers=["sertraline", "150", "8 weeks", *TRIAL_ANSWERS])
    assert code == 130
    assert "Any other antidepressant?" in out
    assert "Stopped. Nothing was saved." in err and "Traceback" not in err
    assert not saved.exists()


def test_new_questions_are_saved_and_reloaded(tmp_path: Path) -> None:
    saved = tmp_path / "history.yaml"
    answers = [
        "Zoloft",
        "75 mg twice a day",  # read as 150 mg a day, and confirmed
        "yes",
        "about 3 months",
        "most",  # how regularly, in words
        "30%",  # what happened, as a percentage
        "",  # nothing added
        "1",
        "no",
        "lithium",
        "900",
        "8 weeks",
        "1",
        "",
        "2 years",
        "3",
        "no",  # an explicit "no" to the first risk question
        *[""] * 6,
        "",
        "",
        "",
    ]
    code, out, err = interview("--save", str(saved), answers=answers)
    assert (code, err) == (0, "")
    flat = " ".join(out.split())
    assert "That is 150 mg/day; is that right?" in flat
    assert "Weight-loss or gut surgery: no" in flat and "St John's wort or supplements: skipped" in flat
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["trials"][0] == {
        "drug": "Zoloft",
        "dose_mg": 150,
        "duration": "about 3 months",
        "adherence": "good",
        "episode": "current",
        "improvement_pct": 30.0,
    }
    assert data["other_treatments"] == [
        {"treatment": "lithium", "dose_mg": 900, "duration": "8 weeks", "outcome": "no_response"}
    ]
    assert (data["episode_months"], data["severity"]) == (24.0, "severe")
    assert data["risk_factors_absent"] == ["bariatric_surgery"] and "risk_factors" not in data
    code, out, _ = interview("--load", str(saved), answers=[""])
    flat = " ".join(out.split())
    assert code == 0 and "Weight-loss or gut surgery: no" in flat and "At its worst: severe" in flat


def test_every_question_that_can_be_skipped_takes_the_same_words_for_skip(tmp_path: Path) -> None:
    """ "not sure", "unsure", "Don't know" (with either apostrophe), "prefer not to say": one list, every question."""
    saved = tmp_path / "history.yaml"
    answers = [
        "sertraline",
        "100",
        "8 weeks",
        "1",
        "1",
        "",
        "1",
        "no",
        "lithium",
        "not sure",  # its dose
        "Don\u2019t know",  # how long
        "unsure",  # what happened
        "",
        "prefer not to say",  # how long this episode has lasted
        "dont know.",  # at its worst
        "Not sure",  # the first risk question
        *[""] * 6,
        "unsure",  # age
        "skip",  # pregnancy
        "",
    ]
    code, out, err = interview("--save", str(saved), answers=answers)
    assert (code, err) == (0, "")
    assert "Please type" not in out  # no answer was refused
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["other_treatments"] == [{"treatment": "lithium"}]
    assert not {"episode_months", "severity", "age", "risk_factors", "risk_factors_absent"} & set(data)


def test_a_dose_per_time_that_is_not_confirmed_is_asked_again() -> None:
    answers = ["sertraline", "100 mg bid", "no", "100", "8 weeks", "1", "1", "", "1", "no", *SKIPPED, ""]
    code, out, _ = interview(answers=answers)
    flat = " ".join(out.split())
    assert code == 0 and "That is 200 mg/day; is that right?" in flat and "100 mg/day" in flat


def test_editing_an_answer_names_the_medicine(tmp_path: Path) -> None:
    start_from = tmp_path / "start.yaml"
    start_from.write_text(TWO_TRIALS)
    code, out, _ = interview("--load", str(start_from), answers=["10", "2", ""])
    flat = " ".join(out.split())
    assert code == 0 and "How regularly did you take venlafaxine (Effexor XR)?" in flat


def test_the_interview_speaks_in_words_not_field_names() -> None:
    from trd_aid.errors import InputError, plain_line

    line = plain_line(InputError("is missing.", trial=2, field="weeks"))
    assert line == "antidepressant 2, time taken: is missing."


def test_the_questions_read_at_grade_8_or_below() -> None:
    # With every question an antidepressant can bring: it helped, stopped helping, and a medicine was added.
    added = ["yes", "yes", "aripiprazole", "5", "4 weeks", "1"]
    answers = ["Zoloft", "150", "12 weeks", "1", "3", *added, "1", "no", "lithium", "", "", "", "", *SKIPPED[1:], ""]
    code, out, _ = interview(answers=answers)
    assert code == 0
    questions = [" ".join(line.split()) for line in out.splitlines() if line.rstrip().endswith("?")]
    assert len(questions) >= 15
    grade = reading_grade(" ".join(dict.fromkeys(questions)))
    assert grade <= 8.0, grade


def test_save_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    saved = tmp_path / "history.yaml"
    saved.write_text("keep me")
    code, out, err = interview("--save", str(saved), answers=[])
    assert code == 2 and "already exists" in err and "Press Enter to start" not in out
    assert saved.read_text() == "keep me"

    saved.write_text(TWO_TRIALS)
    saved.chmod(0o644)
    code, out, _ = interview("--load", str(saved), "--save", str(saved), "--force", answers=[""])
    assert code == 0 and "Result: definition met" in out
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert check_json(saved)["meets_definition"] is True


# --- in a real terminal -----------------------------------------------------------------------


@pytest.mark.slow
def test_stopping_with_ctrl_c_in_a_terminal_exits_130_and_writes_nothing(tmp_path: Path) -> None:
    saved = tmp_path / "history.yaml"
    child = spawn("--save", str(saved))
    start(child)
    one_trial(child, "sertraline", "150", "8 weeks", "1")
    child.expect_exact("Any other antidepressant?")
    child.expect_exact("> ")
    child.sendintr()
    child.expect_exact("Stopped. Nothing was saved.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in str(child.before)
    assert not saved.exists()


# --- the parsing helpers ----------------------------------------------------------------------


def test_yes_no() -> None:
    assert parse_yes_no("Yes") is True
    assert parse_yes_no(" n ") is False
    assert parse_yes_no("", skippable=True) is None
    assert parse_yes_no("not sure", skippable=True) is None
    assert parse_yes_no("Don\u2019t know.", skippable=True) is None
    with pytest.raises(ValueError, match="yes or no"):
        parse_yes_no("")
    with pytest.raises(ValueError, match="yes or no"):
        parse_yes_no("maybe", skippable=True)


def test_choice_and_review() -> None:
    assert parse_choice("2", 3) == 1
    for bad in ("0", "4", "two", ""):
        with pytest.raises(ValueError, match="1 to 3"):
            parse_choice(bad, 3)
    assert parse_review("", 5) == "done"
    assert parse_review("ADD", 5) == "add"
    assert parse_review("5", 5) == "4"
    with pytest.raises(ValueError):
        parse_review("6", 5)
    with pytest.raises(ValueError, match="add, remove"):
        parse_review("change", 5)


def test_closest_name() -> None:
    names = index_for(load_knowledge())
    assert names.closest("setraline") == "sertraline"
    assert names.closest("qqqqqq") is None
    assert names.closest("") is None


def test_dose_answer_questions_implausible_doses() -> None:
    kb = load_knowledge()
    sertraline = next(d for d in kb.drugs if d.id == "sertraline")
    assert parse_dose_answer("150 mg", sertraline, None, kb) == 150
    assert parse_dose_answer("0.2 g", sertraline, None, kb) == 200
    with pytest.raises(ValueError, match=r"more than twice the label maximum \(200 mg/day\)"):
        parse_dose_answer("1500", sertraline, None, kb)
    for bad in ("", "lots", "0", "150 ml"):
        with pytest.raises(ValueError):
            parse_dose_answer(bad, sertraline, None, kb)


def test_duration_answer() -> None:
    assert parse_duration_answer("8 weeks") == (8, "8 weeks")
    weeks, typed = parse_duration_answer(" 2  months ")
    assert typed == "2 months" and 8.6 < weeks < 8.8
    assert weeks_words(8, "8 weeks") == "8 weeks"
    assert weeks_words(weeks, typed) == "2 months (about 8.7 weeks)"
    for bad in ("", "soon", "0 weeks", "8 fortnights"):
        with pytest.raises(ValueError):
            parse_duration_answer(bad)


def test_answers_validate_in_the_check_contract() -> None:
    answers = Answers(
        trials=[Trial("Zoloft", 150, 8.7, "2 months", "good", "no_response")],
        other_treatments=[{"treatment": "ect"}],
        risks={"thyroid_unchecked": True, "sleep_problems": False, "bipolar_history": None},
    )
    history = validate_history(answers.to_history(), "answers")
    assert history.trials[0].weeks == pytest.approx(8.696, abs=0.01)
    assert history.risk_factors == ["thyroid_unchecked"]


def test_answered_none_is_saved_as_an_empty_list_so_staging_can_use_it() -> None:
    answers = Answers(trials=[Trial("Zoloft", 150, 10, None, "good", "no_response")], about={"age": 52})
    saved = answers.to_history()
    assert saved["other_treatments"] == [] and saved["age"] == 52
    history = validate_history(saved, "answers")
    assert "other_treatments" in history.model_fields_set


# --- add-ons and loss of response ------------------------------------------------------------------

# sertraline 150 mg for 12 weeks, taken regularly, much better, then it stopped helping; aripiprazole
# 10 mg was added after 8 weeks on its own, and with it there was no real change.
WITH_ADD_ON = ["sertraline", "150", "12 weeks", "1", "3", "yes", "yes", "aripiprazole", "10", "8 weeks", "1", "1"]


def test_an_added_medicine_becomes_a_trial_of_its_own_and_is_saved(tmp_path: Path) -> None:
    saved = tmp_path / "history.yaml"
    code, out, err = interview("--save", str(saved), answers=[*WITH_ADD_ON, "no", *SKIPPED, ""])
    assert (code, err) == (0, "")
    flat = " ".join(out.split())
    in_order(
        flat,
        "Did sertraline stop helping later, while you still took it?",
        "Was another medicine added to sertraline while you took it",
        "For how long did you take sertraline on its own, before aripiprazole was added?",
        "Your answer about what happened is kept for sertraline on its own.",
        "What happened after aripiprazole was added?",
        "Taken with: aripiprazole (10 mg a day, 4 weeks)",
        "sertraline + aripiprazole",
    )
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["trials"] == [
        {"drug": "sertraline", "dose_mg": 150, "weeks": 8, "adherence": "good", "outcome": "response",
         "later": "lost_response", "episode": "current"},
        {"drug": "sertraline", "dose_mg": 150, "weeks": 12, "adherence": "good", "outcome": "no_response",
         "add_ons": [{"treatment": "aripiprazole", "dose_mg": 10, "weeks": 4}], "episode": "current"},
    ]  # fmt: skip
    result = check_json(saved)
    assert result["failed_drugs"] == ["sertraline + aripiprazole"]
    code, out, _ = interview("--load", str(saved), answers=[""])
    flat = " ".join(out.split())
    assert (
        code == 0 and "Stopped helping later: yes" in flat and "Taken with: aripiprazole (10 mg a day, 4 weeks)" in flat
    )


def test_an_add_on_from_the_start_is_one_trial() -> None:
    answers = ["sertraline", "150", "8 weeks", "1", "1", "yes", "lithium", "800", "from the start", "1", "no"]
    code, out, _ = interview(answers=[*answers, *SKIPPED, ""])
    flat = " ".join(out.split())
    assert code == 0 and "Antidepressant 2" not in flat
    assert "Taken with: lithium (800 mg a day, 8 weeks)" in flat and "What happened after lithium" not in flat


def test_an_add_on_must_be_another_medicine() -> None:
    answers = ["sertraline", "150", "8 weeks", "1", "1", "yes", "Zoloft", "CBT", "", "1", "no", *SKIPPED, ""]
    code, out, _ = interview(answers=answers)
    flat = " ".join(out.split())
    assert code == 0
    in_order(flat, "That is the same medicine.", "is not a medicine taken with the antidepressant", "Result:")
    assert "Taken with" not in flat


@pytest.mark.slow
def test_an_added_medicine_in_a_real_terminal() -> None:
    child = spawn()
    start(child)
    answer(child, "name of", "sertraline")
    answer(child, "highest daily dose", "150")
    answer(child, "For how long", "12 weeks")
    answer(child, "How regularly", "1")
    answer(child, "What happened", "3")
    answer(child, "stop helping later", "yes")
    answer(child, "Was another medicine added", "yes")
    answer(child, "name of the medicine added", "Abilify")
    answer(child, "highest daily dose of aripiprazole", "10")
    answer(child, "on its own, before aripiprazole was added", "8 weeks")
    answer(child, "What happened after aripiprazole was added", "1")
    answer(child, "When did you take", "1")
    answer(child, "Any other antidepressant?", "no")
    skip_rest(child)
    child.expect_exact("Name: sertraline with aripiprazole")
    child.expect_exact("Taken with: aripiprazole (10 mg a day, 4 weeks)")
    answer(child, "see the result", "")
    child.expect_exact("helped, then")  # the table: trial 1 helped, then stopped helping
    child.expect_exact("Does not meet the MGH-ATRQ definition: 1 adequate trial")
    child.expect_exact("Sometimes a medicine helps and then stops helping")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

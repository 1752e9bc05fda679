"""Regimens (an antidepressant with add-ons), dated trials and loss of response, rule by rule."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers import history, run
from trd_aid.engine import assess_history
from trd_aid.engine.results import Assessment, TrialResult
from trd_aid.engine.staging import stage_history
from trd_aid.errors import InputError
from trd_aid.knowledge.models import KnowledgeBase

SERTRALINE = {"drug": "sertraline", "dose_mg": 150, "weeks": 8, "outcome": "no_response"}
ARIPIPRAZOLE = {"treatment": "aripiprazole", "dose_mg": 10}
DULOXETINE_PLUS = {
    "drug": "duloxetine",
    "dose_mg": 90,
    "weeks": 16,
    "outcome": "no_response",
    "add_ons": [{**ARIPIPRAZOLE, "weeks": 4}],
}


def assess(kb: KnowledgeBase, *trials: dict[str, Any], definition: str | None = None, **extra: Any) -> Assessment:
    return assess_history(history(*trials, **extra), kb, definition, with_options=False)


def check(trial: TrialResult, name: str) -> Any:
    return next(c for c in trial.checks if c.name == name)


def test_the_atrq_authors_worked_case_meets_the_atrq(kb: KnowledgeBase) -> None:
    """Desseilles et al. 2012: of 5 trials only sertraline and duloxetine + aripiprazole show resistance;
    duloxetine alone helped, then stopped helping, which is a response."""
    a = assess(
        kb,
        {"drug": "citalopram", "dose_mg": 20, "weeks": 4, "outcome": "no_response"},
        {"drug": "venlafaxine", "dose_mg": 75, "weeks": 7, "outcome": "no_response"},
        SERTRALINE,
        {"drug": "duloxetine", "dose_mg": 90, "weeks": 12, "outcome": "response", "later": "lost_response"},
        DULOXETINE_PLUS,
    )
    assert a.meets_definition
    assert a.failed_drugs == ["sertraline", "duloxetine + aripiprazole"]
    assert "2 different treatments (sertraline; duloxetine + aripiprazole)" in a.verdict
    lost = a.trials[3]
    assert not lost.failed and lost.later == "lost_response"
    assert "then stopped helping (loss of response)" in check(lost, "outcome").reason
    assert [n.id for n in a.worth_discussing] == ["lost_response"]
    assert "kinrys2019-tachyphylaxis" in a.worth_discussing[0].sources


@pytest.mark.parametrize(
    ("definition", "counts", "reason_part", "source"),
    [
        ("mgh-atrq", True, "at least the 4 weeks an add-on needs under MGH-ATRQ", "atrq-example2012"),
        ("eu-pearl", True, "under EU-PEARL (trd-aid's reading; the source is silent)", "trd-aid-operational"),
        ("canadian", False, "Canadian consensus does not count an antidepressant taken with an add-on", "rybak2021"),
    ],
)
def test_each_definition_counts_an_augmented_regimen_or_says_why_not(
    kb: KnowledgeBase, definition: str, counts: bool, reason_part: str, source: str
) -> None:
    trial = assess(kb, DULOXETINE_PLUS, definition=definition).trials[0]
    assert trial.counts is counts
    assert trial.regimen == "duloxetine + aripiprazole"
    deciding = check(trial, "add_on" if counts else "regimen")
    assert reason_part in deciding.reason
    assert source in deciding.sources


@pytest.mark.parametrize("definition", ["mgh-atrq", "eu-pearl", "canadian"])
def test_every_definition_counts_two_antidepressants_together(kb: KnowledgeBase, definition: str) -> None:
    combined = {**SERTRALINE, "add_ons": [{"treatment": "mirtazapine", "dose_mg": 30}]}
    trial = assess(kb, combined, definition=definition).trials[0]
    assert trial.counts
    assert trial.add_ons[0].kind == "combination" and trial.add_ons[0].drug_class == "NaSSA"
    assert trial.add_ons[0].weeks == 8  # an add-on's weeks default to the trial's


def test_an_add_on_taken_too_briefly_makes_the_regimen_inadequate(kb: KnowledgeBase) -> None:
    short = {**DULOXETINE_PLUS, "add_ons": [{**ARIPIPRAZOLE, "weeks": 2}]}
    trial = assess(kb, short).trials[0]
    assert not trial.adequate and not trial.counts
    assert "aripiprazole was taken for less than the 4 weeks" in check(trial, "add_on").reason


def test_a_regimen_is_apart_from_its_antidepressant_alone_but_counts_once(kb: KnowledgeBase) -> None:
    alone = {**DULOXETINE_PLUS, "add_ons": [], "weeks": 8}
    a = assess(kb, alone, DULOXETINE_PLUS, DULOXETINE_PLUS)
    assert [t.counts for t in a.trials] == [True, True, False]
    assert "Repeat: duloxetine + aripiprazole already counted in trial 2; the same treatment counts once." in (
        a.trials[2].reasons
    )
    assert "duloxetine + aripiprazole appears in trials 2 and 3; the same treatment counts once." in a.warnings


def test_the_order_of_medicines_in_a_regimen_does_not_make_it_new(kb: KnowledgeBase) -> None:
    one = {**SERTRALINE, "add_ons": [{"treatment": "mirtazapine", "dose_mg": 30}]}
    other = {
        "drug": "mirtazapine",
        "dose_mg": 30,
        "weeks": 8,
        "outcome": "no_response",
        "add_ons": [{"treatment": "sertraline"}],
    }
    a = assess(kb, one, other)
    assert [t.counts for t in a.trials] == [True, False]


@pytest.mark.parametrize(
    ("add_ons", "field", "message"),
    [
        ([{"treatment": "aripiprazol"}], "add_ons[1].treatment", "Did you mean 'aripiprazole'?"),
        ([{"treatment": "Zoloft"}], "add_ons[1].treatment", "is the trial's own antidepressant"),
        ([{"treatment": "CBT"}], "add_ons[1].treatment", "not a medicine taken with the antidepressant"),
        ([ARIPIPRAZOLE, {"treatment": "Abilify"}], "add_ons[2].treatment", "is listed twice"),
        ([{**ARIPIPRAZOLE, "weeks": 9}], "add_ons[1].weeks", "longer than the trial's 8 weeks"),
    ],
)
def test_bad_add_ons_name_the_trial_and_field(
    kb: KnowledgeBase, add_ons: list[dict[str, Any]], field: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        assess(kb, {**SERTRALINE, "add_ons": add_ons})
    assert caught.value.trial == 1 and caught.value.field == field
    assert message in caught.value.line()


def test_an_add_on_of_something_that_is_not_an_antidepressant_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="write the regimen under its antidepressant"):
        assess(kb, {"drug": "lithium", "weeks": 8, "outcome": "no_response", "add_ons": [{"treatment": "sertraline"}]})


def test_an_add_on_antidepressant_gets_the_same_dose_safety_notes(kb: KnowledgeBase) -> None:
    trial = assess(kb, {**SERTRALINE, "add_ons": [{"treatment": "citalopram", "dose_mg": 40}]}, age=70).trials[0]
    assert any(n.text.startswith("Add-on citalopram: Age 70") for n in trial.safety_notes)
    with pytest.raises(InputError) as caught:
        assess(kb, {**SERTRALINE, "add_ons": [{"treatment": "citalopram", "dose_mg": 400}]})
    assert caught.value.field == "add_ons[1].dose"


@pytest.mark.parametrize(
    ("trial", "as_of", "weeks"),
    [
        ({"start": "2024-01-01", "stop": "2024-01-28"}, None, 4.0),  # both days count: 28 days
        ({"start": "2024-01-01", "stop": "2024-02-26"}, None, 57 / 7),
        ({"start": "2024-01-01"}, "2024-02-25", 8.0),  # an open course runs to as_of
        ({"start": "2024-01-01", "stop": "2024-02-26", "weeks": 8}, None, 8.0),  # weeks within a week of the dates
    ],
)
def test_dates_give_the_weeks(kb: KnowledgeBase, trial: dict[str, Any], as_of: str | None, weeks: float) -> None:
    entry = {"drug": "sertraline", "dose_mg": 150, "outcome": "no_response", **trial}
    extra = {"as_of": as_of} if as_of else {}
    t = assess(kb, entry, **extra).trials[0]
    assert t.weeks == pytest.approx(weeks)
    assert t.start == "2024-01-01" and t.stop is not None


@pytest.mark.parametrize(
    ("trial", "as_of", "field", "message"),
    [
        ({"start": "2024-03-01", "stop": "2024-02-01"}, None, "stop", "is before start (2024-03-01)"),
        ({"start": "2024-01-01", "stop": "2024-07-01"}, "2024-06-01", "stop", "is after as_of (2024-06-01)"),
        ({"start": "2024-07-01"}, "2024-06-01", "start", "cannot start after the date"),
        ({"start": "2024-01-01"}, None, "stop", "an open course (no stop date yet) needs as_of"),
        ({"stop": "2024-01-01", "weeks": 8}, None, "stop", "is given without start"),
        ({"start": "2024-01-01", "stop": "2024-02-26", "weeks": 12}, None, "weeks", "does not fit the dates"),
        ({"start": "01/02/2024", "weeks": 8}, None, "start", "write it as YYYY-MM-DD"),
        ({"start": "1024-01-01", "weeks": 8}, None, "start", "not a plausible treatment date"),
    ],
)
def test_bad_dates_name_the_trial_and_field(
    kb: KnowledgeBase, trial: dict[str, Any], as_of: str | None, field: str, message: str
) -> None:
    entry = {"drug": "sertraline", "dose_mg": 150, "outcome": "no_response", **trial}
    with pytest.raises(InputError) as caught:
        assess(kb, entry, **({"as_of": as_of} if as_of else {}))
    assert (caught.value.trial, caught.value.field) == (1, field)
    assert message in caught.value.line()


@pytest.mark.parametrize("outcome", ["no_response", "partial_response", "side_effects"])
def test_lost_response_needs_a_medicine_that_helped(kb: KnowledgeBase, outcome: str) -> None:
    with pytest.raises(InputError) as caught:
        assess(kb, {**SERTRALINE, "outcome": outcome, "later": "lost_response"})
    assert caught.value.field == "later" and "it helped and then stopped helping" in caught.value.message


def test_lost_response_is_never_a_failure(kb: KnowledgeBase) -> None:
    for definition in ("mgh-atrq", "eu-pearl", "canadian"):
        trial = assess(kb, {**SERTRALINE, "outcome": "remission", "later": "lost_response"}, definition=definition)
        assert not trial.trials[0].failed


# --- staging -------------------------------------------------------------------------------------


def stage(kb: KnowledgeBase, *trials: dict[str, Any], **extra: Any) -> Any:
    return stage_history(history(*trials, other_treatments=[], **extra), kb)


def test_mgh_s_adds_half_a_point_per_failed_regimen_and_scores_each_antidepressant_once(kb: KnowledgeBase) -> None:
    alone = {**DULOXETINE_PLUS, "add_ons": [], "weeks": 8}
    staged = stage(kb, SERTRALINE, alone, DULOXETINE_PLUS)
    points = {item.id: item.points for item in staged.mgh.items}
    assert points["trial_1"] == 1 and points["trial_2"] == 1 and points["trial_3"] == 0
    assert points["augmentation_trial_3"] == 0.5
    assert staged.mgh.total == 2.5


def test_maudsley_scores_augmentation_from_a_trials_add_on(kb: KnowledgeBase) -> None:
    staged = stage(kb, SERTRALINE, DULOXETINE_PLUS, episode_months=10, severity="moderate")
    item = next(i for i in staged.maudsley.items if i.id == "augmentation")
    assert item.points == 1 and "trial 2: duloxetine + aripiprazole" in item.reason
    failures = next(i for i in staged.maudsley.items if i.id == "antidepressant_failures")
    assert "2 failed antidepressants (sertraline, duloxetine)" in failures.reason


def test_thase_rush_leaves_out_trials_with_add_ons(kb: KnowledgeBase) -> None:
    staged = stage(kb, SERTRALINE, DULOXETINE_PLUS)
    assert staged.thase_rush.stage == 1  # one class failed alone; the SNRI came only with an add-on
    assert any(step.startswith("Left out: Trial 2 (duloxetine + aripiprazole") for step in staged.thase_rush.steps)


def test_an_add_on_under_other_treatments_is_not_scored_twice(kb: KnowledgeBase) -> None:
    staged = stage_history(
        history(SERTRALINE, DULOXETINE_PLUS, other_treatments=[{"treatment": "aripiprazole", "weeks": 4}]), kb
    )
    points = [i.points or 0 for i in staged.mgh.items if i.label == "Augmentation or combination"]
    assert sorted(points) == [0, 0.5]


# --- options -------------------------------------------------------------------------------------


def test_a_trials_add_on_marks_the_add_on_option_as_tried(kb: KnowledgeBase) -> None:
    steps = assess_history(history(SERTRALINE, DULOXETINE_PLUS), kb).next_steps
    assert steps is not None
    option = next(o for o in steps.options if o.id == "augment-aripiprazole")
    assert option.tried
    assert [(e.where, e.number, e.name) for e in option.tried_with] == [("trial", 2, "duloxetine + aripiprazole")]


def test_an_maoi_given_as_an_add_on_still_brings_the_washout_caution(kb: KnowledgeBase) -> None:
    combined = {**SERTRALINE, "add_ons": [{"treatment": "phenelzine", "dose_mg": 45}]}
    steps = assess_history(history(combined), kb).next_steps
    assert steps is not None
    because = [c.shown_because or "" for o in steps.options for c in o.caveats]
    assert any("sertraline + phenelzine" in reason for reason in because)


def test_a_regimen_typed_as_a_phrase() -> None:
    code, out, _ = run("check", "-t", "Cymbalta 90 mg 16 weeks no response + Abilify 10 mg 4 weeks", "--json")
    assert code == 0
    trial = json.loads(out)["trials"][0]
    assert trial["regimen"] == "duloxetine + aripiprazole" and trial["add_ons"][0]["weeks"] == 4


def test_a_verdict_short_of_the_count_asks_for_different_treatments_when_add_ons_were_counted() -> None:
    code, out, _ = run("check", "-t", "duloxetine 90 mg 16 weeks no response + aripiprazole 10 mg 4 weeks + lithium")
    assert code == 0
    assert "the definition asks for 2 with different treatments." in " ".join(out.replace("│", " ").split())
    code, out, _ = run("check", "-t", "duloxetine 90 mg 16 weeks no response")
    assert "the definition asks for 2 with different antidepressants." in " ".join(out.replace("│", " ").split())

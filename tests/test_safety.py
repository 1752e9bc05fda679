"""Safety rules from the clinical audit (issue 11): each has a small history that must trigger it,
and the place it must show (the trial's reasons, the warnings, an option's caveats, a check-first
item), plus the same rules seen through check, the report and the interview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import history, run, write
from trd_aid.engine import assess_history
from trd_aid.engine.crisis import crisis_lines
from trd_aid.engine.options import HistoryContext, context_from, plan_next_steps
from trd_aid.engine.results import Assessment, NextSteps
from trd_aid.knowledge.models import KnowledgeBase

SERTRALINE = {"drug": "sertraline", "dose_mg": 150, "weeks": 8, "outcome": "no_response"}
VENLAFAXINE = {"drug": "venlafaxine", "dose_mg": 225, "weeks": 8, "outcome": "no_response"}
PHENELZINE = {"drug": "phenelzine", "dose_mg": 60, "weeks": 8, "outcome": "no_response"}


def assess(kb: KnowledgeBase, *trials: dict[str, Any], **extra: Any) -> Assessment:
    return assess_history(history(*trials, **extra), kb)


def steps(kb: KnowledgeBase, *trials: dict[str, Any], **extra: Any) -> NextSteps:
    h = history(*trials, **extra)
    assessment = assess_history(h, kb, with_options=False)
    return plan_next_steps(kb, context_from(h, assessment), assessment.crisis)


def caveats(result: NextSteps, option_id: str) -> str:
    return " ".join(c.text for c in next(o for o in result.options if o.id == option_id).caveats)


# --- 1. citalopram and escitalopram in older adults (heart rhythm) ----------------------------


@pytest.mark.parametrize(
    ("trial", "extra", "must_say", "must_not_say"),
    [
        (
            {"drug": "citalopram", "dose_mg": 30},
            {"age": 70},
            [
                "Age 70",
                "US label: at most 20 mg/day over 60",
                "UK and EU labels: at most 20 mg/day over 65",
                "the Canadian label: at most 20 mg/day at 65 or older",
                "heart's rhythm",
            ],
            [],
        ),
        (
            {"drug": "citalopram", "dose_mg": 30},
            {"age": 62},
            ["Age 62", "The US label: at most 20 mg/day over 60"],
            ["UK and EU"],
        ),
        ({"drug": "citalopram", "dose_mg": 40}, {}, ["No age was given", "20 mg/day over 60"], []),
        ({"drug": "citalopram", "dose_mg": 20}, {"age": 80}, [], ["older people"]),
        ({"drug": "citalopram", "dose_mg": 40}, {"age": 40}, [], ["older people"]),
        (
            {"drug": "escitalopram", "dose_mg": 20},
            {"age": 70},
            ["UK and EU labels: at most 10 mg/day over 65", "a recommended 10 mg/day"],
            [],
        ),
    ],
)
def test_older_adult_dose_caps_reach_the_reasons_and_the_warnings(
    kb: KnowledgeBase, trial: dict[str, Any], extra: dict[str, Any], must_say: list[str], must_not_say: list[str]
) -> None:
    result = assess(kb, {"weeks": 8, "outcome": "no_response", **trial}, **extra)
    reasons, warnings = " ".join(result.trials[0].reasons), " ".join(result.warnings)
    for part in must_say:
        assert part in reasons and part in warnings, part
    for part in must_not_say:
        assert part not in reasons, part
    if must_say:
        assert result.trials[0].safety_notes and result.trials[0].safety_notes[0].sources


@pytest.mark.parametrize(
    ("extra", "option_id", "fragment"),
    [
        ({"age": 70}, "optimise-dose", "Citalopram labels set a lower top dose for older people"),
        ({}, "optimise-dose", "No age was given, so this was not checked"),
        ({"age": 70}, "switch-within-class", "If citalopram is the one chosen"),
    ],
)
def test_citalopram_related_options_carry_the_cap(
    kb: KnowledgeBase, extra: dict[str, Any], option_id: str, fragment: str
) -> None:
    citalopram = {"drug": "citalopram", "dose_mg": 40, "weeks": 8, "outcome": "no_response"}
    assert fragment in caveats(steps(kb, citalopram, **extra), option_id)
    assert fragment not in caveats(steps(kb, SERTRALINE, age=40), option_id)


# --- 2. MAOI washouts in both directions --------------------------------------------------------

AFTER_AN_MAOI = [
    "switch-within-class",
    "switch-class",
    "switch-tca",
    "switch-dextromethorphan-bupropion",
    "combine-mirtazapine",
    "combine-bupropion",
]


@pytest.mark.parametrize("option_id", AFTER_AN_MAOI)
def test_after_an_maoi_every_option_that_starts_another_antidepressant_says_the_gap(
    kb: KnowledgeBase, option_id: str
) -> None:
    text = caveats(steps(kb, PHENELZINE), option_id)
    assert "gap of at least 14 days" in text
    assert "gap of at least 14 days" not in caveats(steps(kb, SERTRALINE), option_id)


def test_esketamine_after_an_maoi_says_what_its_label_says(kb: KnowledgeBase) -> None:
    assert "sets no gap after an MAOI" in caveats(steps(kb, PHENELZINE), "esketamine-nasal-spray")
    moclobemide = {"drug": "moclobemide", "dose_mg": 450, "weeks": 8, "outcome": "no_response"}
    result = steps(kb, moclobemide)
    assert "blood pressure can rise" in caveats(result, "esketamine-nasal-spray")
    assert "wait 24 hours" in caveats(result, "switch-class")
    assert "gap of at least 14 days" not in caveats(result, "switch-class"), "a RIMA is not an irreversible MAOI"


@pytest.mark.parametrize("drug", ["bupropion", "mirtazapine"])
def test_before_an_maoi_bupropion_and_mirtazapine_say_their_labels_gap(kb: KnowledgeBase, drug: str) -> None:
    dose = {"bupropion": 300, "mirtazapine": 30}[drug]
    trial = {"drug": drug, "dose_mg": dose, "weeks": 8, "outcome": "no_response"}
    assert "14 days after they are stopped, before an MAOI" in caveats(steps(kb, trial), "switch-maoi")


# --- 3. under 25: the boxed warning reaches every option whose label carries it ----------------


@pytest.mark.parametrize(
    ("option_id", "fragment"),
    [
        ("augment-aripiprazole", "same boxed warning as antidepressants"),
        ("augment-brexpiprazole", "same boxed warning as antidepressants"),
        ("augment-cariprazine", "same boxed warning as antidepressants"),
        ("augment-quetiapine-xr", "same boxed warning as antidepressants"),
        ("augment-olanzapine", "the capsule that joins olanzapine and fluoxetine"),
        ("esketamine-nasal-spray", "the esketamine label carries the boxed warning"),
        ("switch-class", "Under age 25, antidepressants carry a higher risk"),
        ("combine-bupropion", "Under age 25, antidepressants carry a higher risk"),
    ],
)
def test_under_25_boxed_warning(kb: KnowledgeBase, option_id: str, fragment: str) -> None:
    assert fragment in caveats(steps(kb, SERTRALINE, VENLAFAXINE, age=22), option_id)
    assert fragment not in caveats(steps(kb, SERTRALINE, VENLAFAXINE, age=30), option_id)


@pytest.mark.parametrize("option_id", ["augment-lithium", "augment-t3"])
def test_under_25_warning_stays_off_options_whose_label_lacks_it(kb: KnowledgeBase, option_id: str) -> None:
    assert "boxed warning" not in caveats(steps(kb, SERTRALINE, VENLAFAXINE, age=22), option_id)


# --- 4-7. bupropion, St John's wort, the MAOI diet, lithium, T3, agomelatine, vilazodone ----------


@pytest.mark.parametrize(
    ("option_id", "fragment"),
    [
        ("combine-bupropion", "Bupropion can cause seizures"),
        ("switch-dextromethorphan-bupropion", "Bupropion can cause seizures"),
        ("switch-class", "If bupropion is the one chosen: it can cause seizures"),
        ("switch-maoi", "a sudden and dangerous rise in blood pressure"),
        ("augment-lithium", "add to the risk of serotonin syndrome"),
        ("augment-t3", "uneven heartbeat"),
        ("esketamine-nasal-spray", "A finger clip checks your breathing"),
    ],
)
def test_standing_safety_caveats_in_the_patient_view(kb: KnowledgeBase, option_id: str, fragment: str) -> None:
    general = plan_next_steps(kb, HistoryContext(), crisis_lines(kb))
    assert fragment in caveats(general, option_id), "shown without --detail and without a history"


def test_st_johns_wort_says_what_the_risk_is_everywhere_it_is_raised(kb: KnowledgeBase) -> None:
    result = assess(kb, SERTRALINE, risk_factors=["st_johns_wort"])
    steps_ = result.next_steps
    assert steps_ is not None
    note = next(n.text for n in steps_.notes if "St John's wort" in n.text)
    assert "serotonin syndrome" in note and "not to prescribe it or suggest it" in note
    check = next(c for c in steps_.checks_first if c.id == "st-johns-wort")
    assert "serotonin syndrome" in check.text and check.shown_because
    assert "serotonin syndrome" in result.worth_discussing[0].note


def test_drug_cards_carry_the_safety_notes() -> None:
    for drug, fragment in [
        ("bupropion", "seizures"),
        ("agomelatine", "liver blood tests"),
        ("vilazodone", "with food"),
    ]:
        code, out, _ = run("drugs", drug)
        assert code == 0 and fragment in out, drug


def test_agomelatine_in_the_history_brings_the_liver_tests(kb: KnowledgeBase) -> None:
    agomelatine = {"drug": "agomelatine", "dose_mg": 50, "weeks": 8, "outcome": "no_response"}
    notes = steps(kb, agomelatine).notes
    assert any("liver blood tests" in n.text and n.shown_because for n in notes)


def test_vilazodone_with_food_is_a_check_that_names_the_trial(kb: KnowledgeBase) -> None:
    vilazodone = {"drug": "vilazodone", "dose_mg": 40, "weeks": 8, "outcome": "no_response"}
    check = next(c for c in steps(kb, vilazodone).checks_first if c.id == "vilazodone-with-food")
    assert "taken with food" in check.text and check.shown_because == "vilazodone taken (trial 1)"
    assert all(c.id != "vilazodone-with-food" for c in steps(kb, SERTRALINE).checks_first)


def test_vilazodone_label_and_atrq_disagreement_is_in_the_reason(kb: KnowledgeBase) -> None:
    trial = {"drug": "vilazodone", "dose_mg": 20, "weeks": 8, "outcome": "no_response"}
    dose = next(c for c in assess(kb, trial).trials[0].checks if c.name == "dose")
    assert dose.passed is False
    assert "which starts at 20 mg/day: the label and the MGH-ATRQ threshold disagree here" in dose.reason
    assert "label-viibryd-us" in dose.sources


# --- facts brought up to date --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("drug", "dose", "above_label"),
    [
        ("clomipramine", 200, False),
        ("clomipramine", 300, True),
        ("desvenlafaxine", 200, False),
        ("desvenlafaxine", 300, True),
    ],
)
def test_label_maxima_say_which_label(kb: KnowledgeBase, drug: str, dose: int, above_label: bool) -> None:
    trial = {"drug": drug, "dose_mg": dose, "weeks": 8, "outcome": "no_response"}
    warned = any("above the label maximum" in w for w in assess(kb, trial).warnings)
    assert warned is above_label
    d = next(x for x in kb.drugs if x.id == drug)
    assert d.label_max is not None and d.label_max.note and "label" in d.label_max.note


def test_esketamine_and_psilocybin_status_are_current(kb: KnowledgeBase) -> None:
    options = {o.id: o for o in kb.options}
    assert "January 2025" in options["esketamine-nasal-spray"].status
    assert "on its own" in options["esketamine-nasal-spray"].summary
    assert (
        "Australia" in options["psilocybin-therapy"].status
        and "as of 2026-12-03" in options["psilocybin-therapy"].status
    )
    esketamine = next(d for d in kb.drugs if d.id == "esketamine")
    assert esketamine.regimen and "on its own since January 2025" in " ".join(esketamine.regimen.split())


def test_the_canadian_consensus_carries_its_real_title(kb: KnowledgeBase) -> None:
    citation = " ".join(kb.sources["rybak2021"].citation.split())
    assert (
        "Treatment-resistant major depressive disorder: Canadian expert consensus on definition and assessment"
        in citation
    )


@pytest.mark.parametrize("definition", ["canadian", "eu-pearl"])
def test_conditions_the_papers_do_not_state_are_labelled_and_shown(kb: KnowledgeBase, definition: str) -> None:
    d = kb.definition(definition)
    assert d is not None
    labelled = {c.parameter for c in d.operational_choices if "trd-aid-operational" in c.sources}
    assert {"current_episode_only", "distinct_drugs", "adherence_required"} <= labelled
    code, out, _ = run("definitions")
    assert code == 0 and "trials in the current episode only" in out


@pytest.mark.parametrize(
    ("definition", "weeks_words"), [("mgh-atrq", "at least 6 weeks"), ("eu-pearl", "at least 4 weeks")]
)
def test_check_first_follows_the_definition_in_use_and_names_the_trial(
    kb: KnowledgeBase, definition: str, weeks_words: str
) -> None:
    short = {"drug": "escitalopram", "dose_mg": 10, "weeks": 3, "outcome": "no_response"}
    result = assess_history(history(SERTRALINE, short), kb, definition)
    assert result.next_steps is not None
    check = next(c for c in result.next_steps.checks_first if c.id == "long-enough")
    assert weeks_words in check.text and result.definition.short_name in check.text
    assert check.shown_because == "trial 2 (escitalopram): too short"


# --- the same rules through check, the report and the interview ------------------------------------

RISKY = """\
age: 70
trials:
  - {drug: phenelzine, dose_mg: 60, weeks: 8, adherence: good, outcome: no_response}
  - {drug: citalopram, dose_mg: 30, weeks: 8, adherence: good, outcome: no_response}
"""


def test_safety_rules_fire_in_check_the_report_and_the_interview(tmp_path: Path) -> None:
    path = write(tmp_path, RISKY)
    code, out, _ = run("check", path)
    flat = " ".join(out.split())
    assert code == 0 and "gap of at least 14 days" in flat and "at most 20 mg/day over 60" in flat
    report = tmp_path / "summary.md"
    assert run("check", path, "--report", str(report))[0] == 0
    text = " ".join(report.read_text(encoding="utf-8").split())
    assert "gap of at least 14 days" in text and "at most 20 mg/day over 60" in text
    code, out, _ = run("interview", "--load", path, stdin="\n\n")
    flat = " ".join(out.split())
    assert code == 0 and "gap of at least 14 days" in flat and "at most 20 mg/day over 60" in flat

"""Each adequacy rule on its own: tables of single trials and what the engine says of them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import history
from trd_aid.engine import assess_history
from trd_aid.errors import InputError
from trd_aid.knowledge.models import KnowledgeBase


def judge(kb: KnowledgeBase, **trial: Any) -> Any:
    return assess_history(history({"weeks": 8, "outcome": "no_response", **trial}), kb).trials[0]


@pytest.mark.parametrize(
    ("trial", "adequate", "counts", "reason_part"),
    [
        ({"drug": "sertraline", "dose_mg": 50}, True, True, "at or above the minimum adequate dose for sertraline (50"),
        ({"drug": "sertraline", "dose_mg": 49}, False, False, "below the minimum adequate dose for sertraline (50"),
        ({"drug": "venlafaxine", "dose_mg": 75}, False, False, "within the label's dose range"),
        ({"drug": "Paxil CR", "dose_mg": 20}, False, False, "paroxetine controlled release (25"),
        ({"drug": "paroxetine", "dose_mg": 20}, True, True, "paroxetine (20"),
        ({"drug": "reboxetine", "dose_mg": 4}, False, False, "(8 mg/day)"),
        ({"drug": "sertraline", "dose_mg": 100, "weeks": 5.9}, False, False, "shorter than the minimum of 6 weeks"),
        ({"drug": "sertraline", "dose_mg": 100, "weeks": 6}, True, True, "6 weeks meets the minimum"),
        ({"drug": "sertraline", "dose_mg": 100, "adherence": "partial"}, False, False, "Adherence: partial"),
        ({"drug": "sertraline", "dose_mg": 100, "outcome": "response"}, True, False, "it helped"),
        ({"drug": "sertraline", "dose_mg": 100, "outcome": "remission"}, True, False, "it helped"),
        ({"drug": "sertraline", "dose_mg": 100, "outcome": "partial_response"}, True, True, "partial response"),
        ({"drug": "sertraline", "dose_mg": 100, "outcome": "side_effects"}, False, False, "intolerance"),
        (
            {"drug": "sertraline", "dose_mg": 100, "outcome": None, "improvement_pct": 49},
            True,
            True,
            "about 49% better",
        ),
        (
            {"drug": "sertraline", "dose_mg": 100, "outcome": None, "improvement_pct": 50},
            True,
            False,
            "about 50% better",
        ),
        ({"drug": "dosulepin", "dose_mg": 150}, False, False, "cannot confirm an adequate dose"),
        ({"drug": "zuranolone", "dose_mg": 50, "weeks": 2}, False, False, "postpartum depression"),
    ],
)
def test_single_trial_rules(
    kb: KnowledgeBase, trial: dict[str, Any], adequate: bool, counts: bool, reason_part: str
) -> None:
    result = judge(kb, **trial)
    assert (result.adequate, result.counts) == (adequate, counts)
    assert any(reason_part in reason for reason in result.reasons), result.reasons
    assert result.sources, "every verdict carries its source ids"


@pytest.mark.parametrize(
    ("name", "generic", "formulation", "brand"),
    [
        ("Zoloft", "sertraline", None, "Zoloft"),
        ("ZOLOFT", "sertraline", None, "Zoloft"),
        ("sertraline hydrochloride tablets", "sertraline", None, None),
        ("Effexor XR", "venlafaxine", "extended release", "Effexor XR"),
        ("venlafaxine ER", "venlafaxine", "extended release", None),
        ("Wellbutrin XL", "bupropion", "extended release", "Wellbutrin XL"),
        ("paroxetine CR", "paroxetine", "controlled release", None),
        ("dothiepin", "dosulepin", None, None),
        ("selegiline patch", "selegiline (skin patch)", None, None),
    ],
)
def test_names_resolve(kb: KnowledgeBase, name: str, generic: str, formulation: str | None, brand: str | None) -> None:
    plausible = {"selegiline patch": 6, "paroxetine CR": 25}
    result = judge(kb, drug=name, dose_mg=plausible.get(name, 150))
    assert (result.drug, result.formulation, result.brand) == (generic, formulation, brand)
    assert result.input_name == name


@pytest.mark.parametrize(
    ("name", "suggested"),
    [("setraline", "sertraline"), ("venlafaxin", "venlafaxine"), ("Zolof", "Zoloft"), ("escitalopam", "escitalopram")],
)
def test_unknown_names_get_a_suggestion(kb: KnowledgeBase, name: str, suggested: str) -> None:
    with pytest.raises(InputError) as caught:
        judge(kb, drug=name, dose_mg=100)
    assert caught.value.trial == 1 and caught.value.field == "drug"
    assert f"Did you mean {suggested!r}?" in caught.value.line()


def test_nonsense_name_points_to_the_list(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError) as caught:
        judge(kb, drug="qqqqzzzz", dose_mg=100)
    assert "trd-aid drugs" in caught.value.line()


@pytest.mark.parametrize(
    ("trial", "field", "message_part"),
    [
        ({"drug": "sertraline", "dose_mg": 2000}, "dose", "label maximum is 200 mg/day"),
        ({"drug": "sertraline", "dose_mg": 401}, "dose", "400 mg/day"),
        ({"drug": "Emsam", "dose_mg": 30}, "dose", "12 mg/24 h"),
        ({"drug": "sertraline", "dose_mg": None}, "dose_mg", "is missing"),
        ({"drug": "sertraline", "dose_mg": 100, "weeks": None}, "weeks", "is missing"),
        ({"drug": "sertraline", "dose_mg": 100, "outcome": None}, "outcome", "is missing"),
        (
            {"drug": "sertraline", "dose_mg": 100, "outcome": "response", "improvement_pct": 10},
            "improvement_pct",
            "does not fit",
        ),
    ],
)
def test_bad_trials_name_the_field(kb: KnowledgeBase, trial: dict[str, Any], field: str, message_part: str) -> None:
    with pytest.raises(InputError) as caught:
        judge(kb, **trial)
    assert (caught.value.trial, caught.value.field) == (1, field)
    assert message_part in caught.value.line()


def test_dose_above_label_maximum_is_flagged_not_rejected(kb: KnowledgeBase) -> None:
    result = assess_history(history({"drug": "sertraline", "dose_mg": 300, "weeks": 8, "outcome": "no_response"}), kb)
    assert result.trials[0].counts
    assert any("above the label maximum of 200" in w for w in result.warnings)


def test_missing_adherence_is_assumed_good_with_a_warning(kb: KnowledgeBase) -> None:
    result = assess_history(
        history({"drug": "sertraline", "dose_mg": 100, "weeks": 8, "outcome": "no_response", "adherence": None}), kb
    )
    assert result.trials[0].adherence_assumed and result.trials[0].counts
    assert any("adherence was not given" in w for w in result.warnings)


def test_augmenter_in_trials_is_explained_and_not_counted(kb: KnowledgeBase) -> None:
    result = assess_history(history({"drug": "lithium", "outcome": "no_response"}, {"drug": "ECT"}), kb)
    lithium, ect = result.trials
    assert lithium.kind == "augmentation" and not lithium.counts
    assert "add-on" in lithium.reasons[0]
    assert ect.kind == "neuromodulation"
    assert sum("not an antidepressant" in w for w in result.warnings) == 2


def test_repeat_names_the_first_trial(kb: KnowledgeBase) -> None:
    trial = {"drug": "sertraline", "dose_mg": 100, "weeks": 8, "outcome": "no_response"}
    result = assess_history(history(trial, {**trial, "drug": "Zoloft"}), kb)
    assert [x.counts for x in result.trials] == [True, False]
    assert "already counted in trial 1" in result.trials[1].reasons[-1]


def test_other_treatments_are_resolved(kb: KnowledgeBase) -> None:
    trial = {"drug": "sertraline", "dose_mg": 100, "weeks": 8, "outcome": "no_response"}
    result = assess_history(
        history(trial, other_treatments=[{"treatment": "Abilify", "dose_mg": 5}, {"treatment": "TMS"}]), kb
    )
    assert [(o.treatment, o.kind) for o in result.other_treatments] == [
        ("aripiprazole", "augmentation"),
        ("rtms", "neuromodulation"),
    ]


def test_unknown_other_treatment(kb: KnowledgeBase) -> None:
    trial = {"drug": "sertraline", "dose_mg": 100, "weeks": 8, "outcome": "no_response"}
    with pytest.raises(InputError) as caught:
        assess_history(history(trial, other_treatments=[{"treatment": "aripiprazol"}]), kb)
    assert caught.value.line().startswith("other treatment 1, treatment:")
    assert "aripiprazole" in caught.value.line()


def test_unknown_definition(kb: KnowledgeBase) -> None:
    trial = {"drug": "sertraline", "dose_mg": 100, "weeks": 8, "outcome": "no_response"}
    with pytest.raises(InputError) as caught:
        assess_history(history(trial), kb, "eupearl")
    assert "Did you mean 'eu-pearl'?" in caught.value.line()


def test_reported_risk_factors_become_sourced_notes(kb: KnowledgeBase) -> None:
    trial = {"drug": "sertraline", "dose_mg": 100, "weeks": 8, "outcome": "no_response"}
    result = assess_history(history(trial, risk_factors=["st_johns_wort", "bariatric_surgery"]), kb)
    assert [n.id for n in result.worth_discussing] == ["bariatric_surgery", "st_johns_wort"]
    assert all(n.note and n.sources for n in result.worth_discussing)
    assert "hamad2012" in result.sources


def test_no_risk_factors_no_notes(kb: KnowledgeBase) -> None:
    trial = {"drug": "sertraline", "dose_mg": 100, "weeks": 8, "outcome": "no_response"}
    assert assess_history(history(trial), kb).worth_discussing == []

"""Staging models, worked by hand: every Maudsley item and band boundary, MGH-s items, Thase-Rush
stages 0-IV, and a missing-input case for each model.

Unless a row says otherwise, a trial is taken regularly for 8 weeks at or above its ATRQ minimum
dose with no response, so it is a failed adequate trial under MGH-ATRQ (the default definition).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import history
from trd_aid.engine.staging import stage_history
from trd_aid.knowledge.models import KnowledgeBase

# One failed adequate trial of each, at the ATRQ minimum (mg/day) from data/treatments.yaml.
FAIL = {
    "sertraline": 50,
    "escitalopram": 10,
    "citalopram": 20,
    "fluoxetine": 20,
    "paroxetine": 20,
    "venlafaxine": 150,
    "duloxetine": 60,
    "bupropion": 300,
    "mirtazapine": 15,
    "vortioxetine": 10,
    "desvenlafaxine": 50,
    "nortriptyline": 75,
    "phenelzine": 45,
    "moclobemide": 300,
}
SSRI_FIRST = ["sertraline", "escitalopram", "citalopram", "fluoxetine", "paroxetine", "venlafaxine", "duloxetine"]
ELEVEN = [*SSRI_FIRST, "bupropion", "mirtazapine", "vortioxetine", "desvenlafaxine"]


def failed(drug: str, **changes: Any) -> dict[str, Any]:
    return {"drug": drug, "dose_mg": FAIL[drug], "weeks": 8, "outcome": "no_response", **changes}


def stage(kb: KnowledgeBase, drugs: list[str], definition: str | None = None, **extra: Any) -> Any:
    trials = [failed(d) for d in drugs]
    extra.setdefault("episode_months", 6)
    extra.setdefault("severity", "moderate")
    extra.setdefault("other_treatments", [])
    return stage_history(history(*trials, **extra), kb, definition)


def item(result: Any, item_id: str) -> Any:
    return next(i for i in result.items if i.id == item_id)


# --- Maudsley -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "points"),
    [(0, 1), (12, 1), (12.5, 2), (13, 2), (24, 2), (24.5, 3), (25, 3), (120, 3)],
)
def test_maudsley_duration(kb: KnowledgeBase, months: float, points: int) -> None:
    msm = stage(kb, ["sertraline"], episode_months=months).maudsley
    assert item(msm, "duration").points == points


@pytest.mark.parametrize(
    ("severity", "points"),
    [("subsyndromal", 1), ("mild", 2), ("moderate", 3), ("severe", 4), ("severe_psychotic", 5)],
)
def test_maudsley_severity(kb: KnowledgeBase, severity: str, points: int) -> None:
    assert item(stage(kb, ["sertraline"], severity=severity).maudsley, "severity").points == points


@pytest.mark.parametrize(
    ("failures", "points"),
    [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (10, 4), (11, 5)],
)
def test_maudsley_antidepressant_failures(kb: KnowledgeBase, failures: int, points: int) -> None:
    msm = stage(kb, ELEVEN[:failures]).maudsley
    assert item(msm, "antidepressant_failures").points == points


def test_maudsley_augmentation_and_ect_score_one_each_only_in_the_current_episode(kb: KnowledgeBase) -> None:
    none = stage(kb, ["sertraline"]).maudsley
    assert (item(none, "augmentation").points, item(none, "ect").points) == (0, 0)
    both = stage(kb, ["sertraline"], other_treatments=[{"treatment": "lithium"}, {"treatment": "ECT"}]).maudsley
    assert (item(both, "augmentation").points, item(both, "ect").points) == (1, 1)
    two_addons = stage(kb, ["sertraline"], other_treatments=[{"treatment": "lithium"}, {"treatment": "Abilify"}])
    assert item(two_addons.maudsley, "augmentation").points == 1, "used or not: one point at most"
    earlier = stage(kb, ["sertraline"], other_treatments=[{"treatment": "ect", "episode": "previous"}]).maudsley
    assert item(earlier, "ect").points == 0
    therapy = stage(kb, ["sertraline"], other_treatments=[{"treatment": "cbt"}]).maudsley
    assert item(therapy, "augmentation").points == 0, "a talking therapy is not augmentation"


# Band boundaries: duration + severity + failures + augmentation + ECT, worked by hand.
@pytest.mark.parametrize(
    ("months", "severity", "drugs", "others", "total", "band"),
    [
        (6, "subsyndromal", 1, [], 3, "mild"),  # 1 + 1 + 1
        (6, "severe", 1, [], 6, "mild"),  # 1 + 4 + 1
        (6, "severe_psychotic", 1, [], 7, "moderate"),  # 1 + 5 + 1
        (30, "severe_psychotic", 1, ["lithium"], 10, "moderate"),  # 3 + 5 + 1 + 1
        (30, "severe_psychotic", 1, ["lithium", "ect"], 11, "severe"),  # 3 + 5 + 1 + 1 + 1
        (30, "severe_psychotic", 11, ["lithium", "ect"], 15, "severe"),  # 3 + 5 + 5 + 1 + 1
    ],
)
def test_maudsley_totals_and_bands(
    kb: KnowledgeBase, months: float, severity: str, drugs: int, others: list[str], total: int, band: str
) -> None:
    msm = stage(
        kb,
        ELEVEN[:drugs],
        episode_months=months,
        severity=severity,
        other_treatments=[{"treatment": o} for o in others],
    ).maudsley
    assert (msm.total, msm.band, msm.missing) == (total, band, [])


@pytest.mark.parametrize(
    ("extra", "missing_part"),
    [
        ({"severity": None}, "how severe the episode is was not given (severity): Maudsley total cannot be computed"),
        (
            {"episode_months": None},
            "the length of the current episode was not given (episode_months): Maudsley total cannot be computed",
        ),
    ],
)
def test_maudsley_missing_input_is_named_not_guessed(
    kb: KnowledgeBase, extra: dict[str, Any], missing_part: str
) -> None:
    msm = stage(kb, ["sertraline"], **extra).maudsley
    assert msm.total is None and msm.band is None
    assert missing_part in msm.missing
    field = "severity" if "severity" in extra else "duration"
    assert item(msm, field).points is None


def test_maudsley_without_other_treatments_or_failures_cannot_be_totalled(kb: KnowledgeBase) -> None:
    no_others = stage_history(history(failed("sertraline"), episode_months=6, severity="mild"), kb)
    assert no_others.maudsley.total is None
    assert any(m.startswith("the other treatments were not given") for m in no_others.maudsley.missing)
    helped = stage_history(
        history(failed("sertraline", outcome="response"), episode_months=6, severity="mild", other_treatments=[]), kb
    )
    assert helped.maudsley.total is None
    assert any("no failed adequate antidepressant trial" in m for m in helped.maudsley.missing)


# --- MGH-s --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trials", "others", "definition", "total"),
    [
        ([failed("sertraline")], [], None, 1),
        ([failed("sertraline"), failed("venlafaxine")], [], None, 2),
        ([failed("sertraline", outcome="response")], [], None, 0),
        # the same drug again at a higher dose: one trial plus a dose optimisation
        ([failed("sertraline", dose_mg=100), failed("sertraline", dose_mg=200)], [], None, 1.5),
        # listed the other way round, the dose went down: no optimisation
        ([failed("sertraline", dose_mg=200), failed("sertraline", dose_mg=100)], [], None, 1),
        # an inadequate low dose first, then a higher adequate dose that failed: still an optimisation
        ([failed("sertraline", dose_mg=25), failed("sertraline", dose_mg=150)], [], None, 1.5),
        ([failed("sertraline"), failed("venlafaxine")], ["aripiprazole"], None, 2.5),
        ([failed("sertraline"), failed("venlafaxine")], ["aripiprazole", "lithium"], None, 3),
        ([failed("sertraline"), failed("venlafaxine")], ["ect"], None, 5),
        ([failed("sertraline")], ["ect", "rtms", "cbt"], None, 4),  # rTMS and CBT score nothing
        # 5 weeks counts under EU-PEARL (4 weeks) but MGH-s asks for at least 6
        ([failed("sertraline", weeks=5), failed("venlafaxine")], [], "eu-pearl", 1),
    ],
)
def test_mgh_items(
    kb: KnowledgeBase, trials: list[dict[str, Any]], others: list[str], definition: str | None, total: float
) -> None:
    result = stage_history(history(*trials, other_treatments=[{"treatment": o} for o in others]), kb, definition).mgh
    assert (result.total, result.missing) == (total, [])
    assert all(i.sources for i in result.items)


def test_mgh_previous_episode_ect_scores_nothing(kb: KnowledgeBase) -> None:
    result = stage(kb, ["sertraline"], other_treatments=[{"treatment": "ect", "episode": "previous"}]).mgh
    assert result.total == 1


def test_mgh_missing_other_treatments_is_named(kb: KnowledgeBase) -> None:
    result = stage_history(history(failed("sertraline")), kb).mgh
    assert result.total is None
    assert result.missing == [
        "the other treatments were not given, so whether augmentation or ECT was used is unknown and the MGH-s "
        "total cannot be computed (a history file says none were tried with `other_treatments: []`)"
    ]


# --- Thase-Rush ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("drugs", "stage_number", "label"),
    [
        (["sertraline"], 1, "I"),
        (["sertraline", "escitalopram"], 1, "I"),  # two SSRIs: one class
        (["bupropion", "mirtazapine"], 2, "II"),  # NDRI and NaSSA: two pharmacological classes
        (["mirtazapine", "bupropion", "moclobemide"], 2, "II"),  # three classes, but no TCA for stage III
        (["sertraline", "venlafaxine"], 2, "II"),  # SSRI then SNRI
        (["sertraline", "nortriptyline"], 2, "II"),  # the TCA is only the second class
        (["sertraline", "venlafaxine", "nortriptyline"], 3, "III"),
        (["sertraline", "phenelzine", "nortriptyline"], 3, "III"),  # the MAOI is only the second class
        (["sertraline", "venlafaxine", "nortriptyline", "phenelzine"], 4, "IV"),
        (["nortriptyline", "sertraline", "venlafaxine"], 3, "III"),  # order is not used
        (["sertraline", "venlafaxine", "nortriptyline", "moclobemide"], 3, "III"),  # a RIMA is not the stage IV MAOI
    ],
)
def test_thase_rush_stages(kb: KnowledgeBase, drugs: list[str], stage_number: int, label: str) -> None:
    result = stage(kb, drugs).thase_rush
    assert (result.stage, result.stage_label, result.missing) == (stage_number, label, [])
    assert result.reason.startswith(f"Stage {label}:")


def test_thase_rush_stage_zero_is_a_response_to_an_adequate_trial(kb: KnowledgeBase) -> None:
    result = stage_history(history(failed("sertraline", outcome="remission")), kb).thase_rush
    assert (result.stage, result.stage_label) == (0, "0")


def test_thase_rush_never_guesses_stage_five(kb: KnowledgeBase) -> None:
    result = stage(
        kb,
        ["sertraline", "venlafaxine", "nortriptyline", "phenelzine"],
        other_treatments=[{"treatment": "ect", "outcome": "no_response"}],
    ).thase_rush
    assert result.stage == 4
    assert any("bilateral" in step for step in result.steps)


def test_thase_rush_missing_input_when_nothing_adequate(kb: KnowledgeBase) -> None:
    result = stage_history(history(failed("sertraline", dose_mg=25)), kb).thase_rush
    assert (result.stage, result.stage_label) == (None, None)
    assert result.missing == [
        "an adequate antidepressant trial in the current episode: Thase-Rush stage cannot be given"
    ]


# --- the knowledge base's staging section -------------------------------------------------------


def test_staging_data_points_at_known_treatments(kb: KnowledgeBase) -> None:
    assert kb.staging is not None
    known = {t.id for t in kb.other_treatments}
    assert set(kb.staging.ect_ids) <= known
    assert set(kb.staging.augmentation_kinds) <= set(kb.other_treatment_kinds)
    assert {"SSRI", "SNRI", "TCA", "MAOI"} <= {d.drug_class for d in kb.drugs}
    assert set(kb.staging.thase_rush.class_groups) <= {d.drug_class for d in kb.drugs}


@pytest.mark.parametrize(
    ("break_it", "message_part"),
    [
        (lambda s: s["maudsley"]["bands"]["levels"][1].update(from_points=8), "without a gap"),
        (lambda s: s["maudsley"]["severity"]["points"].pop("mild"), "severity needs points"),
        (lambda s: s["maudsley"]["duration"]["levels"][0].update(up_to_months=30), "must rise"),
        (lambda s: s["mgh"]["scoring"].update(sources=["no-such-source"]), "unknown source ids: no-such-source"),
        (lambda s: s["mgh"]["scoring"].update(ect_points=3), "ect_points"),
    ],
)
def test_broken_staging_data_fails_loudly(break_it: Any, message_part: str) -> None:
    from tests.helpers import knowledge_data
    from trd_aid.knowledge import KnowledgeError
    from trd_aid.knowledge.loader import knowledge_from_data

    data = knowledge_data()
    break_it(data["staging"])
    with pytest.raises(KnowledgeError) as caught:
        knowledge_from_data(data, "treatments.yaml")
    assert message_part in str(caught.value)

"""The worked vignettes of the reference sheet (section 4), judged by the engine.

Columns: the trials, then adequate failures and verdict under MGH-ATRQ (the default: >= 6 weeks,
< 50% improvement) and under EU-PEARL (>= 4 weeks, < 25% improvement).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import history
from trd_aid.engine import assess_history
from trd_aid.knowledge.models import KnowledgeBase

T = dict[str, Any]


def t(drug: str, dose: float | str, weeks: float | str, outcome: str | float, **extra: Any) -> T:
    trial: T = {"drug": drug, "dose": dose, "duration": f"{weeks} weeks" if isinstance(weeks, (int, float)) else weeks}
    if isinstance(outcome, str):
        trial["outcome"] = outcome
    else:
        trial["improvement_pct"] = outcome
    return {**trial, **extra}


VIGNETTES: list[tuple[str, list[T], int, bool, int, bool]] = [
    ("1 both adequate, both <25%", [t("sertraline", 100, 10, 10), t("escitalopram", 20, 8, 15)], 2, True, 2, True),
    (
        "2 citalopram below minimum",
        [t("citalopram", 10, 12, "no_response"), t("duloxetine", 60, 8, "no_response")],
        1,
        False,
        1,
        False,
    ),
    (
        "3 three weeks is too short",
        [t("fluoxetine", 20, 3, "no_response"), t("duloxetine", 60, 8, 5)],
        1,
        False,
        1,
        False,
    ),
    (
        "4 early stop for side effects is intolerance",
        [t("paroxetine", 20, "10 days", "side_effects"), t("mirtazapine", 30, 8, 10), t("bupropion XL", 300, 8, 0)],
        2,
        True,
        2,
        True,
    ),
    (
        "5 poor adherence is not adequate",
        [t("escitalopram", 10, 10, "no_response", adherence="poor"), t("sertraline", 150, 8, 0)],
        1,
        False,
        1,
        False,
    ),
    (
        "6 partial responses: definitions disagree",
        [t("venlafaxine XR", 225, 10, 40), t("vortioxetine", 20, 8, 30)],
        2,
        True,
        0,
        False,
    ),
    (
        "7 same drug twice counts once",
        [t("sertraline", 100, 8, "no_response"), t("sertraline", 200, 8, "no_response")],
        1,
        False,
        1,
        False,
    ),
    (
        "8 previous episode does not count",
        [
            t("fluoxetine", 40, 12, "no_response", episode="previous"),
            t("venlafaxine", 150, 10, "no_response", episode="previous"),
            t("escitalopram", 20, 8, "no_response"),
        ],
        1,
        False,
        1,
        False,
    ),
    (
        "9 an augmenter is not a second antidepressant",
        [t("escitalopram", 20, 8, "no_response"), t("aripiprazole", 5, 6, 10)],
        1,
        False,
        1,
        False,
    ),
    (
        "11 brands: Efexor-XR 75 mg is below 150",
        [t("Lexapro", 10, 8, "no_response"), t("Effexor-XR", 75, 12, "no_response")],
        1,
        False,
        1,
        False,
    ),
    (
        "13 older adult: citalopram 20 and mirtazapine 15",
        [t("citalopram", 20, 8, 10), t("mirtazapine", 15, 8, 10)],
        2,
        True,
        2,
        True,
    ),
    (
        "14 selegiline patch in mg/24 h",
        [t("Emsam", "6 mg/24h", 8, "no_response"), t("sertraline", 50, 8, "no_response")],
        2,
        True,
        2,
        True,
    ),
    # The sheet's EU-PEARL column applied 6 weeks; trd-aid's EU-PEARL uses its week-4 rule (see the data), so the
    # 4-week duloxetine trial counts there and not under MGH-ATRQ.
    (
        "15 esketamine is not an oral trial; 4 weeks of duloxetine",
        [
            t("sertraline", 100, 8, "no_response"),
            t("esketamine", 84, 4, "no_response"),
            t("duloxetine", 60, 4, "no_response"),
        ],
        1,
        False,
        2,
        True,
    ),
    (
        "16 trazodone at a sleep dose",
        [t("trazodone", 100, "6 months", "no_response"), t("escitalopram", 10, 8, "no_response")],
        1,
        False,
        1,
        False,
    ),
    (
        "17 grams converted; bupropion 150 below 300",
        [t("Fluoxetine", "0.04 g", 10, "no_response"), t("Wellbutrin XL", 150, 8, "no_response")],
        1,
        False,
        1,
        False,
    ),
    (
        "18 Auvelity is not judged by bupropion's threshold",
        [t("Auvelity", 210, 8, "no_response"), t("escitalopram", 20, 8, "no_response")],
        2,
        True,
        2,
        True,
    ),
]


@pytest.mark.parametrize(
    ("trials", "atrq_failures", "atrq_meets", "eu_failures", "eu_meets"),
    [v[1:] for v in VIGNETTES],
    ids=[v[0] for v in VIGNETTES],
)
def test_vignette(
    kb: KnowledgeBase, trials: list[T], atrq_failures: int, atrq_meets: bool, eu_failures: int, eu_meets: bool
) -> None:
    result = assess_history(history(*trials), kb)
    assert result.definition.id == "mgh-atrq"
    assert (result.adequate_failures, result.meets_definition) == (atrq_failures, atrq_meets)
    eu = result.by_definition["eu-pearl"]
    assert (eu.adequate_failures, eu.meets_definition) == (eu_failures, eu_meets)


def test_disagreement_is_explained(kb: KnowledgeBase) -> None:
    result = assess_history(history(t("venlafaxine XR", 225, 10, 40), t("vortioxetine", 20, 8, 30)), kb)
    assert result.disagreements[0].startswith("The definitions disagree")
    assert any("EU-PEARL" in line and "25%" in line for line in result.disagreements[1:])


def test_chosen_definition_leads(kb: KnowledgeBase) -> None:
    result = assess_history(history(t("venlafaxine XR", 225, 10, 40), t("vortioxetine", 20, 8, 30)), kb, "eu-pearl")
    assert result.definition.id == "eu-pearl"
    assert result.meets_definition is False
    assert "EU-PEARL" in result.verdict

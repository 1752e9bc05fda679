"""What the engine keeps between histories (trd_aid/engine/prepared.py) never changes an answer."""

from __future__ import annotations

import random
from typing import Any

import pytest

from tests.helpers import history
from trd_aid.engine import assess_history
from trd_aid.engine.prepared import forget
from trd_aid.engine.results import Assessment, Staging
from trd_aid.engine.staging import stage_history
from trd_aid.inputs.history import HistoryInput
from trd_aid.knowledge.models import KnowledgeBase
from trd_aid.vocabulary import RISK_FACTORS, SEVERITIES

OUTCOMES = ["no_response", "partial_response", "response", "remission", "side_effects"]


def _trial(rng: random.Random, kb: KnowledgeBase) -> dict[str, Any]:
    drug = rng.choice([d for d in kb.drugs if d.rule == "threshold" and d.min_dose])
    names = [drug.display_name, *drug.aliases, *(b.name for b in drug.brands)]
    minimum = next(iter(drug.min_dose.values())).mg_per_day
    dose = minimum * rng.choice([0.5, 1, 1.5])
    if drug.label_max is not None:
        dose = min(dose, drug.label_max.mg_per_day)
    trial: dict[str, Any] = {"drug": rng.choice(names), "dose_mg": dose, "weeks": rng.choice([3, 6, 8, 12])}
    trial["adherence"] = rng.choice(["good", "partial", "poor"])
    if rng.random() < 0.7:
        trial["outcome"] = rng.choice(OUTCOMES)
    else:
        trial["improvement_pct"] = rng.choice([-0.0, 0.0, 10, 30, 60])
    if trial.get("outcome") in ("response", "remission") and rng.random() < 0.5:
        trial["later"] = "lost_response"  # read by the outcome check
    if rng.random() < 0.2:
        trial["episode"] = "previous"
    if rng.random() < 0.2:
        add_on = rng.choice([t for t in kb.other_treatments if t.kind == "augmentation"])
        trial["add_ons"] = [{"treatment": add_on.name, "weeks": rng.choice([1, 2, 3])}]
    return trial


def _histories(kb: KnowledgeBase, count: int) -> list[HistoryInput]:
    rng = random.Random(15)
    found = []
    for _ in range(count):
        extra: dict[str, Any] = {
            "other_treatments": [{"treatment": o.name} for o in rng.sample(kb.other_treatments, rng.randint(0, 2))]
        }
        if rng.random() < 0.5:
            extra["age"] = rng.randint(18, 80)
        if rng.random() < 0.5:
            extra["severity"] = rng.choice(SEVERITIES)
            extra["episode_months"] = rng.choice([6, 30])
        if rng.random() < 0.4:
            extra["risk_factors"] = rng.sample(RISK_FACTORS, 1)
        trials = [_trial(rng, kb) for _ in range(rng.randint(1, 5))]
        found.append(history(*trials, **extra))
    return found


_JUDGED: list[tuple[HistoryInput, Assessment, Staging]] = []


def _judged(kb: KnowledgeBase) -> list[tuple[HistoryInput, Assessment, Staging]]:
    """40 histories, each assessed and staged after all of them were (everything the engine keeps is
    there by then); made once per test process, by the first part that runs there."""
    if not _JUDGED:
        histories = _histories(kb, 40)
        for h in histories:
            assess_history(h, kb)
            stage_history(h, kb)
        _JUDGED.extend((h, assess_history(h, kb), stage_history(h, kb)) for h in histories)
    return _JUDGED


@pytest.mark.parametrize("part", range(4))  # four parts, so that test workers share the work
def test_a_history_judged_after_many_others_is_judged_as_the_first_one_is(kb: KnowledgeBase, part: int) -> None:
    try:
        for h, assessed, staged in _judged(kb)[part::4]:
            forget()
            assert assess_history(h, kb) == assessed
            forget()
            assert stage_history(h, kb) == staged
    finally:
        forget()


def test_minus_zero_percent_is_not_zero_percent(kb: KnowledgeBase) -> None:
    """0.0 and -0.0 are equal keys, but a reason quotes what was typed."""
    trial = {"drug": "sertraline", "dose_mg": 100, "weeks": 8}
    minus, plus = (assess_history(history({**trial, "improvement_pct": pct}), kb) for pct in (-0.0, 0.0))
    assert "about -0% better" in minus.trials[0].reasons[3]
    assert "about 0% better" in plus.trials[0].reasons[3]

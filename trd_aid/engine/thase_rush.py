"""The Thase-Rush staging model for one history: the stage its failed adequate trials reach, by the
classes of antidepressant that failed. Every stage's text comes from the knowledge base."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trd_aid.engine.results import (
    ThaseRushResult,
    TrialResult,
)
from trd_aid.engine.trial_facts import helped
from trd_aid.knowledge.models import (
    KnowledgeBase,
    ThaseRushModel,
)

if TYPE_CHECKING:
    from trd_aid.engine.staging import StagingInputs


def trial_words(t: TrialResult) -> str:
    return f"Trial {t.number} ({t.regimen}, {t.drug_class})"


def thase_rush_stage(facts: StagingInputs, model: ThaseRushModel, kb: KnowledgeBase) -> ThaseRushResult:
    stages = {s.stage: s for s in model.stages}
    sources = list(model.sources)

    def result(stage: int | None, reason: str, steps: list[str], missing: list[str] | None = None) -> ThaseRushResult:
        label = stages[stage].label if stage is not None else None
        return ThaseRushResult(
            name=model.name,
            stage=stage,
            stage_label=label,
            reason=reason,
            steps=steps,
            missing=missing or [],
            sources=sources,
        )

    if not facts.failed:
        responded = [t for t in facts.current if t.adequate and helped(t.outcome, t.improvement_pct, kb)]
        if responded:
            t = responded[0]
            return result(0, f"Stage 0: {stages[0].text} ({trial_words(t)}).", [])
        return result(
            None,
            "Cannot be staged: no failed adequate trial and no response to an adequate trial in the current episode.",
            [],
            ["an adequate antidepressant trial in the current episode: Thase-Rush stage cannot be given"],
        )

    alone = [t for t in facts.failed if not t.add_ons]
    left_out = [t for t in facts.failed if t.add_ons]
    skipped = [
        f"Left out: {trial_words(t)} had an add-on; Thase-Rush stages antidepressants taken alone and does not "
        "score augmentation or combination."
        for t in left_out
    ]
    if not alone:
        return result(
            None,
            "Cannot be staged: every failed adequate trial had an add-on, and Thase-Rush stages antidepressants "
            "taken alone.",
            skipped,
            ["a failed adequate trial of an antidepressant taken alone: Thase-Rush stage cannot be given"],
        )
    by_group: dict[str, list[str]] = {}
    for t in alone:
        by_group.setdefault(model.group_of(t.drug_class or ""), []).append(t.drug or "")
    groups = set(by_group)
    tca, maoi = model.tca_group, model.maoi_group
    shown = "; ".join(f"{g}: {', '.join(names)}" for g, names in by_group.items())

    steps = [*skipped, f"Stage I reached: {len(alone)} failed adequate trial(s) ({shown})."]
    stage = 1
    if len(groups) >= 2:
        stage = 2
        steps.append(f"Stage II reached: failures in {len(groups)} different classes.")
    else:
        steps.append("Stage II not reached: every failed trial is in the same class.")
    if stage == 2:
        if tca in groups and len(groups - {tca}) >= 2:
            stage = 3
            steps.append("Stage III reached: a failed tricyclic (TCA) on top of two other classes.")
        elif tca in groups:
            steps.append(
                "Stage III not reached: the tricyclic is one of only two classes; stage III adds a TCA to stage II."
            )
        else:
            steps.append("Stage III not reached: no failed adequate tricyclic (TCA) trial.")
    if stage == 3:
        if maoi in groups and len(groups - {tca, maoi}) >= 2:
            stage = 4
            steps.append("Stage IV reached: a failed MAOI on top of stage III.")
        elif maoi in groups:
            steps.append("Stage IV not reached: the MAOI is needed on top of stage III, not as one of its classes.")
        else:
            steps.append("Stage IV not reached: no failed adequate MAOI trial.")
    if stage == 4:
        if facts.ect:
            steps.append(
                "Stage V not given: ECT is recorded, but the history does not say whether it was bilateral, "
                "which stage V needs."
            )
        else:
            steps.append("Stage V not reached: no ECT recorded.")
    return result(stage, f"Stage {stages[stage].label}: {stages[stage].text}.", steps)

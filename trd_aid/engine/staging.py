"""Research staging models for one history: Maudsley (MSM), MGH-s and Thase-Rush. Pure rules.

"Failed adequate trial" means exactly what it means in `trd-aid check`: the trials the chosen
definition counts (current episode, each antidepressant once). Every point, level and band comes
from the `staging:` section of the knowledge base; a missing input is named, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from trd_aid.engine.citations import citations
from trd_aid.engine.crisis import crisis_lines
from trd_aid.engine.results import (
    Assessment,
    MaudsleyResult,
    MghResult,
    OperationalChoiceResult,
    OtherTreatmentResult,
    Staging,
    StagingItemResult,
    TrialResult,
)
from trd_aid.engine.thase_rush import thase_rush_stage, trial_words
from trd_aid.engine.verdict import assess_history
from trd_aid.errors import InputError
from trd_aid.inputs.history import HistoryInput
from trd_aid.knowledge.models import (
    KnowledgeBase,
    MaudsleyModel,
    MghModel,
    StagingModels,
    UsedPoints,
)

NOTE = (
    "These are research staging instruments for students and clinicians, not a diagnosis. They grade "
    "how much treatment has been tried, from what was entered; a clinician's records may show more."
)
NO_OTHERS = (
    "the other treatments were not given, so whether augmentation or ECT was used is unknown and the {model} "
    "total cannot be computed (a history file says none were tried with `other_treatments: []`)"
)


@dataclass(frozen=True)
class StagingInputs:
    """What the three models read, gathered once from the history and its assessment."""

    assessment: Assessment
    failed: list[TrialResult]  # counted failed adequate trials, in history order
    current: list[TrialResult]  # current-episode antidepressant entries, in history order
    others_known: bool
    augmentations: list[OtherTreatmentResult]
    ect: list[OtherTreatmentResult]
    # current-episode trials given with add-ons (augmentation or combination), in history order
    regimens: list[TrialResult]


def stage_history(history: HistoryInput, kb: KnowledgeBase, definition_id: str | None = None) -> Staging:
    models = staging_models(kb)
    assessment = assess_history(history, kb, definition_id, with_options=False)
    current_others = [o for o in assessment.other_treatments if o.episode == "current"]
    facts = StagingInputs(
        assessment=assessment,
        failed=[t for t in assessment.trials if t.counts],
        current=[t for t in assessment.trials if t.kind == "antidepressant" and t.episode == "current"],
        others_known="other_treatments" in history.model_fields_set,
        augmentations=[o for o in current_others if o.kind in models.augmentation_kinds],
        ect=[o for o in current_others if o.treatment in models.ect_ids],
        regimens=[t for t in assessment.trials if t.add_ons and t.episode == "current"],
    )
    maudsley = maudsley_score(history, facts, models.maudsley)
    mgh = mgh_score(facts, models.mgh)
    thase = thase_rush_stage(facts, models.thase_rush, kb)
    choices = [
        OperationalChoiceResult(parameter=c.parameter, value=c.value, why=" ".join(c.why.split()), sources=c.sources)
        for c in models.operational_choices
    ]
    used = {*maudsley.sources, *mgh.sources, *thase.sources}
    for item in [*maudsley.items, *mgh.items]:
        used.update(item.sources)
    for choice in choices:
        used.update(choice.sources)
    for c in kb.crisis:
        used.update(c.sources)
    return Staging(
        definition=assessment.definition.id,
        failed_trials=[trial_words(t) for t in facts.failed],
        maudsley=maudsley,
        mgh=mgh,
        thase_rush=thase,
        operational_choices=choices,
        warnings=assessment.warnings,
        note=NOTE,
        disclaimer=assessment.disclaimer,
        crisis=crisis_lines(kb),
        sources=citations(kb).of(used),
    )


def staging_models(kb: KnowledgeBase) -> StagingModels:
    if kb.staging is None:
        raise InputError("this knowledge base has no staging section, so staging is not available.")
    return kb.staging


def _points(value: float) -> str:
    return f"{value:g} point" + ("" if value == 1 else "s")


# --- Maudsley -----------------------------------------------------------------------------------


def maudsley_score(history: HistoryInput, facts: StagingInputs, model: MaudsleyModel) -> MaudsleyResult:
    items: list[StagingItemResult] = []
    missing: list[str] = []
    cannot = f"{model.short_name} total cannot be computed"

    months = history.episode_months
    duration = model.duration
    if months is None:
        missing.append(f"the length of the current episode was not given (episode_months): {cannot}")
        items.append(StagingItemResult("duration", "Duration of the episode", None, "Not given.", duration.sources))
    else:
        level = next(lv for lv in duration.levels if lv.up_to_months is None or months <= lv.up_to_months)
        reason = f"{months:g} months: {level.label}."
        items.append(StagingItemResult("duration", "Duration of the episode", level.points, reason, duration.sources))

    severity = model.severity
    if history.severity is None:
        missing.append(f"how severe the episode is was not given (severity): {cannot}")
        items.append(StagingItemResult("severity", "Severity of symptoms", None, "Not given.", severity.sources))
    else:
        label = severity.labels[history.severity]
        items.append(
            StagingItemResult(
                "severity", "Severity of symptoms", severity.points[history.severity], f"{label}.", severity.sources
            )
        )

    failures = model.antidepressant_failures
    # Each antidepressant once: the same one alone and with an add-on is one failed antidepressant here,
    # and the add-on is the augmentation item's.
    drugs = list(dict.fromkeys(t.drug or "" for t in facts.failed))
    count = len(drugs)
    if count == 0:
        missing.append(
            "no failed adequate antidepressant trial in the current episode: the treatment-failure levels "
            f"start at one failed antidepressant, so the {cannot}"
        )
        items.append(
            StagingItemResult(
                "antidepressant_failures",
                "Failed antidepressants",
                None,
                "None counted; the levels start at one failed antidepressant.",
                failures.sources,
            )
        )
    else:
        step = next(lv for lv in failures.levels if lv.up_to is None or count <= lv.up_to)
        items.append(
            StagingItemResult(
                "antidepressant_failures",
                "Failed antidepressants",
                step.points,
                f"{count} failed antidepressant{'s' if count != 1 else ''} ({', '.join(drugs)}): {step.label}.",
                failures.sources,
            )
        )

    if not facts.others_known:
        missing.append(NO_OTHERS.format(model=model.short_name))
    items.append(_augmentation_item(facts, model.augmentation))
    items.append(_used_item("ect", "ECT", facts.ect, facts, model.ect))

    total = None if missing else int(sum(i.points or 0 for i in items))
    band = None
    if total is not None:
        band = next((b.id for b in model.bands.levels if b.from_points <= total <= b.to_points), None)
    return MaudsleyResult(
        name=model.name, total=total, band=band, items=items, missing=missing, sources=list(model.sources)
    )


def _augmentation_item(facts: StagingInputs, points: UsedPoints) -> StagingItemResult:
    """Used when a current-episode trial had an add-on or a second antidepressant, or an add-on is listed
    under other_treatments; the item is one yes/no, whatever the number of add-ons."""
    if facts.regimens:
        names = ", ".join(f"trial {t.number}: {t.regimen}" for t in facts.regimens)
        given = _add_on_ids(facts.regimens)
        extra = [o.name for o in facts.augmentations if o.treatment not in given]
        also = f"; also {', '.join(extra)}" if extra else ""
        return StagingItemResult(
            "augmentation", "Augmentation", points.points_if_used, f"Used ({names}{also}).", points.sources
        )
    return _used_item("augmentation", "Augmentation", facts.augmentations, facts, points)


def _add_on_ids(trials: list[TrialResult]) -> set[str]:
    return {a.treatment for t in trials for a in t.add_ons}


def _used_item(
    item_id: str, label: str, found: list[OtherTreatmentResult], facts: StagingInputs, points: UsedPoints
) -> StagingItemResult:
    if not facts.others_known:
        return StagingItemResult(item_id, label, None, "Unknown: other_treatments not given.", points.sources)
    if found:
        names = ", ".join(o.name for o in found)
        return StagingItemResult(item_id, label, points.points_if_used, f"Used ({names}).", points.sources)
    return StagingItemResult(item_id, label, 0, "Not used in the current episode.", points.sources)


# --- MGH-s --------------------------------------------------------------------------------------


def mgh_score(facts: StagingInputs, model: MghModel) -> MghResult:
    s = model.scoring
    items: list[StagingItemResult] = []
    missing: list[str] = []
    scored: dict[str | None, int] = {}  # antidepressant id -> the trial that scored its point
    for t in facts.failed:
        weeks = round(t.weeks or 0, 1)
        first = scored.get(t.treatment_id)
        if first is not None:
            reason = (
                f"{t.drug} already scored in trial {first}; MGH-s scores each antidepressant once, and its "
                "add-on separately (below)."
            )
            items.append(StagingItemResult(f"trial_{t.number}", trial_words(t), 0, reason, s.sources))
        elif weeks >= s.min_trial_weeks:
            scored[t.treatment_id] = t.number
            reason = f"Failed adequate trial of {weeks:g} weeks (at least {s.min_trial_weeks:g})."
            items.append(StagingItemResult(f"trial_{t.number}", trial_words(t), s.per_failed_trial, reason, s.sources))
        else:
            reason = (
                f"Counts under {facts.assessment.definition.short_name}, but {weeks:g} weeks is shorter than the "
                f"{s.min_trial_weeks:g} weeks MGH-s asks for, so it scores nothing here."
            )
            items.append(StagingItemResult(f"trial_{t.number}", trial_words(t), 0, reason, s.sources))
    if not facts.failed:
        items.append(
            StagingItemResult(
                "failed_trials", "Failed adequate trials", 0, "None in the current episode.", list(s.sources)
            )
        )
    for t in facts.failed:
        earlier = _optimised_from(t, facts.current)
        if earlier is not None:
            reason = (
                f"{t.drug} was entered again at a higher dose ({earlier.dose_mg:g} then "
                f"{_highest_later_dose(earlier, t, facts.current):g} {t.dose_unit}): a dose optimisation."
            )
            items.append(
                StagingItemResult(
                    f"optimisation_{t.number}", "Dose optimisation", s.per_optimised_trial, reason, s.sources
                )
            )
    augmented = [t for t in facts.regimens if t.failed]
    for t in augmented:
        kinds = " and ".join(sorted({a.kind for a in t.add_ons}))
        reason = f"Trial {t.number} ({t.regimen}) did not help enough with its add-on ({kinds})."
        items.append(
            StagingItemResult(
                f"augmentation_trial_{t.number}",
                "Augmentation or combination",
                s.per_augmented_trial,
                reason,
                s.sources,
            )
        )
    with_trials = _add_on_ids(augmented)
    if not facts.others_known:
        missing.append(NO_OTHERS.format(model=model.short_name))
        items.append(
            StagingItemResult(
                "augmentation", "Augmentation or combination", None, "Unknown: other_treatments not given.", s.sources
            )
        )
        items.append(StagingItemResult("ect", "ECT", None, "Unknown: other_treatments not given.", s.sources))
    else:
        for o in facts.augmentations:
            if o.treatment in with_trials:
                reason = f"{o.name} is already scored with the trial it was added to."
                items.append(
                    StagingItemResult(f"augmentation_{o.number}", "Augmentation or combination", 0, reason, s.sources)
                )
                continue
            reason = f"{o.name} ({o.kind}), taken as augmenting one trial."
            items.append(
                StagingItemResult(
                    f"augmentation_{o.number}", "Augmentation or combination", s.per_augmented_trial, reason, s.sources
                )
            )
        if not facts.augmentations and not augmented:
            items.append(
                StagingItemResult(
                    "augmentation", "Augmentation or combination", 0, "None recorded in the current episode.", s.sources
                )
            )
        if facts.ect:
            items.append(StagingItemResult("ect", "ECT", s.ect, "ECT recorded in the current episode.", s.sources))
        else:
            items.append(StagingItemResult("ect", "ECT", 0, "No ECT recorded in the current episode.", s.sources))
    total = None if missing else sum(i.points or 0 for i in items)
    return MghResult(name=model.name, total=total, items=items, missing=missing, sources=list(model.sources))


def _optimised_from(failed: TrialResult, current: list[TrialResult]) -> TrialResult | None:
    """The earliest entry of the same antidepressant that a later entry exceeds in dose, or None.

    The history lists trials, not dose changes inside a trial, so the order entries are written in
    is read as the order they happened; nothing else is inferred.
    """
    same = [t for t in current if t.drug == failed.drug and t.dose_mg is not None]
    for i, earlier in enumerate(same):
        assert earlier.dose_mg is not None
        if any(later.dose_mg is not None and later.dose_mg > earlier.dose_mg for later in same[i + 1 :]):
            return earlier
    return None


def _highest_later_dose(earlier: TrialResult, failed: TrialResult, current: list[TrialResult]) -> float:
    same = [t for t in current if t.drug == failed.drug and t.dose_mg is not None]
    later = same[same.index(earlier) + 1 :]
    return max(t.dose_mg or 0 for t in later)

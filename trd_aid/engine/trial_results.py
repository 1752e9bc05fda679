"""Each trial as the result shows it (its checks under the chosen definition and under every other,
its add-ons, dates and notes), and the warnings the trials of a history give."""

from __future__ import annotations

from trd_aid.engine.adequacy import advisories
from trd_aid.engine.results import (
    AddOnResult,
    TrialDefinitionResult,
    TrialResult,
)
from trd_aid.engine.trial_facts import TrialFacts
from trd_aid.knowledge.models import Definition, KnowledgeBase


def trial_result(
    f: TrialFacts, chosen: Definition, judged: dict[str, list[TrialDefinitionResult]], kb: KnowledgeBase
) -> TrialResult:
    index = f.number - 1
    mine = judged[chosen.id][index]
    drug, other = f.drug, f.resolved.other
    minimum = drug.min_dose_for(chosen.dose_basis, f.resolved.formulation) if drug else None
    label_max = drug.label_max_for(f.resolved.formulation) if drug else None
    form = drug.formulation(f.resolved.formulation) if drug else None
    sources: list[str] = []
    record_sources = kb.settings.records.sources if f.records else []
    for ids in [*(c.sources for c in mine.checks), *(n.sources for n in f.safety), record_sources]:
        sources.extend(s for s in ids if s not in sources)
    return TrialResult(
        number=f.number,
        input_name=f.entry.drug,
        drug=drug.display_name if drug else (other.name if other else None),
        treatment_id=drug.id if drug else (other.id if other else None),
        kind="antidepressant" if drug else (other.kind if other else "unknown"),
        drug_class=drug.drug_class if drug else None,
        brand=f.resolved.brand,
        formulation=form.name if form else None,
        dose_mg=f.entry.dose_mg,
        dose_unit=drug.dose_unit if drug else "mg/day",
        weeks=f.entry.weeks,
        adherence=f.adherence if (drug or f.entry.adherence) else None,
        adherence_assumed=f.adherence_assumed,
        outcome=f.entry.outcome,
        improvement_pct=f.entry.improvement_pct,
        episode=f.entry.episode,
        note=f.entry.note,
        min_dose_mg=minimum.mg_per_day if minimum else None,
        label_max_mg=label_max.mg_per_day if label_max else None,
        min_weeks=chosen.min_weeks,
        adequate=mine.adequate,
        failed=mine.failed,
        counts=mine.counts,
        reasons=[*mine.reasons, *(note.text for note in f.safety), *f.how],
        sources=sources,
        checks=mine.checks,
        by_definition={d: judged[d][index] for d in judged},
        safety_notes=f.safety,
        regimen=f.name,
        add_ons=[
            AddOnResult(
                input_name=a.entry.treatment,
                treatment=a.resolved.id,
                name=a.name,
                kind=a.kind,
                drug_class=a.resolved.drug.drug_class if a.resolved.drug else None,
                dose_mg=a.entry.dose_mg,
                weeks=a.weeks,
            )
            for a in f.add_ons
        ],
        start=f.entry.start.isoformat() if f.entry.start else None,
        stop=_stop_words(f),
        later=f.entry.later,
        from_records=f.records,
    )


def _stop_words(f: TrialFacts) -> str | None:
    """The trial's last day: its stop date, or the end of weeks counted from a start (an open course)."""
    if f.entry.stop is not None:
        return f.entry.stop.isoformat()
    if f.entry.start is not None and f.entry.weeks is not None:
        from datetime import timedelta

        return (f.entry.start + timedelta(days=round(f.entry.weeks * 7) - 1)).isoformat()
    return None


def trial_warnings(facts: list[TrialFacts]) -> list[str]:
    """The history's warnings, trial by trial: unclear entries, safety notes, entries not counted and why,
    and the same treatment given twice."""
    warnings: list[str] = []
    for f in facts:
        warnings.extend(f.warnings)
        warnings.extend(advisories(f))
        warnings.extend(f"{f.label}: {note.text}" for note in f.safety)
        if f.drug is None and f.resolved.other is not None:
            warnings.append(
                f"{f.label}: not an antidepressant, so it is not counted as an antidepressant trial; "
                "list it under other_treatments."
            )
        elif f.drug is not None and f.drug.rule == "fixed_regimen":
            counted = "may count" if f.drug.counts_toward_trd else "is not counted"
            warnings.append(
                f"{f.label}: has its own dosing rules and {counted} as an antidepressant trial; see the reasons."
            )
        elif f.drug is not None and not f.drug.min_dose:
            warnings.append(
                f"{f.label}: no minimum dose is known for {f.drug.display_name}, so this trial cannot be judged or counted."
            )
        if f.entry.episode == "previous":
            warnings.append(f"{f.label}: from a previous episode; shown, but not counted.")
    seen: dict[frozenset[str], int] = {}
    for f in facts:
        if f.drug is None:
            continue
        if f.regimen_key in seen:
            what = "antidepressant" if not f.add_ons else "treatment"
            warnings.append(
                f"{f.name} appears in trials {seen[f.regimen_key]} and {f.number}; the same {what} counts once."
            )
        else:
            seen[f.regimen_key] = f.number
    return warnings

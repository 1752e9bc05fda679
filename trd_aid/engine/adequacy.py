"""Is one antidepressant trial adequate, and did it fail? One rule per check, per definition.

The trial's facts (drug, dose, add-ons) are read once in `trial_facts.py`; the rules here judge them."""

from __future__ import annotations

from trd_aid.engine.prepared import KnowledgeIndex, derived
from trd_aid.engine.results import CheckResult, TrialDefinitionResult
from trd_aid.engine.trial_facts import AddOnFacts, TrialFacts, band_words
from trd_aid.knowledge.models import Definition, Drug, KnowledgeBase
from trd_aid.vocabulary import OUTCOME_TERMS

# --- the per-definition rules ---------------------------------------------------------------


def dose_check(facts: TrialFacts, definition: Definition) -> CheckResult:
    drug, dose = facts.drug, facts.entry.dose_mg
    assert drug is not None
    if drug.rule == "fixed_regimen":
        return CheckResult(
            name="dose",
            passed=None if not drug.counts_toward_trd else True,
            reason=f"Dose: not judged by a tablet-dose rule. {drug.regimen}",
            sources=drug.regimen_sources,
        )
    minimum = drug.min_dose_for(definition.dose_basis, facts.resolved.formulation)
    unit = drug.dose_unit
    if minimum is None:
        return CheckResult(
            name="dose",
            passed=None,
            reason=f"Dose: {drug.display_name} has no minimum dose in the table {definition.short_name} uses, "
            "so trd-aid cannot confirm an adequate dose; ask your clinician to judge this trial.",
            sources=definition.sources[:1],
        )
    assert dose is not None
    form = drug.formulation(facts.resolved.formulation)
    what = f"{drug.display_name} {form.name}" if form else drug.display_name
    if dose >= minimum.mg_per_day:
        return CheckResult(
            name="dose",
            passed=True,
            sources=minimum.sources,
            reason=f"Dose: {dose:g} {unit} is at or above the minimum adequate dose for {what} "
            f"({minimum.mg_per_day:g} {unit}).",
        )
    reason = f"Dose: {dose:g} {unit} is below the minimum adequate dose for {what} ({minimum.mg_per_day:g} {unit})."
    sources = list(minimum.sources)
    if drug.label_min is not None and dose >= drug.label_min.mg_per_day:
        reason += (
            f" It is within the label's dose range, which starts at {drug.label_min.mg_per_day:g} {unit}: "
            f"the label and the {definition.short_name} threshold disagree here."
        )
        sources += [sid for sid in drug.label_min.sources if sid not in sources]
    return CheckResult(name="dose", passed=False, reason=reason, sources=sources)


def duration_check(facts: TrialFacts, definition: Definition) -> CheckResult:
    weeks = facts.entry.weeks
    assert weeks is not None
    shown = _weeks_words(weeks)
    if weeks >= definition.min_weeks:
        return CheckResult(
            name="duration",
            passed=True,
            sources=_choice_sources(definition, "min_weeks"),
            reason=f"Duration: {shown} meets the minimum of {definition.min_weeks:g} weeks.",
        )
    reason = (
        f"Duration: {shown} is shorter than the minimum of {definition.min_weeks:g} weeks, so it was not a full trial."
    )
    if definition.early_stop_note:
        reason += f" {definition.early_stop_note}"
    return CheckResult(name="duration", passed=False, reason=reason, sources=_choice_sources(definition, "min_weeks"))


def adherence_check(facts: TrialFacts, definition: Definition, kb: KnowledgeBase) -> CheckResult:
    sources = kb.settings.adherence_sources
    if facts.adherence in definition.adherence_required:
        assumed = " (not given; taken as good)" if facts.adherence_assumed else ""
        return CheckResult(
            name="adherence", passed=True, sources=sources, reason=f"Adherence: taken regularly{assumed}."
        )
    return CheckResult(
        name="adherence",
        passed=False,
        sources=sources,
        reason=f"Adherence: {facts.adherence}. A trial counts only when the medicine was taken "
        f"regularly ({kb.settings.adherence_good_means}).",
    )


def outcome_check(facts: TrialFacts, definition: Definition, kb: KnowledgeBase) -> CheckResult:
    """`passed` here means "failed to help enough" under this definition's cut-off."""
    entry, cut = facts.entry, definition.failure_below_pct
    sources = list(
        dict.fromkeys([*_choice_sources(definition, "failure_below_pct"), *kb.settings.outcome_bands.sources])
    )
    if entry.outcome == "side_effects":
        return CheckResult(
            name="outcome",
            passed=False,
            sources=kb.settings.adherence_sources,
            reason="Outcome: stopped because of side effects. That is intolerance, not a failed adequate trial.",
        )
    band = facts.improvement_band
    if band is None:
        return CheckResult(
            name="outcome",
            passed=None,
            sources=sources,
            reason="Outcome: not recorded. trd-aid does not guess an outcome, so this trial cannot count as a failure.",
        )
    if entry.improvement_pct is not None:
        seen = f"about {entry.improvement_pct:g}% better"
    else:
        seen = f"{OUTCOME_TERMS[entry.outcome or ''].long} ({band_words(band)})"
    if band[1] <= cut and band[0] < cut:
        return CheckResult(
            name="outcome",
            passed=True,
            sources=sources,
            reason=f"Outcome: {seen}, below the {cut:g}% improvement this definition calls a failure.",
        )
    if band[0] >= cut:
        label = (
            "partial response, not failure"
            if band[0] < kb.settings.outcome_bands.response_at_least_pct
            else "it helped"
        )
        reason = f"Outcome: {seen}; this definition needs less than {cut:g}% improvement for a failure ({label})."
        if entry.later == "lost_response":
            note = kb.later_notes.get("lost_response")
            reason += (
                " It then stopped helping (loss of response): that counts as a response followed by a loss of "
                "response, not as a failed trial."
            )
            sources += [sid for sid in (note.sources if note else []) if sid not in sources]
        return CheckResult(name="outcome", passed=False, sources=sources, reason=reason)
    return CheckResult(
        name="outcome",
        passed=None,
        sources=sources,
        reason=f"Outcome: {seen} straddles this definition's {cut:g}% cut-off; give improvement_pct to decide.",
    )


def judge_trial(facts: TrialFacts, definition: Definition, kb: KnowledgeBase) -> TrialDefinitionResult:
    """Adequate and failed under one definition. Counting (episode, repeats) is the verdict's job."""
    drug = facts.drug
    if drug is None:
        other = facts.resolved.other
        assert other is not None
        reason = f"{other.name} is {kb.other_treatment_kinds[other.kind]}"
        check = CheckResult(name="drug", passed=False, reason=reason[0].upper() + reason[1:])
        return TrialDefinitionResult(adequate=False, failed=False, counts=False, reasons=[check.reason], checks=[check])
    if drug.rule == "fixed_regimen" and not drug.counts_toward_trd:
        check = CheckResult(
            name="drug", passed=False, reason=f"{drug.display_name}: {drug.regimen}", sources=drug.regimen_sources
        )
        return TrialDefinitionResult(adequate=False, failed=False, counts=False, reasons=[check.reason], checks=[check])
    checks = _checks(facts, drug, definition, kb)
    dose, duration, adherence, outcome = checks
    adequate = (
        bool(dose.passed) and bool(duration.passed) and bool(adherence.passed) and facts.entry.outcome != "side_effects"
    )
    if facts.add_ons:
        add_on = add_on_check(facts, definition)
        checks.insert(3, add_on)
        adequate = adequate and bool(add_on.passed)
    failed = adequate and outcome.passed is True
    return TrialDefinitionResult(
        adequate=adequate, failed=failed, counts=failed, reasons=[c.reason for c in checks], checks=checks
    )


def _checks(facts: TrialFacts, drug: Drug, definition: Definition, kb: KnowledgeBase) -> list[CheckResult]:
    """The four checks. Each depends only on the values in its key below, so for this knowledge base's own
    drug and definition its result is computed once and shared (frozen; see engine/prepared.py).
    A check that comes to read more of the trial must add it to its key here."""
    index = derived(kb, KnowledgeIndex)
    if not index.owns(drug, definition):
        return [
            dose_check(facts, definition),
            duration_check(facts, definition),
            adherence_check(facts, definition, kb),
            outcome_check(facts, definition, kb),
        ]
    memo, entry, d = index.checks, facts.entry, definition.id
    known = memo.known
    key: tuple[object, ...] = ("dose", drug.id, facts.resolved.formulation, entry.dose_mg, d)
    dose = known.get(key) or memo.keep(key, dose_check(facts, definition))
    key = ("duration", entry.weeks, d)
    duration = known.get(key) or memo.keep(key, duration_check(facts, definition))
    key = ("adherence", facts.adherence, facts.adherence_assumed, d)
    adherence = known.get(key) or memo.keep(key, adherence_check(facts, definition, kb))
    # repr: -0.0 == 0.0, but "-0%" is not "0%"; later: a loss of response is said in the reason
    key = ("outcome", entry.outcome, repr(entry.improvement_pct), entry.later, d)
    outcome = known.get(key) or memo.keep(key, outcome_check(facts, definition, kb))
    return [dose, duration, adherence, outcome]


def add_on_check(facts: TrialFacts, definition: Definition) -> CheckResult:
    """Each add-on taken for at least the definition's add-on minimum; its dose is shown, not judged
    (no definition gives add-on doses)."""
    rules = definition.regimens
    minimum = rules.add_on_min_weeks
    short = [a for a in facts.add_ons if a.weeks is None or a.weeks < minimum]
    listed = "; ".join(_add_on_words(a) for a in facts.add_ons)
    reading = "" if rules.stated else " (trd-aid's reading; the source is silent)"
    if short:
        names = ", ".join(a.name for a in short)
        return CheckResult(
            name="add_on",
            passed=False,
            sources=rules.sources,
            reason=f"Add-ons: {listed}. {names} was taken for less than the {minimum:g} weeks an add-on needs "
            f"under {definition.short_name}{reading}, so the regimen was not a full trial.",
        )
    return CheckResult(
        name="add_on",
        passed=True,
        sources=rules.sources,
        reason=f"Add-ons: {listed}. Each was taken for at least the {minimum:g} weeks an add-on needs under "
        f"{definition.short_name}{reading}; add-on doses are not judged, because no definition gives them.",
    )


def _add_on_words(a: AddOnFacts) -> str:
    unit = a.resolved.drug.dose_unit if a.resolved.drug else "mg/day"
    dose = f" {a.entry.dose_mg:g} {unit}" if a.entry.dose_mg is not None else ""
    weeks = f" for {_weeks_words(a.weeks)}" if a.weeks is not None else ", time not given"
    return f"{a.name}{dose}{weeks} ({a.kind})"


def regimen_counts(facts: TrialFacts, definition: Definition) -> str | None:
    """None when this definition counts the trial's kind of regimen; else the reason it does not."""
    rules = definition.regimens
    refused = sorted(k for k in facts.add_on_kinds if not getattr(rules, k))
    if not refused:
        return None
    kinds = {
        "augmentation": "an add-on that is not an antidepressant (augmentation)",
        "combination": "a second antidepressant (combination)",
    }
    reading = "" if rules.stated else " This is trd-aid's reading; the source is silent."
    return (
        f"Regimen: {definition.short_name} does not count an antidepressant taken with "
        f"{' or '.join(kinds[k] for k in refused)} as one of its trials. {rules.source_says}{reading}"
    )


def advisories(facts: TrialFacts) -> list[str]:
    drug, dose = facts.drug, facts.entry.dose_mg
    if drug is None or dose is None:
        return []
    known = facts.resolved.formulation is not None
    return [f"{facts.label}: {a.text}" for a in drug.advisories if a.applies(dose, known)]


def _choice_sources(definition: Definition, parameter: str) -> list[str]:
    for choice in definition.operational_choices:
        if choice.parameter == parameter:
            return choice.sources
    return definition.sources


def _weeks_words(weeks: float) -> str:
    if abs(weeks - round(weeks)) < 0.05:
        return f"{round(weeks)} weeks" if round(weeks) != 1 else "1 week"
    return f"about {weeks:.1f} weeks"

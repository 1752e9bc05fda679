"""The whole history under every definition: which trials count, and is the definition met?"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

from trd_aid.engine.adequacy import judge_trial, regimen_counts
from trd_aid.engine.citations import citations
from trd_aid.engine.crisis import crisis_lines, crisis_sources
from trd_aid.engine.names import NameIndex, index_for
from trd_aid.engine.prepared import derived
from trd_aid.engine.results import (
    Assessment,
    CheckName,
    CheckResult,
    DefinitionResult,
    OperationalChoiceResult,
    OtherTreatmentResult,
    RegimenRulesResult,
    TrialDefinitionResult,
    TrialResult,
    VerdictResult,
    WorthDiscussingResult,
)
from trd_aid.engine.trial_facts import TrialFacts, prepare_trial
from trd_aid.engine.trial_results import trial_result, trial_warnings
from trd_aid.errors import InputError
from trd_aid.inputs.history import HistoryInput
from trd_aid.knowledge.models import Definition, KnowledgeBase, RiskFactorInfo


def assess_history(
    history: HistoryInput,
    kb: KnowledgeBase,
    definition_id: str | None = None,
    country: str | None = None,
    *,
    with_options: bool = True,
) -> Assessment:
    """Judge every trial under every definition; the chosen one (default: the KB's default) leads.
    With `with_options` (most of the work), the result also carries the next-step options tailored to
    this history; staging, the comparison and the quiz only need the verdicts."""
    from trd_aid.engine.options import context_from, plan_next_steps

    chosen = choose_definition(kb, definition_id)
    names = index_for(kb)
    fixed = _fixed(kb)
    facts, judged, verdicts, record_warnings, others = judge_history(history, kb, names)

    trials = [trial_result(f, chosen, judged, kb) for f in facts]
    lead = verdicts[chosen.id]
    notes = worth_discussing(history, kb)
    used_sources = _sources_used(trials, chosen, kb, notes)
    if history.prescriptions:
        used_sources.update(kb.settings.records.sources)
    crisis = crisis_lines(kb, country)
    assessment = Assessment(
        meets_definition=lead.meets_definition,
        adequate_failures=lead.adequate_failures,
        failed_drugs=lead.failed_drugs,
        verdict=lead.verdict,
        definition=fixed.definitions[chosen.id],
        by_definition=verdicts,
        disagreements=disagreements(facts, judged, verdicts, kb),
        trials=trials,
        other_treatments=others,
        episode_months=history.episode_months,
        severity=history.severity,
        warnings=[*record_warnings, *trial_warnings(facts)],
        worth_discussing=notes,
        disclaimer=fixed.disclaimer,
        crisis=crisis,
        sources=citations(kb).of(used_sources),
        knowledge_last_reviewed=citations(kb).last_reviewed,
    )
    if not with_options:
        return assessment
    steps = plan_next_steps(kb, context_from(history, assessment), crisis)
    return dataclasses.replace(assessment, next_steps=steps)


class Judged(NamedTuple):
    """A history judged under every definition, before it is written up as an `Assessment`."""

    facts: list[TrialFacts]  # each trial's medicine, dose checks and warnings, whatever the definition
    trials: dict[str, list[TrialDefinitionResult]]  # definition id -> each trial under it, counting applied
    verdicts: dict[str, VerdictResult]  # definition id -> whether it is met, and why
    warnings: list[str]  # what reading prescription records gave (none for a history of trials)
    other_treatments: list[OtherTreatmentResult]


def judge_history(history: HistoryInput, kb: KnowledgeBase, names: NameIndex | None = None) -> Judged:
    """Every trial under every definition, and the verdict under each: where `assess_history` starts,
    and all a caller needs that only counts verdicts (a batch of histories). It refuses (InputError)
    exactly the histories `assess_history` refuses, with the same message."""
    names = names or index_for(kb)
    facts, warnings = trial_facts(history, kb, names)
    judged = {d.id: count_trials(facts, d, kb) for d in kb.definitions}
    verdicts = {d.id: definition_verdict(d, judged[d.id], facts) for d in kb.definitions}
    return Judged(facts, judged, verdicts, warnings, _other_treatments(history, names))


def trial_facts(history: HistoryInput, kb: KnowledgeBase, names: NameIndex) -> tuple[list[TrialFacts], list[str]]:
    """The history's trials, or the trials read from its prescription records, resolved and checked;
    with the warnings the records gave (dates were checked by `validate_history`)."""
    if not history.prescriptions:
        return [prepare_trial(n, entry, kb, names, history.age) for n, entry in enumerate(history.trials, start=1)], []
    from trd_aid.engine.records import trials_from_records

    derived, warnings = trials_from_records(history, kb, names)
    facts = []
    for n, d in enumerate(derived, start=1):
        f = prepare_trial(n, d.trial, kb, names, history.age, records=d.records)
        f.how.extend(d.how)
        facts.append(f)
    if not facts:
        raise InputError(
            "no antidepressant was found in the records; a history needs at least one antidepressant course.",
            field="prescriptions",
        )
    assumed = [f.number for f in facts if f.adherence_assumed and f.drug is not None]
    if assumed:
        warnings.append(
            f"Records: {len(assumed)} of {len(facts)} trials do not say how regularly the medicine was taken, so it "
            f"was taken as good ({kb.settings.adherence_good_means}). Add adherence: partial or poor to a record if "
            "many doses were missed."
        )
    return facts, warnings


def worth_discussing(history: HistoryInput, kb: KnowledgeBase) -> list[WorthDiscussingResult]:
    """The reported pseudo-resistance factors, in the knowledge base's order, each with its sources;
    then what a trial's `later:` says happened (e.g. it helped, then stopped helping)."""
    reported = set(history.risk_factors)
    later = {t.later for t in history.trials if t.later}
    chosen: list[tuple[str, RiskFactorInfo]] = [(k, i) for k, i in kb.risk_factors.items() if k in reported]
    chosen += [(k, i) for k, i in kb.later_notes.items() if k in later]
    return [
        WorthDiscussingResult(id=key, label=info.label, note=" ".join(info.note.split()), sources=info.sources)
        for key, info in chosen
    ]


def choose_definition(kb: KnowledgeBase, definition_id: str | None) -> Definition:
    """The definition asked for (default: the knowledge base's default); an unknown id is an InputError."""
    if definition_id is None:
        return kb.default_definition
    found = kb.definition(definition_id)
    if found is None:
        from trd_aid.errors import did_you_mean

        ids = [d.id for d in kb.definitions]
        raise InputError(
            f"unknown definition {definition_id!r}.",
            field="--definition",
            suggestion=did_you_mean(definition_id, ids, cutoff=50) or f"Known: {', '.join(ids)}.",
        )
    return found


def count_trials(facts: list[TrialFacts], definition: Definition, kb: KnowledgeBase) -> list[TrialDefinitionResult]:
    """Judge each trial, then apply the counting rules: current episode only, the kinds of regimen the
    definition counts, and each treatment once (a regimen is a treatment of its own)."""
    results = []
    counted: dict[frozenset[str], int] = {}
    for f in facts:
        result = judge_trial(f, definition, kb)
        if result.failed and definition.current_episode_only and f.entry.episode == "previous":
            result = _not_counted(
                result,
                "episode",
                "Episode: from a previous episode. Shown for the record; only trials in the current episode count.",
            )
        elif result.failed and f.add_ons and (refused := regimen_counts(f, definition)) is not None:
            result = _not_counted(result, "regimen", refused, definition.regimens.sources)
        elif result.failed and definition.distinct_drugs and f.drug is not None:
            first = counted.get(f.regimen_key)
            if first is not None:
                what = "antidepressant" if not f.add_ons else "treatment"
                result = _not_counted(
                    result,
                    "repeat",
                    f"Repeat: {f.name} already counted in trial {first}; the same {what} counts once.",
                )
            else:
                counted[f.regimen_key] = f.number
        results.append(result)
    return results


def _not_counted(
    result: TrialDefinitionResult, name: CheckName, reason: str, sources: list[str] | None = None
) -> TrialDefinitionResult:
    check = CheckResult(name=name, passed=False, reason=reason, sources=list(sources or []))
    return dataclasses.replace(result, counts=False, reasons=[*result.reasons, reason], checks=[*result.checks, check])


def definition_verdict(
    definition: Definition, judged: list[TrialDefinitionResult], facts: list[TrialFacts]
) -> VerdictResult:
    counted = [f for f, j in zip(facts, judged, strict=True) if j.counts and f.drug is not None]
    failed = [f.name for f in counted]
    meets = len(failed) >= definition.required_failures
    name = definition.short_name
    # "sertraline, duloxetine + aripiprazole" reads as three medicines; regimens are set apart with ";"
    listed = ("; " if any(f.add_ons for f in counted) else ", ").join(failed)
    what = "treatments" if any(f.add_ons for f in counted) else "antidepressants"
    asks = f"the definition asks for {definition.required_failures} with different {what}."
    if meets:
        text = (
            f"Meets the {name} definition of treatment-resistant depression: {len(failed)} different "
            f"{what} ({listed}) did not help enough after adequate trials in the current episode."
        )
    elif failed:
        text = (
            f"Does not meet the {name} definition: {len(failed)} adequate {'trial' if len(failed) == 1 else 'trials'} "
            f"that did not help enough ({listed}); {asks}"
        )
    else:
        text = f"Does not meet the {name} definition: no adequate trial that did not help enough was found; {asks}"
    return VerdictResult(
        name=name, meets_definition=meets, adequate_failures=len(failed), failed_drugs=failed, verdict=text
    )


def disagreements(
    facts: list[TrialFacts],
    judged: dict[str, list[TrialDefinitionResult]],
    verdicts: dict[str, VerdictResult],
    kb: KnowledgeBase,
) -> list[str]:
    """Plain sentences on where the definitions part ways, trial by trial."""
    lines = []
    meets = {v.meets_definition for v in verdicts.values()}
    if len(meets) > 1:
        yes = [v.name for v in verdicts.values() if v.meets_definition]
        no = [v.name for v in verdicts.values() if not v.meets_definition]
        lines.append(f"The definitions disagree: met under {', '.join(yes)}; not met under {', '.join(no)}.")
    for i, f in enumerate(facts):
        counting = [d for d in kb.definitions if judged[d.id][i].counts]
        if not counting or len(counting) == len(kb.definitions):
            continue
        for d in kb.definitions:
            if judged[d.id][i].counts:
                continue
            why = _first_reason_against(judged[d.id][i])
            lines.append(
                f"{f.label} counts under {', '.join(c.short_name for c in counting)} but not under {d.short_name}: {why}"
            )
    return lines


def _first_reason_against(result: TrialDefinitionResult) -> str:
    """The first check that stopped a trial counting (for outcome, `passed` means "failed to help")."""
    for check in result.checks:
        if check.passed is None or (check.passed is False):
            return check.reason
    return ""


def _other_treatments(history: HistoryInput, names: NameIndex) -> list[OtherTreatmentResult]:
    results = []
    for number, entry in enumerate(history.other_treatments, start=1):
        resolved = names.require(
            entry.treatment,
            what="treatment",
            trial=number,
            field="treatment",
            section="other treatment",
            list_hint=False,
        )
        if resolved.drug is not None:
            treatment_id, name, kind = resolved.drug.id, resolved.drug.display_name, "antidepressant"
        else:
            assert resolved.other is not None
            treatment_id, name, kind = resolved.other.id, resolved.other.name, resolved.other.kind
        results.append(
            OtherTreatmentResult(
                number=number,
                input_name=entry.treatment,
                treatment=treatment_id,
                name=name,
                kind=kind,
                dose_mg=entry.dose_mg,
                weeks=entry.weeks,
                outcome=entry.outcome,
                improvement_pct=entry.improvement_pct,
                episode=entry.episode,
                note=entry.note,
            )
        )
    return results


def _definition_info(d: Definition) -> DefinitionResult:
    return DefinitionResult(
        id=d.id,
        name=d.name,
        short_name=d.short_name,
        summary=" ".join(d.summary.split()),
        dose_basis=d.dose_basis,
        min_weeks=d.min_weeks,
        failure_below_pct=d.failure_below_pct,
        required_failures=d.required_failures,
        adherence_required=list(d.adherence_required),
        current_episode_only=d.current_episode_only,
        distinct_drugs=d.distinct_drugs,
        regimens=RegimenRulesResult(
            augmentation=d.regimens.augmentation,
            combination=d.regimens.combination,
            add_on_min_weeks=d.regimens.add_on_min_weeks,
            source_says=" ".join(d.regimens.source_says.split()),
            stated=d.regimens.stated,
            why=" ".join(d.regimens.why.split()),
            sources=d.regimens.sources,
        ),
        operational_choices=[
            OperationalChoiceResult(
                parameter=c.parameter, value=c.value, why=" ".join(c.why.split()), sources=c.sources
            )
            for c in d.operational_choices
        ],
        sources=d.sources,
    )


def _sources_used(
    trials: list[TrialResult], chosen: Definition, kb: KnowledgeBase, notes: list[WorthDiscussingResult]
) -> set[str]:
    used = set(chosen.sources)
    if any(t.add_ons for t in trials):
        used.update(chosen.regimens.sources)
    for note in notes:
        used.update(note.sources)
    for choice in chosen.operational_choices:
        used.update(choice.sources)
    for t in trials:
        used.update(t.sources)
    used.update(crisis_sources(kb))
    return used


class _Fixed:
    """What every assessment takes unchanged from a knowledge base, worked out once for it
    (see engine/prepared.py): frozen results, shared by the assessments that show them."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.definitions = {d.id: _definition_info(d) for d in kb.definitions}
        self.disclaimer = " ".join(kb.disclaimer.split())


def _fixed(kb: KnowledgeBase) -> _Fixed:
    return derived(kb, _Fixed)

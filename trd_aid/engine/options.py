"""Next-step options: which ones guidelines describe, tailored to a history. Pure rules, no I/O.

Rules, each findable by name:
- `tried_entries`      an option was tried when the history names one of its treatments or classes;
- `option_timing`      stage-aware: "later" when fewer failed adequate trials than guidelines usually want;
- `rule_applies`       a caveat rule's conditions (tried, age, flags) all hold for this history;
- `history_flags`      the facts a history gives the rules (risk factors, pregnancy, psychosis, ...);
- `checks_first_for`   the pseudo-resistance checks, shown when a trial was inadequate or a risk reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trd_aid.engine.citations import citations
from trd_aid.engine.crisis import crisis_sources
from trd_aid.engine.option_plan import Plan, PreparedOption, plain_text, plan_for
from trd_aid.engine.results import (
    Assessment,
    CaveatResult,
    CheckFirstResult,
    CrisisLineResult,
    NextSteps,
    OptionResult,
    OptionTiming,
    TriedResult,
)
from trd_aid.inputs.history import HistoryInput
from trd_aid.knowledge.models import CaveatRule, CheckFirst, KnowledgeBase, NextStepOption

SEVERE = ("severe", "severe_psychotic")


@dataclass(frozen=True)
class HistoryContext:
    """What the option rules may know about a person; empty when no history was given."""

    tailored: bool = False
    by_treatment: dict[str, list[TriedResult]] = field(default_factory=dict)  # as a trial or other treatment
    as_add_on: dict[str, list[TriedResult]] = field(default_factory=dict)  # a trial's add-on, or other_treatments
    by_class: dict[str, list[TriedResult]] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()
    age: int | None = None
    severity: str | None = None
    adequate_failures: int | None = None
    meets_definition: bool | None = None
    definition: str | None = None
    min_weeks: float | None = None  # the definition's shortest full trial, for check-first wording
    # The history's own words for a derived flag: "trial 3 (escitalopram): too short".
    flag_details: dict[str, str] = field(default_factory=dict)


def context_from(history: HistoryInput, assessment: Assessment) -> HistoryContext:
    by_treatment: dict[str, list[TriedResult]] = {}
    as_add_on: dict[str, list[TriedResult]] = {}
    by_class: dict[str, list[TriedResult]] = {}
    for t in assessment.trials:
        entry = TriedResult(
            where="trial",
            number=t.number,
            name=t.regimen if t.add_ons else (t.drug or t.input_name),
            outcome=t.outcome,
            improvement_pct=t.improvement_pct,
        )
        if t.treatment_id:
            by_treatment.setdefault(t.treatment_id, []).append(entry)
        if t.drug_class:
            by_class.setdefault(t.drug_class, []).append(entry)
        for a in t.add_ons:  # given with this trial's antidepressant: tried, and tried as an add-on (as the regimen)
            by_treatment.setdefault(a.treatment, []).append(entry)
            as_add_on.setdefault(a.treatment, []).append(entry)
            if a.drug_class:
                by_class.setdefault(a.drug_class, []).append(entry)
    for o in assessment.other_treatments:
        entry = TriedResult(
            where="other_treatment", number=o.number, name=o.name, outcome=o.outcome, improvement_pct=o.improvement_pct
        )
        by_treatment.setdefault(o.treatment, []).append(entry)
        as_add_on.setdefault(o.treatment, []).append(entry)
    return HistoryContext(
        tailored=True,
        by_treatment=by_treatment,
        as_add_on=as_add_on,
        by_class=by_class,
        flags=frozenset(history_flags(history, assessment)),
        age=history.age,
        severity=history.severity,
        adequate_failures=assessment.adequate_failures,
        meets_definition=assessment.meets_definition,
        definition=assessment.definition.short_name,
        min_weeks=assessment.definition.min_weeks,
        flag_details=flag_details(assessment),
    )


def history_flags(history: HistoryInput, assessment: Assessment) -> set[str]:
    flags: set[str] = set(history.risk_factors)
    if history.pregnancy_or_breastfeeding:
        flags.add("pregnancy")
    if history.severity == "severe_psychotic":
        flags.add("psychotic_features")
    current = [t for t in assessment.trials if t.kind == "antidepressant" and t.episode == "current"]
    if any(not t.adequate for t in current):
        flags.add("inadequate_trial")
    if any(t.adherence in ("partial", "poor") and not t.adherence_assumed for t in assessment.trials):
        flags.add("nonadherence")
    return flags


def flag_details(assessment: Assessment) -> dict[str, str]:
    """Which trials raised a derived flag, in words a reader can check against the table."""
    from trd_aid.engine.status import short_status

    details: dict[str, str] = {}
    current = [t for t in assessment.trials if t.kind == "antidepressant" and t.episode == "current"]
    inadequate = [f"trial {t.number} ({t.regimen}): {short_status(t)}" for t in current if not t.adequate]
    if inadequate:
        details["inadequate_trial"] = "; ".join(inadequate)
    missed = [
        f"trial {t.number} ({t.regimen})"
        for t in assessment.trials
        if t.adherence in ("partial", "poor") and not t.adherence_assumed
    ]
    if missed:
        details["nonadherence"] = "doses missed in " + ", ".join(missed)
    return details


def tried_entries(option: NextStepOption, ctx: HistoryContext) -> list[TriedResult]:
    found: list[TriedResult] = []
    for key in option.matches.treatments:
        found.extend(ctx.by_treatment.get(key, []))
    for key in option.matches.add_ons:
        found.extend(ctx.as_add_on.get(key, []))
    for key in option.matches.drug_classes:
        found.extend(ctx.by_class.get(key, []))
    if not found:
        return found
    unique = {(e.where, e.number): e for e in found}
    return sorted(unique.values(), key=lambda e: (e.where != "trial", e.number))


def option_timing(option: NextStepOption, ctx: HistoryContext) -> tuple[OptionTiming, str | None]:
    """Where this option sits for this history, and the words that say so."""
    stage = option.stage
    if not ctx.tailored or ctx.adequate_failures is None:
        return "general", stage.note if stage.min_failures > 0 else None
    if ctx.adequate_failures >= stage.min_failures:
        return "now", None
    if stage.urgent_exception and ctx.severity in SEVERE:
        return "sooner_if_severe", stage.urgent_exception
    return "later", stage.note or f"Usually considered after {stage.min_failures} or more treatments have not helped."


def flag_label(flag: str, kb: KnowledgeBase, ctx: HistoryContext | None = None) -> str:
    """Why a flag is shown: the history's own words when it has them, else the flag's label."""
    if ctx is not None and flag in ctx.flag_details:
        return ctx.flag_details[flag]
    if flag in kb.risk_factors:
        return kb.risk_factors[flag].label.lower()
    return next((label for key, label in kb.flag_labels.items() if key == flag), flag)


def rule_applies(rule: CaveatRule, ctx: HistoryContext, kb: KnowledgeBase) -> str | None:
    """None if the rule does not apply; else the words for why it does ("" when it always applies)."""
    when = rule.when
    reasons: list[str] = []
    if when.tried_treatments or when.tried_classes:
        entries = [e for key in when.tried_treatments for e in ctx.by_treatment.get(key, [])]
        entries += [e for key in when.tried_classes for e in ctx.by_class.get(key, [])]
        if not entries:
            return None
        names = list(dict.fromkeys(e.name for e in entries))
        reasons.append(f"{', '.join(names)} tried before")
    if when.age_under is not None:
        if ctx.age is None or ctx.age >= when.age_under:
            return None
        reasons.append(f"age under {when.age_under}")
    if when.age_at_least is not None:
        if ctx.age is None or ctx.age < when.age_at_least:
            return None
        reasons.append(f"age {when.age_at_least} or over")
    if when.age_known is not None:
        if (ctx.age is not None) != when.age_known:
            return None
        reasons.append(f"age {ctx.age}" if ctx.age is not None else "no age given")
    if when.flags:
        hits = [f for f in when.flags if f in ctx.flags]
        if not hits:
            return None
        reasons.append(" and ".join(flag_label(f, kb, ctx) for f in hits))
    return "; ".join(reasons)


def rule_reasons(ctx: HistoryContext, kb: KnowledgeBase) -> dict[str, str]:
    """The caveat rules that apply to this history, in file order, each with `rule_applies`'s words; once
    per history, as a rule's answer does not depend on the option. Only the rules this history could
    trigger are tested: those that name one of its treatments, classes or flags, and those that name none."""
    plan = plan_for(kb)
    reasons = {}
    for rule in plan.rules_to_test(ctx):
        reason = rule_applies(rule, ctx, kb)
        if reason is not None:
            reasons[rule.id] = reason
    return reasons


def general_notes(kb: KnowledgeBase, reasons: dict[str, str]) -> list[CaveatResult]:
    """The notes about the whole list that this history triggers; `reasons` is `rule_reasons(ctx, kb)`."""
    plan = plan_for(kb)
    notes = []
    for rule in plan.general_rules:
        reason = reasons.get(rule.id)
        if reason:  # a note about the whole list is shown only when the history triggers it
            notes.append(CaveatResult(text=plan.rule_texts[rule.id], sources=list(rule.sources), shown_because=reason))
    return notes


def checks_first_for(ctx: HistoryContext, kb: KnowledgeBase) -> list[CheckFirstResult]:
    """Shown when a trial was inadequate, a risk factor was reported or a named treatment was tried;
    all of them (with the default definition's numbers) without a history."""
    plan = plan_for(kb)
    triggered: list[CheckFirstResult] = []
    general: list[CheckFirst] = []
    for item, looks_for in plan.checks_first:
        if looks_for.isdisjoint(ctx.flags) and looks_for.isdisjoint(ctx.by_treatment):
            if not ctx.tailored or not looks_for:
                general.append(item)
            continue
        hits: list[str] = [f for f in item.triggers if f in ctx.flags]
        tried = [e for key in item.tried_treatments for e in ctx.by_treatment.get(key, [])]
        if hits or tried:
            because = [flag_label(f, kb, ctx) for f in hits]
            because += [
                f"{e.name} taken ({'trial' if e.where == 'trial' else 'other treatment'} {e.number})" for e in tried
            ]
            triggered.append(
                CheckFirstResult(
                    id=item.id,
                    text=_check_text(plan, item, ctx),
                    sources=item.sources,
                    shown_because="; ".join(because),
                    triggered_by=[*hits, *(f"tried:{e.name}" for e in tried)],
                )
            )
        elif not ctx.tailored or not (item.triggers or item.tried_treatments):
            general.append(item)
    if ctx.tailored and not triggered:
        return []
    return triggered + [CheckFirstResult(id=i.id, text=_check_text(plan, i, ctx), sources=i.sources) for i in general]


def _check_text(plan: Plan, item: CheckFirst, ctx: HistoryContext) -> str:
    min_weeks = ctx.min_weeks if ctx.min_weeks is not None else plan.default_min_weeks
    definition = ctx.definition or plan.default_short_name
    return plan.check_texts.get(
        (item.id, min_weeks, definition),
        lambda: plain_text(item.text.format_map({"min_weeks": f"{min_weeks:g}", "definition": definition})),
    )


def appointment_questions(ctx: HistoryContext, kb: KnowledgeBase) -> list[str]:
    chosen = []
    for q, flags in plan_for(kb).questions:
        if flags and ctx.flags.isdisjoint(flags):
            continue
        if q.when.meets_definition is not None and q.when.meets_definition != ctx.meets_definition:
            continue
        chosen.append(q.text)
    return chosen


def plan_next_steps(kb: KnowledgeBase, ctx: HistoryContext, crisis: list[CrisisLineResult]) -> NextSteps:
    plan = plan_for(kb)
    reasons = rule_reasons(ctx, kb)
    fired = plan.fired_by_option(reasons)
    touched = plan.options_tried(ctx)
    touched.update(n for n in fired.keys() | plan.always_fired.keys() if fired.get(n) != plan.always_fired.get(n))
    # An option this history does not touch (nothing tried, no caveat rule fired but those that always
    # do) depends on its timing alone: those results are made once for each timing and shared (frozen).
    results = list(plan.untouched.get(_timing_key(ctx), lambda: _untouched_results(plan, ctx)))
    used: set[str] = set(crisis_sources(kb))
    for position, prepared in enumerate(plan.options):
        if position not in touched:
            used.update(plan.untouched_sources[position])
            continue
        option = prepared.option
        caveats = plan.caveats(prepared, fired.get(position, {}))
        results[position] = _new_option_result(
            prepared, tried_entries(option, ctx), *option_timing(option, ctx), caveats
        )
        used.update(option.sources, *(caveat.sources for caveat in caveats))
    checks = checks_first_for(ctx, kb)
    notes = general_notes(kb, reasons)
    for check in checks:
        used.update(check.sources)
    for note in notes:
        used.update(note.sources)
    return NextSteps(
        tailored=ctx.tailored,
        adequate_failures=ctx.adequate_failures,
        definition=ctx.definition,
        categories=list(plan.categories),
        options=results,
        checks_first=checks,
        notes=notes,
        questions=appointment_questions(ctx, kb) if ctx.tailored else [],
        crisis=crisis,
        sources=citations(kb).of(used),
        knowledge_last_reviewed=citations(kb).last_reviewed,
    )


def _timing_key(ctx: HistoryContext) -> tuple[bool, int | None, bool]:
    """Everything `option_timing` reads from a history."""
    return ctx.tailored, ctx.adequate_failures, ctx.severity in SEVERE


def _untouched_results(plan: Plan, ctx: HistoryContext) -> tuple[OptionResult, ...]:
    return tuple(
        _new_option_result(
            prepared, [], *option_timing(prepared.option, ctx), plan.caveats(prepared, plan.always_fired.get(n, {}))
        )
        for n, prepared in enumerate(plan.options)
    )


def _new_option_result(
    prepared: PreparedOption,
    tried: list[TriedResult],
    timing: OptionTiming,
    note: str | None,
    caveats: list[CaveatResult],
) -> OptionResult:
    option = prepared.option
    return OptionResult(
        id=option.id,
        name=option.name,
        category=option.category,
        category_label=prepared.label,
        summary=prepared.summary,
        status=option.status,
        guideline=option.guideline,
        when_considered=option.when_considered,
        tried=bool(tried),
        tried_with=tried,
        timing=timing,
        timing_note=note,
        caveats=caveats,
        evidence=list(prepared.evidence),
        side_effects=list(prepared.side_effects),
        monitoring=list(prepared.monitoring),
        contraindications=list(prepared.contraindications),
        verification=option.verification,
        sources=list(option.sources),
        last_reviewed=prepared.last_reviewed,
    )

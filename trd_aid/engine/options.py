"""Next-step options: which ones guidelines describe, tailored to a history. Pure rules, no I/O.

Rules, each findable by name:
- `tried_entries`      an option was tried when the history names one of its treatments or classes;
- `option_timing`      stage-aware: "later" when fewer failed adequate trials than guidelines usually want;
- `rule_applies`       a caveat rule's conditions (tried, age, flags) all hold for this history;
- `history_flags`      the facts a history gives the rules (risk factors, pregnancy, psychosis, ...);
- `checks_first_for`   the pseudo-resistance checks, shown when a trial was inadequate or a risk reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from trd_aid.engine.prepared import Memo, derived
from trd_aid.engine.results import (
    Assessment,
    CategoryResult,
    CaveatResult,
    CheckFirstResult,
    CrisisLineResult,
    NextSteps,
    NoteResult,
    OptionResult,
    OptionTiming,
    TriedResult,
)
from trd_aid.inputs.history import HistoryInput
from trd_aid.knowledge.models import CaveatRule, CheckFirst, KnowledgeBase, NextStepOption, Note

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
        for a in t.add_ons:  # given with this trial's antidepressant: tried, and tried as an add-on
            added = TriedResult(
                where="trial", number=t.number, name=t.regimen, outcome=t.outcome, improvement_pct=t.improvement_pct
            )
            by_treatment.setdefault(a.treatment, []).append(added)
            as_add_on.setdefault(a.treatment, []).append(added)
            if a.drug_class:
                by_class.setdefault(a.drug_class, []).append(added)
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
    plan = _plan(kb)
    reasons = {}
    for rule in plan.rules_to_test(ctx):
        reason = rule_applies(rule, ctx, kb)
        if reason is not None:
            reasons[rule.id] = reason
    return reasons


def _targets(rule: CaveatRule, option: NextStepOption) -> bool:
    return option.id in rule.when.option_ids or option.category in rule.when.option_categories


def _is_general(rule: CaveatRule) -> bool:
    return not rule.when.option_ids and not rule.when.option_categories


def option_caveats(
    option: NextStepOption, ctx: HistoryContext, kb: KnowledgeBase, reasons: dict[str, str] | None = None
) -> list[CaveatResult]:
    """History-triggered caveats first (they are the news), then the option's standing caveats.
    `reasons` is `rule_reasons(ctx, kb)`, when the caller has it already."""
    plan = _plan(kb)
    prepared = plan.options[plan.position[option.id]]
    reasons = rule_reasons(ctx, kb) if reasons is None else reasons
    fired = {rule_id: reasons[rule_id] for rule_id in prepared.rule_ids if rule_id in reasons}
    return _caveats(plan, prepared, fired)


def _caveats(plan: _Plan, prepared: _PreparedOption, fired: dict[str, str]) -> list[CaveatResult]:
    """`fired`: the rules aimed at this option that apply, in file order, with why."""
    if not fired:
        return list(prepared.standing_texts)
    triggered: list[CaveatResult] = []
    ruled: list[CaveatResult] = []
    for rule_id, reason in fired.items():
        rule = plan.rules[rule_id]
        if rule.superseded_by and not fired.keys().isdisjoint(rule.superseded_by):
            continue
        caveat = CaveatResult(text=plan.rule_texts[rule_id], sources=list(rule.sources), shown_because=reason or None)
        (triggered if caveat.shown_because else ruled).append(caveat)
    standing = [caveat for caveat, ids in prepared.standing if not ids or fired.keys().isdisjoint(ids)]
    return triggered + standing + ruled


def general_notes(ctx: HistoryContext, kb: KnowledgeBase, reasons: dict[str, str] | None = None) -> list[CaveatResult]:
    plan = _plan(kb)
    notes = []
    for rule in plan.general_rules:
        reason = rule_applies(rule, ctx, kb) if reasons is None else reasons.get(rule.id)
        if reason:  # a note about the whole list is shown only when the history triggers it
            notes.append(CaveatResult(text=plan.rule_texts[rule.id], sources=list(rule.sources), shown_because=reason))
    return notes


def checks_first_for(ctx: HistoryContext, kb: KnowledgeBase) -> list[CheckFirstResult]:
    """Shown when a trial was inadequate, a risk factor was reported or a named treatment was tried;
    all of them (with the default definition's numbers) without a history."""
    plan = _plan(kb)
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


def check_first_text(item: CheckFirst, ctx: HistoryContext, kb: KnowledgeBase) -> str:
    """The item's words, with {min_weeks} and {definition} from the definition in use."""
    return _check_text(_plan(kb), item, ctx)


def _check_text(plan: _Plan, item: CheckFirst, ctx: HistoryContext) -> str:
    min_weeks = ctx.min_weeks if ctx.min_weeks is not None else plan.default_min_weeks
    definition = ctx.definition or plan.default_short_name
    return plan.check_texts.get(
        (item.id, min_weeks, definition),
        lambda: _plain(item.text.format_map({"min_weeks": f"{min_weeks:g}", "definition": definition})),
    )


def appointment_questions(ctx: HistoryContext, kb: KnowledgeBase) -> list[str]:
    chosen = []
    for q, flags in _plan(kb).questions:
        if flags and ctx.flags.isdisjoint(flags):
            continue
        if q.when.meets_definition is not None and q.when.meets_definition != ctx.meets_definition:
            continue
        chosen.append(q.text)
    return chosen


def plan_next_steps(kb: KnowledgeBase, ctx: HistoryContext, crisis: list[CrisisLineResult]) -> NextSteps:
    plan = _plan(kb)
    reasons = rule_reasons(ctx, kb)
    fired = plan.fired_by_option(reasons)
    touched = plan.options_tried(ctx)
    touched.update(n for n in fired.keys() | plan.always_fired.keys() if fired.get(n) != plan.always_fired.get(n))
    # An option this history does not touch (nothing tried, no caveat rule fired but those that always
    # do) depends on its timing alone: those results are made once for each timing and shared (frozen).
    results = list(plan.untouched.get(_timing_key(ctx), lambda: _untouched_results(plan, ctx)))
    used: set[str] = set(plan.crisis_sources)
    for position, prepared in enumerate(plan.options):
        if position not in touched:
            used.update(plan.untouched_sources[position])
            continue
        option = prepared.option
        caveats = _caveats(plan, prepared, fired.get(position, {}))
        results[position] = _new_option_result(
            prepared, tried_entries(option, ctx), *option_timing(option, ctx), caveats
        )
        used.update(option.sources, *(caveat.sources for caveat in caveats))
    checks = checks_first_for(ctx, kb)
    notes = general_notes(ctx, kb, reasons)
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
        sources={sid: plan.citations[sid] for sid in sorted(used)},
        knowledge_last_reviewed=plan.last_reviewed,
    )


def _timing_key(ctx: HistoryContext) -> tuple[bool, int | None, bool]:
    """Everything `option_timing` reads from a history."""
    return ctx.tailored, ctx.adequate_failures, ctx.severity in SEVERE


def _untouched_results(plan: _Plan, ctx: HistoryContext) -> tuple[OptionResult, ...]:
    return tuple(
        _new_option_result(
            prepared, [], *option_timing(prepared.option, ctx), _caveats(plan, prepared, plan.always_fired.get(n, {}))
        )
        for n, prepared in enumerate(plan.options)
    )


def _new_option_result(
    prepared: _PreparedOption,
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


def _sourced(notes: list[Note]) -> tuple[NoteResult, ...]:
    return tuple(NoteResult(text=_plain(n.text), sources=list(n.sources)) for n in notes)


def _plain(text: str) -> str:
    return " ".join(text.split())


# --- what the rules above need from a knowledge base, worked out once (see engine/prepared.py) ------


@dataclass(frozen=True)
class _PreparedOption:
    option: NextStepOption
    label: str  # its category's label
    summary: str
    evidence: tuple[NoteResult, ...]
    side_effects: tuple[NoteResult, ...]
    monitoring: tuple[NoteResult, ...]
    contraindications: tuple[NoteResult, ...]
    standing: tuple[tuple[CaveatResult, frozenset[str]], ...]  # each standing caveat, and the rules that supersede it
    standing_texts: tuple[CaveatResult, ...]  # all of them: what a history that fires no rule sees
    rule_ids: tuple[str, ...]  # the caveat rules aimed at this option, in file order
    last_reviewed: str


class _Plan:
    """The options in display order with their fixed texts, and indexes from what a history holds
    (treatments, classes, flags) to the options it may have tried and the caveat rules it may trigger."""

    def __init__(self, kb: KnowledgeBase) -> None:
        order = [c.id for c in kb.option_categories]
        labels = {c.id: c.label for c in kb.option_categories}
        aimed = [rule for rule in kb.caveat_rules if not _is_general(rule)]
        self.options = [
            _prepare_option(option, labels[option.category], aimed)
            for option in sorted(kb.options, key=lambda o: order.index(o.category))  # stable: file order
        ]
        self.position = {prepared.option.id: n for n, prepared in enumerate(self.options)}
        self.rules = {rule.id: rule for rule in kb.caveat_rules}
        self.rule_texts = {rule.id: _plain(rule.text) for rule in kb.caveat_rules}
        self.general_rules = [rule for rule in kb.caveat_rules if _is_general(rule)]
        self.rule_targets = {
            rule.id: tuple(n for n, p in enumerate(self.options) if rule.id in p.rule_ids) for rule in kb.caveat_rules
        }
        # What a history must hold for an option to have been tried (see tried_entries) ...
        self.tried_by_treatment = _positions(
            (key, n) for n, p in enumerate(self.options) for key in p.option.matches.treatments
        )
        self.tried_by_add_on = _positions(
            (key, n) for n, p in enumerate(self.options) for key in p.option.matches.add_ons
        )
        self.tried_by_class = _positions(
            (key, n) for n, p in enumerate(self.options) for key in p.option.matches.drug_classes
        )
        # ... and for a caveat rule to apply (see rule_applies): one of its treatments or classes when it
        # names some, else one of its flags when it names some; a rule that names neither is always tested.
        self.rules_by_treatment = _positions((key, r.id) for r in kb.caveat_rules for key in r.when.tried_treatments)
        self.rules_by_class = _positions((key, r.id) for r in kb.caveat_rules for key in r.when.tried_classes)
        self.rules_by_flag = _positions(
            (flag, r.id)
            for r in kb.caveat_rules
            if not (r.when.tried_treatments or r.when.tried_classes)
            for flag in r.when.flags
        )
        self.order = {rule.id: n for n, rule in enumerate(kb.caveat_rules)}
        self.always_tested = [
            r for r in kb.caveat_rules if not (r.when.tried_treatments or r.when.tried_classes or r.when.flags)
        ]
        # Rules with no condition at all fire for every history (`rule_applies` gives "").
        self.always_fired = self.fired_by_option({r.id: "" for r in self.always_tested if _unconditional(r)})
        self.untouched_sources = [
            frozenset(
                [
                    *p.option.sources,
                    *(sid for c in _caveats(self, p, self.always_fired.get(n, {})) for sid in c.sources),
                ]
            )
            for n, p in enumerate(self.options)
        ]
        self.categories = tuple(CategoryResult(id=c.id, label=c.label, intro=c.intro) for c in kb.option_categories)
        self.citations = {sid: _plain(source.citation) for sid, source in kb.sources.items()}
        self.crisis_sources = frozenset(sid for contact in kb.crisis for sid in contact.sources)
        self.questions = [(q, frozenset(q.when.flags)) for q in kb.appointment_questions]
        # Each check-first item, with the flags and treatments that trigger it.
        self.checks_first = [(c, frozenset([*c.triggers, *c.tried_treatments])) for c in kb.checks_first]
        default = kb.default_definition
        self.default_min_weeks = default.min_weeks
        self.default_short_name = default.short_name
        self.check_texts: Memo[tuple[str, float, str], str] = Memo(256)
        self.untouched: Memo[tuple[bool, int | None, bool], tuple[OptionResult, ...]] = Memo(256)
        self.last_reviewed = kb.last_reviewed.isoformat()

    def options_tried(self, ctx: HistoryContext) -> set[int]:
        """The positions of the options this history may have tried (`tried_entries` has the answer)."""
        found: set[int] = set()
        for index, keys in (
            (self.tried_by_treatment, ctx.by_treatment),
            (self.tried_by_add_on, ctx.as_add_on),
            (self.tried_by_class, ctx.by_class),
        ):
            for key in keys:
                found.update(index.get(key, ()))
        return found

    def rules_to_test(self, ctx: HistoryContext) -> list[CaveatRule]:
        """The rules this history could trigger, in file order."""
        found: set[str] = set()
        for index, keys in (
            (self.rules_by_treatment, ctx.by_treatment),
            (self.rules_by_class, ctx.by_class),
            (self.rules_by_flag, ctx.flags),
        ):
            for key in keys:
                found.update(index.get(key, ()))
        tested = [self.rules[rule_id] for rule_id in found]
        tested.extend(self.always_tested)
        tested.sort(key=lambda rule: self.order[rule.id])
        return tested

    def fired_by_option(self, reasons: dict[str, str]) -> dict[int, dict[str, str]]:
        """For each option position, the rules aimed at it that apply (`reasons`, in file order), with why."""
        fired: dict[int, dict[str, str]] = {}
        for rule_id, reason in reasons.items():
            for position in self.rule_targets[rule_id]:
                fired.setdefault(position, {})[rule_id] = reason
        return fired


T = TypeVar("T")


def _positions(pairs: Iterable[tuple[str, T]]) -> dict[str, tuple[T, ...]]:
    """key -> every value paired with it, in order."""
    found: dict[str, list[T]] = {}
    for key, value in pairs:
        found.setdefault(key, []).append(value)
    return {key: tuple(values) for key, values in found.items()}


def _prepare_option(option: NextStepOption, label: str, rules: list[CaveatRule]) -> _PreparedOption:
    standing = tuple(
        (CaveatResult(text=_plain(c.text), sources=list(c.sources)), frozenset(c.superseded_by)) for c in option.caveats
    )
    detail = option.detail
    return _PreparedOption(
        option=option,
        label=label,
        summary=_plain(option.summary),
        evidence=_sourced(detail.evidence),
        side_effects=_sourced(detail.side_effects),
        monitoring=_sourced(detail.monitoring),
        contraindications=_sourced(detail.contraindications),
        standing=standing,
        standing_texts=tuple(caveat for caveat, _ in standing),
        rule_ids=tuple(rule.id for rule in rules if _targets(rule, option)),
        last_reviewed=option.last_reviewed.isoformat(),
    )


def _unconditional(rule: CaveatRule) -> bool:
    when = rule.when
    return (
        not (when.tried_treatments or when.tried_classes or when.flags)
        and when.age_under is None
        and when.age_at_least is None
        and when.age_known is None
    )


def _plan(kb: KnowledgeBase) -> _Plan:
    return derived(kb, _Plan)

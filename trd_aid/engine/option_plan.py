"""What the option rules need from a knowledge base, worked out once for it (see engine/prepared.py):
each option's fixed texts and sources, which caveat rules can touch which option, and the results
of the options no history changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from trd_aid.engine.prepared import Memo, derived
from trd_aid.engine.results import (
    CategoryResult,
    CaveatResult,
    NoteResult,
    OptionResult,
)
from trd_aid.knowledge.models import CaveatRule, KnowledgeBase, NextStepOption, Note

if TYPE_CHECKING:
    from trd_aid.engine.options import HistoryContext


def targets(rule: CaveatRule, option: NextStepOption) -> bool:
    return option.id in rule.when.option_ids or option.category in rule.when.option_categories


def is_general(rule: CaveatRule) -> bool:
    return not rule.when.option_ids and not rule.when.option_categories


def sourced(notes: list[Note]) -> tuple[NoteResult, ...]:
    return tuple(NoteResult(text=plain_text(n.text), sources=list(n.sources)) for n in notes)


def plain_text(text: str) -> str:
    return " ".join(text.split())


# --- each option's fixed parts, and the indexes ----------------------------------------------------


@dataclass(frozen=True)
class PreparedOption:
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


class Plan:
    """The options in display order with their fixed texts, and indexes from what a history holds
    (treatments, classes, flags) to the options it may have tried and the caveat rules it may trigger."""

    def __init__(self, kb: KnowledgeBase) -> None:
        order = [c.id for c in kb.option_categories]
        labels = {c.id: c.label for c in kb.option_categories}
        aimed = [rule for rule in kb.caveat_rules if not is_general(rule)]
        self.options = [
            _prepare_option(option, labels[option.category], aimed)
            for option in sorted(kb.options, key=lambda o: order.index(o.category))  # stable: file order
        ]
        self.position = {prepared.option.id: n for n, prepared in enumerate(self.options)}
        self.rules = {rule.id: rule for rule in kb.caveat_rules}
        self.rule_texts = {rule.id: plain_text(rule.text) for rule in kb.caveat_rules}
        self.general_rules = [rule for rule in kb.caveat_rules if is_general(rule)]
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
                    *(sid for c in self.caveats(p, self.always_fired.get(n, {})) for sid in c.sources),
                ]
            )
            for n, p in enumerate(self.options)
        ]
        self.categories = tuple(CategoryResult(id=c.id, label=c.label, intro=c.intro) for c in kb.option_categories)
        self.questions = [(q, frozenset(q.when.flags)) for q in kb.appointment_questions]
        # Each check-first item, with the flags and treatments that trigger it.
        self.checks_first = [(c, frozenset([*c.triggers, *c.tried_treatments])) for c in kb.checks_first]
        default = kb.default_definition
        self.default_min_weeks = default.min_weeks
        self.default_short_name = default.short_name
        self.check_texts: Memo[tuple[str, float, str], str] = Memo(256)
        self.untouched: Memo[tuple[bool, int | None, bool], tuple[OptionResult, ...]] = Memo(256)

    def caveats(self, prepared: PreparedOption, fired: dict[str, str]) -> list[CaveatResult]:
        """An option's caveats, given `fired`: the rules aimed at it that apply, in file order, with why.
        A rule whose superseding rule also fired gives way to it; so does a standing caveat."""
        if not fired:
            return list(prepared.standing_texts)
        triggered: list[CaveatResult] = []
        ruled: list[CaveatResult] = []
        for rule_id, reason in fired.items():
            rule = self.rules[rule_id]
            if rule.superseded_by and not fired.keys().isdisjoint(rule.superseded_by):
                continue
            caveat = CaveatResult(
                text=self.rule_texts[rule_id], sources=list(rule.sources), shown_because=reason or None
            )
            (triggered if caveat.shown_because else ruled).append(caveat)
        standing = [caveat for caveat, ids in prepared.standing if not ids or fired.keys().isdisjoint(ids)]
        return triggered + standing + ruled

    def options_tried(self, ctx: HistoryContext) -> set[int]:
        """The positions of the options this history may have tried (`tried_entries` has the answer)."""
        return _looked_up(
            (self.tried_by_treatment, ctx.by_treatment),
            (self.tried_by_add_on, ctx.as_add_on),
            (self.tried_by_class, ctx.by_class),
        )

    def rules_to_test(self, ctx: HistoryContext) -> list[CaveatRule]:
        """The rules this history could trigger, in file order."""
        found = _looked_up(
            (self.rules_by_treatment, ctx.by_treatment),
            (self.rules_by_class, ctx.by_class),
            (self.rules_by_flag, ctx.flags),
        )
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


def _looked_up(*lookups: tuple[Mapping[str, tuple[T, ...]], Iterable[str]]) -> set[T]:
    """Everything the keys lead to, over several (index, keys) pairs."""
    found: set[T] = set()
    for index, keys in lookups:
        for key in keys:
            found.update(index.get(key, ()))
    return found


def _prepare_option(option: NextStepOption, label: str, rules: list[CaveatRule]) -> PreparedOption:
    standing = tuple(
        (CaveatResult(text=plain_text(c.text), sources=list(c.sources)), frozenset(c.superseded_by))
        for c in option.caveats
    )
    detail = option.detail
    return PreparedOption(
        option=option,
        label=label,
        summary=plain_text(option.summary),
        evidence=sourced(detail.evidence),
        side_effects=sourced(detail.side_effects),
        monitoring=sourced(detail.monitoring),
        contraindications=sourced(detail.contraindications),
        standing=standing,
        standing_texts=tuple(caveat for caveat, _ in standing),
        rule_ids=tuple(rule.id for rule in rules if targets(rule, option)),
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


def plan_for(kb: KnowledgeBase) -> Plan:
    return derived(kb, Plan)

"""One history under every definition, side by side, and where the definitions part ways."""

from __future__ import annotations

from trd_aid.engine.citations import citations
from trd_aid.engine.results import CompareCellResult, CompareRowResult, Comparison, TrialDefinitionResult
from trd_aid.engine.verdict import _definition_info, assess_history
from trd_aid.inputs.history import HistoryInput
from trd_aid.knowledge.models import KnowledgeBase
from trd_aid.vocabulary import WHY_NOT_WORDS

_WHY_NOT = {**WHY_NOT_WORDS, "drug": "not counted (own rules)"}


def compare_definitions(history: HistoryInput, kb: KnowledgeBase) -> Comparison:
    """Reuses `assess_history`: the per-trial, per-definition judgements are the ones `check` makes."""
    assessment = assess_history(history, kb, with_options=False)
    names = {d.id: d.short_name for d in kb.definitions}
    rows = []
    for t in assessment.trials:
        cells = {d: _cell(under, t.kind) for d, under in t.by_definition.items()}
        disagree = len({c.counts for c in cells.values()}) > 1
        why = [f"{names[d]}: {c.reason}" for d, c in cells.items() if disagree and not c.counts]
        rows.append(
            CompareRowResult(
                number=t.number,
                drug=t.regimen,  # with its add-ons: "duloxetine + aripiprazole"
                input_name=t.input_name,
                kind=t.kind,
                by_definition=cells,
                disagree=disagree,
                why=why,
            )
        )
    sources: set[str] = set()
    for d in kb.definitions:
        sources.update(d.sources)
    for t in assessment.trials:
        sources.update(t.sources)
    for c in kb.crisis:
        sources.update(c.sources)
    return Comparison(
        definitions=[_definition_info(d) for d in kb.definitions],
        by_definition=assessment.by_definition,
        trials=rows,
        disagreements=assessment.disagreements,
        warnings=assessment.warnings,
        disclaimer=assessment.disclaimer,
        crisis=assessment.crisis,
        sources=citations(kb).of(sources),
    )


def _cell(under: TrialDefinitionResult, kind: str) -> CompareCellResult:
    status, reason = _status(under, kind)
    return CompareCellResult(
        counts=under.counts, adequate=under.adequate, failed=under.failed, status=status, reason=reason
    )


def _status(under: TrialDefinitionResult, kind: str) -> tuple[str, str]:
    """A few words and the reason that decided them (the first check that stopped the trial counting)."""
    if kind != "antidepressant":
        return "not an antidepressant", under.reasons[0] if under.reasons else ""
    if under.counts:
        outcome = next((c.reason for c in under.checks if c.name == "outcome"), "")
        return "COUNTS", outcome
    for check in under.checks:
        if check.name == "outcome":
            if check.passed is False:
                if "side effects" in check.reason:
                    return "side effects", check.reason
                if not under.adequate:
                    return "not adequate", check.reason
                helped = "partial response" if "partial response" in check.reason else "helped"
                if "(loss of response)" in check.reason:
                    helped = "helped, then stopped"
                return helped, check.reason
            if check.passed is None:
                return "unclear outcome", check.reason
            continue
        if check.passed is None:
            return "cannot judge", check.reason
        if check.passed is False:
            return _WHY_NOT.get(check.name, "not adequate"), check.reason
    return "not counted", under.reasons[-1] if under.reasons else ""

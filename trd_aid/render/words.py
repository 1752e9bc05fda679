"""Words for a trial's cells and status, shared by the terminal, the report and the options list.

No Rich here: the report renderer and the JSON path must not pay for importing it.
"""

from __future__ import annotations

from trd_aid.engine.results import (
    Assessment,
    CaveatResult,
    CrisisLineResult,
    NextSteps,
    OptionResult,
    TrialResult,
    TriedResult,
)
from trd_aid.engine.status import short_status
from trd_aid.vocabulary import OUTCOME_TERMS


def outcome_words(outcome: str | None) -> str:
    """The outcome for a table cell or a short list ("stopped: side effects"); "" when not given."""
    term = OUTCOME_TERMS.get(outcome or "")
    return term.short if term else ""


def crisis_numbers(crisis: list[CrisisLineResult]) -> list[str]:
    """The short form of each region's line, once each, in the order given: ["US: 988", ...]."""
    return list(dict.fromkeys(f"{c.region}: {c.short}" for c in crisis if c.short))


def other_definitions(assessment: Assessment) -> list[str]:
    """Each other definition in one line: met or not, and the trials it judges differently, said once."""
    chosen = assessment.definition.id
    lines = []
    for key, v in assessment.by_definition.items():
        if key == chosen:
            continue
        line = f"{v.name}: {'met' if v.meets_definition else 'not met'}, {plural(v.adequate_failures, 'adequate failed trial')}."
        for t in assessment.trials:
            mine, theirs = t.by_definition.get(chosen), t.by_definition.get(key)
            if mine is None or theirs is None or mine.counts == theirs.counts:
                continue
            if theirs.counts:
                line += f" Trial {t.number} ({t.regimen}) counts there."
            else:
                reason = next((c.reason for c in theirs.checks if c.passed is not True), "")
                line += f" Trial {t.number} ({t.regimen}) does not count there: {reason}"
        lines.append(line)
    return lines


def triggered_cautions(steps: NextSteps) -> list[tuple[CaveatResult, list[OptionResult]]]:
    """Each caution this history raises for some options not yet tried, once, with those options."""
    found: dict[tuple[str, str | None], tuple[CaveatResult, list[OptionResult]]] = {}
    for option in steps.options:
        if option.tried:
            continue
        for caveat in option.caveats:
            if caveat.shown_because:
                entry = found.setdefault((caveat.text, caveat.shown_because), (caveat, []))
                entry[1].append(option)
    return list(found.values())


def concerned_groups(options: list[OptionResult]) -> str:
    """The options a caution concerns, by group: "Switching to a different antidepressant (4 options)"."""
    groups: dict[str, int] = {}
    for option in options:
        groups[option.category_label] = groups.get(option.category_label, 0) + 1
    return "; ".join(f"{label} ({plural(n, 'option')})" for label, n in groups.items())


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 adequate failed trial", "2 adequate failed trials", "46 medicines"."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def tried_words(entries: list[TriedResult]) -> str:
    """ "sertraline (trial 1): no response; CBT (other treatment 2): partial response"."""
    parts = []
    for e in entries:
        where = f"trial {e.number}" if e.where == "trial" else f"other treatment {e.number}"
        result = outcome_words(e.outcome)
        if e.improvement_pct is not None:
            result = f"{result}, {e.improvement_pct:g}% better" if result else f"{e.improvement_pct:g}% better"
        parts.append(f"{e.name} ({where}): {result or 'outcome not given'}")
    return "; ".join(parts)


def trial_name(t: TrialResult) -> str:
    """The medicine as entered ("sertraline (Zoloft)"), with its add-ons and its dates when given."""
    name = t.drug or t.input_name
    if t.brand and t.brand.lower() != (t.drug or "").lower():
        name = f"{name} ({t.brand})"
    elif t.input_name.lower() != name.lower():
        name = f"{name} ({t.input_name})"
    for a in t.add_ons:
        name += f" + {a.name}"
    if t.start and t.stop:
        name += f", {t.start} to {t.stop}"
    return name


def record_notes(t: TrialResult) -> list[str]:
    """How a trial was read from prescription records, one sentence each (empty for a typed trial)."""
    return [reason for reason in t.reasons if reason.startswith("Records:")] if t.from_records else []


def long_status(t: TrialResult) -> str:
    """The long form, used under "Why"."""
    if t.kind != "antidepressant":
        return "not an antidepressant trial"
    if t.counts:
        return "counts: an adequate trial that did not help enough"
    return f"does not count ({short_status(t)})"


def _mark(passed: bool | None) -> str:
    return {True: "ok", False: "below", None: "?"}[passed]


def _check(t: TrialResult, name: str) -> bool | None:
    return next((c.passed for c in t.checks if c.name == name), None)


def dose_cell(t: TrialResult) -> str:
    if t.dose_mg is None:
        return "-"
    entered = f"{t.dose_mg:g} {t.dose_unit}"
    if t.kind != "antidepressant":
        return entered
    if t.min_dose_mg is None:
        return f"{entered} (no threshold)"
    return f"{entered} {_mark(_check(t, 'dose'))} (>={t.min_dose_mg:g})"


def weeks_cell(t: TrialResult) -> str:
    if t.weeks is None:
        return "-"
    entered = f"{t.weeks:.0f} wk" if abs(t.weeks - round(t.weeks)) < 0.05 else f"{t.weeks:.1f} wk"
    if t.kind != "antidepressant" or not any(c.name == "duration" for c in t.checks):
        return entered
    word = "ok" if _check(t, "duration") else "short"
    return f"{entered} {word} (>={t.min_weeks:g})"


def adherence_cell(t: TrialResult) -> str:
    if t.adherence is None:
        return "-"
    return f"{t.adherence} (assumed)" if t.adherence_assumed else t.adherence


def outcome_cell(t: TrialResult) -> str:
    parts = []
    if t.outcome:
        parts.append(outcome_words(t.outcome))
    if t.later == "lost_response":
        parts.append("then stopped helping")
    if t.improvement_pct is not None:
        parts.append(f"{t.improvement_pct:g}% better")
    if t.episode == "previous":
        parts.append("previous episode")
    return ", ".join(parts) or "-"

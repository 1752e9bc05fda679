"""Result objects. Every verdict carries the reasons and source ids that produced it; the
terminal, JSON and report renderers all draw from these same objects.

Plain frozen dataclasses rather than Pydantic models: the engine builds them from data that is
already validated, and they cost nothing at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CheckName = Literal["drug", "dose", "duration", "adherence", "add_on", "outcome", "episode", "repeat", "regimen"]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One test of one trial under one definition. `passed` is None when it cannot be judged;
    for the outcome check, `passed` means "did not help enough to count as a response"."""

    name: CheckName
    passed: bool | None
    reason: str
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TrialDefinitionResult:
    adequate: bool
    failed: bool
    counts: bool
    reasons: list[str]
    checks: list[CheckResult]


@dataclass(frozen=True, slots=True)
class AddOnResult:
    """A medicine given with a trial's antidepressant, as entered (or read from records)."""

    input_name: str
    treatment: str  # the knowledge base id
    name: str
    kind: Literal["augmentation", "combination"]
    drug_class: str | None  # "class" in JSON; an antidepressant's class (combination), else None
    dose_mg: float | None
    weeks: float | None  # its own weeks, or the trial's when not given


@dataclass(frozen=True, slots=True)
class TrialResult:
    number: int
    input_name: str
    drug: str | None  # the generic name, or the treatment's name when not an antidepressant
    treatment_id: str | None  # the knowledge base id of the drug or treatment
    kind: str  # "antidepressant", or the kind of other treatment (augmentation, neuromodulation, ...)
    drug_class: str | None  # "class" in JSON
    brand: str | None
    formulation: str | None
    dose_mg: float | None
    dose_unit: str
    weeks: float | None
    adherence: str | None
    adherence_assumed: bool
    outcome: str | None
    improvement_pct: float | None
    episode: str
    note: str | None
    min_dose_mg: float | None  # the minimum adequate dose under the chosen definition
    label_max_mg: float | None
    min_weeks: float
    adequate: bool
    failed: bool
    counts: bool
    reasons: list[str]  # the chosen definition's reasons, then the safety notes
    sources: list[str]
    checks: list[CheckResult]
    by_definition: dict[str, TrialDefinitionResult]
    safety_notes: list[NoteResult]  # whatever the definition: e.g. a dose above a label's cap for older adults
    regimen: str  # "duloxetine", or "duloxetine + aripiprazole" with its add-ons
    add_ons: list[AddOnResult]
    start: str | None  # ISO dates, when the trial gave them or was read from records
    stop: str | None
    later: str | None  # "lost_response": it helped, then stopped helping
    from_records: list[int]  # the prescription records (numbered from 1) it was read from


@dataclass(frozen=True, slots=True)
class OtherTreatmentResult:
    number: int
    input_name: str
    treatment: str
    name: str
    kind: str
    dose_mg: float | None
    weeks: float | None
    outcome: str | None
    improvement_pct: float | None
    episode: str
    note: str | None


@dataclass(frozen=True, slots=True)
class OperationalChoiceResult:
    parameter: str
    value: str
    why: str
    sources: list[str]


@dataclass(frozen=True, slots=True)
class RegimenRulesResult:
    """Whether a definition counts an antidepressant given with add-ons, and what the add-on needs."""

    augmentation: bool
    combination: bool
    add_on_min_weeks: float
    source_says: str
    stated: bool  # False: the source is silent and this is trd-aid's labelled reading
    why: str
    sources: list[str]


@dataclass(frozen=True, slots=True)
class DefinitionResult:
    id: str
    name: str
    short_name: str
    summary: str
    dose_basis: str
    min_weeks: float
    failure_below_pct: float
    required_failures: int
    adherence_required: list[str]
    current_episode_only: bool
    distinct_drugs: bool
    regimens: RegimenRulesResult
    operational_choices: list[OperationalChoiceResult]
    sources: list[str]


@dataclass(frozen=True, slots=True)
class VerdictResult:
    name: str
    meets_definition: bool
    adequate_failures: int
    failed_drugs: list[str]
    verdict: str


@dataclass(frozen=True, slots=True)
class WorthDiscussingResult:
    """A reported factor that can make depression look treatment-resistant, with its sources."""

    id: str
    label: str
    note: str
    sources: list[str]


@dataclass(frozen=True, slots=True)
class CrisisLineResult:
    country: str
    region: str
    name: str
    contact: str
    short: str | None = None


@dataclass(frozen=True, slots=True)
class NoteResult:
    text: str
    sources: list[str]


@dataclass(frozen=True, slots=True)
class CaveatResult:
    text: str
    sources: list[str]
    shown_because: str | None = None  # None for an option's standing caveats; else what in the history triggered it


@dataclass(frozen=True, slots=True)
class TriedResult:
    """A history entry that shows an option was tried: an antidepressant trial or another treatment."""

    where: Literal["trial", "other_treatment"]
    number: int
    name: str
    outcome: str | None
    improvement_pct: float | None = None


OptionTiming = Literal["general", "now", "later", "sooner_if_severe"]


@dataclass(frozen=True, slots=True)
class OptionResult:
    id: str
    name: str
    category: str
    category_label: str
    summary: str
    status: str
    guideline: str
    when_considered: str
    tried: bool
    tried_with: list[TriedResult]
    timing: OptionTiming  # "general" when no history was given
    timing_note: str | None
    caveats: list[CaveatResult]
    evidence: list[NoteResult]
    side_effects: list[NoteResult]
    monitoring: list[NoteResult]
    contraindications: list[NoteResult]
    verification: str
    sources: list[str]
    last_reviewed: str


@dataclass(frozen=True, slots=True)
class CheckFirstResult:
    id: str
    text: str
    sources: list[str]
    shown_because: str | None = None  # None when it is a general check
    triggered_by: list[str] = field(default_factory=list)  # the history flags that brought it up


@dataclass(frozen=True, slots=True)
class CategoryResult:
    id: str
    label: str
    intro: str


@dataclass(frozen=True, slots=True)
class NextSteps:
    """The options guidelines describe, tailored to a history when one is given."""

    tailored: bool
    adequate_failures: int | None
    definition: str | None
    categories: list[CategoryResult]
    options: list[OptionResult]
    checks_first: list[CheckFirstResult]
    notes: list[CaveatResult]  # history-triggered notes about the whole list (e.g. a bipolar history)
    questions: list[str]  # questions a person might take to the appointment
    crisis: list[CrisisLineResult]
    sources: dict[str, str]
    knowledge_last_reviewed: str


@dataclass(frozen=True, slots=True)
class Assessment:
    meets_definition: bool
    adequate_failures: int
    failed_drugs: list[str]
    verdict: str
    definition: DefinitionResult
    by_definition: dict[str, VerdictResult]
    disagreements: list[str]
    trials: list[TrialResult]
    other_treatments: list[OtherTreatmentResult]
    episode_months: float | None
    severity: str | None
    warnings: list[str]
    worth_discussing: list[WorthDiscussingResult]
    disclaimer: str
    crisis: list[CrisisLineResult]
    sources: dict[str, str]  # the citation of every source id used in this result
    knowledge_last_reviewed: str
    next_steps: NextSteps | None = None


# --- staging results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StagingItemResult:
    """One scored item of a staging model: its points (None when it cannot be scored) and why."""

    id: str
    label: str
    points: float | None
    reason: str
    sources: list[str]


@dataclass(frozen=True, slots=True)
class MaudsleyResult:
    name: str
    total: int | None
    band: str | None  # mild | moderate | severe
    items: list[StagingItemResult]
    missing: list[str]  # one sentence per input that stops the total being computed
    sources: list[str]


@dataclass(frozen=True, slots=True)
class MghResult:
    name: str
    total: float | None
    items: list[StagingItemResult]
    missing: list[str]
    sources: list[str]


@dataclass(frozen=True, slots=True)
class ThaseRushResult:
    name: str
    stage: int | None  # 0-5; None when it cannot be staged
    stage_label: str | None  # "0", "I" ... "V"
    reason: str
    steps: list[str]  # how each stage was reached or missed
    missing: list[str]
    sources: list[str]


@dataclass(frozen=True, slots=True)
class Staging:
    """The three staging models for one history, with the trials they were built from."""

    definition: str  # the definition whose adequate-trial rules decided "failed"
    failed_trials: list[str]  # e.g. "Trial 1 (sertraline, SSRI)"
    maudsley: MaudsleyResult
    mgh: MghResult
    thase_rush: ThaseRushResult
    operational_choices: list[OperationalChoiceResult]
    warnings: list[str]
    note: str
    disclaimer: str
    crisis: list[CrisisLineResult]
    sources: dict[str, str]


# --- definitions side by side ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CompareCellResult:
    """One trial under one definition: does it count, in a few words, and the deciding reason."""

    counts: bool
    adequate: bool
    failed: bool
    status: str
    reason: str


@dataclass(frozen=True, slots=True)
class CompareRowResult:
    number: int
    drug: str | None
    input_name: str
    kind: str
    by_definition: dict[str, CompareCellResult]
    disagree: bool
    why: list[str]  # for a disagreeing trial: why each definition that does not count it says so


@dataclass(frozen=True, slots=True)
class Comparison:
    definitions: list[DefinitionResult]
    by_definition: dict[str, VerdictResult]
    trials: list[CompareRowResult]
    disagreements: list[str]
    warnings: list[str]
    disclaimer: str
    crisis: list[CrisisLineResult]
    sources: dict[str, str]

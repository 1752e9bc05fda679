"""Strict Pydantic models of `data/treatments.yaml`.

Every clinical number is a `Sourced*` object that must name at least one source id; the root model
checks that each id exists and that no two things answer to the same name.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from trd_aid.vocabulary import Flag, Severity

Verification = Literal["verified", "secondary"]
BrandVerification = Literal["verified", "secondary", "unverified"]
Country = Literal["US", "UK", "EU", "CA", "AU", "IE", "INTL"]
SourceIds = list[str]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    citation: str
    where_seen: str
    verification: Verification


class SourcedDose(Strict):
    """A daily dose with its provenance (mg/day, or mg/24 h for a patch)."""

    mg_per_day: float = Field(gt=0)
    sources: SourceIds = Field(min_length=1)
    verification: Verification
    note: str | None = None


class SourcedValue(Strict):
    value: float = Field(gt=0)
    sources: SourceIds = Field(min_length=1)
    verification: Verification


class OutcomeBands(Strict):
    no_response_below_pct: float = Field(gt=0, lt=100)
    response_at_least_pct: float = Field(gt=0, le=100)
    sources: SourceIds = Field(min_length=1)
    verification: Verification


class Settings(Strict):
    implausible_dose_factor: SourcedValue
    outcome_bands: OutcomeBands
    adherence_good_means: str
    adherence_sources: SourceIds = Field(min_length=1)


class OperationalChoice(Strict):
    parameter: str
    value: str
    why: str
    sources: SourceIds = Field(min_length=1)


class Definition(Strict):
    id: str
    name: str
    short_name: str
    default: bool = False
    summary: str
    dose_basis: str
    min_weeks: float = Field(gt=0)
    failure_below_pct: float = Field(gt=0, le=100)
    required_failures: int = Field(ge=1)
    adherence_required: list[Literal["good", "partial", "poor"]] = Field(min_length=1)
    current_episode_only: bool
    distinct_drugs: bool
    early_stop_note: str | None = None
    operational_choices: list[OperationalChoice] = []
    sources: SourceIds = Field(min_length=1)


class Brand(Strict):
    name: str
    countries: list[Country] = Field(min_length=1)
    verification: BrandVerification
    formulation: str | None = None


class Formulation(Strict):
    id: str
    name: str
    tokens: list[str] = Field(min_length=1)
    min_dose: dict[str, SourcedDose] = {}
    label_max: SourcedDose | None = None


class Advisory(Strict):
    """A sourced note shown when a dose sits in a range a reviewer may question."""

    when_below_mg: float | None = Field(default=None, gt=0)
    when_at_most_mg: float | None = Field(default=None, gt=0)
    unless_formulation_known: bool = False
    text: str
    sources: SourceIds = Field(min_length=1)

    @model_validator(mode="after")
    def _one_condition(self) -> Advisory:
        if (self.when_below_mg is None) == (self.when_at_most_mg is None):
            raise ValueError("give exactly one of when_below_mg or when_at_most_mg")
        return self

    def applies(self, dose_mg: float, formulation_known: bool) -> bool:
        if self.unless_formulation_known and formulation_known:
            return False
        if self.when_below_mg is not None:
            return dose_mg < self.when_below_mg
        return self.when_at_most_mg is not None and dose_mg <= self.when_at_most_mg


class Note(Strict):
    text: str
    sources: SourceIds = Field(min_length=1)


class Drug(Strict):
    id: str
    name: str | None = None
    drug_class: str = Field(alias="class")
    aliases: list[str] = []
    brands: list[Brand] = []
    rule: Literal["threshold", "fixed_regimen"] = "threshold"
    counts_toward_trd: bool = True
    dose_unit: Literal["mg/day", "mg/24 h"] = "mg/day"
    min_dose: dict[str, SourcedDose] = {}
    label_min: SourcedDose | None = None
    label_max: SourcedDose | None = None
    formulations: list[Formulation] = []
    advisories: list[Advisory] = []
    notes: list[Note] = []
    regimen: str | None = None
    regimen_sources: SourceIds = []
    last_reviewed: dt.date

    @property
    def display_name(self) -> str:
        return self.name or self.id

    @model_validator(mode="after")
    def _rule_fields(self) -> Drug:
        if self.rule == "fixed_regimen" and not (self.regimen and self.regimen_sources):
            raise ValueError("a fixed_regimen drug needs `regimen` text and `regimen_sources`")
        if self.rule == "threshold" and not self.counts_toward_trd:
            raise ValueError("counts_toward_trd: false is only for fixed_regimen drugs")
        formulation_ids = {f.id for f in self.formulations}
        for brand in self.brands:
            if brand.formulation is not None and brand.formulation not in formulation_ids:
                raise ValueError(
                    f"brand {brand.name!r} names formulation {brand.formulation!r}, "
                    f"which is not in this drug's formulations"
                )
        return self

    def formulation(self, formulation_id: str | None) -> Formulation | None:
        return next((f for f in self.formulations if f.id == formulation_id), None)

    def min_dose_for(self, basis: str, formulation_id: str | None) -> SourcedDose | None:
        form = self.formulation(formulation_id)
        if form is not None and basis in form.min_dose:
            return form.min_dose[basis]
        return self.min_dose.get(basis)

    def label_max_for(self, formulation_id: str | None) -> SourcedDose | None:
        form = self.formulation(formulation_id)
        if form is not None and form.label_max is not None:
            return form.label_max
        return self.label_max


OtherKind = Literal[
    "augmentation",
    "combination",
    "neuromodulation",
    "rapid_acting",
    "psychotherapy",
    "lifestyle",
    "investigational",
]


class OtherTreatment(Strict):
    id: str
    name: str
    kind: OtherKind
    brands: list[str] = []
    aliases: list[str] = []


class RiskFactorInfo(Strict):
    label: str
    note: str
    sources: SourceIds = Field(min_length=1)


OptionCategory = Literal[
    "optimise",
    "psychotherapy",
    "lifestyle",
    "switch",
    "combine",
    "augment",
    "rapid_acting",
    "neuromodulation",
    "investigational",
]


class OptionCategoryInfo(Strict):
    id: OptionCategory
    label: str
    intro: str


class Stage(Strict):
    """Where guidelines usually place an option: after how many failed adequate trials."""

    min_failures: int = Field(ge=0)
    note: str | None = None
    urgent_exception: str | None = None


class OptionDetail(Strict):
    evidence: list[Note] = []
    side_effects: list[Note] = []
    monitoring: list[Note] = []
    contraindications: list[Note] = []


class OptionMatches(Strict):
    """How a history shows that an option was already tried."""

    treatments: list[str] = []  # drug or other-treatment ids, as a trial or as another treatment
    add_ons: list[str] = []  # ids that count only when recorded as an add-on (other_treatments)
    drug_classes: list[str] = []


class OptionCaveat(Note):
    """A standing caveat; `superseded_by` names caveat rules that say the same thing for a given history."""

    superseded_by: list[str] = []


class NextStepOption(Strict):
    id: str
    name: str
    category: OptionCategory
    summary: str
    status: str
    guideline: str
    when_considered: str
    stage: Stage
    caveats: list[OptionCaveat] = Field(min_length=1)
    detail: OptionDetail = OptionDetail()
    matches: OptionMatches = OptionMatches()
    verification: Verification
    sources: SourceIds = Field(min_length=1)
    last_reviewed: dt.date


class CheckFirst(Strict):
    """A "things to check first" (pseudo-resistance) question; `triggers` empty means always relevant."""

    id: str
    text: str
    triggers: list[Flag] = []
    sources: SourceIds = Field(min_length=1)


class CaveatCondition(Strict):
    """All given conditions must hold. No option_ids or option_categories: a note about the whole list."""

    tried_treatments: list[str] = []
    tried_classes: list[str] = []
    age_under: int | None = Field(default=None, gt=0)
    age_at_least: int | None = Field(default=None, gt=0)
    flags: list[Flag] = []
    option_ids: list[str] = []
    option_categories: list[OptionCategory] = []


class CaveatRule(Strict):
    id: str
    when: CaveatCondition
    # Rules that say the same thing more strictly for this history (a 5-week washout over a 2-week one).
    superseded_by: list[str] = []
    text: str
    sources: SourceIds = Field(min_length=1)


class QuestionCondition(Strict):
    flags: list[Flag] = []
    meets_definition: bool | None = None


class AppointmentQuestion(Strict):
    text: str
    when: QuestionCondition = QuestionCondition()


class CrisisContact(Strict):
    country: Country
    region: str
    name: str
    contact: str
    short: str | None = None
    sources: SourceIds = Field(min_length=1)
    verification: Verification


class KnowledgeBase(Strict):
    schema_version: Literal[1]
    last_reviewed: dt.date
    settings: Settings
    definitions: list[Definition] = Field(min_length=1)
    drugs: list[Drug] = Field(min_length=1)
    other_treatments: list[OtherTreatment] = []
    other_treatment_kinds: dict[OtherKind, str]
    risk_factors: dict[str, RiskFactorInfo] = {}
    option_categories: list[OptionCategoryInfo] = []
    options: list[NextStepOption] = []
    checks_first: list[CheckFirst] = []
    caveat_rules: list[CaveatRule] = []
    flag_labels: dict[Flag, str] = {}
    appointment_questions: list[AppointmentQuestion] = []
    crisis: list[CrisisContact] = Field(min_length=1)
    disclaimer: str
    sources: dict[str, Source] = Field(min_length=1)
    staging: StagingModels | None = None

    @model_validator(mode="after")
    def _cross_references(self) -> KnowledgeBase:
        missing = sorted(_source_ids_used(self) - self.sources.keys())
        if missing:
            raise ValueError(f"unknown source ids: {', '.join(missing)}")
        defaults = [d.id for d in self.definitions if d.default]
        if len(defaults) != 1:
            raise ValueError(f"exactly one definition must be the default, found {defaults or 'none'}")
        _check_unique("definition id", [d.id for d in self.definitions])
        _check_unique("drug or treatment id", [d.id for d in self.drugs] + [t.id for t in self.other_treatments])
        missing_kinds = {t.kind for t in self.other_treatments} - self.other_treatment_kinds.keys()
        if missing_kinds:
            raise ValueError(f"other_treatment_kinds lacks an explanation for: {', '.join(sorted(missing_kinds))}")
        _check_option_references(self)
        return self

    @property
    def default_definition(self) -> Definition:
        return next(d for d in self.definitions if d.default)

    def definition(self, definition_id: str) -> Definition | None:
        return next((d for d in self.definitions if d.id == definition_id), None)


def _check_option_references(kb: KnowledgeBase) -> None:
    """Option ids, categories and the treatments and classes they name must all exist."""
    _check_unique("option id", [o.id for o in kb.options])
    _check_unique("check-first id", [c.id for c in kb.checks_first])
    _check_unique("caveat rule id", [r.id for r in kb.caveat_rules])
    _check_unique("option category", [c.id for c in kb.option_categories])
    treatments = {d.id for d in kb.drugs} | {t.id for t in kb.other_treatments}
    classes = {d.drug_class for d in kb.drugs}
    options = {o.id for o in kb.options}
    categories: set[str] = {c.id for c in kb.option_categories}
    rules = {r.id for r in kb.caveat_rules}

    def unknown(what: str, where: str, names: list[str], known: set[str]) -> None:
        bad = sorted(set(names) - known)
        if bad:
            raise ValueError(f"{where} names unknown {what}: {', '.join(bad)}")

    for o in kb.options:
        unknown("category", f"option {o.id!r}", [o.category], categories)
        unknown("treatment ids", f"option {o.id!r}", o.matches.treatments + o.matches.add_ons, treatments)
        unknown("drug classes", f"option {o.id!r}", o.matches.drug_classes, classes)
        unknown("caveat rules", f"option {o.id!r}", [r for c in o.caveats for r in c.superseded_by], rules)
    unlabelled = sorted(set(Flag.__args__) - kb.flag_labels.keys() - kb.risk_factors.keys())  # type: ignore[attr-defined]
    if unlabelled:
        raise ValueError(f"flag_labels lacks words for: {', '.join(unlabelled)}")
    for r in kb.caveat_rules:
        unknown("treatment ids", f"caveat rule {r.id!r}", r.when.tried_treatments, treatments)
        unknown("drug classes", f"caveat rule {r.id!r}", r.when.tried_classes, classes)
        unknown("option ids", f"caveat rule {r.id!r}", r.when.option_ids, options)
        unknown("caveat rules", f"caveat rule {r.id!r}", r.superseded_by, rules)


def _check_unique(what: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"duplicate {what}: {value!r}")
        seen.add(value)


def _source_ids_used(kb: KnowledgeBase) -> set[str]:
    """Every source id referenced anywhere in the knowledge base."""
    used: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                field_value = getattr(value, name)
                if name in {"sources", "regimen_sources", "adherence_sources"}:
                    used.update(field_value)
                else:
                    walk(field_value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for name in type(kb).model_fields:
        if name != "sources":
            walk(getattr(kb, name))
    return used


# --- staging models (issue 5) -----------------------------------------------------------------
# Research staging instruments (Maudsley, MGH-s, Thase-Rush). Their points, levels and bands are
# data; `trd_aid/engine/staging.py` applies them.


class DurationLevel(Strict):
    up_to_months: float | None = Field(default=None, gt=0)  # None: anything longer
    points: int = Field(ge=0)
    label: str


class MaudsleyDuration(Strict):
    levels: list[DurationLevel] = Field(min_length=1)
    sources: SourceIds = Field(min_length=1)
    verification: Verification

    @model_validator(mode="after")
    def _ascending(self) -> MaudsleyDuration:
        _check_open_ended_levels([lv.up_to_months for lv in self.levels], "duration")
        return self


class MaudsleySeverity(Strict):
    points: dict[Severity, int]
    labels: dict[Severity, str]
    sources: SourceIds = Field(min_length=1)
    verification: Verification

    @model_validator(mode="after")
    def _complete(self) -> MaudsleySeverity:
        every = set(Severity.__args__)  # type: ignore[attr-defined]
        if set(self.points) != every or set(self.labels) != every:
            raise ValueError(f"severity needs points and a label for each of: {', '.join(sorted(every))}")
        return self


class FailureLevel(Strict):
    up_to: int | None = Field(default=None, ge=1)  # None: anything more
    points: int = Field(ge=0)
    label: str


class MaudsleyFailures(Strict):
    levels: list[FailureLevel] = Field(min_length=1)
    sources: SourceIds = Field(min_length=1)
    verification: Verification

    @model_validator(mode="after")
    def _ascending(self) -> MaudsleyFailures:
        _check_open_ended_levels([lv.up_to for lv in self.levels], "antidepressant_failures")
        return self


class UsedPoints(Strict):
    points_if_used: int = Field(ge=0)
    sources: SourceIds = Field(min_length=1)
    verification: Verification


class Band(Strict):
    id: str
    from_points: int
    to_points: int


class MaudsleyBands(Strict):
    levels: list[Band] = Field(min_length=1)
    sources: SourceIds = Field(min_length=1)
    verification: Verification

    @model_validator(mode="after")
    def _contiguous(self) -> MaudsleyBands:
        for before, after in zip(self.levels, self.levels[1:], strict=False):
            if after.from_points != before.to_points + 1:
                raise ValueError(f"bands must follow each other without a gap: {before.id} then {after.id}")
        return self


class MaudsleyModel(Strict):
    name: str
    short_name: str
    summary: str
    duration: MaudsleyDuration
    severity: MaudsleySeverity
    antidepressant_failures: MaudsleyFailures
    augmentation: UsedPoints
    ect: UsedPoints
    bands: MaudsleyBands
    sources: SourceIds = Field(min_length=1)


class MghScoring(Strict):
    per_failed_trial: float = Field(gt=0)
    min_trial_weeks: float = Field(gt=0)
    per_optimised_trial: float = Field(gt=0)
    per_augmented_trial: float = Field(gt=0)
    ect: float = Field(gt=0)
    sources: SourceIds = Field(min_length=1)
    verification: Verification


class MghModel(Strict):
    name: str
    short_name: str
    summary: str
    scoring: MghScoring
    sources: SourceIds = Field(min_length=1)


class ThaseRushStage(Strict):
    stage: int = Field(ge=0, le=5)
    label: str
    text: str


class ThaseRushModel(Strict):
    name: str
    short_name: str
    summary: str
    class_groups: dict[str, str]
    tca_group: str
    maoi_group: str
    stages: list[ThaseRushStage] = Field(min_length=6, max_length=6)
    sources: SourceIds = Field(min_length=1)

    @model_validator(mode="after")
    def _stages_in_order(self) -> ThaseRushModel:
        if [s.stage for s in self.stages] != list(range(6)):
            raise ValueError("Thase-Rush stages must be listed 0 to 5 in order")
        return self

    def group_of(self, drug_class: str) -> str:
        return self.class_groups.get(drug_class, "other")


class StagingModels(Strict):
    augmentation_kinds: list[OtherKind] = Field(min_length=1)
    ect_ids: list[str] = Field(min_length=1)
    maudsley: MaudsleyModel
    mgh: MghModel
    thase_rush: ThaseRushModel
    operational_choices: list[OperationalChoice] = []


def _check_open_ended_levels(limits: list[float | None] | list[int | None], what: str) -> None:
    """Ascending upper limits, with only the last one open (None)."""
    closed = [x for x in limits[:-1] if x is not None]
    if len(closed) != len(limits) - 1 or limits[-1] is not None:
        raise ValueError(f"{what}: every level but the last needs an upper limit, and the last none")
    if closed != sorted(closed) or len(set(closed)) != len(closed):
        raise ValueError(f"{what}: upper limits must rise from level to level")

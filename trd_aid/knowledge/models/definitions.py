"""Settings and the TRD definitions a history is judged by."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from trd_aid.knowledge.models.common import SourcedValue, SourceIds, Verification
from trd_aid.strict_model import StrictModel


class OutcomeBands(StrictModel):
    no_response_below_pct: float = Field(gt=0, lt=100)
    response_at_least_pct: float = Field(gt=0, le=100)
    sources: SourceIds = Field(min_length=1)
    verification: Verification


class RecordRules(StrictModel):
    """How dated prescription records become trials (`trd_aid.engine.records`)."""

    # An overlap of at most this many days, after which the earlier antidepressant stops, is a switch
    # with a cross-taper; a longer overlap is a combination (or, for an add-on medicine, augmentation).
    cross_taper_days: int = Field(ge=0, le=365)
    cross_taper_why: str
    # Days from start to stop are counted with both ends, as cardinal_pythonlib counts a 28-day course.
    day_counting_why: str
    # What `change_means_no_response: true` reads into a record without an outcome.
    change_means_no_response_why: str
    sources: SourceIds = Field(min_length=1)


class Settings(StrictModel):
    implausible_dose_factor: SourcedValue
    outcome_bands: OutcomeBands
    adherence_good_means: str
    adherence_sources: SourceIds = Field(min_length=1)
    records: RecordRules


class OperationalChoice(StrictModel):
    parameter: str
    value: str
    why: str
    sources: SourceIds = Field(min_length=1)


class RegimenRules(StrictModel):
    """Whether an antidepressant given with add-ons (a regimen) can be one of this definition's trials,
    and what the add-on itself needs. `stated` is False where the source is silent and the rule is
    trd-aid's labelled choice (then `trd-aid-operational` is among the sources)."""

    augmentation: bool  # an antidepressant with a medicine that is not an antidepressant
    combination: bool  # two or more antidepressants together
    add_on_min_weeks: float = Field(gt=0)
    source_says: str
    stated: bool
    why: str
    sources: SourceIds = Field(min_length=1)

    @model_validator(mode="after")
    def _labelled(self) -> RegimenRules:
        if not self.stated and "trd-aid-operational" not in self.sources:
            raise ValueError("a rule the source does not state must cite trd-aid-operational as the choice it is")
        return self


class Definition(StrictModel):
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
    regimens: RegimenRules
    operational_choices: list[OperationalChoice] = []
    sources: SourceIds = Field(min_length=1)

"""Settings and the TRD definitions a history is judged by."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from trd_aid.knowledge.models.common import SourcedValue, SourceIds, Verification
from trd_aid.strict_model import StrictModel


class OutcomeBands(StrictModel):
    no_response_below_pct: float = Field(gt=0, lt=100)
    response_at_least_pct: float = Field(gt=0, le=100)
    sources: SourceIds = Field(min_length=1)
    verification: Verification


class Settings(StrictModel):
    implausible_dose_factor: SourcedValue
    outcome_bands: OutcomeBands
    adherence_good_means: str
    adherence_sources: SourceIds = Field(min_length=1)


class OperationalChoice(StrictModel):
    parameter: str
    value: str
    why: str
    sources: SourceIds = Field(min_length=1)


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
    operational_choices: list[OperationalChoice] = []
    sources: SourceIds = Field(min_length=1)

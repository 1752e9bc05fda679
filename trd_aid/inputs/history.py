"""The history input contract (YAML or JSON), validated by strict Pydantic models.

Structure only: whether a name is a known antidepressant, and which fields an antidepressant
trial needs, are rules of the engine.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator

from trd_aid.inputs.units import check_weeks, parse_dose, parse_duration
from trd_aid.strict_model import StrictModel
from trd_aid.vocabulary import Adherence, Episode, Outcome, RiskFactor, Severity


class _Input(StrictModel):
    """What a person wrote; not frozen, because validation normalises it (dose text to mg, duration to weeks)."""

    model_config = ConfigDict(frozen=False, str_strip_whitespace=True)

    @field_validator("drug", "treatment", "note", check_fields=False)
    @classmethod
    def _safe_to_show(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Typed text is shown on terminals and in reports: controls and bidi characters are kept escaped
        (`\\x1b`, `\\u202e`); a name is one line, a note keeps its line breaks and tabs."""
        from trd_aid.safe_text import safe_text

        if value is None:
            return None
        return safe_text(value, multiline=True) if info.field_name == "note" else safe_text(" ".join(value.split()))


class _Course(_Input):
    """Fields shared by antidepressant trials and other treatments: dose, duration, outcome."""

    dose_mg: float | None = None
    dose: float | str | None = None
    weeks: float | None = None
    duration: float | str | None = None
    outcome: Outcome | None = None
    improvement_pct: float | None = Field(default=None, ge=-100, le=100)
    episode: Episode = "current"
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("dose_mg", "dose", mode="before")
    @classmethod
    def _dose(cls, value: Any) -> float | None:
        return None if value is None else parse_dose(value)

    @field_validator("weeks", mode="before")
    @classmethod
    def _weeks(cls, value: Any) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError('must be a number of weeks; for text such as "2 months" use duration:')
        return check_weeks(float(value))

    @field_validator("duration", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> float | None:
        return None if value is None else parse_duration(value)

    @model_validator(mode="after")
    def _one_of_each(self) -> _Course:
        if self.dose is not None:
            if self.dose_mg is not None:
                raise ValueError("give either dose_mg or dose, not both")
            self.dose_mg = float(self.dose)
            self.dose = None
        if self.duration is not None:
            if self.weeks is not None:
                raise ValueError("give either weeks or duration, not both")
            self.weeks = float(self.duration)
            self.duration = None
        return self


class TrialInput(_Course):
    drug: str = Field(min_length=1, max_length=200)
    adherence: Adherence | None = None


class OtherTreatmentInput(_Course):
    treatment: str = Field(min_length=1, max_length=200)


class HistoryInput(_Input):
    trials: list[TrialInput] = Field(min_length=1)
    episode_months: float | None = Field(default=None, ge=0, le=1200)
    severity: Severity | None = None
    other_treatments: list[OtherTreatmentInput] = Field(default_factory=list)
    # Things that can make depression look treatment-resistant; recorded by `trd-aid interview`.
    risk_factors: list[RiskFactor] = Field(default_factory=list)
    # The same things asked about and answered "no" (the interview keeps a "no" apart from "skipped").
    risk_factors_absent: list[RiskFactor] = Field(default_factory=list)
    # Used only to attach age- and pregnancy-related caveats to the next-step options.
    age: int | None = Field(default=None, ge=10, le=120, strict=True)
    pregnancy_or_breastfeeding: bool | None = None

    @model_validator(mode="after")
    def _present_or_absent(self) -> HistoryInput:
        both = sorted(set(self.risk_factors) & set(self.risk_factors_absent))
        if both:
            raise ValueError(f"{', '.join(both)} is listed both in risk_factors and in risk_factors_absent")
        return self


TRIAL_FIELDS = sorted(TrialInput.model_fields)
OTHER_FIELDS = sorted(OtherTreatmentInput.model_fields)
HISTORY_FIELDS = sorted(HistoryInput.model_fields)

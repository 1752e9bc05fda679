"""The history input contract (YAML or JSON), validated by strict Pydantic models.

Structure only: whether a name is a known antidepressant, and which fields an antidepressant
trial needs, are rules of the engine.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator

from trd_aid.inputs.units import check_weeks, parse_date, parse_dose, parse_duration
from trd_aid.strict_model import StrictModel
from trd_aid.vocabulary import Adherence, Episode, Later, Outcome, RiskFactor, Severity

MAX_ADD_ONS = 10  # more medicines than anyone takes with one antidepressant
MAX_PRESCRIPTIONS = 1000  # one person's dated records; a caseload is a job for `trd-aid batch`


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


class _Dose(_Input):
    """A daily dose, as mg or as text ("75 mg twice a day"), normalised to `dose_mg`."""

    dose_mg: float | None = None
    dose: float | str | None = None

    @field_validator("dose_mg", "dose", mode="before")
    @classmethod
    def _dose(cls, value: Any) -> float | None:
        return None if value is None else parse_dose(value)

    @model_validator(mode="after")
    def _one_dose(self) -> _Dose:
        if self.dose is not None:
            if self.dose_mg is not None:
                raise ValueError("give either dose_mg or dose, not both")
            self.dose_mg = float(self.dose)
            self.dose = None
        return self


class _Dosed(_Dose):
    """A dose and a time: what an add-on, a trial and another treatment all have."""

    weeks: float | None = None
    duration: float | str | None = None

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
    def _one_duration(self) -> _Dosed:
        if self.duration is not None:
            if self.weeks is not None:
                raise ValueError("give either weeks or duration, not both")
            self.weeks = float(self.duration)
            self.duration = None
        return self


class _Course(_Dosed):
    """Fields shared by antidepressant trials and other treatments: dose, duration, outcome."""

    outcome: Outcome | None = None
    improvement_pct: float | None = Field(default=None, ge=-100, le=100)
    episode: Episode = "current"
    note: str | None = Field(default=None, max_length=2000)


def _date(value: Any) -> date | None:
    return None if value is None else parse_date(value)


class AddOnInput(_Dosed):
    """A medicine given together with a trial's antidepressant: an augmenter (augmentation) or a second
    antidepressant (combination). Its weeks default to the trial's; the outcome is the trial's."""

    treatment: str = Field(min_length=1, max_length=200)


class TrialInput(_Course):
    drug: str = Field(min_length=1, max_length=200)
    adherence: Adherence | None = None
    # Dates may replace weeks/duration: the course ran from start to stop, both days counted.
    start: date | None = None
    stop: date | None = None
    later: Later | None = None  # "lost_response": it helped, then stopped helping
    add_ons: list[AddOnInput] = Field(default_factory=list, max_length=MAX_ADD_ONS)

    @field_validator("start", "stop", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> date | None:
        return _date(value)


class PrescriptionInput(_Dose):
    """One dated record of one medicine, as a pharmacy or clinic system holds it. `trd-aid` turns a
    list of them into trials (see `trd_aid.engine.records`)."""

    drug: str = Field(min_length=1, max_length=200)
    start: date
    stop: date | None = None
    outcome: Outcome | None = None
    improvement_pct: float | None = Field(default=None, ge=-100, le=100)
    adherence: Adherence | None = None
    episode: Episode = "current"
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("start", "stop", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> date | None:
        return _date(value)


class OtherTreatmentInput(_Course):
    treatment: str = Field(min_length=1, max_length=200)


class HistoryInput(_Input):
    # A history gives trials, or dated prescription records that trd-aid turns into trials.
    trials: list[TrialInput] = Field(default_factory=list)
    prescriptions: list[PrescriptionInput] = Field(default_factory=list, max_length=MAX_PRESCRIPTIONS)
    as_of: date | None = None  # the date an open course (a start without a stop) runs to
    # How records become trials: an overlap of up to this many days, after which the earlier
    # antidepressant stops, is a switch (cross-taper); default from the knowledge base.
    cross_taper_days: int | None = Field(default=None, ge=0, le=365, strict=True)
    # Read a later switch or add-on as "did not help enough" when a record gives no outcome (the
    # register-based rule of Hagg 2020). Off unless asked for: an outcome is never guessed otherwise.
    change_means_no_response: bool = False
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

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, value: Any) -> date | None:
        return _date(value)

    @model_validator(mode="after")
    def _present_or_absent(self) -> HistoryInput:
        both = sorted(set(self.risk_factors) & set(self.risk_factors_absent))
        if both:
            raise ValueError(f"{', '.join(both)} is listed both in risk_factors and in risk_factors_absent")
        return self


TRIAL_FIELDS = sorted(TrialInput.model_fields)
ADD_ON_FIELDS = sorted(AddOnInput.model_fields)
PRESCRIPTION_FIELDS = sorted(PrescriptionInput.model_fields)
OTHER_FIELDS = sorted(OtherTreatmentInput.model_fields)
HISTORY_FIELDS = sorted(HistoryInput.model_fields)

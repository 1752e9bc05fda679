"""Antidepressants (doses, brands, formulations, advisories) and the other treatments a history may name."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from trd_aid.knowledge.models.common import BrandVerification, Country, Note, SourcedDose, SourceIds, Verification
from trd_aid.strict_model import StrictModel


class Brand(StrictModel):
    name: str
    countries: list[Country] = Field(min_length=1)
    verification: BrandVerification
    formulation: str | None = None


class Formulation(StrictModel):
    id: str
    name: str
    tokens: list[str] = Field(min_length=1)
    min_dose: dict[str, SourcedDose] = {}
    label_max: SourcedDose | None = None


class Advisory(StrictModel):
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


class AgeCap(StrictModel):
    """A lower top dose a label sets for older people (citalopram: 20 mg/day over 60 in the US label)."""

    label: str  # whose label: "the US label"
    from_age: int = Field(ge=18)  # the youngest age it applies to: "over 60" is 61, "65 or older" is 65
    age_words: str  # as the label says it: "over 60", "65 or older"
    mg_per_day: float = Field(gt=0)
    kind: Literal["maximum", "recommended"]  # a stated maximum, or the dose the label recommends
    sources: SourceIds = Field(min_length=1)
    verification: Verification


class AgeCaps(StrictModel):
    why: str  # the reason the labels give, in plain words: "because of a risk to the heart's rhythm"
    caps: list[AgeCap] = Field(min_length=1)


class Drug(StrictModel):
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
    age_caps: AgeCaps | None = None
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
        if formulation_id is None:  # most trials name none: the engine asks this for each one
            return None
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


class OtherTreatment(StrictModel):
    id: str
    name: str
    kind: OtherKind
    brands: list[str] = []
    aliases: list[str] = []

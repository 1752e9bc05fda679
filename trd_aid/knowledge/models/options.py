"""Next-step options, things to check first, caveat rules, appointment questions and crisis lines."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from trd_aid.knowledge.models.common import Country, Note, SourceIds, Verification
from trd_aid.strict_model import StrictModel
from trd_aid.vocabulary import Flag


class RiskFactorInfo(StrictModel):
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


class OptionCategoryInfo(StrictModel):
    id: OptionCategory
    label: str
    intro: str


class Stage(StrictModel):
    """Where guidelines usually place an option: after how many failed adequate trials."""

    min_failures: int = Field(ge=0)
    note: str | None = None
    urgent_exception: str | None = None


class OptionDetail(StrictModel):
    evidence: list[Note] = []
    side_effects: list[Note] = []
    monitoring: list[Note] = []
    contraindications: list[Note] = []


class OptionMatches(StrictModel):
    """How a history shows that an option was already tried."""

    treatments: list[str] = []  # drug or other-treatment ids, as a trial or as another treatment
    add_ons: list[str] = []  # ids that count only when recorded as an add-on (other_treatments)
    drug_classes: list[str] = []


class OptionCaveat(Note):
    """A standing caveat; `superseded_by` names caveat rules that say the same thing for a given history."""

    superseded_by: list[str] = []


class NextStepOption(StrictModel):
    id: str
    name: str
    category: OptionCategory
    summary: str
    status: str
    guideline: str
    when_considered: str
    stage: Stage
    caveats: list[OptionCaveat] = Field(min_length=1)
    detail: OptionDetail = Field(default_factory=OptionDetail)
    matches: OptionMatches = Field(default_factory=OptionMatches)
    verification: Verification
    sources: SourceIds = Field(min_length=1)
    last_reviewed: dt.date


class CheckFirst(StrictModel):
    """A "things to check first" (pseudo-resistance) question, shown when a flag or a tried treatment
    triggers it; with neither, it is always relevant. `text` may say {min_weeks} and {definition},
    filled in from the definition in use, so it never contradicts the verdict beside it."""

    id: str
    text: str
    triggers: list[Flag] = []
    tried_treatments: list[str] = []
    sources: SourceIds = Field(min_length=1)


class CaveatCondition(StrictModel):
    """All given conditions must hold. No option_ids or option_categories: a note about the whole list."""

    tried_treatments: list[str] = []
    tried_classes: list[str] = []
    age_under: int | None = Field(default=None, gt=0)
    age_at_least: int | None = Field(default=None, gt=0)
    age_known: bool | None = None  # False: only when the history gives no age
    flags: list[Flag] = []
    option_ids: list[str] = []
    option_categories: list[OptionCategory] = []


class CaveatRule(StrictModel):
    id: str
    when: CaveatCondition
    # Rules that say the same thing more strictly for this history (a 5-week washout over a 2-week one).
    superseded_by: list[str] = []
    text: str
    sources: SourceIds = Field(min_length=1)


class QuestionCondition(StrictModel):
    flags: list[Flag] = []
    meets_definition: bool | None = None


class AppointmentQuestion(StrictModel):
    text: str
    when: QuestionCondition = Field(default_factory=QuestionCondition)


class CrisisContact(StrictModel):
    country: Country
    region: str
    name: str
    contact: str
    short: str | None = None
    sources: SourceIds = Field(min_length=1)
    verification: Verification

"""Research staging models (Maudsley, MGH-s, Thase-Rush): points, levels and bands as data.

`trd_aid/engine/staging.py` applies them.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from trd_aid.knowledge.models.common import SourceIds, Verification
from trd_aid.knowledge.models.definitions import OperationalChoice
from trd_aid.knowledge.models.drugs import OtherKind
from trd_aid.strict_model import StrictModel
from trd_aid.vocabulary import SEVERITIES, Severity


class DurationLevel(StrictModel):
    up_to_months: float | None = Field(default=None, gt=0)  # None: anything longer
    points: int = Field(ge=0)
    label: str


class MaudsleyDuration(StrictModel):
    levels: list[DurationLevel] = Field(min_length=1)
    sources: SourceIds = Field(min_length=1)
    verification: Verification

    @model_validator(mode="after")
    def _ascending(self) -> MaudsleyDuration:
        _check_open_ended_levels([lv.up_to_months for lv in self.levels], "duration")
        return self


class MaudsleySeverity(StrictModel):
    points: dict[Severity, int]
    labels: dict[Severity, str]
    sources: SourceIds = Field(min_length=1)
    verification: Verification

    @model_validator(mode="after")
    def _complete(self) -> MaudsleySeverity:
        every = set(SEVERITIES)
        if set(self.points) != every or set(self.labels) != every:
            raise ValueError(f"severity needs points and a label for each of: {', '.join(sorted(every))}")
        return self


class FailureLevel(StrictModel):
    up_to: int | None = Field(default=None, ge=1)  # None: anything more
    points: int = Field(ge=0)
    label: str


class MaudsleyFailures(StrictModel):
    levels: list[FailureLevel] = Field(min_length=1)
    sources: SourceIds = Field(min_length=1)
    verification: Verification

    @model_validator(mode="after")
    def _ascending(self) -> MaudsleyFailures:
        _check_open_ended_levels([lv.up_to for lv in self.levels], "antidepressant_failures")
        return self


class UsedPoints(StrictModel):
    points_if_used: int = Field(ge=0)
    sources: SourceIds = Field(min_length=1)
    verification: Verification


class Band(StrictModel):
    id: str
    from_points: int
    to_points: int


class MaudsleyBands(StrictModel):
    levels: list[Band] = Field(min_length=1)
    sources: SourceIds = Field(min_length=1)
    verification: Verification

    @model_validator(mode="after")
    def _contiguous(self) -> MaudsleyBands:
        for before, after in zip(self.levels, self.levels[1:], strict=False):
            if after.from_points != before.to_points + 1:
                raise ValueError(f"bands must follow each other without a gap: {before.id} then {after.id}")
        return self


class MaudsleyModel(StrictModel):
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


class MghScoring(StrictModel):
    per_failed_trial: float = Field(gt=0)
    min_trial_weeks: float = Field(gt=0)
    per_optimised_trial: float = Field(gt=0)
    per_augmented_trial: float = Field(gt=0)
    ect: float = Field(gt=0)
    sources: SourceIds = Field(min_length=1)
    verification: Verification


class MghModel(StrictModel):
    name: str
    short_name: str
    summary: str
    scoring: MghScoring
    sources: SourceIds = Field(min_length=1)


class ThaseRushStage(StrictModel):
    stage: int = Field(ge=0, le=5)
    label: str
    text: str


class ThaseRushModel(StrictModel):
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


class StagingModels(StrictModel):
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

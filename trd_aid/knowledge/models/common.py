"""Shared pieces of the knowledge-base models: sources, and numbers that carry their sources."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from trd_aid.strict_model import StrictModel

Verification = Literal["verified", "secondary"]
BrandVerification = Literal["verified", "secondary", "unverified"]
Country = Literal["US", "UK", "EU", "CA", "AU", "NZ", "IE", "INTL"]
SourceIds = list[str]


class Source(StrictModel):
    citation: str
    where_seen: str
    verification: Verification


class SourcedDose(StrictModel):
    """A daily dose with its provenance (mg/day, or mg/24 h for a patch)."""

    mg_per_day: float = Field(gt=0)
    sources: SourceIds = Field(min_length=1)
    verification: Verification
    note: str | None = None


class SourcedValue(StrictModel):
    value: float = Field(gt=0)
    sources: SourceIds = Field(min_length=1)
    verification: Verification


class Note(StrictModel):
    text: str
    sources: SourceIds = Field(min_length=1)

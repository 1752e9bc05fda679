"""The whole knowledge base, and the checks that span its sections (source ids, unique names, references)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from trd_aid.knowledge.models.common import Source
from trd_aid.knowledge.models.definitions import Definition, Settings
from trd_aid.knowledge.models.drugs import Drug, OtherKind, OtherTreatment
from trd_aid.knowledge.models.options import (
    AppointmentQuestion,
    CaveatRule,
    CheckFirst,
    CrisisContact,
    NextStepOption,
    OptionCategoryInfo,
    RiskFactorInfo,
)
from trd_aid.knowledge.models.staging import StagingModels
from trd_aid.strict_model import StrictModel
from trd_aid.vocabulary import FLAGS, Flag, Later


class KnowledgeBase(StrictModel):
    schema_version: Literal[1]
    last_reviewed: dt.date
    settings: Settings
    definitions: list[Definition] = Field(min_length=1)
    drugs: list[Drug] = Field(min_length=1)
    other_treatments: list[OtherTreatment] = []
    other_treatment_kinds: dict[OtherKind, str]
    risk_factors: dict[str, RiskFactorInfo] = {}
    # Notes for what a trial's `later:` says happened (e.g. "lost_response"), shown as worth discussing.
    later_notes: dict[Later, RiskFactorInfo] = {}
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
        if self.staging is not None:
            ungrouped = sorted({d.drug_class for d in self.drugs} - self.staging.thase_rush.class_groups.keys())
            if ungrouped:
                raise ValueError(f"staging.thase_rush.class_groups lacks drug classes: {', '.join(ungrouped)}")
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
    unlabelled = sorted(set(FLAGS) - kb.flag_labels.keys() - kb.risk_factors.keys())
    if unlabelled:
        raise ValueError(f"flag_labels lacks words for: {', '.join(unlabelled)}")
    for c in kb.checks_first:
        unknown("treatment ids", f"check-first item {c.id!r}", c.tried_treatments, treatments)
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

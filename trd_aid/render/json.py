"""JSON output: every `--json` document, built from the engine's result objects or the knowledge base.

The JSON is a public format (README "JSON output"; schema in `docs/schema/`). A result document's
keys are its result types' field names, except for the few renames and additions listed here, so
that the engine's types can change their Python names without changing the format by accident:

- a trial's and an add-on's `drug_class` is `class`;
- an option's caveats are `caveat_details` (objects), with `caveats` beside them as plain strings;
- `check`'s document carries the next-step options at its top level (`options`, `checks_first`,
  `option_notes`, `questions`, `categories`), with their crisis lines and sources merged in.

`drugs`, `definitions` and `learn` print documents written out key by key below, so the layout of
`data/*.yaml` is never the public format by accident. Nothing here imports Rich.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from trd_aid.engine.results import AddOnResult, Assessment, OptionResult, TrialResult
from trd_aid.knowledge.models import Definition, Drug, SourcedDose

# (result type, field name) -> JSON key
RENAMES: dict[tuple[type, str], str] = {(TrialResult, "drug_class"): "class", (AddOnResult, "drug_class"): "class"}
# The keys of NextSteps that `check` lifts to the top of its document, and their names there.
STEPS_IN_ASSESSMENT = {
    "options": "options",
    "checks_first": "checks_first",
    "notes": "option_notes",
    "questions": "questions",
    "categories": "categories",
}

Document = dict[str, Any]


def dumps(document: object) -> str:
    """The text printed by `--json`: indented, UTF-8 kept as it is (no \\u escapes)."""
    return json.dumps(document, indent=2, ensure_ascii=False)


def plain(value: Any) -> Any:
    """A result object (or a list or mapping of them) as JSON-ready data, with the renames above."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, OptionResult):
            return option_document(value)
        if isinstance(value, Assessment):
            return assessment_document(value)
        return {
            RENAMES.get((type(value), f.name), f.name): plain(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {key: plain(v) for key, v in value.items()}
    return value


def option_document(option: OptionResult) -> Document:
    data: Document = {}
    for f in dataclasses.fields(option):
        if f.name == "caveats":
            continue
        data[f.name] = plain(getattr(option, f.name))
    data["caveat_details"] = plain(option.caveats)
    data["caveats"] = [c.text for c in option.caveats]
    return data


def assessment_document(assessment: Assessment) -> Document:
    """`check --json`: the assessment, with its next-step options (if planned) at the top level."""
    data: Document = {
        RENAMES.get((Assessment, f.name), f.name): plain(getattr(assessment, f.name))
        for f in dataclasses.fields(assessment)
        if f.name != "next_steps"
    }
    steps = assessment.next_steps
    if steps is not None:
        for field, key in STEPS_IN_ASSESSMENT.items():
            data[key] = plain(getattr(steps, field))
        data["crisis"] = plain(steps.crisis)
        data["sources"] = {**data["sources"], **steps.sources}
    return data


# --- reference documents: `drugs`, `definitions`, `learn` ----------------------------------------


def _dose(dose: SourcedDose | None) -> Document | None:
    if dose is None:
        return None
    return {
        "mg_per_day": dose.mg_per_day,
        "sources": dose.sources,
        "verification": dose.verification,
        "note": dose.note,
    }


def drug_document(drug: Drug) -> Document:
    """One antidepressant as `drugs --json` prints it: names, thresholds and their sources."""
    return {
        "id": drug.id,
        "name": drug.name,
        "class": drug.drug_class,
        "aliases": drug.aliases,
        "brands": [
            {"name": b.name, "countries": b.countries, "verification": b.verification, "formulation": b.formulation}
            for b in drug.brands
        ],
        "rule": drug.rule,
        "counts_toward_trd": drug.counts_toward_trd,
        "dose_unit": drug.dose_unit,
        "min_dose": {basis: _dose(dose) for basis, dose in drug.min_dose.items()},
        "label_min": _dose(drug.label_min),
        "label_max": _dose(drug.label_max),
        "formulations": [
            {
                "id": f.id,
                "name": f.name,
                "tokens": f.tokens,
                "min_dose": {basis: _dose(dose) for basis, dose in f.min_dose.items()},
                "label_max": _dose(f.label_max),
            }
            for f in drug.formulations
        ],
        "advisories": [
            {
                "when_below_mg": a.when_below_mg,
                "when_at_most_mg": a.when_at_most_mg,
                "unless_formulation_known": a.unless_formulation_known,
                "text": a.text,
                "sources": a.sources,
            }
            for a in drug.advisories
        ],
        "notes": [{"text": n.text, "sources": n.sources} for n in drug.notes],
        "regimen": drug.regimen,
        "regimen_sources": drug.regimen_sources,
        "last_reviewed": drug.last_reviewed.isoformat(),
    }


def definition_document(d: Definition) -> Document:
    """One TRD definition as `definitions --json` prints it: its parameters and where each comes from."""
    return {
        "id": d.id,
        "name": d.name,
        "short_name": d.short_name,
        "default": d.default,
        "summary": d.summary,
        "dose_basis": d.dose_basis,
        "min_weeks": d.min_weeks,
        "failure_below_pct": d.failure_below_pct,
        "required_failures": d.required_failures,
        "adherence_required": d.adherence_required,
        "current_episode_only": d.current_episode_only,
        "distinct_drugs": d.distinct_drugs,
        "early_stop_note": d.early_stop_note,
        "regimens": {
            "augmentation": d.regimens.augmentation,
            "combination": d.regimens.combination,
            "add_on_min_weeks": d.regimens.add_on_min_weeks,
            "source_says": " ".join(d.regimens.source_says.split()),
            "stated": d.regimens.stated,
            "why": " ".join(d.regimens.why.split()),
            "sources": d.regimens.sources,
        },
        "operational_choices": [
            {"parameter": c.parameter, "value": c.value, "why": c.why, "sources": c.sources}
            for c in d.operational_choices
        ],
        "sources": d.sources,
    }


def learn_document(topic_id: str, title: str, text: str, example: str, sources: list[str]) -> Document:
    """One `learn` topic, its placeholders already filled in from the knowledge base."""
    return {"id": topic_id, "title": title, "text": text, "example": example, "sources": sources}

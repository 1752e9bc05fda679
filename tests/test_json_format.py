"""The --json format: whole documents built from fixture results, and the published JSON Schemas."""

from __future__ import annotations

import functools
import json
from typing import Any

import jsonschema
import pytest

from tests.helpers import run, schema_validator
from trd_aid.engine.results import (
    AddOnResult,
    Assessment,
    CaveatResult,
    CheckResult,
    CrisisLineResult,
    DefinitionResult,
    NextSteps,
    OptionResult,
    RegimenRulesResult,
    TrialDefinitionResult,
    TrialResult,
    VerdictResult,
)
from trd_aid.render import json_schema
from trd_aid.render.json import plain
from trd_aid.render.json_schema import DOCUMENTS, SCHEMA_DIR


@functools.cache
def document_schema(name: str) -> dict[str, Any]:
    return json_schema.document_schema(name)


CHECK = CheckResult(name="dose", passed=True, reason="Dose: 150 mg/day is at or above 50.", sources=["atrq-comp006"])
UNDER = TrialDefinitionResult(adequate=True, failed=True, counts=True, reasons=[CHECK.reason], checks=[CHECK])
TRIAL = TrialResult(
    number=1,
    input_name="Zoloft",
    drug="sertraline",
    treatment_id="sertraline",
    kind="antidepressant",
    drug_class="SSRI",
    brand="Zoloft",
    formulation=None,
    dose_mg=150.0,
    dose_unit="mg/day",
    weeks=8.0,
    adherence="good",
    adherence_assumed=False,
    outcome="no_response",
    improvement_pct=None,
    episode="current",
    note=None,
    min_dose_mg=50.0,
    label_max_mg=200.0,
    min_weeks=6.0,
    adequate=True,
    failed=True,
    counts=True,
    reasons=[CHECK.reason],
    sources=["atrq-comp006"],
    checks=[CHECK],
    by_definition={"mgh-atrq": UNDER},
    safety_notes=[],
    regimen="sertraline + aripiprazole",
    add_ons=[
        AddOnResult(
            input_name="Abilify",
            treatment="aripiprazole",
            name="aripiprazole",
            kind="augmentation",
            drug_class=None,
            dose_mg=5.0,
            weeks=4.0,
        )
    ],
    start="2024-01-01",
    stop="2024-02-25",
    later=None,
    from_records=[1, 2],
)
REGIMENS = RegimenRulesResult(
    augmentation=True,
    combination=True,
    add_on_min_weeks=4.0,
    source_says="Monotherapy or adjunctive.",
    stated=True,
    why="A regimen is a trial of its own.",
    sources=["atrq-comp006"],
)
CRISIS = CrisisLineResult(country="US", region="US", name="988 Lifeline", contact="call or text 988", short="988")
DEFINITION = DefinitionResult(
    id="mgh-atrq",
    name="MGH-ATRQ",
    short_name="MGH-ATRQ",
    summary="Two adequate failed trials.",
    dose_basis="atrq",
    min_weeks=6.0,
    failure_below_pct=50.0,
    required_failures=2,
    adherence_required=["good"],
    current_episode_only=True,
    distinct_drugs=True,
    regimens=REGIMENS,
    operational_choices=[],
    sources=["atrq-comp006"],
)
OPTION = OptionResult(
    id="switch-ssri",
    name="Another SSRI",
    category="switch",
    category_label="Switching",
    summary="Change to another SSRI.",
    status="approved",
    guideline="first line",
    when_considered="after one trial",
    tried=False,
    tried_with=[],
    timing="now",
    timing_note=None,
    caveats=[CaveatResult(text="Stop slowly.", sources=["nice-ng222"], shown_because=None)],
    evidence=[],
    side_effects=[],
    monitoring=[],
    contraindications=[],
    verification="verified",
    sources=["nice-ng222"],
    last_reviewed="2026-11-27",
)
STEPS = NextSteps(
    tailored=True,
    adequate_failures=1,
    definition="MGH-ATRQ",
    categories=[],
    options=[OPTION],
    checks_first=[],
    notes=[],
    questions=["What comes next?"],
    crisis=[CRISIS],
    sources={"nice-ng222": "NICE NG222"},
    knowledge_last_reviewed="2026-11-27",
)
ASSESSMENT = Assessment(
    meets_definition=False,
    adequate_failures=1,
    failed_drugs=["sertraline"],
    verdict="Does not meet the MGH-ATRQ definition.",
    definition=DEFINITION,
    by_definition={
        "mgh-atrq": VerdictResult(
            name="MGH-ATRQ", meets_definition=False, adequate_failures=1, failed_drugs=["sertraline"], verdict="No."
        )
    },
    disagreements=[],
    trials=[TRIAL],
    other_treatments=[],
    episode_months=None,
    severity=None,
    warnings=[],
    worth_discussing=[],
    disclaimer="Educational.",
    crisis=[CRISIS],
    sources={"atrq-comp006": "COMP006 ATRQ"},
    knowledge_last_reviewed="2026-11-27",
    next_steps=STEPS,
)

CHECK_DOC = {
    "name": "dose",
    "passed": True,
    "reason": "Dose: 150 mg/day is at or above 50.",
    "sources": ["atrq-comp006"],
}
CRISIS_DOC = {"country": "US", "region": "US", "name": "988 Lifeline", "contact": "call or text 988", "short": "988"}
OPTION_DOC = {
    "id": "switch-ssri",
    "name": "Another SSRI",
    "category": "switch",
    "category_label": "Switching",
    "summary": "Change to another SSRI.",
    "status": "approved",
    "guideline": "first line",
    "when_considered": "after one trial",
    "tried": False,
    "tried_with": [],
    "timing": "now",
    "timing_note": None,
    "evidence": [],
    "side_effects": [],
    "monitoring": [],
    "contraindications": [],
    "verification": "verified",
    "sources": ["nice-ng222"],
    "last_reviewed": "2026-11-27",
    "caveat_details": [{"text": "Stop slowly.", "sources": ["nice-ng222"], "shown_because": None}],
    "caveats": ["Stop slowly."],
}


def test_check_document_from_fixtures() -> None:
    assert plain(ASSESSMENT) == {
        "meets_definition": False,
        "adequate_failures": 1,
        "failed_drugs": ["sertraline"],
        "verdict": "Does not meet the MGH-ATRQ definition.",
        "definition": {
            "id": "mgh-atrq",
            "name": "MGH-ATRQ",
            "short_name": "MGH-ATRQ",
            "summary": "Two adequate failed trials.",
            "dose_basis": "atrq",
            "min_weeks": 6.0,
            "failure_below_pct": 50.0,
            "required_failures": 2,
            "adherence_required": ["good"],
            "current_episode_only": True,
            "distinct_drugs": True,
            "regimens": {
                "augmentation": True,
                "combination": True,
                "add_on_min_weeks": 4.0,
                "source_says": "Monotherapy or adjunctive.",
                "stated": True,
                "why": "A regimen is a trial of its own.",
                "sources": ["atrq-comp006"],
            },
            "operational_choices": [],
            "sources": ["atrq-comp006"],
        },
        "by_definition": {
            "mgh-atrq": {
                "name": "MGH-ATRQ",
                "meets_definition": False,
                "adequate_failures": 1,
                "failed_drugs": ["sertraline"],
                "verdict": "No.",
            }
        },
        "disagreements": [],
        "trials": [
            {
                "number": 1,
                "input_name": "Zoloft",
                "drug": "sertraline",
                "treatment_id": "sertraline",
                "kind": "antidepressant",
                "class": "SSRI",
                "brand": "Zoloft",
                "formulation": None,
                "dose_mg": 150.0,
                "dose_unit": "mg/day",
                "weeks": 8.0,
                "adherence": "good",
                "adherence_assumed": False,
                "outcome": "no_response",
                "improvement_pct": None,
                "episode": "current",
                "note": None,
                "min_dose_mg": 50.0,
                "label_max_mg": 200.0,
                "min_weeks": 6.0,
                "adequate": True,
                "failed": True,
                "counts": True,
                "reasons": ["Dose: 150 mg/day is at or above 50."],
                "sources": ["atrq-comp006"],
                "checks": [CHECK_DOC],
                "by_definition": {
                    "mgh-atrq": {
                        "adequate": True,
                        "failed": True,
                        "counts": True,
                        "reasons": ["Dose: 150 mg/day is at or above 50."],
                        "checks": [CHECK_DOC],
                    }
                },
                "safety_notes": [],
                "regimen": "sertraline + aripiprazole",
                "add_ons": [
                    {
                        "input_name": "Abilify",
                        "treatment": "aripiprazole",
                        "name": "aripiprazole",
                        "kind": "augmentation",
                        "class": None,
                        "dose_mg": 5.0,
                        "weeks": 4.0,
                    }
                ],
                "start": "2024-01-01",
                "stop": "2024-02-25",
                "later": None,
                "from_records": [1, 2],
            }
        ],
        "other_treatments": [],
        "episode_months": None,
        "severity": None,
        "warnings": [],
        "worth_discussing": [],
        "disclaimer": "Educational.",
        "crisis": [CRISIS_DOC],
        "sources": {"atrq-comp006": "COMP006 ATRQ", "nice-ng222": "NICE NG222"},
        "knowledge_last_reviewed": "2026-11-27",
        "options": [OPTION_DOC],
        "checks_first": [],
        "option_notes": [],
        "questions": ["What comes next?"],
        "categories": [],
    }


def test_options_document_from_fixtures() -> None:
    assert plain(STEPS) == {
        "tailored": True,
        "adequate_failures": 1,
        "definition": "MGH-ATRQ",
        "categories": [],
        "options": [OPTION_DOC],
        "checks_first": [],
        "notes": [],
        "questions": ["What comes next?"],
        "crisis": [CRISIS_DOC],
        "sources": {"nice-ng222": "NICE NG222"},
        "knowledge_last_reviewed": "2026-11-27",
    }


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_published_schema_is_current(name: str) -> None:
    path = SCHEMA_DIR / f"{name}.schema.json"
    assert path.read_text(encoding="utf-8") == json_schema.schema_text(name), (
        f"{path} is out of date: run `python -m trd_aid.render.json_schema`"
    )


@pytest.mark.parametrize(
    ("schema", "args"),
    [
        ("check", ["check", "--example", "--json"]),
        ("check", ["check", "--example", "--json", "--no-options"]),
        ("check", ["check", "-t", "sertraline 100 mg 8 weeks no response", "--json"]),
        ("options", ["options", "--example", "--json"]),
        ("options", ["options", "--json"]),
        ("stage", ["stage", "--example", "--json"]),
        ("compare", ["definitions", "--compare", "trd_aid/examples/history.yaml", "--json"]),
    ],
)
def test_real_output_matches_its_schema(schema: str, args: list[str]) -> None:
    code, out, err = run(*args)
    assert (code, err) == (0, "")
    document: Any = json.loads(out)
    schema_validator(schema).validate(document)


def test_the_fixture_documents_match_their_schemas() -> None:
    schema_validator("check").validate(plain(ASSESSMENT))
    schema_validator("options").validate(plain(STEPS))


@pytest.mark.slow  # the meta-schema check; the schema files change only with the result types
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_published_schema_is_a_valid_schema(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema_validator(name).schema)

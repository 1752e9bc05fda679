"""The knowledge base: it validates, every clinical number is sourced, and bad data fails loudly."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import history, knowledge_data, run
from trd_aid.engine import assess_history
from trd_aid.engine.names import NameIndex
from trd_aid.knowledge import KnowledgeError, data_path, load_knowledge
from trd_aid.knowledge.compiled import compiled_data, source_digest
from trd_aid.knowledge.construct import constructed
from trd_aid.knowledge.loader import knowledge_from_data, validated_copy
from trd_aid.knowledge.models import KnowledgeBase

RAW: dict[str, Any] = knowledge_data()

# Every antidepressant in the reference sheet's drug tables (section 1).
SHEET_DRUGS = [
    "citalopram",
    "escitalopram",
    "fluoxetine",
    "fluvoxamine",
    "paroxetine",
    "sertraline",
    "venlafaxine",
    "desvenlafaxine",
    "duloxetine",
    "levomilnacipran",
    "milnacipran",
    "bupropion",
    "mirtazapine",
    "trazodone",
    "nefazodone",
    "vortioxetine",
    "vilazodone",
    "agomelatine",
    "reboxetine",
    "mianserin",
    "tianeptine",
    "amitriptyline",
    "nortriptyline",
    "imipramine",
    "desipramine",
    "clomipramine",
    "doxepin",
    "trimipramine",
    "protriptyline",
    "amoxapine",
    "maprotiline",
    "dosulepin",
    "lofepramine",
    "phenelzine",
    "tranylcypromine",
    "isocarboxazid",
    "selegiline-transdermal",
    "moclobemide",
    "esketamine",
    "gepirone",
    "dextromethorphan-bupropion",
    "zuranolone",
    "pipofezine",
    "noxiptiline",
    "pirlindole",
    "opipramol",
]
AUGMENTERS = ["aripiprazole", "brexpiprazole", "quetiapine", "cariprazine", "olanzapine", "lithium", "liothyronine"]


def test_shipped_knowledge_base_is_valid(kb: KnowledgeBase) -> None:
    assert kb.default_definition.id == "mgh-atrq"
    assert {d.id for d in kb.definitions} == {"mgh-atrq", "eu-pearl", "canadian"}


def test_every_sheet_drug_and_augmenter_is_known(kb: KnowledgeBase) -> None:
    assert set(SHEET_DRUGS) <= {d.id for d in kb.drugs}
    assert {t.id: t.kind for t in kb.other_treatments if t.id in AUGMENTERS} == dict.fromkeys(
        AUGMENTERS, "augmentation"
    )


def _numbers_without_sources(node: Any, path: str, sourced: bool) -> list[str]:
    if isinstance(node, dict):
        here = sourced or "sources" in node or "regimen_sources" in node
        return [
            bad
            for key, value in node.items()
            if key != "schema_version"
            for bad in _numbers_without_sources(value, f"{path}.{key}", here)
        ]
    if isinstance(node, list):
        return [bad for i, item in enumerate(node) for bad in _numbers_without_sources(item, f"{path}[{i}]", sourced)]
    if isinstance(node, (int, float)) and not isinstance(node, bool) and not sourced:
        return [path]
    return []


def test_every_clinical_number_has_a_source() -> None:
    assert _numbers_without_sources(RAW, "treatments", sourced=False) == []


def test_the_source_check_would_catch_an_unsourced_number() -> None:
    assert _numbers_without_sources({"drugs": [{"label_max": {"mg_per_day": 5}}]}, "t", False) == [
        "t.drugs[0].label_max.mg_per_day"
    ]


def test_every_drug_has_a_review_date_and_a_rule(kb: KnowledgeBase) -> None:
    for drug in kb.drugs:
        assert drug.last_reviewed <= dt.date.today()
        assert drug.min_dose or drug.rule == "fixed_regimen" or drug.notes, f"{drug.id}: say why it has no threshold"


def test_names_are_unambiguous(kb: KnowledgeBase) -> None:
    NameIndex(kb)  # raises if one name points at two drugs


def _sertraline(data: dict[str, Any]) -> dict[str, Any]:
    return next(d for d in data["drugs"] if d["id"] == "sertraline")


@pytest.mark.parametrize(
    ("break_it", "message_part"),
    [
        (lambda d: _sertraline(d)["min_dose"]["atrq"].update(mg_per_day=-50), "(sertraline).min_dose.atrq.mg_per_day"),
        (lambda d: _sertraline(d)["min_dose"]["atrq"].update(sources=[]), "(sertraline).min_dose.atrq.sources"),
        (
            lambda d: _sertraline(d)["min_dose"]["atrq"].update(verification="unverified"),
            "(sertraline).min_dose.atrq.verification",
        ),
        (lambda d: _sertraline(d).update(dose_typo=1), "(sertraline).dose_typo"),
        (
            lambda d: _sertraline(d)["label_max"].update(sources=["no-such-source"]),
            "unknown source ids: no-such-source",
        ),
        (lambda d: d["definitions"][1].update(default=True), "exactly one definition must be the default"),
        (
            lambda d: _sertraline(d)["brands"].append(
                {"name": "Prozac", "countries": ["US"], "verification": "secondary"}
            ),
            "'Prozac' is used for both",
        ),
    ],
)
def test_broken_data_fails_loudly_with_the_path(break_it: Any, message_part: str) -> None:
    data = knowledge_data()
    break_it(data)
    with pytest.raises((KnowledgeError, ValueError)) as caught:
        kb = knowledge_from_data(data, "treatments.yaml")
        NameIndex(kb)
    assert message_part in str(caught.value)


def test_adding_a_drug_needs_no_code_change() -> None:
    data = knowledge_data()
    data["drugs"].append(
        {
            "id": "examplamine",
            "class": "SSRI",
            "brands": [{"name": "Examplex", "countries": ["UK"], "verification": "secondary"}],
            "min_dose": {"atrq": {"mg_per_day": 30, "sources": ["atrq-comp006"], "verification": "secondary"}},
            "label_max": {"mg_per_day": 90, "sources": ["label-us-drugscom"], "verification": "secondary"},
            "last_reviewed": "2026-11-27",
        }
    )
    kb = knowledge_from_data(data, "treatments.yaml")
    trial = {"drug": "Examplex", "dose_mg": 30, "weeks": 8, "outcome": "no_response"}
    result = assess_history(history(trial), kb)
    assert result.trials[0].drug == "examplamine" and result.trials[0].counts


def test_every_risk_factor_a_history_may_report_has_a_sourced_note(kb: KnowledgeBase) -> None:
    from trd_aid.vocabulary import RISK_FACTORS

    assert set(kb.risk_factors) == set(RISK_FACTORS)
    assert all(info.note and info.sources for info in kb.risk_factors.values())


# --- The JSON copy the wheel carries (a start-up speed-up; the YAML stays the source of truth) --------------


@functools.cache
def _yaml_and_copy() -> tuple[str, str]:
    """data/treatments.yaml's text and the JSON copy a wheel built from it would carry (made once)."""
    text = data_path().read_text(encoding="utf-8")
    return text, validated_copy(text, "treatments.yaml")


def test_the_json_copy_gives_the_same_knowledge_as_the_yaml(kb: KnowledgeBase) -> None:
    text, copy = _yaml_and_copy()
    validated = compiled_data(copy, text)
    assert knowledge_from_data(validated, "copy") == kb  # the copy is valid data in itself
    assert constructed(validated) == kb  # and what an installed trd-aid makes of it, without validating


def test_an_installed_copy_is_used_and_gives_the_same_answers(tmp_path: Path, kb: KnowledgeBase) -> None:
    text, copy = _yaml_and_copy()
    source = tmp_path / "treatments.yaml"
    source.write_text(text, encoding="utf-8")
    (tmp_path / "treatments.json").write_text(copy, encoding="utf-8")
    installed = load_knowledge(source)
    assert installed == kb and installed is not kb
    example = history(
        {"drug": "Zoloft", "dose_mg": 150, "weeks": 10, "outcome": "no_response"},
        {"drug": "venlafaxine XR", "dose_mg": 225, "weeks": 8.7, "improvement_pct": 35},
        {"drug": "escitalopram", "dose_mg": 10, "weeks": 3, "outcome": "side_effects"},
        age=70,
        risk_factors=["st_johns_wort"],
        other_treatments=[{"treatment": "aripiprazole", "outcome": "partial_response"}],
    )
    assert assess_history(example, installed) == assess_history(example, kb)


def test_a_stale_json_copy_is_ignored(tmp_path: Path) -> None:
    old, copy = _yaml_and_copy()
    new = old.replace("last_reviewed: 2026-", "last_reviewed: 2025-", 1)
    assert compiled_data(copy, new) is None
    source = tmp_path / "treatments.yaml"
    source.write_text(new, encoding="utf-8")
    (tmp_path / "treatments.json").write_text(copy, encoding="utf-8")  # made from the old text
    assert load_knowledge(source).last_reviewed.year == 2025


def test_a_copy_of_the_parsed_yaml_is_not_trusted() -> None:
    """Only a copy of validated data (format 2) stands in for the YAML; the parsed YAML alone does not."""
    text = data_path().read_text(encoding="utf-8")
    unvalidated = json.dumps({"source_sha256": source_digest(text), "knowledge": knowledge_data()}, default=str)
    assert compiled_data(unvalidated, text) is None


def test_a_broken_knowledge_base_stops_the_wheel_build() -> None:
    """The build hook validates the YAML before it writes the copy: no wheel is built from a broken file."""
    data = knowledge_data()
    _sertraline(data)["min_dose"]["atrq"].update(mg_per_day=-50)
    with pytest.raises(KnowledgeError, match=r"\(sertraline\)\.min_dose\.atrq\.mg_per_day"):
        validated_copy(yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper)), "data/treatments.yaml")


def test_a_broken_knowledge_base_is_exit_1_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trd_aid.knowledge import loader

    broken = tmp_path / "treatments.yaml"
    broken.write_text("schema_version: 1\ndrugs: []\n", encoding="utf-8")
    monkeypatch.setattr(loader, "data_path", lambda: broken)
    load_knowledge.cache_clear()
    try:
        code, out, err = run("check", "-t", "sertraline 100 mg 8 weeks no response")
    finally:
        load_knowledge.cache_clear()
    assert (code, out) == (1, "")
    assert err.startswith("trd-aid: error: the knowledge base is broken: ") and err.count("\n") == 1
    assert str(broken) in err


def test_the_readme_states_the_knowledge_base_review_date(kb: KnowledgeBase) -> None:
    readme = (data_path().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"**Last reviewed: {kb.last_reviewed.isoformat()}**" in readme, "update README's Clinical content"

"""JSON Schemas of the `--json` documents, generated from the engine's result types.

    python -m trd_aid.render.json_schema        # rewrites docs/schema/*.schema.json

Pydantic describes each result dataclass; the layout changes that `render/json.py` makes (its
renames, an option's plain `caveats`, the options lifted into `check`'s document) are applied
here from the same tables, and every object is closed (`additionalProperties: false`, every key
required), because the renderer always writes every key. A test validates real output against
these files and fails when they are stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from trd_aid.batch.rows import OPTION_KEYS, BatchRow
from trd_aid.engine.results import Assessment, Comparison, NextSteps, Staging
from trd_aid.render.json import RENAMES, STEPS_IN_ASSESSMENT

Schema = dict[str, Any]
DOCUMENTS: dict[str, type] = {
    "check": Assessment,
    "options": NextSteps,
    "stage": Staging,
    "compare": Comparison,
    "batch": BatchRow,  # one row of `trd-aid batch` (a JSONL line), the same as `trd_aid.assess()` returns
}
TITLES = {"batch": "trd-aid batch: one output row (a line of JSONL)"}
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "docs" / "schema"


def document_schema(name: str) -> Schema:
    """The schema of one command's `--json` document (see DOCUMENTS)."""
    from pydantic import TypeAdapter

    result_type = DOCUMENTS[name]
    schema: Schema = TypeAdapter(result_type).json_schema(mode="serialization")
    definitions: dict[str, Schema] = schema.setdefault("$defs", {})
    definitions[result_type.__name__] = {key: value for key, value in schema.items() if key != "$defs"}
    for key in [k for k in schema if k != "$defs"]:
        del schema[key]
    _apply_layout(definitions)
    for item in definitions.values():
        _close(item)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://trd-aid.invalid/schema/{name}.schema.json",
        "title": TITLES.get(name, f"trd-aid {name} --json"),
        "$ref": f"#/$defs/{result_type.__name__}",
        "$defs": dict(sorted(definitions.items())),
    }


def _apply_layout(definitions: dict[str, Schema]) -> None:
    """The renderer's renames and additions, applied to the generated definitions."""
    for (result_type, field), key in RENAMES.items():
        if result_type.__name__ in definitions:
            _rename(definitions[result_type.__name__], field, key)
    row = definitions.get("BatchRow")
    if row is not None:
        row["optional"] = list(OPTION_KEYS)  # present only with --options
        row["description"] = " ".join(row["description"].split())
    option = definitions.get("OptionResult")
    if option is not None:
        _rename(option, "caveats", "caveat_details")
        option["properties"]["caveats"] = {"type": "array", "items": {"type": "string"}}
    assessment = definitions.get("Assessment")
    if assessment is not None:
        # Planned options are lifted to the top; without them (check --no-options) those keys are absent.
        del assessment["properties"]["next_steps"]
        steps = definitions["NextSteps"]["properties"]
        for field, key in STEPS_IN_ASSESSMENT.items():
            assessment["properties"][key] = steps[field]
        assessment["optional"] = list(STEPS_IN_ASSESSMENT.values())
        if not any(name == "NextSteps" for name in _referenced(definitions, skip="NextSteps")):
            del definitions["NextSteps"]


def _rename(definition: Schema, field: str, key: str) -> None:
    properties = definition["properties"]
    definition["properties"] = {(key if name == field else name): value for name, value in properties.items()}


def _referenced(definitions: dict[str, Schema], *, skip: str) -> list[str]:
    text = json.dumps({name: d for name, d in definitions.items() if name != skip})
    return [name for name in definitions if f'"#/$defs/{name}"' in text]


def _close(schema: Any) -> None:
    """Drop pydantic's titles and defaults; make every object closed, with every key required."""
    if not isinstance(schema, dict):
        return
    schema.pop("title", None)
    schema.pop("default", None)
    if "properties" in schema:
        optional = set(schema.pop("optional", []))
        schema["required"] = [key for key in schema["properties"] if key not in optional]
        schema["additionalProperties"] = False
        for value in schema["properties"].values():
            _close(value)
    for key in ("items", "additionalProperties"):
        _close(schema.get(key))
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for value in schema.get(key, []):
            _close(value)


def schema_text(name: str) -> str:
    return json.dumps(document_schema(name), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
    for name in DOCUMENTS:
        path = SCHEMA_DIR / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

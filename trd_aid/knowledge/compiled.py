"""The JSON copy of `treatments.yaml` that the wheel carries: the same knowledge, validated once.

The wheel's build hook (`hatch_build.py`) validates the YAML with the knowledge-base models (a broken
file stops the build, naming the bad field) and writes the validated data with `compiled_text`. The
loader uses the copy only when its recorded SHA-256 matches the YAML beside it: then it makes the
models without validating again (`construct.py`). A stale copy costs speed, never correctness, and
the YAML stays the one source of truth. Standard library only, so that reading the copy at start-up
imports nothing more.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

COMMENT = "Made from treatments.yaml, validated, when the wheel was built (hatch_build.py); edit the YAML."
# 2: the validated data (every default written out). 1, the YAML as parsed, is never used again.
FORMAT = 2


def source_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def compiled_text(yaml_text: str, validated: Any) -> str:
    """The JSON copy of a knowledge-base YAML text: `validated` is the knowledge it holds, as
    `KnowledgeBase.model_dump(mode="json", by_alias=True)` gives it; the text's digest is recorded."""
    document = {"comment": COMMENT, "format": FORMAT, "source_sha256": source_digest(yaml_text), "knowledge": validated}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def compiled_data(json_text: str, yaml_text: str) -> Any:
    """The validated knowledge from a JSON copy made from exactly `yaml_text`; None for any mismatch."""
    try:
        data = json.loads(json_text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if data.get("source_sha256") != source_digest(yaml_text):
        return None
    knowledge = data.get("knowledge")
    return knowledge if isinstance(knowledge, dict) else None

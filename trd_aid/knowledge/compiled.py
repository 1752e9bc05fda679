"""The JSON copy of `treatments.yaml` that the wheel carries: the same data, parsed about 20 times faster.

The wheel's build hook (`hatch_build.py`) writes it with `compiled_text`; the loader uses it only
when its recorded SHA-256 matches the YAML beside it, so a stale copy costs speed, never
correctness, and the YAML stays the one source of truth. Standard library and PyYAML only: the
build hook loads this file by path, without importing trd-aid.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

COMMENT = "Made from treatments.yaml when the wheel was built (hatch_build.py); edit the YAML."


def source_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def compiled_text(yaml_text: str) -> str:
    """The JSON copy of a knowledge-base YAML text, recording the text's digest."""
    import yaml

    raw = yaml.load(yaml_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    document = {"comment": COMMENT, "source_sha256": source_digest(yaml_text), "knowledge": raw}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"


def compiled_data(json_text: str, yaml_text: str) -> Any:
    """The knowledge data from a JSON copy made from exactly `yaml_text`; None for any mismatch."""
    try:
        data = json.loads(json_text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("source_sha256") != source_digest(yaml_text):
        return None
    return data.get("knowledge")

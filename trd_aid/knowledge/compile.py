"""Write data/treatments.json, a JSON copy of data/treatments.yaml that loads much faster.

Run after editing the YAML:  python -m trd_aid.knowledge.compile
The copy records the YAML's SHA-256; the loader uses it only when that matches, so a stale copy
costs speed, never correctness. A test fails while the committed copy is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from trd_aid.knowledge.loader import KnowledgeError, data_path, load_knowledge, source_digest


def compiled_text(source: Path) -> str:
    import yaml

    text = source.read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    document = {
        "comment": "Generated from treatments.yaml by `python -m trd_aid.knowledge.compile`; edit the YAML.",
        "source_sha256": source_digest(text),
        "knowledge": raw,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"


def main() -> int:
    source = data_path()
    try:
        load_knowledge(source)  # never compile a knowledge base that does not validate
    except KnowledgeError as exc:
        print(f"not compiled: {exc}", file=sys.stderr)
        return 1
    target = source.with_suffix(".json")
    target.write_text(compiled_text(source), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

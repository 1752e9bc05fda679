"""Wheel build hook: ship a validated JSON copy of data/treatments.yaml beside it (trd_aid/knowledge/compiled.py).

The YAML is validated here with the project's own models (so Pydantic is a build requirement): a
broken knowledge base stops the build, naming the bad field, and an installed trd-aid can trust the
copy without validating it again. The copy is made at build time, so that no generated file lives in git.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class KnowledgeCopyHook(BuildHookInterface):  # type: ignore[misc]  (hatchling ships no type hints)
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root))  # the trd_aid being built, not an installed one
        try:
            from trd_aid.knowledge.loader import validated_copy
        finally:
            sys.path.remove(str(root))
        text = (root / "data" / "treatments.yaml").read_text(encoding="utf-8")
        self._folder = tempfile.TemporaryDirectory()
        target = Path(self._folder.name) / "treatments.json"
        target.write_text(validated_copy(text, "data/treatments.yaml"), encoding="utf-8")
        build_data["force_include"][str(target)] = "trd_aid/data/treatments.json"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            folder.cleanup()

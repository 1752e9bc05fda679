"""Wheel build hook: ship a JSON copy of data/treatments.yaml beside it (see trd_aid/knowledge/compiled.py).

The copy is made here, at build time, so that no generated file lives in git.
"""

from __future__ import annotations

import importlib.util
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
        spec = importlib.util.spec_from_file_location("_trd_aid_compiled", root / "trd_aid/knowledge/compiled.py")
        assert spec is not None and spec.loader is not None
        compiled = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(compiled)
        text = (root / "data" / "treatments.yaml").read_text(encoding="utf-8")
        self._folder = tempfile.TemporaryDirectory()
        target = Path(self._folder.name) / "treatments.json"
        target.write_text(compiled.compiled_text(text), encoding="utf-8")
        build_data["force_include"][str(target)] = "trd_aid/data/treatments.json"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            folder.cleanup()

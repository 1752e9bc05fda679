"""Load `treatments.yaml` once and validate it into a `KnowledgeBase`.

The file ships inside the wheel as `trd_aid/data/treatments.yaml`; in a source checkout it is read
from `data/treatments.yaml` at the repository root.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trd_aid.knowledge.models import KnowledgeBase

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


class KnowledgeError(Exception):
    """The knowledge base file is missing or invalid (a bug in the data, not in user input)."""


def data_path() -> Path:
    """Where treatments.yaml is: inside the installed package, else at the repository root."""
    for candidate in (_PACKAGE_DIR / "data" / "treatments.yaml", _PACKAGE_DIR.parent / "data" / "treatments.yaml"):
        if candidate.is_file():
            return candidate
    raise KnowledgeError("treatments.yaml not found: the installation is incomplete (reinstall trd-aid)")


@functools.cache
def load_knowledge(path: Path | None = None) -> KnowledgeBase:
    """Parse and validate the knowledge base; cached, so the file is read once per process."""
    from pydantic import ValidationError

    from trd_aid.knowledge.models import KnowledgeBase

    path = path or data_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot be read: {exc}") from None
    raw = _compiled(path, text)
    if raw is None:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            raw = yaml.load(text, Loader=loader)
        except yaml.YAMLError as exc:
            raise KnowledgeError(f"{path}: cannot be read: {exc}") from None
    try:
        return KnowledgeBase.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{_describe_location(raw, err['loc'])}: {err['msg']}" for err in exc.errors())
        raise KnowledgeError(f"{path}: {problems}") from None


def _describe_location(raw: Any, loc: tuple[Any, ...]) -> str:
    """Turn a Pydantic location into `drugs[3] (sertraline).min_dose.atrq.mg_per_day`."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            item = node[key] if isinstance(node, list) and key < len(node) else None
            if isinstance(item, dict) and "id" in item:
                label += f" ({item['id']})"
            parts.append(label)
            node = item
        else:
            parts.append(f".{key}" if parts else str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts) or "(top level)"


def source_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _compiled(path: Path, text: str) -> Any:
    """The YAML's data from the JSON copy beside it, when that copy was made from exactly this text.

    Parsing the JSON copy takes a few milliseconds against about a hundred for the YAML; the YAML
    stays the only source of truth (see `trd_aid.knowledge.compile`). Any mismatch: None, read the YAML.
    """
    compiled = path.with_suffix(".json")
    try:
        data = json.loads(compiled.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("source_sha256") != source_digest(text):
        return None
    return data.get("knowledge")


def data_file(name: str) -> Path:
    """Another bundled data file (learn.yaml, quiz.yaml), found the same way as treatments.yaml."""
    for candidate in (_PACKAGE_DIR / "data" / name, _PACKAGE_DIR.parent / "data" / name):
        if candidate.is_file():
            return candidate
    raise KnowledgeError(f"{name} not found: the installation is incomplete (reinstall trd-aid)")


def load_yaml_data(name: str) -> Any:
    """A bundled YAML data file as plain Python data; a broken file is a KnowledgeError."""
    import yaml

    path = data_file(name)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path}: cannot be read: {exc}") from None

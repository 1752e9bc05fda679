"""Load `treatments.yaml` once and validate it into a `KnowledgeBase`.

The file ships inside the wheel as `trd_aid/data/treatments.yaml`; in a source checkout it is read
from `data/treatments.yaml` at the repository root.
"""

from __future__ import annotations

import functools
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
    """Parse and validate the knowledge base; cached, so the file is read once per process.

    Beside an installed YAML is the JSON copy the wheel was built with, validated then: when it was
    made from exactly this text, the models are made from it without validating again."""
    path = path or data_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot be read: {exc}") from None
    validated = _compiled(path, text)
    if validated is not None:
        from trd_aid.knowledge.construct import constructed

        return constructed(validated)
    return knowledge_from_data(_parsed(text, str(path)), str(path))


def _parsed(text: str, origin: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{origin}: cannot be read: {exc}") from None


def validated_copy(yaml_text: str, origin: str) -> str:
    """The JSON copy the wheel carries beside the YAML (hatch_build.py): the knowledge, validated.
    A broken file is a KnowledgeError naming the bad field, so no wheel is built from it."""
    from trd_aid.knowledge.compiled import compiled_text

    knowledge = knowledge_from_data(_parsed(yaml_text, origin), origin)
    return compiled_text(yaml_text, knowledge.model_dump(mode="json", by_alias=True))


def knowledge_from_data(raw: Any, origin: str) -> KnowledgeBase:
    """Validate parsed knowledge data; every problem names the path of the bad field."""
    from pydantic import ValidationError

    from trd_aid.knowledge.models import KnowledgeBase

    try:
        return KnowledgeBase.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{_describe_location(raw, err['loc'])}: {err['msg']}" for err in exc.errors())
        raise KnowledgeError(f"{origin}: {problems}") from None


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


def _compiled(path: Path, text: str) -> Any:
    """The data of the JSON copy beside the YAML (installed wheels carry one), when made from this text."""
    from trd_aid.knowledge.compiled import compiled_data

    try:
        json_text = path.with_suffix(".json").read_text(encoding="utf-8")
    except OSError:
        return None
    return compiled_data(json_text, text)


def data_file(name: str) -> Path:
    """Another bundled data file (learn.yaml, quiz.yaml), found the same way as treatments.yaml."""
    for candidate in (_PACKAGE_DIR / "data" / name, _PACKAGE_DIR.parent / "data" / name):
        if candidate.is_file():
            return candidate
    raise KnowledgeError(f"{name} not found: the installation is incomplete (reinstall trd-aid)")


def load_yaml_data(name: str) -> Any:
    """A bundled YAML data file as plain Python data; a broken file is a KnowledgeError."""
    path = data_file(name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot be read: {exc}") from None
    return _parsed(text, str(path))

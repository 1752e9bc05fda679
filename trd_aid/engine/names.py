"""Resolve what a person typed ("Zoloft", "Effexor XR", "setraline") to a known drug or treatment."""

from __future__ import annotations

import re
from dataclasses import dataclass

from trd_aid.engine.prepared import Memo, derived
from trd_aid.errors import InputError, closest
from trd_aid.knowledge.models import Drug, KnowledgeBase, OtherTreatment

# Words that describe a product's form rather than its identity; tolerated after a name.
_FORM_PHRASES = (
    "extended release",
    "controlled release",
    "sustained release",
    "immediate release",
    "modified release",
    "delayed release",
    "orally disintegrating",
)
_FORM_WORDS = {
    "xr",
    "er",
    "xl",
    "sr",
    "cr",
    "ir",
    "la",
    "mr",
    "dr",
    "odt",
    "cd",
    "tablet",
    "tablets",
    "tab",
    "tabs",
    "capsule",
    "capsules",
    "cap",
    "caps",
    "oral",
    "solution",
    "liquid",
    "hcl",
    "hydrochloride",
    "hydrobromide",
    "hbr",
    "oxalate",
    "succinate",
    "sodium",
    "mesylate",
    "maleate",
    "besylate",
    "fumarate",
    "carbonate",
}


def normalise(text: str) -> str:
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"[^a-z0-9µ]+", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Resolved:
    """A name matched to a drug (with formulation, if named) or to another treatment."""

    drug: Drug | None
    other: OtherTreatment | None
    formulation: str | None
    brand: str | None

    @property
    def id(self) -> str:
        return self.drug.id if self.drug else self.other.id  # type: ignore[union-attr]

    @property
    def name(self) -> str:
        """The generic name of a drug, or the treatment's name."""
        return self.drug.display_name if self.drug else self.other.name  # type: ignore[union-attr]


class NameIndex:
    def __init__(self, kb: KnowledgeBase) -> None:
        self._entries: dict[str, Resolved] = {}
        self._display: dict[str, str] = {}
        self._resolved: Memo[str, Resolved | None] = Memo(4096)
        for drug in kb.drugs:
            self._add(drug.id, Resolved(drug, None, None, None), drug.display_name)
            if drug.name:
                self._add(drug.name, Resolved(drug, None, None, None), drug.display_name)
            for alias in drug.aliases:
                self._add(alias, Resolved(drug, None, None, None), alias)
            for brand in drug.brands:
                self._add(brand.name, Resolved(drug, None, brand.formulation, brand.name), brand.name)
        for other in kb.other_treatments:
            for name in [other.id, other.name, *other.aliases, *other.brands]:
                self._add(name, Resolved(None, other, None, name if name in other.brands else None), name)

    def _add(self, name: str, resolved: Resolved, display: str) -> None:
        key = normalise(name)
        existing = self._entries.get(key)
        if existing is not None and existing.id != resolved.id:
            raise ValueError(f"the name {name!r} is used for both {existing.id} and {resolved.id}")
        if existing is None or (existing.formulation is None and resolved.formulation is not None):
            self._entries[key] = resolved
            self._display.setdefault(key, display)

    def resolve(self, text: str) -> Resolved | None:
        """The drug or treatment a name stands for, or None (kept: a batch names the same few medicines)."""
        return self._resolved.get(text, lambda: self._resolve(text))

    def _resolve(self, text: str) -> Resolved | None:
        key = normalise(text)
        if key in self._entries:
            return self._entries[key]
        stripped, form_words = _strip_form_words(key)
        found = self._entries.get(stripped)
        if found is None or found.drug is None:
            return found
        return Resolved(found.drug, None, _formulation(found.drug, form_words) or found.formulation, found.brand)

    def closest(self, text: str) -> str | None:
        """The known name nearest to a typo ("setraline" -> "sertraline"), or None when nothing is close."""
        key, _ = _strip_form_words(normalise(text))
        return closest(key or normalise(text), list(self._display.values()), cutoff=72)

    def require(
        self, text: str, *, what: str, trial: int, field: str, section: str = "trial", list_hint: bool = True
    ) -> Resolved:
        """`resolve`, or an InputError naming the entry and field, with "did you mean" where a close name
        exists (else, with `list_hint`, where to find the known names)."""
        resolved = self.resolve(text)
        if resolved is None:
            hint = "Run `trd-aid drugs` to list the known names." if list_hint else None
            raise InputError(
                f"{text!r} is not a {what} trd-aid knows.",
                trial=trial,
                field=field,
                section=section,
                suggestion=self.suggestion(text) or hint,
            )
        return resolved

    def suggestion(self, text: str) -> str | None:
        match = self.closest(text)
        return f"Did you mean {match!r}?" if match else None

    def known_names(self) -> list[str]:
        return sorted(self._display.values(), key=str.lower)


def _strip_form_words(key: str) -> tuple[str, list[str]]:
    found: list[str] = []
    for phrase in _FORM_PHRASES:
        if phrase in key:
            found.append(phrase)
            key = key.replace(phrase, " ")
    words = []
    for word in key.split():
        if word in _FORM_WORDS:
            found.append(word)
        else:
            words.append(word)
    return " ".join(words), found


def _formulation(drug: Drug, form_words: list[str]) -> str | None:
    for form in drug.formulations:
        if any(normalise(token) in form_words for token in form.tokens):
            return form.id
    return None


def index_for(kb: KnowledgeBase) -> NameIndex:
    """The name index of a knowledge base, built once."""
    return derived(kb, NameIndex)

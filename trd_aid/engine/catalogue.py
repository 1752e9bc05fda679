"""Look-ups over the knowledge base for the `drugs` listing."""

from __future__ import annotations

from trd_aid.errors import InputError
from trd_aid.knowledge.models import Drug, KnowledgeBase


def find_drugs(kb: KnowledgeBase, query: str | None) -> list[Drug]:
    """All drugs; or the one a name resolves to; or those whose name, brand or class contains the query."""
    if not query:
        return list(kb.drugs)
    from trd_aid.engine.names import index_for, normalise

    resolved = index_for(kb).resolve(query)
    if resolved is not None and resolved.drug is not None:
        return [resolved.drug]
    if resolved is not None and resolved.other is not None:
        raise InputError(
            f"{resolved.other.name} is {kb.other_treatment_kinds[resolved.other.kind].split('.')[0].strip()}.",
            field="drugs",
        )
    needle = normalise(query)
    found = [
        d
        for d in kb.drugs
        if needle in normalise(" ".join([d.id, d.display_name, d.drug_class, *d.aliases, *(b.name for b in d.brands)]))
    ]
    if not found:
        raise InputError(
            f"no known antidepressant matches {query!r}.",
            field="drugs",
            suggestion=index_for(kb).suggestion(query) or "Run `trd-aid drugs` to list them all.",
        )
    return found

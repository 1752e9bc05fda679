"""What every result quotes from its knowledge base: each source's citation (whitespace folded) and
the date the knowledge base was last reviewed, made once per knowledge base (see prepared.py)."""

from __future__ import annotations

from collections.abc import Iterable

from trd_aid.engine.prepared import derived
from trd_aid.knowledge.models import KnowledgeBase


class Citations:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.by_id = {sid: " ".join(source.citation.split()) for sid, source in kb.sources.items()}
        self.last_reviewed = kb.last_reviewed.isoformat()

    def of(self, ids: Iterable[str]) -> dict[str, str]:
        """The citations of these source ids, in id order (a result's `sources`)."""
        return {sid: self.by_id[sid] for sid in sorted(ids)}


def citations(kb: KnowledgeBase) -> Citations:
    return derived(kb, Citations)

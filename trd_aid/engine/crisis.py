"""Crisis lines: every one the knowledge base holds, a country's own first, and what to say when a
country has none stored (the international directory comes first then: nobody in crisis is refused)."""

from __future__ import annotations

from trd_aid.engine.prepared import derived
from trd_aid.engine.results import CrisisLineResult
from trd_aid.knowledge.models import KnowledgeBase

COUNTRY_ALIASES = {"GB": "UK", "EN": "UK", "USA": "US", "IRL": "IE", "ROI": "IE", "AUS": "AU", "NZL": "NZ", "CAN": "CA"}


def crisis_lines(kb: KnowledgeBase, country: str | None = None) -> list[CrisisLineResult]:
    """Every crisis line; with a country, its own lines first, then the international directory, then
    the rest. A country trd-aid has no lines for gets the international directory first: a person in
    crisis is never refused (`unknown_country_note` says why the list looks as it does)."""
    lines = list(_lines(kb).lines)
    if country is None:
        return lines
    code = known_country(kb, country)

    def rank(line: CrisisLineResult) -> int:
        return 0 if line.country == code else 1 if line.country == "INTL" else 2

    return sorted(lines, key=rank)


def known_country(kb: KnowledgeBase, country: str) -> str | None:
    """The country code trd-aid has crisis lines for (case-insensitive; GB means UK), or None."""
    code = country.strip().upper()
    code = COUNTRY_ALIASES.get(code, code)
    return code if code in {c.country for c in kb.crisis} else None


def unknown_country_note(kb: KnowledgeBase, country: str | None) -> str | None:
    """One line for a --country trd-aid has no crisis lines for; None when it has them (or none was asked)."""
    if country is None or known_country(kb, country) is not None:
        return None
    codes = ", ".join(sorted({c.country for c in kb.crisis} - {"INTL"}))
    return (
        f"no crisis lines are stored for country {country[:20]!r}; findahelpline.com lists free lines in many "
        f"countries and is shown first (stored: {codes})."
    )


def crisis_sources(kb: KnowledgeBase) -> frozenset[str]:
    """The source ids behind the crisis lines (every assessment shows them)."""
    return _lines(kb).sources


class _Lines:
    """The crisis lines as frozen results, made once per knowledge base (see engine/prepared.py)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.lines = tuple(
            CrisisLineResult(country=c.country, name=c.name, contact=c.contact, region=c.region, short=c.short)
            for c in kb.crisis
        )
        self.sources = frozenset(sid for c in kb.crisis for sid in c.sources)


def _lines(kb: KnowledgeBase) -> _Lines:
    return derived(kb, _Lines)

"""Rich output for the reference commands: `drugs`, `definitions`, `about`."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from trd_aid.knowledge.models import Drug, KnowledgeBase, SourcedDose


def _dose(dose: SourcedDose | None, unit: str) -> str:
    return "-" if dose is None else f"{dose.mg_per_day:g} {unit}"


def render_drugs(kb: KnowledgeBase, drugs: list[Drug], console: Console, *, detailed: bool) -> None:
    if detailed:
        _render_drug_card(kb, drugs[0], console)
        return
    table = Table(header_style="bold")
    for column in ("Medicine", "Class", "Brand names", "ATRQ minimum", "Label maximum", "Sources"):
        table.add_column(column)
    for d in drugs:
        minimum = d.min_dose.get("atrq")
        brands = ", ".join(b.name for b in d.brands if b.verification != "unverified") or "-"
        threshold = _dose(minimum, d.dose_unit) if d.rule == "threshold" else "own rule"
        ids = sorted(
            {*(minimum.sources if minimum else []), *(d.label_max.sources if d.label_max else []), *d.regimen_sources}
        )
        table.add_row(d.display_name, d.drug_class, brands, threshold, _dose(d.label_max, d.dose_unit), ", ".join(ids))
    console.print(table)
    console.print(f"{len(drugs)} medicine(s). `trd-aid drugs NAME` shows one in full, with notes and citations.")
    console.print(Text("Thresholds are those of one published ATRQ form; see `trd-aid definitions`.", style="dim"))


def _render_drug_card(kb: KnowledgeBase, d: Drug, console: Console) -> None:
    console.print(Text(f"{d.display_name} ({d.drug_class})", style="bold"))
    if d.aliases:
        console.print(f"Also written: {escape(', '.join(d.aliases))}")
    for b in d.brands:
        state = " (brand not verified)" if b.verification == "unverified" else ""
        console.print(f"Brand: {escape(b.name)} - {', '.join(b.countries)}{state}")
    cited: list[str] = []

    def line(label: str, dose: SourcedDose | None) -> None:
        if dose is None:
            return
        cited.extend(dose.sources)
        text = f"{label}: {dose.mg_per_day:g} {d.dose_unit} [{', '.join(dose.sources)}; {dose.verification}]"
        console.print(escape(text), soft_wrap=True)
        if dose.note:
            console.print(f"   {escape(' '.join(dose.note.split()))}", soft_wrap=True)

    for basis, dose in d.min_dose.items():
        line(f"Minimum adequate dose ({basis.upper()})", dose)
    line("Lowest labelled dose", d.label_min)
    line("Label maximum", d.label_max)
    for form in d.formulations:
        for basis, dose in form.min_dose.items():
            line(f"{form.name.capitalize()}: minimum ({basis.upper()})", dose)
        line(f"{form.name.capitalize()}: label maximum", form.label_max)
    if d.rule == "fixed_regimen":
        cited.extend(d.regimen_sources)
        counted = "counted when the other criteria are met" if d.counts_toward_trd else "not counted toward TRD"
        console.print(escape(f"Own rule ({counted}): {' '.join((d.regimen or '').split())}"), soft_wrap=True)
    notes: list[tuple[str, list[str]]] = [(a.text, a.sources) for a in d.advisories] + [
        (n.text, n.sources) for n in d.notes
    ]
    for text, sources in notes:
        cited.extend(sources)
        console.print(escape(f"Note: {' '.join(text.split())} [{', '.join(sources)}]"), soft_wrap=True)
    console.print(f"Last reviewed: {d.last_reviewed.isoformat()}")
    console.print(Text("Sources", style="bold"))
    for sid in dict.fromkeys(cited):
        console.print(escape(f"  [{sid}] {' '.join(kb.sources[sid].citation.split())}"), soft_wrap=True, style="dim")


def render_definitions(kb: KnowledgeBase, console: Console) -> None:
    for d in kb.definitions:
        default = " (default)" if d.default else ""
        console.print(Text(f"{d.id}{default}: {d.name}", style="bold"))
        console.print(f"  {escape(' '.join(d.summary.split()))}", soft_wrap=True)
        console.print(
            f"  Parameters: dose at or above the {d.dose_basis.upper()} minimum; at least {d.min_weeks:g} weeks; "
            f"failure = less than {d.failure_below_pct:g}% improvement; {d.required_failures} different "
            f"antidepressants; adherence: {', '.join(d.adherence_required)}; "
            f"{'current episode only' if d.current_episode_only else 'any episode'}.",
            soft_wrap=True,
        )
        for choice in d.operational_choices:
            console.print(
                escape(
                    f"  Where the definition is open, trd-aid uses {choice.value}: {' '.join(choice.why.split())} "
                    f"[{', '.join(choice.sources)}]"
                ),
                soft_wrap=True,
            )
        console.print(f"  Sources: {', '.join(d.sources)}")
        console.print()
    console.print(
        "Judge by another definition with `trd-aid check FILE --definition ID`; "
        "every result also shows the verdict under all of them."
    )


def render_about(kb: KnowledgeBase, path: str, version: str, console: Console) -> None:
    console.print(Text(f"trd-aid {version}", style="bold"))
    console.print(escape(" ".join(kb.disclaimer.split())), soft_wrap=True)
    console.print(f"Knowledge base: {escape(path)}")
    console.print(
        f"  last reviewed {kb.last_reviewed.isoformat()}; {len(kb.drugs)} antidepressants, "
        f"{len(kb.other_treatments)} other treatments, {len(kb.definitions)} definitions, "
        f"{len(kb.sources)} sources."
    )
    console.print("Nothing you enter leaves this computer, and nothing is saved unless you ask.")
    for c in kb.crisis:
        console.print(f"{c.country}: {escape(c.name)} - {escape(c.contact)}")

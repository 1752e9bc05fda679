"""Rich output for the reference commands: `drugs`, `definitions`, `about`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from trd_aid.knowledge.models import Definition, Drug, KnowledgeBase, SourcedDose
from trd_aid.render.layout import bullet, cited, heading, paragraph
from trd_aid.render.words import plural


def _dose(dose: SourcedDose | None, unit: str) -> str:
    return "-" if dose is None else f"{dose.mg_per_day:g} {unit}"


def render_drugs(kb: KnowledgeBase, drugs: list[Drug], console: Console, *, detailed: bool) -> None:
    if detailed:
        _render_drug_card(kb, drugs[0], console)
        return
    wide = console.width >= 100
    table = Table(header_style="bold", expand=True)
    table.add_column("Medicine", ratio=3)
    table.add_column("Class", ratio=2)
    if wide:
        table.add_column("Brand names", ratio=4)
    table.add_column("ATRQ minimum", ratio=2)
    table.add_column("Label maximum", ratio=2)
    if wide:
        table.add_column("Sources", ratio=3)
    for d in drugs:
        minimum = d.min_dose.get("atrq")
        threshold = _dose(minimum, d.dose_unit) if d.rule == "threshold" else "own rule"
        cells = [paragraph(d.display_name), paragraph(d.drug_class)]
        if wide:
            cells.append(paragraph(", ".join(b.name for b in d.brands if b.verification != "unverified") or "-"))
        cells += [paragraph(threshold), paragraph(_dose(d.label_max, d.dose_unit))]
        if wide:
            ids = sorted(
                {
                    *(minimum.sources if minimum else []),
                    *(d.label_max.sources if d.label_max else []),
                    *d.regimen_sources,
                }
            )
            cells.append(Text(", ".join(ids), style="dim"))
        table.add_row(*cells)
    console.print(table)
    console.print(
        paragraph(
            f"{plural(len(drugs), 'medicine')}. `trd-aid drugs NAME` shows one in full, with its brands, notes and "
            "the source of every number."
        )
    )
    console.print(Text("Thresholds are those of one published ATRQ form; see `trd-aid definitions`.", style="dim"))


def _render_drug_card(kb: KnowledgeBase, d: Drug, console: Console) -> None:
    console.print(heading(f"{d.display_name} ({d.drug_class})"))
    if d.aliases:
        console.print(paragraph(f"Also written: {', '.join(d.aliases)}"))
    for b in d.brands:
        state = " (brand not verified)" if b.verification == "unverified" else ""
        console.print(bullet(f"Brand: {b.name} - {', '.join(b.countries)}{state}"))
    cited_ids: list[str] = []

    def line(label: str, dose: SourcedDose | None) -> None:
        if dose is None:
            return
        cited_ids.extend(dose.sources)
        console.print(bullet(cited(f"{label}: {dose.mg_per_day:g} {d.dose_unit} ({dose.verification})", dose.sources)))
        if dose.note:
            console.print(bullet(paragraph(dose.note), "", indent=4))

    for basis, dose in d.min_dose.items():
        line(f"Minimum adequate dose ({basis.upper()})", dose)
    line("Lowest labelled dose", d.label_min)
    line("Label maximum", d.label_max)
    for form in d.formulations:
        for basis, dose in form.min_dose.items():
            line(f"{form.name.capitalize()}: minimum ({basis.upper()})", dose)
        line(f"{form.name.capitalize()}: label maximum", form.label_max)
    if d.age_caps is not None:
        for cap in d.age_caps.caps:
            cited_ids.extend(cap.sources)
            words = "at most" if cap.kind == "maximum" else "a recommended"
            text = f"Older adults, {cap.label}: {words} {cap.mg_per_day:g} {d.dose_unit} {cap.age_words} ({cap.verification})"
            console.print(bullet(cited(text, cap.sources)))
    if d.rule == "fixed_regimen":
        cited_ids.extend(d.regimen_sources)
        counted = "counted when the other criteria are met" if d.counts_toward_trd else "not counted toward TRD"
        console.print(bullet(cited(f"Own rule ({counted}): {d.regimen or ''}", d.regimen_sources)))
    notes: list[tuple[str, list[str]]] = [(a.text, a.sources) for a in d.advisories] + [
        (n.text, n.sources) for n in d.notes
    ]
    for text, sources in notes:
        cited_ids.extend(sources)
        console.print(bullet(cited(f"Note: {text}", sources)))
    console.print(Text(f"Last reviewed: {d.last_reviewed.isoformat()}"))
    console.print(heading("Sources"))
    for sid in dict.fromkeys(cited_ids):
        console.print(bullet(Text(f"[{sid}] {' '.join(kb.sources[sid].citation.split())}", style="dim")))


def render_definitions(kb: KnowledgeBase, console: Console) -> None:
    for d in kb.definitions:
        default = " (default)" if d.default else ""
        console.print(heading(f"{d.id}{default}: {d.name}"))
        console.print(bullet(paragraph(d.summary), ""))
        episode = "current episode only" if d.current_episode_only else "any episode"
        console.print(
            bullet(
                paragraph(
                    f"Parameters: dose at or above the {d.dose_basis.upper()} minimum; at least {d.min_weeks:g} weeks; "
                    f"failure = less than {d.failure_below_pct:g}% improvement; {d.required_failures} different "
                    f"antidepressants; adherence: {', '.join(d.adherence_required)}; {episode}."
                ),
                "",
            )
        )
        console.print(bullet(cited(regimen_words(d), d.regimens.sources)))
        for choice in d.operational_choices:
            console.print(
                bullet(
                    cited(f"Where the definition is open, trd-aid uses {choice.value}: {choice.why}", choice.sources)
                )
            )
        console.print(bullet(Text(f"Sources: {', '.join(d.sources)}", style="dim"), ""))
        console.print()
    console.print(
        paragraph(
            "Judge by another definition with `trd-aid check FILE --definition ID`; every result also shows the "
            "verdict under all of them."
        )
    )


def regimen_words(d: Definition) -> str:
    """What a definition does with an antidepressant given with add-ons, and what its source says."""
    r = d.regimens
    kinds = (("a second antidepressant", r.combination), ("another kind of add-on", r.augmentation))
    counted = [k for k, yes in kinds if yes]
    refused = [k for k, yes in kinds if not yes]
    says = "The source says: " if r.stated else "The source is silent, so this is trd-aid's reading. The source says: "
    text = "Add-ons: an antidepressant given with "
    text += " or ".join(counted) + " counts as one trial of its own" if counted else "an add-on is not counted"
    if counted and refused:
        text += f"; with {' or '.join(refused)}, it is not counted"
    text += f" (the add-on needs at least {r.add_on_min_weeks:g} weeks). {says}{' '.join(r.source_says.split())}"
    return text


def render_about(kb: KnowledgeBase, path: str, version: str, console: Console) -> None:
    console.print(heading(f"trd-aid {version}"))
    console.print(paragraph(kb.disclaimer))
    console.print(paragraph(f"Knowledge base: {path}"))
    console.print(
        bullet(
            f"last reviewed {kb.last_reviewed.isoformat()}; {plural(len(kb.drugs), 'antidepressant')}, "
            f"{plural(len(kb.other_treatments), 'other treatment')}, {plural(len(kb.definitions), 'definition')}, "
            f"{plural(len(kb.sources), 'source')}."
        )
    )
    console.print(paragraph("Nothing you enter leaves this computer, and nothing is saved unless you ask."))
    console.print(
        paragraph("To report an error in the content: see the README's Clinical content section (trd-aid --version).")
    )
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for c in kb.crisis:
        grid.add_row(Text(f"{c.country}:"), paragraph(f"{c.name} - {c.contact}"))
    console.print(grid)

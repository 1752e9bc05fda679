"""Rich output for `trd-aid stage`: every point of every model, with its reason and sources."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from trd_aid.engine.results import Staging, StagingItemResult
from trd_aid.render.layout import bullet, cited, heading, paragraph
from trd_aid.render.terminal import crisis_block, crisis_line, render_sources


def _points(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _items_table(items: list[StagingItemResult]) -> Table:
    """Item, points and why; the sources are cited after each reason, so no column is too narrow."""
    table = Table(header_style="bold", expand=True)
    table.add_column("Item", ratio=2)
    table.add_column("Points", justify="right", no_wrap=True)
    table.add_column("Why", ratio=5)
    for item in items:
        table.add_row(paragraph(item.label), _points(item.points), cited(item.reason, item.sources))
    return table


def render_staging(staging: Staging, console: Console, *, show_sources: bool = False) -> None:
    console.print(crisis_line(staging.crisis))
    console.print()
    console.print(paragraph(staging.note, style="italic"))
    failed = "; ".join(staging.failed_trials) or "none"
    console.print(paragraph(f"Failed adequate trials (judged as in `trd-aid check`, {staging.definition}): {failed}"))

    m = staging.maudsley
    console.print()
    console.print(heading(m.name))
    console.print(_items_table(m.items))
    if m.total is None:
        console.print(Text("Total: cannot be computed"))
    else:
        console.print(Text(f"Total: {m.total} of 15 - {m.band} band", style="bold"))
    for line in m.missing:
        console.print(bullet(line, "?"))

    g = staging.mgh
    console.print()
    console.print(heading(g.name))
    console.print(_items_table(g.items))
    console.print(
        Text(f"Total: {g.total:g}", style="bold") if g.total is not None else Text("Total: cannot be computed")
    )
    for line in g.missing:
        console.print(bullet(line, "?"))

    t = staging.thase_rush
    console.print()
    console.print(heading(t.name))
    console.print(Text(f"Stage {t.stage_label}" if t.stage_label else "Stage: cannot be given", style="bold"))
    console.print(bullet(t.reason, ""))
    for step in t.steps:
        console.print(bullet(step))
    for line in t.missing:
        console.print(bullet(line, "?"))

    console.print()
    console.print(heading("How trd-aid reads a history for staging"))
    for c in staging.operational_choices:
        console.print(bullet(cited(f"{c.parameter}: {c.value}. {c.why}", c.sources)))
    if staging.warnings:
        console.print()
        console.print(heading("Worth checking"))
        for warning in staging.warnings:
            console.print(bullet(warning, "!"))
    console.print()
    if show_sources:
        render_sources(staging.sources, console)
    else:
        console.print(Text("Add --sources for the full citations.", style="dim"))
        console.print()
    console.print(paragraph(staging.disclaimer, style="italic"))
    console.print(crisis_block(staging.crisis))

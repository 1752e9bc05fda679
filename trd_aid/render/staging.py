"""Rich output for `trd-aid stage`: every point of every model, with its reason and sources."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from trd_aid.engine.results import Staging, StagingItemResult
from trd_aid.render.terminal import crisis_block, crisis_line


def _points(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _items_table(items: list[StagingItemResult]) -> Table:
    table = Table(header_style="bold")
    table.add_column("Item", overflow="fold")
    table.add_column("Points", justify="right")
    table.add_column("Why", overflow="fold")
    table.add_column("Sources", overflow="fold")
    for item in items:
        table.add_row(item.label, _points(item.points), item.reason, ", ".join(item.sources))
    return table


def render_staging(staging: Staging, console: Console, *, show_sources: bool = True) -> None:
    console.print(crisis_line(staging.crisis))
    console.print()
    console.print(Text(staging.note, style="italic"), soft_wrap=True)
    failed = "; ".join(staging.failed_trials) or "none"
    console.print(
        escape(f"Failed adequate trials (judged as in `trd-aid check`, {staging.definition}): {failed}"),
        soft_wrap=True,
    )

    m = staging.maudsley
    console.print()
    console.print(Text(m.name, style="bold"))
    console.print(_items_table(m.items))
    if m.total is None:
        console.print("Total: cannot be computed")
    else:
        console.print(Text(f"Total: {m.total} of 15 - {m.band} band", style="bold"))
    for line in m.missing:
        console.print(escape(f"   ? {line}"), soft_wrap=True)

    g = staging.mgh
    console.print()
    console.print(Text(g.name, style="bold"))
    console.print(_items_table(g.items))
    console.print(Text(f"Total: {g.total:g}", style="bold") if g.total is not None else "Total: cannot be computed")
    for line in g.missing:
        console.print(escape(f"   ? {line}"), soft_wrap=True)

    t = staging.thase_rush
    console.print()
    console.print(Text(t.name, style="bold"))
    console.print(Text(f"Stage {t.stage_label}" if t.stage_label else "Stage: cannot be given", style="bold"))
    console.print(escape(f"   {t.reason}"), soft_wrap=True)
    for step in t.steps:
        console.print(escape(f"   - {step}"), soft_wrap=True)
    for line in t.missing:
        console.print(escape(f"   ? {line}"), soft_wrap=True)

    console.print()
    console.print(Text("How trd-aid reads a history for staging", style="bold"))
    for c in staging.operational_choices:
        console.print(escape(f"   - {c.parameter}: {c.value}. {c.why} [{', '.join(c.sources)}]"), soft_wrap=True)
    if staging.warnings:
        console.print()
        console.print(Text("Worth checking", style="bold"))
        for warning in staging.warnings:
            console.print(f"   ! {escape(warning)}", soft_wrap=True)
    if show_sources:
        console.print()
        console.print(Text("Sources", style="bold"))
        for sid, citation in staging.sources.items():
            console.print(escape(f"   [{sid}] {citation}"), soft_wrap=True, style="dim")
    console.print()
    console.print(Text(staging.disclaimer, style="italic"), soft_wrap=True)
    console.print(crisis_block(staging.crisis))

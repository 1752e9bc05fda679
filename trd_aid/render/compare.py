"""Rich output for `trd-aid definitions --compare`: trials down, definitions across."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from trd_aid.engine.results import Comparison
from trd_aid.render.terminal import crisis_block, crisis_line


def render_comparison(comparison: Comparison, console: Console) -> None:
    console.print(crisis_line(comparison.crisis))
    console.print()
    console.print(Text("One history under every definition", style="bold"))
    table = Table(header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("Medicine", overflow="fold")
    for d in comparison.definitions:
        table.add_column(d.short_name, overflow="fold")
    table.add_column("Agree?", overflow="fold")
    for row in comparison.trials:
        name = row.drug or row.input_name
        cells = [row.by_definition[d.id].status for d in comparison.definitions]
        style = "bold" if row.disagree else ""
        table.add_row(str(row.number), name, *cells, "DIFFERS" if row.disagree else "same", style=style)
    verdicts = []
    for d in comparison.definitions:
        v = comparison.by_definition[d.id]
        verdicts.append(f"{'met' if v.meets_definition else 'not met'} ({v.adequate_failures})")
    table.add_row("", Text("Definition", style="bold"), *verdicts, "", end_section=True)
    console.print(table)
    console.print(
        "Cells: COUNTS = an adequate trial that did not help enough; otherwise the first reason it does not count."
    )
    console.print("The last row: whether the definition is met, with the number of adequate failed trials.")

    differing = [row for row in comparison.trials if row.disagree]
    console.print()
    if differing:
        console.print(Text("Where the definitions disagree, and why", style="bold"))
        for row in differing:
            console.print(Text(f"Trial {row.number} ({row.drug or row.input_name})", style="bold"))
            for line in row.why:
                console.print(escape(f"   - {line}"), soft_wrap=True)
    else:
        console.print(Text("The definitions agree on every trial.", style="bold"))
    if comparison.disagreements:
        console.print()
        for line in comparison.disagreements:
            console.print(escape(f"   * {line}"), soft_wrap=True)
    console.print()
    console.print(Text("Definitions", style="bold"))
    for d in comparison.definitions:
        console.print(
            escape(
                f"   {d.short_name}: at least {d.min_weeks:g} weeks; failure = less than {d.failure_below_pct:g}% "
                f"improvement; {d.required_failures} different antidepressants [{', '.join(d.sources)}]"
            ),
            soft_wrap=True,
        )
    console.print()
    console.print(
        Text(
            "This compares a history with published definitions; it is not a diagnosis. " + comparison.disclaimer,
            style="italic",
        ),
        soft_wrap=True,
    )
    console.print(crisis_block(comparison.crisis))

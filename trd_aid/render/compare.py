"""Rich output for `trd-aid definitions --compare`: trials down, definitions across."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from trd_aid.engine.results import Comparison
from trd_aid.render.layout import bullet, cited, heading, paragraph
from trd_aid.render.terminal import crisis_block, crisis_line
from trd_aid.render.words import plural


def render_comparison(comparison: Comparison, console: Console) -> None:
    console.print(crisis_line(comparison.crisis))
    console.print()
    console.print(heading("One history under every definition"))
    table = Table(header_style="bold", expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Medicine", ratio=2)
    for d in comparison.definitions:
        table.add_column(d.short_name, ratio=2)
    table.add_column("Agree?", no_wrap=True)
    for row in comparison.trials:
        name = row.drug or row.input_name
        cells = [paragraph(row.by_definition[d.id].status) for d in comparison.definitions]
        style = "bold" if row.disagree else ""
        table.add_row(str(row.number), paragraph(name), *cells, "DIFFERS" if row.disagree else "same", style=style)
    verdicts = []
    for d in comparison.definitions:
        v = comparison.by_definition[d.id]
        verdicts.append(paragraph(f"{'met' if v.meets_definition else 'not met'} ({v.adequate_failures})"))
    table.add_row("", Text("Definition", style="bold"), *verdicts, "", end_section=True)
    console.print(table)
    console.print(
        paragraph(
            "Cells: COUNTS = an adequate trial that did not help enough; otherwise the first reason it does not "
            "count. The last row: whether the definition is met, with the number of adequate failed trials."
        )
    )
    differing = [row for row in comparison.trials if row.disagree]
    console.print()
    if differing:
        console.print(heading("Where the definitions disagree, and why"))
        for row in differing:
            console.print(Text(f"Trial {row.number} ({row.drug or row.input_name})", style="bold"))
            for line in row.why:
                console.print(bullet(line))
    else:
        console.print(heading("The definitions agree on every trial."))
    verdict_lines = [line for line in comparison.disagreements if line.startswith("The definitions disagree")]
    for line in verdict_lines:  # the per-trial lines were said just above
        console.print(bullet(line, "*"))
    console.print()
    console.print(heading("Definitions"))
    for d in comparison.definitions:
        text = (
            f"{d.short_name}: at least {plural(int(d.min_weeks), 'week') if d.min_weeks == int(d.min_weeks) else f'{d.min_weeks:g} weeks'}; "
            f"failure = less than {d.failure_below_pct:g}% improvement; "
            f"{d.required_failures} different antidepressants"
        )
        console.print(bullet(cited(text, d.sources)))
    console.print()
    console.print(
        paragraph(
            "This compares a history with published definitions; it is not a diagnosis. " + comparison.disclaimer,
            style="italic",
        )
    )
    console.print(crisis_block(comparison.crisis))

"""Human output with Rich: a table of trials, the reasons, the verdict, warnings, safety text.

Meaning never rests on colour alone: every mark is also a word, so NO_COLOR and screen readers
read the same result.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from trd_aid.engine.results import Assessment, CrisisLineResult
from trd_aid.engine.status import short_status
from trd_aid.render.words import (
    adherence_cell,
    crisis_numbers,
    dose_cell,
    long_status,
    outcome_cell,
    outcome_words,
    trial_name,
    weeks_cell,
)


def make_console(*, stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def render_assessment(
    assessment: Assessment,
    console: Console,
    *,
    show_sources: bool = True,
    detail: bool = False,
    show_options: bool = True,
) -> None:
    console.print(crisis_line(assessment.crisis))
    console.print()
    console.print(
        Text("Antidepressant trials", style="bold"), Text(f"(judged under {assessment.definition.short_name})")
    )
    console.print(trials_table(assessment))
    console.print()
    console.print(Text("Why, trial by trial", style="bold"))
    for trial in assessment.trials:
        console.print(f"[bold]{trial.number}. {escape(trial_name(trial))}[/bold] - {escape(long_status(trial))}")
        for check in trial.checks:
            cited = escape(f" [{', '.join(check.sources)}]") if check.sources else ""
            console.print(f"   - {escape(check.reason)}[dim]{cited}[/dim]", soft_wrap=True)
        if trial.note:
            console.print(f"   - Note (as entered): {escape(trial.note)}", soft_wrap=True)
    if assessment.other_treatments:
        console.print()
        console.print(Text("Other treatments recorded", style="bold"))
        for other in assessment.other_treatments:
            outcome = f", {outcome_words(other.outcome)}" if other.outcome else ""
            console.print(f"   - {escape(other.name)} ({other.kind.replace('_', ' ')}{outcome})", soft_wrap=True)
    console.print()
    console.print(verdict_panel(assessment))
    if assessment.warnings:
        console.print(Text("Worth checking", style="bold"))
        for warning in assessment.warnings:
            console.print(f"   ! {escape(warning)}", soft_wrap=True)
        console.print()
    if assessment.worth_discussing:
        console.print(Text("Worth discussing with your clinician", style="bold"))
        console.print("Things you reported that can make depression harder to treat, or look harder to treat:")
        for note in assessment.worth_discussing:
            cited = escape(f" [{', '.join(note.sources)}]")
            console.print(f"   - {escape(note.note)}[dim]{cited}[/dim]", soft_wrap=True)
        console.print()
    sources = dict(assessment.sources)
    if assessment.next_steps is not None and show_options:
        from trd_aid.render.options import render_next_steps

        render_next_steps(assessment.next_steps, console, detail=detail)
        console.print()
        sources.update(assessment.next_steps.sources)
    if show_sources:
        render_sources(sources, console)
    console.print(Text(assessment.disclaimer, style="italic"), soft_wrap=True)
    console.print(crisis_block(assessment.crisis))


def render_sources(sources: dict[str, str], console: Console) -> None:
    console.print(Text("Sources", style="bold"))
    for sid in sorted(sources):
        console.print(escape(f"   [{sid}] {sources[sid]}"), soft_wrap=True, style="dim")
    console.print()


def trials_table(assessment: Assessment) -> Table:
    table = Table(show_lines=False, header_style="bold", expand=False)
    table.add_column("#", justify="right")
    for header in ("Medicine", "Dose (minimum)", "Time (minimum)", "Taken", "Outcome", "Result"):
        table.add_column(header, overflow="fold")
    for t in assessment.trials:
        table.add_row(
            str(t.number),
            trial_name(t),
            dose_cell(t),
            weeks_cell(t),
            adherence_cell(t),
            outcome_cell(t),
            short_status(t),
        )
    return table


def verdict_panel(assessment: Assessment) -> Panel:
    d = assessment.definition
    lines: list[Text | str] = [
        Text(assessment.verdict, style="bold"),
        "",
        Text(f"{d.short_name} in plain words: {d.summary}"),
    ]
    others = [v for key, v in assessment.by_definition.items() if key != d.id]
    if others:
        lines.append("")
        lines.append(Text("Under the other definitions trd-aid knows:"))
        for v in others:
            word = "meets" if v.meets_definition else "does not meet"
            lines.append(Text(f"  - {v.name}: {word} ({v.adequate_failures} adequate failed trial(s))"))
    for line in assessment.disagreements:
        lines.append(Text(f"  * {line}"))
    lines.append("")
    lines.append(
        Text(
            "This is a comparison with a published definition, not a diagnosis. "
            "Bring it to your clinician, who can check it against your records."
        )
    )
    title = "Result: definition met" if assessment.meets_definition else "Result: definition not met"
    return Panel(Group(*lines), title=title, title_align="left", expand=False)


def crisis_line(crisis: list[CrisisLineResult]) -> Text:
    return Text(
        "In a crisis or thinking about suicide? Help is there now: " + " | ".join(crisis_numbers(crisis)), style="bold"
    )


def crisis_block(crisis: list[CrisisLineResult]) -> Panel:
    lines = [Text(f"{c.country}: {c.name} - {c.contact}") for c in crisis]
    return Panel(Group(*lines), title="If you need help now", title_align="left", expand=False)

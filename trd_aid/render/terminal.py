"""`check` on a terminal: short by default, the rest on request.

Default: the crisis line, the trials, the verdict (other definitions one line each), what to check
first and the cautions this history raises, questions for the appointment, the option groups with
their counts, and how to see more. `View` adds the reasons trial by trial (`why`), every option with
its cautions (`options`), the full citations (`sources`) and the clinician view of each option.

Meaning never rests on colour alone: every mark is also a word, so NO_COLOR and screen readers
read the same result. Everything is printed as Rich renderables, so it wraps at word boundaries.
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from trd_aid.engine.results import Assessment, CrisisLineResult, NextSteps, TrialResult
from trd_aid.engine.status import short_status
from trd_aid.render.layout import bullet, bullets, cited, heading, longest_word, numbered, paragraph
from trd_aid.render.words import (
    adherence_cell,
    crisis_numbers,
    dose_cell,
    long_status,
    other_definitions,
    outcome_cell,
    outcome_words,
    record_notes,
    trial_name,
    weeks_cell,
)

# Every column of the trials table, in order; a table narrower than its longest words becomes a list.
COLUMNS = ("#", "Medicine", "Dose (min)", "Time (min)", "Taken", "Outcome", "Result")


@dataclass(frozen=True)
class View:
    """What `check` shows beyond the short default."""

    why: bool = False  # the reasons trial by trial, and notes on the entries
    options: bool | None = False  # every option with its cautions; False: the group counts; None: nothing
    sources: bool = False  # the full citations
    clinician: bool = False  # evidence, monitoring and interactions for each option

    @classmethod
    def everything(cls) -> View:
        return cls(why=True, options=True, sources=True, clinician=True)


def render_assessment(assessment: Assessment, console: Console, view: View | None = None) -> None:
    view = view or View()
    steps = assessment.next_steps
    console.print(crisis_line(assessment.crisis))
    console.print()
    console.print(heading(f"Antidepressant trials (judged under {assessment.definition.short_name})"))
    console.print(trials_view(assessment.trials, console.width))
    if assessment.other_treatments:
        others = "; ".join(
            f"{o.name} ({o.kind.replace('_', ' ')}{', ' + outcome_words(o.outcome) if o.outcome else ''})"
            for o in assessment.other_treatments
        )
        console.print(paragraph(f"Other treatments: {others}."))
    if view.why:
        console.print()
        render_reasons(assessment, console)
    console.print()
    console.print(verdict_panel(assessment))
    if steps is not None:
        from trd_aid.render.options import render_cautions, render_checks_first, render_next_steps, render_summary

        console.print()
        short = not (view.options or view.why)
        render_checks_first(steps, console, only_triggered=not view.options, ids=not short)
        render_worth_discussing(assessment, steps, console, ids=not short)
        said = render_cautions(assessment, steps, console, short=short)
        render_questions(steps, console)
        if view.options:
            render_next_steps(steps, console, detail=view.clinician, said=said)
        elif view.options is False:
            render_summary(steps, console)
    console.print(more_line(view))
    console.print()
    if view.sources:
        sources = dict(assessment.sources)
        if steps is not None:
            sources.update(steps.sources)
        render_sources(sources, console)
    console.print(paragraph(assessment.disclaimer, style="italic"))
    console.print(crisis_block(assessment.crisis))


def more_line(view: View) -> Text:
    wanted = [
        ("--why", "the reasons", view.why),
        ("--options", "every option", view.options),
        ("--sources", "the citations", view.sources),
    ]
    missing = [f"{flag} ({what})" for flag, what, shown in wanted if not shown]
    if not missing:
        return Text("")
    text = "More: " + ", ".join(missing)
    if len(missing) > 1:
        text += ", or --detail (all of these, and the clinician view)"
    return Text(text + ".", style="dim")


def render_reasons(assessment: Assessment, console: Console) -> None:
    console.print(heading("Why, trial by trial"))
    for trial in assessment.trials:
        console.print(bullet(Text(f"{trial_name(trial)}: {long_status(trial)}", style="bold"), f"{trial.number}."))
        for check in trial.checks:
            console.print(bullet(cited(check.reason, check.sources), "-", indent=5))
        for note in trial.safety_notes:
            console.print(bullet(cited(note.text, note.sources), "!", indent=5))
        for line in record_notes(trial):
            console.print(bullet(paragraph(line), "-", indent=5))
        if trial.note:
            console.print(bullet(paragraph(f"Note (as entered): {trial.note}"), "-", indent=5))
    notes = [w for w in assessment.warnings if not _is_safety_warning(w, assessment)]
    if notes:
        console.print()
        console.print(heading("Notes on the entries"))
        console.print(bullets(notes))


def _is_safety_warning(warning: str, assessment: Assessment) -> bool:
    """Safety notes are shown by default with the cautions; the other warnings go with the reasons."""
    return any(warning.endswith(note.text) for t in assessment.trials for note in t.safety_notes)


def render_worth_discussing(assessment: Assessment, steps: NextSteps, console: Console, *, ids: bool = True) -> None:
    """The reported risk factors' notes, except those a "check first" question above already raised."""
    covered = {flag for c in steps.checks_first for flag in c.triggered_by}
    notes = [n for n in assessment.worth_discussing if n.id not in covered]
    if not notes:
        return
    console.print(heading("Worth discussing with your clinician"))
    console.print(paragraph("Things you reported that can make depression harder to treat, or look harder to treat:"))
    for note in notes:
        console.print(bullet(cited(note.note, note.sources, show_ids=ids)))
    console.print()


def render_questions(steps: NextSteps, console: Console) -> None:
    if not steps.questions:
        return
    console.print(heading("Questions you could take to your appointment"))
    console.print(numbered(steps.questions))
    console.print()


def render_sources(sources: dict[str, str], console: Console) -> None:
    console.print(heading("Sources"))
    for sid in sorted(sources):
        console.print(bullet(Text(f"[{sid}] {' '.join(sources[sid].split())}", style="dim"), "-"))
    console.print()


# --- the trials: a table when its words fit, else a list ---------------------------------------


def _rows(trials: list[TrialResult]) -> list[tuple[str, ...]]:
    return [
        (str(t.number), trial_name(t), dose_cell(t), weeks_cell(t), adherence_cell(t), outcome_cell(t), short_status(t))
        for t in trials
    ]


def trials_view(trials: list[TrialResult], width: int) -> RenderableType:
    """A table whose columns are never narrower than their longest word, or a list when that does
    not fit the width: a drug name is never split."""
    rows = _rows(trials)
    columns = [list(column) for column in zip(COLUMNS, *rows, strict=True)]
    widths = column_widths(columns, width - (3 * len(COLUMNS) + 1))  # a space each side of a cell, and borders
    if widths is not None:
        table = Table(header_style="bold", expand=False)
        for header, exact in zip(COLUMNS, widths, strict=True):
            table.add_column(header, width=exact, justify="right" if header == "#" else "left")
        for row in rows:
            table.add_row(*row)
        return table
    items = []
    for row in rows:
        number, name, dose, time, taken, outcome, result = row
        body = Text(f"{name}: ", style="bold")
        body.append(result)
        body.append(f"\ndose {dose}; time {time}; taken: {taken}; outcome: {outcome}")
        items.append(bullet(body, f"{number}.", indent=1))
    return Group(*items)


def column_widths(columns: list[list[str]], available: int) -> list[int] | None:
    """Widths that never split a word and keep the table short: each column starts at its longest
    word; the room left goes, a little at a time, where it saves the most wrapped lines. None when
    even the longest words do not fit."""
    widths = [max(longest_word(cell) for cell in column) for column in columns]
    most = [max(len(cell) for cell in column) for column in columns]
    room = available - sum(widths)
    if room < 0:
        return None

    @functools.cache  # the search below asks the same cell at the same width many times
    def lines(cell: str, w: int) -> int:
        return len(textwrap.wrap(cell, w, break_long_words=False)) or 1

    def height(candidate: list[int]) -> int:
        return sum(max(lines(cell, w) for cell, w in zip(row, candidate, strict=True)) for row in rows)

    rows = list(zip(*columns, strict=True))

    while room > 0:
        current, best = height(widths), None
        for i in range(len(widths)):
            for extra in range(1, min(room, most[i] - widths[i]) + 1):
                trial = [w + (extra if j == i else 0) for j, w in enumerate(widths)]
                saved = current - height(trial)
                if saved > 0:
                    if best is None or saved / extra > best[0]:
                        best = (saved / extra, i, extra)
                    break
        if best is None:
            break
        widths[best[1]] += best[2]
        room -= best[2]
    while room > 0 and any(w < m for w, m in zip(widths, most, strict=True)):  # no single column saves a line:
        i = max(range(len(widths)), key=lambda j: most[j] - widths[j])  # let the most cramped ones breathe
        widths[i] += 1
        room -= 1
    return widths


# --- the verdict ----------------------------------------------------------------------------------


def verdict_panel(assessment: Assessment) -> Panel:
    d = assessment.definition
    lines: list[RenderableType] = [
        paragraph(assessment.verdict, style="bold"),
        Text(""),
        paragraph(f"{d.short_name} in plain words: {d.summary}"),
    ]
    others = other_definitions(assessment)
    if others:
        lines.append(Text(""))
        lines.append(Text("Under the other definitions trd-aid knows:"))
        lines.extend(bullet(line) for line in others)
    lines.append(Text(""))
    lines.append(
        paragraph(
            "This is a comparison with a published definition, not a diagnosis. "
            "Bring it to your clinician, who can check it against your records."
        )
    )
    title = "Result: definition met" if assessment.meets_definition else "Result: definition not met"
    return Panel(Group(*lines), title=title, title_align="left")


# --- crisis lines -----------------------------------------------------------------------------------


def crisis_line(crisis: list[CrisisLineResult]) -> Text:
    return Text(
        "In a crisis or thinking about suicide? Help is there now: " + " | ".join(crisis_numbers(crisis)), style="bold"
    )


def crisis_block(crisis: list[CrisisLineResult]) -> Panel:
    lines = [paragraph(f"{c.country}: {c.name} - {c.contact}") for c in crisis]
    return Panel(Group(*lines), title="If you need help now", title_align="left")

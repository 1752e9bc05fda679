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

from trd_aid.engine.results import Assessment, CrisisLine, TrialResult

OUTCOMES = {
    "no_response": "no response",
    "partial_response": "partial response",
    "response": "response",
    "remission": "remission",
    "side_effects": "stopped: side effects",
}


def make_console(*, stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def render_assessment(
    assessment: Assessment, console: Console, *, show_sources: bool = True, detail: bool = False
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
        console.print(f"[bold]{trial.number}. {escape(_name(trial))}[/bold] - {escape(_status(trial))}")
        for check in trial.checks:
            cited = escape(f" [{', '.join(check.sources)}]") if check.sources else ""
            console.print(f"   - {escape(check.reason)}[dim]{cited}[/dim]", soft_wrap=True)
        if trial.note:
            console.print(f"   - Note (as entered): {escape(trial.note)}", soft_wrap=True)
    if assessment.other_treatments:
        console.print()
        console.print(Text("Other treatments recorded", style="bold"))
        for other in assessment.other_treatments:
            outcome = f", {OUTCOMES.get(other.outcome or '', other.outcome)}" if other.outcome else ""
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
    if assessment.next_steps is not None:
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
            _name(t),
            _dose_cell(t),
            _weeks_cell(t),
            _adherence_cell(t),
            _outcome_cell(t),
            _short_status(t),
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


def crisis_line(crisis: list[CrisisLine]) -> Text:
    parts = list(dict.fromkeys(f"{c.region} {c.short}" for c in crisis if c.short))
    return Text("In a crisis or thinking about suicide? Help is there now: " + " | ".join(parts), style="bold")


def crisis_block(crisis: list[CrisisLine]) -> Panel:
    lines = [Text(f"{c.country}: {c.name} - {c.contact}") for c in crisis]
    return Panel(Group(*lines), title="If you need help now", title_align="left", expand=False)


def _name(t: TrialResult) -> str:
    name = t.drug or t.input_name
    if t.brand and t.brand.lower() != (t.drug or "").lower():
        name = f"{name} ({t.brand})"
    elif t.input_name.lower() != name.lower():
        name = f"{name} ({t.input_name})"
    return name


def _status(t: TrialResult) -> str:
    """The long form, used under "Why"."""
    if t.kind != "antidepressant":
        return "not an antidepressant trial"
    if t.counts:
        return "counts: an adequate trial that did not help enough"
    return f"does not count ({_short_status(t)})"


_WHY_NOT = {
    "dose": "dose below minimum",
    "duration": "too short",
    "adherence": "doses missed",
    "episode": "previous episode",
    "repeat": "same drug again",
    "drug": "own rules",
}


def _short_status(t: TrialResult) -> str:
    """A few words for the table; the full reasons follow it."""
    if t.kind != "antidepressant":
        return "not an antidepressant"
    if t.counts:
        return "COUNTS"
    if t.outcome == "side_effects":
        return "side effects"
    for check in t.checks:
        if check.name == "outcome":
            if check.passed is False:
                return "helped" if t.adequate else "not adequate"
            if check.passed is None:
                return "unclear outcome"
            continue
        if check.passed is None:
            return "cannot judge dose" if check.name == "dose" else "cannot judge"
        if check.passed is False:
            return _WHY_NOT.get(check.name, "not adequate")
    return "not counted"


def _mark(passed: bool | None) -> str:
    return {True: "ok", False: "below", None: "?"}[passed]


def _check(t: TrialResult, name: str) -> bool | None:
    return next((c.passed for c in t.checks if c.name == name), None)


def _dose_cell(t: TrialResult) -> str:
    if t.dose_mg is None:
        return "-"
    entered = f"{t.dose_mg:g} {t.dose_unit}"
    if t.kind != "antidepressant":
        return entered
    if t.min_dose_mg is None:
        return f"{entered} (no threshold)"
    return f"{entered} {_mark(_check(t, 'dose'))} (>= {t.min_dose_mg:g})"


def _weeks_cell(t: TrialResult) -> str:
    if t.weeks is None:
        return "-"
    entered = f"{t.weeks:.0f} wk" if abs(t.weeks - round(t.weeks)) < 0.05 else f"{t.weeks:.1f} wk"
    if t.kind != "antidepressant" or not any(c.name == "duration" for c in t.checks):
        return entered
    word = "ok" if _check(t, "duration") else "short"
    return f"{entered} {word} (>= {t.min_weeks:g})"


def _adherence_cell(t: TrialResult) -> str:
    if t.adherence is None:
        return "-"
    return f"{t.adherence} (assumed)" if t.adherence_assumed else t.adherence


def _outcome_cell(t: TrialResult) -> str:
    parts = []
    if t.outcome:
        parts.append(OUTCOMES.get(t.outcome, t.outcome))
    if t.improvement_pct is not None:
        parts.append(f"{t.improvement_pct:g}% better")
    if t.episode == "previous":
        parts.append("previous episode")
    return ", ".join(parts) or "-"

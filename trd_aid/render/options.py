"""Next-step options for people: plain words first, the clinician view with `detail=True`.

Rendered from the engine's `NextSteps`, the same object the JSON output prints.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from trd_aid.engine.results import CaveatResult, NextSteps, NoteResult, OptionResult
from trd_aid.render.words import shared_triggered, tried_words

INDENT = "     "


def render_options_page(
    steps: NextSteps, disclaimer: str, console: Console, *, detail: bool = False, show_sources: bool = True
) -> None:
    """`trd-aid options`: the crisis line, the options, the sources, the disclaimer and the crisis lines."""
    from trd_aid.render.terminal import crisis_block, crisis_line, render_sources

    console.print(crisis_line(steps.crisis))
    console.print()
    render_next_steps(steps, console, detail=detail)
    console.print()
    if show_sources:
        render_sources(steps.sources, console)
    console.print(disclaimer, soft_wrap=True, style="italic")
    console.print(crisis_block(steps.crisis))


def render_next_steps(steps: NextSteps, console: Console, *, detail: bool = False) -> None:
    console.print(Text("Next steps that guidelines describe", style="bold underline"))
    console.print(
        "These are options to talk over with your clinician, not advice to take any of them. "
        "They are grouped in the order guidelines usually take them.",
        soft_wrap=True,
    )
    if steps.tailored and steps.adequate_failures is not None:
        console.print(
            f"Placed for this history: {steps.adequate_failures} adequate trial(s) that did not help enough, "
            f"under {steps.definition}.",
            soft_wrap=True,
        )
    console.print()
    if steps.notes:
        console.print(Text("First, for this history", style="bold"))
        for note in steps.notes:
            _caveat_line(console, note, "   ! ")
        console.print()
    if steps.checks_first:
        render_checks_first(steps, console)
    tried = [o for o in steps.options if o.tried]
    if tried:
        console.print(Text("Already tried", style="bold"))
        console.print("Shown so the history is complete; not listed again below.")
        for option in tried:
            console.print(f"   - {escape(option.name)}: {escape(tried_words(option.tried_with))}", soft_wrap=True)
        console.print()
    number = 0
    for category in steps.categories:
        group = [o for o in steps.options if o.category == category.id and not o.tried]
        if not group:
            continue
        number += 1
        console.print(Text(f"{number}. {category.label}", style="bold"), Text(f"- {category.intro}"), soft_wrap=True)
        shared = shared_triggered(group, carried_by=len(group)) if len(group) > 1 else []
        for caveat in shared:
            _caveat_line(console, caveat, "   For all of these: ")
        for option in group:
            render_option(option, console, detail=detail, skip=shared)
        console.print()
    if steps.questions:
        console.print(Text("Questions you could take to your appointment", style="bold"))
        for i, question in enumerate(steps.questions, start=1):
            console.print(f"   {i}. {escape(question)}", soft_wrap=True)
        console.print()
    if not detail:
        console.print(
            Text("For evidence, side effects, monitoring and interactions: add --detail.", style="dim"), soft_wrap=True
        )


def render_checks_first(steps: NextSteps, console: Console) -> None:
    console.print(Text("Things to check first", style="bold"))
    console.print(
        "Depression can seem hard to treat when something else is in the way. Guidelines check these first:",
        soft_wrap=True,
    )
    for item in steps.checks_first:
        why = f" (because of: {item.shown_because})" if item.shown_because else ""
        console.print(f"   - {escape(item.text)}{escape(why)}[dim]{escape(_cite(item.sources))}[/dim]", soft_wrap=True)
    console.print()


def render_option(
    option: OptionResult, console: Console, *, detail: bool, skip: list[CaveatResult] | None = None
) -> None:
    heading = Text(f"   * {option.name}", style="bold")
    heading.append(timing_words(option), style="italic")
    console.print(heading, soft_wrap=True)
    console.print(f"{INDENT}{escape(option.summary)}", soft_wrap=True)
    console.print(f"{INDENT}Status: {escape(option.status)}", soft_wrap=True)
    skip = skip or []
    for caveat in option.caveats:
        if not any(caveat.text == s.text and caveat.shown_because == s.shown_because for s in skip):
            _caveat_line(console, caveat, f"{INDENT}- ")
    if detail:
        console.print(f"{INDENT}Where guidelines place it: {escape(option.guideline)}", soft_wrap=True)
        console.print(f"{INDENT}Usually considered: {escape(option.when_considered)}", soft_wrap=True)
        for title, items in (
            ("Evidence", option.evidence),
            ("Side effects", option.side_effects),
            ("Monitoring", option.monitoring),
            ("Contraindications and interactions", option.contraindications),
        ):
            _detail_block(console, title, items)
        if option.verification == "secondary":
            console.print(
                f"{INDENT}[dim]Some facts here were read in a secondary copy of the source; check the primary text.[/dim]",
                soft_wrap=True,
            )
    console.print(
        f"{INDENT}[dim]Sources: {escape(', '.join(option.sources))} - content reviewed {option.last_reviewed}[/dim]",
        soft_wrap=True,
    )


def timing_words(option: OptionResult) -> str:
    if option.timing == "later":
        return f" - usually later: {option.timing_note}"
    if option.timing == "sooner_if_severe":
        return f" - {option.timing_note}"
    if option.timing == "general" and option.timing_note:
        return f" - {option.timing_note}"
    return ""


def _caveat_line(console: Console, caveat: CaveatResult, prefix: str) -> None:
    why = f" (because of: {caveat.shown_because})" if caveat.shown_because else ""
    console.print(
        f"{prefix}{escape(caveat.text)}{escape(why)}[dim]{escape(_cite(caveat.sources))}[/dim]", soft_wrap=True
    )


def _detail_block(console: Console, title: str, items: list[NoteResult]) -> None:
    if not items:
        return
    console.print(f"{INDENT}{title}:")
    for item in items:
        console.print(f"{INDENT}  - {escape(item.text)}[dim]{escape(_cite(item.sources))}[/dim]", soft_wrap=True)


def _cite(sources: list[str]) -> str:
    return f" [{', '.join(sources)}]" if sources else ""

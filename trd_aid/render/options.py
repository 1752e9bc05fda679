"""Next-step options for people: plain words first, the clinician view with `detail=True`.

Rendered from the engine's `NextSteps`, the same object the JSON output prints. Each caution is
said once per screen: the ones this history raises are listed once under "Cautions for this
history" (numbered, with the options they concern), and an option points back to them; a standing
caution that several options share is said in full the first time and pointed back to after that.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from trd_aid.engine.results import Assessment, CategoryResult, CaveatResult, NextSteps, NoteResult, OptionResult
from trd_aid.render.layout import bullet, cited, heading, indented, paragraph
from trd_aid.render.words import concerned_groups, plural, tried_words, triggered_cautions

INDENT = 4


class Said:
    """The cautions already said on this screen, so each is said in full only once."""

    def __init__(self) -> None:
        self.triggered: dict[tuple[str, str | None], int] = {}  # (text, because) -> its number above
        self.standing: dict[str, str] = {}  # text -> the option it was first said under


def concerned(options: list[OptionResult], *, by_group: bool) -> str:
    """The options a caution concerns: by name, or in the short view by group."""
    return concerned_groups(options) if by_group else ", ".join(o.name for o in options)


def render_cautions(
    assessment: Assessment | None,
    steps: NextSteps,
    console: Console,
    said: Said | None = None,
    *,
    short: bool = False,
) -> Said:
    """The safety notes on the trials, the notes about the whole list, and every caution this history
    raises for an option, each once. Returns what was said, for the options list to point back to.
    `short` (check's default view): source ids are left for --sources; options are named by group."""
    said = said or Said()
    trial_notes: list[tuple[str, NoteResult]] = []
    if assessment is not None:
        trial_notes = [(f"Trial {t.number} ({t.regimen})", n) for t in assessment.trials for n in t.safety_notes]
    triggered = triggered_cautions(steps)
    if not (trial_notes or steps.notes or triggered):
        return said
    console.print(heading("Cautions for this history"))
    number = 0
    for where, note in trial_notes:
        number += 1
        console.print(bullet(cited(f"{where}: {note.text}", note.sources, show_ids=not short), f"{number}."))
    raised = {c.shown_because for c in steps.checks_first if c.shown_because}
    for general in steps.notes:
        if short and general.shown_because in raised:
            continue  # the same history fact already raised a question under "Things to check first"
        number += 1
        console.print(bullet(_with_because(general, ids=not short), f"{number}."))
    for caveat, options in triggered:
        number += 1
        body = _with_because(caveat, ids=not short)
        body.append(f"\nFor: {concerned(options, by_group=short)}.", style="italic")
        console.print(bullet(body, f"{number}."))
        said.triggered[(caveat.text, caveat.shown_because)] = number
    console.print()
    return said


def _with_because(caveat: CaveatResult, *, ids: bool = True) -> Text:
    out = paragraph(caveat.text)
    if caveat.shown_because:
        out.append(f" (because of: {caveat.shown_because})", style="italic")
    if ids and caveat.sources:
        out.append(f" [{', '.join(caveat.sources)}]", style="dim")
    return out


def render_checks_first(steps: NextSteps, console: Console, *, only_triggered: bool = False, ids: bool = True) -> None:
    """What guidelines check before calling depression hard to treat; `only_triggered`: just the ones
    this history raises (the short view of `check`)."""
    items = [c for c in steps.checks_first if c.shown_because or not only_triggered]
    if not items:
        return
    console.print(heading("Things to check first"))
    console.print(paragraph("Depression can seem hard to treat when something else is in the way:"))
    for item in items:
        console.print(bullet(_with_because(CaveatResult(item.text, item.sources, item.shown_because), ids=ids)))
    console.print()


def render_summary(steps: NextSteps, console: Console) -> None:
    """The option groups with how many options each holds: the short view of `check`."""
    listed = [o for o in steps.options if not o.tried]
    console.print(heading("Options that guidelines describe"))
    intro = (
        f"{plural(len(listed), 'option')} in {plural(len({o.category for o in listed}), 'group')}, in the order "
        "guidelines usually take them. They are options to talk over with your clinician, not advice to take any."
    )
    console.print(paragraph(intro))
    for number, category in enumerate(_categories_with_options(steps), start=1):
        group = [o for o in listed if o.category == category.id]
        later = sum(1 for o in group if o.timing == "later")
        words = plural(len(group), "option") + (f", {later} usually later" if later else "")
        console.print(bullet(Text(f"{category.label} ({words})"), f"{number}."))
    tried = [o for o in steps.options if o.tried]
    if tried:
        console.print(paragraph(f"Already tried: {'; '.join(o.name for o in tried)}."))


def _categories_with_options(steps: NextSteps) -> list[CategoryResult]:
    return [c for c in steps.categories if any(o.category == c.id and not o.tried for o in steps.options)]


def render_options_page(
    steps: NextSteps, disclaimer: str, console: Console, *, detail: bool = False, show_sources: bool = False
) -> None:
    """`trd-aid options`: the crisis line, the options, the sources, the disclaimer and the crisis lines."""
    from trd_aid.render.terminal import crisis_block, crisis_line, render_questions, render_sources

    console.print(crisis_line(steps.crisis))
    console.print()
    said = Said()
    if steps.tailored:
        render_checks_first(steps, console)
        said = render_cautions(None, steps, console, said)
    render_next_steps(steps, console, detail=detail, said=said)
    if not steps.tailored:
        render_checks_first(steps, console)
    else:
        render_questions(steps, console)
    if not show_sources:
        console.print(Text("Add --sources for the full citations.", style="dim"))
    console.print()
    if show_sources:
        render_sources(steps.sources, console)
    console.print(paragraph(disclaimer, style="italic"))
    console.print(crisis_block(steps.crisis))


def render_next_steps(steps: NextSteps, console: Console, *, detail: bool = False, said: Said | None = None) -> None:
    """Every option, grouped in guideline order, each caution said once on the screen."""
    said = said or Said()
    console.print(Text("Next steps that guidelines describe", style="bold underline"))
    console.print(
        paragraph(
            "These are options to talk over with your clinician, not advice to take any of them. "
            "They are grouped in the order guidelines usually take them."
        )
    )
    if steps.tailored and steps.adequate_failures is not None:
        console.print(
            paragraph(
                f"Placed for this history: {plural(steps.adequate_failures, 'adequate trial')} that did not help "
                f"enough, under {steps.definition}."
            )
        )
    console.print()
    tried = [o for o in steps.options if o.tried]
    if tried:
        console.print(heading("Already tried"))
        console.print(paragraph("Shown so the history is complete; not listed again below."))
        for option in tried:
            console.print(bullet(f"{option.name}: {tried_words(option.tried_with)}"))
        console.print()
    for number, category in enumerate(_categories_with_options(steps), start=1):
        group = [o for o in steps.options if o.category == category.id and not o.tried]
        title = Text(f"{number}. {category.label}", style="bold")
        title.append(f" - {category.intro}", style="")
        console.print(title)
        for option in group:
            render_option(option, console, detail=detail, said=said)
        console.print()
    if not detail:
        console.print(Text("For evidence, side effects, monitoring and interactions: add --detail.", style="dim"))


def render_option(option: OptionResult, console: Console, *, detail: bool, said: Said) -> None:
    heading_text = Text(option.name, style="bold")
    heading_text.append(timing_words(option), style="italic")
    console.print(bullet(heading_text, "*", indent=1))
    console.print(indented(paragraph(option.summary), INDENT))
    console.print(indented(paragraph(f"Status: {option.status}"), INDENT))
    pointed: list[int] = []
    for caveat in option.caveats:
        key = (caveat.text, caveat.shown_because)
        if caveat.shown_because and key in said.triggered:
            pointed.append(said.triggered[key])
            continue
        if not caveat.shown_because and caveat.text in said.standing:
            first = said.standing[caveat.text]
            console.print(
                bullet(Text(f"Also the same caution as for {first}, above.", style="dim"), "-", indent=INDENT)
            )
            continue
        said.standing[caveat.text] = option.name
        console.print(bullet(_with_because(caveat), "-", indent=INDENT))
    if pointed:
        refs = ", ".join(str(n) for n in pointed)
        console.print(bullet(Text(f"See cautions for this history above: {refs}.", style="italic"), "!", indent=INDENT))
    if detail:
        _clinician_view(option, console)
    sources = Text(f"Sources: {', '.join(option.sources)}; content reviewed {option.last_reviewed}", style="dim")
    console.print(indented(sources, INDENT))


def _clinician_view(option: OptionResult, console: Console) -> None:
    console.print(indented(paragraph(f"Where guidelines place it: {option.guideline}"), INDENT))
    console.print(indented(paragraph(f"Usually considered: {option.when_considered}"), INDENT))
    for title, items in (
        ("Evidence", option.evidence),
        ("Side effects", option.side_effects),
        ("Monitoring", option.monitoring),
        ("Contraindications and interactions", option.contraindications),
    ):
        if not items:
            continue
        console.print(indented(Text(f"{title}:"), INDENT))
        for item in items:
            console.print(bullet(cited(item.text, item.sources), "-", indent=INDENT + 2))
    if option.verification == "secondary":
        note = "Some facts here were read in a secondary copy of the source; check the primary text."
        console.print(indented(Text(note, style="dim"), INDENT))


def timing_words(option: OptionResult) -> str:
    if option.timing == "later":
        return f" - usually later: {option.timing_note}"
    if option.timing == "sooner_if_severe":
        return f" - {option.timing_note}"
    if option.timing == "general" and option.timing_note:
        return f" - {option.timing_note}"
    return ""

"""Commands about one person's history: `interview`, `check` and `options`."""

from __future__ import annotations

from typing import Annotated

import typer

from trd_aid.cli.common import (
    CountryOption,
    DefinitionOption,
    DetailOption,
    ExampleOption,
    ForceOption,
    HistoryArgument,
    JsonOption,
    PagerOption,
    ReportOption,
    TrialOption,
    check_report_path,
    long_running,
    print_json,
    read_history,
    say_report_written,
    user_errors,
    write_report_file,
)


@user_errors
def interview(
    save: Annotated[
        str | None,
        typer.Option(
            "--save", metavar="FILE", show_default=False, help="Save the answers as a history file (mode 0600)."
        ),
    ] = None,
    load: Annotated[
        str | None,
        typer.Option(
            "--load", metavar="FILE", show_default=False, help="Start from a saved history file and review it."
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Let --save or --report replace an existing file (a regular file or a link)."),
    ] = False,
    definition: DefinitionOption = None,
    country: CountryOption = None,
    report: ReportOption = None,
) -> None:
    """Answer questions one at a time about past antidepressants, then see the same result as `check`."""
    from trd_aid.interview import run_interview

    long_running()

    if report is not None:
        check_report_path(report, force)  # refuse before the first question, not after the last
    run_interview(
        save=save,
        load=load,
        force=force,
        definition=definition,
        country=country,
        after=None if report is None else lambda assessment: write_report_file(assessment, report, force),
        report_written=None if report is None else lambda: say_report_written(report),
    )


@user_errors
def check(
    file: HistoryArgument = None,
    trial: TrialOption = None,
    example: ExampleOption = False,
    json_output: JsonOption = False,
    definition: DefinitionOption = None,
    why: Annotated[bool, typer.Option("--why", help="Add the reasons trial by trial, with their sources.")] = False,
    show_options: Annotated[
        bool | None,
        typer.Option(
            "--options/--no-options",
            help="Add every option with its cautions; --no-options leaves out even the groups. Default: the groups.",
            show_default=False,
        ),
    ] = None,
    sources: Annotated[
        bool, typer.Option("--sources/--no-sources", show_default=False, help="Add the full citations.")
    ] = False,
    detail: Annotated[
        bool,
        typer.Option("--detail", help="All of --why, --options and --sources, and the clinician view of each option."),
    ] = False,
    country: CountryOption = None,
    report: ReportOption = None,
    force: ForceOption = False,
    pager: PagerOption = True,
) -> None:
    """Judge each antidepressant trial, say whether a TRD definition is met, and sum up the next-step options.

    FILE is a history in YAML or JSON (see the README); - reads it from standard input. Or give the
    trials as phrases with -t, or --example for a sample. By default the result is short: add --why,
    --options or --sources, or --detail for everything.
    """
    from trd_aid.engine import assess_history
    from trd_aid.knowledge import load_knowledge

    if report is not None:
        check_report_path(report, force)
    history = read_history(file, trial or [], example, command="check")
    assessment = assess_history(history, load_knowledge(), definition, country)
    if report is not None:
        write_report_file(assessment, report, force)  # first: a closed stdout (`| head -1`) must not lose it
    if json_output:
        print_json(assessment)
    else:
        from trd_aid.render.screen import show
        from trd_aid.render.terminal import View, render_assessment

        options_view = False if show_options is None else (True if show_options else None)
        view = View.everything() if detail else View(why=why, options=options_view, sources=sources)
        show(lambda console: render_assessment(assessment, console, view), pager=pager)
    if report is not None:
        say_report_written(report, to_stderr=json_output)


@user_errors
def options(
    file: Annotated[
        str | None,
        typer.Argument(metavar="FILE", hidden=True, show_default=False),
    ] = None,
    trial: TrialOption = None,
    example: ExampleOption = False,
    detail: DetailOption = False,
    json_output: JsonOption = False,
    definition: DefinitionOption = None,
    country: CountryOption = None,
    sources: Annotated[
        bool, typer.Option("--sources/--no-sources", show_default=False, help="Add the full citations at the end.")
    ] = False,
    pager: PagerOption = True,
) -> None:
    """The next-step options that guidelines describe, with their cautions and sources.

    With a history (FILE in YAML or JSON, - for standard input, -t phrases or --example), the list is
    tailored to it; without one, it is the general list.
    """
    from trd_aid.engine.crisis import crisis_lines
    from trd_aid.engine.options import HistoryContext, context_from, plan_next_steps
    from trd_aid.engine.verdict import assess_history, choose_definition
    from trd_aid.knowledge import load_knowledge

    kb = load_knowledge()
    history = read_history(file, trial or [], example, command="options", required=False)
    if history is None:
        choose_definition(kb, definition)
        crisis = crisis_lines(kb, country)
        steps = plan_next_steps(kb, HistoryContext(), crisis)
    else:
        assessment = assess_history(history, kb, definition, country, with_options=False)
        steps = plan_next_steps(kb, context_from(history, assessment), assessment.crisis)
    if json_output:
        print_json(steps)
        return
    from trd_aid.render.options import render_options_page
    from trd_aid.render.screen import show

    disclaimer = " ".join(kb.disclaimer.split())
    show(
        lambda console: render_options_page(steps, disclaimer, console, detail=detail, show_sources=sources),
        pager=pager,
    )

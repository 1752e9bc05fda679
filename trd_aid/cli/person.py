"""Commands about one person's history: `interview`, `check` and `options`."""

from __future__ import annotations

from typing import Annotated

import typer

from trd_aid.cli.common import (
    CountryOption,
    DefinitionOption,
    DetailOption,
    ForceOption,
    JsonOption,
    ReportOption,
    app,
    check_report_path,
    print_json,
    read_history,
    say_report_written,
    user_errors,
    write_report,
    write_report_file,
)


@app.command()
@user_errors
def check(
    file: Annotated[
        str | None, typer.Argument(help="History file (YAML or JSON), or - to read standard input.", show_default=False)
    ] = None,
    trial: Annotated[
        list[str] | None,
        typer.Option(
            "--trial",
            "-t",
            show_default=False,
            help='One trial as a phrase, e.g. -t "Zoloft 100 mg 8 weeks no response". Repeat for more.',
        ),
    ] = None,
    example: Annotated[bool, typer.Option("--example", help="Use the bundled sample history (for demos).")] = False,
    json_output: JsonOption = False,
    definition: DefinitionOption = None,
    sources: Annotated[
        bool, typer.Option("--sources/--no-sources", help="List the full citations under the result.")
    ] = True,
    country: CountryOption = None,
    detail: DetailOption = False,
    report: ReportOption = None,
    force: ForceOption = False,
    show_options: Annotated[
        bool, typer.Option("--options/--no-options", help="List the next-step options after the result.")
    ] = True,
) -> None:
    """Judge each antidepressant trial, say whether a TRD definition is met, and list the next-step options."""
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
        from trd_aid.render.terminal import make_console, render_assessment

        render_assessment(assessment, make_console(), show_sources=sources, detail=detail, show_options=show_options)
    if report is not None:
        say_report_written(report, to_stderr=json_output)


@app.command()
@user_errors
def options(
    file: Annotated[
        str | None,
        typer.Argument(
            help="History file (YAML or JSON), or - for standard input. Omit for the general list.", show_default=False
        ),
    ] = None,
    trial: Annotated[
        list[str] | None,
        typer.Option("--trial", "-t", show_default=False, help="One trial as a phrase; repeat for more."),
    ] = None,
    example: Annotated[bool, typer.Option("--example", help="Use the bundled sample history.")] = False,
    detail: DetailOption = False,
    json_output: JsonOption = False,
    definition: DefinitionOption = None,
    country: CountryOption = None,
    sources: Annotated[bool, typer.Option("--sources/--no-sources", help="List the full citations at the end.")] = True,
) -> None:
    """The next-step options that guidelines describe, with caveats and sources; tailored when given a history."""
    from trd_aid.engine.options import HistoryContext, context_from, plan_next_steps
    from trd_aid.engine.verdict import assess_history, choose_definition, crisis_lines
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
    from trd_aid.render.terminal import make_console

    render_options_page(steps, " ".join(kb.disclaimer.split()), make_console(), detail=detail, show_sources=sources)


@app.command()
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
    force: ForceOption = False,
    definition: DefinitionOption = None,
    country: CountryOption = None,
    report: ReportOption = None,
) -> None:
    """Answer questions one at a time about past antidepressants, then see the same result as `check`."""
    from trd_aid.interview import run_interview

    if report is not None:
        check_report_path(report, force)  # refuse before the first question, not after the last
    run_interview(
        save=save,
        load=load,
        force=force,
        definition=definition,
        country=country,
        after=None if report is None else lambda assessment: write_report(assessment, report, force),
    )

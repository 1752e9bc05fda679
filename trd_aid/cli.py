"""The `trd-aid` command line: Typer commands and their options; no clinical rules live here.

Heavy libraries (Rich, Pydantic, YAML) are imported inside the commands that need them, so that
start-up stays fast, and `check --json` never imports Rich.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from trd_aid import __version__

app = typer.Typer(
    name="trd-aid",
    help=(
        "An educational decision aid about treatment-resistant depression (TRD): checks whether past "
        "antidepressant trials were adequate and whether a published TRD definition is met. "
        "It does not diagnose or prescribe. In a crisis: US 988, UK & Ireland 116 123, elsewhere findahelpline.com."
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 2) -> NoReturn:
    sys.stderr.write(f"trd-aid: error: {message}\n")
    raise typer.Exit(code)


def user_errors(command: F) -> F:
    """Turn anything a user can cause into one line on stderr: exit 2 for bad input, 130 for Ctrl-C/EOF."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from trd_aid.errors import InputError
        from trd_aid.knowledge.loader import KnowledgeError

        try:
            return command(*args, **kwargs)
        except InputError as exc:
            fail(exc.line())
        except KnowledgeError as exc:
            fail(f"the knowledge base is broken: {exc}", code=1)
        except (KeyboardInterrupt, EOFError):
            sys.stderr.write("\nStopped. Nothing was saved. Take care.\n")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        from trd_aid.knowledge import load_knowledge

        try:
            reviewed = load_knowledge().last_reviewed.isoformat()
        except Exception:
            reviewed = "unavailable"
        typer.echo(f"trd-aid {__version__} (knowledge base last reviewed {reviewed})")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_version,
            is_eager=True,
            help="Show the version and the knowledge base's review date.",
        ),
    ] = False,
) -> None:
    """trd-aid: educational, not medical advice."""


def _definition_ids(incomplete: str) -> list[str]:
    from trd_aid.knowledge import load_knowledge

    return [d.id for d in load_knowledge().definitions if d.id.startswith(incomplete)]


DefinitionOption = Annotated[
    str | None,
    typer.Option(
        "--definition",
        "-d",
        help="Definition to judge by (see `trd-aid definitions`); default mgh-atrq.",
        autocompletion=_definition_ids,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout instead of the table.")]
CountryOption = Annotated[
    str | None,
    typer.Option(
        "--country",
        "-c",
        metavar="CODE",
        help="Show this country's crisis lines first: US, UK, IE, CA or INTL.",
        show_default=False,
    ),
]
ReportOption = Annotated[
    str | None,
    typer.Option(
        "--report",
        metavar="FILE",
        show_default=False,
        help="Also write a one-page summary to print or send: FILE.html or FILE.md (mode 0600).",
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Let --report (or --save) replace an existing file.")]
DetailOption = Annotated[
    bool, typer.Option("--detail", help="Add the clinician view of each option: evidence, monitoring, interactions.")
]


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
        _check_report_path(report, force)
    history = _read_history(file, trial or [], example, command="check")
    assessment = assess_history(history, load_knowledge(), definition, country)
    if report is not None:
        _write_report_file(assessment, report, force)  # first: a closed stdout (`| head -1`) must not lose it
    if json_output:
        sys.stdout.write(assessment.to_json() + "\n")
    else:
        from trd_aid.render.terminal import make_console, render_assessment

        render_assessment(assessment, make_console(), show_sources=sources, detail=detail, show_options=show_options)
    if report is not None:
        _say_report_written(report, to_stderr=json_output)


def _check_report_path(path: str, force: bool) -> None:
    from trd_aid.private_files import check_can_write
    from trd_aid.render.report import report_format

    report_format(path)
    check_can_write(path, force, what="write the report")


def write_report(assessment: Any, path: str, force: bool, *, to_stderr: bool = False) -> None:
    """Write the appointment summary (0600, no overwrite without --force) and say where it went."""
    _write_report_file(assessment, path, force)
    _say_report_written(path, to_stderr=to_stderr)


def _write_report_file(assessment: Any, path: str, force: bool) -> None:
    from trd_aid.private_files import write_private
    from trd_aid.render.report import render_report, report_format

    write_private(path, render_report(assessment, report_format(path)), force, what="write the report")


def _say_report_written(path: str, *, to_stderr: bool = False) -> None:
    stream = sys.stderr if to_stderr else sys.stdout
    stream.write(f"Summary written to {path} (readable only by you). Open it to print or share it.\n")


def _read_history(file: str | None, trials: list[str], example: bool, *, command: str, required: bool = True) -> Any:
    """The history from exactly one of: a file, - (standard input), -t phrases, or the bundled example."""
    from trd_aid.errors import InputError
    from trd_aid.inputs.reading import load_history

    given = sum([file is not None, bool(trials), example])
    if given == 0 and not required:
        return None
    if given != 1:
        raise InputError(
            "give exactly one of: a history file (or - for standard input), -t trials, or --example. "
            f"Try `trd-aid {command} --example`."
        )
    if example:
        from importlib.resources import files

        file = str(files("trd_aid") / "examples" / "history.yaml")
    return load_history(file, trials)  # `-` is read with the same 1 MB limit as a file


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
    history = _read_history(file, trial or [], example, command="options", required=False)
    if history is None:
        choose_definition(kb, definition)
        crisis = crisis_lines(kb, country)
        steps = plan_next_steps(kb, HistoryContext(), crisis)
    else:
        assessment = assess_history(history, kb, definition, country, with_options=False)
        steps = plan_next_steps(kb, context_from(history, assessment), assessment.crisis)
    if json_output:
        sys.stdout.write(steps.to_json() + "\n")
        return
    from trd_aid.render.options import render_next_steps
    from trd_aid.render.terminal import crisis_block, crisis_line, make_console, render_sources

    console = make_console()
    console.print(crisis_line(steps.crisis))
    console.print()
    render_next_steps(steps, console, detail=detail)
    console.print()
    if sources:
        render_sources(steps.sources, console)
    console.print(kb.disclaimer.strip(), soft_wrap=True, style="italic")
    console.print(crisis_block(steps.crisis))


@app.command()
@user_errors
def drugs(
    query: Annotated[
        str | None,
        typer.Argument(help="A name, brand or class (e.g. Zoloft, SNRI). Omit to list all.", show_default=False),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """List the antidepressants trd-aid knows, with their dose thresholds and sources."""
    from trd_aid.engine.catalogue import find_drugs
    from trd_aid.knowledge import load_knowledge

    kb = load_knowledge()
    found = find_drugs(kb, query)
    if json_output:
        import json

        sys.stdout.write(json.dumps([d.model_dump(mode="json", by_alias=True) for d in found], indent=2) + "\n")
        return
    from trd_aid.render.catalogue import render_drugs
    from trd_aid.render.terminal import make_console

    render_drugs(kb, found, make_console(), detailed=query is not None and len(found) == 1)


@app.command()
@user_errors
def definitions(
    json_output: JsonOption = False,
    compare: Annotated[
        str | None,
        typer.Option(
            "--compare",
            metavar="FILE",
            show_default=False,
            help="Show one history (file, or - for standard input) under every definition side by side.",
        ),
    ] = None,
) -> None:
    """Explain the TRD definitions trd-aid can judge by, with their parameters and sources."""
    if compare is not None:
        _compare_definitions(compare, json_output)
        return
    from trd_aid.knowledge import load_knowledge

    kb = load_knowledge()
    if json_output:
        import json

        sys.stdout.write(json.dumps([d.model_dump(mode="json") for d in kb.definitions], indent=2) + "\n")
        return
    from trd_aid.render.catalogue import render_definitions
    from trd_aid.render.terminal import make_console

    render_definitions(kb, make_console())


@app.command()
@user_errors
def about() -> None:
    """What trd-aid is, where its knowledge comes from and when it was last reviewed."""
    from trd_aid.knowledge import data_path, load_knowledge
    from trd_aid.render.catalogue import render_about
    from trd_aid.render.terminal import make_console

    render_about(load_knowledge(), str(data_path()), __version__, make_console())


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
        _check_report_path(report, force)  # refuse before the first question, not after the last
    run_interview(
        save=save,
        load=load,
        force=force,
        definition=definition,
        country=country,
        after=None if report is None else lambda assessment: write_report(assessment, report, force),
    )


# --- for students and clinicians (issue 5): stage, definitions --compare, learn, quiz ----------

HistoryArgument = Annotated[
    str | None, typer.Argument(help="History file (YAML or JSON), or - to read standard input.", show_default=False)
]
ExampleOption = Annotated[bool, typer.Option("--example", help="Use the bundled sample history (for demos).")]


@app.command()
@user_errors
def stage(
    file: HistoryArgument = None,
    example: ExampleOption = False,
    json_output: JsonOption = False,
    definition: DefinitionOption = None,
    sources: Annotated[
        bool, typer.Option("--sources/--no-sources", help="List the full citations under the result.")
    ] = True,
) -> None:
    """Score a history under the published TRD staging models (Maudsley, MGH-s, Thase-Rush), every point shown."""
    from trd_aid.engine.staging import stage_history
    from trd_aid.knowledge import load_knowledge

    staging = stage_history(_read_history(file, [], example, command="stage"), load_knowledge(), definition)
    if json_output:
        sys.stdout.write(staging.to_json() + "\n")
        return
    from trd_aid.render.staging import render_staging
    from trd_aid.render.terminal import make_console

    render_staging(staging, make_console(), show_sources=sources)


def _compare_definitions(file: str, json_output: bool) -> None:
    """`definitions --compare FILE`: one history under every definition, side by side."""
    from trd_aid.engine.compare import compare_definitions
    from trd_aid.knowledge import load_knowledge

    comparison = compare_definitions(_read_history(file, [], False, command="definitions --compare"), load_knowledge())
    if json_output:
        sys.stdout.write(comparison.to_json() + "\n")
        return
    from trd_aid.render.compare import render_comparison
    from trd_aid.render.terminal import make_console

    render_comparison(comparison, make_console())


def _topic_ids(incomplete: str) -> list[str]:
    from trd_aid.knowledge.learn import load_topics

    return [t.id for t in load_topics() if t.id.startswith(incomplete)]


@app.command()
@user_errors
def learn(
    topic: Annotated[
        str | None,
        typer.Argument(help="A topic id (omit to list them), e.g. adequate-dose.", autocompletion=_topic_ids),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Short explanations with worked examples: the TRD definition, adequate dose and duration, and more."""
    from trd_aid.errors import InputError, did_you_mean
    from trd_aid.knowledge import load_knowledge
    from trd_aid.knowledge.learn import fill, load_topics

    kb = load_knowledge()
    topics = load_topics()
    chosen = topics
    if topic is not None:
        chosen = [t for t in topics if t.id == topic.strip().lower()]
        if not chosen:
            ids = [t.id for t in topics]
            raise InputError(
                f"unknown topic {topic!r}.",
                field="learn",
                suggestion=did_you_mean(topic, ids, cutoff=50) or f"Topics: {', '.join(ids)}.",
            )
    if json_output:
        import json

        data = [
            {
                "id": t.id,
                "title": t.title,
                "text": fill(t.text, kb),
                "example": fill(t.example.text, kb),
                "sources": t.sources,
            }
            for t in chosen
        ]
        sys.stdout.write(json.dumps(data if topic is None else data[0], indent=2, ensure_ascii=False) + "\n")
        return
    from trd_aid.render.learn import render_topic, render_topic_list
    from trd_aid.render.terminal import make_console

    if topic is None:
        render_topic_list(topics, make_console())
    else:
        render_topic(chosen[0], kb, make_console())


@app.command()
@user_errors
def quiz(
    seed: Annotated[
        int | None, typer.Option("--seed", help="Shuffle with this seed, so the order can be repeated.")
    ] = None,
    count: Annotated[
        int | None, typer.Option("--count", min=1, help="How many questions (default 5).", show_default=False)
    ] = None,
) -> None:
    """Practise on bundled vignettes: count the adequate failed trials, say if TRD is met, see why."""
    from trd_aid.quiz import run_quiz

    run_quiz(seed=seed, count=count)


def main() -> None:
    _safe_standard_streams()
    app(prog_name="trd-aid")


def _safe_standard_streams() -> None:
    """A closed stdout or stderr behaves like /dev/null; a terminal that cannot show a character
    (PYTHONIOENCODING=ascii, a Latin-1 locale) gets "?" for it rather than a crash after half a result."""
    import os

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
        elif hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")

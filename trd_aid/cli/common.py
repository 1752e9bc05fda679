"""The Typer app and what its commands share: the error wrapper, option types and history reading.

No clinical rules live in the CLI. Heavy libraries (Rich, Pydantic, YAML) are imported inside the
commands that need them, so that start-up stays fast, and `check --json` never imports Rich.
"""

from __future__ import annotations

import functools
import gc
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
        "It does not diagnose or prescribe. Start with `trd-aid interview`. In a crisis: US 988, Canada 9-8-8, "
        "UK & Ireland 116 123, Australia 13 11 14, New Zealand 1737, elsewhere findahelpline.com."
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 2) -> NoReturn:
    say(f"trd-aid: error: {message}")
    raise typer.Exit(code)


def say(line: str) -> None:
    """One message on stderr. Piped or redirected it stays one line, for scripts and logs; on a terminal
    it wraps at word boundaries to the terminal's width, so the terminal never cuts a word at its edge."""
    from trd_aid.render.size import is_terminal, terminal_width

    stream = sys.stderr
    if is_terminal(stream):
        import textwrap

        width = terminal_width(stream)
        line = "\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)) or line
    stream.write(line + "\n")


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
            closed_output()

    return wrapper  # type: ignore[return-value]


# The reader of the output stopped early (`trd-aid check --example | head`): nothing is wrong, but the
# output was cut short, so the exit status says so, as a shell's 128 + SIGPIPE does (git does the same).
CLOSED_OUTPUT = 141


def closed_output() -> NoReturn:
    """Quietly end after the reader closed the pipe: later writes (and the flush at exit) go nowhere."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    raise typer.Exit(CLOSED_OUTPUT)


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
        metavar="ID",
        show_default=False,
        help="Definition to judge by (see `trd-aid definitions`); default mgh-atrq.",
        autocompletion=_definition_ids,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout instead of the table.")]
PagerOption = Annotated[
    bool,
    typer.Option(
        "--pager/--no-pager",
        show_default=False,
        help="On a terminal, long output goes through $PAGER (less -R if unset); --no-pager prints it all. "
        "Never paged when piped.",
    ),
]
TrialOption = Annotated[
    list[str] | None,
    typer.Option(
        "--trial",
        "-t",
        metavar="PHRASE",
        show_default=False,
        help='One trial as a phrase, e.g. -t "Zoloft 100 mg 8 weeks no response"; an add-on follows a +, '
        'e.g. "... + aripiprazole 5 mg 6 weeks". Repeat for more trials.',
    ),
]


def _country_note(country: str | None) -> str | None:
    """An unknown country is never refused (a person in crisis may be using it): one note, then go on."""
    if country is not None:
        from trd_aid.engine.crisis import unknown_country_note
        from trd_aid.knowledge import load_knowledge

        note = unknown_country_note(load_knowledge(), country)
        if note is not None:
            say(f"trd-aid: note: {note}")
    return country


CountryOption = Annotated[
    str | None,
    typer.Option(
        "--country",
        "-c",
        metavar="CODE",
        callback=_country_note,
        help="Show this country's crisis lines first: US, CA, UK, IE, AU or NZ (any other code: the "
        "international directory first).",
        show_default=False,
    ),
]
ReportOption = Annotated[
    str | None,
    typer.Option(
        "--report",
        metavar="FILE",
        show_default=False,
        help="Also write a summary to print or send, FILE.html or FILE.md (mode 0600). Page 1 holds the "
        "trials, the result under each definition, what to check, the questions and the crisis line; the "
        "options, every crisis line and the full citations follow from page 2.",
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Let --report replace an existing file (a regular file or a link only).")
]
DetailOption = Annotated[
    bool, typer.Option("--detail", help="Add the clinician view of each option: evidence, monitoring, interactions.")
]


def print_json(value: Any) -> None:
    """A `--json` document on stdout: a result object, or documents already built (`drugs`, `learn`)."""
    from trd_aid.render.json import dumps, plain

    sys.stdout.write(dumps(plain(value)) + "\n")


def check_report_path(path: str, force: bool) -> None:
    from trd_aid.private_files import check_can_write
    from trd_aid.render.report import report_format

    report_format(path)
    check_can_write(path, force, what="write the report")


def write_report(assessment: Any, path: str, force: bool, *, to_stderr: bool = False) -> None:
    """Write the appointment summary (0600, no overwrite without --force) and say where it went."""
    write_report_file(assessment, path, force)
    say_report_written(path, to_stderr=to_stderr)


def write_report_file(assessment: Any, path: str, force: bool) -> None:
    from trd_aid.private_files import write_private
    from trd_aid.render.report import render_report, report_format

    write_private(path, render_report(assessment, report_format(path)), force, what="write the report")


def say_report_written(path: str, *, to_stderr: bool = False) -> None:
    stream = sys.stderr if to_stderr else sys.stdout
    stream.write(f"Summary written to {path} (readable only by you). Open it to print or share it.\n")


def read_history(file: str | None, trials: list[str], example: bool, *, command: str, required: bool = True) -> Any:
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


HistoryArgument = Annotated[
    str | None,
    # Described in each command's own help: Typer would show a Python type beside it.
    typer.Argument(metavar="FILE", hidden=True, show_default=False),
]
ExampleOption = Annotated[bool, typer.Option("--example", help="Use the bundled sample history (for demos).")]


def main() -> None:
    _safe_standard_streams()
    # A command runs once and exits: the cyclic garbage collector would walk the objects of every
    # module it imports, again and again, to free next to nothing (about 7% of `check --json`'s time).
    # The commands that wait on a person (interview, quiz) turn it back on.
    gc.disable()
    app(prog_name="trd-aid")


def long_running() -> None:
    """For a command that waits on a person: the garbage collector runs again as usual."""
    gc.enable()


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

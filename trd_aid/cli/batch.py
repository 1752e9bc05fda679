"""`trd-aid batch`: the rules of `check` applied to many histories (for research and audit)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from trd_aid.cli.common import DefinitionOption, fail, say, user_errors
from trd_aid.errors import InputError

if TYPE_CHECKING:
    from trd_aid.batch.progress import Meter

OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        show_default=False,
        help="Write the results to FILE (.jsonl or .csv; mode 0600, never over a file without --force). "
        "Default: JSONL on standard output.",
    ),
]


@user_errors
def batch(
    file: Annotated[str, typer.Argument(metavar="FILE", hidden=True, show_default=False)],
    output: OutputOption = None,
    output_format: Annotated[
        str | None,
        typer.Option("--format", metavar="jsonl|csv", show_default=False, help="The output format (default: from -o)."),
    ] = None,
    definition: DefinitionOption = None,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", metavar="N", min=0, help="Worker processes (0: one per CPU). Same output."),
    ] = 1,
    options: Annotated[
        bool, typer.Option("--options", help="Add the ids of the next-step options for each history (slower).")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit with status 2 if any history has an error.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Let -o replace an existing file.")] = False,
    records: Annotated[
        bool,
        typer.Option("--records", help="Standard input holds prescription records as CSV (a .csv file always does)."),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            show_default=False,
            help="For CSV records: the date an open course (no stop) runs to, when the rows give no as_of.",
        ),
    ] = None,
    cross_taper_days: Annotated[
        int | None,
        typer.Option(
            "--cross-taper-days",
            metavar="N",
            min=0,
            max=365,
            show_default=False,
            help="For CSV records: an overlap of up to N days, then the first antidepressant stops, is a switch "
            "(default 28).",
        ),
    ] = None,
    change_means_no_response: Annotated[
        bool,
        typer.Option(
            "--change-means-no-response",
            help="For CSV records without outcomes: read a later switch or add-on as no response (register "
            "studies' reading; off by default).",
        ),
    ] = False,
) -> None:
    """Judge many histories at once: one output row per history, with the same results as `check`.

    FILE holds the histories: JSONL (.jsonl, one JSON object per line) or YAML (.yaml, a list of
    histories or several documents); - reads standard input. Each history is what `check` reads,
    plus an "id". A .csv file holds dated prescription records instead, one row per course with the
    columns patient_id, drug, dose_mg, start, stop and optionally outcome: each patient's rows are
    one history. A history with a problem gets its error in its row and never stops the run; a
    summary goes to stderr.
    """
    from trd_aid.batch.output import output_format as choose_format
    from trd_aid.batch.rows import new_job
    from trd_aid.batch.run import WorkerError, cpu_jobs, run_batch
    from trd_aid.batch.sources import open_source

    fmt = choose_format(output, output_format)
    path = None if output in (None, "-") else output
    job = new_job(definition, options)  # an unknown definition stops here, before any reading
    if path is not None:
        from trd_aid.private_files import check_can_write

        check_can_write(path, force, what="write the results")
    from trd_aid.batch.records_csv import Defaults

    if as_of is not None:
        from trd_aid.inputs.units import parse_date

        try:
            as_of = parse_date(as_of).isoformat()
        except ValueError as exc:
            raise InputError(str(exc), field="--as-of") from None
    defaults = Defaults(as_of, cross_taper_days, change_means_no_response)
    source, stream = open_source(file, records_csv=records, defaults=defaults)
    meter = _meter(source.size, to_file=path is not None)
    progress = None if meter is None else meter.update
    workers = cpu_jobs(jobs)
    try:
        if path is not None:
            from trd_aid.private_files import private_stream

            with private_stream(path, force, what="write the results") as out:
                counts = run_batch(source, out.write, job=job, fmt=fmt, jobs=workers, progress=progress)
        else:
            sys.stdout.flush()
            target = sys.stdout.buffer
            counts = run_batch(source, target.write, job=job, fmt=fmt, jobs=workers, progress=progress)
            target.flush()
    except WorkerError as exc:
        fail(f"{exc}; {'nothing was written' if path is not None else 'the output is incomplete'}", code=1)
    finally:
        if meter is not None:
            meter.close()
        if stream is not getattr(sys.stdin, "buffer", None):
            stream.close()
    say(summary(counts.rows, counts.errors, path))
    if strict and counts.errors:
        fail(f"{_histories(counts.errors)} could not be judged (--strict); see the error column")


def summary(rows: int, errors: int, path: str | None) -> str:
    """The summary line: "20,000 histories: 19,800 judged, 200 with errors." and where the results are."""
    line = f"{_histories(rows)}: {rows - errors:,} judged, {errors:,} with errors."
    if path is not None:
        line += f" Results in {path} (readable only by you)."
    return line


def _histories(count: int) -> str:
    return f"{count:,} {'history' if count == 1 else 'histories'}"


def _meter(size: int | None, *, to_file: bool) -> Meter | None:
    """A progress bar only when stderr is a terminal, and not when the rows themselves go to it."""
    stderr_tty = sys.stderr is not None and sys.stderr.isatty()
    rows_on_terminal = not to_file and sys.stdout is not None and sys.stdout.isatty()
    if not stderr_tty or rows_on_terminal:
        return None
    from trd_aid.batch.progress import Meter

    return Meter(size)

"""Reference commands: `drugs`, `definitions` (and `--compare`), `about`."""

from __future__ import annotations

from typing import Annotated

import typer

from trd_aid import __version__
from trd_aid.cli.common import (
    JsonOption,
    PagerOption,
    print_json,
    user_errors,
)


@user_errors
def drugs(
    query: Annotated[
        str | None,
        typer.Argument(metavar="QUERY", hidden=True, show_default=False),
    ] = None,
    json_output: JsonOption = False,
    pager: PagerOption = True,
) -> None:
    """List the antidepressants trd-aid knows, with their dose thresholds and sources.

    QUERY is a name, a brand or a class (Zoloft, SNRI): one medicine is shown in full with the source
    of every number. Without it, all of them.
    """
    from trd_aid.engine.catalogue import find_drugs
    from trd_aid.knowledge import load_knowledge

    kb = load_knowledge()
    found = find_drugs(kb, query)
    if json_output:
        from trd_aid.render.json import drug_document

        print_json([drug_document(d) for d in found])
        return
    from trd_aid.render.catalogue import render_drugs
    from trd_aid.render.screen import show

    show(lambda console: render_drugs(kb, found, console, detailed=query is not None and len(found) == 1), pager=pager)


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
    pager: PagerOption = True,
) -> None:
    """Explain the TRD definitions trd-aid can judge by, with their parameters and sources."""
    if compare is not None:
        from trd_aid.cli.study import compare_definitions_command

        compare_definitions_command(compare, json_output, pager=pager)
        return
    from trd_aid.knowledge import load_knowledge

    kb = load_knowledge()
    if json_output:
        from trd_aid.render.json import definition_document

        print_json([definition_document(d) for d in kb.definitions])
        return
    from trd_aid.render.catalogue import render_definitions
    from trd_aid.render.screen import show

    show(lambda console: render_definitions(kb, console), pager=pager)


@user_errors
def about() -> None:
    """What trd-aid is, where its knowledge comes from and when it was last reviewed."""
    from trd_aid.knowledge import data_path, load_knowledge
    from trd_aid.render.catalogue import render_about
    from trd_aid.render.layout import make_console

    render_about(load_knowledge(), str(data_path()), __version__, make_console())

"""For students and clinicians: `stage`, `definitions --compare`, `learn`, `quiz`."""

from __future__ import annotations

from typing import Annotated

import typer

from trd_aid.cli.common import (
    DefinitionOption,
    ExampleOption,
    HistoryArgument,
    JsonOption,
    PagerOption,
    long_running,
    print_json,
    read_history,
    user_errors,
)


@user_errors
def stage(
    file: HistoryArgument = None,
    example: ExampleOption = False,
    json_output: JsonOption = False,
    definition: DefinitionOption = None,
    sources: Annotated[
        bool, typer.Option("--sources/--no-sources", show_default=False, help="Add the full citations.")
    ] = False,
    pager: PagerOption = True,
) -> None:
    """Score a history under the published TRD staging models (Maudsley, MGH-s, Thase-Rush), every point shown.

    FILE is a history in YAML or JSON (- reads standard input), or use --example.
    """
    from trd_aid.engine.staging import stage_history
    from trd_aid.knowledge import load_knowledge

    staging = stage_history(read_history(file, [], example, command="stage"), load_knowledge(), definition)
    if json_output:
        print_json(staging)
        return
    from trd_aid.render.screen import show
    from trd_aid.render.staging import render_staging

    show(lambda console: render_staging(staging, console, show_sources=sources), pager=pager)


def compare_definitions_command(file: str, json_output: bool, *, pager: bool = True) -> None:
    """`definitions --compare FILE`: one history under every definition, side by side."""
    from trd_aid.engine.compare import compare_definitions
    from trd_aid.knowledge import load_knowledge

    comparison = compare_definitions(read_history(file, [], False, command="definitions --compare"), load_knowledge())
    if json_output:
        print_json(comparison)
        return
    from trd_aid.render.compare import render_comparison
    from trd_aid.render.screen import show

    show(lambda console: render_comparison(comparison, console), pager=pager)


def _topic_ids(incomplete: str) -> list[str]:
    from trd_aid.knowledge.learn import load_topics

    return [t.id for t in load_topics() if t.id.startswith(incomplete)]


@user_errors
def learn(
    topic: Annotated[
        str | None,
        typer.Argument(metavar="TOPIC", hidden=True, autocompletion=_topic_ids, show_default=False),
    ] = None,
    json_output: JsonOption = False,
    pager: PagerOption = True,
) -> None:
    """Short explanations with worked examples: the TRD definition, adequate dose and duration, and more.

    TOPIC is a topic id, such as adequate-dose; without it, the list of topics.
    """
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
        from trd_aid.render.json import learn_document

        data = [learn_document(t.id, t.title, fill(t.text, kb), fill(t.example.text, kb), t.sources) for t in chosen]
        print_json(data if topic is None else data[0])
        return
    from trd_aid.render.learn import render_topic, render_topic_list
    from trd_aid.render.screen import show

    if topic is None:
        show(lambda console: render_topic_list(topics, console), pager=pager)
    else:
        show(lambda console: render_topic(chosen[0], kb, console), pager=pager)


@user_errors
def quiz(
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", metavar="N", help="Shuffle with this seed, so the order can be repeated.", show_default=False
        ),
    ] = None,
    count: Annotated[
        int | None,
        typer.Option("--count", metavar="N", min=1, help="How many questions (default 5).", show_default=False),
    ] = None,
) -> None:
    """Practise on bundled vignettes: count the adequate failed trials, say if TRD is met, see why."""
    from trd_aid.quiz import run_quiz

    long_running()
    run_quiz(seed=seed, count=count)

"""The opening screen and the result: what the tool is, crisis contacts, the assessment, the notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trd_aid.interview.prompts import Asker

if TYPE_CHECKING:
    from trd_aid.engine.results import Assessment, CrisisLineResult


def opening(a: Asker, crisis: list[CrisisLineResult]) -> None:
    a.say("trd-aid interview", bold=True)
    a.say()
    a.say(
        "This is an educational tool about treatment-resistant depression. It asks about the "
        "antidepressants you have taken, one question at a time, and compares your answers with a "
        "published definition. It is not medical advice and it does not diagnose: the result is "
        "something to talk over with your clinician."
    )
    a.say()
    a.say("Nothing you type leaves this computer, and nothing is saved unless you ask for it.")
    a.say()
    a.say("If you are in crisis or thinking about suicide, help is there now:", bold=True)
    for line in dict.fromkeys(f"{c.region}: {c.name} - {c.contact}" for c in crisis):
        a.hint(line)
    a.say()
    a.say("You can stop at any time with Ctrl-C; nothing will be kept.")
    a.line("Press Enter to start")


def result(a: Asker, assessment: Assessment) -> None:
    from trd_aid.render.terminal import render_assessment

    a.heading("Your result")
    a.say()
    render_assessment(assessment, a.console)

"""The interview from the opening screen to the result: ask, review and change, assess, save."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from trd_aid.engine.crisis import crisis_lines
from trd_aid.engine.names import Resolved
from trd_aid.engine.verdict import choose_definition
from trd_aid.errors import InputError, plain_line
from trd_aid.interview.answers import Answers, Trial
from trd_aid.interview.files import check_can_write, load_answers, save_history
from trd_aid.interview.parsing import parse_age, parse_dose_answer, parse_review
from trd_aid.interview.prompts import Asker
from trd_aid.interview.questions import Questions
from trd_aid.interview.risks import BY_ID, RISKS
from trd_aid.interview.screens import opening, result
from trd_aid.interview.summary import Editors, items

if TYPE_CHECKING:
    from collections.abc import Callable

    from trd_aid.engine.results import Assessment

FIRST_NAME = "What is the name of an antidepressant you have taken?"
NAME_EXAMPLE = "The generic name or the brand, for example sertraline or Zoloft."


def run_interview(
    *,
    save: str | None,
    load: str | None,
    force: bool,
    definition: str | None,
    country: str | None = None,
    after: Callable[[Assessment], None] | None = None,
    report_written: Callable[[], None] | None = None,
) -> None:
    """The whole interview; `after` receives the assessment before anything is shown (the CLI writes
    --report with it), and `report_written` says so after the result."""
    from trd_aid.knowledge import load_knowledge
    from trd_aid.render.layout import make_console

    kb = load_knowledge()
    choose_definition(kb, definition)  # an unknown id or country stops here, before the first question
    crisis = crisis_lines(kb, country)
    if save is not None:
        check_can_write(save, force)
    loaded = load_answers(load) if load is not None else None
    a = Asker(make_console())
    interview = Interview(a, Questions(a, kb), loaded or Answers())
    opening(a, crisis)
    if loaded is None:
        interview.ask_everything()
    else:
        a.say()
        a.say(f"Read {len(loaded.trials)} antidepressant(s) from {load}. Check the answers below and change any.")
    assessment = interview.review_until_valid(definition, country)
    # Files first, then the screen: a closed stdout (`| head`) must not lose the answers or the report.
    if save is not None:
        save_history(save, interview.answers.to_history(), force)
    if after is not None:
        after(assessment)
    result(a, assessment)
    if report_written is not None:
        report_written()
    if save is not None:
        a.say(
            f"Your answers were saved to {save} (readable only by you). `trd-aid check {save}` shows this result again."
        )


class Interview:
    def __init__(self, a: Asker, q: Questions, answers: Answers) -> None:
        self.a, self.q, self.answers = a, q, answers

    def ask_everything(self) -> None:
        self.a.heading("Antidepressants")
        self.antidepressants()
        self.other_treatments()
        self.a.heading("This episode")
        self.a.say("Two questions about the current episode of depression. Each can be skipped.")
        self.q.episode_length(self.answers.about)
        self.q.severity(self.answers.about)
        self.a.heading("A few more questions")
        self.a.say(
            "Some things can make depression harder to treat, or make it look that way. Each question can be skipped."
        )
        for risk in RISKS:
            self.risk(risk.id)
        self.a.heading("About you")
        self.a.say("Two questions that change which cautions are shown with the options. Each can be skipped.")
        self.age()
        self.pregnancy()

    def age(self) -> None:
        self.answers.about["age"] = self.a.ask(
            "How old are you?", parse_age, "Type your age in years, or press Enter to skip."
        )

    def pregnancy(self) -> None:
        self.answers.about["pregnancy_or_breastfeeding"] = self.a.yes_no(
            "Are you pregnant, planning a pregnancy, or breastfeeding?", skippable=True
        )

    def antidepressants(self) -> None:
        while True:
            question = FIRST_NAME if not self.answers.trials else "What is the name of the next antidepressant?"
            found = self.q.name(question, NAME_EXAMPLE, allow_empty=False)
            assert found is not None
            self.add(*found)
            if self.answers.trials and not self.a.yes_no("Any other antidepressant?"):
                return

    def add(self, text: str, resolved: Resolved) -> None:
        """An antidepressant gets its questions; anything else goes to other treatments, with the reason."""
        if resolved.drug is None or not resolved.drug.counts_toward_trd:
            self.a.hint(self.q.moved_to_other(resolved))
            self.answers.other_treatments.append(self.q.other(text))
            return
        self.answers.trials.extend(self.q.trial(text))

    def other_treatments(self) -> None:
        self.a.heading("Other treatments")
        self.a.say(
            "Some people have also tried other treatments: an add-on medicine (such as aripiprazole, lithium "
            "or thyroid hormone), ECT, TMS, ketamine or esketamine, or a talking therapy."
        )
        question = "Type the name of one you have tried, or press Enter if none."
        while True:
            found = self.q.name(question, allow_empty=True)
            if found is None:
                return
            text, resolved = found
            if resolved.drug is not None and resolved.drug.counts_toward_trd:
                self.a.hint(f"{resolved.drug.display_name} is an antidepressant, so a few questions about it follow.")
                self.answers.trials.extend(self.q.trial(text))
            else:
                self.answers.other_treatments.append(self.q.other(text))
            question = "Any other treatment? Type its name, or press Enter if there are no more."

    def risk(self, risk_id: str) -> None:
        risk = BY_ID[risk_id]
        answer = self.a.yes_no(risk.question, skippable=True)
        self.answers.risks[risk_id] = None if answer is None else answer == risk.present_when

    def change_name(self, trial: Trial) -> None:
        found = self.q.name("What is the name of this antidepressant?", NAME_EXAMPLE, allow_empty=False)
        assert found is not None
        text, resolved = found
        if resolved.drug is None or not resolved.drug.counts_toward_trd:
            self.answers.trials.remove(trial)
            self.add(text, resolved)
            return
        trial.drug = text
        drug = resolved.drug
        if drug.rule == "fixed_regimen":
            trial.dose_mg = None
        elif trial.dose_mg is None:
            self.q.dose(trial)
        else:
            try:
                parse_dose_answer(f"{trial.dose_mg:g}", drug, resolved.formulation, self.q.kb)
            except ValueError as exc:
                self.a.hint(
                    f"The dose given before, {trial.dose_mg:g} mg a day, does not fit {drug.display_name}. {exc}"
                )
                self.q.dose(trial)

    def change_others(self) -> None:
        self.answers.other_treatments.clear()
        self.a.hint("The list of other treatments starts again.")
        self.other_treatments()

    def review_until_valid(self, definition: str | None, country: str | None = None) -> Assessment:
        from trd_aid.engine import assess_history
        from trd_aid.inputs.reading import validate_history

        while True:
            self.review()
            try:
                history = validate_history(self.answers.to_history(), "your answers")
                return assess_history(history, self.q.kb, definition, country)
            except InputError as exc:
                self.a.say()
                self.a.say(f"Something in the answers cannot be used yet: {plain_line(exc)}")
                self.a.say("Please change that answer.")

    def review(self) -> None:
        edit = Editors(
            name=self.change_name,
            others=self.change_others,
            risk=self.risk,
            age=self.age,
            pregnancy=self.pregnancy,
            episode_length=lambda: self.q.episode_length(self.answers.about),
            severity=lambda: self.q.severity(self.answers.about),
        )
        while True:
            listed = items(self.answers, self.q, edit)
            self.a.heading("Your answers")
            group = ""
            for number, item in enumerate(listed, start=1):
                if item.group != group:
                    group = item.group
                    self.a.say(group, bold=True)
                self.a.option(number, f"{item.label}: {item.value}", width=len(str(len(listed))))
            self.a.say()
            self.a.say(
                "To change an answer, type its number. Type add to add an antidepressant, "
                "or remove to remove one. Press Enter to see the result."
            )
            count = len(listed)
            choice = self.a.ask_again(partial(parse_review, count=count))
            if choice == "done":
                if self.answers.trials:
                    return
                self.a.hint("The result needs at least one antidepressant; type add to add one.")
            elif choice == "add":
                found = self.q.name(FIRST_NAME, NAME_EXAMPLE, allow_empty=False)
                assert found is not None
                self.add(*found)
            elif choice == "remove":
                self.remove()
            else:
                listed[int(choice)].change()

    def remove(self) -> None:
        trials = self.answers.trials
        if not trials:
            self.a.hint("There is no antidepressant to remove.")
            return
        picked = self.a.choose(
            "Which antidepressant should be removed?",
            [f"{self.q.display(t.drug)}" for t in trials] + ["none (keep all)"],
        )
        if picked < len(trials):
            removed = trials.pop(picked)
            self.a.hint(f"Removed {self.q.display(removed.drug)}.")

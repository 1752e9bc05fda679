"""The questions about a medicine added to an antidepressant: which one, its dose, and how long the
antidepressant was taken on its own first. The time with the add-on is a trial of its own (the regimen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trd_aid.interview.answers import Trial, plain_number
from trd_aid.interview.parsing import or_skip, parse_duration_answer, plain_answer, weeks_words
from trd_aid.interview.questions import MEDICINE_KINDS, _capital

if TYPE_CHECKING:
    from trd_aid.interview.questions import Questions


class AddOnQuestions:
    def __init__(self, q: Questions) -> None:
        self.q = q

    def added(self, trial: Trial) -> tuple[Trial, bool] | None:
        """ "Was anything added to it?" A yes asks which medicine, its dose, and how long the antidepressant
        was taken on its own first. The time with the add-on is a trial of its own (the regimen), whose
        outcome is asked here; the answers so far stay with the antidepressant alone, which is kept (True)
        unless both began together."""
        name = self.q.display(trial.drug)
        answer = self.q.a.yes_no(
            f"Was another medicine added to {name} while you took it, such as aripiprazole, lithium, "
            "thyroid hormone or a second antidepressant?",
            skippable=True,
        )
        found = self.add_on_name(trial) if answer else None
        if found is None:
            return None
        added = self.q.display(found)
        regimen = Trial(drug=trial.drug, dose_mg=trial.dose_mg, weeks=trial.weeks, adherence=trial.adherence)
        regimen.add_ons = [{"treatment": found, "dose_mg": self.q.medicine_dose(found)}]
        alone = None if trial.weeks is None else self.time_alone(name, added, trial.weeks)
        if alone == 0:  # both began together: the answers given were about the regimen
            regimen.add_ons[0]["weeks"] = regimen.weeks
            regimen.outcome, regimen.later, regimen.extra = trial.outcome, trial.later, dict(trial.extra)
            return regimen, False
        if alone is not None and trial.weeks is not None:
            regimen.add_ons[0]["weeks"] = plain_number(trial.weeks - alone)
            trial.weeks, trial.duration_text = alone, None
        self.q.a.say()
        self.q.a.hint(f"Your answer about what happened is kept for {name} on its own.")
        self.q.outcome(regimen, subject=f"after {added} was added")
        self.q.lost_response(regimen)
        return regimen, True

    def change(self, trial: Trial) -> None:
        """At the summary: the add-on again, its dose and how long it was taken with the antidepressant."""
        found = self.add_on_name(trial)
        if found is None:
            self.q.a.hint("The add-on is kept as it was.")
            return
        dose = self.q.medicine_dose(found)
        weeks = self.q.a.ask(
            f"For how long did you take {self.q.display(found)} together with {self.q.display(trial.drug)}?",
            or_skip(parse_duration_answer),
            'For example "6 weeks". Press Enter to skip if you are not sure.',
        )
        trial.add_ons = [{"treatment": found, "dose_mg": dose, "weeks": None if weeks is None else weeks[0]}]

    def add_on_name(self, trial: Trial) -> str | None:
        own = self.q.names.resolve(trial.drug)
        while True:
            found = self.q.name("What was the name of the medicine added?", allow_empty=True)
            if found is None:
                return None
            text, resolved = found
            if own is not None and resolved.id == own.id:
                self.q.a.hint("That is the same medicine. Please type the one that was added, or press Enter.")
            elif resolved.other is not None and resolved.other.kind not in MEDICINE_KINDS:
                self.q.a.hint(
                    f"{_capital(resolved.other.name)} is not a medicine taken with the antidepressant; it can be "
                    "added later under other treatments. Please type a medicine, or press Enter."
                )
            else:
                return text

    def time_alone(self, name: str, added: str, total: float) -> float | None:
        """Weeks on the antidepressant alone before the add-on: 0 for "from the start"; shorter than the total."""

        def parse(text: str) -> float | None:
            if plain_answer(text) in {"0", "none", "no time", "from the start", "together", "at the same time"}:
                return 0.0
            weeks = or_skip(parse_duration_answer)(text)
            if weeks is None:
                return None
            if weeks[0] >= total:
                raise ValueError(
                    f"That is as long as the whole time on {name} ({weeks_words(total)}). Please type a shorter "
                    'time, or "from the start".'
                )
            return weeks[0]

        return self.q.a.ask(
            f"For how long did you take {name} on its own, before {added} was added?",
            parse,
            'For example "3 months", or "from the start" if both began together. Press Enter to skip.',
        )

"""One function per question; each asks until the answer makes sense, then stores it."""

from __future__ import annotations

from typing import Any

from trd_aid.engine.names import Resolved, index_for
from trd_aid.engine.trial_facts import helped
from trd_aid.inputs.units import DAYS_PER_MONTH, daily_frequency, parse_dose
from trd_aid.interview.answers import Trial, plain_number
from trd_aid.interview.parsing import (
    or_skip,
    parse_choice,
    parse_dose_answer,
    parse_duration_answer,
    parse_percentage,
)
from trd_aid.interview.prompts import Asker
from trd_aid.knowledge.models import KnowledgeBase
from trd_aid.safe_text import lookalikes
from trd_aid.vocabulary import ADHERENCE_TERMS, EPISODE_TERMS, OUTCOME_TERMS, SEVERITY_TERMS, Term

KIND_WORDS = {
    "augmentation": "an add-on (augmentation) medicine, taken with an antidepressant",
    "combination": "a combination of treatments",
    "neuromodulation": "a brain-stimulation treatment",
    "rapid_acting": "a rapid-acting treatment given under supervision",
    "psychotherapy": "a talking therapy",
    "lifestyle": "a lifestyle treatment",
    "investigational": "an investigational treatment",
}


def asked_words(terms: dict[str, Term], value: str | None, kb: KnowledgeBase | None = None) -> str:
    """The words of the interview's choice for a stored value, or "not given"."""
    term = terms.get(value or "")
    if term is None:
        return "not given"
    return band_words(term.ask, kb) if kb is not None else term.ask


def band_words(text: str, kb: KnowledgeBase) -> str:
    """An outcome choice with its bands filled in from the knowledge base: "less than a quarter better"."""
    low, high = kb.settings.outcome_bands.no_response_below_pct, kb.settings.outcome_bands.response_at_least_pct
    return text.format(
        low=_fraction(low),
        high=_fraction(high),
        low_pct=f"{low:g}",
        high_pct=f"{high:g}",
        below_high_pct=f"{high - 1:g}",
    )


def _fraction(pct: float) -> str:
    return {25.0: "a quarter", 50.0: "half", 75.0: "three quarters"}.get(pct, f"{pct:g}%")


MEDICINE_KINDS = ("augmentation", "combination")  # other treatments that have a daily dose


class Questions:
    def __init__(self, asker: Asker, kb: KnowledgeBase) -> None:
        self.a = asker
        self.kb = kb
        self.names = index_for(kb)

    def display(self, text: str) -> str:
        """The name as trd-aid knows it, with the brand if one was typed: "sertraline (Zoloft)"."""
        found = self.names.resolve(text)
        if found is None:
            return f"{text} (not recognised)"
        if found.drug is None:
            return found.other.name  # type: ignore[union-attr]
        name = found.drug.display_name
        if found.brand and found.brand.lower() != name.lower():
            return f"{name} ({found.brand})"
        form = found.drug.formulation(found.formulation)
        return f"{name} {form.name}" if form else name

    def name(self, question: str, example: str | None = None, *, allow_empty: bool) -> tuple[str, Resolved] | None:
        """A name that resolves, or None (Enter) when `allow_empty`; typos get a yes/no "Did you mean"."""
        self.a.say()
        self.a.say(question)
        if example:
            self.a.hint(example)
        while True:
            text = self.a.line()
            if not text:
                if allow_empty:
                    return None
                self.a.hint("Please type a name, as it is written on the box or the prescription.")
                continue
            resolved = self.names.resolve(text)
            if resolved is not None:
                return text, resolved
            guess = self.names.closest(text)
            note = lookalikes(text)[1]
            if note is not None:
                self.a.hint(note)  # a look-alike letter from another alphabet, made visible
            if guess is not None and self.a.yes_no(f"Did you mean {guess}?"):
                found = self.names.resolve(guess)
                assert found is not None
                return guess, found
            if guess is not None:
                self.a.hint("Please type the name again, as it is written on the box or the prescription.")
            else:
                self.a.hint(
                    f'trd-aid does not know "{text}". Please check the spelling on the box or the prescription; '
                    "`trd-aid drugs` lists the names it knows."
                )

    def moved_to_other(self, resolved: Resolved) -> str:
        if resolved.drug is not None:
            return (
                f"{_capital(resolved.drug.display_name)} has its own rules and is not counted as one of the "
                "antidepressant trials, so it is noted under other treatments."
            )
        assert resolved.other is not None
        kind = KIND_WORDS.get(resolved.other.kind, "another kind of treatment")
        return (
            f"{_capital(resolved.other.name)} is {kind}, not an antidepressant on its own, so it is noted "
            "under other treatments rather than counted as an antidepressant trial."
        )

    def trial(self, text: str) -> list[Trial]:
        """One antidepressant's questions; when a medicine was added to it, the time with that add-on is
        a trial of its own (the same antidepressant with the add-on), so two trials come back."""
        trial = Trial(drug=text)
        self.dose(trial)
        self.weeks(trial)
        self.adherence(trial)
        self.outcome(trial)
        self.lost_response(trial)
        trials = [trial]
        from trd_aid.interview.add_ons import AddOnQuestions

        found = AddOnQuestions(self).added(trial)
        if found is not None:
            regimen, keep = found
            trials = [trial, regimen] if keep else [regimen]
        self.episode(trial)
        for t in trials:
            t.episode = trial.episode
        return trials

    def helped(self, trial: Trial) -> bool:
        return helped(trial.outcome, trial.extra.get("improvement_pct"), self.kb)

    def lost_response(self, trial: Trial) -> None:
        """Asked only when it helped: did it then stop helping, while still taken?"""
        if not self.helped(trial):
            trial.later = None
            return
        answer = self.a.yes_no(
            f"Did {self.regimen_words(trial)} stop helping later, while you still took it?", skippable=True
        )
        trial.later = "lost_response" if answer else None

    def regimen_words(self, trial: Trial) -> str:
        """ "sertraline", or "sertraline with aripiprazole" for a trial with an add-on."""
        added = " and ".join(self.display(a["treatment"]) for a in trial.add_ons)
        return f"{self.display(trial.drug)} with {added}" if added else self.display(trial.drug)

    def dose(self, trial: Trial) -> None:
        resolved = self.names.resolve(trial.drug)
        if resolved is None or resolved.drug is None:
            return
        drug, formulation = resolved.drug, resolved.formulation
        if drug.rule == "fixed_regimen":
            self.a.hint(f"{_capital(drug.display_name)} has a fixed way of dosing, so trd-aid does not ask for a dose.")
            trial.dose_mg = None
            return
        unit = drug.dose_unit
        question = f"What was the highest daily dose of {self.display(trial.drug)} you took, in {unit}?"
        example = 'For example 100, 100 mg, or "50 mg twice a day".'

        def parse(text: str) -> tuple[float, int]:
            """The daily dose, and how many times a day the answer said it was taken."""
            return parse_dose_answer(text, drug, formulation, self.kb), daily_frequency(text)[1]

        while True:
            dose, times = self.a.ask(question, parse, example)
            if times == 1 or self.a.yes_no(f"That is {dose:g} {unit}; is that right?"):
                trial.dose_mg = dose
                return
            example = "Please type the dose again, for example 100 mg, or the dose and how often."

    def weeks(self, trial: Trial) -> None:
        name = self.display(trial.drug)
        trial.weeks, trial.duration_text = self.a.ask(
            f"For how long did you take {name} at that dose?"
            if trial.dose_mg is not None
            else f"For how long did you take {name}?",
            parse_duration_answer,
            'For example "8 weeks", "2 months" or "45 days". A number on its own means weeks.',
        )

    def adherence(self, trial: Trial) -> None:
        picked = self.a.choose(
            f"How regularly did you take {self.display(trial.drug)}? (Missing some doses is common; an honest "
            "answer helps.)",
            [t.ask for t in ADHERENCE_TERMS.values()],
            [t.phrases for t in ADHERENCE_TERMS.values()],
        )
        trial.adherence = list(ADHERENCE_TERMS)[picked]

    def outcome(self, trial: Trial, subject: str | None = None) -> None:
        """The five outcomes with their bands in words, or a percentage typed in ("30%")."""
        terms = list(OUTCOME_TERMS.values())
        self.a.menu(
            f"What happened {subject or 'while you took ' + self.regimen_words(trial)}?",
            [band_words(term.ask, self.kb) for term in terms],
            "Or type how much better you felt as a percentage, for example 30%.",
        )

        def parse(text: str) -> tuple[str | None, float | None]:
            pct = parse_percentage(text)
            if pct is not None:
                return None, pct
            return terms[parse_choice(text, len(terms), [t.phrases for t in terms])].value, None

        trial.outcome, pct = self.a.ask_again(parse)
        trial.extra.pop("improvement_pct", None)  # a loaded percentage would contradict the new answer
        if pct is not None:
            trial.extra["improvement_pct"] = pct

    def episode(self, trial: Trial) -> None:
        picked = self.a.choose(
            f"When did you take {self.display(trial.drug)}?",
            [t.ask for t in EPISODE_TERMS.values()],
            [t.phrases for t in EPISODE_TERMS.values()],
        )
        trial.episode = list(EPISODE_TERMS)[picked]

    # --- other treatments: what happened, and for a medicine its dose and time ---------------------

    def other(self, text: str) -> dict[str, Any]:
        """Another treatment as entered: after an add-on medicine, its dose and how long (both skippable);
        after any treatment, what happened."""
        entry: dict[str, Any] = {"treatment": text}
        resolved = self.names.resolve(text)
        name = self.display(text)
        kind = resolved.other.kind if resolved is not None and resolved.other is not None else None
        if kind in MEDICINE_KINDS:
            dose = self.medicine_dose(text)
            if dose is not None:
                entry["dose_mg"] = dose
            taken = self.a.ask(
                f"For how long did you take {name}?",
                or_skip(parse_duration_answer),
                'For example "6 weeks" or "3 months". Press Enter to skip if you are not sure.',
            )
            if taken is not None:
                entry["duration"] = taken[1]
        terms = list(OUTCOME_TERMS.values())
        self.a.menu(
            f"What happened with {name}?",
            [band_words(t.ask, self.kb) for t in terms],
            "Press Enter to skip if you are not sure.",
        )
        words = [t.phrases for t in terms]
        picked = self.a.ask_again(or_skip(lambda said: parse_choice(said, len(terms), words)))
        if picked is not None:
            entry["outcome"] = terms[picked].value
        return entry

    def medicine_dose(self, text: str) -> float | int | None:
        """The highest daily dose of a medicine taken with or beside the antidepressants (skippable)."""
        dose = self.a.ask(
            f"What was the highest daily dose of {self.display(text)}, in mg?",
            or_skip(parse_dose),
            "For example 5 or 5 mg. Press Enter to skip if you are not sure.",
        )
        return None if dose is None else plain_number(dose)

    # --- the episode ---------------------------------------------------------------------------

    def episode_length(self, about: dict[str, Any]) -> None:
        taken = self.a.ask(
            "How long has this episode of depression lasted so far?",
            or_skip(parse_duration_answer),
            'For example "8 months" or "2 years". Press Enter to skip.',
        )
        about["episode_months"] = None if taken is None else round(taken[0] * 7 / DAYS_PER_MONTH, 1)

    def severity(self, about: dict[str, Any]) -> None:
        terms = list(SEVERITY_TERMS.values())
        order = [terms[i] for i in (1, 2, 3, 4, 0)]  # mild first; "milder than a full episode" last
        self.a.menu("How would you describe this episode at its worst?", [t.ask for t in order], "Press Enter to skip.")
        picked = self.a.ask_again(or_skip(lambda text: parse_choice(text, len(order))))
        about["severity"] = None if picked is None else order[picked].value


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]

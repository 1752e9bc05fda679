"""One function per question; each asks until the answer makes sense, then stores it."""

from __future__ import annotations

from trd_aid.engine.names import Resolved, index_for
from trd_aid.interview.answers import Trial
from trd_aid.interview.parsing import parse_dose_answer, parse_duration_answer
from trd_aid.interview.prompts import Asker
from trd_aid.knowledge.models import KnowledgeBase
from trd_aid.safe_text import lookalikes
from trd_aid.vocabulary import ADHERENCE_TERMS, EPISODE_TERMS, OUTCOME_TERMS, Term

KIND_WORDS = {
    "augmentation": "an add-on (augmentation) medicine, taken with an antidepressant",
    "combination": "a combination of treatments",
    "neuromodulation": "a brain-stimulation treatment",
    "rapid_acting": "a rapid-acting treatment given under supervision",
    "psychotherapy": "a talking therapy",
    "lifestyle": "a lifestyle treatment",
    "investigational": "an investigational treatment",
}


def asked_words(terms: dict[str, Term], value: str | None) -> str:
    """The words of the interview's choice for a stored value, or "not given"."""
    term = terms.get(value or "")
    return term.ask if term else "not given"


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

    def trial(self, text: str) -> Trial:
        trial = Trial(drug=text)
        self.dose(trial)
        self.weeks(trial)
        self.adherence(trial)
        self.outcome(trial)
        self.episode(trial)
        return trial

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
        trial.dose_mg = self.a.ask(
            f"What was the highest daily dose of {self.display(trial.drug)} you took, in {unit}?",
            lambda text: parse_dose_answer(text, drug, formulation, self.kb),
            "For example 100 or 100 mg. If you took it more than once a day, add the doses up.",
        )

    def weeks(self, trial: Trial) -> None:
        trial.weeks, trial.duration_text = self.a.ask(
            "For how long did you take it at that dose?"
            if trial.dose_mg is not None
            else "For how long did you take it?",
            parse_duration_answer,
            'For example "8 weeks", "2 months" or "45 days". A number on its own means weeks.',
        )

    def adherence(self, trial: Trial) -> None:
        picked = self.a.choose(
            "How regularly did you take it? (Missing some doses is common; an honest answer helps.)",
            [t.ask for t in ADHERENCE_TERMS.values()],
        )
        trial.adherence = list(ADHERENCE_TERMS)[picked]

    def outcome(self, trial: Trial) -> None:
        picked = self.a.choose("What happened while you took it?", [t.ask for t in OUTCOME_TERMS.values()])
        trial.outcome = list(OUTCOME_TERMS)[picked]
        trial.extra.pop("improvement_pct", None)  # a loaded percentage would contradict the new answer

    def episode(self, trial: Trial) -> None:
        picked = self.a.choose("When did you take it?", [t.ask for t in EPISODE_TERMS.values()])
        trial.episode = list(EPISODE_TERMS)[picked]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]

"""The numbered summary before the result: every answer on one line, any one of them can be changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from trd_aid.interview.add_ons import AddOnQuestions
from trd_aid.interview.answers import Answers, Trial
from trd_aid.interview.parsing import weeks_words
from trd_aid.interview.questions import Questions, asked_words
from trd_aid.interview.risks import RISKS, answer_words
from trd_aid.vocabulary import ADHERENCE_TERMS, EPISODE_TERMS, OUTCOME_TERMS, SEVERITY_TERMS


@dataclass
class Item:
    group: str
    label: str
    value: str
    change: Callable[[], None]


@dataclass
class Editors:
    """What re-asks the answers that need more than one question (a new name can move a trial)."""

    name: Callable[[Trial], None]
    others: Callable[[], None]
    risk: Callable[[str], None]
    age: Callable[[], None]
    pregnancy: Callable[[], None]
    episode_length: Callable[[], None]
    severity: Callable[[], None]


def items(answers: Answers, q: Questions, edit: Editors) -> list[Item]:
    out: list[Item] = []
    for number, t in enumerate(answers.trials, start=1):
        group = f"Antidepressant {number}"
        out += [
            Item(group, "Name", q.regimen_words(t), partial(edit.name, t)),
            Item(group, "Highest daily dose", _dose(t), partial(q.dose, t)),
            Item(group, "Time at that dose", _weeks(t), partial(q.weeks, t)),
            Item(group, "Taken", asked_words(ADHERENCE_TERMS, t.adherence), partial(q.adherence, t)),
        ]
        if t.add_ons:
            out.append(Item(group, "Taken with", _add_ons(t, q), partial(AddOnQuestions(q).change, t)))
        out.append(Item(group, "What happened", _outcome(t, q), partial(q.outcome, t)))
        if t.later is not None or q.helped(t):
            later = "yes" if t.later == "lost_response" else "no, or skipped"
            out.append(Item(group, "Stopped helping later", later, partial(q.lost_response, t)))
        out.append(Item(group, "When", asked_words(EPISODE_TERMS, t.episode), partial(q.episode, t)))
    others = "; ".join(_other(o, q) for o in answers.other_treatments) or "none"
    out.append(Item("Other treatments", "Tried", others, edit.others))
    months = answers.about.get("episode_months")
    out.append(
        Item(
            "This episode",
            "How long so far",
            "skipped" if months is None else f"{months:g} months",
            edit.episode_length,
        )
    )
    severity = answers.about.get("severity")
    worst = "skipped" if severity is None else asked_words(SEVERITY_TERMS, severity)
    out.append(Item("This episode", "At its worst", worst, edit.severity))
    for risk in RISKS:
        value = answer_words(risk, answers.risks.get(risk.id))
        out.append(Item("Things that can affect treatment", risk.label, value, partial(edit.risk, risk.id)))
    age = answers.about.get("age")
    pregnancy = answers.about.get("pregnancy_or_breastfeeding")
    out.append(Item("About you", "Age", "skipped" if age is None else f"{age}", edit.age))
    out.append(Item("About you", "Pregnant, planning or breastfeeding", _yes_no_skipped(pregnancy), edit.pregnancy))
    return out


def _yes_no_skipped(value: bool | None) -> str:
    return "skipped" if value is None else "yes" if value else "no"


def _dose(t: Trial) -> str:
    return "not asked (fixed dosing)" if t.dose_mg is None else f"{t.dose_mg:g} mg a day"


def _weeks(t: Trial) -> str:
    return "not given" if t.weeks is None else weeks_words(t.weeks, t.duration_text)


def _add_ons(t: Trial, q: Questions) -> str:
    """ "aripiprazole (10 mg a day, 4 weeks)": each added medicine as another treatment is shown."""
    return "; ".join(_other(a, q) for a in t.add_ons)


def _outcome(t: Trial, q: Questions) -> str:
    if t.outcome is None and "improvement_pct" in t.extra:
        return f"{t.extra['improvement_pct']:g}% better"
    return asked_words(OUTCOME_TERMS, t.outcome, q.kb)


def _other(entry: dict[str, Any], q: Questions) -> str:
    """ "aripiprazole (5 mg a day, 6 weeks, partial response)"."""
    details = []
    if entry.get("dose_mg") is not None:
        details.append(f"{entry['dose_mg']:g} mg a day")
    if entry.get("duration") is not None:
        details.append(str(entry["duration"]))
    elif entry.get("weeks") is not None:
        details.append(weeks_words(float(entry["weeks"])))
    if entry.get("outcome") is not None:
        details.append(OUTCOME_TERMS[entry["outcome"]].short)
    name = q.display(entry["treatment"])
    return f"{name} ({', '.join(details)})" if details else name

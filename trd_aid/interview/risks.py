"""Things that can make depression look treatment-resistant when it is not: questions and notes.

The notes are educational sentences for a conversation with a clinician; sources are still to be
added to the knowledge base (see issue 3).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Risk:
    id: str
    question: str
    label: str  # a few words for the summary
    present_when: bool  # which answer means "worth discussing" (the thyroid question is asked the other way)
    note: str


RISKS: tuple[Risk, ...] = (
    Risk(
        "bariatric_surgery",
        "Have you had weight-loss (bariatric) surgery, or other surgery on the stomach or gut?",
        "Weight-loss or gut surgery",
        True,
        "Weight-loss or gut surgery can change how much of a medicine the body absorbs, "
        "so a usual dose may have acted like a lower one.",
    ),
    Risk(
        "st_johns_wort",
        "Do you take St John's wort, or other herbal remedies or supplements?",
        "St John's wort or supplements",
        True,
        "St John's wort and some other supplements can interact with antidepressants "
        "and change how well they work or how safe they are.",
    ),
    Risk(
        "other_medicines",
        "Do you take other medicines regularly, for any condition?",
        "Other regular medicines",
        True,
        "Some medicines interact with antidepressants or can affect mood; "
        "a full list of everything taken helps a clinician check this.",
    ),
    Risk(
        "alcohol_or_drugs",
        "Have alcohol or other drugs been a regular part of your life during this episode?",
        "Alcohol or drug use",
        True,
        "Regular alcohol or drug use can keep depression from lifting and make "
        "antidepressants work less well; clinicians ask about it without judging.",
    ),
    Risk(
        "bipolar_history",
        "Have you, or a close relative, ever been told of bipolar disorder, "
        "or had times of unusually high mood or energy?",
        "Bipolar disorder (you or family)",
        True,
        "A personal or family history of bipolar disorder can change which treatments suit a person's depression.",
    ),
    Risk(
        "thyroid_unchecked",
        "Has your thyroid been checked with a blood test during this episode?",
        "Thyroid checked",
        False,
        "An underactive thyroid can cause or deepen low mood; a blood test can check it.",
    ),
    Risk(
        "sleep_problems",
        "Do you have ongoing sleep problems, such as trouble sleeping most nights, "
        "loud snoring or pauses in breathing at night?",
        "Ongoing sleep problems",
        True,
        "Sleep problems, including sleep apnoea, can keep depression from lifting "
        "and can often be treated in their own right.",
    ),
)
BY_ID = {risk.id: risk for risk in RISKS}


def answer_words(risk: Risk, present: bool | None) -> str:
    """The person's answer to the question as asked: yes, no or skipped."""
    if present is None:
        return "skipped"
    return "yes" if present == risk.present_when else "no"


def notes(factors: list[str]) -> list[str]:
    return [BY_ID[f].note for f in factors if f in BY_ID]

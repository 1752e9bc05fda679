"""Things that can make depression look treatment-resistant when it is not: the questions.

The questions live here; the "worth discussing" notes, with their sources, live in the knowledge
base (`risk_factors`) and come back with the assessment, so `check` on a saved history shows them too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Risk:
    id: str
    question: str
    label: str  # a few words for the summary
    present_when: bool  # which answer means "worth discussing" (the thyroid question is asked the other way)


RISKS: tuple[Risk, ...] = (
    Risk(
        "bariatric_surgery",
        "Have you had weight-loss (bariatric) surgery, or other surgery on the stomach or gut?",
        "Weight-loss or gut surgery",
        True,
    ),
    Risk(
        "st_johns_wort",
        "Do you take St John's wort, or other herbal remedies or supplements?",
        "St John's wort or supplements",
        True,
    ),
    Risk(
        "other_medicines",
        "Do you take other medicines regularly, for any condition?",
        "Other regular medicines",
        True,
    ),
    Risk(
        "alcohol_or_drugs",
        "Have alcohol or other drugs been a regular part of your life during this episode?",
        "Alcohol or drug use",
        True,
    ),
    Risk(
        "bipolar_history",
        "Have you, or a close relative, ever been told of bipolar disorder, "
        "or had times of unusually high mood or energy?",
        "Bipolar disorder (you or family)",
        True,
    ),
    Risk(
        "thyroid_unchecked",
        "Has your thyroid been checked with a blood test during this episode?",
        "Thyroid checked",
        False,
    ),
    Risk(
        "sleep_problems",
        "Do you have ongoing sleep problems, such as trouble sleeping most nights, "
        "loud snoring or pauses in breathing at night?",
        "Ongoing sleep problems",
        True,
    ),
)
BY_ID = {risk.id: risk for risk in RISKS}


def answer_words(risk: Risk, present: bool | None) -> str:
    """The person's answer to the question as asked: yes, no or skipped."""
    if present is None:
        return "skipped"
    return "yes" if present == risk.present_when else "no"

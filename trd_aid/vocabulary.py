"""Every vocabulary a history, the knowledge base and the output share, each defined once.

A closed set of machine values is a `Literal` type (what the input contract and the knowledge base
validate against); where people also read the value, `TERMS` gives its words once:
`short` for a table cell, `long` for a sentence, `ask` for the interview's numbered choice, and
`phrases` (a regular expression) for what a `-t "..."` phrase or a typed answer may say. Nothing here imports beyond
the standard library, so every layer can use it at no start-up cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Severity = Literal["subsyndromal", "mild", "moderate", "severe", "severe_psychotic"]
RiskFactor = Literal[
    "bariatric_surgery",
    "st_johns_wort",
    "other_medicines",
    "alcohol_or_drugs",
    "bipolar_history",
    "thyroid_unchecked",
    "sleep_problems",
]
# What a history can tell the option rules: reported risk factors plus facts the engine derives.
Flag = Literal[RiskFactor, "pregnancy", "psychotic_features", "inadequate_trial", "nonadherence"]

Adherence = Literal["good", "partial", "poor"]
Outcome = Literal["no_response", "partial_response", "response", "remission", "side_effects"]
Episode = Literal["current", "previous"]
# What happened after a trial's outcome: "lost_response" is "it helped, then stopped helping".
Later = Literal["lost_response"]


@dataclass(frozen=True)
class Term:
    """A value and its words. An outcome's `ask` may hold {low} and {high} ("a quarter", "half") and
    {low_pct}, {high_pct} and {below_high_pct} (25, 50, 49): the interview fills them from the knowledge
    base's outcome bands, so no threshold is typed here."""

    value: str
    short: str
    long: str
    ask: str
    phrases: str = ""


OUTCOME_TERMS: dict[str, Term] = {
    t.value: t
    for t in (
        Term(
            "no_response",
            short="no response",
            long="no response",
            ask="no real change, or only a little better (less than {low} better, under {low_pct}%)",
            phrases=r"no[\s_-]*response|non[\s_-]*response|no[\s_-]*change|none|no[\s_-]*effect|nothing|failed",
        ),
        Term(
            "partial_response",
            short="partial response",
            long="partial response",
            ask="better, but less than {high} better ({low_pct}% to {below_high_pct}%)",
            phrases=r"partial(?:[\s_-]*response)?|some(?:[\s_-]*improvement)?",
        ),
        Term(
            "response",
            short="response",
            long="response",
            ask="much better ({high} better or more), but not fully well",
            phrases=r"response|responded|much[\s_-]*better",
        ),
        Term(
            "remission",
            short="remission",
            long="remission",
            ask="well again",
            phrases=r"remission|remitted|well",
        ),
        Term(
            "side_effects",
            short="stopped: side effects",
            long="stopped because of side effects",
            ask="stopped because of side effects",
            phrases=r"side[\s_-]*effects?|intoleran(?:ce|t)|stopped[\s_-]*(?:for|because\s+of)?[\s_-]*side[\s_-]*effects?",
        ),
    )
}
ADHERENCE_TERMS: dict[str, Term] = {
    t.value: t
    for t in (
        Term(
            "good",
            short="good",
            long="taken regularly",
            ask="most doses (about 8 in 10 or more)",
            phrases=r"most|most doses|nearly all|almost all|all|always|every day|regularly|good",
        ),
        Term(
            "partial",
            short="partial",
            long="some doses missed",
            ask="some doses missed (between about half and 8 in 10 taken)",
            phrases=r"some|some missed|some doses missed|about half|half|sometimes|partial",
        ),
        Term(
            "poor",
            short="poor",
            long="many doses missed",
            ask="many doses missed (fewer than half taken)",
            phrases=r"many|many missed|many doses missed|few|rarely|hardly|hardly ever|poor",
        ),
    )
}
EPISODE_TERMS: dict[str, Term] = {
    t.value: t
    for t in (
        Term(
            "current",
            short="current episode",
            long="the current episode",
            ask="in this episode of depression (the current one)",
            phrases=r"this|this one|current|now|the current one",
        ),
        Term(
            "previous",
            short="previous episode",
            long="a previous episode",
            ask="in an earlier episode",
            phrases=r"earlier|before|previous|an earlier one",
        ),
    )
}

SEVERITY_TERMS: dict[str, Term] = {
    t.value: t
    for t in (
        Term("subsyndromal", short="milder than a full episode", long="subsyndromal", ask="milder than a full episode"),
        Term("mild", short="mild", long="mild", ask="mild: it made daily life harder, but I got by"),
        Term("moderate", short="moderate", long="moderate", ask="moderate: it got in the way of a lot of daily life"),
        Term("severe", short="severe", long="severe", ask="severe: I could do very little"),
        Term(
            "severe_psychotic",
            short="severe, with psychotic features",
            long="severe with psychotic features",
            ask="severe, and I heard or saw things others did not, or had beliefs others found strange",
        ),
    )
}

# Why a trial does not count, by the first check that stopped it, in a few words for a table cell.
WHY_NOT_WORDS: dict[str, str] = {
    "dose": "dose below minimum",
    "duration": "too short",
    "adherence": "doses missed",
    "episode": "previous episode",
    "repeat": "same drug again",
    "drug": "own rules",
    "add_on": "add-on too short",
    "regimen": "add-on not counted here",
}

OUTCOMES: tuple[str, ...] = get_args(Outcome)
ADHERENCES: tuple[str, ...] = get_args(Adherence)
EPISODES: tuple[str, ...] = get_args(Episode)
RISK_FACTORS: tuple[str, ...] = get_args(RiskFactor)
SEVERITIES: tuple[str, ...] = get_args(Severity)
FLAGS: tuple[str, ...] = get_args(Flag)

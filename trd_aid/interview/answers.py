"""The interview's answers, and their translation to and from the history input contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trd_aid.inputs.history import HistoryInput


@dataclass
class Trial:
    """One antidepressant as answered; `extra` keeps loaded fields the interview does not ask about."""

    drug: str
    dose_mg: float | None = None
    weeks: float | None = None
    duration_text: str | None = None
    adherence: str | None = None
    outcome: str | None = None
    episode: str = "current"
    later: str | None = None  # "lost_response": it helped, then stopped helping
    # Medicines given with it ({treatment, dose_mg, weeks}): the trial is then that regimen.
    add_ons: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"drug": self.drug}
        if self.dose_mg is not None:
            out["dose_mg"] = plain_number(self.dose_mg)
        # The words as typed ("2 months") read better in a saved file and parse to the same weeks.
        if self.duration_text is not None:
            out["duration"] = self.duration_text
        elif self.weeks is not None:
            out["weeks"] = plain_number(self.weeks)
        if self.adherence is not None:
            out["adherence"] = self.adherence
        if self.outcome is not None:
            out["outcome"] = self.outcome
        if self.later is not None:
            out["later"] = self.later
        if self.add_ons:
            out["add_ons"] = [
                {key: _plain(value) for key, value in a.items() if value is not None} for a in self.add_ons
            ]
        out["episode"] = self.episode
        out.update(self.extra)
        return out


@dataclass
class Answers:
    trials: list[Trial] = field(default_factory=list)
    other_treatments: list[dict[str, Any]] = field(default_factory=list)
    # None: not asked yet or skipped; True/False: the answer to each risk question, by risk factor id.
    risks: dict[str, bool | None] = field(default_factory=dict)
    # "age" and "pregnancy_or_breastfeeding": None when not asked yet or skipped.
    about: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def risk_factors(self) -> list[str]:
        return [factor for factor, present in self.risks.items() if present]

    @property
    def risk_factors_absent(self) -> list[str]:
        """Asked and answered "no": saved as such, so a reloaded file says "no", not "skipped"."""
        return [factor for factor, present in self.risks.items() if present is False]

    def to_history(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.extra)
        out["trials"] = [t.to_dict() for t in self.trials]
        # Always written, even empty: the interview asked, so "none" is an answer (staging relies on it).
        out["other_treatments"] = [dict(o) for o in self.other_treatments]
        if self.risk_factors:
            out["risk_factors"] = self.risk_factors
        if self.risk_factors_absent:
            out["risk_factors_absent"] = self.risk_factors_absent
        out.update({key: value for key, value in self.about.items() if value is not None})
        return out


def from_history(history: HistoryInput) -> Answers:
    """Answers from a validated history (doses and durations already in mg and weeks)."""
    answers = Answers()
    for entry in history.trials:
        # Dates are not kept: the weeks filled from them stand for them, and stay editable.
        extra = entry.model_dump(include={"improvement_pct", "note"}, exclude_none=True)
        answers.trials.append(
            Trial(
                drug=entry.drug,
                dose_mg=entry.dose_mg,
                weeks=entry.weeks,
                adherence=entry.adherence,
                outcome=entry.outcome,
                episode=entry.episode,
                later=entry.later,
                add_ons=[a.model_dump(include={"treatment", "dose_mg", "weeks"}) for a in entry.add_ons],
                extra=extra,
            )
        )
    for other in history.other_treatments:
        dumped = other.model_dump(exclude_none=True, exclude={"dose", "duration"})
        if dumped.get("episode") == "current":
            del dumped["episode"]
        answers.other_treatments.append(dumped)
    for factor in history.risk_factors:
        answers.risks[factor] = True
    for factor in history.risk_factors_absent:
        answers.risks[factor] = False
    answers.about = history.model_dump(
        include={"age", "pregnancy_or_breastfeeding", "episode_months", "severity"}, exclude_none=True
    )
    return answers


def plain_number(value: float) -> float | int:
    """8, not 8.0: a whole number as an int, as a person wrote it and a saved file shows it."""
    return int(value) if value == int(value) else value


def _plain(value: Any) -> Any:
    """A number as it reads best in a saved file (8, not 8.0); anything else as it is."""
    return plain_number(value) if isinstance(value, float) else value

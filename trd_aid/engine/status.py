"""A trial's status in a few words ("COUNTS", "too short"), for tables and for naming a trial in a reason."""

from __future__ import annotations

from trd_aid.engine.results import TrialResult
from trd_aid.vocabulary import WHY_NOT_WORDS


def short_status(t: TrialResult) -> str:
    """A few words for the table; the full reasons follow it."""
    if t.kind != "antidepressant":
        return "not an antidepressant"
    if t.counts:
        return "COUNTS"
    if t.outcome == "side_effects":
        return "side effects"
    for check in t.checks:
        if check.name == "outcome":
            if check.passed is False:
                if not t.adequate:
                    return "not adequate"
                return "helped, then stopped" if t.later == "lost_response" else "helped"
            if check.passed is None:
                return "outcome unknown" if t.outcome is None and t.improvement_pct is None else "unclear outcome"
            continue
        if check.passed is None:
            return "cannot judge dose" if check.name == "dose" else "cannot judge"
        if check.passed is False:
            return WHY_NOT_WORDS.get(check.name, "not adequate")
    return "not counted"

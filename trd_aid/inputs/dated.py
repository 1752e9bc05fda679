"""Checks that need the whole history: trials or records (not both), and the dates of each course.

A trial may give `start` and `stop` instead of weeks; its weeks are then the days from start to stop,
both counted, divided by 7. An open course (a start with no stop) runs to `as_of`. Each problem is
an `InputError` naming the trial or record and the field.
"""

from __future__ import annotations

from datetime import date

from trd_aid.errors import InputError
from trd_aid.inputs.history import HistoryInput, PrescriptionInput, TrialInput
from trd_aid.inputs.units import days_inclusive

# Weeks given beside dates may differ by this much (a rounded "8 weeks" for 58 days) and no more.
WEEKS_TOLERANCE = 1.0


def check_history(history: HistoryInput) -> HistoryInput:
    """Trials or prescriptions, never neither or both; every date in order; weeks filled from dates."""
    if history.trials and history.prescriptions:
        raise InputError(
            "give trials or prescriptions, not both: records are turned into trials, so a history holds one of them.",
            field="prescriptions",
        )
    if not history.trials and not history.prescriptions:
        given = "trials" in history.model_fields_set
        raise InputError(
            "the list is empty; add at least one antidepressant trial."
            if given
            else "is missing; a history needs a `trials:` list (or `prescriptions:`, dated records).",
            field="trials",
        )
    for number, trial in enumerate(history.trials, start=1):
        _dated_trial(number, trial, history.as_of)
    for number, record in enumerate(history.prescriptions, start=1):
        _dated_record(number, record, history.as_of)
    return history


def _dated_trial(number: int, trial: TrialInput, as_of: date | None) -> None:
    if trial.start is None:
        if trial.stop is not None:
            raise InputError("is given without start; give both dates, or weeks.", trial=number, field="stop")
        return
    stop = _stop(trial.start, trial.stop, as_of, number, "trial")
    from_dates = days_inclusive(trial.start, stop) / 7
    if trial.weeks is None:
        trial.weeks = from_dates
    elif abs(trial.weeks - from_dates) > WEEKS_TOLERANCE:
        raise InputError(
            f"{trial.weeks:g} weeks does not fit the dates ({trial.start.isoformat()} to {stop.isoformat()} is "
            f"{from_dates:.1f} weeks); correct one of them, or leave weeks out.",
            trial=number,
            field="weeks",
        )


def _dated_record(number: int, record: PrescriptionInput, as_of: date | None) -> None:
    _stop(record.start, record.stop, as_of, number, "record")


def _stop(start: date, stop: date | None, as_of: date | None, number: int, section: str) -> date:
    """The last day of a course: its stop, or `as_of` for an open course; refuses dates out of order."""
    if as_of is not None and start > as_of:
        raise InputError(
            f"{start.isoformat()} is after as_of ({as_of.isoformat()}); a course cannot start after the date "
            "the history runs to.",
            trial=number,
            field="start",
            section=section,
        )
    if stop is None:
        if as_of is None:
            raise InputError(
                "is missing; an open course (no stop date yet) needs as_of: the date the history runs to, "
                "e.g. as_of: 2024-06-01.",
                trial=number,
                field="stop",
                section=section,
            )
        return as_of
    if stop < start:
        raise InputError(
            f"{stop.isoformat()} is before start ({start.isoformat()}); check the two dates.",
            trial=number,
            field="stop",
            section=section,
        )
    if as_of is not None and stop > as_of:
        raise InputError(
            f"{stop.isoformat()} is after as_of ({as_of.isoformat()}); a stop date cannot be later than the date "
            "the history runs to.",
            trial=number,
            field="stop",
            section=section,
        )
    return stop


def last_day(start: date, stop: date | None, as_of: date | None) -> date:
    """The last day of a course already checked by `check_history`."""
    end = stop if stop is not None else as_of
    assert end is not None, "check_history refuses an open course without as_of"
    return end

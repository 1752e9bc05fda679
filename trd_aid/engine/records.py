"""Dated prescription records to trials. Pure rules, each named; the settings live in the knowledge base.

- `courses`            one medicine's records that touch or overlap at the same dose are one course;
                       a new dose starts a new course (judged at its own dose, as two typed entries are);
- `cross_tapers`       an antidepressant that stops within `cross_taper_days` of another starting is a
                       switch: the overlap days belong to both courses, and they do not form a regimen;
- `regimen_periods`    the days on which the same medicines were taken together form one regimen;
- `trial_from_period`  a regimen with an antidepressant is a trial: the earliest antidepressant is its
                       base, the rest its add-ons (another antidepressant: combination; any other
                       medicine: augmentation); its outcome is that of the records ending with it.

Every derived trial lists the records it came from and, in words, how it was read.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

from trd_aid.engine.names import NameIndex, Resolved
from trd_aid.engine.trial_facts import ADD_ON_KINDS
from trd_aid.errors import InputError
from trd_aid.inputs.dated import last_day
from trd_aid.inputs.history import AddOnInput, HistoryInput, PrescriptionInput, TrialInput
from trd_aid.inputs.units import days_inclusive
from trd_aid.knowledge.models import KnowledgeBase
from trd_aid.vocabulary import Adherence, Outcome

ONE_DAY = timedelta(days=1)
_WORSE = {"good": 0, "partial": 1, "poor": 2}


@dataclass
class Course:
    """One medicine taken continuously at one dose, made of one or more records."""

    key: str  # the knowledge base id
    name: str  # its display name
    typed: str  # the name as the first record wrote it
    antidepressant: bool
    dose_mg: float | None
    start: date
    stop: date
    records: list[int]
    last: PrescriptionInput  # the record that ends the course: its outcome describes the course
    adherence: Adherence | None = None
    tapers_from: date | None = None  # set when the course is the "from" side of a cross-taper switch
    switched_to: Course | None = None

    def on(self, day: date) -> bool:
        return self.start <= day <= self.stop


@dataclass(frozen=True)
class DerivedTrial:
    """A trial read from records: the trial, the record numbers it came from, and how it was read."""

    trial: TrialInput
    records: list[int]
    how: list[str]


@dataclass
class _Period:
    start: date
    stop: date
    courses: list[Course] = field(default_factory=list)


def trials_from_records(
    history: HistoryInput, kb: KnowledgeBase, names: NameIndex
) -> tuple[list[DerivedTrial], list[str]]:
    """The history's `prescriptions` as trials in date order, with warnings about what was left out."""
    window = history.cross_taper_days
    if window is None:
        window = kb.settings.records.cross_taper_days
    found = courses(history, kb, names)
    cross_tapers(found, window)
    warnings: list[str] = []
    periods = regimen_periods(found, warnings)
    trials: list[DerivedTrial] = []
    for index, period in enumerate(periods):
        later = periods[index + 1 :]
        trials.append(trial_from_period(period, window, history.change_means_no_response and bool(later), warnings))
    return trials, warnings


def _resolve(number: int, record: PrescriptionInput, kb: KnowledgeBase, names: NameIndex) -> Resolved:
    resolved = names.require(record.drug, what="medicine", trial=number, field="drug", section="record")
    if resolved.other is not None and resolved.other.kind not in ADD_ON_KINDS:
        raise InputError(
            f"{resolved.other.name} is not a medicine taken with an antidepressant "
            f"({kb.other_treatment_kinds[resolved.other.kind].split(';')[0].split('. ')[0]}); "
            "list it under other_treatments.",
            trial=number,
            field="drug",
            section="record",
        )
    drug = resolved.drug
    if drug is not None and drug.rule == "threshold" and record.dose_mg is None:
        raise InputError(
            f'is missing; an antidepressant record needs its daily dose, e.g. dose_mg: 150 or dose: "150 {drug.dose_unit}".',
            trial=number,
            field="dose_mg",
            section="record",
        )
    return resolved


def courses(history: HistoryInput, kb: KnowledgeBase, names: NameIndex) -> list[Course]:
    """Records of one medicine that touch or overlap at the same dose join into one course."""
    by_key: dict[str, list[tuple[int, PrescriptionInput, Resolved]]] = {}
    for number, record in enumerate(history.prescriptions, start=1):
        resolved = _resolve(number, record, kb, names)
        by_key.setdefault(resolved.id, []).append((number, record, resolved))
    result: list[Course] = []
    for rows in by_key.values():
        rows.sort(key=lambda row: (row[1].start, row[0]))
        current: Course | None = None
        for number, record, resolved in rows:
            stop = last_day(record.start, record.stop, history.as_of)
            if current is not None and record.start <= current.stop + ONE_DAY:
                if record.dose_mg == current.dose_mg:
                    _extend(current, number, record, stop)
                    continue
                if record.start < current.stop:
                    raise InputError(
                        f"overlaps record {current.records[-1]} ({current.name}) with a different dose; give one "
                        "record per dose period, or one record with the total daily dose.",
                        trial=number,
                        field="dose_mg",
                        section="record",
                    )
                current.stop = min(current.stop, record.start - ONE_DAY)  # a new dose from the day the old one stops
            current = Course(
                key=resolved.id,
                name=resolved.name,
                typed=record.drug,
                antidepressant=resolved.drug is not None,
                dose_mg=record.dose_mg,
                start=record.start,
                stop=stop,
                records=[number],
                last=record,
                adherence=record.adherence,
            )
            result.append(current)
    result.sort(key=lambda c: (c.start, c.name, c.records[0]))
    return result


def _extend(course: Course, number: int, record: PrescriptionInput, stop: date) -> None:
    course.records.append(number)
    if stop >= course.stop:
        course.stop, course.last = stop, record
    if record.adherence is not None and _WORSE[record.adherence] > _WORSE.get(course.adherence or "good", 0):
        course.adherence = record.adherence


def cross_tapers(found: list[Course], window: int) -> None:
    """Mark each antidepressant that stops within `window` days of a different one starting (and
    outlasting it) as switched: a cross-taper, not a combination."""
    for a in found:
        if not a.antidepressant:
            continue
        for b in found:
            overlaps = b.antidepressant and b.key != a.key and a.start < b.start <= a.stop < b.stop
            if (
                overlaps
                and days_inclusive(b.start, a.stop) <= window
                and (a.tapers_from is None or b.start < a.tapers_from)
            ):
                a.tapers_from, a.switched_to = b.start, b


def regimen_periods(found: list[Course], warnings: list[str]) -> list[_Period]:
    """Days with the same medicines (a tapering course left out) joined into periods, in date order;
    a period without an antidepressant is left out with a warning."""
    edges = sorted(
        {c.start for c in found} | {c.stop + ONE_DAY for c in found} | {c.tapers_from for c in found if c.tapers_from}
    )
    periods: list[_Period] = []
    for begin, end in itertools.pairwise(edges):
        taken = [c for c in found if c.on(begin) and not (c.tapers_from and begin >= c.tapers_from)]
        if not taken:
            continue
        last = periods[-1] if periods else None
        if last is not None and last.stop + ONE_DAY == begin and _same(last.courses, taken):
            last.stop = end - ONE_DAY
        else:
            periods.append(_Period(begin, end - ONE_DAY, taken))
    kept = []
    for period in periods:
        if any(c.antidepressant for c in period.courses):
            kept.append(period)
            continue
        names = ", ".join(f"{c.name} (record {', '.join(map(str, c.records))})" for c in period.courses)
        warnings.append(
            f"Records: {names} taken from {period.start.isoformat()} to {period.stop.isoformat()} without an "
            "antidepressant; that time is not an antidepressant trial."
        )
    return kept


def _same(one: list[Course], other: list[Course]) -> bool:
    return {id(c) for c in one} == {id(c) for c in other}


def trial_from_period(period: _Period, window: int, infer: bool, warnings: list[str]) -> DerivedTrial:
    """One regimen as a trial: the earliest-started antidepressant is its base, the rest its add-ons."""
    antidepressants = sorted(
        (c for c in period.courses if c.antidepressant), key=lambda c: (c.start, -c.stop.toordinal(), c.name)
    )
    base = antidepressants[0]
    add_ons = [c for c in period.courses if c is not base]
    stop = base.stop if base.tapers_from is not None and base.tapers_from == period.stop + ONE_DAY else period.stop
    records = sorted({n for c in period.courses for n in c.records})
    listed = ", ".join(map(str, records[:-1])) + (" and " if len(records) > 1 else "") + str(records[-1])
    how = [f"Records: read from record{'s' if len(records) > 1 else ''} {listed}."]
    if base.switched_to is not None and stop == base.stop:
        overlap = days_inclusive(base.switched_to.start, base.stop)
        how.append(
            f"Records: {base.name} stopped {overlap} day{'s' if overlap != 1 else ''} after {base.switched_to.name} "
            f"started; read as a switch with a cross-taper (an overlap of up to {window} days)."
        )
    for c in add_ons:
        kind = "combination" if c.antidepressant else "augmentation"
        how.append(f"Records: {c.name} taken with {base.name} from {max(c.start, base.start).isoformat()}: {kind}.")
    ending = [c for c in period.courses if period.stop <= c.stop <= stop]
    outcome, pct, said = _outcome(ending, infer, warnings, period)
    how.append(said)
    notes = list(dict.fromkeys(r.note for r in (c.last for c in period.courses) if r.note))
    trial = TrialInput.model_construct(
        drug=base.typed,
        dose_mg=base.dose_mg,
        weeks=days_inclusive(base.start, stop) / 7,
        start=period.start,
        stop=stop,
        outcome=outcome,
        improvement_pct=pct,
        adherence=base.adherence,
        episode=base.last.episode,
        note="; ".join(notes) or None,
        add_ons=[
            AddOnInput.model_construct(
                treatment=c.typed,
                dose_mg=c.dose_mg,
                weeks=days_inclusive(max(c.start, base.start), min(c.stop, stop)) / 7,
            )
            for c in add_ons
        ],
    )
    return DerivedTrial(trial=trial, records=records, how=how)


def _outcome(
    ending: list[Course], infer: bool, warnings: list[str], period: _Period
) -> tuple[Outcome | None, float | None, str]:
    """The outcome of the records that end with this regimen; unknown (or, when asked, read from the
    change that followed) when none gives one."""
    given = {
        (c.last.outcome, c.last.improvement_pct): c
        for c in ending
        if c.last.outcome or c.last.improvement_pct is not None
    }
    if len(given) == 1:
        (outcome, pct), course = next(iter(given.items()))
        return outcome, pct, f"Records: the outcome is record {course.records[-1]}'s."
    if len(given) > 1:
        numbers = ", ".join(str(c.records[-1]) for c in given.values())
        warnings.append(
            f"Records {numbers} end together ({period.stop.isoformat()}) with different outcomes; the outcome of "
            "that trial is left unknown."
        )
        return None, None, f"Records: records {numbers} give different outcomes, so the outcome is unknown."
    if infer:
        return (
            "no_response",
            None,
            "Records: no outcome recorded; read as no response because the treatment was changed afterwards "
            "(change_means_no_response).",
        )
    return None, None, "Records: no outcome recorded, so it is unknown; trd-aid does not guess it."

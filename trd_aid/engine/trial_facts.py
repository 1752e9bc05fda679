"""One trial's facts, read and checked once before any definition judges it: the drug, the dose in
mg/day, the add-ons, and the notes on the dose that do not depend on a definition."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from trd_aid.engine.names import NameIndex, Resolved
from trd_aid.engine.results import NoteResult
from trd_aid.errors import InputError
from trd_aid.inputs.history import AddOnInput, TrialInput
from trd_aid.knowledge.models import AgeCap, Drug, KnowledgeBase
from trd_aid.vocabulary import OUTCOME_TERMS

AddOnKind = Literal["augmentation", "combination"]
ADD_ON_KINDS = ("augmentation", "combination")  # the kinds of other treatment that are medicines taken with one


@dataclass(frozen=True)
class AddOnFacts:
    """A medicine given with a trial's antidepressant: what it is, and for how long."""

    entry: AddOnInput
    resolved: Resolved
    kind: AddOnKind  # combination: another antidepressant; augmentation: any other medicine
    weeks: float | None  # the add-on's own weeks, else the trial's

    @property
    def name(self) -> str:
        return self.resolved.name


@dataclass
class TrialFacts:
    """What is true of a trial whatever the definition: the medicine, the dose's plausibility, warnings."""

    number: int
    entry: TrialInput
    resolved: Resolved
    improvement_band: tuple[float, float] | None  # lowest and highest possible % improvement
    adherence: str
    adherence_assumed: bool
    warnings: list[str] = field(default_factory=list)
    safety: list[NoteResult] = field(default_factory=list)  # definition-independent notes, e.g. an age cap
    add_ons: list[AddOnFacts] = field(default_factory=list)
    records: list[int] = field(default_factory=list)  # the prescription records it was read from, if any
    how: list[str] = field(default_factory=list)  # how it was read from those records

    @property
    def drug(self) -> Drug | None:
        return self.resolved.drug

    @property
    def name(self) -> str:
        """The regimen in words: "duloxetine", or "duloxetine + aripiprazole"."""
        return " + ".join([self.resolved.name, *(a.name for a in self.add_ons)])

    @property
    def regimen_key(self) -> frozenset[str]:
        """What makes two trials the same treatment: the same medicines, whatever their order."""
        return frozenset([self.resolved.id, *(a.resolved.id for a in self.add_ons)])

    @property
    def add_on_kinds(self) -> set[AddOnKind]:
        return {a.kind for a in self.add_ons}

    @property
    def label(self) -> str:
        return f"Trial {self.number} ({self.name})"


def prepare_trial(
    number: int,
    entry: TrialInput,
    kb: KnowledgeBase,
    names: NameIndex,
    age: int | None = None,
    *,
    records: list[int] | None = None,
) -> TrialFacts:
    """Resolve the names, check the fields an antidepressant trial needs, the dose's plausibility and
    any lower dose the labels set for older people (`age` is the person's, when given). A trial read
    from prescription `records` may lack an outcome: records rarely say, and it is never guessed."""
    resolved = names.require(entry.drug, what="medicine", trial=number, field="drug")
    facts = TrialFacts(
        number,
        entry,
        resolved,
        improvement_band=_improvement_band(number, entry, kb),
        adherence=entry.adherence or "good",
        adherence_assumed=entry.adherence is None,
        records=list(records or []),
    )
    drug = resolved.drug
    if entry.add_ons:
        facts.add_ons.extend(_add_ons(facts, kb, names, age))
    _check_later(facts, kb)
    if drug is None:
        return facts
    judged = drug.rule == "threshold" or drug.counts_toward_trd
    if judged:
        _require(number, entry, drug, outcome_needed=records is None)
    if entry.dose_mg is not None:
        facts.safety.extend(_dose_notes(number, "dose", drug, entry.dose_mg, facts.resolved.formulation, kb, age))
    if judged and facts.adherence_assumed and records is None:  # for records, said once (trial_facts)
        facts.warnings.append(
            f"{facts.label}: adherence was not given, so it was taken as good "
            f"({kb.settings.adherence_good_means}). Add adherence: partial or poor if many doses were missed."
        )
    return facts


def _add_ons(facts: TrialFacts, kb: KnowledgeBase, names: NameIndex, age: int | None) -> list[AddOnFacts]:
    """Each add-on resolved and checked: a known medicine taken with an antidepressant, not the trial's
    own drug, listed once, and not taken longer than the trial."""
    number, entry = facts.number, facts.entry
    if facts.drug is None:
        other = facts.resolved.other
        assert other is not None
        raise InputError(
            f"{other.name} is not an antidepressant, so it cannot have add-ons here; write the regimen under its "
            f"antidepressant (drug: the antidepressant, add_ons: [{other.name.split(' (')[0]}]).",
            trial=number,
            field="add_ons",
        )
    found: list[AddOnFacts] = []
    for index, add_on in enumerate(entry.add_ons, start=1):
        where = f"add_ons[{index}]"
        resolved = names.require(add_on.treatment, what="treatment", trial=number, field=f"{where}.treatment")
        if resolved.id == facts.resolved.id:
            raise InputError(
                f"{add_on.treatment!r} is the trial's own antidepressant; an add-on is a different medicine. "
                "For a change of dose, enter the antidepressant again as a trial of its own.",
                trial=number,
                field=f"{where}.treatment",
            )
        if resolved.other is not None and resolved.other.kind not in ADD_ON_KINDS:
            raise InputError(
                f"{resolved.other.name} is not a medicine taken with the antidepressant; list it under other_treatments.",
                trial=number,
                field=f"{where}.treatment",
            )
        if any(a.resolved.id == resolved.id for a in found):
            raise InputError(f"{add_on.treatment!r} is listed twice.", trial=number, field=f"{where}.treatment")
        if add_on.weeks is not None and entry.weeks is not None and add_on.weeks > entry.weeks + 0.05:
            raise InputError(
                f"{add_on.weeks:g} weeks is longer than the trial's {entry.weeks:g} weeks; an add-on counts only "
                "while it was taken with this antidepressant.",
                trial=number,
                field=f"{where}.weeks",
            )
        kind: AddOnKind = "combination" if resolved.drug is not None else "augmentation"
        found.append(AddOnFacts(add_on, resolved, kind, add_on.weeks if add_on.weeks is not None else entry.weeks))
        if resolved.drug is not None and add_on.dose_mg is not None:
            notes = _dose_notes(number, f"{where}.dose", resolved.drug, add_on.dose_mg, resolved.formulation, kb, age)
            facts.safety.extend(NoteResult(f"Add-on {resolved.drug.display_name}: {n.text}", n.sources) for n in notes)
    return found


def helped(outcome: str | None, improvement_pct: float | None, kb: KnowledgeBase) -> bool:
    """A response or remission, or at least the knowledge base's response percentage of improvement."""
    if outcome in ("response", "remission"):
        return True
    return improvement_pct is not None and improvement_pct >= kb.settings.outcome_bands.response_at_least_pct


def _check_later(facts: TrialFacts, kb: KnowledgeBase) -> None:
    """`later: lost_response` says a medicine helped and then stopped helping: it must first have helped."""
    entry = facts.entry
    if entry.later != "lost_response":
        return
    if not helped(entry.outcome, entry.improvement_pct, kb):
        raise InputError(
            "lost_response means it helped and then stopped helping; give the outcome at its best "
            "(outcome: response or remission), or leave later out.",
            trial=facts.number,
            field="later",
        )


def _require(number: int, entry: TrialInput, drug: Drug, *, outcome_needed: bool = True) -> None:
    if entry.dose_mg is None and drug.rule == "threshold":
        raise InputError(
            f'is missing; an antidepressant trial needs the highest daily dose, e.g. dose_mg: 150 or dose: "150 {drug.dose_unit}".',
            trial=number,
            field="dose_mg",
        )
    if entry.weeks is None:
        raise InputError(
            'is missing; an antidepressant trial needs how long it was taken at that dose, e.g. weeks: 8 or duration: "2 months".',
            trial=number,
            field="weeks",
        )
    if outcome_needed and entry.outcome is None and entry.improvement_pct is None:
        raise InputError(
            "is missing; give outcome (no_response, partial_response, response, remission, side_effects) or improvement_pct.",
            trial=number,
            field="outcome",
        )


def _improvement_band(number: int, entry: TrialInput, kb: KnowledgeBase) -> tuple[float, float] | None:
    bands = kb.settings.outcome_bands
    low, high = bands.no_response_below_pct, bands.response_at_least_pct
    by_outcome = {
        "no_response": (-100.0, low),
        "partial_response": (low, high),
        "response": (high, 100.0),
        "remission": (high, 100.0),
    }
    pct = entry.improvement_pct
    band = by_outcome.get(entry.outcome or "")
    if pct is None:
        return band
    if band is not None and not (band[0] <= pct < band[1] or (pct == 100 and band[1] == 100)):
        raise InputError(
            f"{pct:g}% does not fit outcome {entry.outcome!r} ({OUTCOME_TERMS[entry.outcome or ''].long} means "
            f"{band_words(band)}); correct one of them.",
            trial=number,
            field="improvement_pct",
        )
    return (pct, pct)


def band_words(band: tuple[float, float]) -> str:
    low, high = band
    if low <= -100:
        return f"less than {high:g}% better"
    if high >= 100:
        return f"at least {low:g}% better"
    return f"{low:g}-{high - 1:g}% better"


def implausible_dose_limit(drug: Drug, formulation: str | None, kb: KnowledgeBase) -> tuple[float, float] | None:
    """(label maximum, the dose above which an entry is taken as a unit slip), or None with no known maximum."""
    label_max = drug.label_max_for(formulation)
    if label_max is None:
        return None
    return label_max.mg_per_day, kb.settings.implausible_dose_factor.value * label_max.mg_per_day


def _dose_notes(
    number: int, where: str, drug: Drug, dose: float, formulation: str | None, kb: KnowledgeBase, age: int | None
) -> list[NoteResult]:
    """A dose far above the label maximum is refused as a likely unit slip; one above the maximum, or
    above a lower top dose labels set for older people, gets a note."""
    notes: list[NoteResult] = []
    limits = implausible_dose_limit(drug, formulation, kb)
    if limits is not None:
        maximum, limit = limits
        factor = kb.settings.implausible_dose_factor.value
        unit = drug.dose_unit
        if dose > limit:
            raise InputError(
                f"{dose:g} {unit} of {drug.display_name} cannot be right: the label maximum is "
                f"{maximum:g} {unit}, and trd-aid accepts up to {factor:g} times that "
                f"({limit:g} {unit}). Check the number and the unit "
                f"(mg, not micrograms or grams); it is never corrected automatically.",
                trial=number,
                field=where,
            )
        if dose > maximum:
            label_max = drug.label_max_for(formulation)
            notes.append(
                NoteResult(
                    text=f"{dose:g} {unit} is above the label maximum of {maximum:g} {unit}. Check the dose against "
                    "your records; doses above the label are sometimes used under close supervision.",
                    sources=list(label_max.sources) if label_max else [],
                )
            )
    notes.extend(age_dose_caps(drug, dose, age))
    return notes


def age_dose_caps(drug: Drug, dose: float, age: int | None) -> list[NoteResult]:
    """Lower top doses that labels set for older people (citalopram's 20 mg/day, for heart rhythm).

    With an age, a dose above a cap that applies at that age is named with each label and its age
    wording; without one, a dose above the lowest cap gets a note that the caps exist. Never a
    verdict: the trial is judged as before, and the note goes to its reasons and to the warnings.
    """
    caps = drug.age_caps
    if caps is None:
        return []
    name, unit = drug.display_name, drug.dose_unit

    def said(chosen: list[AgeCap]) -> str:
        listed = "; ".join(
            f"{cap.label}: {'at most' if cap.kind == 'maximum' else 'a recommended'} {cap.mg_per_day:g} {unit} "
            f"{cap.age_words}"
            for cap in chosen
        )
        return listed[:1].upper() + listed[1:]

    if age is None:
        if dose <= min(cap.mg_per_day for cap in caps.caps):
            return []
        text = (
            f"Older adults: labels set a lower dose of {name} for older people, {caps.why}. {said(caps.caps)}. "
            f"No age was given, so this {dose:g} {unit} was not checked against it."
        )
        return [NoteResult(text=text, sources=_ids(caps.caps))]
    applying = [cap for cap in caps.caps if age >= cap.from_age and dose > cap.mg_per_day]
    if not applying:
        return []
    text = (
        f"Age {age}: labels set a lower dose of {name} for older people, {caps.why}. {said(applying)}. "
        f"This trial's {dose:g} {unit} is above that; worth checking with the prescriber."
    )
    return [NoteResult(text=text, sources=_ids(applying))]


def _ids(caps: list[AgeCap]) -> list[str]:
    return list(dict.fromkeys(sid for cap in caps for sid in cap.sources))

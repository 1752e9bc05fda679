"""Dose, duration and trial-phrase parsers: examples, then properties with Hypothesis."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trd_aid.inputs.trial_text import parse_trial_text
from trd_aid.inputs.units import MAX_WEEKS, parse_date, parse_dose, parse_duration


@pytest.mark.parametrize(
    ("text", "mg"),
    [
        ("150", 150),
        (150, 150),
        ("150 mg", 150),
        ("150mg", 150),
        ("150 MG", 150),
        ("0.04 g", 40),
        ("12.5 mg", 12.5),
        ("12,5 mg", 12.5),
        ("6 mg/24h", 6),
        ("6 mg/24 h", 6),
        ("40 mg/day", 40),
        ("500 mcg", 0.5),
        ("150 mg twice a day", 300),
        ("75 mg twice daily", 150),
        ("50 mg three times a day", 150),
        ("100 mg bid", 200),
        ("100mg BD", 200),
        ("20 mg once daily", 20),
        ("75 mg x2", 150),
        ("25 mg 2 times a day", 50),
    ],
)
def test_doses(text: object, mg: float) -> None:
    assert parse_dose(text) == pytest.approx(mg)


@pytest.mark.parametrize(
    "text", ["", "lots", "-5 mg", "0", "150 kg", "mg 150", True, None, "nan", "10 mg 9 times a day", "twice a day"]
)
def test_bad_doses(text: object) -> None:
    with pytest.raises(ValueError):
        parse_dose(text)


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("8 weeks", 8),
        ("8w", 8),
        ("8 wk", 8),
        ("8", 8),
        (8, 8),
        ("45 days", 45 / 7),
        ("2 months", 2 * 365.25 / 12 / 7),
        ("1 year", 365.25 / 7),
        ("1.5 months", 1.5 * 365.25 / 12 / 7),
        ("ten weeks", 10),
        ("six wks", 6),
        ("6 wks", 6),
        ("a month", 365.25 / 12 / 7),
        ("about 3 months", 3 * 365.25 / 12 / 7),
        ("around 8 weeks", 8),
        ("~2 months", 2 * 365.25 / 12 / 7),
    ],
)
def test_durations(text: object, weeks: float) -> None:
    assert parse_duration(text) == pytest.approx(weeks)


@pytest.mark.parametrize("text", ["", "soon", "-2 weeks", "0 weeks", "8 fortnights", "100 years", False])
def test_bad_durations(text: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Zoloft 100 mg 8 weeks no response",
            {"drug": "Zoloft", "dose": "100 mg", "duration": "8 weeks", "outcome": "no_response"},
        ),
        (
            "venlafaxine 225mg 10w partial",
            {"drug": "venlafaxine", "dose": "225mg", "duration": "10w", "outcome": "partial_response"},
        ),
        (
            "Wellbutrin XL 150 8 weeks failed",
            {"drug": "Wellbutrin XL", "dose": "150", "duration": "8 weeks", "outcome": "no_response"},
        ),
        (
            "sertraline 100mg for 2 months, 30% better, adherence poor",
            {
                "drug": "sertraline",
                "dose": "100mg",
                "duration": "2 months",
                "improvement_pct": 30.0,
                "adherence": "poor",
            },
        ),
        (
            "Emsam 6 mg/24h 8 weeks no response previous episode",
            {
                "drug": "Emsam",
                "dose": "6 mg/24h",
                "duration": "8 weeks",
                "outcome": "no_response",
                "episode": "previous",
            },
        ),
        (
            "paroxetine 20 mg 10 days side effects",
            {"drug": "paroxetine", "dose": "20 mg", "duration": "10 days", "outcome": "side_effects"},
        ),
        (
            "duloxetine 90 mg 16 weeks no response + aripiprazole 10 mg 4 weeks + lithium",
            {
                "drug": "duloxetine",
                "dose": "90 mg",
                "duration": "16 weeks",
                "outcome": "no_response",
                "add_ons": [
                    {"treatment": "aripiprazole", "dose": "10 mg", "duration": "4 weeks"},
                    {"treatment": "lithium"},
                ],
            },
        ),
        (
            "venlafaxine 225 mg 8 weeks + aripiprazole 5mg no response",  # the regimen's outcome, written last
            {
                "drug": "venlafaxine",
                "dose": "225 mg",
                "duration": "8 weeks",
                "outcome": "no_response",
                "add_ons": [{"treatment": "aripiprazole", "dose": "5mg"}],
            },
        ),
        (
            "duloxetine 60 mg 12 weeks + lithium 800 mg 6 weeks, 20% better",
            {
                "drug": "duloxetine",
                "dose": "60 mg",
                "duration": "12 weeks",
                "improvement_pct": 20.0,
                "add_ons": [{"treatment": "lithium", "dose": "800 mg", "duration": "6 weeks"}],
            },
        ),
        (
            "sertraline 100 mg 8 weeks +10%",  # a "+" before a number is a sign, not an add-on
            {"drug": "sertraline", "dose": "100 mg", "duration": "8 weeks", "improvement_pct": 10.0},
        ),
    ],
)
def test_trial_phrases(text: str, expected: dict[str, object]) -> None:
    assert parse_trial_text(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sertraline", "needs a medicine name"),
        ("100 mg 8 weeks no response", "needs a medicine name"),
        ("sertraline 100 mg", "no duration"),
        ("sertraline 8 weeks no response", "no dose"),
        ("sertraline 100 mg 8 weeks", "no outcome"),
        ("sertraline 100 mg 8 weeks no response banana", "'banana'"),
        ("sertraline 100 mg 8 weeks no response +", "needs a medicine name"),
        ("sertraline 100 mg 8 weeks no response + lithium 800 mg daily dose", "'daily dose'"),
        ("sertraline 100 mg 8 weeks no response + lithium 800 mg remission", "'remission'"),  # two outcomes
    ],
)
def test_bad_trial_phrases(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_trial_text(text)


positive = st.floats(min_value=0.001, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(positive, st.sampled_from(["", " ", "  "]), st.sampled_from(["", "mg", "MG", "mg/day"]))
def test_dose_round_trip(value: float, space: str, unit: str) -> None:
    assert parse_dose(f"{value!r}{space}{unit}") == pytest.approx(value)


@given(st.floats(min_value=0.01, max_value=MAX_WEEKS, allow_nan=False), st.sampled_from(["w", " weeks", " wk", ""]))
def test_weeks_round_trip(value: float, unit: str) -> None:
    assert parse_duration(f"{value!r}{unit}") == pytest.approx(value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_date_round_trip(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day == parse_date(day)


@given(st.text(max_size=40))
def test_parsers_fail_only_with_value_error(text: str) -> None:
    for parse in (parse_dose, parse_duration, parse_trial_text, parse_date):
        try:
            result = parse(text)
        except ValueError:
            continue
        if isinstance(result, float):
            assert math.isfinite(result) and result > 0


@pytest.mark.slow  # a guard on the regular expressions' speed; the full run has it
def test_a_long_dose_text_is_read_in_one_pass() -> None:
    """Reading "how often" from the end of a dose is linear in its length: a search that backtracked
    over a long run of digits or spaces took a second for 5,000 of them, and hours for 200,000."""
    assert parse_dose("150" + " " * 200_000 + "mg twice a day") == 300
    for text in ("9" * 200_000 + " mg", "1" + " 2" * 100_000 + " times a day"):
        with pytest.raises(ValueError):
            parse_dose(text)

"""Parse doses and durations as people write them: "150", "150 mg", "0.04 g", "8w", "2 months"."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from trd_aid.safe_text import shown

# A month is taken as an average calendar month (365.25 / 12 days); a year as 365.25 days.
DAYS_PER_MONTH = 365.25 / 12
_DAYS_PER = {"day": 1.0, "week": 7.0, "month": DAYS_PER_MONTH, "year": 365.25}
_DURATION_UNITS = {
    "d": "day",
    "day": "day",
    "days": "day",
    "w": "week",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
    "m": "month",
    "mo": "month",
    "mos": "month",
    "mth": "month",
    "mths": "month",
    "month": "month",
    "months": "month",
    "y": "year",
    "yr": "year",
    "yrs": "year",
    "year": "year",
    "years": "year",
}
_DOSE_UNITS = {
    "mg": 1.0,
    "mgs": 1.0,
    "milligram": 1.0,
    "milligrams": 1.0,
    "g": 1000.0,
    "gram": 1000.0,
    "grams": 1000.0,
    "mcg": 0.001,
    "ug": 0.001,
    "µg": 0.001,
    "microgram": 0.001,
    "micrograms": 0.001,
}
_NUMBER = r"(?P<num>[+-]?(?:\d+(?:[.,]\d+)?|\.\d+))"
_DOSE_RE = re.compile(
    _NUMBER + r"\s*(?P<unit>[a-zµ]+)?\s*(?P<per>(?:/|per\s*)(?:24\s*h(?:ours?|rs?)?|d(?:ay)?))?\s*",
    re.IGNORECASE,
)
_DURATION_RE = re.compile(_NUMBER + r"\s*(?P<unit>[a-z]+)?\s*", re.IGNORECASE)
# Words a person may put before a duration ("about 3 months"): the number is the same either way.
_HEDGES = re.compile(r"^(?:about|around|roughly|approximately|approx\.?|nearly|almost|just over|over|~)\s*", re.I)
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_WORD_NUMBER = re.compile(r"^(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
# How many times a day a dose is taken, after the dose: "150 mg twice a day" is 300 mg/day.
_DAILY = r"(?:a|per|each|every)\s*day|daily|/\s*day"
# The leftmost match never starts inside a run of spaces or of digits (one starting at the run's
# first character matches too), so the look-behinds change no answer; they keep the search linear:
# without them, 5,000 digits took a second and 100,000 would take minutes.
_FREQUENCY = re.compile(
    r"(?<!\s)\s*(?:(?P<word>once|twice|thrice)|(?P<times>(?<!\d)\d+|one|two|three|four)\s*(?:times|x)"
    r"|x\s*(?P<x>\d+))\s*"
    rf"(?:{_DAILY})?\s*$"
    r"|(?<!\s)\s*(?P<abbr>od|qd|bd|bid|b\.i\.d\.?|tds|tid|t\.i\.d\.?|qds|qid)\s*$",
    re.IGNORECASE,
)
_TIMES = {"once": 1, "twice": 2, "thrice": 3, "one": 1, "two": 2, "three": 3, "four": 4}
_ABBREVIATIONS = {"od": 1, "qd": 1, "bd": 2, "bid": 2, "tds": 3, "tid": 3, "qds": 4, "qid": 4}

MAX_WEEKS = 60 * 52  # longer than any plausible episode: surely a typo


def _number(text: str) -> float:
    value = float(text.replace(",", "."))
    if not math.isfinite(value):
        raise ValueError("is not a finite number")
    return value


def _float(value: int | float) -> float:
    """A number from the input as a float; an integer too large for one is a readable ValueError."""
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"{shown(value)} is far too large; check the value") from None


def daily_frequency(text: str) -> tuple[str, int]:
    """The dose text without its "how often" ending, and how many times a day: ("150 mg", 2) for
    "150 mg twice a day"; (text, 1) when it says nothing about it."""
    match = _FREQUENCY.search(text)
    if match is None:
        return text, 1
    if match["abbr"]:
        times = _ABBREVIATIONS[match["abbr"].lower().replace(".", "")]
    elif match["word"]:
        times = _TIMES[match["word"].lower()]
    else:
        count = match["times"] or match["x"]
        times = _TIMES[count.lower()] if count.lower() in _TIMES else int(count)
    if not 1 <= times <= 6:
        raise ValueError(f"{shown(text)}: {times} times a day is not a dosing schedule trd-aid can read")
    return text[: match.start()].rstrip(" ,"), times


def parse_dose(value: object) -> float:
    """A daily dose in mg from a number or text ("150", "150 mg", "0.15 g", "75 mg twice a day");
    raises ValueError with a readable message."""
    if isinstance(value, bool):
        raise ValueError('must be a dose such as 150 or "150 mg"')
    times = 1
    if isinstance(value, (int, float)):
        mg = _float(value)
    elif isinstance(value, str):
        text, times = daily_frequency(value.strip())
        match = _DOSE_RE.fullmatch(text)
        if not match:
            raise ValueError(f'{shown(value)} is not a dose; write it like 150 or "150 mg"')
        unit = (match["unit"] or "mg").lower()
        if unit not in _DOSE_UNITS:
            raise ValueError(f"unknown dose unit {shown(match['unit'])} in {shown(value)}; use mg")
        mg = _number(match["num"]) * _DOSE_UNITS[unit] * times
    else:
        raise ValueError('must be a dose such as 150 or "150 mg"')
    if not math.isfinite(mg):
        raise ValueError("is not a finite number")
    if mg <= 0:
        raise ValueError(f"must be more than 0 mg (got {_fmt(mg)})")
    return mg


def parse_duration(value: object) -> float:
    """A duration in weeks from a number (weeks) or text ("8 weeks", "8w", "2 months", "45 days")."""
    if isinstance(value, bool):
        raise ValueError('must be a duration such as 8 or "8 weeks"')
    if isinstance(value, (int, float)):
        weeks = _float(value)
    elif isinstance(value, str):
        text = _HEDGES.sub("", value.strip())
        text = _WORD_NUMBER.sub(lambda m: str(_NUMBER_WORDS[m.group(1).lower()]), text)
        match = _DURATION_RE.fullmatch(text)
        if not match:
            raise ValueError(f'{shown(value)} is not a duration; write it like "8 weeks", "2 months" or "45 days"')
        unit_word = (match["unit"] or "weeks").lower()
        unit = _DURATION_UNITS.get(unit_word)
        if unit is None:
            raise ValueError(f"unknown time unit {shown(match['unit'])} in {shown(value)}; use days, weeks or months")
        weeks = _number(match["num"]) * _DAYS_PER[unit] / 7
    else:
        raise ValueError('must be a duration such as 8 or "8 weeks"')
    return check_weeks(weeks)


def check_weeks(weeks: float) -> float:
    if not math.isfinite(weeks):
        raise ValueError("is not a finite number")
    if weeks <= 0:
        raise ValueError(f"must be more than 0 weeks (got {_fmt(weeks)})")
    if weeks > MAX_WEEKS:
        raise ValueError(f"{_fmt(weeks)} weeks is more than 60 years; check the number and unit")
    return weeks


EARLIEST_YEAR, LATEST_YEAR = 1900, 2200  # outside these, a date is a typo, not a treatment record


def parse_date(value: object) -> date:
    """A calendar date written as YYYY-MM-DD (YAML reads that as a date; JSON gives the text)."""
    if isinstance(value, datetime):
        raise ValueError(f"{shown(value)} has a time of day; give the date only, as YYYY-MM-DD")
    if isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{shown(value)} is not a date; write it as YYYY-MM-DD, e.g. 2024-01-08") from None
        if len(value.strip()) != 10:
            raise ValueError(f"{shown(value)} is not a date; write it as YYYY-MM-DD, e.g. 2024-01-08")
    else:
        raise ValueError("must be a date written as YYYY-MM-DD, e.g. 2024-01-08")
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValueError(f"{day.isoformat()} is not a plausible treatment date; check the year")
    return day


def days_inclusive(start: date, stop: date) -> int:
    """Days from start to stop counting both (a course from the 1st to the 28th is 28 days), as
    cardinal_pythonlib counts a 28-day course."""
    return (stop - start).days + 1


def _fmt(value: float) -> str:
    return f"{value:g}"

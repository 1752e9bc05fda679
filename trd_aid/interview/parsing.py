"""Pure helpers that turn typed answers into values; each raises ValueError with a plain hint."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from trd_aid.engine.names import normalise
from trd_aid.engine.trial_facts import implausible_dose_limit
from trd_aid.inputs.units import parse_dose, parse_duration
from trd_aid.knowledge.models import Drug, KnowledgeBase

_YES = {"y", "yes", "yeah", "yep", "true"}
_NO = {"n", "no", "nope", "false"}
_SKIP = {"", "skip", "not sure", "unsure", "don't know", "dont know", "prefer not to say"}
T = TypeVar("T")


def plain_answer(text: str) -> str:
    """An answer's words in lower case, single-spaced, with a typographic apostrophe made plain."""
    return " ".join(text.lower().replace("\u2019", "'").split()).strip(".!")


def skipped(text: str) -> bool:
    """Enter, or words that mean "I would rather not answer" ("not sure", "don't know", ...)."""
    return plain_answer(text) in _SKIP


def or_skip(parse: Callable[[str], T]) -> Callable[[str], T | None]:
    """The same parser, for a question that may be skipped (Enter, "not sure", ...)."""

    def parse_or_skip(text: str) -> T | None:
        return None if skipped(text) else parse(text)

    return parse_or_skip


def parse_yes_no(text: str, *, skippable: bool = False) -> bool | None:
    word = plain_answer(text)
    if word in _YES:
        return True
    if word in _NO:
        return False
    if skippable and word in _SKIP:
        return None
    raise ValueError("Please type yes or no" + (", or press Enter to skip." if skippable else "."))


def small_number(text: str) -> int | None:
    """A whole number written with ASCII digits (at most 6 of them), else None.

    `str.isdigit` also accepts a superscript "²", which `int` then refuses with Python's own message.
    """
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else None


def parse_age(text: str) -> int | None:
    """An age in whole years, or None when skipped."""
    if skipped(text):
        return None
    cleaned = text.strip().lower().removesuffix("years").removesuffix("years old").strip()
    age = small_number(cleaned)
    if age is None or not 10 <= age <= 120:
        raise ValueError("Please type your age in years as a number, such as 34, or press Enter to skip.")
    return age


def parse_choice(text: str, count: int, words: Sequence[str] = ()) -> int:
    """A number from 1 to `count`, returned 0-based; or, when `words` gives each choice's phrases (a
    regular expression), the one choice whose phrases the answer says ("most", "some", "many")."""
    number = small_number(text.strip().rstrip(".)"))
    if number is not None and 1 <= number <= count:
        return number - 1
    said = plain_answer(text)
    if said and words:
        matches = [i for i, pattern in enumerate(words) if pattern and re.fullmatch(f"(?:{pattern})", said)]
        if len(matches) == 1:
            return matches[0]
    raise ValueError(f"Please type a number from 1 to {count}.")


def parse_percentage(text: str) -> float | None:
    """ "30%" or "30 percent better" as 30.0; None when the answer is not a percentage."""
    found = re.fullmatch(r"\s*(\d{1,3}(?:\.\d+)?)\s*(?:%|percent|per cent)(?:\s*better)?\s*", text.lower())
    if found is None:
        return None
    value = float(found.group(1))
    if value > 100:
        raise ValueError("Please type a percentage from 0% to 100%, or a number from the list.")
    return value


def times_word(factor: float) -> str:
    return {2.0: "twice", 3.0: "three times"}.get(factor, f"{factor:g} times")


def parse_dose_answer(text: str, drug: Drug, formulation: str | None, kb: KnowledgeBase) -> float:
    """A daily dose in mg; an implausible one (a likely unit slip) is questioned, never accepted."""
    if not text.strip():
        raise ValueError('Please type the dose, for example 100 or "100 mg".')
    try:
        mg = parse_dose(text)
    except ValueError as exc:
        raise ValueError(_sentence(str(exc), "The dose")) from None
    limits = implausible_dose_limit(drug, formulation, kb)
    if limits is None:
        return mg
    maximum, limit = limits
    if mg > limit:
        factor = kb.settings.implausible_dose_factor.value
        raise ValueError(
            f"That is more than {times_word(factor)} the label maximum ({maximum:g} {drug.dose_unit}). "
            "Please check the number: was it mg?"
        )
    return mg


def parse_duration_answer(text: str) -> tuple[float, str]:
    """Weeks, and the text as typed (kept so a saved file reads as the person wrote it)."""
    if not text.strip():
        raise ValueError('Please type how long, for example "8 weeks" or "2 months".')
    try:
        weeks = parse_duration(text)
    except ValueError as exc:
        message = _sentence(str(exc), "The time")
        if "write it like" not in message:  # the parser's message may already carry its example
            message += ' For example "8 weeks" or "2 months".'
        raise ValueError(message) from None
    return weeks, " ".join(text.split())


def weeks_words(weeks: float, typed: str | None = None) -> str:
    shown = f"{weeks:g}" if weeks == round(weeks) else f"{weeks:.1f}"
    plain = f"{shown} week" + ("" if weeks == 1 else "s")
    if typed and normalise(typed) not in {normalise(plain), normalise(shown)}:
        return f"{typed} (about {plain})"
    return plain


def _sentence(message: str, subject: str) -> str:
    """A parser's message ("must be more than 0 mg") as a sentence ("The dose must be more than 0 mg.")."""
    if message.startswith(("must", "is ")):
        message = f"{subject} {message}"
    return message[:1].upper() + message[1:].rstrip(".") + "."


def parse_review(text: str, count: int) -> str:
    """At the summary: "done" (Enter), "add", "remove", or the 0-based index of the answer to change, as text."""
    word = text.strip().lower().rstrip(".")
    if word in {"", "done", "result"}:
        return "done"
    if word in {"add", "remove"}:
        return word
    return str(parse_choice(word, count)) if word.isascii() and word.isdigit() else _bad_review(count)


def _bad_review(count: int) -> str:
    raise ValueError(f"Please type a number from 1 to {count}, add, remove, or press Enter to see the result.")

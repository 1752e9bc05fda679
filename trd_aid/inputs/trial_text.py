"""Parse one trial written as a phrase: "Zoloft 100 mg 8 weeks no response".

Grammar, in any order after the medicine's name: a dose ("100", "100 mg", "0.1 g", "6 mg/24h"),
a duration ("8 weeks", "8w", "2 months", "45 days"), an outcome (no response, partial, response,
remission, side effects, or "30%" / "30% better"), adherence ("good adherence", "adherence poor")
and "previous episode". The name is everything before the first number. Medicines given with it
follow a "+", each with an optional dose and duration: "duloxetine 90 mg 16 weeks no response +
aripiprazole 10 mg 4 weeks". The outcome is the whole regimen's, so it may also come last, after the
add-ons: "duloxetine 90 mg 16 weeks + aripiprazole 10 mg 4 weeks no response".
"""

from __future__ import annotations

import re
from typing import Any

from trd_aid.vocabulary import OUTCOME_TERMS

_ADHERENCE = re.compile(
    r"(?:adherence|compliance)[\s:=_-]*(good|partial|poor)|(good|partial|poor)[\s_-]*(?:adherence|compliance)",
    re.IGNORECASE,
)
_EPISODE = re.compile(r"(previous|prior|past|earlier|current)[\s_-]*episode|\b(previous|prior)\b", re.IGNORECASE)
_PERCENT = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*%(?:\s*(?:better|improvement|improved))?", re.IGNORECASE)
_DURATION = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(d|days?|w|wks?|weeks?|m|mos?|mths?|months?|y|yrs?|years?)\b", re.IGNORECASE
)
_DOSE = re.compile(
    r"(\d+(?:[.,]\d+)?|\.\d+)\s*(mg|g|mcg|µg|ug)?(\s*(?:/|per\s*)(?:24\s*h(?:ours?|rs?)?|d(?:ay)?))?(?![\w%])",
    re.IGNORECASE,
)
_OUTCOME_PATTERNS = tuple(re.compile(rf"\b(?:{t.phrases})\b", re.IGNORECASE) for t in OUTCOME_TERMS.values())
_FIRST_NUMBER = re.compile(r"[\d.]")
_ADD_ON = re.compile(r"\+(?=\s*(?:[^\W\d_]|$))")
EXAMPLE = '"sertraline 100 mg 8 weeks no response"'


def parse_trial_text(text: str) -> dict[str, Any]:
    """A trial mapping in the input contract's shape; raises ValueError naming what was not understood."""
    # A "+" before a name starts an add-on; "+10%" stays an improvement.
    text, *added = (part.strip() for part in _ADD_ON.split(" ".join(text.split())))
    if added:
        text, added[-1] = _outcome_written_last(text, added[-1])
    trial = _parse_main(text)
    if added:
        trial["add_ons"] = [_parse_add_on(part, text) for part in added]
    return trial


def _outcome_written_last(main: str, last: str) -> tuple[str, str]:
    """An outcome after the last add-on ("... + aripiprazole 5 mg no response") is the regimen's: it moves
    to the main phrase, where two outcomes are refused as any other extra words are."""
    for pattern in (_PERCENT, *_OUTCOME_PATTERNS):
        last, found = _take(pattern, last)
        if found:
            main = f"{main} {found.group(0)}"
    return main, " ".join(last.split())


def _parse_add_on(part: str, whole: str) -> dict[str, Any]:
    """ "aripiprazole 10 mg 4 weeks": a name, then an optional dose and duration."""
    start = _FIRST_NUMBER.search(part)
    name = (part if start is None else part[: start.start()]).strip(" ,;")
    if not name:
        raise ValueError(f"an add-on after '+' in {whole!r} needs a medicine name, for example + aripiprazole 5 mg")
    add_on: dict[str, Any] = {"treatment": name}
    rest = "" if start is None else part[start.start() :]
    rest, duration = _take(_DURATION, rest)
    if duration:
        add_on["duration"] = duration.group(0).strip()
    rest, dose = _take(_DOSE, rest)
    if dose:
        add_on["dose"] = dose.group(0).strip()
    if rest.strip(" ,;"):
        raise ValueError(
            f"could not understand {rest.strip()!r} in the add-on {part!r}; write it like + aripiprazole 5 mg 6 weeks"
        )
    return add_on


def _parse_main(text: str) -> dict[str, Any]:
    start = _FIRST_NUMBER.search(text)
    if not text or start is None or not text[: start.start()].strip():
        raise ValueError(f"{text!r} needs a medicine name, a dose and a duration, for example {EXAMPLE}")
    trial: dict[str, Any] = {"drug": text[: start.start()].strip(" ,;")}
    rest = text[start.start() :]

    rest, adherence = _take(_ADHERENCE, rest)
    if adherence:
        trial["adherence"] = (adherence.group(1) or adherence.group(2)).lower()
    rest, episode = _take(_EPISODE, rest)
    if episode and (episode.group(1) or episode.group(2) or "").lower() != "current":
        trial["episode"] = "previous"
    rest, percent = _take(_PERCENT, rest)
    if percent:
        trial["improvement_pct"] = float(percent.group(1))
    rest, duration = _take(_DURATION, rest)
    if duration is None:
        raise ValueError(f'{text!r} has no duration; add one such as "8 weeks" or "2 months"')
    trial["duration"] = duration.group(0).strip()
    rest, dose = _take(_DOSE, rest)
    if dose is None:
        raise ValueError(f'{text!r} has no dose; add one such as "100 mg"')
    trial["dose"] = dose.group(0).strip()
    for value, pattern in zip(OUTCOME_TERMS, _OUTCOME_PATTERNS, strict=True):
        rest, found = _take(pattern, rest)
        if found:
            trial["outcome"] = value
            break
    leftover = re.sub(
        r"\b(?:at|for|of|on|and|with|taken|daily|a\s+day|per\s+day|better|improvement)\b|[,;:()]",
        " ",
        rest,
        flags=re.IGNORECASE,
    )
    if leftover.strip():
        raise ValueError(f"could not understand {leftover.strip()!r} in {text!r}; write it like {EXAMPLE}")
    if "outcome" not in trial and "improvement_pct" not in trial:
        raise ValueError(
            f"{text!r} has no outcome; add one of: no response, partial, response, remission, side effects, or a percentage such as 30%"
        )
    return trial


def _take(pattern: re.Pattern[str], text: str) -> tuple[str, re.Match[str] | None]:
    """Remove the first match of `pattern` from `text`."""
    match = pattern.search(text)
    if match is None:
        return text, None
    return text[: match.start()] + " " + text[match.end() :], match

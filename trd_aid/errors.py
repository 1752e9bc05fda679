"""Errors a user can cause. The CLI turns each into one line on stderr and exit status 2."""

from __future__ import annotations

# Longer than any name or word trd-aid knows: not a typo, and too long to compare cheaply.
MAX_GUESS_LENGTH = 200


class InputError(Exception):
    """Bad input: names the trial (1-based) and the field where known, with a suggestion."""

    def __init__(
        self,
        message: str,
        *,
        trial: int | None = None,
        field: str | None = None,
        suggestion: str | None = None,
        section: str = "trial",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.trial = trial
        self.field = field
        self.suggestion = suggestion
        self.section = section

    def line(self) -> str:
        """The message as one line, safe for a terminal: input echoed in it is escaped and capped,
        and a name with a look-alike letter from another script says so."""
        from trd_aid.safe_text import ECHO_LIMIT, lookalikes, safe_line, safe_text

        where = []
        if self.trial is not None:
            where.append(f"{self.section} {self.trial}")
        if self.field:
            where.append(safe_text(self.field, limit=ECHO_LIMIT))
        text = f"{', '.join(where)}: {self.message}" if where else self.message
        text, note = lookalikes(safe_line(text))
        if note:
            text += f" {note}"
        if self.suggestion:
            text += f" {self.suggestion}"
        return safe_line(text)


# The history file's field names in the words the interview uses with a person.
FIELD_WORDS = {
    "drug": "name",
    "treatment": "name",
    "dose_mg": "dose",
    "dose": "dose",
    "weeks": "time taken",
    "duration": "time taken",
    "adherence": "how regularly it was taken",
    "outcome": "what happened",
    "improvement_pct": "how much better",
    "episode": "when",
    "episode_months": "how long this episode has lasted",
    "severity": "how severe this episode is",
    "age": "age",
}
SECTION_WORDS = {"trial": "antidepressant", "other treatment": "other treatment"}


def plain_line(error: InputError) -> str:
    """The error for a person in the interview: "antidepressant 2, time taken: ..." rather than
    "trial 2, weeks: ...". The message and suggestion are the same."""
    words = InputError(
        error.message,
        trial=error.trial,
        field=FIELD_WORDS.get(error.field or "", error.field),
        suggestion=error.suggestion,
        section=SECTION_WORDS.get(error.section, error.section),
    )
    return words.line()


def closest(word: str, choices: list[str], *, cutoff: float = 70) -> str | None:
    """The choice nearest to a typo, or None when nothing is close (or the word is blank)."""
    from rapidfuzz import fuzz, process, utils

    if not word.strip() or len(word) > MAX_GUESS_LENGTH:
        return None
    match = process.extractOne(word, choices, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=cutoff)
    return str(match[0]) if match else None


def did_you_mean(word: str, choices: list[str], *, cutoff: float = 70) -> str | None:
    """'Did you mean X?' for the closest choice, or None when nothing is close."""
    match = closest(word, choices, cutoff=cutoff)
    return f"Did you mean {match!r}?" if match else None

"""Errors a user can cause. The CLI turns each into one line on stderr and exit status 2."""

from __future__ import annotations


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
        where = []
        if self.trial is not None:
            where.append(f"{self.section} {self.trial}")
        if self.field:
            where.append(self.field)
        text = f"{', '.join(where)}: {self.message}" if where else self.message
        if self.suggestion:
            text += f" {self.suggestion}"
        return text


def did_you_mean(word: str, choices: list[str], *, cutoff: float = 70) -> str | None:
    """'Did you mean X?' for the closest choice, or None when nothing is close."""
    from rapidfuzz import fuzz, process, utils

    match = process.extractOne(word, choices, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=cutoff)
    return f"Did you mean {match[0]!r}?" if match else None

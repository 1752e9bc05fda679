"""The batch core: one history (a plain mapping) in, one plain row out. No I/O.

A row holds what `check --json` says about the history under every definition, in a few flat
keys (README "Many histories"; schema `docs/schema/batch.schema.json`). It is computed by the same
code as `check`: `validate_history`, then `assess_history` (or only its first step, `judge_history`,
which refuses the same histories, when the verdicts are all a row needs), and with `options` the same
`plan_next_steps`. A history that cannot be judged gives a row whose `error` is the one line
`check` would print for it, and whose other results are null.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

# typing_extensions (a dependency of pydantic): pydantic reads a TypedDict for the JSON Schema only
# from there before Python 3.12, and NotRequired is new in 3.11.
from typing_extensions import NotRequired, TypedDict

from trd_aid.engine.verdict import assess_history, choose_definition, judge_history
from trd_aid.errors import InputError
from trd_aid.inputs.reading import validate_history
from trd_aid.knowledge import load_knowledge

if TYPE_CHECKING:
    from trd_aid.batch.sources import SourceRow
    from trd_aid.engine.results import Assessment
    from trd_aid.knowledge.models import KnowledgeBase

# The keys `--options` adds, each a list of ids.
OPTION_KEYS = ("options", "options_later", "options_tried", "checks_first")


class DefinitionCount(TypedDict):
    meets: bool
    failures: int


class BatchRow(TypedDict):
    """One row of `trd-aid batch` (a line of its JSONL; what `trd_aid.assess` returns), keys in this
    order. options, options_later, options_tried and checks_first are there only with --options."""

    id: str | int | None
    definition: str
    meets_definition: bool | None
    adequate_failures: int | None
    failed_drugs: list[str] | None
    by_definition: dict[str, DefinitionCount] | None
    options: NotRequired[list[str] | None]
    options_later: NotRequired[list[str] | None]
    options_tried: NotRequired[list[str] | None]
    checks_first: NotRequired[list[str] | None]
    error: str | None


@dataclass(frozen=True)
class Job:
    """What every row of one run shares: the knowledge base, the chosen definition, the options switch."""

    kb: KnowledgeBase
    definition: str  # the chosen definition's id, already checked
    options: bool = False

    @property
    def definition_ids(self) -> list[str]:
        return [d.id for d in self.kb.definitions]


def new_job(definition: str | None = None, options: bool = False) -> Job:
    """A job for the knowledge base of this process; an unknown definition is an `InputError`
    (with a did-you-mean), as in `check --definition`."""
    kb = load_knowledge()
    return Job(kb=kb, definition=choose_definition(kb, definition).id, options=options)


def judge(row: SourceRow, job: Job) -> BatchRow:
    """The output row for one input row. Never raises for a bad history: its problem is the row's
    `error`. An unexpected failure (a bug) is reported in the row too, so that one history cannot
    stop a run of a million; the message says so."""
    if row.error is not None or row.history is None:
        return error_row(row.id, job, row.error or "no history")
    try:
        history = validate_history(row.history, "the history")
        if job.options:
            assessment = assess_history(history, job.kb, job.definition)
            verdicts, ids = assessment.by_definition, _option_ids(assessment)
        else:  # the verdicts are all a row shows: judge_history refuses what assess_history refuses
            verdicts, ids = judge_history(history, job.kb).verdicts, {}
        lead = verdicts[job.definition]
    except InputError as exc:
        if exc.section == "record" and exc.trial is not None and 0 < exc.trial <= len(row.lines):
            exc.field = f"{exc.field or 'record'} (line {row.lines[exc.trial - 1]})"  # "record 2, drug (line 7): ..."
        return error_row(row.id, job, exc.line())
    except Exception as exc:  # a bug; reported in the row, so one history cannot stop the run
        return error_row(row.id, job, _internal(exc))
    return cast(
        "BatchRow",
        {
            "id": row.id,
            "definition": job.definition,
            "meets_definition": lead.meets_definition,
            "adequate_failures": lead.adequate_failures,
            "failed_drugs": lead.failed_drugs,
            "by_definition": {
                key: {"meets": verdict.meets_definition, "failures": verdict.adequate_failures}
                for key, verdict in verdicts.items()
            },
            **ids,
            "error": None,
        },
    )


def _option_ids(assessment: Assessment) -> dict[str, list[str]]:
    """The option ids for `--options`: the next steps `check` lists for this history, as ids."""
    steps = assessment.next_steps
    assert steps is not None  # assessed with the options
    return {
        "options": [o.id for o in steps.options if not o.tried and o.timing != "later"],
        "options_later": [o.id for o in steps.options if not o.tried and o.timing == "later"],
        "options_tried": [o.id for o in steps.options if o.tried],
        "checks_first": [c.id for c in steps.checks_first],
    }


def error_row(row_id: str | int | None, job: Job, message: str) -> BatchRow:
    """A row that could not be judged: every result null, and the message."""
    nulls = dict.fromkeys(OPTION_KEYS) if job.options else {}
    return cast(
        "BatchRow",
        {
            "id": row_id,
            "definition": job.definition,
            "meets_definition": None,
            "adequate_failures": None,
            "failed_drugs": None,
            "by_definition": None,
            **nulls,
            "error": message,
        },
    )


def _internal(exc: BaseException) -> str:
    from trd_aid.safe_text import safe_line

    text = safe_line(f"{type(exc).__name__}: {exc}")
    return f"trd-aid could not judge this history because of an internal error ({text}); please report it"


def assess(history: Mapping[str, Any], *, definition: str | None = None, options: bool = False) -> BatchRow:
    """Judge one history, given as plain data, and return the row `trd-aid batch` writes for it.

    `history` is what `trd-aid check FILE` reads (README "The history file"), plus an optional `id`
    (a string or a whole number), which the row repeats (None when there is none). `definition` is
    a definition id (default: `check`'s default, mgh-atrq); `options=True` adds the option ids.
    A history that cannot be judged is not an exception: the row's `error` is the one-line message
    `check` would print. An unknown definition raises `trd_aid.errors.InputError`.

        >>> from trd_aid import assess
        >>> row = assess({"id": "p1", "trials": [{"drug": "sertraline", "dose_mg": 150, "weeks": 8,
        ...                                       "adherence": "good", "outcome": "no_response"}]})
        >>> row["meets_definition"], row["adequate_failures"], row["failed_drugs"]
        (False, 1, ['sertraline'])
    """
    from trd_aid.batch.sources import history_row

    job = _cached_job(definition, options)
    data = dict(history) if isinstance(history, Mapping) else history
    return judge(history_row(1, data, "the history", None), job)


_JOBS: dict[tuple[str | None, bool], Job] = {}


def _cached_job(definition: str | None, options: bool) -> Job:
    key = (definition, options)
    job = _JOBS.get(key)
    if job is None:
        job = _JOBS[key] = new_job(definition, options)
    return job

"""The appointment summary (`--report`): one self-contained HTML page or a Markdown file.

Built from the same `Assessment` as the terminal and JSON outputs, through Jinja2 templates kept in
the package (`trd_aid/templates`), with autoescaping on: text a person typed is shown, never run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trd_aid.engine.results import Assessment, CaveatResult, OptionResult, TrialResult
from trd_aid.engine.status import short_status
from trd_aid.errors import InputError
from trd_aid.render.words import (
    adherence_cell,
    concerned_groups,
    crisis_numbers,
    dose_cell,
    other_definitions,
    outcome_cell,
    outcome_words,
    trial_name,
    tried_words,
    triggered_cautions,
    weeks_cell,
)

if TYPE_CHECKING:
    from jinja2 import Template

FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
OPTION_NOW = ("now", "sooner_if_severe", "general")


@dataclass(frozen=True)
class ReportOption:
    name: str
    group: str
    note: str | None  # e.g. "sooner when severe"
    cautions_above: int  # how many of the history's cautions (listed once, above) concern it


def report_format(path: str) -> str:
    """html or md, from the file name; anything else is an input error naming the choices."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"cannot tell the report format from {path!r}.",
            field="--report",
            suggestion="End the name with .html (to print or send) or .md (Markdown).",
        )
    return FORMATS[suffix]


def render_report(assessment: Assessment, fmt: str, today: dt.date | None = None) -> str:
    return _template(fmt).render(**report_context(assessment, today or dt.date.today()))


@functools.cache
def _template(fmt: str) -> Template:
    """The report template for a format, compiled once per process (compiling costs more than rendering)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("trd_aid", "templates"),
        autoescape=fmt == "html",
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    return env.get_template(f"report.{fmt}.j2")


def report_context(a: Assessment, today: dt.date) -> dict[str, Any]:
    """Page 1: the trials, the result under each definition, what to check first, the questions and
    the crisis lines. Page 2 (headed as such): the cautions, the options and every citation in full."""
    steps = a.next_steps
    options = steps.options if steps else []
    cautions = triggered_cautions(steps) if steps else []
    listed = [o for o in options if not o.tried and o.timing in OPTION_NOW and not _research(o)]
    ask_about = [_report_option(o) for o in listed]
    later = [o.name for o in options if not o.tried and o.timing == "later" and not _research(o)]
    research = [o.name for o in options if _research(o) and not o.tried]
    tried = [f"{o.name}: {tried_words(o.tried_with)}" for o in options if o.tried]
    # Only what this history triggered: the general checks are in `trd-aid options`; the page stays short.
    checks = [c for c in (steps.checks_first if steps else []) if c.shown_because]
    notes: list[CaveatResult] = steps.notes if steps else []
    covered = {flag for c in checks for flag in c.triggered_by}
    worth = [w for w in a.worth_discussing if w.id not in covered]  # said once, as a question to check
    # Every source id the page shows, and no other: the definition's, each caution's, each option's.
    cited: set[str] = set(a.definition.sources)
    for t in a.trials:
        for note in t.safety_notes:
            cited.update(note.sources)
    for caveat, _ in cautions:
        cited.update(caveat.sources)
    for sources in [c.sources for c in checks] + [n.sources for n in notes] + [w.sources for w in worth]:
        cited.update(sources)
    all_sources = {**a.sources, **(steps.sources if steps else {})}
    return {
        "date": today.isoformat(),
        "date_words": f"{today.day} {today:%B %Y}",
        "a": a,
        "definition": a.definition,
        "trials": [_trial_row(t) for t in a.trials],
        "others": [
            f"{o.name} ({o.kind.replace('_', ' ')}{', ' + outcome_words(o.outcome) if o.outcome else ''})"
            for o in a.other_treatments
        ],
        "other_definitions": other_definitions(a),
        "option_groups": _grouped(ask_about),
        "cautions": [(c, concerned_groups(options_of)) for c, options_of in cautions],
        "later": later,
        "research": research,
        "tried": tried,
        "notes": notes,
        "checks": [dataclasses.replace(c, text=_first_sentence(c.text, "? ")) for c in checks],
        "worth": worth,
        "questions": steps.questions if steps else [],
        "sources": {sid: " ".join(all_sources[sid].split()) for sid in sorted(cited) if sid in all_sources},
        "crisis": a.crisis,
        "crisis_short": crisis_numbers(a.crisis),
        "reviewed": a.knowledge_last_reviewed,
    }


def _grouped(options: list[ReportOption]) -> list[tuple[str, list[ReportOption]]]:
    groups: dict[str, list[ReportOption]] = {}
    for o in options:
        groups.setdefault(o.group, []).append(o)
    return list(groups.items())


def _research(o: OptionResult) -> bool:
    return o.category == "investigational"


def _report_option(o: OptionResult) -> ReportOption:
    """An option by name; the cautions this history raises are listed once above the options, and
    the option says how many concern it. Each option's general cautions are in `trd-aid options`."""
    note = o.timing_note if o.timing == "sooner_if_severe" else None
    applies = sum(1 for c in o.caveats if c.shown_because)  # every one is among the cautions listed above
    return ReportOption(name=o.name, group=o.category_label, note=note, cautions_above=applies)


def _trial_row(t: TrialResult) -> dict[str, Any]:
    why = next((c.reason for c in t.checks if c.passed is False), None) or (t.reasons[0] if t.reasons else "")
    if t.counts:
        why = "Adequate dose, time and adherence; did not help enough."
    if t.from_records:
        why += f" (From prescription record{'s' if len(t.from_records) > 1 else ''} {', '.join(map(str, t.from_records))}.)"
    return {
        "number": str(t.number),
        "medicine": trial_name(t),
        "dose": dose_cell(t).replace(">=", "≥"),
        "time": weeks_cell(t).replace(">=", "≥"),
        "taken": adherence_cell(t),
        "outcome": outcome_cell(t),
        "result": "Counts" if t.counts else f"Does not count: {short_status(t)}",
        "why": why,
        "cautions": [(n.text, n.sources) for n in t.safety_notes],
        "note": t.note or "",
    }


def _first_sentence(text: str, end: str = ". ") -> str:
    head, stop, _ = text.partition(end)
    return head + end.strip() if stop else text


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def markdown_text(value: object) -> str:
    """Plain text made safe for Markdown: HTML tags cannot form, and Markdown's own marks are backslashed."""
    text = str(value).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")

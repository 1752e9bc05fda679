"""Every command, registered on the app in the order `--help` lists them: where patients start first."""

from __future__ import annotations

from trd_aid.cli import batch, person, reference, study
from trd_aid.cli.common import app

# (command, the one line `trd-aid --help` shows for it: whole, never cut with "...")
COMMANDS = (
    (person.interview, "Answer questions one at a time; see your result and the options. Start here."),
    (person.check, "Judge a history file's trials and say whether a TRD definition is met."),
    (person.options, "The next-step options guidelines describe, with their cautions."),
    (study.stage, "Score a history under the research staging models."),
    (batch.batch, "Judge many histories at once: JSONL or YAML in, one row each out (JSONL or CSV)."),
    (reference.definitions, "The TRD definitions, their parameters, and one history under each."),
    (study.learn, "Short explanations with worked examples."),
    (study.quiz, "Practise judging invented histories."),
    (reference.drugs, "The antidepressants trd-aid knows, with thresholds and sources."),
    (reference.about, "What trd-aid is, its sources and when they were last reviewed."),
)

for command, short_help in COMMANDS:
    app.command(short_help=short_help)(command)

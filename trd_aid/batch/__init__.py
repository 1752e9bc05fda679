"""`trd-aid batch`: the rules of `check` applied to many histories, one output row per input row.

- `sources.py` is the input interface (`Source`, `SourceRow`, `open_source`); `jsonl.py` and
  `yaml_histories.py` are its readers. Each streams, so memory stays flat whatever the input's size.
- `rows.py` is the core: one history in, one plain row out (`trd_aid.assess` is its public face).
- `output.py` turns rows into JSONL or CSV text.
- `run.py` drives a run: chunks, worker processes, the output in input order; `progress.py` the bar.

Nothing here is imported by `import trd_aid`; the CLI imports it inside the `batch` command.
"""

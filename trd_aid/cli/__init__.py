"""The `trd-aid` command line: Typer commands and their options; no clinical rules live here."""

from trd_aid.cli import commands
from trd_aid.cli.common import app, main

__all__ = ["app", "commands", "main"]

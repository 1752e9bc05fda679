"""Every command, registered on the app in the order `--help` lists them."""

from trd_aid.cli import person, reference, study

__all__ = ["person", "reference", "study"]

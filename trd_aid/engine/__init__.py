"""Pure rules: name resolution, adequate-trial checks and verdicts. No I/O, no printing."""

from trd_aid.engine.verdict import assess_history

__all__ = ["assess_history"]

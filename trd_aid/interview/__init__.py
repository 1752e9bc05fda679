"""`trd-aid interview`: a guided, one-question-at-a-time way to enter an antidepressant history."""

from trd_aid.interview.flow import run_interview

__all__ = ["run_interview"]

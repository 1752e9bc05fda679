"""trd-aid: an educational decision aid about treatment-resistant depression (TRD).

`trd_aid.assess(history)` judges one history given as plain data and returns the row that
`trd-aid batch` writes for it (README, "trd-aid batch"). It is imported on first use, so that
`import trd_aid` imports nothing else.
"""

TYPE_CHECKING = False  # not `from typing import ...`: this module imports nothing (mypy reads the name)
if TYPE_CHECKING:
    from trd_aid.batch.rows import assess

__version__ = "0.1.0"
__all__ = ["__version__", "assess"]


def __getattr__(name: str) -> object:
    if name == "assess":
        from trd_aid.batch.rows import assess

        return assess
    raise AttributeError(f"module 'trd_aid' has no attribute {name!r}")

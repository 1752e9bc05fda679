"""trd-aid: an educational decision aid about treatment-resistant depression (TRD)."""

__version__ = "0.1.0"

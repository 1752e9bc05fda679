"""Words shared by the history contract and the knowledge base: one definition of each vocabulary.

Plain `Literal` types, no imports beyond `typing`, so both layers can use them at no start-up cost.
"""

from __future__ import annotations

from typing import Literal

Severity = Literal["subsyndromal", "mild", "moderate", "severe", "severe_psychotic"]
RiskFactor = Literal[
    "bariatric_surgery",
    "st_johns_wort",
    "other_medicines",
    "alcohol_or_drugs",
    "bipolar_history",
    "thyroid_unchecked",
    "sleep_problems",
]
# What a history can tell the option rules: reported risk factors plus facts the engine derives.
Flag = Literal[RiskFactor, "pregnancy", "psychotic_features", "inadequate_trial", "nonadherence"]

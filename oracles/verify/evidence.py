"""Helpers for the JSON evidence that verdicts put into the result manifest."""

from __future__ import annotations

import math


def json_float(value: float | None) -> float | str | None:
    """``value`` for strict JSON (no Infinity/NaN tokens): infinities as ``"inf"``/``"-inf"``, NaN as ``"nan"``."""
    if value is None or math.isfinite(value):
        return value
    return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")

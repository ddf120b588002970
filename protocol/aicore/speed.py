"""A worker's attested speed, relative to the median attested worker: the one rule the oracles' dispatch
(``oracles/worker_selection.py``) and the requester's estimates (``frontend_api/estimates.py``, which learns
from the workers who ran each settled job) apply to the sentries' ``perf_score`` medians.

A worker's speed is its score over the median score of the epoch's workers not OFFLINE (at least 1, so a
network of zero scores does not divide by zero); a worker the sentries did not attest counts as the median
worker, 1.0. What OFFLINE means (and that it is 0 to the dispatcher) is the caller's.
"""

from __future__ import annotations

from collections.abc import Iterable
from statistics import median_low


def median_score(live_scores: Iterable[int]) -> float:
    """The median (low) of the scores of the workers not OFFLINE, at least 1; 1.0 when there are none."""
    live = list(live_scores)
    return float(max(median_low(live), 1)) if live else 1.0


def relative_speed(perf_score: int | None, median: float) -> float:
    """A worker of ``perf_score`` (None: not attested) against ``median`` (``median_score``): 1.0 is the median."""
    if perf_score is None:
        return 1.0
    return max(perf_score, 1) / median

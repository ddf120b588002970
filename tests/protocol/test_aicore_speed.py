"""A worker's attested speed (``protocol.aicore.speed``): its score over the median of the live workers', the
median worker 1.0, an unattested worker 1.0 — the rule the dispatcher and the requester's estimates share."""

from __future__ import annotations

from protocol.aicore.speed import median_score, relative_speed


def test_relative_speed__scores_around_the_median__ratio_to_it():
    median = median_score([1_000, 2_000, 4_000, 4_000, 1_000])
    assert median == 2_000.0
    assert [relative_speed(p, median) for p in (4_000, 2_000, 1_000)] == [2.0, 1.0, 0.5]


def test_relative_speed__not_attested__median_worker():
    assert relative_speed(None, median_score([1_000, 3_000])) == 1.0


def test_median_score__no_live_worker_or_zero_scores__one_not_zero():
    assert median_score([]) == 1.0
    assert median_score([0, 0, 0]) == 1.0
    assert relative_speed(0, median_score([0, 0])) == 1.0  # a zero score counts as 1, never a zero speed

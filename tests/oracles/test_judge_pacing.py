"""The judging loop's pacing: a job with a deep queue is judged at most every ``judge_batch_seconds``;
a job in its tail (or without a backlog, such as a train job waiting on a segment) at once.

``has_backlog`` is the dispatcher's, on a real SQLite queue (``test_dispatcher_batches.py`` tests it
against the active workers); here the clock is stepped by the test.
"""

from __future__ import annotations

from oracles.pacing import JudgePacer

BATCH = 0.25


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def pacer(backlog: set[int], clock: Clock) -> JudgePacer:
    return JudgePacer(BATCH, lambda job_id: job_id in backlog, clock)


def test_split__first_results_of_a_job__judged_at_once():
    p = pacer({1}, Clock())
    assert p.split({1}) == ([1], set(), None)


def test_split__backlog_and_judged_recently__held_until_the_batch_period_ends():
    clock = Clock()
    p = pacer({1}, clock)
    p.split({1})
    clock.now += 0.1
    judge, held, due = p.split({1})
    assert (judge, held) == ([], {1})
    assert abs(due - 0.15) < 1e-9  # the loop wakes when it is due, even if no other result arrives
    clock.now += 0.15
    assert p.split({1}) == ([1], set(), None)


def test_split__no_backlog__judged_every_time():
    clock = Clock()
    backlog = {1}
    p = pacer(backlog, clock)
    p.split({1})
    backlog.clear()  # the queue ran low: the job's tail, its results are waited on
    clock.now += 0.01
    assert p.split({1}) == ([1], set(), None)
    clock.now += 0.01
    assert p.split({1}) == ([1], set(), None)


def test_split__two_jobs__the_one_in_its_tail_not_held_back_by_the_other():
    clock = Clock()
    p = pacer({1}, clock)
    p.split({1, 2})
    clock.now += 0.05
    judge, held, due = p.split({1, 2})
    assert (judge, held) == ([2], {1})
    assert abs(due - 0.2) < 1e-9


def test_split__batch_zero__never_held():
    clock = Clock()
    p = JudgePacer(0.0, lambda job_id: True, clock)
    p.split({1})
    assert p.split({1}) == ([1], set(), None)

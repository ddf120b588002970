"""When to judge a job's results: at once in its tail, in batches while its queue is deep.

A judging pass (``oracles.advancer``) costs about the same for one result or a hundred, and on a
busy leader the passes compete with the lease API for the CPU. While a job's queue still holds
several rounds of leases for every active worker (``Dispatcher.has_backlog``), nothing waits on its
results: its checks are leased before its remaining runs and its last runs are not leased yet. So
its results are judged at most every ``judge_batch_seconds``; once the queue runs low (the job's
tail, or a train job whose next segment waits on this one), after ``judge_delay_seconds`` as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable


class JudgePacer:
    def __init__(
        self, batch_seconds: float, has_backlog: Callable[[int], bool], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.batch_seconds = batch_seconds
        self.has_backlog = has_backlog
        self.clock = clock
        self._judged_at: dict[int, float] = {}  # job -> when its last pass began

    def split(self, dirty: Iterable[int]) -> tuple[list[int], set[int], float | None]:
        """(jobs to judge now, in order; jobs held back; seconds until the first held-back one is due)."""
        now = self.clock()
        judge: list[int] = []
        held: set[int] = set()
        due: float | None = None
        for job_id in sorted(dirty):
            wait = self._judged_at.get(job_id, now - self.batch_seconds) + self.batch_seconds - now
            if wait > 0 and self.has_backlog(job_id):
                held.add(job_id)
                due = wait if due is None else min(due, wait)
            else:
                judge.append(job_id)
                self._judged_at[job_id] = now
        for job_id in [j for j, at in self._judged_at.items() if now - at > 3_600]:  # finished long ago
            del self._judged_at[job_id]
        return judge, held, due

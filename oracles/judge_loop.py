"""The judging loop: jobs with new results (or other news) are judged by one thread, in batches.

Anything that changes what a job's leader should do next marks the job
(``mark``): a result recorded, a cancel request, a dispute, a deadline near.
The loop wakes, waits ``judge_delay_seconds`` so results arriving together
are judged in one pass (a pass costs about the same for 1 or 100), and
hands the marked jobs to the advancer, except those ``JudgePacer`` holds
back while their queue is deep; those are judged later with what arrives
meanwhile. ``Advancer.advance_all`` (scheduled) catches anything missed.
"""

from __future__ import annotations

import logging
import threading
import time

from oracles.advancer import Advancer
from oracles.config import OracleConfig
from oracles.dispatcher import Dispatcher
from oracles.pacing import JudgePacer

log = logging.getLogger(__name__)


class JudgeLoop:
    def __init__(self, config: OracleConfig, advancer: Advancer, dispatcher: Dispatcher) -> None:
        self.config = config
        self.advancer = advancer
        self.dispatcher = dispatcher
        self._dirty: set[int] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()

    def mark(self, job_id: int) -> None:
        """The job needs judging: wake the loop. Thread-safe."""
        with self._lock:
            self._dirty.add(job_id)
        self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    def run(self, stop: threading.Event) -> None:
        pacer = JudgePacer(self.config.judge_batch_seconds, self.dispatcher.has_backlog)
        poll = self.config.poll_interval
        due: float | None = None  # seconds until a job held back is due
        while not stop.is_set():
            self._wake.wait(timeout=min(due, poll) if due is not None else poll)
            # results arriving together are judged in one pass (a pass costs about the same for 1 or 100)
            time.sleep(min(self.config.judge_delay_seconds, poll))
            self._wake.clear()
            with self._lock:
                dirty, self._dirty = self._dirty, set()
            judge, held, due = pacer.split(dirty)
            with self._lock:
                self._dirty |= held  # judged later, with what arrives meanwhile
            for job_id in judge:
                try:
                    self.advancer.advance(job_id)
                except Exception:  # retried by the periodic advance_all
                    log.exception("advance failed", extra={"job_id": job_id})

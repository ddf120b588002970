"""Deadlines: a running job whose deadline is near (by chain time) winds down before JobEscrow closes it.

Winding down settles what was done and refunds the rest; it starts
``settle_margin_seconds`` before the deadline, so the settlement has time to
collect its signatures and be mined. (A cancel request winds a job down the
same way, from its event: ``oracles.events``.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from oracles.models import Job, JobState
from protocol.chain import ChainClient

log = logging.getLogger(__name__)


class DeadlineWatch:
    def __init__(
        self, sessions: sessionmaker, chain: ChainClient, margin_seconds: float, mark: Callable[[int], None]
    ) -> None:
        self.sessions = sessions
        self.chain = chain
        self.margin_seconds = margin_seconds
        self.mark = mark  # the job needs judging again

    def watch(self) -> None:
        """Jobs whose deadline is near (or cancelled) wind down: settle what was done, refund the rest."""
        # chain time, which is what JobEscrow judges deadlines by
        limit = self.chain.head().timestamp + self.margin_seconds
        with self.sessions.begin() as s:
            jobs = (
                s.execute(
                    select(Job).where(Job.state == JobState.RUNNING, Job.wind_down.is_(False), Job.deadline <= limit)
                )
                .scalars()
                .all()
            )
            for job in jobs:
                job.wind_down = True
                log.warning("deadline near: winding down", extra={"job_id": job.job_id})
        for job in jobs:
            self.mark(job.job_id)

"""The demo's settlement sender (``gpuhive.demo.network.settlement_sender``): the chain shows a job settled as
soon as the settle transaction is mined, and the sending oracle notes its hash only after its receipt, so the
demo must wait for the note instead of failing (before: ``next(...)`` over the oracles raised StopIteration)."""

from __future__ import annotations

import pytest

from gpuhive.demo.network import settlement_sender
from protocol.leases import JobStatus

JOB_ID = 7
SETTLE_TX = "0x" + "ab" * 32


class NotingOracle:
    """An oracle whose status of the job has ``settle_tx`` from its ``noted_after``-th read on (None: never)."""

    def __init__(self, noted_after: int | None, known: bool = True) -> None:
        self.noted_after, self.known, self.reads = noted_after, known, 0

    def job_status(self, job_id: int) -> JobStatus | None:
        self.reads += 1
        if not self.known or job_id != JOB_ID:
            return None
        noted = self.noted_after is not None and self.reads > self.noted_after
        return JobStatus(
            job_id=job_id,
            state="settling",
            num_tasks=2,
            tasks_accepted=2,
            tasks_failed=0,
            slots_leased=0,
            slots_done=2,
            settle_tx=SETTLE_TX if noted else None,
        )


def test_settlement_sender__noted_after_the_chain_shows_settled__waits_and_returns_the_sender():
    follower, leader = NotingOracle(noted_after=None, known=False), NotingOracle(noted_after=2)

    sender, tx = settlement_sender([follower, leader], JOB_ID, wait_s=60, poll_s=0.001)

    assert sender is leader
    assert tx == SETTLE_TX
    assert leader.reads == 3


def test_settlement_sender__noted_at_once__first_noting_oracle_without_waiting():
    leader = NotingOracle(noted_after=0)

    sender, tx = settlement_sender([NotingOracle(noted_after=None), leader], JOB_ID, wait_s=0, poll_s=0.001)

    assert (sender, tx) == (leader, SETTLE_TX)


def test_settlement_sender__never_noted__runtime_error_naming_the_job():
    oracles = [NotingOracle(noted_after=None), NotingOracle(noted_after=None, known=False)]

    with pytest.raises(RuntimeError, match=f"job {JOB_ID} is settled but none of these oracles"):
        settlement_sender(oracles, JOB_ID, wait_s=0.01, poll_s=0.001)

    assert all(o.reads >= 1 for o in oracles)

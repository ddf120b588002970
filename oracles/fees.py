"""This oracle's share of the oracle fee: join the jobs it signed, then claim what they owe it.

JobEscrow pays a settled job's oracle fee to every committee member that signed its round-0
settlement, not only to the signatures its submitter chose to include: until the job's ``join_end``
any signer may prove its signature (``add_fee_signatures``), and from then on ``claim_fees`` pays
each fee signer an equal share. The contract gives the right; this module uses it, so an operator
left out by a submitter is paid without doing anything.

A member records every round-0 settlement it countersigns (``record``). ``FeeKeeper.run_once`` (the
scheduler runs it) then, per recorded job: waits while the job is not settled; joins with the
recorded signature while the join window is open and this oracle is not yet a fee signer; once the
window has closed, claims every job that owes it something in one transaction (``MAX_CLAIMS`` per
call). A settlement other than the one signed (the leader failed over, or a new round) makes the
join revert with ``escrow: not the settled settlement``: that job is dropped. So does a job that
was rejected or reclaimed instead, or is past its claims.

Settlement state follows the chain (a reorg can undo a settle, a join or a claim): nothing here is
final until the chain says so, and every step re-reads it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from oracles.committee import settlement_from_dict, settlement_to_dict
from oracles.models import FeeSignature
from protocol import eip712
from protocol.chain import ChainClient, ChainError, receipt_events
from protocol.contracts import JobStatus

log = logging.getLogger(__name__)

MAX_CLAIMS = 50  # JobEscrow's claim_fees takes at most this many jobs per call
SIGNED, DONE = "signed", "done"  # a job still to join or claim; one with nothing more to do (the note says why)
# how long a recorded signature is kept for a job that never settles as signed (reclaimed, rejected,
# settled by another round): JobEscrow's claims end long before
FORGET_AFTER_S = 90 * 86_400


def record(sessions: sessionmaker, settlement: eip712.Settlement, signature: bytes) -> None:
    """Keep this member's signature of a round-0 settlement, to join its fee later if left out."""
    if settlement.round != 0:  # the fee is the round-0 settlement's; a round 1 keeps it
        return
    with sessions.begin() as s:
        row = s.get(FeeSignature, settlement.job_id)
        if row is None:
            row = FeeSignature(job_id=settlement.job_id)
            s.add(row)
        row.settlement = settlement_to_dict(settlement)
        row.signature = "0x" + signature.hex()
        row.state = SIGNED
        row.recorded_at = time.time()


class FeeKeeper:
    """Joins and claims this oracle's share of the fees of the jobs it signed (see the module docstring)."""

    def __init__(
        self, sessions: sessionmaker, chain: ChainClient, address: str, clock: Callable[[], float] = time.time
    ) -> None:
        self.sessions = sessions
        self.chain = chain
        self.address = address
        self.clock = clock

    def run_once(self) -> int:
        """One pass over the recorded jobs; returns the base units claimed. Never raises for one job."""
        with self.sessions() as s:
            rows = s.execute(select(FeeSignature).where(FeeSignature.state == SIGNED)).scalars().all()
        if not rows:
            return 0
        now = self.chain.head().timestamp
        claimable: list[int] = []
        for row in rows:
            try:
                if self._advance(row, now):
                    claimable.append(row.job_id)
            except ChainError as exc:
                log.warning("fee step failed; retried next pass", extra={"job_id": row.job_id, "error": str(exc)})
        total = 0
        for first in range(0, len(claimable), MAX_CLAIMS):
            total += self._claim(claimable[first : first + MAX_CLAIMS])
        return total

    def _advance(self, row: FeeSignature, now: int) -> bool:
        """Join if left out and still in time; True when the job owes this oracle a share now."""
        escrow = self.chain.escrow.functions
        status = self.chain.get_job(row.job_id).status
        if status not in (JobStatus.SETTLED, JobStatus.DISPUTED):
            if status == JobStatus.OPEN and self.clock() - row.recorded_at < FORGET_AFTER_S:
                return False  # not settled (yet, or again after a reorg)
            self._done(row.job_id, f"job is {JobStatus(status).label}: no fee")
            return False
        state = escrow.fee_state(row.job_id).call()
        fee, epoch, signers, join_end = int(state[0]), int(state[1]), int(state[2]), int(state[4])
        position = int(self.chain.committee.functions.member_position(epoch, self.address).call())
        if fee == 0 or position == 0:
            self._done(row.job_id, "no fee, or this oracle is not in the job's committee")
            return False
        joined = (signers >> (position - 1)) & 1 == 1
        if not joined:
            if now >= join_end:
                self._done(row.job_id, "left out and the join window has closed")
                return False
            try:
                self.chain.transact(
                    escrow.add_fee_signatures(
                        settlement_from_dict(row.settlement).as_tuple(), [bytes.fromhex(row.signature[2:])]
                    )
                )
            except ChainError as exc:
                if exc.reason == "escrow: not the settled settlement":
                    self._done(row.job_id, "the job settled another settlement than the one signed")
                    return False
                raise
            log.info("joined the oracle fee", extra={"job_id": row.job_id})
            return False  # claimable once the window closes
        if now < join_end:
            return False
        if int(escrow.fee_share(row.job_id, self.address).call()) == 0:
            self._done(row.job_id, "fee already claimed")
            return False
        return True

    def _claim(self, job_ids: list[int]) -> int:
        """Claim ``job_ids`` in one transaction. Their rows stay until a later pass reads a share of 0 (then
        "fee already claimed"): a claim that a reorganisation undoes is sent again."""
        try:
            receipt = self.chain.transact(self.chain.escrow.functions.claim_fees(self.address, job_ids))
        except ChainError as exc:
            log.warning("fee claim failed; retried next pass", extra={"jobs": job_ids, "error": str(exc)})
            return 0
        log.info("claimed oracle fees", extra={"jobs": job_ids, "tx": receipt["transactionHash"].hex()})
        return sum(
            int(e["args"]["amount"])
            for e in receipt_events(self.chain.escrow.events.FeeClaimed, receipt)
            if e["args"]["signer"].lower() == self.address.lower()
        )

    def _done(self, job_id: int, why: str) -> None:
        with self.sessions.begin() as s:
            row = s.get(FeeSignature, job_id)
            if row is not None:
                row.state, row.note = DONE, why
        log.info("fee bookkeeping done", extra={"job_id": job_id, "why": why})

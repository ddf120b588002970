"""What each chain event the oracle follows does: one handler per event, found by the event's name.

The chain follower (``protocol.follower``) hands every JobEscrow and
WorkerRegistry log to ``EventTable.on_event``, which looks the event's name
up in its table and calls that handler, inside the follower's database
transaction; an event with no handler is ignored. Handlers are methods
marked with ``@on_("EventName", ...)`` (the pattern of silverback's
``@bot.on_(contract.Event)``); ``EventTable`` collects the marked methods of
the objects it is given and refuses a name claimed twice (the two
contracts' event names are distinct, so a name alone says which it is).

- ``JobEvents`` (JobEscrow): a new job is recorded for intake; settled,
  rejected and reclaimed jobs become final; a dispute reopens a job the
  leader settled (round 1); a cancel request winds a job down.

The chain is the truth for a job's state, and it can reorganise. A job
becomes final only from its followed event (the leader's own receipt is not
enough: its block can be reorganised away), and each final event leaves a
``JobOutcome`` row with the state the job had before it. When the follower
rewinds from ``fork_block`` (``rewind``):

- a job whose ``JobCreated`` is at or after the fork is dropped with its
  tasks, slots (leases) and outcomes, whatever its state, and what kinds keep
  for it (``dropped_hooks``): the id may be created again by someone else with
  another spec, and is then taken in fresh;
- a job whose final event (``JobSettled``, ``DisputeResolved``,
  ``JobRejected``, ``JobReclaimed``) is at or after the fork gets back the
  state it had before that event: its leader, back in ``settling`` or
  ``rejecting``, sends the transaction again (once: JobEscrow refuses a
  second), its members follow it again;
- a job this oracle leads whose spot checks were drawn from a block at or
  after the fork that is no longer canonical (``reveal_hashes``; the draws
  use the head, which the follower also rewinds for when it changed under
  it unconfirmed) is drawn again: its tasks drawn there go back to running
  without a draw (the advancer draws them from the new chain), or, when a
  stale draw already made a check, the job is taken in again from intake.
  Otherwise every member would refuse its manifest (``reveal block ...
  hash differs from the chain's``) and it would never settle.
- ``RegistryEvents`` (WorkerRegistry): a node's stake, role, capabilities
  or jail term changed, or every node's minimum: its cached eligibility and
  its cached stake (the dispatcher's stake cover) are dropped, so its next
  request reads the registry again (a jailed or slashed worker is refused
  from the block the follower sees, not up to ``eligibility_cache_seconds``
  later).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import BigInteger, Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from oracles.auth import Auth
from oracles.committee import Committee
from oracles.db import Base
from oracles.dispatcher import CachedStake
from oracles.models import Job, JobState, Slot, TaskRow, TaskState
from protocol.chain import ChainClient
from protocol.follower import DecodedEvent, on_

log = logging.getLogger(__name__)


class JobOutcome(Base):
    """A followed event that made a job final, and the state the job had before it (undone on a rewind)."""

    __tablename__ = "job_outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[int] = mapped_column(BigInteger, index=True)
    event_name: Mapped[str] = mapped_column(String(32))
    block_number: Mapped[int] = mapped_column(BigInteger, index=True)
    previous_state: Mapped[str] = mapped_column(String(16))


class JobEvents:
    """JobEscrow's events: a job's life on-chain, mirrored in this oracle's database."""

    def __init__(
        self, chain: ChainClient, committee: Committee, oracle_name: str, mark_dirty: Callable[[int], None]
    ) -> None:
        self.chain = chain
        self.committee = committee
        self.oracle_name = oracle_name
        self.mark_dirty = mark_dirty  # the job needs judging again
        # (session, job): in the rewind's transaction, for each job a reorg dropped (a kind's own rows of it)
        self.dropped_hooks: list[Callable[[Session, int], None]] = []

    @on_("JobCreated")
    def job_created(self, event: DecodedEvent, session: Session) -> None:
        args = event.args
        job_id = int(args["job_id"])
        if session.get(Job, job_id) is not None:
            return
        session.add(
            Job(
                job_id=job_id,
                requester=args["requester"],
                spec_cid=args["spec_cid"],
                spec_hash="0x" + bytes(args["spec_hash"]).hex(),
                num_tasks=int(args["num_tasks"]),
                budget=str(int(args["budget"])),
                deadline=int(args["deadline"]),
                created_block=event.block_number,
                created_block_hash="0x" + bytes(event.block_hash).hex(),
                tx_hash=event.tx_hash,
                state=JobState.INTAKE,
                leader=self.committee.leads(job_id),
            )
        )
        log.info("job seen", extra={"job_id": job_id, "oracle": self.oracle_name})

    @on_("JobSettled", "DisputeResolved")
    def job_settled(self, event: DecodedEvent, session: Session) -> None:
        _finalise(event, session, JobState.SETTLED)

    @on_("JobRejected")
    def job_rejected(self, event: DecodedEvent, session: Session) -> None:
        _finalise(event, session, JobState.REJECTED)

    @on_("JobReclaimed")
    def job_reclaimed(self, event: DecodedEvent, session: Session) -> None:
        _finalise(event, session, JobState.CLOSED)

    @on_("CancelRequested")
    def cancel_requested(self, event: DecodedEvent, session: Session) -> None:
        if (job := _job(event, session)) is not None:
            job.cancel_requested = True
            job.wind_down = True
            self.mark_dirty(job.job_id)

    @on_("JobDisputed")
    def job_disputed(self, event: DecodedEvent, session: Session) -> None:
        """Round 1: check every task that was accepted unchecked, then `resolve` (leader only)."""
        job = _job(event, session)
        if job is None or not job.leader or job.round != 0 or job.manifest_cid is None:
            return
        on_chain = self.chain.get_job(job.job_id)
        job.fixed_fee = str(on_chain.budget - on_chain.unclaimed_payout - on_chain.refund)
        job.previous_manifest_cid = job.manifest_cid
        job.manifest_cid = None
        job.round = 1
        job.state = JobState.RUNNING
        job.wind_down = False
        for task in session.execute(
            select(TaskRow).where(TaskRow.job_id == job.job_id, TaskRow.state == TaskState.ACCEPTED)
        ).scalars():
            # a zk task's check is its proof, on-chain already; a label task has no re-run check (its labelers
            # are judged job-wide, by gold and agreement, when the job settles again)
            if not task.checked and job.kind not in ("zk", "label"):
                task.state, task.must_check, task.note = TaskState.RUNNING, True, "re-checked after a dispute"
        log.warning("dispute: re-checking the job", extra={"job_id": job.job_id})
        self.mark_dirty(job.job_id)

    def rewind(self, fork_block: int, session: Session) -> None:
        """A reorg removed blocks from ``fork_block`` on: jobs created there are dropped (the canonical chain's
        are re-read), jobs made final there get back the state they had before (see the module docstring)."""
        for job in session.execute(select(Job).where(Job.created_block >= fork_block)).scalars().all():
            session.execute(delete(Slot).where(Slot.job_id == job.job_id))
            session.execute(delete(TaskRow).where(TaskRow.job_id == job.job_id))
            session.execute(delete(JobOutcome).where(JobOutcome.job_id == job.job_id))
            for hook in self.dropped_hooks:
                hook(session, job.job_id)
            log.warning("reorg: job creation undone", extra={"job_id": job.job_id, "state": job.state})
            session.delete(job)
        rewound = session.execute(
            select(JobOutcome).where(JobOutcome.block_number >= fork_block).order_by(JobOutcome.id)
        ).scalars()
        restored: set[int] = set()
        for outcome in rewound.all():
            final = session.get(Job, outcome.job_id)
            if final is not None and outcome.job_id not in restored:  # the earliest rewound outcome's state
                restored.add(outcome.job_id)
                final.state, final.settle_tx = outcome.previous_state, None
                log.warning(
                    "reorg: job final event undone",
                    extra={"job_id": final.job_id, "event": outcome.event_name, "state": final.state},
                )
                if final.state == JobState.RUNNING:
                    self.mark_dirty(final.job_id)
            session.delete(outcome)
        self._redraw_stale(fork_block, session)

    def _redraw_stale(self, fork_block: int, session: Session) -> None:
        """Undo the spot-check draws of jobs led here whose reveal block at or after the fork left the chain."""
        jobs = session.execute(
            select(Job).where(Job.leader.is_(True), Job.state.in_((JobState.RUNNING, JobState.SETTLING)))
        ).scalars()
        for job in jobs.all():
            drawn = dict(job.reveal_hashes or {})
            if job.reveal_block is not None:
                drawn.setdefault(str(job.reveal_block), job.reveal_block_hash or "")
            stale = {int(n) for n, h in drawn.items() if int(n) >= fork_block and not self._canonical(int(n), h)}
            if not stale:
                continue
            tasks = (
                session.execute(select(TaskRow).where(TaskRow.job_id == job.job_id, TaskRow.reveal_block.in_(stale)))
                .scalars()
                .all()
            )
            if job.reveal_block in stale or any(t.selected or t.checked for t in tasks):
                session.execute(delete(Slot).where(Slot.job_id == job.job_id))
                session.execute(delete(TaskRow).where(TaskRow.job_id == job.job_id))
                job.state, job.reveal_hashes, job.reveal_block, job.reveal_block_hash = (
                    JobState.INTAKE,
                    None,
                    None,
                    None,
                )
                how = "taken in again"
            else:
                for task in tasks:
                    task.reveal_block = task.draw_after = None
                    if task.state == TaskState.ACCEPTED:
                        task.state = TaskState.RUNNING
                job.reveal_hashes = {n: h for n, h in (job.reveal_hashes or {}).items() if int(n) not in stale}
                job.state = JobState.RUNNING
                how = "drawn again"
            job.manifest_cid = None
            log.warning(
                "reorg: spot-check draws from blocks no longer canonical",
                extra={"job_id": job.job_id, "blocks": sorted(stale), "tasks": len(tasks), "how": how},
            )
            self.mark_dirty(job.job_id)

    def _canonical(self, number: int, block_hash: str) -> bool:
        block = self.chain.block(number)
        return block is not None and "0x" + bytes(block.hash).hex() == block_hash.lower()


class RegistryEvents:
    """WorkerRegistry's events: each drops cached worker eligibility and stake (see the module docstring)."""

    def __init__(self, auth: Auth, stake: CachedStake | None = None) -> None:
        self.auth = auth
        self.stake = stake

    @on_("NodeRegistered", "NodeUpdated", "Staked", "UnbondStarted", "Withdrawn", "Slashed", "Jailed", "Released")
    def node_changed(self, event: DecodedEvent, _session: Any) -> None:
        self.auth.invalidate(event.args["node"])
        if self.stake is not None:
            self.stake.forget(event.args["node"])

    @on_("MinStakeSet")
    def min_stake_set(self, _event: DecodedEvent, _session: Any) -> None:
        self.auth.invalidate_all()


def _job(event: DecodedEvent, session: Session) -> Job | None:
    return session.get(Job, int(event.args.get("job_id", -1)))


def _finalise(event: DecodedEvent, session: Session, state: JobState) -> None:
    """The job is final from this event on; the outcome row lets a rewind give it back its earlier state."""
    job = _job(event, session)
    if job is None:
        return
    session.add(
        JobOutcome(job_id=job.job_id, event_name=event.name, block_number=event.block_number, previous_state=job.state)
    )
    job.state = state

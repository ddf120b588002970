"""The oracle's tables: jobs, tasks, slots (units of leasable work), login state.

A *slot* is one unit of work a worker can lease: a replica of a task
(``role='run'``) or a check of one (``role='check'``). Its life:
``blocked`` (waits for another task, train only) → ``pending`` → ``leased``
→ ``done``; a lease that expires or a reported failure sends it back to
``pending`` (with backoff) until ``max_failures``, then ``failed``. Slots
of work that no longer counts become ``void`` (cancelled before it was
done) or ``superseded`` (done, but built on a result that failed a check).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Boolean, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from oracles.db import Base


class JobState(StrEnum):
    """Where a job is in this oracle's hands (``jobs.state``)."""

    INTAKE = "intake"  # seen on-chain; spec not yet fetched and checked
    FOLLOWING = "following"  # another member leads this job; kept for countersigning
    REJECTING = "rejecting"  # spec invalid; reject being signed and sent
    RUNNING = "running"  # tasks leased and verified
    SETTLING = "settling"  # every task final; settlement being signed and sent
    SETTLED = "settled"
    REJECTED = "rejected"
    CLOSED = "closed"  # reclaimed on-chain or otherwise finished without us
    PARKED = "parked"  # intake failed in a way no retry fixes (stuck, out of memory); the reason is in `error`


FINAL_JOB_STATES = (JobState.SETTLED, JobState.REJECTED, JobState.CLOSED)


class TaskState(StrEnum):
    """A task's verdict so far (``tasks.state``)."""

    RUNNING = "running"
    ACCEPTED = "accepted"
    FAILED = "failed"


class SlotState(StrEnum):
    """A slot's life (``slots.state``): see the module docstring."""

    BLOCKED = "blocked"
    PENDING = "pending"
    LEASED = "leased"
    DONE = "done"
    FAILED = "failed"
    VOID = "void"
    SUPERSEDED = "superseded"


class Job(Base):
    __tablename__ = "jobs"

    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    requester: Mapped[str] = mapped_column(String(42))
    spec_cid: Mapped[str] = mapped_column(String(128))
    spec_hash: Mapped[str] = mapped_column(String(66))
    num_tasks: Mapped[int] = mapped_column(Integer)
    budget: Mapped[str] = mapped_column(String(80))  # uint256 as decimal text (beyond SQLite's int64)
    deadline: Mapped[int] = mapped_column(BigInteger)
    created_block: Mapped[int] = mapped_column(BigInteger)
    created_block_hash: Mapped[str] = mapped_column(String(66))
    tx_hash: Mapped[str] = mapped_column(String(66))
    state: Mapped[str] = mapped_column(String(16), default=JobState.INTAKE.value, index=True)
    leader: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    spec_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    reject_reason: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    wind_down: Mapped[bool] = mapped_column(Boolean, default=False)  # deadline near or cancel: settle what is done
    reveal_block: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    reveal_block_hash: Mapped[str | None] = mapped_column(String(66), nullable=True)
    # the blocks whose hashes drew the per-task spot checks: {"number": "0xhash"} (reveal_block above is
    # only the job-wide fallback draw, for a job none of whose tasks was drawn)
    reveal_hashes: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    manifest_cid: Mapped[str | None] = mapped_column(String(128), nullable=True)
    settle_tx: Mapped[str | None] = mapped_column(String(66), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    first_lease_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    ready_at: Mapped[float | None] = mapped_column(Float, nullable=True)  # every task accepted or failed
    # A requester's dispute reopens the job for round 1: every unchecked task is checked, then `resolve`.
    round: Mapped[int] = mapped_column(Integer, default=0)
    previous_manifest_cid: Mapped[str | None] = mapped_column(String(128), nullable=True)
    fixed_fee: Mapped[str | None] = mapped_column(String(80), nullable=True)  # round 1 keeps round 0's fee


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_state", "job_id", "state"),)

    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    task_index: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    state: Mapped[str] = mapped_column(String(12), default=TaskState.RUNNING.value)
    rounds: Mapped[int] = mapped_column(Integer, default=1)
    candidate_slot: Mapped[int | None] = mapped_column(Integer, nullable=True)
    must_check: Mapped[bool] = mapped_column(Boolean, default=False)
    selected: Mapped[bool] = mapped_column(Boolean, default=False)  # drawn for a spot check
    # the spot-check draw: from the first block numbered at least draw_after (the head when the result
    # arrived + reveal_wait_blocks); reveal_block is the one it was drawn from
    draw_after: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    reveal_block: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    checked: Mapped[bool] = mapped_column(Boolean, default=False)  # its check slot exists
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class Slot(Base):
    __tablename__ = "slots"
    __table_args__ = (
        Index("ix_slots_lease", "state", "job_id", "rank", "id"),
        # a task's slots; also the lease query's "never two runs of one task on one worker" lookup, which
        # SQLite answered from ix_slots_role (every leased and done run of the job, per candidate row)
        # while this index had only (job_id, task_index): a lease cost more the further its job had got
        Index("ix_slots_task", "job_id", "task_index", "role", "worker"),
        Index("ix_slots_role", "job_id", "role", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[int] = mapped_column(BigInteger)
    task_index: Mapped[int] = mapped_column(Integer)
    replica: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(8))  # run | check
    round: Mapped[int] = mapped_column(Integer, default=1)
    # lease order within a job: 0 for checks and added runs (they unblock results already computed, so
    # they go before the job's first runs, 1); then by id
    rank: Mapped[int] = mapped_column(Integer, default=0)
    subject_slot: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the run a check checks
    check: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    state: Mapped[str] = mapped_column(String(12), default=SlotState.PENDING.value)
    worker: Mapped[str | None] = mapped_column(String(42), nullable=True)
    lease_id: Mapped[str | None] = mapped_column(String(32), nullable=True, unique=True)
    lease_expires: Mapped[float | None] = mapped_column(Float, nullable=True)
    not_before: Mapped[float] = mapped_column(Float, default=0.0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    digest: Mapped[str | None] = mapped_column(String(66), nullable=True)
    output_cid: Mapped[str | None] = mapped_column(String(128), nullable=True)
    signature: Mapped[str | None] = mapped_column(String(132), nullable=True)
    evidence: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    failure: Mapped[str | None] = mapped_column(Text, nullable=True)
    history: Mapped[list | None] = mapped_column(
        JSON(none_as_null=True), nullable=True
    )  # workers that held it and why they lost it


class WorkerSession(Base):
    __tablename__ = "worker_sessions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    worker: Mapped[str] = mapped_column(String(42), index=True)
    capabilities: Mapped[int] = mapped_column(BigInteger, default=0)
    expires: Mapped[float] = mapped_column(Float)


class LoginNonce(Base):
    __tablename__ = "login_nonces"

    nonce: Mapped[str] = mapped_column(String(66), primary_key=True)
    worker: Mapped[str] = mapped_column(String(42))
    expires: Mapped[int] = mapped_column(BigInteger)
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class FeeSignature(Base):
    """This member's signature of a job's round-0 settlement, kept to join and claim its fee share
    (``oracles.fees``)."""

    __tablename__ = "fee_signatures"

    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    settlement: Mapped[dict] = mapped_column(JSON)
    signature: Mapped[str] = mapped_column(String(132))
    state: Mapped[str] = mapped_column(String(8), default="signed", index=True)
    recorded_at: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)

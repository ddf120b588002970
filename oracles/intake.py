"""Job intake: fetch the spec by CID, check it against the chain, validate it; the leader then queues its tasks.

Every committee member runs the same checks (``check_job``), so a leader's
``reject`` is countersigned only by members who found the same reason
themselves. ``Intake`` takes the jobs the follower recorded: a valid job this
oracle leads gets its task rows and first slots and starts running; one it
follows is only followed; an invalid one is rejected (by its leader). A spec
or input that cannot be read yet is retried, for ``INTAKE_GIVE_UP_SECONDS``.

One job never stops the others. Specs are bounded before they are parsed
(``protocol.jobspec``: bytes, depth, no YAML aliases) and the on-chain task
count is checked against ``MAX_TASKS`` before the spec is fetched, so a
hostile spec is an ordinary rejection. Whatever else goes wrong with one job
is caught around that job alone: a check still running after
``INTAKE_CHECK_TIMEOUT`` seconds (it runs on its own thread, which is left to
finish and ignored), a ``MemoryError`` or ``RecursionError``, or any other
exception ``INTAKE_MAX_FAILURES`` passes in a row, *parks* the job
(``JobState.PARKED``, the reason in ``jobs.error``, shown by the status
route); the requester reclaims its budget after the deadline. The pass then
goes on with the next job.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from oracles.dispatcher import Dispatcher
from oracles.jobcache import JobCache
from oracles.models import Job, JobState, Slot, SlotState, TaskRow, TaskState
from protocol import eip712
from protocol.errors import GPUHiveError
from protocol.jobspec import MAX_TASKS, AnySpec, SpecError, canonical_bytes, load_spec, spec_hash
from protocol.jobspec.canonical import MAX_SPEC_BYTES
from protocol.storage import ContentNotFound, StorageError, Store

log = logging.getLogger(__name__)

INTAKE_GIVE_UP_SECONDS = 120.0  # a spec or input still missing after this long is rejected
# A check fetches a spec (at most 64 KiB) and asks whether inputs exist; every store call is bounded by the
# store's own timeouts (IPFS: 60 s per fetch), so a check still running after this is stuck: the job is parked
INTAKE_CHECK_TIMEOUT = 300.0
INTAKE_MAX_FAILURES = 3  # passes in a row a job may fail with an unexpected error before it is parked
ROWS_PER_INSERT = 10_000  # task and slot rows per INSERT: memory bounded whatever the task count
MAX_REASON_CHARS = 500  # a parked job's reason as stored and logged


class IntakeStuck(GPUHiveError, TimeoutError):
    """A job's intake check did not finish in time; the job is parked and the pass goes on."""


@dataclass(frozen=True)
class OnChainJob:
    job_id: int
    spec_cid: str
    spec_hash: str
    num_tasks: int
    budget: int


@dataclass(frozen=True)
class IntakeResult:
    spec: AnySpec | None
    reject_reason: int | None
    message: str
    retry: bool = False  # transient: try again later before rejecting


def check_job(store: Store, job: OnChainJob) -> IntakeResult:
    """The validated spec, or the Reject reason code with a message saying why."""
    if job.num_tasks > MAX_TASKS:  # known from the chain: refuse before fetching anything
        return IntakeResult(
            None, eip712.REJECT_INVALID_SPEC, f"num_tasks on-chain {job.num_tasks:,} is above {MAX_TASKS:,} per job"
        )
    try:
        data = store.get_bytes(job.spec_cid, max_bytes=MAX_SPEC_BYTES)
    except ContentNotFound:
        return IntakeResult(None, eip712.REJECT_SPEC_UNREACHABLE, f"spec {job.spec_cid} not found in storage", True)
    except StorageError as exc:
        return IntakeResult(None, eip712.REJECT_SPEC_UNREACHABLE, f"spec {job.spec_cid} unreadable: {exc}", True)
    except ValueError as exc:  # not a CID at all
        return IntakeResult(None, eip712.REJECT_SPEC_UNREACHABLE, f"spec_cid {job.spec_cid!r} is invalid: {exc}")
    try:
        spec = load_spec(data)
    except SpecError as exc:
        return IntakeResult(None, eip712.REJECT_INVALID_SPEC, str(exc))
    actual = "0x" + spec_hash(spec).hex()
    if actual.lower() != job.spec_hash.lower():
        return IntakeResult(
            None,
            eip712.REJECT_SPEC_HASH_MISMATCH,
            f"spec_hash on-chain {job.spec_hash} but the spec at {job.spec_cid} hashes to {actual}",
        )
    if spec.num_tasks != job.num_tasks:
        return IntakeResult(
            None,
            eip712.REJECT_INVALID_SPEC,
            f"num_tasks on-chain {job.num_tasks} but the spec slices into {spec.num_tasks}",
        )
    if job.budget < spec.budget_needed:
        return IntakeResult(
            None,
            eip712.REJECT_INVALID_SPEC,
            f"budget on-chain {job.budget} is below the spec's need {spec.budget_needed}",
        )
    for cid in _input_cids(spec):
        try:
            if not store.has(cid):
                return IntakeResult(None, eip712.REJECT_INPUTS_UNREACHABLE, f"input {cid} not found in storage", True)
        except (StorageError, ValueError) as exc:
            return IntakeResult(None, eip712.REJECT_INPUTS_UNREACHABLE, f"input {cid} unreadable: {exc}", True)
    return IntakeResult(spec, None, "ok")


def _input_cids(spec: AnySpec) -> list[str]:
    if spec.kind == "render":
        return [spec.scene_cid]
    if spec.kind in ("train", "label"):
        return [spec.dataset.cid]
    if spec.kind == "zk":
        return [spec.model.cid, spec.inputs.cid]
    return []


class Intake:
    """Moves the jobs in ``JobState.INTAKE`` on: running (the leader's, with their tasks queued), following,
    rejecting, or parked when checking it failed in a way no retry will fix."""

    def __init__(
        self,
        sessions: sessionmaker,
        store: Store,
        jobs: JobCache,
        dispatcher: Dispatcher,
        poll_interval: float,
        *,
        check_timeout: float = INTAKE_CHECK_TIMEOUT,
    ) -> None:
        self.sessions = sessions
        self.store = store
        self.jobs = jobs
        self.dispatcher = dispatcher
        self.poll_interval = poll_interval
        self.check_timeout = check_timeout
        self._wake = threading.Event()
        self._first_try: dict[int, float] = {}  # job -> when its spec or input was first found missing
        self._failures: dict[int, int] = {}  # job -> unexpected errors in a row
        # a kind's own checks of a valid spec against the chain: (job, spec) -> why to reject, or None
        # (oracles.verify.zk_jobs: a zk job's registration)
        self.extra_checks: list[Callable[[int, AnySpec], str | None]] = []
        # a kind's work on a job's new rows, in their transaction, before any lease: (session, job, spec)
        # (oracles.labeling.carry_over: a taken-over label job's answered batches start done)
        self.after_rows: list[Callable[[Session, int, AnySpec], object]] = []

    def wake(self) -> None:
        """New events were committed: take their jobs now rather than at the next poll interval."""
        self._wake.set()

    def run(self, stop: threading.Event) -> None:
        """Intake right after the follower commits new events (a job is leasable one poll after its block),
        and every poll interval for specs that were not reachable yet."""
        while not stop.is_set():
            self._wake.wait(timeout=self.poll_interval)
            self._wake.clear()
            try:
                self.intake()
            except Exception:  # the job list could not be read (database down): retried on the next round
                log.exception("intake failed")

    def intake(self) -> None:
        """One pass over the jobs waiting for intake; a job that fails is parked or retried, never the pass."""
        with self.sessions() as s:
            ids = s.execute(select(Job.job_id).where(Job.state == JobState.INTAKE)).scalars().all()
        for job_id in ids:
            try:
                self._intake_one(job_id)
            except Exception as exc:  # MemoryError and RecursionError included: this job only
                self._failed(job_id, exc)
            else:
                self._failures.pop(job_id, None)

    def _failed(self, job_id: int, exc: Exception) -> None:
        failures = self._failures[job_id] = self._failures.get(job_id, 0) + 1
        reason = f"intake failed: {type(exc).__name__}: {_cut(str(exc))}"
        fatal = isinstance(exc, IntakeStuck | MemoryError | RecursionError)
        if not fatal and failures < INTAKE_MAX_FAILURES:
            log.warning("intake of a job failed; retried next pass", extra={"job_id": job_id, "why": reason})
            return
        log.error("job parked", extra={"job_id": job_id, "why": reason, "failures": failures})
        try:
            with self.sessions.begin() as s:
                job = s.get(Job, job_id)
                if job is not None and job.state == JobState.INTAKE:
                    job.state = JobState.PARKED
                    job.error = reason
        except Exception:  # the database itself is failing: the next pass tries again
            log.exception("cannot park job", extra={"job_id": job_id})
            return
        self._failures.pop(job_id, None)
        self._first_try.pop(job_id, None)

    def _check(self, facts: OnChainJob) -> IntakeResult:
        """``check_job`` on its own thread, waited for at most ``check_timeout`` seconds."""
        outcome: list[IntakeResult | BaseException] = []

        def check() -> None:
            try:
                outcome.append(check_job(self.store, facts))
            except BaseException as exc:  # handed to the intake thread, which decides
                outcome.append(exc)

        thread = threading.Thread(target=check, name=f"intake-check-{facts.job_id}", daemon=True)
        thread.start()
        thread.join(self.check_timeout)
        if not outcome:
            raise IntakeStuck(
                f"checking the spec {facts.spec_cid} took longer than {self.check_timeout:g} s; "
                "the job is parked (check the store's health, then the requester may reclaim after the deadline)"
            )
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        return outcome[0]

    def _intake_one(self, job_id: int) -> None:
        with self.sessions() as s:
            job = s.get(Job, job_id)
            if job is None or job.state != JobState.INTAKE:
                return
            facts = OnChainJob(job.job_id, job.spec_cid, job.spec_hash, job.num_tasks, int(job.budget))
        result = self._check(facts)
        if result.spec is not None:
            spec = result.spec
            for extra in self.extra_checks:
                reason = extra(job_id, spec)
                if reason:
                    result = IntakeResult(None, eip712.REJECT_INVALID_SPEC, reason)
                    break
        now = time.time()
        if result.retry:
            first = self._first_try.setdefault(job_id, now)
            if now - first < INTAKE_GIVE_UP_SECONDS:
                return
        with self.sessions.begin() as s:
            job = s.get(Job, job_id)
            if job is None or job.state != JobState.INTAKE:
                return
            if result.spec is None:
                log.warning("spec rejected", extra={"job_id": job_id, "why": result.message})
                job.error = result.message
                job.reject_reason = result.reject_reason
                job.state = JobState.REJECTING if job.leader else JobState.FOLLOWING
                return
            spec = result.spec
            job.kind = spec.kind
            job.spec_json = canonical_bytes(spec).decode()
            if not job.leader:
                job.state = JobState.FOLLOWING
                return
            self.jobs.put(job_id, spec)
            _insert_rows(s, job_id, spec)
            for hook in self.after_rows:
                hook(s, job_id, spec)
            job.state = JobState.RUNNING
        self._first_try.pop(job_id, None)
        log.info("job running", extra={"job_id": job_id, "tasks": spec.num_tasks, "kind": spec.kind})
        self.dispatcher.notify_work()


def _insert_rows(s: Session, job_id: int, spec: AnySpec) -> None:
    """A task row per task and a run slot per replica, ``ROWS_PER_INSERT`` rows per statement.

    Core table inserts, not ORM ones: the ORM's bulk path cost 4x more (83 against 20 ms for 2,000
    tasks), and this is the time to the first lease. A job may have a million tasks, so the rows are
    made and sent in chunks instead of one list of them all.
    """
    blocked_after_first = spec.kind == "train"  # a train segment waits for the one before it
    for first in range(0, spec.num_tasks, ROWS_PER_INSERT):
        indices = range(first, min(first + ROWS_PER_INSERT, spec.num_tasks))
        s.execute(
            TaskRow.__table__.insert(),  # type: ignore[attr-defined]  # stubs: __table__ is a FromClause, here a Table
            [
                {
                    "job_id": job_id,
                    "task_index": index,
                    "state": TaskState.RUNNING,
                    "rounds": 1,
                    "must_check": False,
                    "selected": False,
                    "checked": False,
                }
                for index in indices
            ],
        )
        s.execute(
            Slot.__table__.insert(),  # type: ignore[attr-defined]  # (as above)
            [
                {
                    "job_id": job_id,
                    "task_index": index,
                    "replica": replica,
                    "role": "run",
                    "round": 1,
                    "rank": 1,
                    "state": SlotState.BLOCKED if blocked_after_first and index > 0 else SlotState.PENDING,
                    "not_before": 0.0,
                    "attempts": 0,
                    "progress": 0.0,
                }
                for index in indices
                for replica in range(spec.replication)
            ],
        )


def _cut(text: str, limit: int = MAX_REASON_CHARS - 100) -> str:
    """`text`, or its start and how long it was (room left in MAX_REASON_CHARS for the exception's type)."""
    return text if len(text) <= limit else text[: limit - 20] + f"... ({len(text):,} chars)"

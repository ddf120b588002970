"""Job intake: fetch the spec by CID, check it against the chain, validate it; the leader then queues its tasks.

Every committee member runs the same checks (``check_job``), so a leader's
``reject`` is countersigned only by members who found the same reason
themselves. ``Intake`` takes the jobs the follower recorded: a valid job this
oracle leads gets its task rows and first slots and starts running; one it
follows is only followed; an invalid one is rejected (by its leader). A spec
or input that cannot be read yet is retried, for ``INTAKE_GIVE_UP_SECONDS``.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from oracles.dispatcher import Dispatcher
from oracles.jobcache import JobCache
from oracles.models import Job, JobState, Slot, SlotState, TaskRow, TaskState
from protocol import eip712
from protocol.jobspec import AnySpec, SpecError, canonical_bytes, load_spec, spec_hash
from protocol.jobspec.canonical import MAX_SPEC_BYTES
from protocol.storage import ContentNotFound, StorageError, Store

log = logging.getLogger(__name__)

INTAKE_GIVE_UP_SECONDS = 120.0  # a spec or input still missing after this long is rejected


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
    if spec.kind == "train":
        return [spec.dataset.cid]
    return []


class Intake:
    """Moves the jobs in ``JobState.INTAKE`` on: running (the leader's, with their tasks queued), following, or rejecting."""

    def __init__(
        self, sessions: sessionmaker, store: Store, jobs: JobCache, dispatcher: Dispatcher, poll_interval: float
    ) -> None:
        self.sessions = sessions
        self.store = store
        self.jobs = jobs
        self.dispatcher = dispatcher
        self.poll_interval = poll_interval
        self._wake = threading.Event()
        self._first_try: dict[int, float] = {}  # job -> when its spec or input was first found missing

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
            except Exception:  # retried on the next round
                log.exception("intake failed")

    def intake(self) -> None:
        with self.sessions() as s:
            ids = s.execute(select(Job.job_id).where(Job.state == JobState.INTAKE)).scalars().all()
        for job_id in ids:
            self._intake_one(job_id)

    def _intake_one(self, job_id: int) -> None:
        with self.sessions() as s:
            job = s.get(Job, job_id)
            if job is None or job.state != JobState.INTAKE:
                return
            facts = OnChainJob(job.job_id, job.spec_cid, job.spec_hash, job.num_tasks, int(job.budget))
        result = check_job(self.store, facts)
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
            entry = self.jobs.put(job_id, spec)
            # bulk inserts: a job can have a million tasks. Core table inserts, not ORM ones: the ORM's bulk
            # path cost 4x more (83 against 20 ms for 2,000 tasks), and this is the time to the first lease
            s.execute(
                TaskRow.__table__.insert(),
                [
                    {
                        "job_id": job_id,
                        "task_index": t.index,
                        "state": TaskState.RUNNING,
                        "rounds": 1,
                        "must_check": False,
                        "selected": False,
                        "checked": False,
                    }
                    for t in entry.tasks
                ],
            )
            s.execute(
                Slot.__table__.insert(),
                [
                    {
                        "job_id": job_id,
                        "task_index": t.index,
                        "replica": replica,
                        "role": "run",
                        "round": 1,
                        "rank": 1,
                        "state": SlotState.BLOCKED if spec.kind == "train" and t.index > 0 else SlotState.PENDING,
                        "not_before": 0.0,
                        "attempts": 0,
                        "progress": 0.0,
                    }
                    for t in entry.tasks
                    for replica in range(spec.replication)
                ],
            )
            job.state = JobState.RUNNING
        log.info("job running", extra={"job_id": job_id, "tasks": spec.num_tasks, "kind": spec.kind})
        self.dispatcher.notify_work()

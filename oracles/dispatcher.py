"""Leases: hand slots to workers, take heartbeats, results and failures, expire what is held too long.

The queue is the ``slots`` table (the GNUS.AI "locking queue with timeout"):
a lease is a row update under one process-wide lock, so a slot is never
held by two workers, and every state a restart needs is in the database.
A worker never gets two runs of one task, nor a check of a task it ran.
Results are recorded here and judged later by ``oracles.advancer`` (off
the request path).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, bindparam, exists, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from oracles.config import OracleConfig
from oracles.jobcache import JobCache
from oracles.models import (
    BLOCKED,
    DONE,
    FAILED,
    LEASED,
    PENDING,
    RUNNING,
    Job,
    Slot,
)
from protocol import eip712
from protocol.leases import Lease

log = logging.getLogger(__name__)

RETIRED_LEASES_KEPT = 100_000


def _leasable() -> Select[Slot, Job]:
    """The oldest pending slot a worker may lease, with its job (parameters: worker, now, kinds).

    Built once: constructing this statement (an alias, a correlated ``exists``) cost more than
    running it, on every lease.
    """
    other = aliased(Slot)
    # never two runs of one task on one worker, and never a check of a task the worker ran
    mine = exists().where(and_(
        other.job_id == Slot.job_id, other.task_index == Slot.task_index, other.role == "run",
        other.worker == bindparam("worker"), other.state.in_((LEASED, DONE)),
    ))
    return (
        select(Slot, Job)
        .join(Job, Job.job_id == Slot.job_id)
        .where(Slot.state == PENDING, Slot.not_before <= bindparam("now"), Job.state == RUNNING,
               Job.leader.is_(True), Job.kind.in_(bindparam("kinds", expanding=True)), ~mine)
        .order_by(Slot.job_id, Slot.id)
        .limit(1)
    )


_LEASABLE = _leasable()
_BY_LEASE_ID = select(Slot).where(Slot.lease_id == bindparam("lease_id"))
_HELD_ROW = select(Slot.id, Slot.job_id, Slot.task_index, Slot.replica, Slot.worker, Slot.state,
                   Slot.lease_expires).where(Slot.lease_id == bindparam("lease_id"))


class LeaseError(Exception):
    """A lease request the worker must correct; ``status`` is the HTTP status the API answers."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class Submitted:
    slot_id: int
    job_id: int


class Dispatcher:
    """Lease operations over the slots table, safe to call from API handlers and scheduler threads."""

    def __init__(self, sessions: sessionmaker, config: OracleConfig, jobs: JobCache, domain: eip712.Domain,
                 clock: Callable[[], float] = time.time) -> None:
        self.sessions = sessions
        self.config = config
        self.jobs = jobs
        self.clock = clock
        self._separator = eip712.domain_separator(domain)
        self._lock = threading.RLock()
        self._listeners: list[Callable[[], None]] = []
        self._result_listeners: list[Callable[[int], None]] = []
        # lease ids taken back (expired, failed, released) -> why, so a late heartbeat or result hears
        # 410 "no longer held" rather than 404 once the slot row forgot the id (bounded, oldest dropped)
        self._retired: dict[str, str] = {}

    # ------------------------------------------------------------ notifications

    def on_work(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` whenever slots may have become leasable (wakes long-polling workers)."""
        self._listeners.append(listener)

    def on_result(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(job_id)`` after a result or a failure was recorded."""
        self._result_listeners.append(listener)

    def notify_work(self) -> None:
        for listener in self._listeners:
            listener()

    def _notify_result(self, job_id: int) -> None:
        for listener in self._result_listeners:
            listener(job_id)

    # ------------------------------------------------------------ leasing

    def lease(self, worker: str, kinds: tuple[str, ...]) -> Lease | None:
        """Lease the oldest leasable slot for ``worker`` (of a job kind it can run), or None."""
        now = self.clock()
        with self._lock, self.sessions.begin() as s:
            row = s.execute(_LEASABLE, {"worker": worker, "now": now, "kinds": list(kinds)}).first()
            if row is None:
                return None
            slot, job = row
            slot.state = LEASED
            slot.worker = worker
            slot.lease_id = secrets.token_hex(16)
            slot.lease_expires = now + self.config.lease_seconds
            slot.progress = 0.0
            if job.first_lease_at is None:
                job.first_lease_at = now
            lease = self._lease_body(s, job, slot)
        log.info("leased", extra={"job_id": slot.job_id, "task": slot.task_index, "replica": slot.replica,
                                  "role": slot.role, "worker": worker})
        return lease

    def _lease_body(self, s: Session, job: Job, slot: Slot) -> Lease:
        entry = self.jobs.get(job)
        task = entry.tasks[slot.task_index]
        return Lease(
            lease_id=slot.lease_id or "",
            job_id=job.job_id,
            task_index=slot.task_index,
            replica=slot.replica,
            role="check" if slot.role == "check" else "run",
            job_kind=entry.spec.kind,
            spec_cid=job.spec_cid,
            task=task.to_json(),
            inputs=self.jobs.inputs_for(s, job, slot),
            check=slot.check,
            expires_at=slot.lease_expires or 0.0,
            heartbeat_s=self.config.heartbeat_seconds,
        )

    def _held(self, s: Session, lease_id: str, worker: str) -> Slot:
        slot = s.execute(_BY_LEASE_ID, {"lease_id": lease_id}).scalar_one_or_none()
        self._check_held(slot, lease_id, worker)
        assert slot is not None
        return slot

    def _check_held(self, slot: Any, lease_id: str, worker: str) -> None:
        """Raise unless ``slot`` (a Slot, or a row with its columns) is leased to ``worker`` and unexpired."""
        if slot is None:
            if (why := self._retired.get(lease_id)) is not None:
                raise LeaseError(410, f"lease {lease_id} is no longer held ({why}); lease again")
            raise LeaseError(404, f"no lease {lease_id}")
        if slot.worker != worker:
            raise LeaseError(403, f"lease {lease_id} belongs to another worker")
        if slot.state != LEASED:
            raise LeaseError(410, f"lease {lease_id} is no longer held (slot is {slot.state}); lease again")
        if (slot.lease_expires or 0) < self.clock():
            raise LeaseError(410, f"lease {lease_id} expired; its slot went back to the queue")

    def heartbeat(self, lease_id: str, worker: str, progress: float) -> float:
        """Extend a held lease; returns the new expiry."""
        with self._lock, self.sessions.begin() as s:
            slot = self._held(s, lease_id, worker)
            slot.progress = progress
            slot.lease_expires = self.clock() + self.config.lease_seconds
            return slot.lease_expires

    def submit(self, lease_id: str, worker: str, digest: bytes, output_cid: str, signature: bytes) -> Submitted:
        """Record a signed result for a held lease; the signature must be the worker's TaskResult."""
        # the hot path: plain column reads and one UPDATE, no ORM objects (the same checks as _held)
        with self._lock, self.sessions.begin() as s:
            conn = s.connection()
            slot = conn.execute(_HELD_ROW, {"lease_id": lease_id}).one_or_none()
            self._check_held(slot, lease_id, worker)
            assert slot is not None
            result = eip712.TaskResult(slot.job_id, slot.task_index, slot.replica, digest,
                                       eip712.cid_hash(output_cid))
            try:
                signer = eip712.recover_digest(eip712.task_result_digest(self._separator, result), signature)
            except Exception as exc:  # malformed signature bytes (bad v, s out of range)
                raise LeaseError(400, f"signature does not decode: {exc}") from None
            if signer.lower() != worker.lower():
                raise LeaseError(400, f"TaskResult signed by {signer}, not by the lease holder {worker}")
            conn.execute(update(Slot).where(Slot.id == slot.id).values(
                state=DONE, digest="0x" + digest.hex(), output_cid=output_cid, signature="0x" + signature.hex(),
                progress=1.0, lease_expires=None))
            done = Submitted(slot.id, slot.job_id)
        self._notify_result(done.job_id)
        return done

    def fail(self, lease_id: str, worker: str, reason: str) -> None:
        """The worker gives the slot back with a reason; it is retried elsewhere after a backoff."""
        with self._lock, self.sessions.begin() as s:
            slot = self._held(s, lease_id, worker)
            self._release(slot, f"failed: {reason}")
            job_id = slot.job_id
        self.notify_work()
        self._notify_result(job_id)

    def _retire(self, lease_id: str | None, why: str) -> None:
        if lease_id:
            self._retired[lease_id] = why
            if len(self._retired) > RETIRED_LEASES_KEPT:
                del self._retired[next(iter(self._retired))]

    def _release(self, slot: Slot, why: str) -> None:
        self._retire(slot.lease_id, why.split(":")[0])
        slot.attempts += 1
        slot.history = [*(slot.history or []), {"worker": slot.worker, "why": why[:500], "at": self.clock()}]
        slot.lease_id = None
        slot.lease_expires = None
        slot.worker = None
        slot.progress = 0.0
        if slot.attempts >= self.config.max_failures:
            slot.state = FAILED
            slot.failure = why[:2_000]
            log.warning("slot failed", extra={"job_id": slot.job_id, "task": slot.task_index, "why": why})
        else:
            slot.state = PENDING
            slot.not_before = self.clock() + self.config.backoff_seconds * 2 ** (slot.attempts - 1)

    def expire_leases(self) -> int:
        """Put every lease past its expiry back in the queue (or fail its slot); returns how many."""
        now = self.clock()
        touched: set[int] = set()
        with self._lock, self.sessions.begin() as s:
            rows = s.execute(select(Slot).where(Slot.state == LEASED, Slot.lease_expires < now)).scalars().all()
            for slot in rows:
                self._release(slot, "lease expired")
                touched.add(slot.job_id)
        if rows:
            log.info("leases expired", extra={"count": len(rows)})
            self.notify_work()
            for job_id in touched:
                self._notify_result(job_id)
        return len(rows)

    def release_worker(self, lease_id: str, worker: str) -> None:
        """A restarted worker gives back a lease it can no longer finish (no failure counted)."""
        with self._lock, self.sessions.begin() as s:
            slot = self._held(s, lease_id, worker)
            slot.history = [*(slot.history or []), {"worker": worker, "why": "released", "at": self.clock()}]
            self._retire(lease_id, "released")
            slot.state, slot.worker, slot.lease_id, slot.lease_expires = PENDING, None, None, None
        self.notify_work()

    def unblock(self, s: Session, job_id: int, task_index: int) -> int:
        """Make a task's blocked slots leasable (train: its predecessor was accepted)."""
        result = s.execute(update(Slot).where(Slot.job_id == job_id, Slot.task_index == task_index,
                                              Slot.state == BLOCKED).values(state=PENDING))
        return int(result.rowcount or 0)

    def counts(self, job_id: int) -> dict[str, Any]:
        from sqlalchemy import func

        with self.sessions() as s:
            rows = s.execute(select(Slot.state, func.count()).where(Slot.job_id == job_id)
                             .group_by(Slot.state)).all()
        return {state: n for state, n in rows}



"""Simulated workers against the real dispatcher, in one process: the oracle's SQLite database, its lease
queries, real EIP-712 signatures on every result, a simulated clock; only the compute is replaced by a
simulated duration. Used by ``tests/oracles/test_dispatch_policy.py`` and ``benchmarks/aicore.py``.

Each worker runs one task at a time: it asks for one lease, "computes" for ``base(task) x noise / speed``
simulated seconds, heartbeating every ``heartbeat_seconds`` with its progress (a 403/404/410 answer makes it
drop the task, as ``worker_node/heartbeat.py`` does), then reports the signed result and asks again at once; a
worker that got nothing asks again after ``poll_s``. The sentries' attested scores (``WorkerSelection``) may
differ from a worker's true speed (a worker throttled after its benchmark).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_account import Account
from sqlalchemy import insert, select

from oracles.config import OracleConfig
from oracles.db import create_all, make_engine
from oracles.dispatch_policy import DispatchPolicy, PolicyConfig
from oracles.dispatcher import Dispatcher, LeaseError, ResultItem, Submitted
from oracles.jobcache import JobCache
from oracles.models import Job, Slot, TaskRow
from oracles.worker_selection import WorkerSelection
from protocol import eip712
from protocol.config import StorageConfig
from protocol.digests import bytes_digest
from protocol.jobspec import canonical_bytes, slice_tasks
from protocol.sentry_leaf import Leaf
from protocol.storage import LocalStore
from protocol.storage.folder_manifest import put_manifest

DOMAIN = eip712.Domain(31337, "0x" + "11" * 20)
SPEC_CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
CREATED = "0x" + "00" * 32
PERF_UNIT = 1_000  # attested perf score of a 1x worker


class Clock:
    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class SimWorker:
    key: bytes
    speed: float  # how fast it really is (1.0: the reference worker)
    attested: float | None = None  # what the sentries measured (None: as fast as it is)

    @property
    def address(self) -> str:
        return Account.from_key(self.key).address


def workers_of(speeds: list[float], attested: list[float | None] | None = None, first_key: int = 1) -> list[SimWorker]:
    attested = attested or [None] * len(speeds)
    return [
        SimWorker((first_key + i).to_bytes(32, "big"), speed, seen)
        for i, (speed, seen) in enumerate(zip(speeds, attested, strict=True))
    ]


@dataclass
class SimResult:
    makespan_s: float
    tasks: int
    results_recorded: int
    results_refused: int  # reports that came after another copy's (410)
    copies_made: int
    copies_voided: int
    leases: int


@dataclass
class SimOracle:
    """A dispatcher (optionally with the sentries' selection and the dispatch policy) over a fresh database."""

    tmp_path: Path
    workers: list[SimWorker]
    policy: PolicyConfig | None = None
    heartbeat_seconds: float = 15.0
    lease_seconds: float = 60.0
    clock: Clock = field(default_factory=Clock)

    def __post_init__(self) -> None:
        self.config = OracleConfig(
            name="sim",
            database_url=f"sqlite:///{self.tmp_path}/oracle.db",
            key_env="UNUSED",
            storage=StorageConfig(kind="local", path=str(self.tmp_path / "store")),
            lease_seconds=self.lease_seconds,
            heartbeat_seconds=self.heartbeat_seconds,
            reveal_wait_blocks=0,
        )
        self.store = LocalStore(self.tmp_path / "store")
        self.jobs = JobCache()
        self.selection = WorkerSelection()
        self.selection.update(
            {
                "sentry": [
                    Leaf(w.address, 1, 10_000, int(PERF_UNIT * (w.speed if w.attested is None else w.attested)))
                    for w in self.workers
                ]
            }
        )
        self.dispatch_policy = (
            DispatchPolicy(self.jobs, self.selection.speed, self.policy) if self.policy is not None else None
        )
        self.dispatcher = Dispatcher(
            create_all(make_engine(self.config.database_url)),
            self.config,
            self.jobs,
            DOMAIN,
            clock=self.clock,
            lease_filter=self.selection.kinds_for if self.policy is not None else None,
            policy=self.dispatch_policy,
        )
        self.sessions = self.dispatcher.sessions
        self.outputs: dict[tuple[int, int], tuple[bytes, str]] = {}
        self.runs: dict[int, tuple[int, int]] = {}  # job -> (tasks, runs: tasks x replication)

    def add_job(self, job_id: int, spec: Any, upload: bool = False) -> None:
        """A running job this oracle leads, as intake leaves it; ``upload``: every task's output in the store
        (what the advancer's output check reads)."""
        tasks = slice_tasks(spec)
        self.runs[job_id] = (len(tasks), len(tasks) * spec.replication)
        for task in tasks:
            data = b"output of job %d task %d" % (job_id, task.index)
            cid = (
                put_manifest(self.store, {n: self.store.put_bytes(data) for n in task.outputs}) if upload else SPEC_CID
            )
            self.outputs[(job_id, task.index)] = (bytes_digest([data] * len(task.outputs)), cid)
        with self.sessions.begin() as s:
            s.add(
                Job(
                    job_id=job_id,
                    requester="0x" + "22" * 20,
                    spec_cid=SPEC_CID,
                    spec_hash="0x" + "00" * 32,
                    num_tasks=len(tasks),
                    budget=str(spec.budget),
                    deadline=2_000_000_000,
                    created_block=1,
                    created_block_hash=CREATED,
                    tx_hash="0x" + "00" * 32,
                    state="running",
                    leader=True,
                    kind=spec.kind,
                    spec_json=canonical_bytes(spec).decode(),
                )
            )
            s.execute(
                insert(TaskRow), [{"job_id": job_id, "task_index": i, "state": "running"} for i in range(len(tasks))]
            )
            s.execute(
                insert(Slot),
                [
                    {"job_id": job_id, "task_index": i, "replica": r, "role": "run", "state": "pending", "rank": 1}
                    for i in range(len(tasks))
                    for r in range(1, spec.replication + 1)
                ],
            )

    def signed(self, worker: SimWorker, lease: Any) -> ResultItem:
        digest, cid = self.outputs[(lease.job_id, lease.task_index)]
        result = eip712.TaskResult(lease.job_id, lease.task_index, lease.replica, digest, eip712.cid_hash(cid))
        signature = eip712.sign_digest(worker.key, eip712.task_result_digest(self.dispatcher._separator, result))
        return ResultItem(lease.lease_id, digest, cid, signature)

    def slots(self, job_id: int) -> list[Slot]:
        with self.sessions() as s:
            return list(s.execute(select(Slot).where(Slot.job_id == job_id).order_by(Slot.id)).scalars())

    def run(
        self,
        job_id: int,
        kinds: tuple[str, ...],
        base_s: Callable[[int], float],
        seed: int = 0,
        run_noise: float = 0.1,
        poll_s: float = 1.0,
    ) -> SimResult:
        """Every worker works until each task of ``job_id`` has a recorded result; ``base_s(task)``: its
        duration on a 1x worker (before the per-run noise, lognormal with sigma ``run_noise``)."""
        rng = random.Random(seed)
        d = self.dispatcher
        start = self.clock.now
        queue: list[tuple[float, int, str, int, str]] = []
        seq = 0

        def push(at: float, what: str, w: int, lease_id: str = "") -> None:
            nonlocal seq
            seq += 1
            heapq.heappush(queue, (at, seq, what, w, lease_id))

        for w in range(len(self.workers)):
            push(start + w * 1e-3, "ask", w)
        held: dict[int, tuple[Any, float, float]] = {}  # worker -> (lease, started, duration)
        total, runs = self.runs[job_id]
        recorded = refused = leases = 0
        end = start
        while recorded < runs and queue:
            at, _, what, w, lease_id = heapq.heappop(queue)
            self.clock.now = at
            worker = self.workers[w]
            if what == "ask":
                got = d.lease_many(worker.address, kinds, 1)
                if not got:
                    push(at + poll_s, "ask", w)
                    continue
                lease = got[0]
                leases += 1
                duration = base_s(lease.task_index) * rng.lognormvariate(0.0, run_noise) / worker.speed
                held[w] = (lease, at, duration)
                push(at + duration, "finish", w, lease.lease_id)
                if self.heartbeat_seconds < duration:
                    push(at + self.heartbeat_seconds, "beat", w, lease.lease_id)
                continue
            current = held.get(w)
            if current is None or current[0].lease_id != lease_id:
                continue  # a stale event of a lease the worker dropped
            lease, started, duration = current
            if what == "beat":
                try:
                    d.heartbeat(lease_id, worker.address, (at - started) / duration)
                except LeaseError:
                    del held[w]  # lost (another copy reported first): drop it and ask for work
                    push(at, "ask", w)
                    continue
                if at + self.heartbeat_seconds < started + duration:
                    push(at + self.heartbeat_seconds, "beat", w, lease_id)
                continue
            del held[w]
            outcome = d.submit_many(worker.address, [self.signed(worker, lease)])[0]
            if isinstance(outcome, Submitted):
                recorded += 1
                end = at
            else:
                refused += 1
            push(at, "ask", w)
        policy = self.dispatch_policy
        return SimResult(
            makespan_s=end - start,
            tasks=total,
            results_recorded=recorded,
            results_refused=refused,
            copies_made=policy.copies_made if policy else 0,
            copies_voided=policy.copies_voided if policy else 0,
            leases=leases,
        )

"""Simulated workers against the real dispatcher, in one process: the oracle's SQLite database, its lease
queries, real EIP-712 signatures on every result, a simulated clock; only the compute is replaced by a
simulated duration. Used by ``tests/oracles/test_dispatch_policy.py`` and ``benchmarks/aicore.py``.

Each worker holds up to ``capacity`` leases like the agent (one running, the rest queued; the agent's default
``max_held_leases`` is 2), "computes" one task at a time for ``base(task) x noise / speed`` simulated seconds,
heartbeats every held lease every ``heartbeat_seconds`` (the running one with its progress; a 403/404/410 answer
makes it drop that lease, as ``worker_node/heartbeat.py`` does), reports each signed result when it ends and
tops its queue up in the same step; a worker holding nothing asks again after ``poll_s``. The sentries' attested scores (``WorkerSelection``) may
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
    # set: the oracle service's wiring instead (``OracleConfig.dispatch_policy`` and ``Dispatcher(selection=...)``)
    dispatch: str | None = None
    heartbeat_seconds: float = 15.0
    lease_seconds: float = 60.0
    clock: Clock = field(default_factory=Clock)
    # the running lease's beats carry its true completion fraction (``Heartbeat.fraction``, as the render and train
    # runtimes report); off: none, as compute, zk and older agents
    fractions: bool = False

    def __post_init__(self) -> None:
        self.config = OracleConfig(
            name="sim",
            database_url=f"sqlite:///{self.tmp_path}/oracle.db",
            key_env="UNUSED",
            storage=StorageConfig(kind="local", path=str(self.tmp_path / "store")),
            lease_seconds=self.lease_seconds,
            heartbeat_seconds=self.heartbeat_seconds,
            reveal_wait_blocks=0,
            **({"dispatch_policy": self.dispatch} if self.dispatch else {}),
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
            selection=self.selection if self.dispatch else None,
        )
        self.dispatch_policy = self.dispatcher.policy
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
        capacity: int = 2,
    ) -> SimResult:
        """Every worker works until each run of ``job_id`` has a recorded result; ``base_s(task)``: its duration
        on a 1x worker (before the per-run noise, lognormal with sigma ``run_noise``). Like the agent
        (``max_held_leases``, default 2), a worker holds up to ``capacity`` leases: one running, the rest queued;
        it heartbeats all of them, and when a task ends it reports it and tops its queue up."""
        rng = random.Random(seed)
        d = self.dispatcher
        start = self.clock.now
        events: list[tuple[float, int, str, int, str]] = []
        seq = 0

        def push(at: float, what: str, w: int, lease_id: str = "") -> None:
            nonlocal seq
            seq += 1
            heapq.heappush(events, (at, seq, what, w, lease_id))

        running: dict[int, tuple[Any, float, float]] = {}  # worker -> (lease, started, duration)
        queued: dict[int, list[Any]] = {w: [] for w in range(len(self.workers))}
        beating: set[int] = set()

        def start_next(w: int, at: float) -> None:
            if w in running or not queued[w]:
                return
            lease = queued[w].pop(0)
            duration = base_s(lease.task_index) * rng.lognormvariate(0.0, run_noise) / self.workers[w].speed
            running[w] = (lease, at, duration)
            push(at + duration, "finish", w, lease.lease_id)

        def ask(w: int, at: float) -> None:
            nonlocal leases
            held = len(queued[w]) + (w in running)
            got = d.lease_many(self.workers[w].address, kinds, capacity - held) if held < capacity else []
            leases += len(got)
            queued[w].extend(got)
            start_next(w, at)
            if w not in running:
                push(at + poll_s, "ask", w)
            elif w not in beating:
                beating.add(w)
                push(at + self.heartbeat_seconds, "beat", w)

        for w in range(len(self.workers)):
            push(start + w * 1e-3, "ask", w)
        _, runs = self.runs[job_id]
        recorded = refused = leases = 0
        end = start
        while recorded < runs and events:
            at, _, what, w, lease_id = heapq.heappop(events)
            self.clock.now = at
            worker = self.workers[w]
            if what == "ask":
                if w not in running:
                    ask(w, at)
            elif what == "beat":
                beating.discard(w)
                current = running.get(w)
                for lease in [*([current[0]] if current else []), *queued[w]]:
                    progress = (at - current[1]) / current[2] if current and lease is current[0] else 0.0
                    fraction = min(progress, 1.0) if self.fractions and current and lease is current[0] else None
                    try:
                        d.heartbeat(lease.lease_id, worker.address, progress, fraction)
                    except LeaseError:  # lost (another copy reported first): drop it, as the agent does
                        if current and lease is current[0]:
                            del running[w]
                        else:
                            queued[w].remove(lease)
                start_next(w, at)
                if w in running or queued[w]:
                    beating.add(w)
                    push(at + self.heartbeat_seconds, "beat", w)
                else:
                    ask(w, at)
            else:  # finish
                current = running.get(w)
                if current is None or current[0].lease_id != lease_id:
                    continue  # the worker dropped this lease
                del running[w]
                outcome = d.submit_many(worker.address, [self.signed(worker, current[0])])[0]
                if isinstance(outcome, Submitted):
                    recorded += 1
                    end = at
                else:
                    refused += 1
                start_next(w, at)
                ask(w, at)
        policy = self.dispatch_policy
        return SimResult(
            makespan_s=end - start,
            tasks=self.runs[job_id][0],
            results_recorded=recorded,
            results_refused=refused,
            copies_made=policy.copies_made if policy else 0,
            copies_voided=policy.copies_voided if policy else 0,
            leases=leases,
        )

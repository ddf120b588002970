"""Spot checks drawn per task as results arrive (real SQLite, real signatures, real store; the chain head
is a value the test sets, so the draw's timing can be stepped block by block — the anvil version is
``test_oracle_network.py::test_spot_checks__reveal_wait_one_block__…``).

A task's check is drawn from a block mined after its result, and is leased before the job's remaining
runs, so checks run while the job computes; a job none of whose tasks was drawn still gets one check,
picked after its last result.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from eth_account import Account
from eth_utils import keccak
from sqlalchemy import insert, select

from oracles.advancer import Advancer
from oracles.config import OracleConfig
from oracles.db import create_all, make_engine
from oracles.dispatcher import Dispatcher, ResultItem, Submitted
from oracles.jobcache import JobCache
from oracles.models import Job, Slot, TaskRow
from protocol import eip712
from protocol.config import StorageConfig
from protocol.digests import bytes_digest
from protocol.jobspec import canonical_bytes, job_seed, load_spec, reveal_seed, slice_tasks, spot_check_drawn
from protocol.storage import LocalStore
from protocol.storage.folder_manifest import put_manifest
from tests.support.oracle_network import spec_yaml

DOMAIN = eip712.Domain(31337, "0x" + "11" * 20)
KEYS = [bytes([i + 1]) * 32 for i in range(3)]
WORKERS = [Account.from_key(k).address for k in KEYS]
CREATED = "0x" + "00" * 32


class Head:
    """The chain head the advancer sees: (number, hash); the hash is derived from the number."""

    def __init__(self) -> None:
        self.number = 100

    def __call__(self) -> tuple[int, bytes]:
        return self.number, keccak(b"block %d" % self.number)


class Net:
    def __init__(self, tmp_path: Path, wait_blocks: int) -> None:
        config = OracleConfig(
            name="t",
            database_url=f"sqlite:///{tmp_path}/oracle.db",
            key_env="UNUSED",
            storage=StorageConfig(kind="local", path=str(tmp_path / "store")),
            reveal_wait_blocks=wait_blocks,
        )
        self.store = LocalStore(tmp_path / "store")
        self.head = Head()
        jobs = JobCache()
        self.dispatcher = Dispatcher(create_all(make_engine(config.database_url)), config, jobs, DOMAIN)
        self.sessions = self.dispatcher.sessions
        self.advancer = Advancer(self.sessions, config, jobs, self.dispatcher, self.store, head=self.head)
        self.outputs: dict[int, tuple[bytes, str]] = {}

    def add_job(self, tasks: int, bps: int) -> int:
        """Job 1, running, as intake leaves it; every task's output uploaded."""
        spec = load_spec(
            spec_yaml(
                "compute",
                replication=1,
                verification={"method": "hash", "spot_check_bps": bps},
                kernel={"name": "sha256_chain", "chains": tasks, "length": 2, "seed": 5},
            )
        )
        for task in slice_tasks(spec):
            data = b"output of task %d" % task.index
            files = {name: self.store.put_bytes(data) for name in task.outputs}
            self.outputs[task.index] = (bytes_digest([data] * len(task.outputs)), put_manifest(self.store, files))
        with self.sessions.begin() as s:
            s.add(
                Job(
                    job_id=1,
                    requester="0x" + "22" * 20,
                    spec_cid="bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
                    spec_hash="0x" + "00" * 32,
                    num_tasks=tasks,
                    budget=str(spec.budget),
                    deadline=2_000_000_000,
                    created_block=1,
                    created_block_hash=CREATED,
                    tx_hash="0x" + "00" * 32,
                    state="running",
                    leader=True,
                    kind="compute",
                    spec_json=canonical_bytes(spec).decode(),
                )
            )
            s.execute(insert(TaskRow), [{"job_id": 1, "task_index": i, "state": "running"} for i in range(tasks)])
            s.execute(
                insert(Slot),
                [
                    {"job_id": 1, "task_index": i, "replica": 1, "role": "run", "state": "pending", "rank": 1}
                    for i in range(tasks)
                ],
            )
        return 1

    def run(self, worker: int, count: int) -> list[int]:
        """``worker`` leases up to ``count`` slots and reports correct results; returns their task indices."""
        leases = self.dispatcher.lease_many(WORKERS[worker], ("compute",), count)
        items = []
        for lease in leases:
            digest, cid = self.outputs[lease.task_index]
            result = eip712.TaskResult(lease.job_id, lease.task_index, lease.replica, digest, eip712.cid_hash(cid))
            signature = eip712.sign_digest(KEYS[worker], eip712.task_result_digest(self.dispatcher._separator, result))
            items.append(ResultItem(lease.lease_id, digest, cid, signature))
        assert all(isinstance(o, Submitted) for o in self.dispatcher.submit_many(WORKERS[worker], items))
        return [lease.task_index for lease in leases]

    def tasks(self) -> list[TaskRow]:
        with self.sessions() as s:
            return list(s.execute(select(TaskRow).where(TaskRow.job_id == 1).order_by(TaskRow.task_index)).scalars())

    def job(self) -> Job:
        with self.sessions() as s:
            job = s.get(Job, 1)
            assert job is not None
            return job


def drawn(number: int, index: int, bps: int) -> bool:
    """The protocol's draw for a task whose reveal block is ``number`` (what the member re-derives)."""
    return spot_check_drawn(reveal_seed(job_seed(bytes(32), 1), keccak(b"block %d" % number)), index, bps)


def test_draw__every_task_drawn__check_leased_before_the_jobs_remaining_runs(tmp_path):
    net = Net(tmp_path, wait_blocks=0)
    net.add_job(tasks=12, bps=10_000)
    ran = net.run(0, 4)
    net.advancer.advance(1)
    tasks = net.tasks()
    assert [t.reveal_block for t in tasks[:4]] == [100] * 4 and all(t.selected for t in tasks[:4])
    assert all(t.state == "running" for t in tasks)  # each waits for its check
    # the next worker gets the checks of what is done first, then the job's remaining runs
    leases = net.dispatcher.lease_many(WORKERS[1], ("compute",), 6)
    assert [(lease.task_index, lease.replica) for lease in leases] == [(i, 2) for i in ran] + [(4, 1), (5, 1)]
    assert [lease.urgent for lease in leases] == [True] * 4 + [False] * 2  # a batch client runs checks first


def test_draw__undrawn_tasks__accepted_in_the_same_pass_once_the_job_has_a_check(tmp_path):
    net = Net(tmp_path, wait_blocks=0)
    net.add_job(tasks=16, bps=5_000)
    want = {i for i in range(16) if drawn(100, i, 5_000)}
    assert want and len(want) < 16  # this block draws some tasks, not all
    net.run(0, 16)
    net.advancer.advance(1)
    tasks = net.tasks()
    assert {t.task_index for t in tasks if t.selected} == want
    assert {t.task_index for t in tasks if t.state == "accepted"} == set(range(16)) - want
    assert net.job().reveal_block is None  # no job-wide fallback: tasks were drawn on their own
    assert net.job().reveal_hashes == {"100": "0x" + keccak(b"block 100").hex()}


def test_draw__wait_one_block__no_draw_until_a_block_after_the_result(tmp_path):
    net = Net(tmp_path, wait_blocks=1)
    net.add_job(tasks=3, bps=10_000)
    net.run(0, 3)
    net.advancer.advance(1)
    net.advancer.advance(1)  # the head has not moved: its hash was known while the worker computed
    assert [t.reveal_block for t in net.tasks()] == [None] * 3
    assert [t.draw_after for t in net.tasks()] == [101] * 3
    net.head.number = 101
    net.advancer.advance(1)
    assert [(t.reveal_block, t.selected) for t in net.tasks()] == [(101, True)] * 3


def test_draw__no_task_drawn__one_fallback_check_after_the_last_result_others_wait(tmp_path):
    net = Net(tmp_path, wait_blocks=0)
    net.add_job(tasks=4, bps=1)
    assert not any(drawn(100, i, 1) for i in range(4))  # a chance of 1 in 10,000 each
    net.run(0, 3)
    net.advancer.advance(1)
    # drawn "no", but not accepted yet: if no task of the job is drawn, one of them may be the fallback
    assert [(t.reveal_block, t.state) for t in net.tasks()[:3]] == [(100, "running")] * 3
    assert net.job().reveal_block is None
    net.run(0, 1)
    net.advancer.advance(1)
    job = net.job()
    assert job.reveal_block == 100
    tasks = net.tasks()
    picked = [t.task_index for t in tasks if t.selected]
    assert len(picked) == 1
    assert {t.task_index for t in tasks if t.state == "accepted"} == set(range(4)) - set(picked)
    # its check (one more replica, by another worker) is what is left to lease
    leases = net.dispatcher.lease_many(WORKERS[1], ("compute",), 4)
    assert [(lease.task_index, lease.replica) for lease in leases] == [(picked[0], 2)]


def test_draw__fallback_with_wait_one_block__drawn_in_the_pass_that_draws_the_last_task(tmp_path):
    """The fallback needs no block of its own: the block that drew the last task already came after every
    result."""
    net = Net(tmp_path, wait_blocks=1)
    net.add_job(tasks=2, bps=1)
    assert not any(drawn(101, i, 1) for i in range(2))
    net.run(0, 2)
    net.advancer.advance(1)
    assert net.job().reveal_block is None and [t.reveal_block for t in net.tasks()] == [None, None]
    net.head.number = 101
    net.advancer.advance(1)
    assert [t.reveal_block for t in net.tasks()] == [101, 101]
    assert net.job().reveal_block == 101
    assert sum(t.selected for t in net.tasks()) == 1


def test_advance__pass_that_queues_no_slot__wakes_no_long_polling_worker(tmp_path):
    net = Net(tmp_path, wait_blocks=1)  # results drawn one block later: the first pass queues nothing
    wakes = []
    net.dispatcher.on_work(wakes.append)
    net.add_job(tasks=8, bps=10_000)
    net.run(0, 4)
    net.advancer.advance(1)
    assert wakes == []  # judged, no check yet: each waiting worker would only find nothing new
    net.head.number += 1
    net.advancer.advance(1)  # every task drawn: its check replica is queued
    assert wakes == [4]  # one wake-up, for the four check slots the pass queued


def test_draw__head_read__while_the_api_can_still_write(tmp_path):
    """The pass reads the chain head (an RPC) before it writes: SQLite's write lock, once a pass takes it,
    is held to its commit, and every ``/v1/work`` on the API's event loop would wait out the call."""
    net = Net(tmp_path, wait_blocks=0)
    net.add_job(tasks=8, bps=5_000)
    net.run(0, 8)
    free: list[bool] = []
    read_head = net.head

    def head() -> tuple[int, bytes]:
        # a write from another connection, as the API's would be, must not find the database locked
        other = sqlite3.connect(tmp_path / "oracle.db", timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.rollback()
            free.append(True)
        except sqlite3.OperationalError:
            free.append(False)
        finally:
            other.close()
        return read_head()

    net.advancer.head = head
    net.advancer.advance(1)
    assert free == [True]
    tasks = net.tasks()
    assert all(t.reveal_block == 100 for t in tasks)  # every result of the pass was drawn in it
    assert {t.task_index for t in tasks if t.selected} == {i for i in range(8) if drawn(100, i, 5_000)}

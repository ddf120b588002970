"""Batched leasing and reporting in the dispatcher (real SQLite database, real signatures; no chain needed:
the job row is written as intake would write it).

A batch takes one slot per task, never more than the worker's share of what is pending (so the last
tasks of a job are spread over every worker), and one refused result in a batch does not stop the
others from being recorded.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from eth_account import Account
from sqlalchemy import event, insert, select, update

from oracles.config import OracleConfig
from oracles.db import create_all, make_engine
from oracles.dispatcher import Dispatcher, LeaseError, ResultItem, Submitted
from oracles.jobcache import JobCache
from oracles.models import Job, Slot, TaskRow
from protocol import eip712
from protocol.config import StorageConfig
from protocol.jobspec import canonical_bytes, load_spec
from protocol.leases import MAX_EXCHANGE as MAX_BATCH
from tests.support.oracle_network import spec_yaml

DOMAIN = eip712.Domain(31337, "0x" + "11" * 20)
KEYS = [bytes([i + 1]) * 32 for i in range(4)]
WORKERS = [Account.from_key(k).address for k in KEYS]
CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def dispatcher(tmp_path: Path, clock: Clock) -> Dispatcher:
    config = OracleConfig(
        name="t",
        database_url=f"sqlite:///{tmp_path}/oracle.db",
        key_env="UNUSED",
        storage=StorageConfig(kind="local", path=str(tmp_path / "store")),
    )
    return Dispatcher(create_all(make_engine(config.database_url)), config, JobCache(), DOMAIN, clock=clock)


def add_job(d: Dispatcher, job_id: int, tasks: int, replication: int = 1) -> None:
    """A running job this oracle leads, with its task and slot rows, as intake leaves them."""
    spec = load_spec(
        spec_yaml(
            "compute",
            replication=replication,
            verification={"method": "hash", "spot_check_bps": 100},
            kernel={"name": "sha256_chain", "chains": tasks, "length": 2, "seed": job_id},
        )
    )
    with d.sessions.begin() as s:
        s.add(
            Job(
                job_id=job_id,
                requester="0x" + "22" * 20,
                spec_cid=CID,
                spec_hash="0x" + "00" * 32,
                num_tasks=tasks,
                budget=str(spec.budget),
                deadline=2_000_000_000,
                created_block=1,
                created_block_hash="0x" + "00" * 32,
                tx_hash="0x" + "00" * 32,
                state="running",
                leader=True,
                kind="compute",
                spec_json=canonical_bytes(spec).decode(),
            )
        )
        s.execute(insert(TaskRow), [{"job_id": job_id, "task_index": i, "state": "running"} for i in range(tasks)])
        s.execute(
            insert(Slot),
            [
                {"job_id": job_id, "task_index": i, "replica": r, "role": "run", "state": "pending"}
                for i in range(tasks)
                for r in range(1, replication + 1)
            ],
        )


def signed(d: Dispatcher, worker: int, lease, digest: bytes = b"\x07" * 32, key: bytes | None = None) -> ResultItem:
    result = eip712.TaskResult(lease.job_id, lease.task_index, lease.replica, digest, eip712.cid_hash(CID))
    signature = eip712.sign_digest(key or KEYS[worker], eip712.task_result_digest(d._separator, result))
    return ResultItem(lease.lease_id, digest, CID, signature)


def states(d: Dispatcher, job_id: int) -> dict[str, int]:
    with d.sessions() as s:
        rows = s.execute(select(Slot.state).where(Slot.job_id == job_id)).scalars().all()
    return {state: rows.count(state) for state in set(rows)}


def test_lease_many__replicated_job__one_slot_per_task(dispatcher):
    add_job(dispatcher, 1, tasks=4, replication=3)
    leases = dispatcher.lease_many(WORKERS[0], ("compute",), MAX_BATCH)
    assert sorted(lease.task_index for lease in leases) == [0, 1, 2, 3]
    # and the next batch of the same worker has nothing left it may run: it holds a replica of every task
    assert dispatcher.lease_many(WORKERS[0], ("compute",), MAX_BATCH) == []
    assert states(dispatcher, 1) == {"leased": 4, "pending": 8}


def test_lease_many__two_active_workers__each_capped_at_its_share_of_pending(dispatcher, clock):
    for worker in WORKERS[:2]:  # both ask while there is nothing: both count as active
        assert dispatcher.lease_many(worker, ("compute",), MAX_BATCH) == []
    add_job(dispatcher, 1, tasks=10)
    first = dispatcher.lease_many(WORKERS[0], ("compute",), MAX_BATCH)
    second = dispatcher.lease_many(WORKERS[1], ("compute",), MAX_BATCH)
    third = dispatcher.lease_many(WORKERS[0], ("compute",), MAX_BATCH)
    assert [len(first), len(second), len(third)] == [5, 3, 1]  # ceil(10/2), ceil(5/2), ceil(2/2)
    clock.now += 31  # worker 1 has not asked for 31 s: no longer active, worker 0 may take all that is left
    assert len(dispatcher.lease_many(WORKERS[0], ("compute",), MAX_BATCH)) == 1
    assert states(dispatcher, 1) == {"leased": 10}


def test_lease_many__want_above_limit__capped_at_max_batch(dispatcher):
    add_job(dispatcher, 1, tasks=MAX_BATCH + 8)
    assert len(dispatcher.lease_many(WORKERS[0], ("compute",), 10 * MAX_BATCH)) == MAX_BATCH


def test_submit_many__one_forged_result__others_recorded(dispatcher):
    add_job(dispatcher, 1, tasks=3)
    leases = dispatcher.lease_many(WORKERS[0], ("compute",), 3)
    assert len(leases) == 3
    items = [
        signed(dispatcher, 0, leases[0]),
        signed(dispatcher, 0, leases[1], key=KEYS[3]),
        signed(dispatcher, 0, leases[2]),
    ]
    outcomes = dispatcher.submit_many(WORKERS[0], items)
    assert isinstance(outcomes[0], Submitted) and isinstance(outcomes[2], Submitted)
    assert isinstance(outcomes[1], LeaseError) and outcomes[1].status == 400
    assert "not by the lease holder" in outcomes[1].detail
    assert states(dispatcher, 1) == {"done": 2, "leased": 1}
    # the same results again: already recorded, refused with 410, nothing recorded twice
    again = dispatcher.submit_many(WORKERS[0], [items[0]])
    assert isinstance(again[0], LeaseError) and again[0].status == 410
    assert states(dispatcher, 1) == {"done": 2, "leased": 1}


def test_submit_many__same_lease_twice_in_one_exchange__second_410_recorded_once(dispatcher):
    add_job(dispatcher, 1, tasks=2)
    lease = dispatcher.lease_many(WORKERS[0], ("compute",), 1)[0]
    item = signed(dispatcher, 0, lease)
    outcomes = dispatcher.submit_many(WORKERS[0], [item, item])
    assert isinstance(outcomes[0], Submitted)
    assert isinstance(outcomes[1], LeaseError) and outcomes[1].status == 410
    assert "no longer held" in outcomes[1].detail
    assert states(dispatcher, 1) == {"done": 1, "pending": 1}


def test_submit_many__forged_copy_then_genuine_result__genuine_recorded(dispatcher):
    add_job(dispatcher, 1, tasks=1)
    lease = dispatcher.lease_many(WORKERS[0], ("compute",), 1)[0]
    forged, genuine = signed(dispatcher, 0, lease, key=KEYS[3]), signed(dispatcher, 0, lease)
    outcomes = dispatcher.submit_many(WORKERS[0], [forged, genuine])
    assert isinstance(outcomes[0], LeaseError) and outcomes[0].status == 400
    assert isinstance(outcomes[1], Submitted)
    with dispatcher.sessions() as s:
        slot = s.get(Slot, outcomes[1].slot_id)
        assert (slot.state, slot.digest, slot.output_cid) == ("done", "0x" + genuine.digest.hex(), genuine.output_cid)
        assert slot.signature == "0x" + genuine.signature.hex()


def test_submit_many__unknown_lease__404_others_recorded(dispatcher):
    add_job(dispatcher, 1, tasks=1)
    lease = dispatcher.lease_many(WORKERS[0], ("compute",), 1)[0]
    unknown = dataclasses.replace(signed(dispatcher, 0, lease), lease_id="ff" * 16)
    outcomes = dispatcher.submit_many(WORKERS[0], [unknown, signed(dispatcher, 0, lease)])
    assert isinstance(outcomes[0], LeaseError) and outcomes[0].status == 404
    assert isinstance(outcomes[1], Submitted)
    assert states(dispatcher, 1) == {"done": 1}


def test_submit_many__lease_of_other_worker__403_and_not_recorded(dispatcher):
    add_job(dispatcher, 1, tasks=2)
    mine = dispatcher.lease_many(WORKERS[0], ("compute",), 1)[0]
    theirs = dispatcher.lease_many(WORKERS[1], ("compute",), 1)[0]
    outcomes = dispatcher.submit_many(WORKERS[0], [signed(dispatcher, 0, theirs), signed(dispatcher, 0, mine)])
    assert isinstance(outcomes[0], LeaseError) and outcomes[0].status == 403
    assert isinstance(outcomes[1], Submitted)
    assert states(dispatcher, 1) == {"done": 1, "leased": 1}


def test_has_backlog__queue_below_the_rounds_for_the_active_workers__false(dispatcher, clock):
    from oracles.dispatcher import BACKLOG_ROUNDS

    for worker in WORKERS[:2]:  # two active workers: a backlog is 2 x BACKLOG_ROUNDS pending slots
        assert dispatcher.lease_many(worker, ("compute",), 1) == []
    add_job(dispatcher, 1, tasks=2 * BACKLOG_ROUNDS + 1)
    add_job(dispatcher, 2, tasks=50)  # another job's queue does not count for job 1
    assert dispatcher.has_backlog(1)
    assert dispatcher.lease_many(WORKERS[0], ("compute",), 1)[0].job_id == 1  # 2 x ROUNDS left
    assert dispatcher.has_backlog(1)
    assert dispatcher.lease_many(WORKERS[1], ("compute",), 1)[0].job_id == 1  # one fewer than a backlog
    assert not dispatcher.has_backlog(1)
    assert dispatcher.has_backlog(2)
    clock.now += 31  # worker 1 no longer counts as active: the rounds for one worker remain
    assert dispatcher.lease_many(WORKERS[0], ("compute",), 1)[0].job_id == 1
    assert dispatcher.has_backlog(1)
    assert not dispatcher.has_backlog(3)  # (no such job)


def test_lease_query__task_lookup__by_the_task_index_not_a_scan_of_the_jobs_runs(dispatcher):
    """SQLite's plan for "never two runs of one task on one worker": one index search per candidate slot.
    It used to scan every leased and done run of the job per candidate (ix_slots_role), so leasing got
    slower as a job progressed."""
    from sqlalchemy.dialects import sqlite

    from oracles.dispatcher import _LEASABLE

    add_job(dispatcher, 1, tasks=50)
    for worker in WORKERS:
        dispatcher.lease_many(worker, ("compute",), 8)
    compiled = _LEASABLE.compile(dialect=sqlite.dialect())
    params = compiled.construct_params({"worker": WORKERS[0], "now": 2_000.0, "n": 16, "kinds": ["compute"]})
    sql = str(compiled)
    expanded = [key for key in compiled.positiontup if f"POSTCOMPILE_{key}]" in sql]  # the IN lists, inlined
    for key in expanded:
        sql = sql.replace(f"(__[POSTCOMPILE_{key}])", "(" + ", ".join(f"'{v}'" for v in params[key]) + ")")
    args = [params[key] for key in compiled.positiontup if key not in expanded]
    with dispatcher.sessions() as s:
        raw = s.connection().connection.dbapi_connection
        plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall()]
    inner = [step for step in plan if "slots_1" in step or "slots_2" in step]  # the two correlated lookups
    assert inner and all("ix_slots_task (job_id=? AND task_index=?" in step for step in inner), plan


def test_exchange__results_and_want__recorded_and_leased_in_one_transaction(dispatcher):
    add_job(dispatcher, 1, tasks=5)
    first = dispatcher.lease_many(WORKERS[0], ("compute",), 2)
    commits = []
    event.listen(dispatcher.sessions.kw["bind"], "commit", lambda conn: commits.append(1))
    items = [signed(dispatcher, 0, first[0]), signed(dispatcher, 0, first[1], key=KEYS[3])]  # the 2nd forged
    results: list[int] = []
    dispatcher.on_result(results.append)
    outcomes, leases = dispatcher.exchange(WORKERS[0], items, ("compute",), 2)
    assert isinstance(outcomes[0], Submitted) and isinstance(outcomes[1], LeaseError) and outcomes[1].status == 400
    assert len(leases) == 2 and {lease.task_index for lease in leases}.isdisjoint(x.task_index for x in first)
    assert len(commits) == 1 and results == [1]
    assert states(dispatcher, 1) == {"done": 1, "leased": 3, "pending": 1}
    # want 0 only reports; lease_many still leases one when asked for 0 (as before)
    assert dispatcher.exchange(WORKERS[0], [signed(dispatcher, 0, leases[0])], ("compute",), 0)[1] == []
    assert len(dispatcher.lease_many(WORKERS[0], ("compute",), 0)) == 1


class _VoidsFirstRow:
    """A dispatch policy that voids the first row read before the batch is taken (the advancer's wind-down
    racing a lease)."""

    def fetch(self, want: int) -> int:
        return want * 2

    def arrange(self, s, worker, now, rows, kinds):
        s.connection().execute(update(Slot).where(Slot.id == rows[0].id).values(state="void"))
        return rows

    def leased(self, worker, now, leases) -> None:
        pass


def test_lease_many__a_slot_voided_before_the_batch_is_taken__the_others_leased(tmp_path, clock):
    d = Dispatcher(
        create_all(make_engine(f"sqlite:///{tmp_path}/o.db")),
        OracleConfig(name="t", database_url=f"sqlite:///{tmp_path}/o.db", key_env="UNUSED"),
        JobCache(),
        DOMAIN,
        clock=clock,
        policy=_VoidsFirstRow(),
    )
    add_job(d, 1, tasks=4)
    leases = d.lease_many(WORKERS[0], ("compute",), 3)
    assert sorted(lease.task_index for lease in leases) == [1, 2]  # task 0's slot was voided: not leased
    assert states(d, 1) == {"void": 1, "leased": 2, "pending": 1}
    with d.sessions() as s:
        held = {x.lease_id for x in s.execute(select(Slot).where(Slot.state == "leased")).scalars()}
    assert held == {lease.lease_id for lease in leases}

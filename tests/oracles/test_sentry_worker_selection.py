"""oracles/worker_selection.py: who gets leases from the sentries' attested uptime and scores."""

from __future__ import annotations

import pytest

from oracles.worker_selection import SelectionPolicy, WorkerSelection, combine
from protocol.sentry_leaf import Leaf, offline_leaf

FAST, SLOW, FLAKY, DOWN, NEW = (f"0x{i:040x}" for i in range(1, 6))
SENTRIES = ["s1", "s2", "s3"]


def leaves(sentry_index: int, epoch: int = 7) -> list[Leaf]:
    wobble = sentry_index * 10
    return [
        Leaf(FAST, epoch, 10_000, 2_000 + wobble),
        Leaf(SLOW, epoch, 10_000, 450 + wobble),  # a worker throttled to a quarter
        Leaf(FLAKY, epoch, 5_000, 1_900 + wobble),
        offline_leaf(DOWN, epoch),
    ]


@pytest.fixture
def selection() -> WorkerSelection:
    chosen = WorkerSelection(SelectionPolicy(min_uptime_bps=8_000, heavy_perf_fraction=0.5))
    chosen.update({s: leaves(i) for i, s in enumerate(SENTRIES)})
    return chosen


def test_may_lease__light_task__all_but_offline_and_low_uptime(selection):
    assert [selection.may_lease(w) for w in (FAST, SLOW, FLAKY, DOWN)] == [True, True, False, False]


def test_may_lease__heavy_task__throttled_worker_refused(selection):
    assert selection.may_lease(FAST, heavy=True)
    assert not selection.may_lease(SLOW, heavy=True)


def test_may_lease__unattested_worker__policy_decides(selection):
    assert selection.may_lease(NEW)
    selection.policy = SelectionPolicy(allow_unattested=False)
    assert not selection.may_lease(NEW)


def test_combine__one_lying_sentry__median_unmoved():
    honest = {s: leaves(i) for i, s in enumerate(SENTRIES[:2])}
    liar = [Leaf(SLOW, 7, 10_000, 9_999_999), offline_leaf(FAST, 7)]
    scores = combine({**honest, "liar": liar})
    assert scores[FAST].offline_votes == 1 and not scores[FAST].offline
    assert scores[SLOW].perf_score <= 460


def test_combine__latest_epoch_only():
    scores = combine({"s1": leaves(0, epoch=6) + [Leaf("0x" + "ab" * 20, 9, 10_000, 1)], "s2": leaves(1, epoch=7)})
    assert scores[FAST].epoch == 7 and scores[FAST].sentries == 1


def test_rank__heavy__fastest_first_unattested_last(selection):
    assert selection.rank([SLOW, NEW, FLAKY, FAST]) == [FAST, NEW]


def test_kinds_for__dispatcher_hook__heavy_kinds_only_for_fast_workers(selection):
    kinds = ("render", "compute", "train")
    assert selection.kinds_for(FAST, kinds) == kinds
    assert selection.kinds_for(SLOW, kinds) == ("compute",)
    assert selection.kinds_for(DOWN, kinds) == ()
    assert selection.kinds_for(FLAKY, kinds) == ()


def test_dispatcher__lease_filter__offline_worker_leases_nothing_live_one_leases(tmp_path):
    """The real dispatcher (SQLite) with the selection as its hook: the worker the sentries saw OFFLINE gets
    no lease of a compute job; a live one gets it."""
    from oracles.config import OracleConfig
    from oracles.db import create_all, make_engine
    from oracles.dispatcher import Dispatcher
    from oracles.jobcache import JobCache
    from protocol.config import StorageConfig
    from tests.oracles.test_dispatcher_batches import DOMAIN, WORKERS, Clock, add_job

    live, down = WORKERS[0], WORKERS[1]
    chosen = WorkerSelection()
    chosen.update({s: [Leaf(live, 7, 10_000, 900), offline_leaf(down, 7)] for s in SENTRIES})
    config = OracleConfig(
        name="t",
        database_url=f"sqlite:///{tmp_path}/oracle.db",
        key_env="UNUSED",
        storage=StorageConfig(kind="local", path=str(tmp_path / "store")),
    )
    d = Dispatcher(
        create_all(make_engine(config.database_url)), config, JobCache(), DOMAIN, Clock(), lease_filter=chosen.kinds_for
    )
    add_job(d, 1, tasks=2)
    assert d.lease_many(down, ("compute",), 2) == []
    assert len(d.lease_many(live, ("compute",), 2)) >= 1


def test_dispatcher__throttled_worker__no_heavy_leases_fast_worker_gets_them(tmp_path):
    """The real dispatcher with the attested scores as its hook, a render job (heavy) and a compute job
    queued: the worker the sentries scored at a quarter of the fastest leases only compute tasks, the fast
    one leases the render tasks."""
    from sqlalchemy import insert

    from oracles.config import OracleConfig
    from oracles.db import create_all, make_engine
    from oracles.dispatcher import Dispatcher
    from oracles.jobcache import JobCache
    from oracles.models import Job, Slot, TaskRow
    from protocol.config import StorageConfig
    from protocol.jobspec import canonical_bytes, load_spec
    from tests.oracles.test_dispatcher_batches import CID, DOMAIN, WORKERS, Clock, add_job
    from tests.support.oracle_network import spec_yaml

    fast, throttled = WORKERS[0], WORKERS[1]
    chosen = WorkerSelection()
    chosen.update(
        {s: [Leaf(fast, 7, 10_000, 2_000 + i), Leaf(throttled, 7, 10_000, 500 + i)] for i, s in enumerate(SENTRIES)}
    )
    config = OracleConfig(
        name="t",
        database_url=f"sqlite:///{tmp_path}/oracle.db",
        key_env="UNUSED",
        storage=StorageConfig(kind="local", path=str(tmp_path / "store")),
    )
    d = Dispatcher(
        create_all(make_engine(config.database_url)), config, JobCache(), DOMAIN, Clock(), lease_filter=chosen.kinds_for
    )
    spec = load_spec(spec_yaml("render", scene_cid=CID))
    tasks = 8
    with d.sessions.begin() as s:
        s.add(
            Job(
                job_id=1,
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
                kind="render",
                spec_json=canonical_bytes(spec).decode(),
            )
        )
        s.execute(insert(TaskRow), [{"job_id": 1, "task_index": i, "state": "running"} for i in range(tasks)])
        s.execute(
            insert(Slot),
            [{"job_id": 1, "task_index": i, "replica": 1, "role": "run", "state": "pending"} for i in range(tasks)],
        )
    add_job(d, 2, tasks=tasks)
    kinds = ("render", "compute")
    leased = {fast: [], throttled: []}
    for _ in range(tasks):  # they take turns, the throttled worker first
        for worker in (throttled, fast):
            leased[worker] += [lease.job_id for lease in d.lease_many(worker, kinds, 1)]
    assert leased[throttled] and set(leased[throttled]) == {2}  # light work only
    assert leased[fast].count(1) == tasks  # every heavy lease went to the fast worker

"""The stake cover (issue 17, "cheating is a losing bet"): a worker leases a run only while its stake covers
the slash of every run it holds or awaits a check's verdict on, plus this one; a worker whose run failed a
check in a job not yet settled leases nothing. Also: a committee member refuses a manifest whose slash per
fault is not the one the spec and its policy give.

Real SQLite database, no chain: the job rows are written as intake would write them (the helpers of
``test_dispatcher_batches``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import insert, update

from oracles.config import OracleConfig
from oracles.db import create_all, make_engine
from oracles.dispatcher import CHECKS_TTL_SECONDS, CachedStake, Dispatcher
from oracles.jobcache import JobCache
from oracles.manifest_audit import audit_manifest
from oracles.models import Job, Slot, SlotState
from protocol.config import CommitteePolicy, StorageConfig
from protocol.contracts import TOKEN
from protocol.jobspec import load_spec
from protocol.result_manifest import ResultManifest
from tests.oracles.test_dispatcher_batches import CID, DOMAIN, WORKERS, Clock, add_job

# add_job's spec, 5 tasks: a hash job paying 1 token per task with a 1 % spot check; each task is checked with
# chance 0.01 + 0.99^5 / 5 (its draw, or the fallback's pick): 3 × 1 token / 0.2002 = 14.98 tokens a fault
TASKS = 5
SLASH = CommitteePolicy().slash_per_fault(TOKEN, 100, TASKS)
WORKER, OTHER = WORKERS[0], WORKERS[1]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def stakes() -> dict[str, int]:
    return {WORKER: 2 * SLASH, OTHER: 2 * SLASH}


def _dispatcher(tmp_path: Path, clock: Clock, stake_of=None) -> Dispatcher:
    config = OracleConfig(
        name="t",
        database_url=f"sqlite:///{tmp_path}/oracle.db",
        key_env="UNUSED",
        storage=StorageConfig(kind="local", path=str(tmp_path / "store")),
    )
    return Dispatcher(create_all(make_engine(config.database_url)), config, JobCache(), DOMAIN, clock, stake_of)


@pytest.fixture
def dispatcher(tmp_path: Path, clock: Clock, stakes: dict[str, int]) -> Dispatcher:
    return _dispatcher(tmp_path, clock, stake_of=lambda worker: stakes[worker])


def _check_of(d: Dispatcher, job_id: int, task_index: int, subject_slot: int, evidence: dict | None) -> None:
    """A check slot of ``subject_slot`` (done with ``evidence``, or pending when None)."""
    with d.sessions.begin() as s:
        s.execute(
            insert(Slot),
            [
                {
                    "job_id": job_id,
                    "task_index": task_index,
                    "replica": 1_000,
                    "role": "check",
                    "subject_slot": subject_slot,
                    "worker": None if evidence is None else OTHER,
                    "state": SlotState.PENDING if evidence is None else SlotState.DONE,
                    "evidence": evidence,
                }
            ],
        )


def _deliver(d: Dispatcher, lease) -> int:
    """Mark a leased run done (as a recorded result) and return its slot id."""
    with d.sessions.begin() as s:
        slot = s.query(Slot).filter(Slot.lease_id == lease.lease_id).one()
        slot.state, slot.lease_id, slot.digest, slot.output_cid = SlotState.DONE, None, "0x" + "07" * 32, CID
        return slot.id


def test_lease_many__stake_covers_two_slashes__third_run_refused(dispatcher, caplog):
    add_job(dispatcher, 1, tasks=TASKS)
    assert 14.9 * TOKEN < SLASH < 15 * TOKEN
    with caplog.at_level(logging.WARNING, logger="oracles.dispatcher"):
        leases = dispatcher.lease_many(WORKER, ("compute",), 5)
    assert len(leases) == 2
    assert f"slashes {SLASH} per caught fault" in caplog.text and "stake more" in caplog.text
    assert dispatcher.lease_many(WORKER, ("compute",), 1) == []
    # another worker's stake is its own
    assert len(dispatcher.lease_many(OTHER, ("compute",), 5)) == 2


def test_lease_many__run_awaiting_a_check__still_counts_until_judged(dispatcher, clock):
    add_job(dispatcher, 1, tasks=TASKS)
    first, second = dispatcher.lease_many(WORKER, ("compute",), 2)
    _check_of(dispatcher, 1, first.task_index, _deliver(dispatcher, first), None)  # drawn: its check is pending
    _deliver(dispatcher, second)  # not drawn (accepted): no longer exposed
    clock.now += CHECKS_TTL_SECONDS + 1
    assert len(dispatcher.lease_many(WORKER, ("compute",), 5)) == 1  # 2 slashes of stake: 1 awaits, 1 free


def test_lease_many__run_failed_its_check_in_unsettled_job__nothing_leased_until_settled(dispatcher, clock, stakes):
    stakes[WORKER] = 100 * SLASH
    add_job(dispatcher, 1, tasks=TASKS)
    add_job(dispatcher, 2, tasks=TASKS)
    (lease,) = dispatcher.lease_many(WORKER, ("compute",), 1)
    _check_of(dispatcher, 1, lease.task_index, _deliver(dispatcher, lease), {"passed": False})
    clock.now += CHECKS_TTL_SECONDS + 1
    assert dispatcher.lease_many(WORKER, ("compute",), 5) == []  # job 2 too: barred, not only from job 1
    assert len(dispatcher.lease_many(OTHER, ("compute",), 1)) == 1
    with dispatcher.sessions.begin() as s:
        s.execute(update(Job).where(Job.job_id == 1).values(state="settled"))  # the slash is on-chain now
    clock.now += CHECKS_TTL_SECONDS + 1
    assert len(dispatcher.lease_many(WORKER, ("compute",), 2)) == 2


def test_lease_many__passed_check__does_not_bar(dispatcher, clock):
    add_job(dispatcher, 1, tasks=TASKS)
    (lease,) = dispatcher.lease_many(WORKER, ("compute",), 1)
    _check_of(dispatcher, 1, lease.task_index, _deliver(dispatcher, lease), {"passed": True})
    clock.now += CHECKS_TTL_SECONDS + 1
    assert len(dispatcher.lease_many(WORKER, ("compute",), 5)) == 2


def test_lease_many__no_stake_reader__no_cover(tmp_path, clock):
    d = _dispatcher(tmp_path, clock)
    add_job(d, 1, tasks=TASKS)
    assert len(d.lease_many(WORKER, ("compute",), 5)) == 5


def test_audit_manifest__slash_per_fault_not_the_specs__refused(dispatcher):
    add_job(dispatcher, 1, tasks=TASKS)
    with dispatcher.sessions() as s:
        entry = dispatcher.jobs.entry(s, 1)
        job = s.get(Job, 1)
        expect = {
            "chain_id": 31337,
            "escrow": DOMAIN.verifying_contract,
            "job_id": 1,
            "spec_cid": job.spec_cid,
            "spec_hash": job.spec_hash,
            "budget": job.budget,
            "created_block_hash": job.created_block_hash,
            "block_hashes": {},
        }
    assert load_spec(job.spec_json).reward_per_task == TOKEN

    def manifest(slash: str | None) -> ResultManifest:
        return ResultManifest(
            **{k: v for k, v in expect.items() if k != "block_hashes"},
            reveal_block=None,
            reveal_block_hash=None,
            policy=CommitteePolicy(),
            tasks=[],
            slash_per_fault=slash,
        )

    policy = CommitteePolicy()
    for wrong in (None, str(policy.slash_amount), str(SLASH + 1)):
        problems = audit_manifest(manifest(wrong), entry, None, expect, policy)  # type: ignore[arg-type]
        assert any(p.startswith("slash per fault") for p in problems), wrong
    problems = audit_manifest(manifest(str(SLASH)), entry, None, expect, policy)  # type: ignore[arg-type]
    assert not any(p.startswith("slash per fault") for p in problems)


def test_cached_stake__primed_by_the_login_read__no_registry_read_until_it_ages():
    reads: list[str] = []
    now = [0.0]
    stake = CachedStake(lambda worker: reads.append(worker) or 5, ttl_s=30.0, clock=lambda: now[0])
    stake.prime(WORKER, 42)
    now[0] = 29.0
    assert stake(WORKER) == 42 and reads == []
    now[0] = 31.0
    assert stake(WORKER) == 5 and reads == [WORKER]


def test_cached_stake__within_ttl__one_registry_read_then_read_again():
    reads: list[str] = []
    now = [0.0]

    def read(worker: str) -> int:
        reads.append(worker)
        return 7 * len(reads)

    stake = CachedStake(read, ttl_s=30.0, clock=lambda: now[0])
    assert stake(WORKER) == 7 and stake(WORKER) == 7 and reads == [WORKER]
    now[0] = 31.0
    assert stake(WORKER) == 14
    stake.forget(WORKER)
    assert stake(WORKER) == 21

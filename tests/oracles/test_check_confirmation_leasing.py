"""What the dispatcher and the advancer do around checks and slashes besides the confirmation itself (issue 17):

- the run window: a round-0 job's slots are leased for ``run_window_s`` after its first lease, then the
  advancer winds it down (delivered tasks accepted, the rest failed and refunded), so every slash its runs
  earn lands before stake unbonded after a lease can leave (``protocol.jobspec.horizon``);
- a job whose slash per fault exceeds the whole stake of every worker that asks for work says so in its
  status (``/v1/jobs/{id}``'s ``error``) instead of stalling silently, until a worker that covers it leases.

Real SQLite, the real dispatcher, advancer and status; the clock is a value the test moves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from oracles.advancer import Advancer
from oracles.config import OracleConfig
from oracles.db import create_all, make_engine
from oracles.dispatcher import UNCOVERED_PREFIX, Dispatcher, ResultItem, _tokens
from oracles.jobcache import JobCache
from oracles.models import Job, JobState, TaskRow
from oracles.status import OracleStatus
from protocol import eip712
from protocol.config import CommitteePolicy, StorageConfig
from protocol.contracts import TOKEN
from protocol.digests import bytes_digest
from protocol.storage import LocalStore
from protocol.storage.folder_manifest import put_manifest
from tests.oracles.test_advancer_spot_checks import Head
from tests.oracles.test_dispatcher_batches import DOMAIN, KEYS, WORKERS, Clock, add_job

WINDOW = 3_600.0
SLASH = CommitteePolicy().slash_per_fault(TOKEN, 100, 5)  # add_job's 5-task job: 14.98 tokens a fault


def _oracle(tmp_path: Path, clock: Clock, stakes: dict[str, int]) -> tuple[Dispatcher, Advancer]:
    config = OracleConfig(
        name="t",
        database_url=f"sqlite:///{tmp_path}/oracle.db",
        key_env="UNUSED",
        storage=StorageConfig(kind="local", path=str(tmp_path / "store")),
    )
    jobs = JobCache()
    dispatcher = Dispatcher(
        create_all(make_engine(config.database_url)),
        config,
        jobs,
        DOMAIN,
        clock,
        stake_of=lambda worker: stakes[worker],
        run_window_s=WINDOW,
    )
    advancer = Advancer(
        dispatcher.sessions, config, jobs, dispatcher, LocalStore(tmp_path / "store"), head=Head(), run_window_s=WINDOW
    )
    return dispatcher, advancer


def _deliver(dispatcher: Dispatcher, advancer: Advancer, lease) -> None:
    """Worker 0's signed result for ``lease``, its output file and manifest in the oracle's store."""
    data = b"chunk %d" % lease.task_index
    cid = put_manifest(advancer.store, {name: advancer.store.put_bytes(data) for name in lease.task["outputs"]})
    digest = bytes_digest([data] * len(lease.task["outputs"]))
    result = eip712.TaskResult(lease.job_id, lease.task_index, lease.replica, digest, eip712.cid_hash(cid))
    signature = eip712.sign_digest(KEYS[0], eip712.task_result_digest(dispatcher._separator, result))
    [outcome] = dispatcher.submit_many(WORKERS[0], [ResultItem(lease.lease_id, digest, cid, signature)])
    assert not isinstance(outcome, Exception), outcome


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def stakes() -> dict[str, int]:
    return {worker: 100 * SLASH for worker in WORKERS}


def test_run_window__over__no_more_leases_and_the_job_winds_down(tmp_path, clock, stakes):
    dispatcher, advancer = _oracle(tmp_path, clock, stakes)
    add_job(dispatcher, 1, tasks=5)
    [lease] = dispatcher.lease_many(WORKERS[0], ("compute",), 1)  # the first lease: the window opens
    _deliver(dispatcher, advancer, lease)
    advancer.advance(1)  # judged as it arrives
    clock.now += WINDOW - 1
    assert len(dispatcher.lease_many(WORKERS[1], ("compute",), 1)) == 1  # still within the window
    clock.now += 2
    assert dispatcher.lease_many(WORKERS[2], ("compute",), 5) == []  # over: nothing more of this job
    advancer.advance(1)
    with dispatcher.sessions() as s:
        job = s.get(Job, 1)
        assert job.wind_down and job.state == JobState.SETTLING
        tasks = {t.task_index: t.state for t in s.query(TaskRow).filter(TaskRow.job_id == 1)}
    assert tasks[lease.task_index] == "accepted"  # delivered before the window closed: settled and paid
    assert list(tasks.values()).count("failed") == 4  # the rest refunded


def test_run_window__a_disputes_round_1__not_limited(tmp_path, clock, stakes):
    dispatcher, _ = _oracle(tmp_path, clock, stakes)
    add_job(dispatcher, 1, tasks=5)
    dispatcher.lease_many(WORKERS[0], ("compute",), 1)
    clock.now += 2 * WINDOW
    assert dispatcher.lease_many(WORKERS[1], ("compute",), 1) == []
    with dispatcher.sessions.begin() as s:
        s.execute(update(Job).where(Job.job_id == 1).values(round=1))  # reopened by a dispute: re-checks
    assert len(dispatcher.lease_many(WORKERS[1], ("compute",), 1)) == 1


def test_status__no_workers_stake_covers_the_slash__says_why_the_job_has_no_lease(tmp_path, clock, stakes):
    dispatcher, _ = _oracle(tmp_path, clock, stakes)
    status = OracleStatus(dispatcher.sessions)
    stakes.update({WORKERS[0]: 10 * TOKEN, WORKERS[1]: 12 * TOKEN})
    add_job(dispatcher, 1, tasks=5)
    assert dispatcher.lease_many(WORKERS[0], ("compute",), 1) == []
    assert dispatcher.lease_many(WORKERS[1], ("compute",), 1) == []
    error = status.job_status(1).error
    assert error.startswith(UNCOVERED_PREFIX)
    assert f"slash of {_tokens(SLASH)} tokens per fault" in error and "14.98" in error
    assert "the largest stake that asked for work: 12 tokens" in error
    # a worker that covers it leases, and the job's status no longer says it waits
    assert len(dispatcher.lease_many(WORKERS[2], ("compute",), 1)) == 1
    assert status.job_status(1).error is None


def test_status__stake_short_only_of_runs_held__no_claim_that_nobody_covers_it(tmp_path, clock, stakes):
    dispatcher, _ = _oracle(tmp_path, clock, stakes)
    status = OracleStatus(dispatcher.sessions)
    stakes[WORKERS[0]] = SLASH  # covers one run at a time
    add_job(dispatcher, 1, tasks=5)
    assert len(dispatcher.lease_many(WORKERS[0], ("compute",), 5)) == 1
    assert status.job_status(1).error is None

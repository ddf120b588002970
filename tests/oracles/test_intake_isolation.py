"""One job's intake never stops the others (real SQLite database, local store, job cache and dispatcher;
no chain needed: the job rows are written as the follower writes them).

Found on main: a 424-byte YAML spec (anchors of anchors, nine levels) ran intake out of memory; intake
caught only ``SpecError``, so the ``MemoryError`` ended every pass and no job submitted after it was
ever picked up. Here each kind of failure sits in front of a good job, which must still be leased,
while the bad one is rejected or parked with a reason the status route shows.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pytest
from eth_account import Account

from oracles.config import OracleConfig
from oracles.db import create_all, make_engine
from oracles.dispatcher import Dispatcher
from oracles.intake import INTAKE_MAX_FAILURES, MAX_REASON_CHARS, Intake, OnChainJob, check_job
from oracles.jobcache import JobCache
from oracles.models import Job, JobState
from oracles.status import OracleStatus
from protocol import eip712
from protocol.config import StorageConfig
from protocol.jobspec import MAX_TASKS, load_spec, spec_hash_hex
from protocol.storage import LocalStore
from protocol.storage.store import DEFAULT_MAX_BYTES
from tests.protocol.jobspec_samples import alias_bomb
from tests.support.oracle_network import spec_yaml

DOMAIN = eip712.Domain(31337, "0x" + "11" * 20)
WORKER = Account.from_key(b"\x01" * 32).address
HOSTILE, GOOD = 1, 2  # job ids: intake takes the hostile one first


class FaultyStore(LocalStore):
    """A local store whose ``get`` of one CID fails as told (the boundary here: a broken or hostile store)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.bad_cid = ""
        self.fault: BaseException | None = None
        self.release = threading.Event()  # a stuck get returns when this is set
        self.stuck = False

    def _fail(self) -> None:
        if self.stuck:
            self.release.wait(timeout=20)
            raise RuntimeError("the stuck get gave up")
        assert self.fault is not None
        raise self.fault

    def _open(self, cid: str) -> AbstractContextManager[Iterator[bytes]]:
        if cid == self.bad_cid:
            self._fail()
        return super()._open(cid)

    def get_bytes(self, cid: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
        # (a small object is read without _open: LocalStore's fast path)
        if cid == self.bad_cid:
            self._fail()
        return super().get_bytes(cid, max_bytes=max_bytes)


@dataclass
class Oracle:
    intake: Intake
    dispatcher: Dispatcher
    store: FaultyStore
    status: OracleStatus

    def add_job(self, job_id: int, spec_text: str, *, num_tasks: int | None = None, budget: int = 10**6) -> str:
        """A job as the follower records it from ``JobCreated``: waiting for intake, led by this oracle."""
        cid = self.store.put_bytes(spec_text.encode())
        try:
            spec = load_spec(spec_text)
            facts = (spec_hash_hex(spec), spec.num_tasks, spec.budget)
        except Exception:  # a hostile spec: the chain holds whatever the requester sent
            facts = ("0x" + "ab" * 32, 1, budget)
        with self.intake.sessions.begin() as s:
            s.add(
                Job(
                    job_id=job_id,
                    requester="0x" + "22" * 20,
                    spec_cid=cid,
                    spec_hash=facts[0],
                    num_tasks=num_tasks if num_tasks is not None else facts[1],
                    budget=str(facts[2]),
                    deadline=2_000_000_000,
                    created_block=1,
                    created_block_hash="0x" + "00" * 32,
                    tx_hash=f"0x{job_id:064x}",
                    state=JobState.INTAKE,
                    leader=True,
                )
            )
        return cid

    def job(self, job_id: int) -> Job:
        with self.intake.sessions() as s:
            job = s.get(Job, job_id)
            assert job is not None
            return job

    def leased_jobs(self) -> set[int]:
        return {lease.job_id for lease in self.dispatcher.lease_many(WORKER, ("compute",), 8)}


@pytest.fixture
def oracle(tmp_path: Path) -> Iterator[Oracle]:
    config = OracleConfig(
        name="t",
        database_url=f"sqlite:///{tmp_path}/oracle.db",
        key_env="UNUSED",
        storage=StorageConfig(kind="local", path=str(tmp_path / "store")),
    )
    sessions = create_all(make_engine(config.database_url))
    jobs = JobCache()
    store = FaultyStore(tmp_path / "store")
    dispatcher = Dispatcher(sessions, config, jobs, DOMAIN)
    oracle = Oracle(
        Intake(sessions, store, jobs, dispatcher, poll_interval=1.0), dispatcher, store, OracleStatus(sessions)
    )
    try:
        yield oracle
    finally:
        store.release.set()  # let a stuck check's thread end


def test_intake__alias_bomb_spec_then_good_job__bomb_rejected_good_job_leased(oracle):
    oracle.add_job(HOSTILE, alias_bomb(levels=9))
    oracle.add_job(GOOD, spec_yaml("compute"))

    oracle.intake.intake()

    hostile = oracle.job(HOSTILE)
    assert hostile.state == JobState.REJECTING
    assert hostile.reject_reason == eip712.REJECT_INVALID_SPEC
    assert "anchors and aliases" in (hostile.error or "")
    assert len(hostile.error or "") < 1_000
    assert oracle.job(GOOD).state == JobState.RUNNING
    assert oracle.leased_jobs() == {GOOD}


def test_intake__check_raises_unexpected_error__job_parked_after_retries_next_job_leased(oracle):
    oracle.store.bad_cid = oracle.add_job(HOSTILE, spec_yaml("compute", name="faulty"))
    oracle.store.fault = RuntimeError("x" * 100_000)
    oracle.add_job(GOOD, spec_yaml("compute"))

    oracle.intake.intake()

    assert oracle.job(GOOD).state == JobState.RUNNING
    assert oracle.leased_jobs() == {GOOD}
    assert oracle.job(HOSTILE).state == JobState.INTAKE  # maybe transient: tried again next pass
    for _ in range(INTAKE_MAX_FAILURES - 1):
        oracle.intake.intake()
    status = oracle.status.job_status(HOSTILE)
    assert status is not None
    assert status.state == JobState.PARKED
    assert (status.error or "").startswith("intake failed: RuntimeError: xxx")
    assert len(status.error or "") <= MAX_REASON_CHARS


def test_intake__check_runs_out_of_memory__job_parked_at_once_next_job_leased(oracle):
    oracle.store.bad_cid = oracle.add_job(HOSTILE, spec_yaml("compute", name="too big"))
    oracle.store.fault = MemoryError()
    oracle.add_job(GOOD, spec_yaml("compute"))

    oracle.intake.intake()

    hostile = oracle.job(HOSTILE)
    assert hostile.state == JobState.PARKED
    assert hostile.error == "intake failed: MemoryError: "
    assert oracle.leased_jobs() == {GOOD}


def test_intake__check_stuck__job_parked_next_job_leased(oracle):
    oracle.store.bad_cid = oracle.add_job(HOSTILE, spec_yaml("compute", name="stuck"))
    oracle.store.stuck = True
    oracle.add_job(GOOD, spec_yaml("compute"))
    oracle.intake.check_timeout = 0.3

    oracle.intake.intake()

    hostile = oracle.job(HOSTILE)
    assert hostile.state == JobState.PARKED
    assert "took longer than 0.3 s" in (hostile.error or "")
    assert oracle.leased_jobs() == {GOOD}
    assert not oracle.store.release.is_set()  # the good job went on while the stuck check was still waiting


def test_check_job__num_tasks_on_chain_above_max__rejected_without_fetching(oracle):
    cid = oracle.store.put_bytes(spec_yaml("compute").encode())
    oracle.store.bad_cid = cid
    oracle.store.fault = AssertionError("the spec must not be fetched")

    result = check_job(oracle.store, OnChainJob(HOSTILE, cid, "0x" + "00" * 32, MAX_TASKS + 1, 10**30))

    assert result.spec is None
    assert (result.reject_reason, result.retry) == (eip712.REJECT_INVALID_SPEC, False)
    assert f"above {MAX_TASKS:,}" in result.message

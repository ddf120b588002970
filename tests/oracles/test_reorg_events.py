"""What a rewind undoes in the oracle's job table (``JobEvents.rewind``), fed hand-made events over SQLite.

The same behaviour on a real chain, with ``anvil_reorg`` and three oracles, is in
``test_reorg_settlement.py``; here each rule is checked on its own: a job whose creation is rewound is
dropped whatever its state (with its tasks and slots), a job whose final event is rewound gets back the
state it had before, and what lies before the fork stays.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from oracles.db import create_all, make_engine
from oracles.events import JobEvents, JobOutcome
from oracles.models import Job, JobState, Slot, TaskRow
from protocol.follower import DecodedEvent, EventTable

LED_HERE = 1


class _LeadsOne:
    def leads(self, job_id: int) -> bool:
        return job_id == LED_HERE


def _event(name: str, block: int, **args: Any) -> DecodedEvent:
    return DecodedEvent(name, args, "0x" + "00" * 20, block, b"\x01" * 32, "0x" + f"{block:064x}", 0)


def _created(job_id: int, block: int, spec: bytes = b"\x02" * 32) -> DecodedEvent:
    return _event(
        "JobCreated",
        block,
        job_id=job_id,
        requester="0x" + "2b" * 20,
        spec_cid="bafy" + spec.hex()[:8],
        spec_hash=spec,
        num_tasks=2,
        budget=10**21,
        deadline=2_000_000_000,
    )


class _Chain:
    """Block hashes as the canonical chain has them now: ``0x`` + the block number repeated, unless replaced."""

    def __init__(self) -> None:
        self.replaced: set[int] = set()

    def block(self, number: int) -> Any:
        fill = 0xEE if number in self.replaced else number
        return type("Block", (), {"hash": bytes([fill]) * 32})()


def _hash(number: int) -> str:
    return "0x" + bytes([number]).hex() * 32


class _Oracle:
    def __init__(self, sessions: sessionmaker) -> None:
        self.sessions = sessions
        self.marked: list[int] = []
        self.chain = _Chain()
        jobs = JobEvents(chain=self.chain, committee=_LeadsOne(), oracle_name="oracle0", mark_dirty=self.marked.append)  # type: ignore[arg-type]
        self.table = EventTable(jobs, rewind=jobs.rewind)

    def feed(self, *events: DecodedEvent) -> None:
        with self.sessions.begin() as s:
            for e in events:
                self.table.on_event(e, s)

    def rewind(self, fork_block: int) -> None:
        with self.sessions.begin() as s:
            self.table.on_rewind(fork_block, s)

    def set_state(self, job_id: int, state: JobState, **fields: Any) -> None:
        with self.sessions.begin() as s:
            job = s.get(Job, job_id)
            job.state = state
            for k, v in fields.items():
                setattr(job, k, v)

    def job(self, job_id: int) -> Job | None:
        with self.sessions() as s:
            return s.get(Job, job_id)

    def count(self, table: type, job_id: int) -> int:
        with self.sessions() as s:
            return s.execute(select(func.count()).select_from(table).where(table.job_id == job_id)).scalar_one()


@pytest.fixture
def oracle(tmp_path) -> _Oracle:
    return _Oracle(create_all(make_engine(f"sqlite:///{tmp_path}/oracle.db")))


def _with_work(oracle: _Oracle, job_id: int) -> None:
    with oracle.sessions.begin() as s:
        s.add(TaskRow(job_id=job_id, task_index=0, state="accepted"))
        s.add(Slot(job_id=job_id, task_index=0, replica=0, role="run", state="leased", lease_id=f"lease-{job_id}"))


@pytest.mark.parametrize("state", list(JobState))
def test_rewind__job_created_after_the_fork__dropped_with_tasks_slots_and_outcomes_whatever_its_state(oracle, state):
    oracle.feed(_created(LED_HERE, 20))
    _with_work(oracle, LED_HERE)
    oracle.set_state(LED_HERE, JobState.SETTLING)
    oracle.feed(_event("JobSettled", 22, job_id=LED_HERE))
    oracle.set_state(LED_HERE, state)

    oracle.rewind(15)

    assert oracle.job(LED_HERE) is None
    assert [oracle.count(t, LED_HERE) for t in (TaskRow, Slot, JobOutcome)] == [0, 0, 0]


def test_job_created__id_created_again_after_its_creation_was_rewound__new_job_taken_in_fresh(oracle):
    oracle.feed(_created(LED_HERE, 20, spec=b"\x02" * 32))
    oracle.set_state(LED_HERE, JobState.SETTLED)
    oracle.rewind(20)
    oracle.feed(_created(LED_HERE, 20, spec=b"\x03" * 32))

    job = oracle.job(LED_HERE)
    assert (job.state, job.spec_hash, job.leader) == (JobState.INTAKE, "0x" + "03" * 32, True)


@pytest.mark.parametrize(
    ("before", "event"),
    [
        (JobState.SETTLING, "JobSettled"),  # the leader: settles again
        (JobState.FOLLOWING, "JobSettled"),  # a member: follows again
        (JobState.REJECTING, "JobRejected"),
        (JobState.RUNNING, "JobReclaimed"),
        (JobState.SETTLING, "DisputeResolved"),
    ],
)
def test_rewind__final_event_after_the_fork__job_back_to_its_state_before(oracle, before, event):
    oracle.feed(_created(LED_HERE, 10))
    oracle.set_state(LED_HERE, before, settle_tx="0x" + "ab" * 32)
    oracle.feed(_event(event, 20, job_id=LED_HERE))
    assert oracle.job(LED_HERE).state in (JobState.SETTLED, JobState.REJECTED, JobState.CLOSED)

    oracle.rewind(18)

    job = oracle.job(LED_HERE)
    assert (job.state, job.settle_tx) == (before, None)
    assert oracle.count(JobOutcome, LED_HERE) == 0
    oracle.rewind(18)  # a second rewind of the same blocks changes nothing more
    assert oracle.job(LED_HERE).state == before


def test_rewind__settled_then_resolved_both_after_the_fork__state_before_the_first_restored(oracle):
    oracle.feed(_created(LED_HERE, 10))
    oracle.set_state(LED_HERE, JobState.SETTLING)
    oracle.feed(_event("JobSettled", 20, job_id=LED_HERE))
    oracle.set_state(LED_HERE, JobState.RUNNING)  # disputed: round 1 runs
    oracle.feed(_event("DisputeResolved", 25, job_id=LED_HERE))

    oracle.rewind(19)

    assert oracle.job(LED_HERE).state == JobState.SETTLING


def test_rewind__final_event_before_the_fork__stays_final(oracle):
    oracle.feed(_created(LED_HERE, 10))
    oracle.set_state(LED_HERE, JobState.SETTLING)
    oracle.feed(_event("JobSettled", 20, job_id=LED_HERE))

    oracle.rewind(21)

    assert oracle.job(LED_HERE).state == JobState.SETTLED
    assert oracle.count(JobOutcome, LED_HERE) == 1


def _drawn_job(oracle: _Oracle, *, selected_at_20: bool = False) -> None:
    """A running job led here: task 0 drawn from block 12, task 1 from block 20, both accepted unchecked."""
    oracle.feed(_created(LED_HERE, 10))
    oracle.set_state(LED_HERE, JobState.RUNNING, reveal_hashes={"12": _hash(12), "20": _hash(20)})
    with oracle.sessions.begin() as s:
        s.add(TaskRow(job_id=LED_HERE, task_index=0, state="accepted", reveal_block=12, draw_after=12))
        s.add(
            TaskRow(
                job_id=LED_HERE,
                task_index=1,
                state="running" if selected_at_20 else "accepted",
                reveal_block=20,
                draw_after=20,
                selected=selected_at_20,
                checked=selected_at_20,
            )
        )


def _task(oracle: _Oracle, index: int) -> TaskRow | None:
    with oracle.sessions() as s:
        return s.get(TaskRow, (LED_HERE, index))


def test_rewind__draw_block_after_the_fork_replaced__its_tasks_drawn_again_others_kept(oracle):
    _drawn_job(oracle)
    oracle.set_state(LED_HERE, JobState.SETTLING, manifest_cid="bafy-old")
    oracle.chain.replaced = {20}

    oracle.rewind(15)

    job, t0, t1 = oracle.job(LED_HERE), _task(oracle, 0), _task(oracle, 1)
    assert (job.state, job.reveal_hashes, job.manifest_cid) == (JobState.RUNNING, {"12": _hash(12)}, None)
    assert (t0.state, t0.reveal_block) == ("accepted", 12)
    assert (t1.state, t1.reveal_block, t1.draw_after) == ("running", None, None)
    assert oracle.marked == [LED_HERE]


def test_rewind__stale_draw_already_made_a_check__job_taken_in_again(oracle):
    _drawn_job(oracle, selected_at_20=True)
    oracle.chain.replaced = {20}

    oracle.rewind(15)

    assert oracle.job(LED_HERE).state == JobState.INTAKE
    assert oracle.count(TaskRow, LED_HERE) == 0


def test_rewind__draw_blocks_still_canonical__draws_kept(oracle):
    _drawn_job(oracle)

    oracle.rewind(15)

    assert oracle.job(LED_HERE).reveal_hashes == {"12": _hash(12), "20": _hash(20)}
    assert _task(oracle, 1).state == "accepted" and oracle.marked == []

"""A requester's dispute of a label job (real SQLite, real store, the real ``JobEvents`` handler and ``Advancer``).

A label task has no re-run check (its labelers are judged job-wide by gold items and agreement, at the
settlement), so a dispute re-checks nothing, as for a zk job: the job goes straight back to settling (the
leader then sends ``resolve``). Before, the dispute marked every label task ``must_check`` and the advancer
built a train replay check for it, failing with a KeyError on every pass: the job never resolved.
"""

from __future__ import annotations

from eth_utils import keccak
from sqlalchemy import select

from oracles.advancer import Advancer
from oracles.config import OracleConfig
from oracles.db import create_all, make_engine
from oracles.events import JobEvents
from oracles.intake import _insert_rows
from oracles.jobcache import JobCache
from oracles.models import Job, JobState, Slot, SlotState, TaskRow, TaskState
from protocol.follower import DecodedEvent
from protocol.storage import LocalStore
from tests.support.labelers import JOB_ID, LabelJob, label_job_row

REVEAL = 50


class _Chain:
    def __init__(self, budget: int) -> None:
        self.budget = budget

    def get_job(self, _job_id: int):
        return type("J", (), {"budget": self.budget, "unclaimed_payout": self.budget, "refund": 0})()


class _Dispatcher:
    def notify_work(self, *_args) -> None:
        pass

    def clock(self) -> float:
        return 0.0


def _settled_label_job(tmp_path) -> tuple:
    """A label job this oracle led and settled in round 0: every batch answered, drawn (never selected:
    spot_check_bps is 0 for labels) and accepted unchecked."""
    job = LabelJob(items=40, gold_items=8, batch_size=10, replication=2, seed=2)
    sessions = create_all(make_engine(f"sqlite:///{tmp_path / 'oracle.db'}"))
    with sessions.begin() as s:
        s.add(
            label_job_row(
                job,
                JobState.SETTLED,
                True,
                "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
                manifest_cid="bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
                reveal_hashes={str(REVEAL): "0x" + keccak(b"reveal").hex()},
            )
        )
        _insert_rows(s, JOB_ID, job.spec)
    with sessions.begin() as s:
        for slot in s.execute(select(Slot).where(Slot.job_id == JOB_ID)).scalars():
            slot.state, slot.worker, slot.output_cid = SlotState.DONE, "0x" + "55" * 20, "bafy-answers"
            slot.evidence = {"outputs": "ok"}
        for task in s.execute(select(TaskRow).where(TaskRow.job_id == JOB_ID)).scalars():
            first = s.execute(
                select(Slot.id).where(Slot.job_id == JOB_ID, Slot.task_index == task.task_index).limit(1)
            ).scalar_one()
            task.state, task.candidate_slot, task.reveal_block, task.draw_after = TaskState.ACCEPTED, first, REVEAL, 0
    return job, sessions


def test_dispute__label_job__nothing_rechecked_and_back_to_settling(tmp_path):
    job, sessions = _settled_label_job(tmp_path)
    dirty: list[int] = []
    events = JobEvents(_Chain(job.spec.budget), None, "o", dirty.append)  # type: ignore[arg-type]
    disputed = DecodedEvent("JobDisputed", {"job_id": JOB_ID}, "0x" + "66" * 20, 60, b"\x77" * 32, "0xaa", 0)
    with sessions.begin() as s:
        events.job_disputed(disputed, s)
    assert dirty == [JOB_ID]
    config = OracleConfig(name="t", database_url="sqlite://", key_env="UNUSED")
    advancer = Advancer(
        sessions,
        config,
        JobCache(),
        _Dispatcher(),  # type: ignore[arg-type]
        LocalStore(tmp_path / "store"),
        head=lambda: (100, keccak(b"head")),
    )

    advancer.advance(JOB_ID)  # raised KeyError('checkpoint_steps') on every pass

    with sessions() as s:
        row = s.get(Job, JOB_ID)
        assert row is not None and (row.round, row.state) == (1, JobState.SETTLING)
        tasks = s.execute(select(TaskRow).where(TaskRow.job_id == JOB_ID)).scalars().all()
        assert {t.state for t in tasks} == {TaskState.ACCEPTED} and not any(t.must_check for t in tasks)
        assert s.execute(select(Slot).where(Slot.job_id == JOB_ID, Slot.role == "check")).first() is None

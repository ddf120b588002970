"""The oracle's chain-event table on fakes: each event reaches its one handler, and the handler's effect.

``EventTable`` is what the follower feeds (``oracles.events``); here it is fed hand-made
``DecodedEvent``s over a SQLite file, with a fake committee and a fake auth, so each handler's
effect is checked without a chain. The follower on anvil is tested in ``test_follower_anvil.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy.orm import sessionmaker

from oracles.db import create_all, make_engine
from oracles.events import JobEvents, RegistryEvents
from oracles.models import Job, JobState
from protocol.follower import DecodedEvent, EventTable, on_

WORKER = "0x" + "1a" * 20
REQUESTER = "0x" + "2b" * 20


@dataclass
class FakeCommittee:
    led: set[int] = field(default_factory=set)

    def leads(self, job_id: int) -> bool:
        return job_id in self.led


@dataclass
class FakeAuth:
    dropped: list[str] = field(default_factory=list)

    def invalidate(self, worker: str) -> None:
        self.dropped.append(worker)

    def invalidate_all(self) -> None:
        self.dropped.append("*")


def event(name: str, block: int = 10, **args: Any) -> DecodedEvent:
    return DecodedEvent(
        name=name,
        args=args,
        address="0x" + "00" * 20,
        block_number=block,
        block_hash=b"\x01" * 32,
        tx_hash="0x" + f"{block:064x}",
        log_index=0,
    )


def job_created(job_id: int, block: int = 10) -> DecodedEvent:
    return event(
        "JobCreated",
        block,
        job_id=job_id,
        requester=REQUESTER,
        spec_cid="bafyspec",
        spec_hash=b"\x02" * 32,
        num_tasks=3,
        budget=10**21,
        deadline=2_000_000_000,
    )


@dataclass
class Oracle:
    """One oracle's event table over its database, with what the handlers called."""

    sessions: sessionmaker
    table: EventTable
    auth: FakeAuth
    marked: list[int]

    def feed(self, *events: DecodedEvent) -> None:
        with self.sessions.begin() as s:  # as the follower does: one transaction per range of logs
            for e in events:
                self.table.on_event(e, s)

    def job(self, job_id: int) -> Job | None:
        with self.sessions() as s:
            return s.get(Job, job_id)


@pytest.fixture
def oracle(tmp_path):
    sessions = create_all(make_engine(f"sqlite:///{tmp_path}/oracle.db"))
    marked: list[int] = []
    auth = FakeAuth()
    jobs = JobEvents(
        chain=None,
        committee=FakeCommittee(led={1}),
        oracle_name="oracle0",  # type: ignore[arg-type]
        mark_dirty=marked.append,
    )
    return Oracle(sessions, EventTable(jobs, RegistryEvents(auth), rewind=jobs.rewind), auth, marked)  # type: ignore[arg-type]


def test_event_table__two_handlers_for_one_event__raises():
    class Escrow:
        @on_("JobSettled")
        def settled(self, _event, _session): ...

    class Other:
        @on_("JobSettled")
        def also_settled(self, _event, _session): ...

    with pytest.raises(ValueError, match="event JobSettled has two handlers"):
        EventTable(Escrow(), Other(), rewind=lambda _block, _session: None)


def test_event_table__every_followed_event__one_handler(oracle):
    assert sorted(oracle.table.handlers) == sorted(
        [
            "JobCreated",
            "JobSettled",
            "DisputeResolved",
            "JobRejected",
            "JobReclaimed",
            "CancelRequested",
            "JobDisputed",
            "NodeRegistered",
            "NodeUpdated",
            "Staked",
            "UnbondStarted",
            "Withdrawn",
            "Slashed",
            "Jailed",
            "Released",
            "MinStakeSet",
        ]
    )


def test_job_created__new_job__recorded_for_intake_with_its_leader(oracle):
    oracle.feed(job_created(1), job_created(2))
    led, followed = oracle.job(1), oracle.job(2)
    assert (led.state, led.leader, led.requester, led.budget, led.spec_hash) == (
        JobState.INTAKE,
        True,
        REQUESTER,
        str(10**21),
        "0x" + "02" * 32,
    )
    assert (followed.state, followed.leader) == (JobState.INTAKE, False)


def test_job_created__seen_twice__first_record_kept(oracle):
    oracle.feed(job_created(1, block=10))
    oracle.feed(job_created(1, block=11))
    assert oracle.job(1).created_block == 10


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("JobSettled", JobState.SETTLED),
        ("DisputeResolved", JobState.SETTLED),
        ("JobRejected", JobState.REJECTED),
        ("JobReclaimed", JobState.CLOSED),
    ],
)
def test_final_event__known_job__final_state(oracle, name, state):
    oracle.feed(job_created(1), event(name, 12, job_id=1))
    assert oracle.job(1).state == state


def test_final_event__unknown_job__nothing_recorded(oracle):
    oracle.feed(event("JobSettled", 12, job_id=9))
    assert oracle.job(9) is None


def test_cancel_requested__running_job__winds_down_and_is_judged_again(oracle):
    oracle.feed(job_created(1), event("CancelRequested", 12, job_id=1))
    job = oracle.job(1)
    assert (job.cancel_requested, job.wind_down) == (True, True)
    assert oracle.marked == [1]


def test_job_disputed__job_not_led_here__untouched(oracle):
    oracle.feed(job_created(2), event("JobDisputed", 12, job_id=2))
    assert (oracle.job(2).state, oracle.job(2).round) == (JobState.INTAKE, 0)
    assert oracle.marked == []


@pytest.mark.parametrize(
    "name", ["NodeRegistered", "NodeUpdated", "Staked", "UnbondStarted", "Withdrawn", "Slashed", "Jailed", "Released"]
)
def test_registry_node_event__a_worker__its_eligibility_dropped(oracle, name):
    oracle.feed(event(name, node=WORKER))
    assert oracle.auth.dropped == [WORKER]


def test_registry_min_stake_set__any__every_eligibility_dropped(oracle):
    oracle.feed(event("MinStakeSet", new_min=5))
    assert oracle.auth.dropped == ["*"]


@pytest.mark.parametrize("name", ["PayoutClaimed", "SlasherSet", "FeesCredited"])
def test_event_without_handler__any__ignored(oracle, name):
    oracle.feed(event(name, job_id=1, node=WORKER))
    assert oracle.auth.dropped == [] and oracle.job(1) is None


def test_rewind__job_first_seen_after_the_fork__forgotten(oracle):
    oracle.feed(job_created(1, block=10), job_created(2, block=20))
    with oracle.sessions.begin() as s:
        s.get(Job, 1).state = JobState.RUNNING
        oracle.table.on_rewind(15, s)
    assert oracle.job(1) is not None and oracle.job(2) is None

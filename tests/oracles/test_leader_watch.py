"""The leader watch's decisions (``oracles.failover.LeaderWatch``) on a SQLite file, with a fake clock, fake
member reports and a fake chain: who takes a job over and when, and when a holder steps down. The same
with real processes and a SIGKILLed leader is ``test_leader_failover.py``."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from oracles.committee import rotation
from oracles.config import OracleConfig, PeerConfig
from oracles.db import create_all, make_engine
from oracles.failover import LeaderWatch
from oracles.models import Job, JobState, Slot, TaskRow
from protocol.contracts import JobStatus
from tests.support.oracle_rows import job_row

MEMBERS = ["0x" + f"{i:040x}" for i in (0xA1, 0xB2, 0xC3)]
BOUND = 10.0
JOB = 3  # rotation: MEMBERS[0], MEMBERS[1], MEMBERS[2]


@dataclass
class FakeChain:
    status: JobStatus = JobStatus.OPEN

    def get_job(self, _job_id: int):
        return type("J", (), {"status": self.status, "deadline": 2_000_000_000})()

    def head(self):
        return type("B", (), {"timestamp": 1_000})()


@dataclass
class FakeCommittee:
    address: str

    def members(self) -> list[str]:
        return MEMBERS


@dataclass
class Watch:
    watch: LeaderWatch
    reports: dict[str, tuple | None] = field(default_factory=dict)  # member (lower) -> stamp
    now: list[float] = field(default_factory=lambda: [0.0])
    takeovers: list[int] = field(default_factory=list)

    def at(self, t: float) -> None:
        self.now[0] = t
        self.watch.check()

    def job(self) -> Job:
        with self.watch.sessions() as s:
            return s.get(Job, JOB)


def _watch(tmp_path, me: int, state: JobState, leader: bool, chain: FakeChain | None = None) -> Watch:
    order = rotation(JOB, MEMBERS)
    sessions = create_all(make_engine(f"sqlite:///{tmp_path}/o.db"))
    with sessions.begin() as s:
        s.add(job_row(JOB, state, leader, requester=MEMBERS[0]))
        s.add(TaskRow(job_id=JOB, task_index=0))
        s.add(Slot(job_id=JOB, task_index=0, replica=0, role="run", state="leased", lease_id="l1"))
    peers = [PeerConfig(address=m, url=f"http://m{i}") for i, m in enumerate(order) if i != me]
    config = OracleConfig(name="me", leader_takeover_after_s=BOUND, peers=peers)
    w = Watch(None)  # type: ignore[arg-type]
    w.watch = LeaderWatch(
        sessions,
        config,
        chain or FakeChain(),
        FakeCommittee(order[me]),  # type: ignore[arg-type]
        on_takeover=lambda: w.takeovers.append(JOB),
        clock=lambda: w.now[0],
    )
    w.watch._report = lambda member, _job: w.reports.get(member)  # type: ignore[method-assign]
    return w


def _stamp(state: str = "running", done: int = 0) -> tuple:
    return (state, 0, 0, 1, done, None, None)


def test_leader_watch__leader_silent_one_bound__rank_one_takes_over_from_intake(tmp_path):
    w = _watch(tmp_path, me=1, state=JobState.FOLLOWING, leader=False)
    leader = rotation(JOB, MEMBERS)[0].lower()
    w.reports[leader] = None  # killed: no answer
    w.at(0.0)
    w.at(BOUND - 1)
    assert w.job().state == JobState.FOLLOWING and w.takeovers == []
    w.at(BOUND + 0.1)
    job = w.job()
    assert (job.state, job.leader, w.takeovers) == (JobState.INTAKE, True, [JOB])


def test_leader_watch__leader_progressing__never_taken_over(tmp_path):
    w = _watch(tmp_path, me=1, state=JobState.FOLLOWING, leader=False)
    leader = rotation(JOB, MEMBERS)[0].lower()
    for step in range(10):
        w.reports[leader] = _stamp("settling", done=step)
        w.at(step * BOUND * 0.9)
    assert w.job().state == JobState.FOLLOWING and w.takeovers == []


def test_leader_watch__leader_reports_settled__not_taken_over(tmp_path):
    w = _watch(tmp_path, me=1, state=JobState.FOLLOWING, leader=False)
    w.reports[rotation(JOB, MEMBERS)[0].lower()] = _stamp("settled")
    for t in (0.0, 3 * BOUND):
        w.at(t)
    assert w.takeovers == []


def test_leader_watch__job_no_longer_open_on_chain__not_taken_over(tmp_path):
    w = _watch(tmp_path, me=1, state=JobState.FOLLOWING, leader=False, chain=FakeChain(JobStatus.SETTLED))
    w.at(0.0)
    w.at(2 * BOUND)
    assert w.job().state == JobState.FOLLOWING and w.takeovers == []


def test_leader_watch__rank_two__waits_for_both_before_it_silent(tmp_path):
    w = _watch(tmp_path, me=2, state=JobState.FOLLOWING, leader=False)
    first, second = (m.lower() for m in rotation(JOB, MEMBERS)[:2])
    w.reports[first] = None
    w.reports[second] = _stamp("following")
    w.at(0.0)
    w.at(BOUND + 1)  # rank 1 would take over now; rank 2 waits
    assert w.takeovers == []
    w.at(2 * BOUND + 1)  # the leader silent two bounds, rank 1 one bound
    assert w.takeovers == [JOB]


def test_leader_watch__later_member_runs_the_job__holder_steps_down_and_drops_its_leases(tmp_path):
    w = _watch(tmp_path, me=0, state=JobState.RUNNING, leader=True)
    w.reports[rotation(JOB, MEMBERS)[1].lower()] = _stamp("running")
    w.at(0.0)
    job = w.job()
    assert (job.state, job.leader) == (JobState.FOLLOWING, False)
    with w.watch.sessions() as s:
        assert s.query(Slot).filter_by(job_id=JOB).count() == 0
        assert s.query(TaskRow).filter_by(job_id=JOB).count() == 0


@pytest.mark.parametrize("state", ["following", "settled", None])
def test_leader_watch__later_member_not_holding__holder_keeps_the_job(tmp_path, state):
    w = _watch(tmp_path, me=0, state=JobState.RUNNING, leader=True)
    w.reports[rotation(JOB, MEMBERS)[1].lower()] = _stamp(state) if state else None
    w.at(0.0)
    assert (w.job().state, w.job().leader) == (JobState.RUNNING, True)


def test_leader_watch__leader_stepped_down_for_a_later_holder__not_taken_over_again(tmp_path):
    w = _watch(tmp_path, me=1, state=JobState.FOLLOWING, leader=False)
    first, _, third = (m.lower() for m in rotation(JOB, MEMBERS))
    w.reports[first] = _stamp("following")  # restarted, stepped down
    w.reports[third] = _stamp("running")  # took the job over while we were down
    for t in (0.0, 5 * BOUND):
        w.at(t)
    assert w.job().state == JobState.FOLLOWING and w.takeovers == []


def test_leader_watch__rank_one_holds_and_progresses__rank_two_waits_though_the_leader_is_dead(tmp_path):
    w = _watch(tmp_path, me=2, state=JobState.FOLLOWING, leader=False)
    first, second = (m.lower() for m in rotation(JOB, MEMBERS)[:2])
    w.reports[first] = None
    for step in range(6):
        w.reports[second] = _stamp("running", done=step)
        w.at(step * BOUND * 0.9)
    assert w.takeovers == []
    w.reports[second] = None  # then rank 1 dies too
    w.at(5 * BOUND * 0.9 + 1)
    w.at(5 * BOUND * 0.9 + 1 + BOUND + 0.1)  # silent for one bound
    assert w.takeovers == [JOB]


def test_leader_watch__leader_running_and_answering_without_progress__alive_not_taken_over(tmp_path):
    w = _watch(tmp_path, me=1, state=JobState.FOLLOWING, leader=False)
    w.reports[rotation(JOB, MEMBERS)[0].lower()] = _stamp("running")  # waiting for a free worker
    for t in (0.0, BOUND, 5 * BOUND):
        w.at(t)
    assert w.takeovers == []


def test_leader_watch__leader_settling_without_progress_one_bound__taken_over(tmp_path):
    w = _watch(tmp_path, me=1, state=JobState.FOLLOWING, leader=False)
    w.reports[rotation(JOB, MEMBERS)[0].lower()] = _stamp("settling")  # its settle never gets through
    w.at(0.0)
    w.at(BOUND + 0.1)
    assert w.takeovers == [JOB]


def test_leader_watch_report__member_api__stamp_from_its_job_status_none_when_unknown_or_down(tmp_path):
    import httpx

    w = _watch(tmp_path, me=1, state=JobState.FOLLOWING, leader=False)
    del w.watch._report  # the real one, over HTTP
    first, _, third = (m.lower() for m in rotation(JOB, MEMBERS))
    body = {"job_id": JOB, "state": "running", "num_tasks": 4, "tasks_accepted": 1, "tasks_failed": 0}
    body |= {"slots_leased": 2, "slots_done": 3, "manifest_cid": None, "settle_tx": None, "error": "x"}

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "m0":
            return httpx.Response(200, json=body)
        if request.url.host == "m2":
            return httpx.Response(404, json={"detail": "not seen"})
        raise httpx.ConnectError("refused")

    w.watch._http = httpx.Client(transport=httpx.MockTransport(answer))
    assert w.watch._report(first, JOB) == ("running", 1, 0, 2, 3, None, None)
    assert w.watch._report(third, JOB) is None
    w.watch.urls[third] = "http://m9"
    assert w.watch._report(third, JOB) is None

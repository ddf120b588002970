"""What a member keeps of a label job for a takeover goes when it can no longer be used, and what it saw survives a
restart (``oracles.labeling.carried_rows``, ``oracles.labeling.carry_over``): rows of final, dropped (in the
follower's real rewind, through ``JobEvents.dropped_hooks``) and long-expired jobs are deleted, open ones kept; a
manifest seen before a restart still refuses copies and exposes the gold at a takeover by the restarted member's
new objects on the same database. And the labeling page's "leader unreachable" path, through the page's real
forwarding route: the leader's 502, then the copy to a follower, kept and seeded when it takes over."""

from __future__ import annotations

from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from frontend_api.web import label_pages
from oracles.db import create_all, make_engine
from oracles.events import JobEvents
from oracles.jobcache import JobCache
from oracles.labeling import carried_rows
from oracles.labeling.carry_over import LabelCarryOver
from oracles.labeling.desk import gold_exposed
from oracles.labeling.models import LabelCarried, LabelGold, LabelManifestSeen
from oracles.models import Job, JobState, SlotState
from tests.oracles import test_label_takeover as takeover
from tests.oracles.test_label_desk import _rank1_watch
from tests.support.labelers import DOMAIN, JOB_ID, LabelJob, label_job_row

world = takeover.world  # (the takeover tests' two oracles on one store)
NOW = 1_900_000_000.0


def _kept_jobs(sessions) -> tuple[set[int], set[int]]:
    with sessions() as s:
        carried = set(s.execute(select(LabelCarried.job_id)).scalars())
        seen = set(s.execute(select(LabelManifestSeen.job_id)).scalars())
    return carried, seen


def _keep_for(s, job_id: int) -> None:
    for task in range(2):
        s.add(
            LabelCarried(
                job_id=job_id,
                task_index=task,
                replica=0,
                worker="0x" + "ab" * 20,
                output_cid="bafy-answers",
                digest="0x" + "00" * 32,
                signature="0x" + "00" * 65,
                mirrored_at=0.0,
            )
        )
    s.add(LabelManifestSeen(job_id=job_id, at=0.0))


@pytest.fixture
def sessions(tmp_path):
    return create_all(make_engine(f"sqlite:///{tmp_path / 'member.db'}"))


def test_prune__final_gone_or_a_day_past_the_deadline__rows_deleted_open_jobs_kept(sessions):
    job = LabelJob(items=20, gold_items=4, batch_size=10, replication=2, seed=1)
    jobs = {
        1: (JobState.FOLLOWING, False, NOW + 3_600),  # open: kept
        2: (JobState.SETTLED, False, NOW + 3_600),
        3: (JobState.REJECTED, False, NOW + 3_600),
        4: (JobState.CLOSED, False, NOW + 3_600),
        6: (JobState.FOLLOWING, False, NOW - 2 * 86_400),  # past its deadline: nobody takes it over
        7: (JobState.FOLLOWING, False, NOW - 3_600),  # just past it (a chain clock behind ours): kept
        8: (JobState.RUNNING, True, NOW + 3_600),  # taken over, running: kept
    }
    with sessions.begin() as s:
        for job_id, (state, leader, deadline) in jobs.items():
            row = label_job_row(job, state, leader)
            row.job_id, row.deadline = job_id, int(deadline)
            s.add(row)
        for job_id in [*jobs, 5]:  # 5: rows of a job no longer in the database
            _keep_for(s, job_id)

    assert carried_rows.prune(sessions, NOW) == 5
    assert _kept_jobs(sessions) == ({1, 7, 8}, {1, 7, 8})
    assert carried_rows.prune(sessions, NOW) == 0


def test_rewind__job_creation_undone__its_rows_deleted_in_the_rewind_others_kept(sessions):
    """The follower's real rewind: the dropped job's rows go in its transaction, so a job created again with that
    id on the new chain starts with none; the rest stay. ``attach`` wires the hook."""
    job = LabelJob(items=20, gold_items=4, batch_size=10, replication=2, seed=1)
    with sessions.begin() as s:
        for job_id, block in ((JOB_ID, 20), (JOB_ID + 1, 5)):
            row = label_job_row(job, JobState.FOLLOWING, False)
            row.job_id, row.created_block = job_id, block
            s.add(row)
            _keep_for(s, job_id)
    events = JobEvents(None, None, "member", lambda _job: None)  # type: ignore[arg-type]
    events.dropped_hooks.append(carried_rows.forget)
    with sessions.begin() as s:
        events.rewind(10, s)
        s.add(label_job_row(job, JobState.INTAKE, False))  # the id created again, from block 10 on
    with sessions() as s:
        assert s.get(Job, JOB_ID).state == JobState.INTAKE
    assert _kept_jobs(sessions) == ({JOB_ID + 1}, {JOB_ID + 1})

    host = SimpleNamespace(
        sessions=sessions,
        store=None,
        jobs=JobCache(),
        escrow_domain=DOMAIN,
        signer=SimpleNamespace(key=takeover.KEYS[0]),
        committee=SimpleNamespace(members=lambda: takeover.MEMBERS),
        failover=SimpleNamespace(takeover_hooks=[], follow_hooks=[]),
        intake=SimpleNamespace(after_rows=[]),
        app=SimpleNamespace(state=SimpleNamespace()),
        dispatcher=SimpleNamespace(submit=lambda *_a: None),
        judge=SimpleNamespace(mark=lambda _job: None),
        job_events=JobEvents(None, None, "member", lambda _job: None),  # type: ignore[arg-type]
        chain=None,
        stake=None,
        config=SimpleNamespace(peer_timeout_seconds=5.0),
    )
    carry = LabelCarryOver.attach(host)  # type: ignore[arg-type]
    assert host.job_events.dropped_hooks == [carried_rows.forget]
    assert host.failover.takeover_hooks == [carry.taken_over] and host.intake.after_rows == [carry.seed]
    assert (carry.submit, carry.on_result) == (host.dispatcher.submit, host.judge.mark)
    carry.close()


def test_mirror__a_watch_round_prunes__the_settled_jobs_answers_go(world, monkeypatch):
    world.record(0, 0, takeover.OLD[0])
    world.rounds(takeover.RUNNING)
    assert _kept_jobs(world.follower)[0] == {JOB_ID}
    with world.follower.begin() as s:
        s.get(Job, JOB_ID).state = JobState.SETTLED  # (its JobSettled followed)
    monkeypatch.setattr(carried_rows, "PRUNE_EVERY_S", 0.0)
    assert world.carry.mirror(JOB_ID, takeover.ORDER[0].lower(), "http://m0", False) == 0
    assert _kept_jobs(world.follower) == (set(), set())


def test_restart__manifest_seen_before__copy_refused_at_once_and_a_takeover_exposes_the_gold(world):
    """The follower saw the old leader's manifest, then restarted (new carry-over and leader watch on the same
    database): before any watch round a copy is refused; the old leader is silent from the restart on, so the new
    watch never sees the manifest, and its takeover still treats the gold as exposed."""
    with world.follower.begin() as s:
        s.add(LabelGold(job_id=JOB_ID, gold_cid=world.store.put_bytes(world.job.gold_file), revealed_at=0.0))
    world.rounds(("settling", 4, 0, 0, 8, "bafy-the-old-manifest", None))
    world.watch.close()

    restarted = LabelCarryOver(
        world.follower,
        world.store,
        JobCache(),
        DOMAIN,
        takeover.KEY_OF[takeover.ORDER[1]],
        lambda: takeover.MEMBERS,
        takeover.STAKED.__contains__,
        http=world.carry._http,
    )
    watch, _order = _rank1_watch(world.follower, world.now, takeover.MEMBERS)
    watch.takeover_hooks[:] = [restarted.taken_over]  # (as attach wires it)
    watch.follow_hooks.append(restarted.mirror)
    world.carry, world.watch = restarted, watch
    route = takeover._copy_route(restarted)
    late = takeover._signed(world, takeover.OLD[0], 0, 0)
    refused = takeover._copy(route, takeover.OLD[0], late)
    assert refused.status_code == 409 and "manifest" in refused.json()["detail"]

    world.rounds(None, None, None)
    with world.follower() as s:
        assert s.get(Job, JOB_ID).state == JobState.INTAKE and gold_exposed(s, JOB_ID)
    assert takeover._copy(route, takeover.OLD[0], late).status_code == 409  # (taken over: still refused)


class _Oracles(httpx.AsyncBaseTransport):
    """The page server's view of two oracles: the leader does not answer, the follower is its real copy route."""

    def __init__(self, follower: FastAPI) -> None:
        self.follower = httpx.ASGITransport(app=follower)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "leader.test":
            raise httpx.ConnectError("connection refused", request=request)
        return await self.follower.handle_async_request(request)


def test_label_page__leader_unreachable__502_then_its_copy_to_a_follower_kept_and_seeded_at_the_takeover(
    world, monkeypatch
):
    """What the page does when the leader does not answer its signed result (``label.js``: a 502 from the page's
    server counts as unreachable, then the result is copied to the other oracles), through the page's real
    forwarding route (``frontend_api.web.label_pages``): the leader's 502, the follower's copy kept; when the
    follower takes the silent leader's job over, the batch starts done with that labeler's answers."""
    follower = takeover._copy_route(world.carry).app
    real_client = httpx.AsyncClient
    monkeypatch.setattr(label_pages.httpx, "AsyncClient", lambda **kw: real_client(transport=_Oracles(follower), **kw))
    page = FastAPI()
    page.include_router(label_pages.router)
    page.state.wallet = SimpleNamespace(store=world.store, oracle_urls=["http://leader.test", "http://follower.test"])
    labeler = takeover.OLD[1]
    batch = takeover._signed(world, labeler, 1, 0)
    headers = {"authorization": f"Bearer {labeler.name}"}
    with TestClient(page) as browser:
        work = browser.post("/label/oracle/0/v1/work", json={"results": [], "want": 0}, headers=headers)
        assert work.status_code == 502  # label.js: unreachable (502, 503, 504)
        body = {
            "task_index": 1,
            "replica": 0,
            "output_cid": batch.output_cid,
            "digest": "0x" + batch.digest.hex(),
            "signature": "0x" + batch.signature.hex(),
        }
        copied = browser.post(f"/label/oracle/1/v1/label/jobs/{JOB_ID}/answers/copy", json=body, headers=headers)
    assert copied.json() == {"kept": "kept"}

    world.rounds(None, None)  # the leader stays silent: taken over
    world.intake()
    slot = world.slots()[(1, 0)]
    assert (slot.state, slot.worker, slot.output_cid) == (SlotState.DONE, labeler.address, batch.output_cid)

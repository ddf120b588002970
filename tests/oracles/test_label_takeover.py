"""Labelers' answers survive a leader takeover (``oracles.labeling.carry_over``): two oracle databases on one
shared store, the old leader's real answers route (member-signed requests) behind a ``TestClient``, the
follower's real ``LeaderWatch`` mirroring it each round and taking the job over when it goes silent, and its
real ``Intake`` seeding the new slots. Batches answered for the old leader start done (not leased again) and
the result manifest pays their original labelers; forged or tampered answers are refused; answers mirrored
before the gold was exposed are kept. A labeler's own copy of its signed result (the follower's real copy
route, logged-in labelers) closes the window after the last mirror round; forged, other-signer, swapped and
oversized copies are refused."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest
from eth_account import Account
from eth_utils import keccak
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from oracles.body_limits import BodyLimits
from oracles.committee import rotation
from oracles.config import OracleConfig
from oracles.db import create_all, make_engine
from oracles.dispatcher import Dispatcher
from oracles.failover import LeaderWatch
from oracles.intake import Intake, _insert_rows
from oracles.jobcache import JobCache
from oracles.labeling import routes
from oracles.labeling.batches import SubmittedBatch
from oracles.labeling.carry_over import LabelCarryOver, request_digest
from oracles.labeling.desk import gold_exposed
from oracles.labeling.models import LabelCarried, LabelGold
from oracles.labeling.settle import label_manifest
from oracles.manifest_audit import build_manifest
from oracles.models import Job, JobState, Slot, SlotState
from protocol import eip712
from protocol.config import CommitteePolicy
from protocol.contracts import Capability
from protocol.jobspec import canonical_bytes
from protocol.result_manifest import plan_from_manifest
from protocol.storage import LocalStore
from tests.oracles.test_label_desk import _rank1_watch
from tests.support.labelers import DOMAIN, JOB_ID, LabelJob, SimLabeler, label_job_row

KEYS = [keccak(f"oracle {i}".encode()) for i in range(3)]
MEMBERS = [Account.from_key(k).address for k in KEYS]
ORDER = rotation(JOB_ID, MEMBERS)  # the old leader, the member that takes over, the third
KEY_OF = dict(zip(MEMBERS, KEYS, strict=True))
OLD = [SimLabeler(f"old{i}", "good", 1.0) for i in range(3)]  # labeled for the old leader
NEW = [SimLabeler(f"new{i}", "good", 1.0) for i in range(2)]  # label what is left for the new one
STAKED = {x.address for x in OLD + NEW}


class _Dispatcher:
    def notify_work(self, *_args) -> None:
        pass


@dataclass
class World:
    job: LabelJob
    store: LocalStore
    leader: object  # the old leader's sessionmaker
    follower: object  # the rank-1 member's
    carry: LabelCarryOver  # the rank-1 member's carry-over, its HTTP client bound to the old leader's app
    watch: LeaderWatch
    now: list[float]

    def record(self, task: int, replica: int, labeler: SimLabeler, tamper: bool = False) -> SubmittedBatch:
        """``labeler``'s signed answers to a batch, recorded on the old leader as ``/v1/work`` records them
        (``tamper``: the stored file is not the one signed, as a leader forging answers would have it)."""
        batch = labeler.submit(self.job, task, replica)
        self.store.put_bytes(batch.answers)
        cid = batch.output_cid
        if tamper:
            labels = ["dog" if x != "dog" else "cat" for x in labeler.answer(self.job, self.job.item_cids[:10])]
            cid = self.store.put_bytes(labeler.submit(self.job, task, replica, labels).answers)
        with self.leader.begin() as s:
            slot = s.execute(
                select(Slot).where(Slot.job_id == JOB_ID, Slot.task_index == task, Slot.replica == replica)
            ).scalar_one()
            slot.state, slot.worker, slot.output_cid = SlotState.DONE, labeler.address, cid
            slot.digest, slot.signature = "0x" + batch.digest.hex(), "0x" + batch.signature.hex()
        return batch

    def rounds(self, *reports) -> None:
        """One watch round per report of the old leader (None: silent), 6 s apart (takeover after 5 s)."""
        for report in reports:
            self.watch._report = lambda member, _job, r=report: r if member == ORDER[0].lower() else None  # type: ignore[method-assign]
            self.watch.check()
            self.now[0] += 6.0

    def intake(self) -> None:
        intake = Intake(self.follower, self.store, JobCache(), _Dispatcher(), 1.0)  # type: ignore[arg-type]
        intake.after_rows.append(self.carry.seed)
        intake.intake()

    def slots(self) -> dict[tuple[int, int], Slot]:
        with self.follower() as s:
            return {
                (x.task_index, x.replica): x for x in s.execute(select(Slot).where(Slot.job_id == JOB_ID)).scalars()
            }


RUNNING = ("running", 0, 0, 2, 3, None, None)


def _db(tmp_path, name: str, job: LabelJob, spec_cid: str, state: JobState, leader: bool):
    sessions = create_all(make_engine(f"sqlite:///{tmp_path / name}.db"))
    with sessions.begin() as s:
        s.add(label_job_row(job, state, leader, spec_cid))
        if leader:
            _insert_rows(s, JOB_ID, job.spec)
    return sessions


@pytest.fixture
def world(tmp_path):
    job = LabelJob(items=40, gold_items=8, batch_size=10, replication=2, seed=2)  # 4 batches, 2 labelers each
    store = LocalStore(tmp_path / "store")
    store.put_bytes(job.manifest)
    spec_cid = store.put_bytes(canonical_bytes(job.spec))
    leader = _db(tmp_path, "old-leader", job, spec_cid, JobState.RUNNING, True)
    follower = _db(tmp_path, "rank1", job, spec_cid, JobState.FOLLOWING, False)
    app = FastAPI()
    app.include_router(routes.router)
    app.state.label_carry = LabelCarryOver(
        leader, store, JobCache(), DOMAIN, KEY_OF[ORDER[0]], lambda: MEMBERS, STAKED.__contains__
    )
    http = TestClient(app)
    carry = LabelCarryOver(
        follower, store, JobCache(), DOMAIN, KEY_OF[ORDER[1]], lambda: MEMBERS, STAKED.__contains__, http=http
    )
    now = [0.0]
    watch, _order = _rank1_watch(follower, now, MEMBERS)  # (its takeover hook exposes the gold, as attach wires it)
    watch.follow_hooks.append(carry.mirror)  # (as LabelCarryOver.attach wires it)
    yield World(job, store, leader, follower, carry, watch, now)
    watch.close()
    http.close()


def test_takeover__batches_answered_for_the_old_leader__start_done_not_leased_again_and_paid(world):
    kept = [world.record(0, 0, OLD[0]), world.record(0, 1, OLD[1]), world.record(1, 0, OLD[2])]
    world.rounds(RUNNING, None, None)  # mirrored while it answers, then taken over after 5 s of silence
    with world.follower() as s:
        job = s.get(Job, JOB_ID)
        assert (job.state, job.leader) == (JobState.INTAKE, True)
        assert len(s.execute(select(LabelCarried)).all()) == 3
    world.intake()

    slots = world.slots()
    for batch in kept:
        slot = slots[(batch.task_index, batch.replica)]
        assert (slot.state, slot.worker, slot.output_cid) == (SlotState.DONE, batch.worker, batch.output_cid)
        assert slot.signature == "0x" + batch.signature.hex() and slot.lease_id is None
    leasable = sorted(key for key, x in slots.items() if x.state == SlotState.PENDING)
    assert leasable == [(1, 1), (2, 0), (2, 1), (3, 0), (3, 1)]  # only the unanswered batches
    paid, payouts = _finish_and_pay(world)
    assert {(b.task_index, b.worker) for b in kept} <= paid
    assert {x.address for x in OLD} <= set(payouts)


def _finish_and_pay(world) -> tuple[set[tuple[int, str]], dict[str, int]]:
    """After a takeover: the new labelers answer what is left (recorded on the new leader); the (task, labeler)
    pairs the result manifest pays, and the payouts by address."""
    world.leader = world.follower
    leasable = sorted(key for key, x in world.slots().items() if x.state == SlotState.PENDING)
    for i, key in enumerate(leasable):
        world.record(*key, NEW[i % 2])
    with world.follower() as s:
        job = s.get(Job, JOB_ID)
        entry = JobCache().put(JOB_ID, world.job.spec)
        plain = build_manifest(s, job, entry, DOMAIN.chain_id, DOMAIN.verifying_contract, CommitteePolicy())
    manifest = label_manifest(plain, world.job.spec, world.store, None, ready_at=0.0, gold_wait_s=0.0)
    plan = plan_from_manifest(manifest, world.job.spec.reward_per_task, "bafy-manifest")
    return {(t.index, w) for t in manifest.tasks for w in t.paid}, plan.payouts


def test_mirror__forged_tampered_unstaked_or_twice_by_one_labeler__refused_the_rest_kept(world, caplog):
    good = world.record(0, 0, OLD[0])
    forged = OLD[1].submit(world.job, 0, 1)  # OLD[1]'s answers, "signed" by another key
    world.store.put_bytes(forged.answers)
    other = eip712.TaskResult(JOB_ID, 0, 1, forged.digest, eip712.cid_hash(forged.output_cid))
    with world.leader.begin() as s:
        slot = s.execute(select(Slot).where(Slot.task_index == 0, Slot.replica == 1)).scalar_one()
        slot.state, slot.worker, slot.output_cid = SlotState.DONE, OLD[1].address, forged.output_cid
        slot.digest = "0x" + forged.digest.hex()
        slot.signature = "0x" + eip712.sign(NEW[0].key, DOMAIN, other).hex()
    world.record(1, 0, OLD[2], tamper=True)  # the stored file is not the signed one
    world.record(2, 0, SimLabeler("unstaked", "good"))  # signed, but not an eligible labeler
    world.record(2, 1, OLD[0])  # fine
    world.record(3, 0, OLD[0])
    world.record(3, 1, OLD[0])  # the same labeler twice on one batch

    world.rounds(RUNNING)  # (a refused item is logged; the watch goes on)
    with world.follower() as s:
        kept = {(r.task_index, r.replica): r.worker for r in s.execute(select(LabelCarried)).scalars()}
    assert kept == {(0, 0): good.worker, (2, 1): OLD[0].address, (3, 0): OLD[0].address}
    refused = [r.why for r in caplog.records if r.getMessage() == "mirrored answer refused"]
    assert len(refused) == 4, refused
    assert any("signature is not" in why for why in refused) and any("signed digest" in why for why in refused)
    assert any("not an eligible staked labeler" in why for why in refused)
    assert any("already answered task 3" in why for why in refused)


def test_answers_route__not_a_member_or_expired__refused(world):
    stranger = keccak(b"a labeler who wants to copy answers")
    leader = ORDER[0]
    expires = int(time.time()) + 60

    def get(key: bytes, member: str, until: int, domain: eip712.Domain = DOMAIN):
        signature = eip712.sign_digest(key, request_digest(domain, member, leader, JOB_ID, 0, until))
        headers = {
            "x-gpuhive-member": member,
            "x-gpuhive-expires": str(until),
            "x-gpuhive-signature": "0x" + signature.hex(),
        }
        return world.carry._http.get(f"/v1/label/jobs/{JOB_ID}/answers", headers=headers)

    world.record(0, 0, OLD[0])
    assert get(KEY_OF[ORDER[2]], ORDER[2], expires).json()["answers"][0]["worker"] == OLD[0].address
    assert get(stranger, Account.from_key(stranger).address, expires).status_code == 403
    assert get(stranger, ORDER[2], expires).status_code == 403  # a member's name, not its key
    assert get(KEY_OF[ORDER[2]], ORDER[2], expires - 3_600).status_code == 403
    other_chain = eip712.Domain(DOMAIN.chain_id + 1, DOMAIN.verifying_contract)  # EIP-712: bound to this chain
    assert get(KEY_OF[ORDER[2]], ORDER[2], expires, other_chain).status_code == 403


def test_takeover__gold_exposed_by_a_published_manifest__answers_mirrored_before_it_kept(world):
    """The old leader published its manifest (its gold may now be public) and went silent: the gold is treated
    as exposed, answers mirrored before are carried over, and nothing answered after is taken."""
    with world.follower.begin() as s:
        s.add(LabelGold(job_id=JOB_ID, gold_cid=world.store.put_bytes(world.job.gold_file), revealed_at=0.0))
    before = world.record(0, 0, OLD[0])
    world.rounds(RUNNING)
    world.record(0, 1, OLD[1])  # answered after the manifest was out: a labeler could have read the gold
    published = ("settling", 4, 0, 0, 8, "bafy-the-old-manifest", None)
    world.rounds(published, None, None)
    with world.follower() as s:
        assert gold_exposed(s, JOB_ID) and s.get(Job, JOB_ID).state == JobState.INTAKE
    world.intake()
    slots = world.slots()
    assert (slots[(0, 0)].state, slots[(0, 0)].worker) == (SlotState.DONE, before.worker)
    assert slots[(0, 1)].state == SlotState.PENDING  # labeled again


# ---------------------------------------------------------------- a labeler's own copy to a follower

UNSTAKED = SimLabeler("unstaked", "good")


class _LoggedIn:
    """Bearer tokens of logged-in labelers, as ``oracles.auth`` issues them (its login is tested there)."""

    def cached_session(self, token: str) -> tuple[bool, tuple[str, int] | None]:
        who = {x.name: x.address for x in [*OLD, *NEW, UNSTAKED]}.get(token)
        return True, (who, int(Capability.LABEL)) if who else None


def _copy_route(carry: LabelCarryOver) -> TestClient:
    """An oracle's copy route over ``carry``, its bodies bounded as the oracle API bounds them."""
    app = FastAPI()
    app.include_router(routes.router)
    app.add_middleware(BodyLimits)
    app.state.label_carry, app.state.auth = carry, _LoggedIn()
    return TestClient(app)


def _copy(route: TestClient, as_labeler: SimLabeler, batch: SubmittedBatch, **change):
    body = {
        "task_index": batch.task_index,
        "replica": batch.replica,
        "output_cid": batch.output_cid,
        "digest": "0x" + batch.digest.hex(),
        "signature": "0x" + batch.signature.hex(),
        **change,
    }
    headers = {"authorization": f"Bearer {as_labeler.name}"}
    return route.post(f"/v1/label/jobs/{JOB_ID}/answers/copy", json=body, headers=headers)


def test_copy__answer_recorded_after_the_last_mirror_round__taken_over_seeded_done_and_paid_to_its_labeler(world):
    mirrored = world.record(0, 0, OLD[0])
    world.rounds(RUNNING)
    late = world.record(1, 0, OLD[1])  # recorded by the old leader after the follower's last round
    to_leader = _copy_route(world.carry._http.app.state.label_carry)
    refused = _copy(to_leader, OLD[1], late)
    assert refused.status_code == 409 and "leads job" in refused.json()["detail"]
    to_follower = _copy_route(world.carry)
    assert _copy(to_follower, OLD[1], late).json() == {"kept": "kept"}
    assert _copy(to_follower, OLD[1], late).json() == {"kept": "held"}  # the page may send it twice

    world.rounds(None, None)  # the old leader died before the follower mirrored it: taken over
    world.intake()
    slots = world.slots()
    for batch in (mirrored, late):
        slot = slots[(batch.task_index, batch.replica)]
        assert (slot.state, slot.worker, slot.output_cid) == (SlotState.DONE, batch.worker, batch.output_cid)
    paid, payouts = _finish_and_pay(world)
    assert (1, OLD[1].address) in paid and OLD[1].address in payouts
    assert _copy(to_follower, OLD[1], late).json() == {"kept": "held"}  # it leads the job now: its slot has it


def test_copy__forged_other_signer_unstaked_swapped_or_oversized__refused_the_holders_record_wins(world):
    route = _copy_route(world.carry)
    forged = OLD[1].submit(world.job, 1, 0)
    world.store.put_bytes(forged.answers)
    other = eip712.TaskResult(JOB_ID, 1, 0, forged.digest, eip712.cid_hash(forged.output_cid))
    assert (
        _copy(route, OLD[1], forged, signature="0x" + eip712.sign(NEW[0].key, DOMAIN, other).hex()).status_code == 403
    )
    assert _copy(route, OLD[0], forged).status_code == 403  # OLD[1]'s signed result, handed in by OLD[0]
    unstaked = UNSTAKED.submit(world.job, 1, 0)
    world.store.put_bytes(unstaked.answers)
    assert "not an eligible staked labeler" in _copy(route, UNSTAKED, unstaked).json()["detail"]
    unstored = OLD[2].submit(world.job, 1, 1, ["fish"] * 10)  # signed, but its answers file is in no store
    assert _copy(route, OLD[2], unstored).status_code == 422
    assert _copy(route, OLD[1], forged, task_index=9_999).status_code == 403  # (the signature names task 1)
    assert _copy(route, OLD[1], forged, signature="0x" + "ab" * 2_000).status_code == 413  # before parsing
    assert route.post(f"/v1/label/jobs/{JOB_ID}/answers/copy", json={}).status_code == 401

    kept = OLD[0].submit(world.job, 2, 0)
    world.store.put_bytes(kept.answers)
    assert _copy(route, OLD[0], kept).status_code == 200
    swapped = OLD[0].submit(world.job, 2, 0, ["cat"] * 10)  # its answers changed afterwards
    world.store.put_bytes(swapped.answers)
    assert "your other answers" in _copy(route, OLD[0], swapped).json()["detail"]
    again = OLD[0].submit(world.job, 2, 1)  # a second replica of the same batch
    world.store.put_bytes(again.answers)
    assert _copy(route, OLD[0], again).status_code == 422
    with world.follower() as s:
        assert {(r.task_index, r.replica): r.worker for r in s.execute(select(LabelCarried)).scalars()} == {
            (2, 0): OLD[0].address
        }
    recorded = world.record(2, 0, NEW[0])  # the holder leased that replica to another labeler: its record wins
    world.rounds(RUNNING)
    with world.follower() as s:
        assert s.get(LabelCarried, (JOB_ID, 2, 0)).worker == recorded.worker


def test_copy__after_a_manifest_was_reported__refused(world):
    world.rounds(("settling", 4, 0, 0, 8, "bafy-the-old-manifest", None))
    late = OLD[0].submit(world.job, 0, 0)
    world.store.put_bytes(late.answers)
    refused = _copy(_copy_route(world.carry), OLD[0], late)
    assert refused.status_code == 409 and "manifest" in refused.json()["detail"]


# ---------------------------------------------------------------- a labeler's copy after the follower took over


def _taken_over(world) -> list[int]:
    """The old leader goes silent and the follower takes the job over (still in intake: no slots yet); the jobs
    its judge was told about."""
    world.rounds(RUNNING, None, None)
    with world.follower() as s:
        assert (s.get(Job, JOB_ID).state, s.get(Job, JOB_ID).leader) == (JobState.INTAKE, True)
    judged: list[int] = []
    world.carry.on_result = judged.append
    return judged


def _signed(world, labeler: SimLabeler, task: int, replica: int) -> SubmittedBatch:
    batch = labeler.submit(world.job, task, replica)
    world.store.put_bytes(batch.answers)
    return batch


def test_copy__after_the_takeover_replica_not_leased_again__its_slot_done_with_it_and_paid(world):
    """A copy that reaches the follower after it took over: in intake it is seeded with the mirrored answers; once
    the slots are in, the replica's pending slot starts done with it (the judge is told); either way its labeler
    is paid, and the same copy again is held."""
    route = _copy_route(world.carry)
    judged = _taken_over(world)
    before_intake = _signed(world, OLD[0], 0, 0)
    assert _copy(route, OLD[0], before_intake).json() == {"kept": "kept"}
    world.intake()
    after_intake = _signed(world, OLD[1], 1, 0)
    assert world.slots()[(1, 0)].state == SlotState.PENDING
    assert _copy(route, OLD[1], after_intake).json() == {"kept": "kept"}
    assert judged == [JOB_ID]
    slots = world.slots()
    for batch in (before_intake, after_intake):
        slot = slots[(batch.task_index, batch.replica)]
        assert (slot.state, slot.worker, slot.output_cid) == (SlotState.DONE, batch.worker, batch.output_cid)
        assert slot.signature == "0x" + batch.signature.hex() and slot.lease_id is None
    assert _copy(route, OLD[1], after_intake).json() == {"kept": "held"}  # the page may send it twice
    paid, payouts = _finish_and_pay(world)
    assert {(0, OLD[0].address), (1, OLD[1].address)} <= paid and {OLD[0].address, OLD[1].address} <= set(payouts)


def test_copy__after_the_takeover__leased_again_to_another_refused_to_its_labeler_submitted_checks_kept(world):
    """After the takeover, a replica the new leader leased again to another labeler refuses the copy saying so; one
    leased to the copy's own labeler takes it as that lease's submission (the dispatcher's); the copy's checks
    hold as before (signature, staked labeler, one replica of a batch per labeler), and none is taken once a
    manifest is out."""
    route = _copy_route(world.carry)
    judged = _taken_over(world)
    world.intake()
    dispatcher = Dispatcher(world.follower, OracleConfig(name="rank1"), JobCache(), DOMAIN)
    dispatcher.on_result(judged.append)
    world.carry.submit = dispatcher.submit
    with world.follower.begin() as s:
        for (task, replica), labeler in {(1, 0): NEW[0], (2, 0): OLD[2]}.items():
            slot = s.execute(select(Slot).where(Slot.task_index == task, Slot.replica == replica)).scalar_one()
            slot.state, slot.worker = SlotState.LEASED, labeler.address
            slot.lease_id, slot.lease_expires = f"{task:032x}", time.time() + 600

    released = _signed(world, OLD[1], 1, 0)
    refused = _copy(route, OLD[1], released)
    assert refused.status_code == 409 and "to another labeler" in refused.json()["detail"]
    assert world.slots()[(1, 0)].state == SlotState.LEASED and world.slots()[(1, 0)].worker == NEW[0].address

    own = _signed(world, OLD[2], 2, 0)
    assert _copy(route, OLD[2], own).json() == {"kept": "kept"}
    slot = world.slots()[(2, 0)]
    assert (slot.state, slot.output_cid, slot.lease_id) == (SlotState.DONE, own.output_cid, f"{2:032x}")
    assert judged == [JOB_ID]  # (through the dispatcher's result listeners)

    forged = OLD[1].submit(world.job, 3, 0)
    world.store.put_bytes(forged.answers)
    other = eip712.TaskResult(JOB_ID, 3, 0, forged.digest, eip712.cid_hash(forged.output_cid))
    assert (
        _copy(route, OLD[1], forged, signature="0x" + eip712.sign(NEW[1].key, DOMAIN, other).hex()).status_code == 403
    )
    assert "not an eligible staked labeler" in _copy(route, UNSTAKED, _signed(world, UNSTAKED, 3, 0)).json()["detail"]
    twice = _signed(world, OLD[2], 2, 1)  # OLD[2] answered replica 0 of that batch here already
    assert "already answered task 2" in _copy(route, OLD[2], twice).json()["detail"]
    assert world.slots()[(2, 1)].state == SlotState.PENDING and world.slots()[(3, 0)].state == SlotState.PENDING

    with world.follower.begin() as s:
        s.get(Job, JOB_ID).manifest_cid = "bafy-the-new-leaders-manifest"
    late = _copy(route, OLD[1], _signed(world, OLD[1], 3, 0))
    assert late.status_code == 409 and "manifest" in late.json()["detail"]

"""The oracle's labeling desk on its own database: a leased batch's items for its holder only, the answers
file stored and its TaskResult typed data — signed in a wallet, it passes the same batch check as any labeler's
— and the gold reveal: refused while labeling is open, by a non-leader and when it does not match the
commitment, accepted once the job is settling (and idempotent)."""

from __future__ import annotations

import time

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data

from oracles.committee import rotation
from oracles.config import OracleConfig, PeerConfig
from oracles.db import create_all, make_engine
from oracles.failover import LeaderWatch
from oracles.jobcache import JobCache
from oracles.labeling.batches import SubmittedBatch, check_batch
from oracles.labeling.desk import DeskError, LabelDesk, RevealedGold, expose_gold_after_takeover, gold_cid_of
from oracles.models import Job, JobState, Slot, SlotState
from protocol.contracts import JobStatus
from protocol.jobspec.label import parse_gold
from protocol.storage import LocalStore
from tests.support.labelers import DOMAIN, JOB_ID, LabelJob, SimLabeler, label_job_row
from tests.support.transcribers import TextJob

LEASE = "ab" * 16


@pytest.fixture
def desk(tmp_path):
    return _desk(tmp_path, LabelJob(items=40, gold_items=8, batch_size=10, seed=2))


def _desk(tmp_path, job):
    store = LocalStore(tmp_path / "store")
    store.put_bytes(job.manifest)
    sessions = create_all(make_engine(f"sqlite:///{tmp_path / 'oracle.db'}"))
    labeler = SimLabeler("desk", "good", 0.9)
    with sessions.begin() as s:
        s.add(label_job_row(job, JobState.RUNNING, True))
        s.add(
            Slot(
                job_id=JOB_ID,
                task_index=2,
                replica=1,
                role="run",
                state=SlotState.LEASED,
                worker=labeler.address,
                lease_id=LEASE,
                lease_expires=9e18,
            )
        )
    return LabelDesk(sessions, store, JobCache(), DOMAIN), job, labeler, sessions


def test_batch__held_lease__items_and_classes_for_its_holder_only(desk):
    d, job, labeler, _ = desk
    batch = d.batch(labeler.address, LEASE)
    assert (batch["task_index"], batch["replica"], batch["classes"]) == (2, 1, list(job.classes))
    assert batch["items"] == [{"index": i, "cid": job.item_cids[i]} for i in range(20, 30)]
    with pytest.raises(DeskError) as refused:
        d.batch("0x" + "99" * 20, LEASE)
    assert refused.value.status == 404


def test_prepare__answers__stored_and_wallet_signature_passes_the_batch_check(desk):
    d, job, labeler, _ = desk
    labels = labeler.answer(job, job.item_cids[20:30])
    prepared = d.prepare(labeler.address, LEASE, labels)
    signed = Account.sign_message(encode_typed_data(full_message=prepared.typed_data), labeler.key)
    batch = SubmittedBatch(
        2,
        1,
        labeler.address,
        d.store.get_bytes(prepared.output_cid),
        prepared.output_cid,
        bytes.fromhex(prepared.digest[2:]),
        bytes(signed.signature),
    )
    assert check_batch(job.spec, DOMAIN, JOB_ID, batch).labels == tuple(labels)
    with pytest.raises(DeskError, match="not one of the job's classes") as bad:
        d.prepare(labeler.address, LEASE, ["zebra"] * 10)
    assert bad.value.status == 422
    with pytest.raises(DeskError, match="has 3 labels"):
        d.prepare(labeler.address, LEASE, labels[:3])


def test_reveal_gold__leader_before_settling_or_forged__refused_then_accepted_once(desk):
    d, job, _, sessions = desk
    with pytest.raises(DeskError, match="still being labeled") as early:
        d.reveal_gold(JOB_ID, job.gold_file)
    assert early.value.status == 409 and d.gold_cid(JOB_ID) is None
    with sessions.begin() as s:
        s.get(Job, JOB_ID).state = JobState.SETTLING
    with pytest.raises(DeskError, match="gold.commitment") as forged:
        d.reveal_gold(JOB_ID, job.gold_file.replace(b'"salt":"0x', b'"salt":"0x0'))
    assert forged.value.status == 422
    revealed = d.reveal_gold(JOB_ID, job.gold_file)
    assert revealed.kept_as == "leader" and d.store.get_bytes(revealed.gold_cid) == job.gold_file
    assert d.gold_cid(JOB_ID) == revealed.gold_cid and d.reveal_gold(JOB_ID, job.gold_file) == revealed
    with pytest.raises(DeskError, match="not seen job") as unknown:
        d.reveal_gold(JOB_ID + 1, job.gold_file)
    assert unknown.value.status == 404


class _Chain:
    def get_job(self, _job_id: int):
        return type("J", (), {"status": JobStatus.OPEN, "deadline": 4_000_000_000})()

    def head(self):
        return type("B", (), {"timestamp": 1_000})()


def _rank1_watch(sessions, now: list[float], members: list[str] | None = None) -> tuple[LeaderWatch, list[str]]:
    """The real LeaderWatch of the member ranked right after job JOB_ID's leader (committee of three, ``members``
    or made-up ones; takeover after 5 s of silence on the clock ``now[0]``), and the job's rotation."""
    members = members or ["0x" + f"{i:040x}" for i in (0xA1, 0xB2, 0xC3)]
    order = rotation(JOB_ID, members)
    config = OracleConfig(
        name="rank1",
        leader_takeover_after_s=5.0,
        peers=[PeerConfig(address=m, url=f"http://m{i}") for i, m in enumerate(order) if i != 1],
    )
    committee = type("C", (), {"address": order[1], "members": lambda self: members})()
    watch = LeaderWatch(sessions, config, _Chain(), committee, on_takeover=lambda: None, clock=lambda: now[0])  # type: ignore[arg-type]
    watch.takeover_hooks.append(expose_gold_after_takeover)  # (as LabelCarryOver.attach wires it)
    return watch, order


def test_reveal_gold__follower_keeps_it__next_leader_has_it_after_takeover_and_restart(desk, tmp_path):
    """The gold reaches the next leader: a follower accepts and stores the reveal (forged files still refused);
    the real LeaderWatch takes the job over from a silent leader (back to intake, work dropped); after a
    restart (a new desk on the same database and store) the new leader's settler finds the gold by CID."""
    d, job, _, sessions = desk
    with sessions.begin() as s:
        row = s.get(Job, JOB_ID)
        row.state, row.leader = JobState.FOLLOWING, False
    with pytest.raises(DeskError, match="gold.commitment"):
        d.reveal_gold(JOB_ID, job.gold_file.replace(b'"salt":"0x', b'"salt":"0x0'))
    kept = d.reveal_gold(JOB_ID, job.gold_file)
    assert kept.kept_as == "follower" and d.gold_cid(JOB_ID) == kept.gold_cid

    now = [0.0]
    watch, order = _rank1_watch(sessions, now)
    watch._report = lambda member, _job: None  # type: ignore[method-assign]  # the leader is gone
    for now[0] in (0.0, 6.0):
        watch.check()
    watch.close()
    with sessions() as s:
        row = s.get(Job, JOB_ID)
        assert (row.state, row.leader) == (JobState.INTAKE, True)

    restarted = create_all(make_engine(f"sqlite:///{tmp_path / 'oracle.db'}"))
    with restarted.begin() as s:
        s.get(Job, JOB_ID).state = JobState.SETTLING  # (intake sliced it again and the new labelers finished)
    again = LabelDesk(restarted, LocalStore(tmp_path / "store"), JobCache(), DOMAIN)
    with restarted() as s:
        cid = gold_cid_of(s, JOB_ID)  # what oracles.settling hands label_manifest
    assert cid == kept.gold_cid and parse_gold(again.store.get_bytes(cid), job.spec) == job.gold
    assert again.reveal_gold(JOB_ID, job.gold_file) == RevealedGold(cid, "leader")


def test_reveal_gold__takeover_after_the_leader_published_its_manifest__gold_exposed_never_used(desk):
    """The old leader reported a manifest (it names the gold, and the shared store serves both) and then went
    silent: the member that takes the job over labels it again, so the gold's answers may be public. It keeps
    the job out of gold: no gold CID for the settler, a new reveal refused, and the settlement does not wait
    the hour for gold. (Without a published manifest the gold carries over: the test above.)"""
    from oracles.labeling.desk import gold_exposed, gold_wait_seconds
    from oracles.labeling.settle import GoldPending, wait_for_gold

    d, job, _, sessions = desk
    with sessions.begin() as s:
        row = s.get(Job, JOB_ID)
        row.state, row.leader = JobState.FOLLOWING, False
    d.reveal_gold(JOB_ID, job.gold_file)
    now = [0.0]
    watch, order = _rank1_watch(sessions, now)
    settling = ("settling", 4, 0, 0, 12, "bafy-the-old-manifest", None)
    reports = {0.0: settling, 6.0: None, 12.0: None}  # it published its manifest, then went silent
    watch._report = lambda member, _job: reports[now[0]] if member == order[0] else None  # type: ignore[method-assign]
    for now[0] in (0.0, 6.0, 12.0):
        watch.check()
    watch.close()
    with sessions() as s:
        row = s.get(Job, JOB_ID)
        assert (row.state, row.leader) == (JobState.INTAKE, True)
        assert gold_exposed(s, JOB_ID) and gold_cid_of(s, JOB_ID) is None
    with sessions.begin() as s:
        s.get(Job, JOB_ID).state = JobState.SETTLING  # (labeled again by new labelers)
    with pytest.raises(DeskError, match="judged by agreement alone") as refused:
        d.reveal_gold(JOB_ID, job.gold_file)
    assert refused.value.status == 409
    # what the settler hands label_manifest for an exposed job: no gold, and no wait for it
    ready = time.time()  # every batch has its answers now
    with sessions() as s:
        wait, cid = gold_wait_seconds(s, JOB_ID), gold_cid_of(s, JOB_ID)  # (oracles.settling's two reads)
    assert wait == 0.0
    wait_for_gold(JOB_ID, cid, ready, gold_wait_s=wait)  # judged by agreement alone at once
    with pytest.raises(GoldPending):  # what a job with no gold yet (not exposed) does
        wait_for_gold(JOB_ID, None, ready)


def test_prepare__free_text__typed_text_made_canonical_signed_and_checked(tmp_path):
    job = TextJob(items=40, gold_items=8, batch_size=10, seed=2)
    d, _, labeler, _ = _desk(tmp_path, job)
    batch = d.batch(labeler.address, LEASE)
    assert (batch["schema"], batch["max_chars"], batch["classes"]) == ("text", job.max_chars, [])
    typed = ["  The cafe\u0301\n opens  at nine "] + [f"item {i}" for i in range(1, 10)]
    prepared = d.prepare(labeler.address, LEASE, typed)
    signed = Account.sign_message(encode_typed_data(full_message=prepared.typed_data), labeler.key)
    data = d.store.get_bytes(prepared.output_cid)
    submitted = SubmittedBatch(
        2, 1, labeler.address, data, prepared.output_cid, bytes.fromhex(prepared.digest[2:]), bytes(signed.signature)
    )
    assert check_batch(job.spec, DOMAIN, JOB_ID, submitted).labels[0] == "The caf\u00e9 opens at nine"
    with pytest.raises(DeskError, match="at most 300") as long:
        d.prepare(labeler.address, LEASE, ["x" * 301] + typed[1:])
    assert long.value.status == 422

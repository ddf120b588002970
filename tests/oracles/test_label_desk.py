"""The oracle's labeling desk on its own database: a leased batch's items for its holder only, the answers
file stored and its TaskResult typed data — signed in a wallet, it passes the same batch check as any labeler's
— and the gold reveal: refused while labeling is open, by a non-leader and when it does not match the
commitment, accepted once the job is settling (and idempotent)."""

from __future__ import annotations

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data

from oracles.db import create_all, make_engine
from oracles.jobcache import JobCache
from oracles.labeling.batches import SubmittedBatch, check_batch
from oracles.labeling.desk import DeskError, LabelDesk
from oracles.models import Job, JobState, Slot, SlotState
from protocol.jobspec import canonical_bytes
from protocol.storage import LocalStore
from tests.support.labelers import DOMAIN, JOB_ID, LabelJob, SimLabeler

LEASE = "ab" * 16


@pytest.fixture
def desk(tmp_path):
    job = LabelJob(items=40, gold_items=8, batch_size=10, seed=2)
    store = LocalStore(tmp_path / "store")
    store.put_bytes(job.manifest)
    sessions = create_all(make_engine(f"sqlite:///{tmp_path / 'oracle.db'}"))
    labeler = SimLabeler("desk", "good", 0.9)
    with sessions.begin() as s:
        s.add(
            Job(
                job_id=JOB_ID,
                requester="0x" + "11" * 20,
                spec_cid="bafk-spec",
                spec_hash="0x" + "22" * 32,
                num_tasks=job.spec.num_tasks,
                budget=str(job.spec.budget),
                deadline=4_000_000_000,
                created_block=1,
                created_block_hash="0x" + "33" * 32,
                tx_hash="0x" + "44" * 32,
                state=JobState.RUNNING,
                leader=True,
                kind="label",
                spec_json=canonical_bytes(job.spec).decode(),
            )
        )
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


def test_reveal_gold__before_settling_forged_or_not_leader__refused_then_accepted_once(desk):
    d, job, _, sessions = desk
    with pytest.raises(DeskError, match="still being labeled") as early:
        d.reveal_gold(JOB_ID, job.gold_file)
    assert early.value.status == 409 and d.gold_cid(JOB_ID) is None
    with sessions.begin() as s:
        s.get(Job, JOB_ID).state = JobState.SETTLING
    with pytest.raises(DeskError, match="gold.commitment") as forged:
        d.reveal_gold(JOB_ID, job.gold_file.replace(b'"salt":"0x', b'"salt":"0x0'))
    assert forged.value.status == 422
    cid = d.reveal_gold(JOB_ID, job.gold_file)
    assert d.store.get_bytes(cid) == job.gold_file and d.gold_cid(JOB_ID) == cid
    assert d.reveal_gold(JOB_ID, job.gold_file) == cid
    with sessions.begin() as s:
        s.get(Job, JOB_ID).leader = False
    with pytest.raises(DeskError, match="does not lead") as follower:
        d.reveal_gold(JOB_ID, job.gold_file)
    assert follower.value.status == 404

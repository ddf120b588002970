"""Three oracles (k = 2) in one process against anvil, with simulated workers on the real HTTP API.

Each test runs a job through the whole oracle path — chain follower,
intake, leases, verification engine, manifest, committee countersigning,
``settle`` on-chain — and checks the money on-chain.
"""

from __future__ import annotations

import numpy as np
import pytest

from protocol.contracts import TOKEN, JobStatus
from protocol.eip712 import REJECT_INVALID_SPEC
from protocol.result_manifest import ResultManifest, plan_from_manifest
from tests.support.oracle_api import leader_index, next_job_id, wait_for
from tests.support.oracle_network import Network, build_network, job_manifest, spec_yaml

pytestmark = [pytest.mark.anvil, pytest.mark.slow]


@pytest.fixture
def net(accounts, anvil_uri, chain_snapshot, tmp_path):
    network = build_network(accounts, anvil_uri, tmp_path)
    yield network
    network.close()


def _claim_all(net: Network, job_id: int, manifest: ResultManifest, cid: str, reward: int) -> dict[str, int]:
    """Every paid worker claims with its Merkle proof after the dispute window; returns amounts claimed."""
    from ape import chain

    escrow, token = net.contracts["JobEscrow"], net.contracts["HiveToken"]
    plan = plan_from_manifest(manifest, reward, cid)
    chain.pending_timestamp += net.manifest.params["dispute_window"] + 1
    chain.mine()
    claimed = {}
    for worker, amount in plan.payouts.items():
        before = token.balanceOf(worker)
        _, proof = plan.proof(worker)
        escrow.claim(worker, [job_id], [amount], [proof], sender=net.accounts[0])
        claimed[worker] = token.balanceOf(worker) - before
    return claimed


def test_oracles__compute_job_hash_policy__settled_paid_and_claimed(net, accounts):
    workers = [net.add_worker(accounts[i]).start() for i in (4, 5, 6)]
    job_id = net.create_job(spec_yaml("compute"))
    net.wait_status(job_id, JobStatus.SETTLED)
    manifest, cid = job_manifest(net, job_id)
    assert [t.status for t in manifest.tasks] == ["accepted"] * 6
    for task in manifest.tasks:
        runs = [s for s in task.slots if s.role == "run"]
        assert len({s.worker for s in runs}) == len(runs) == 2  # replicas ran on different workers
        assert len({s.digest for s in runs}) == 1
    job = net.contracts["JobEscrow"].get_job(job_id)
    assert job.unclaimed_payout == 12 * TOKEN  # 6 tasks x 2 replicas x 1 token
    claimed = _claim_all(net, job_id, manifest, cid, TOKEN)
    assert sum(claimed.values()) == 12 * TOKEN
    assert set(claimed) <= {w.address for w in workers}


def test_oracles__liar_outvoted__slashed_and_unpaid(net, accounts):
    registry = net.contracts["WorkerRegistry"]
    honest = [net.add_worker(accounts[i]).start() for i in (4, 5)]
    liar = net.add_worker(accounts[6], behaviour="liar").start()
    spec = spec_yaml("compute", replication=3, kernel={"name": "sha256_chain", "chains": 3, "length": 5, "seed": 2})
    job_id = net.create_job(spec)
    net.wait_status(job_id, JobStatus.SETTLED)
    manifest, cid = job_manifest(net, job_id)
    assert all(t.status == "accepted" for t in manifest.tasks)
    assert all(liar.address in t.slashed and liar.address not in t.paid for t in manifest.tasks)
    plan = plan_from_manifest(manifest, TOKEN, cid)
    assert liar.address not in plan.payouts
    assert plan.payouts == {w.address: 3 * TOKEN for w in honest}
    slashed = dict(plan.slashes)[liar.address]
    assert slashed == 3 * 10 * TOKEN
    assert registry.stake_of(liar.address) == 100 * TOKEN - slashed
    assert all(registry.stake_of(w.address) == 100 * TOKEN for w in honest)


def test_oracles__lease_expires__slot_reassigned_and_job_settles(accounts, anvil_uri, chain_snapshot, tmp_path):
    # fifo: the AI Core policy (the default) could finish the vanisher's tasks by backup copies before its leases
    # run out; this test is about the expiry
    net = build_network(accounts, anvil_uri, tmp_path, lease_seconds=1.5, dispatch_policy="fifo")
    try:
        vanisher = net.add_worker(accounts[4], behaviour="vanish").start()
        job_id = net.create_job(
            spec_yaml("compute", replication=1, verification={"method": "hash", "spot_check_bps": 10_000})
        )
        while not vanisher.vanished:
            pass
        helpers = [net.add_worker(accounts[i]).start() for i in (5, 6)]
        net.wait_status(job_id, JobStatus.SETTLED)
        manifest, _ = job_manifest(net, job_id)
        workers = {s.worker for t in manifest.tasks for s in t.slots}
        assert vanisher.address not in {w for t in manifest.tasks for w in t.paid}
        assert workers <= {h.address for h in helpers} | {vanisher.address}
        leader = next(svc for svc in net.oracles if svc and svc.job_status(job_id).manifest_cid)
        from sqlalchemy import select

        from oracles.models import Slot

        with leader.sessions() as s:
            histories = [h for (h,) in s.execute(select(Slot.history).where(Slot.job_id == job_id)) if h]
        assert any(
            entry["why"] == "lease expired" and entry["worker"] == vanisher.address
            for history in histories
            for entry in history
        )
    finally:
        net.close()


def test_oracles__one_oracle_down__two_of_three_still_settle(net, accounts):
    members = net.oracle(0).members()
    next_id = next_job_id(net)
    leader = members[next_id % 3]
    leader_index = next(i for i in range(3) if net.oracle(i).address == leader)
    down = next(i for i in range(3) if i != leader_index)
    net.stop_oracle(down)
    for i in (4, 5, 6):
        net.add_worker(accounts[i], oracle=leader_index).start()
    job_id = net.create_job(spec_yaml("compute"))
    assert job_id == next_id
    net.wait_status(job_id, JobStatus.SETTLED)
    manifest, _ = job_manifest(net, job_id)
    assert all(t.status == "accepted" for t in manifest.tasks)


def test_oracles__invalid_spec__rejected_on_chain_and_fully_refunded(net, accounts):
    escrow, token = net.contracts["JobEscrow"], net.contracts["HiveToken"]
    before = token.balanceOf(net.requester)
    job_id = net.create_job("kind: compute\nname: broken\nreplication: 0\n", budget=5 * TOKEN)

    def all_know() -> bool:
        return all(svc.job_status(job_id).state == "rejected" for svc in net.oracles if svc)

    net.wait_status(job_id, JobStatus.REJECTED, also=all_know)
    leader = next(svc for svc in net.oracles if svc and svc.job_status(job_id).settle_tx)
    assert "kernel: required field is missing" in (leader.job_status(job_id).error or "")
    assert token.balanceOf(net.requester) == before  # reject sends the whole budget back at once
    assert token.balanceOf(escrow) == 0
    from ape import chain

    rejected = [e for e in escrow.JobRejected.range(0, chain.blocks.head.number + 1) if e.job_id == job_id]
    assert [(e.reason, e.refund) for e in rejected] == [(REJECT_INVALID_SPEC, 5 * TOKEN)]


def test_oracles__render_job__crop_spot_checks_pass_and_settle(net, accounts):
    scene_cid = net.store.put_bytes(b"BLENDER-v300 stand-in scene for the simulated workers")
    workers = [net.add_worker(accounts[i]).start() for i in (4, 5, 6)]
    job_id = net.create_job(spec_yaml("render", scene_cid=scene_cid))
    net.wait_status(job_id, JobStatus.SETTLED)
    manifest, _ = job_manifest(net, job_id)
    checked = [t for t in manifest.tasks if t.selected_for_check]
    assert checked  # each of the 8 tasks drawn with a chance of 50 % (at least one check per job)
    for task in checked:
        check = next(s for s in task.slots if s.role == "check")
        run = next(s for s in task.slots if s.role == "run")
        assert check.worker != run.worker
        assert check.evidence and check.evidence["passed"] is True
        assert len(check.check["crops"]) == 4 and len(set(check.check["seeds"])) == 2
    assert all(t.status == "accepted" for t in manifest.tasks)
    assert {w for t in manifest.tasks for w in t.paid} <= {w.address for w in workers}


def test_oracles__render_liar__crop_check_fails_slashed_and_rerun(net, accounts):
    scene_cid = net.store.put_bytes(b"BLENDER-v300 stand-in scene 2")
    liar = net.add_worker(accounts[4], behaviour="liar").start()
    # the honest workers take a while per task, so they cannot empty the queue before the liar's poll arrives
    [net.add_worker(accounts[i], compute_s=0.3).start() for i in (5, 6)]
    # 8 tasks + 8 checks, plus room to re-run and re-check the liar's tasks (the margin is refunded)
    spec = spec_yaml(
        "render",
        scene_cid=scene_cid,
        budget=32 * TOKEN,
        verification={"method": "render", "spot_check_bps": 10_000, "crops": 4, "crop_size_bps": 5_000},
    )
    job_id = net.create_job(spec)
    net.wait_status(job_id, JobStatus.SETTLED)
    manifest, cid = job_manifest(net, job_id)
    liar_tasks = [t for t in manifest.tasks if any(s.worker == liar.address and s.role == "run" for s in t.slots)]
    assert liar_tasks, "the liar leased no task"
    for task in liar_tasks:
        assert liar.address in task.slashed
        assert task.status == "accepted" and task.accepted_output_cid
        accepted = next(s for s in task.slots if s.output_cid == task.accepted_output_cid)
        assert accepted.worker != liar.address
        failed = [s for s in task.slots if s.role == "check" and s.evidence and not s.evidence["passed"]]
        assert failed and failed[0].evidence["p_value"] <= failed[0].evidence["max_false_rejection"]
        assert "too different" in failed[0].evidence["reason"]  # random pixels: outliers everywhere
    plan = plan_from_manifest(manifest, TOKEN, cid)
    checks_by_liar = sum(1 for t in manifest.tasks for s in t.slots if s.role == "check" and s.worker == liar.address)
    assert plan.payouts.get(liar.address, 0) == checks_by_liar * TOKEN  # paid only for honest checks it ran
    assert dict(plan.slashes)[liar.address] == len(liar_tasks) * 10 * TOKEN


def test_oracles__train_job__segment_replays_pass_and_settle(net, accounts):
    buf = __import__("io").BytesIO()
    np.savez(buf, x=np.zeros((64, 4), np.float32), y=np.zeros(64, np.int64))
    dataset_cid = net.store.put_bytes(buf.getvalue())
    [net.add_worker(accounts[i]).start() for i in (4, 5, 6)]
    job_id = net.create_job(spec_yaml("train", dataset_cid=dataset_cid))
    net.wait_status(job_id, JobStatus.SETTLED)
    manifest, _ = job_manifest(net, job_id)
    assert len(manifest.tasks) == 2  # 16 steps in segments of 8
    assert all(t.status == "accepted" for t in manifest.tasks)
    checked = [t for t in manifest.tasks if t.selected_for_check]
    assert checked
    for task in checked:
        check = next(s for s in task.slots if s.role == "check")
        assert check.evidence["passed"] is True
        assert check.evidence["segments"][0]["distance"] == 0.0


def test_spot_checks__reveal_wait_one_block__each_drawn_from_a_block_mined_after_its_result(
    accounts, anvil_uri, chain_snapshot, tmp_path
):
    """No worker can know the spot-check draw while it can still change its result: with
    ``reveal_wait_blocks = 1`` a task's draw waits for a block mined after its result arrived."""
    import time

    from ape import chain
    from sqlalchemy import select

    from oracles.models import Job, TaskRow

    net = build_network(accounts, anvil_uri, tmp_path, start=False)
    net.configs = [c.model_copy(update={"reveal_wait_blocks": 1}) for c in net.configs]
    try:
        for i in range(3):
            net.start_oracle(i)
        for i in (4, 5):
            net.add_worker(accounts[i]).start()
        spec = spec_yaml(
            "compute",
            replication=1,
            verification={"method": "hash", "spot_check_bps": 10_000},
            kernel={"name": "sha256_chain", "chains": 2, "length": 5, "seed": 8},
        )
        job_id = net.create_job(spec)
        leader = net.oracle(leader_index(net, job_id))

        def results_in() -> bool:
            with leader.sessions() as s:
                candidates = s.execute(select(TaskRow.candidate_slot).where(TaskRow.job_id == job_id)).scalars().all()
            return len(candidates) == 2 and None not in candidates

        wait_for(results_in, what="a result for every task")
        head_when_done = chain.blocks.head.number
        time.sleep(2.5)  # several judging passes (the periodic one runs every second): no block, no draw
        with leader.sessions() as s:
            assert s.execute(select(TaskRow.reveal_block).where(TaskRow.job_id == job_id)).scalars().all() == [
                None,
                None,
            ]
            assert s.get(Job, job_id).reveal_hashes is None
        chain.mine()  # any transaction would do; the draw uses the first block after the result
        net.wait_status(job_id, JobStatus.SETTLED)
        manifest, _ = job_manifest(net, job_id)
        assert [t.reveal_block for t in manifest.tasks] == [head_when_done + 1] * 2
        assert list(manifest.reveal_hashes) == [head_when_done + 1]
        assert manifest.reveal_block is None  # tasks were drawn on their own: no job-wide fallback
        assert all(t.status == "accepted" and t.selected_for_check for t in manifest.tasks)
        assert all(len([s for s in t.slots if s.role == "run"]) == 2 for t in manifest.tasks)  # both checked
    finally:
        net.close()

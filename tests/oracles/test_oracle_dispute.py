"""A requester's dispute within the window: the committee re-checks every task that was accepted
unchecked and answers with `resolve` — upheld (bond to the signers) or corrected (the cheater
slashed and unpaid, the bond back to the requester)."""

from __future__ import annotations

import time

import pytest

from protocol.contracts import TOKEN, JobStatus
from protocol.result_manifest import plan_from_manifest
from tests.support.oracle_network import Network, build_network, job_manifest, spec_yaml

pytestmark = [pytest.mark.anvil, pytest.mark.slow]

SPEC = dict(
    replication=1,
    budget=40 * TOKEN,
    kernel={"name": "sha256_chain", "chains": 6, "length": 4, "seed": 9},
    verification={"method": "hash", "spot_check_bps": 1},
)


@pytest.fixture
def net(accounts, anvil_uri, chain_snapshot, tmp_path):
    network = build_network(accounts, anvil_uri, tmp_path)
    yield network
    network.close()


def _dispute_and_wait(net: Network, job_id: int) -> None:
    escrow, token = net.contracts["JobEscrow"], net.contracts["HiveToken"]
    bond = escrow.dispute_bond()
    token.approve(escrow, bond, sender=net.requester)
    escrow.dispute(job_id, sender=net.requester)
    assert escrow.get_job(job_id).status == JobStatus.DISPUTED
    deadline = time.monotonic() + 90
    while escrow.get_job(job_id).status != JobStatus.SETTLED or escrow.get_job(job_id).round != 1:
        assert time.monotonic() < deadline, [svc.job_status(job_id) for svc in net.oracles if svc]
        time.sleep(0.2)


def test_dispute__honest_work__upheld_bond_kept_for_workers(net, accounts):
    escrow = net.contracts["JobEscrow"]
    for i in (4, 5, 6):
        net.add_worker(accounts[i]).start()
    job_id = net.create_job(spec_yaml("compute", **SPEC))
    net.wait_status(job_id, JobStatus.SETTLED)
    before = escrow.get_job(job_id)
    _dispute_and_wait(net, job_id)
    after = escrow.get_job(job_id)
    assert (after.payout_root, after.unclaimed_payout, after.refund) == (
        before.payout_root,
        before.unclaimed_payout,
        before.refund,
    )  # upheld: nothing changed
    # A failed dispute's bond pays the workers' wait (added to their claims), not the signers.
    assert after.dispute_bond == escrow.dispute_bond()
    manifest, _ = job_manifest(net, job_id)
    assert manifest.round == 1 and manifest.previous_manifest_cid
    assert all(
        any(s.role == "run" and s.replica >= 1 for s in t.slots) or t.selected_for_check for t in manifest.tasks
    )  # every task got its check


def test_dispute__unchecked_cheater__found_slashed_and_bond_returned(net, accounts):
    escrow, registry = net.contracts["JobEscrow"], net.contracts["WorkerRegistry"]
    liar = net.add_worker(accounts[4], behaviour="liar").start()
    job_id = net.create_job(spec_yaml("compute", **SPEC))
    deadline = time.monotonic() + 30
    while len(liar.done) < 2:  # the liar gets a head start on the queue
        assert time.monotonic() < deadline
        time.sleep(0.05)
    for i in (5, 6):
        net.add_worker(accounts[i]).start()
    net.wait_status(job_id, JobStatus.SETTLED)
    round0, cid0 = job_manifest(net, job_id)
    lied = [t.index for t in round0.tasks if liar.address in t.paid]
    assert lied, "the liar's unchecked work was accepted in round 0 (what the dispute is for)"
    stake_before = registry.stake_of(liar.address)
    old = escrow.get_job(job_id)
    _dispute_and_wait(net, job_id)
    manifest, cid = job_manifest(net, job_id)
    assert cid != cid0 and manifest.round == 1
    for index in lied:
        assert liar.address in manifest.tasks[index].slashed
        assert liar.address not in manifest.tasks[index].paid
    new = escrow.get_job(job_id)
    assert new.payout_root != old.payout_root
    assert new.unclaimed_payout + new.refund == old.unclaimed_payout + old.refund + escrow.dispute_bond()
    plan = plan_from_manifest(manifest, TOKEN, cid, round0)
    assert liar.address not in plan.payouts
    assert registry.stake_of(liar.address) < stake_before

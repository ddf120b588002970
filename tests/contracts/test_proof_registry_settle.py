"""Money follows proofs: JobEscrow wired to a ProofRegistry (set_proof_registry) pays a zk job's
workers at most budget * proven / num_tasks, at settle and at resolve, whoever submits the
settlement; jobs that are not zk settle as before. Real verifier, real snarkjs proofs
(zk/build/dense_classifier/fixtures.json), the escrow of the unit tests' system.
"""

from __future__ import annotations

import boa
import pytest
from escrow_helpers import assert_solvent, claim, dispute, make_split, resolve, settle, with_round
from zk_helpers import NUM_TASKS, create_zk_job, fixtures_by_key, submit

from protocol.zk.catalogue import DENSE_CLASSIFIER


@pytest.fixture(scope="module")
def fixtures() -> dict[tuple[int, int, int], dict]:
    return fixtures_by_key()


@pytest.fixture(scope="module")
def deployers():
    return boa.load_partial(str(DENSE_CLASSIFIER.verifier_path)), boa.load_partial("contracts/ProofRegistry.vy")


@pytest.fixture
def zk(system, deployers, owner):
    """(registry, verifier), wired into the system's escrow."""
    verifier = deployers[0].deploy()
    registry = deployers[1].deploy(system.escrow.address, [verifier.address])
    system.escrow.set_proof_registry(registry.address, sender=owner)
    return registry, verifier


def _zk_job(system, zk, fixtures, requester, budget, proven_tasks) -> int:
    registry, verifier = zk
    job_id, tree = create_zk_job(system, verifier, requester, budget)
    assert job_id == 1  # the fixtures' job
    for task in proven_tasks:
        submit(registry, tree, fixtures[(1, task, 0)])
    return job_id


def test_settle__zk_job_pays_proven_share__settles_claims_and_stays_solvent(
    system, zk, fixtures, requester, workers, budget
):
    job_id = _zk_job(system, zk, fixtures, requester, budget, proven_tasks=[0, 1])
    half = budget * 2 // NUM_TASKS
    split = make_split(job_id, {workers[0]: half - 7, workers[1]: 7}, 0, budget - half)
    settle(system, split, sender=workers[2])  # whoever submits it
    assert_solvent(system)
    boa.env.time_travel(seconds=system.params.dispute_window + 1)
    before = system.token.balanceOf(workers[0])
    claim(system, workers[0], [split])
    assert system.token.balanceOf(workers[0]) - before == half - 7
    assert_solvent(system)


def test_settle__zk_job_pays_more_than_proven__reverts(system, zk, fixtures, requester, workers, budget):
    job_id = _zk_job(system, zk, fixtures, requester, budget, proven_tasks=[0])
    quarter = budget // NUM_TASKS
    split = make_split(job_id, {workers[0]: quarter + 1}, 0, budget - quarter - 1)
    with boa.reverts("escrow: payout exceeds proven tasks"):
        settle(system, split)
    settle(system, make_split(job_id, {workers[0]: quarter}, 0, budget - quarter))


def test_settle__zk_job_nothing_proven__pays_nobody(system, zk, fixtures, requester, workers, budget):
    job_id = _zk_job(system, zk, fixtures, requester, budget, proven_tasks=[])
    with boa.reverts("escrow: payout exceeds proven tasks"):
        settle(system, make_split(job_id, {workers[0]: 1}, 0, budget - 1))
    settle(system, make_split(job_id, {}, budget // 20, budget - budget // 20))  # refund + fee only
    assert_solvent(system)


def test_settle__job_not_registered_as_zk__settles_as_before(system, zk, requester, workers, budget):
    job_id = system.create_job(requester, budget, num_tasks=NUM_TASKS)
    split = make_split(job_id, {workers[0]: budget}, 0, 0)
    settle(system, split)
    assert_solvent(system)


def test_resolve__raises_payout_above_proven__reverts(system, zk, fixtures, requester, workers, budget):
    job_id = _zk_job(system, zk, fixtures, requester, budget, proven_tasks=[0])
    quarter = budget // NUM_TASKS
    settle(system, make_split(job_id, {workers[0]: quarter}, 0, budget - quarter))
    dispute(system, requester, job_id)
    assert system.escrow.is_zk_job(job_id)  # the flag outlives settle and dispute
    assert system.escrow.get_job(job_id).round == 0
    more = with_round(make_split(job_id, {workers[0]: quarter * 2}, 0, budget - quarter * 2), 1)
    with boa.reverts("escrow: payout exceeds proven tasks"):
        resolve(system, more)
    resolve(system, with_round(make_split(job_id, {workers[0]: quarter}, 0, budget - quarter), 1))
    assert_solvent(system)


def test_set_proof_registry__not_deployer_or_twice__reverts(system, deployers, owner, non_owner):
    verifier = deployers[0].deploy()
    registry = deployers[1].deploy(system.escrow.address, [verifier.address])
    with boa.reverts("escrow: caller is not the deployer"):
        system.escrow.set_proof_registry(registry.address, sender=non_owner)
    with boa.reverts("escrow: proof registry is not a contract"):
        system.escrow.set_proof_registry(non_owner, sender=owner)
    system.escrow.set_proof_registry(registry.address, sender=owner)
    with boa.reverts("escrow: proof registry already set"):
        system.escrow.set_proof_registry(registry.address, sender=owner)


def test_set_proof_registry__after_a_job__reverts(system, deployers, owner, requester, budget):
    """No open job's terms change: the registry can only be wired before the first job."""
    verifier = deployers[0].deploy()
    registry = deployers[1].deploy(system.escrow.address, [verifier.address])
    system.create_job(requester, budget)
    with boa.reverts("escrow: jobs exist"):
        system.escrow.set_proof_registry(registry.address, sender=owner)

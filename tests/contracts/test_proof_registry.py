"""ProofRegistry on titanoboa with the real generated verifier and real snarkjs proofs
(zk/build/dense_classifier/fixtures.json: job 1 tasks 0 and 1 with model 0, job 1 task 1 with
model 1, job 2 task 0 with model 0).

A job is zk only as JobEscrow.create_zk_job creates it (the registry takes registrations from the
escrow alone). Only a proof for the registered weights, the task's committed input, this job and this
task is recorded, once; the per-job count is what a settlement is capped by (`max_payout`).
"""

from __future__ import annotations

import json

import boa
import pytest
from escrow_helpers import child_events, events, make_split, settle
from zk_helpers import NUM_TASKS, create_zk_job, fixtures_by_key, inputs_tree, submit

from protocol.zk import dense_classifier as dc
from protocol.zk.catalogue import DENSE_CLASSIFIER
from protocol.zk.groth16 import parse_proof


@pytest.fixture(scope="module")
def fixtures() -> dict[tuple[int, int, int], dict]:
    return fixtures_by_key()


@pytest.fixture(scope="module")
def verifier_deployer():
    return boa.load_partial(str(DENSE_CLASSIFIER.verifier_path))


@pytest.fixture(scope="module")
def registry_deployer():
    return boa.load_partial("contracts/ProofRegistry.vy")


@pytest.fixture
def verifier(system, verifier_deployer):
    return verifier_deployer.deploy()


@pytest.fixture
def registry(system, verifier, registry_deployer, owner):
    """The registry, wired into the system's escrow (before any job)."""
    registry = registry_deployer.deploy(system.escrow.address, [verifier.address])
    system.escrow.set_proof_registry(registry.address, sender=owner)
    return registry


def test_submit_proof__valid__records_output_and_counts(
    registry, verifier, requester, fixtures, workers, budget, system
):
    _, tree = create_zk_job(system, verifier, requester, budget)
    assert registry.max_payout(1, budget) == 0
    for task in (0, 1):
        fixture = fixtures[(1, task, 0)]
        submit(registry, tree, fixture, sender=workers[task])
        if task == 0:
            # verification ~217k of it; Merkle proof, two escrow reads, three new storage slots the rest
            assert registry._computation.get_gas_used() < 320_000
        [logged] = events(registry, "ProofVerified")
        assert (logged.job_id, logged.task_index, logged.submitter) == (1, task, workers[task])
        assert logged.output_hash == int(fixture["public"][2])
        assert registry.output_hash(1, task) == int(fixture["public"][2])
        assert registry.proven_task(1, task)
    assert registry.proof_status(1) == (True, 2, NUM_TASKS)
    assert registry.max_payout(1, budget) == budget * 2 // NUM_TASKS
    assert registry.proof_status(2) == (False, 0, 0)
    assert registry.max_payout(2, budget) == budget


def test_submit_proof__same_task_twice__reverts(system, registry, verifier, requester, fixtures, budget):
    _, tree = create_zk_job(system, verifier, requester, budget)
    submit(registry, tree, fixtures[(1, 0, 0)])
    with boa.reverts("proof_registry: task already proven"):
        submit(registry, tree, fixtures[(1, 0, 0)])
    assert registry.proof_status(1) == (True, 1, NUM_TASKS)


def test_submit_proof__tampered_output__reverts(system, registry, verifier, requester, fixtures, budget):
    _, tree = create_zk_job(system, verifier, requester, budget)
    fixture = fixtures[(1, 0, 0)]
    with boa.reverts("proof_registry: invalid proof"):
        submit(registry, tree, fixture, output_hash=int(fixture["public"][2]) + 1)


def test_submit_proof__proof_of_another_task__reverts(system, registry, verifier, requester, fixtures, budget):
    """Task 0's proof and input presented as task 1's: the input is not task 1's leaf."""
    _, tree = create_zk_job(system, verifier, requester, budget)
    fixture = fixtures[(1, 0, 0)]
    public = [int(s) for s in fixture["public"]]
    a, b, c = parse_proof(json.dumps(fixture["proof"]).encode()).call_args()
    with boa.reverts("proof_registry: input not in the job's inputs"):
        registry.submit_proof(1, 1, public[1], public[2], a, b, c, tree.proof(0))
    # and with task 1's own (valid) input leaf, task 0's proof does not verify
    task1_input = dc.input_hash(dc.demo_pixels(1))
    with boa.reverts("proof_registry: invalid proof"):
        registry.submit_proof(1, 1, task1_input, public[2], a, b, c, tree.proof(1))


def test_submit_proof__proof_of_another_job__reverts(system, registry, verifier, requester, fixtures, budget):
    """Job 2's proof for task 0 (same weights, same input) replayed under job 1."""
    _, tree = create_zk_job(system, verifier, requester, budget)
    create_zk_job(system, verifier, requester, budget)
    with boa.reverts("proof_registry: invalid proof"):
        submit(registry, tree, fixtures[(2, 0, 0)], job_id=1)


def test_submit_proof__another_models_weights__reverts(system, registry, verifier, requester, fixtures, budget):
    """A correct proof of inference with model 1 for a job registered with model 0's weights."""
    _, tree = create_zk_job(system, verifier, requester, budget, model_seed=0)
    with boa.reverts("proof_registry: invalid proof"):
        submit(registry, tree, fixtures[(1, 1, 1)])
    assert registry.proof_status(1) == (True, 0, NUM_TASKS)


def test_submit_proof__job_created_without_zk__reverts(system, registry, requester, fixtures, budget):
    system.create_job(requester, budget, num_tasks=NUM_TASKS)
    with boa.reverts("proof_registry: not a zk job"):
        submit(registry, inputs_tree(), fixtures[(1, 0, 0)])


def test_submit_proof__task_out_of_range__reverts(system, registry, verifier, requester, fixtures, budget):
    _, tree = create_zk_job(system, verifier, requester, budget)
    f = fixtures[(1, 0, 0)]
    a, b, c = parse_proof(json.dumps(f["proof"]).encode()).call_args()
    with boa.reverts("proof_registry: task out of range"):
        registry.submit_proof(1, NUM_TASKS, int(f["public"][1]), int(f["public"][2]), a, b, c, tree.proof(0))


def test_submit_proof__job_settled__reverts(system, registry, verifier, requester, fixtures, budget):
    _, tree = create_zk_job(system, verifier, requester, budget)
    settle(system, make_split(1, {}, 0, budget))
    with boa.reverts("proof_registry: job not open"):
        submit(registry, tree, fixtures[(1, 0, 0)])


def test_register_job__requester_marks_open_job_mid_job__reverts_and_workers_paid(
    system, registry, verifier, requester, workers, fixtures, budget
):
    """The attack: a requester turns a plain job into a zk job after the work is done, capping its
    payout at 0 proven tasks. Only the escrow registers jobs, so the job stays plain and pays in full."""
    job_id = system.create_job(requester, budget, num_tasks=NUM_TASKS)
    tree = inputs_tree()
    weights = dc.weights_hash(dc.demo_model(0))
    with boa.reverts("proof_registry: caller is not the escrow"):
        registry.register_job(job_id, verifier.address, weights, tree.root, NUM_TASKS, sender=requester)
    assert registry.proof_status(job_id) == (False, 0, 0)
    assert registry.max_payout(job_id, budget) == budget
    assert not system.escrow.is_zk_job(job_id)
    settle(system, make_split(job_id, {workers[0]: budget}, 0, 0))
    assert system.escrow.get_job(job_id).unclaimed_payout == budget


def test_register_job__anyone_but_the_escrow__reverts(registry, verifier, non_owner, owner, system):
    for caller in (non_owner, owner):
        with boa.reverts("proof_registry: caller is not the escrow"):
            registry.register_job(1, verifier.address, 1, b"\x01" * 32, NUM_TASKS, sender=caller)


def test_create_zk_job__registers_with_escrow_task_count__event(system, registry, verifier, requester, budget):
    job_id, tree = create_zk_job(system, verifier, requester, budget)
    [logged] = child_events(system.escrow, registry, "ZkJobRegistered")
    assert (logged.job_id, logged.verifier, logged.num_tasks) == (job_id, verifier.address, NUM_TASKS)
    assert registry.jobs(job_id).inputs_root == tree.root
    assert registry.proof_status(job_id) == (True, 0, NUM_TASKS)
    assert registry.max_payout(job_id, budget) == 0
    assert system.escrow.is_zk_job(job_id)


def test_create_zk_job__unknown_verifier__reverts_and_no_job(system, registry, requester, verifier_deployer, budget):
    rogue = verifier_deployer.deploy()
    with boa.reverts("proof_registry: unknown verifier"):
        create_zk_job(system, rogue, requester, budget)
    assert system.escrow.job_count() == 0


def test_create_zk_job__weights_outside_field__reverts(system, registry, verifier, requester, budget):
    system.fund_and_approve(requester, budget)
    deadline = boa.env.evm.patch.timestamp + 3_600
    with boa.reverts("proof_registry: weights hash not in the field"):
        system.escrow.create_zk_job(
            "bafyspec",
            b"\x01" * 32,
            NUM_TASKS,
            budget,
            deadline,
            verifier.address,
            2**254,
            b"\x01" * 32,
            sender=requester,
        )


def test_create_zk_job__no_proof_registry__reverts(system, verifier, requester, budget):
    system.fund_and_approve(requester, budget)
    deadline = boa.env.evm.patch.timestamp + 3_600
    with boa.reverts("escrow: no proof registry"):
        system.escrow.create_zk_job(
            "bafyspec", b"\x01" * 32, NUM_TASKS, budget, deadline, verifier.address, 1, b"\x01" * 32, sender=requester
        )

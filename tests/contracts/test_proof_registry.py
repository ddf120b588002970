"""ProofRegistry on titanoboa with the real generated verifier and real snarkjs proofs
(zk/build/dense_classifier/fixtures.json: job 1 tasks 0 and 1 with model 0, job 1 task 1 with
model 1, job 2 task 0 with model 0).

Only a proof for the registered weights, the task's committed input, this job and this task is
recorded, once; the per-job count is what a settlement is capped by (`max_payout`).
"""

from __future__ import annotations

import json

import boa
import pytest
from escrow_helpers import events, make_split, settle

from protocol.merkle import StandardMerkleTree
from protocol.zk import dense_classifier as dc
from protocol.zk.catalogue import DENSE_CLASSIFIER
from protocol.zk.groth16 import parse_proof

NUM_TASKS = 4
INPUT_TYPES = ["uint256", "uint32", "uint256"]


@pytest.fixture(scope="module")
def fixtures() -> dict[tuple[int, int, int], dict]:
    return {(f["job_id"], f["task_index"], f["model_seed"]): f for f in DENSE_CLASSIFIER.fixtures()}


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
def registry(system, verifier, registry_deployer):
    return registry_deployer.deploy(system.escrow.address, [verifier.address])


@pytest.fixture
def jobs(system, requester, budget) -> list[int]:
    """Jobs 1 and 2 (the fixtures' job ids), open, by `requester`."""
    ids = [system.create_job(requester, budget, num_tasks=NUM_TASKS) for _ in range(2)]
    assert ids == [1, 2]
    return ids


def _inputs_tree(job_id: int) -> StandardMerkleTree:
    """The job's task inputs: task t holds demo pixels seed t (the fixtures' inputs)."""
    values = [(job_id, t, dc.input_hash(dc.demo_pixels(t))) for t in range(NUM_TASKS)]
    return StandardMerkleTree.of(values, INPUT_TYPES)


def _register(registry, verifier, requester, job_id: int, model_seed: int = 0) -> StandardMerkleTree:
    tree = _inputs_tree(job_id)
    weights = dc.weights_hash(dc.demo_model(model_seed))
    registry.register_job(job_id, verifier.address, weights, tree.root, NUM_TASKS, sender=requester)
    return tree


def _submit(registry, tree, fixture, *, job_id=None, task_index=None, output_hash=None, sender=None):
    job_id = fixture["job_id"] if job_id is None else job_id
    task_index = fixture["task_index"] if task_index is None else task_index
    public = [int(s) for s in fixture["public"]]
    a, b, c = parse_proof(json.dumps(fixture["proof"]).encode()).call_args()
    index = tree.index_of((job_id, task_index, public[1]))
    registry.submit_proof(
        job_id,
        task_index,
        public[1],
        public[2] if output_hash is None else output_hash,
        a,
        b,
        c,
        tree.proof(index),
        sender=sender or boa.env.eoa,
    )


def test_submit_proof__valid__records_output_and_counts(registry, verifier, requester, jobs, fixtures, workers, budget):
    tree = _register(registry, verifier, requester, 1)
    assert registry.max_payout(1, budget) == 0
    for task in (0, 1):
        fixture = fixtures[(1, task, 0)]
        _submit(registry, tree, fixture, sender=workers[task])
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


def test_submit_proof__same_task_twice__reverts(registry, verifier, requester, jobs, fixtures):
    tree = _register(registry, verifier, requester, 1)
    _submit(registry, tree, fixtures[(1, 0, 0)])
    with boa.reverts("proof_registry: task already proven"):
        _submit(registry, tree, fixtures[(1, 0, 0)])
    assert registry.proof_status(1) == (True, 1, NUM_TASKS)


def test_submit_proof__tampered_output__reverts(registry, verifier, requester, jobs, fixtures):
    tree = _register(registry, verifier, requester, 1)
    fixture = fixtures[(1, 0, 0)]
    with boa.reverts("proof_registry: invalid proof"):
        _submit(registry, tree, fixture, output_hash=int(fixture["public"][2]) + 1)


def test_submit_proof__proof_of_another_task__reverts(registry, verifier, requester, jobs, fixtures):
    """Task 0's proof and input presented as task 1's: the input is not task 1's leaf."""
    tree = _register(registry, verifier, requester, 1)
    fixture = fixtures[(1, 0, 0)]
    public = [int(s) for s in fixture["public"]]
    a, b, c = parse_proof(json.dumps(fixture["proof"]).encode()).call_args()
    with boa.reverts("proof_registry: input not in the job's inputs"):
        registry.submit_proof(1, 1, public[1], public[2], a, b, c, tree.proof(0))
    # and with task 1's own (valid) input leaf, task 0's proof does not verify
    task1_input = dc.input_hash(dc.demo_pixels(1))
    with boa.reverts("proof_registry: invalid proof"):
        registry.submit_proof(1, 1, task1_input, public[2], a, b, c, tree.proof(1))


def test_submit_proof__proof_of_another_job__reverts(registry, verifier, requester, jobs, fixtures):
    """Job 2's proof for task 0 (same weights, same input) replayed under job 1."""
    tree = _register(registry, verifier, requester, 1)
    _register(registry, verifier, requester, 2)
    with boa.reverts("proof_registry: invalid proof"):
        _submit(registry, tree, fixtures[(2, 0, 0)], job_id=1)


def test_submit_proof__another_models_weights__reverts(registry, verifier, requester, jobs, fixtures):
    """A correct proof of inference with model 1 for a job registered with model 0's weights."""
    tree = _register(registry, verifier, requester, 1, model_seed=0)
    with boa.reverts("proof_registry: invalid proof"):
        _submit(registry, tree, fixtures[(1, 1, 1)])
    assert registry.proof_status(1) == (True, 0, NUM_TASKS)


def test_submit_proof__unregistered_job__reverts(registry, jobs, fixtures):
    with boa.reverts("proof_registry: not a zk job"):
        _submit(registry, _inputs_tree(1), fixtures[(1, 0, 0)])


def test_submit_proof__task_out_of_range__reverts(registry, verifier, requester, jobs, fixtures):
    tree = _register(registry, verifier, requester, 1)
    f = fixtures[(1, 0, 0)]
    a, b, c = parse_proof(json.dumps(f["proof"]).encode()).call_args()
    with boa.reverts("proof_registry: task out of range"):
        registry.submit_proof(1, NUM_TASKS, int(f["public"][1]), int(f["public"][2]), a, b, c, tree.proof(0))


def test_submit_proof__job_settled__reverts(system, registry, verifier, requester, jobs, fixtures, budget):
    tree = _register(registry, verifier, requester, 1)
    settle(system, make_split(1, {}, 0, budget))
    with boa.reverts("proof_registry: job not open"):
        _submit(registry, tree, fixtures[(1, 0, 0)])


def test_register_job__not_the_requester__reverts(registry, verifier, non_owner, jobs):
    with boa.reverts("proof_registry: caller is not the requester"):
        registry.register_job(1, verifier.address, 1, b"\x01" * 32, NUM_TASKS, sender=non_owner)


def test_register_job__twice__reverts(registry, verifier, requester, jobs):
    _register(registry, verifier, requester, 1)
    with boa.reverts("proof_registry: job already registered"):
        _register(registry, verifier, requester, 1, model_seed=1)


def test_register_job__unknown_verifier__reverts(registry, requester, jobs, verifier_deployer):
    rogue = verifier_deployer.deploy()
    with boa.reverts("proof_registry: unknown verifier"):
        registry.register_job(1, rogue.address, 1, b"\x01" * 32, NUM_TASKS, sender=requester)


def test_register_job__not_open__reverts(registry, verifier, requester):
    with boa.reverts("proof_registry: job not open"):
        registry.register_job(99, verifier.address, 1, b"\x01" * 32, NUM_TASKS, sender=requester)


def test_register_job__no_tasks_or_weights_outside_field__reverts(registry, verifier, requester, jobs):
    with boa.reverts("proof_registry: no tasks"):
        registry.register_job(1, verifier.address, 1, b"\x01" * 32, 0, sender=requester)
    with boa.reverts("proof_registry: weights hash not in the field"):
        registry.register_job(1, verifier.address, 2**254, b"\x01" * 32, NUM_TASKS, sender=requester)

"""Helpers for the zk contract tests: a zk job created through JobEscrow.create_zk_job (the only way a
job becomes zk) over the fixtures' inputs, and proof submission from the committed snarkjs fixtures
(zk/build/dense_classifier/fixtures.json: job 1 tasks 0 and 1 with model 0, job 1 task 1 with model 1,
job 2 task 0 with model 0; task t's input is demo pixels seed t).
"""

from __future__ import annotations

import json

import boa

from protocol.merkle import StandardMerkleTree
from protocol.zk import dense_classifier as dc
from protocol.zk.catalogue import DENSE_CLASSIFIER
from protocol.zk.groth16 import parse_proof

NUM_TASKS = 4
INPUT_TYPES = ["uint32", "uint256"]


def fixtures_by_key() -> dict[tuple[int, int, int], dict]:
    """(job_id, task_index, model_seed) -> fixture."""
    return {(f["job_id"], f["task_index"], f["model_seed"]): f for f in DENSE_CLASSIFIER.fixtures()}


def inputs_tree(num_tasks: int = NUM_TASKS) -> StandardMerkleTree:
    values = [(t, dc.input_hash(dc.demo_pixels(t))) for t in range(num_tasks)]
    return StandardMerkleTree.of(values, INPUT_TYPES)


def create_zk_job(system, verifier, requester: str, budget: int, model_seed: int = 0) -> tuple[int, StandardMerkleTree]:
    """A zk job over the fixtures' inputs, with model `model_seed`'s weights; (job id, its inputs tree)."""
    job_id = system.escrow.job_count() + 1
    tree = inputs_tree()
    system.fund_and_approve(requester, budget)
    created = system.escrow.create_zk_job(
        "bafyspec",
        b"\x01" * 32,
        NUM_TASKS,
        budget,
        boa.env.evm.patch.timestamp + 3_600,
        verifier.address,
        dc.weights_hash(dc.demo_model(model_seed)),
        tree.root,
        sender=requester,
    )
    assert created == job_id
    return job_id, tree


def submit(registry, tree, fixture, *, job_id=None, task_index=None, output_hash=None, sender=None) -> None:
    """Submits a fixture's proof (its job, task and output unless overridden) with its input's Merkle proof."""
    job_id = fixture["job_id"] if job_id is None else job_id
    task_index = fixture["task_index"] if task_index is None else task_index
    public = [int(s) for s in fixture["public"]]
    a, b, c = parse_proof(json.dumps(fixture["proof"]).encode()).call_args()
    index = tree.index_of((task_index, public[1]))
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

"""A zk job with real proofs on the session's anvil, without proving anything: a fresh deployment (so its first
job is job 1), job 1 created through ``JobEscrow.create_zk_job`` over the committed snarkjs fixtures' inputs
and model 0's weights (``zk/build/dense_classifier/fixtures.json``: job 1 tasks 0 and 1 with model 0), and
``post(task)`` sending a fixture's proof to the ProofRegistry as the oracles do (the verifier checks the real
Groth16 proof on-chain). For the dApp's zk tests (indexer, read API, job page)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from protocol.contracts import TOKEN, DeployParams
from protocol.merkle import StandardMerkleTree
from protocol.zk import dense_classifier as dc
from protocol.zk.catalogue import DENSE_CLASSIFIER
from protocol.zk.groth16 import parse_proof

JOB_ID = 1  # the fixtures' job: the first job of a fresh deployment
NUM_TASKS = 4
MODEL_SEED = 0
BUDGET = 40 * TOKEN


@dataclass
class ZkFixtureChain:
    manifest: Any  # protocol.deployment.Deployment
    contracts: dict[str, Any]  # Ape instances by name
    poster: Any  # the Ape account that posts proofs (an oracle signer)
    requester: Any
    tree: StandardMerkleTree
    other_job: int  # a plain job of the same deployment (no zk rows)

    def fixture(self, task: int) -> dict[str, Any]:
        found = [
            f
            for f in DENSE_CLASSIFIER.fixtures()
            if (f["job_id"], f["task_index"], f["model_seed"]) == (JOB_ID, task, MODEL_SEED)
        ]
        assert found, f"no committed fixture proof for job {JOB_ID} task {task}"
        return found[0]

    def post(self, task: int) -> Any:
        """Submit the committed proof of ``task`` to the ProofRegistry; the receipt."""
        fixture = self.fixture(task)
        public = [int(x) for x in fixture["public"]]
        a, b, c = parse_proof(json.dumps(fixture["proof"]).encode()).call_args()
        proof = self.tree.proof(self.tree.index_of((task, public[1])))
        return self.contracts["ProofRegistry"].submit_proof(
            JOB_ID, task, public[1], public[2], a, b, c, proof, sender=self.poster
        )

    def output_hash(self, task: int) -> int:
        return int(self.fixture(task)["public"][2])


def build_zk_fixture_chain(accounts: Any) -> ZkFixtureChain:
    """Deploy afresh, create zk job 1 (4 tasks, 2 of them with committed proofs) and a plain job 2."""
    from ape import chain

    from protocol.deployment import deploy

    deployer, requester = accounts[0], accounts[8]
    params = DeployParams(oracle_signers=[a.address for a in accounts[1:4]], threshold=2)
    manifest, contracts = deploy(deployer, params)
    escrow, token = contracts["JobEscrow"], contracts["HiveToken"]
    tree = StandardMerkleTree.of(
        [(t, dc.input_hash(dc.demo_pixels(t))) for t in range(NUM_TASKS)], ["uint32", "uint256"]
    )
    token.transfer(requester, 2 * BUDGET, sender=deployer)
    token.approve(escrow, 2 * BUDGET, sender=requester)
    deadline = chain.pending_timestamp + 86_400
    tx = escrow.create_zk_job(
        "bafk-zk-fixture-job",
        b"\x01" * 32,
        NUM_TASKS,
        BUDGET,
        deadline,
        contracts[DENSE_CLASSIFIER.contract_name].address,
        dc.weights_hash(dc.demo_model(MODEL_SEED)),
        tree.root,
        sender=requester,
    )
    assert tx.decode_logs(escrow.JobCreated)[0].job_id == JOB_ID
    tx = escrow.create_job("bafk-plain-job", b"\x02" * 32, 2, BUDGET, deadline, sender=requester)
    other = tx.decode_logs(escrow.JobCreated)[0].job_id
    return ZkFixtureChain(manifest, contracts, accounts[1], requester, tree, other)

"""A zk job's on-chain terms, computed from its spec and data files: what the requester passes to
``JobEscrow.create_zk_job`` and what workers and oracles recompute and compare with the ProofRegistry's
record before they work on (or pay for) the job.

- ``weights_hash``: the Poseidon commitment to the model's weights (a public signal of every proof);
- ``inputs_root``: an OpenZeppelin StandardMerkleTree over ``(uint32 taskIndex, uint256 inputHash)``,
  one leaf per task, ``inputHash`` the Poseidon commitment to the task's batch of inputs. No job id in
  the leaves, so the root is known before JobEscrow assigns the id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from protocol.jobspec.zk import ZkSpec
from protocol.merkle import StandardMerkleTree
from protocol.zk import dense_classifier as dc
from protocol.zk.catalogue import ZkCircuit

INPUT_LEAF_TYPES = ("uint32", "uint256")


class ZkTermsMismatch(ValueError):
    """A zk job's on-chain registration differs from what its spec and files give; the message says which term."""


@dataclass(frozen=True)
class ZkJobTerms:
    circuit: ZkCircuit
    weights_hash: int
    input_hashes: tuple[int, ...]  # one per task
    tree: StandardMerkleTree = field(repr=False, compare=False)

    @property
    def inputs_root(self) -> bytes:
        return self.tree.root

    def input_proof(self, task_index: int) -> list[bytes]:
        return self.tree.proof(self.tree.index_of((task_index, self.input_hashes[task_index])))

    def check_registered(self, registered: Any, num_tasks: int) -> None:
        """Raise ZkTermsMismatch unless ProofRegistry.jobs(job_id) (verifier, num_tasks, proven, weights_hash,
        inputs_root) is this job's registration."""
        _, reg_tasks, _, reg_weights, reg_root = registered
        if reg_tasks != num_tasks or reg_tasks != len(self.input_hashes):
            raise ZkTermsMismatch(f"registered for {reg_tasks} tasks, the spec has {len(self.input_hashes)}")
        if int(reg_weights) != self.weights_hash:
            raise ZkTermsMismatch("registered weights commitment is not the spec's model's")
        if bytes(reg_root) != self.inputs_root:
            raise ZkTermsMismatch("registered inputs root is not the spec's inputs'")


def zk_terms(spec: ZkSpec, model_bytes: bytes, inputs_bytes: bytes) -> ZkJobTerms:
    """The terms of ``spec`` from its weights and inputs files (raises ``dc.ZkDataError`` for a file that does
    not fit the circuit)."""
    circuit = spec.zk_circuit
    model = dc.load_model(model_bytes, circuit)
    inputs = dc.load_inputs(inputs_bytes, spec.inputs.samples, circuit)
    hashes = tuple(dc.input_hash(dc.task_pixels(inputs, t, circuit)) for t in range(spec.num_tasks))
    tree = StandardMerkleTree.of([(t, h) for t, h in enumerate(hashes)], list(INPUT_LEAF_TYPES))
    return ZkJobTerms(circuit=circuit, weights_hash=dc.weights_hash(model), input_hashes=hashes, tree=tree)

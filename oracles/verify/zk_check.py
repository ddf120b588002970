"""The off-chain check an oracle runs on a zk task's result before it posts the proof on-chain
(ProofRegistry.submit_proof) or counts the task as paid: pure, bytes in, evidence out.

A result is accepted only when the proof file and the public-signals file parse strictly
(protocol.zk.groth16: bounded sizes, decimal field elements, affine points), the public signals are
exactly what this task must prove — the job's registered weights commitment, this task's input
commitment, this job id and task index — and the Groth16 equation holds under the catalogue circuit's
verification key (py_ecc, ~2 s). The output commitment is what the registry will record. Every
member re-runs it to the same verdict for the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from protocol.zk.catalogue import (
    PUB_INPUT_HASH,
    PUB_JOB_ID,
    PUB_OUTPUT_HASH,
    PUB_TASK_INDEX,
    PUB_WEIGHTS_HASH,
    ZkCircuit,
)
from protocol.zk.groth16 import ProofFormatError, parse_proof, parse_public, verify


@dataclass(frozen=True)
class ZkVerdict:
    ok: bool
    reason: str  # "valid", or why not
    output_hash: int | None

    def evidence(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "reason": self.reason,
            "output_hash": None if self.output_hash is None else str(self.output_hash),
        }


def check_zk_result(
    circuit: ZkCircuit,
    vkey: dict[str, Any],
    proof_bytes: bytes,
    public_bytes: bytes,
    *,
    weights_hash: int,
    input_hash: int,
    job_id: int,
    task_index: int,
) -> ZkVerdict:
    try:
        proof = parse_proof(proof_bytes)
        public = parse_public(public_bytes, circuit.n_public)
    except ProofFormatError as exc:
        return ZkVerdict(False, f"malformed: {exc}", None)
    expected = {
        PUB_WEIGHTS_HASH: ("weights commitment", weights_hash),
        PUB_INPUT_HASH: ("input commitment", input_hash),
        PUB_JOB_ID: ("job id", job_id),
        PUB_TASK_INDEX: ("task index", task_index),
    }
    for position, (name, value) in expected.items():
        if public[position] != value:
            return ZkVerdict(False, f"wrong {name}: the proof is for another model, input, job or task", None)
    if not verify(vkey, proof, public):
        return ZkVerdict(False, "proof does not verify", None)
    return ZkVerdict(True, "valid", public[PUB_OUTPUT_HASH])

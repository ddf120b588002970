"""Proven inference jobs (``kind: zk``): a catalogue circuit run over a batch of inputs, every task's
result carrying a Groth16 proof that JobEscrow's ProofRegistry checks on-chain before it pays.

The requester names a circuit from the fixed catalogue (``protocol.zk.catalogue``; never its own
code), the model's weights and the inputs as data by CID (``.npz`` files, loaded without pickles and
size-bounded before they are parsed: ``protocol.zk.dense_classifier``), and how many samples the
inputs file holds. Task ``i`` proves samples ``[i·batch, (i+1)·batch)`` (``batch`` is the circuit's,
4 for ``dense_classifier``), so ``samples`` must be a multiple of it.

What is proven, not re-run: each task is run once (``replication: 1``) and checked by its proof, not
by replicas or spot checks (``verification.method: zk``). The job is created with
``JobEscrow.create_zk_job``, which fixes in the ProofRegistry the circuit's verifier, the Poseidon
commitment to the weights and a Merkle root over the tasks' input commitments (``zk_commitments``);
workers and oracles recompute both from the files by CID before working, and refuse a job whose
on-chain terms differ from its spec.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from protocol.jobspec.models import Problem, _Spec
from protocol.jobspec.policies import _Policy
from protocol.jobspec.types import Cid, Int
from protocol.zk.catalogue import CATALOGUE, ZkCircuit

#: The most samples a zk job may prove: 1,024 tasks of 4, ~1.5 h of CPU proving at ~5 s a task; the inputs
#: file (64 bytes a sample) stays far below the npz bound (protocol.zk.dense_classifier.MAX_NPZ_BYTES).
MAX_ZK_SAMPLES = 4_096


def _catalogue_circuit(name: str) -> str:
    if name not in CATALOGUE:
        raise ValueError(f"unknown circuit {name!r}; the catalogue has {', '.join(sorted(CATALOGUE))}")
    return name


CircuitName = Annotated[str, Field(max_length=64), AfterValidator(_catalogue_circuit)]


class ZkPolicy(_Policy):
    """Every paid task carries a Groth16 proof, checked off-chain by the oracles and on-chain by the ProofRegistry."""

    method: Literal["zk"] = Field("zk", description="Each task's result is proven in zero knowledge.")
    spot_check_bps: Int = Field(0, ge=0, le=0, description="Always 0: a proof replaces re-running.")


class ZkModel(BaseModel):
    """The model's weights, as the circuit's quantized arrays (``weight`` int8, ``bias`` int16)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cid: Cid = Field(description="CID of the weights file.")
    format: Literal["npz"] = Field("npz", description="npz (numpy, loaded with allow_pickle=False).")


class ZkInputs(BaseModel):
    """The inputs, one row per sample (``pixels`` uint8, samples × the circuit's inputs, each 0..15)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cid: Cid = Field(description="CID of the inputs file.")
    format: Literal["npz"] = Field("npz", description="npz (numpy, loaded with allow_pickle=False).")
    samples: Int = Field(ge=1, le=MAX_ZK_SAMPLES, description="Samples in the file; a multiple of the circuit's batch.")


class ZkSpec(_Spec):
    """Prove inference of a catalogue model over a batch of inputs, one Groth16 proof per task."""

    kind: Literal["zk"] = Field(description="Job kind: proven (zero-knowledge) inference.")
    circuit: CircuitName = Field(description="Circuit from the fixed catalogue (dense_classifier).")
    model: ZkModel = Field(description="The model's weights.")
    inputs: ZkInputs = Field(description="The inputs to classify.")
    replication: Int = Field(1, ge=1, le=1, description="Always 1: each task is proven, not replicated.")
    verification: ZkPolicy = Field(ZkPolicy(), description="How results are checked.")

    @property
    def zk_circuit(self) -> ZkCircuit:
        return CATALOGUE[self.circuit]

    @property
    def num_tasks(self) -> int:
        return -(-self.inputs.samples // self.zk_circuit.batch)

    def samples_of(self, index: int) -> range:
        """The sample rows task ``index`` proves."""
        batch = self.zk_circuit.batch
        return range(index * batch, (index + 1) * batch)

    def promise(self) -> str:
        """What ``gpuhive job validate`` says the verification promises."""
        c = self.zk_circuit
        return (
            f"zk proof: every task's result ({c.batch} samples) carries a Groth16 proof of {c.name} "
            f"({c.constraints:,} constraints) for the committed weights, the task's committed input, this job and "
            "task; oracles check it off-chain and the ProofRegistry on-chain, and a settlement pays only proven "
            "tasks (the development setup's key is not a production ceremony's)"
        )

    def _kind_problems(self) -> list[Problem]:
        batch = self.zk_circuit.batch
        if self.inputs.samples % batch:
            return [
                (
                    ("inputs", "samples"),
                    f"{self.inputs.samples} samples do not fill whole tasks: circuit {self.circuit} proves "
                    f"{batch} samples a task — pad the inputs file to {-(-self.inputs.samples // batch) * batch}",
                    self.inputs.samples,
                )
            ]
        return []

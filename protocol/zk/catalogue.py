"""The zk circuit catalogue: every circuit a zk job may name, its shapes and its committed artifacts.

Circuits come from this fixed list, never from the requester: a requester picks a circuit and supplies
weights and inputs as data. Each entry's artifacts (zk/build/<name>/) are built by
`scripts/zk_setup.py build` and committed with their SHA256SUMS; its on-chain verifier is
contracts/zk/<ContractName>.vy, generated from the verification key by `protocol/zk/verifier_gen.py`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
ZK_ROOT = REPO_ROOT / "zk"


@dataclass(frozen=True)
class ZkCircuit:
    name: str
    contract_name: str
    n_in: int  # inputs per sample (pixels)
    n_out: int  # classes
    batch: int  # samples per proof (one task)
    ptau_power: int  # 2^power >= constraints
    constraints: int  # non-linear constraints after circom --O2 (the setup's size)
    n_public: int  # public signals: weights_hash, input_hash, output_hash, job_id, task_index

    @property
    def source(self) -> Path:
        return ZK_ROOT / "circuits" / f"{self.name}.circom"

    @property
    def build_dir(self) -> Path:
        return ZK_ROOT / "build" / self.name

    @property
    def wasm(self) -> Path:
        return self.build_dir / "circuit.wasm"

    @property
    def zkey(self) -> Path:
        return self.build_dir / "circuit_final.zkey"

    @property
    def vkey(self) -> Path:
        return self.build_dir / "verification_key.json"

    @property
    def verifier_path(self) -> Path:
        return REPO_ROOT / "contracts" / "zk" / f"{self.contract_name}.vy"

    def checksummed_files(self) -> list[Path]:
        return [self.source, self.wasm, self.zkey, self.vkey, self.verifier_path]

    def fixtures(self) -> list[dict[str, Any]]:
        """The committed test proofs (`scripts/zk_setup.py fixtures`): job, task, seeds, proof, public."""
        fixtures: list[dict[str, Any]] = json.loads((self.build_dir / "fixtures.json").read_text())
        return fixtures

    def changed_artifacts(self) -> list[str]:
        """The files whose bytes differ from build_dir/SHA256SUMS (empty when all match)."""
        changed = []
        for line in (self.build_dir / "SHA256SUMS").read_text().splitlines():
            digest, rel = line.split("  ", 1)
            path = REPO_ROOT / rel
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                changed.append(rel)
        return changed


# The public signals' positions (snarkjs order: the circuit's outputs, then its public inputs).
PUB_WEIGHTS_HASH = 0
PUB_INPUT_HASH = 1
PUB_OUTPUT_HASH = 2
PUB_JOB_ID = 3
PUB_TASK_INDEX = 4

DENSE_CLASSIFIER = ZkCircuit(
    name="dense_classifier",
    contract_name="DenseClassifierVerifier",
    n_in=64,
    n_out=10,
    batch=4,
    ptau_power=14,
    constraints=12_042,
    n_public=5,
)

CATALOGUE: dict[str, ZkCircuit] = {c.name: c for c in (DENSE_CLASSIFIER,)}


def circuit(name: str) -> ZkCircuit:
    try:
        return CATALOGUE[name]
    except KeyError:
        raise KeyError(f"unknown zk circuit {name!r}; the catalogue has {', '.join(sorted(CATALOGUE))}") from None

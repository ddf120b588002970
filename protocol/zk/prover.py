"""Prove a catalogue circuit's statement with snarkjs (Groth16, CPU), and report how.

`prove` writes the circuit's input signals to a private temporary folder, runs `snarkjs groth16
fullprove` (witness + proof in one node process) with a time limit, and parses the proof and public
signals back strictly (protocol.zk.groth16). A GPU prover is not installed here; `prover_backend`
says which backend a run used so the worker can report it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from protocol.zk.catalogue import REPO_ROOT, ZkCircuit
from protocol.zk.groth16 import Groth16Proof, parse_proof, parse_public

PROVE_TIMEOUT_S = 600


class ProverError(RuntimeError):
    """snarkjs is missing or failed; the message carries its last output lines."""


@dataclass(frozen=True)
class ProofResult:
    proof: Groth16Proof
    public_signals: list[int]
    proof_json: bytes
    public_json: bytes
    seconds: float
    backend: str


def snarkjs_path() -> Path:
    local = REPO_ROOT / "node_modules" / ".bin" / "snarkjs"
    if local.exists():
        return local
    found = shutil.which("snarkjs")
    if found is None:
        raise ProverError("snarkjs not found: run `npm install` in the repository (package.json pins snarkjs 0.7.6)")
    return Path(found)


def prover_backend() -> str:
    """The backend `prove` uses: snarkjs on the CPU (no GPU Groth16 prover is installed)."""
    return "snarkjs-cpu"


def prove(circuit: ZkCircuit, witness_input: dict[str, object], timeout_s: float = PROVE_TIMEOUT_S) -> ProofResult:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="gpuhive-zk-prove-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o700)
        (folder / "input.json").write_text(json.dumps(witness_input))
        cmd = [
            str(snarkjs_path()),
            "groth16",
            "fullprove",
            str(folder / "input.json"),
            str(circuit.wasm),
            str(circuit.zkey),
            str(folder / "proof.json"),
            str(folder / "public.json"),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ProverError(f"snarkjs fullprove took longer than {timeout_s:.0f} s") from exc
        if done.returncode != 0 or not (folder / "proof.json").exists():
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-5:])
            raise ProverError(f"snarkjs fullprove failed (exit {done.returncode}): {tail}")
        proof_json = (folder / "proof.json").read_bytes()
        public_json = (folder / "public.json").read_bytes()
    return ProofResult(
        proof=parse_proof(proof_json),
        public_signals=parse_public(public_json, circuit.n_public),
        proof_json=proof_json,
        public_json=public_json,
        seconds=time.monotonic() - started,
        backend=prover_backend(),
    )

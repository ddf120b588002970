"""Prove a catalogue circuit's statement (Groth16), with the fastest prover found at run time, and report which.

`prove` writes the circuit's input signals to a private temporary folder and proves them with the
backend `select_backend` picks when the task starts:

- a native or GPU prover with rapidsnark's command line (`PROVER <zkey> <witness.wtns> <proof.json>
  <public.json>`): the one `GPUHIVE_ZK_PROVER` names, else `rapidsnark` or `icicle-snark` on PATH;
  the witness is computed first with `snarkjs wtns calculate`;
- else `snarkjs groth16 fullprove` on the CPU (witness + proof in one node process): what this
  machine has (no GPU, no native prover installed).

Either way the proof and public signals are parsed back strictly (protocol.zk.groth16), under a time
limit, and the result says which backend ran.
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


#: Native provers with rapidsnark's command line, in order of preference (icicle-snark runs on a CUDA GPU).
NATIVE_PROVERS = ("icicle-snark", "rapidsnark")
PROVER_ENV = "GPUHIVE_ZK_PROVER"


@dataclass(frozen=True)
class Backend:
    name: str  # "snarkjs-cpu", or the native prover's file name
    path: Path | None  # the native prover; None for snarkjs
    why: str  # how it was chosen, for the worker's log and report


def select_backend() -> Backend:
    """The prover to use now: the native one `GPUHIVE_ZK_PROVER` names, else one on PATH, else snarkjs on the CPU."""
    named = os.environ.get(PROVER_ENV)
    if named:
        path = Path(named) if os.sep in named else Path(shutil.which(named) or named)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise ProverError(f"{PROVER_ENV}={named} is not an executable prover; unset it to use snarkjs on the CPU")
        return Backend(path.name, path, f"{PROVER_ENV} names it")
    for name in NATIVE_PROVERS:
        found = shutil.which(name)
        if found:
            return Backend(name, Path(found), f"{name} found on PATH")
    return Backend("snarkjs-cpu", None, f"no native or GPU prover ({', '.join(NATIVE_PROVERS)}) on PATH")


def prover_backend() -> str:
    """The name of the backend `prove` would use now."""
    return select_backend().name


def _run(cmd: list[str], what: str, timeout_s: float) -> None:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ProverError(f"{what} took longer than {timeout_s:.0f} s") from exc
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-5:])
        raise ProverError(f"{what} failed (exit {done.returncode}): {tail}")


def prove(
    circuit: ZkCircuit,
    witness_input: dict[str, object],
    timeout_s: float = PROVE_TIMEOUT_S,
    backend: Backend | None = None,
) -> ProofResult:
    started = time.monotonic()
    backend = backend or select_backend()
    with tempfile.TemporaryDirectory(prefix="gpuhive-zk-prove-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o700)
        (folder / "input.json").write_text(json.dumps(witness_input))
        proof_path, public_path = folder / "proof.json", folder / "public.json"
        snarkjs = str(snarkjs_path())
        if backend.path is None:
            cmd = [snarkjs, "groth16", "fullprove", str(folder / "input.json"), str(circuit.wasm), str(circuit.zkey)]
            _run([*cmd, str(proof_path), str(public_path)], "snarkjs fullprove", timeout_s)
        else:
            witness = folder / "witness.wtns"
            _run(
                [snarkjs, "wtns", "calculate", str(circuit.wasm), str(folder / "input.json"), str(witness)],
                "snarkjs wtns calculate",
                timeout_s,
            )
            left = max(1.0, timeout_s - (time.monotonic() - started))
            _run(
                [str(backend.path), str(circuit.zkey), str(witness), str(proof_path), str(public_path)],
                backend.name,
                left,
            )
        if not proof_path.exists() or not public_path.exists():
            raise ProverError(f"{backend.name} wrote no proof or no public signals")
        proof_json = proof_path.read_bytes()
        public_json = public_path.read_bytes()
    return ProofResult(
        proof=parse_proof(proof_json),
        public_signals=parse_public(public_json, circuit.n_public),
        proof_json=proof_json,
        public_json=public_json,
        seconds=time.monotonic() - started,
        backend=backend.name,
    )

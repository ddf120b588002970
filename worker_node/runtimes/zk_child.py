"""The ``zk`` runtime, child side: inference, witness and Groth16 proof of one task's batch.

Run as ``python -m worker_node.runtimes.zk_child`` by ``worker_node.runtimes.zk`` (through the
sandbox). Reads the weights and inputs files (bounded before parsing: protocol.zk.dense_classifier),
proves with the backend chosen now (protocol.zk.prover.select_backend), checks that the proof's public
signals are exactly this job's and task's (weights, input, output of the plain inference, job id, task
index) and writes the proof and public signals atomically.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from protocol.zk import dense_classifier as dc
from protocol.zk.catalogue import circuit as catalogue_circuit
from protocol.zk.prover import prove, select_backend
from worker_node.runtimes.sandbox import child_main


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def _read_bounded(path: Path) -> bytes:
    if path.stat().st_size > dc.MAX_NPZ_BYTES:
        raise dc.ZkDataError(f"{path.name} is larger than {dc.MAX_NPZ_BYTES} bytes")
    return path.read_bytes()


def handle(request: dict[str, Any]) -> dict[str, Any]:
    circuit = catalogue_circuit(str(request["circuit"]))
    job_id, task_index = int(request["job_id"]), int(request["task_index"])
    model = dc.load_model(_read_bounded(Path(request["model"])), circuit)
    inputs = dc.load_inputs(_read_bounded(Path(request["inputs"])), int(request["samples"]), circuit)
    pixels = dc.task_pixels(inputs, task_index, circuit)
    logits, labels = dc.infer(model, pixels)
    expected = dc.public_signals(model, pixels, job_id, task_index)
    backend = select_backend()
    result = prove(circuit, dc.witness_input(model, pixels, job_id, task_index), float(request["timeout_s"]), backend)
    if result.public_signals != expected:
        raise ValueError(f"{backend.name} proved other public signals than this task's: {result.public_signals}")
    _write(Path(request["proof_out"]), result.proof_json)
    _write(Path(request["public_out"]), result.public_json)
    return {
        "output_hash": str(expected[2]),
        "labels": [int(x) for x in labels],
        "backend": backend.name,
        "backend_why": backend.why,
        "prove_seconds": result.seconds,
    }


if __name__ == "__main__":
    child_main(handle)

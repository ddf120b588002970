"""The ``zk`` runtime, parent side: prove one task of a proven-inference job in a sandboxed child.

``zk_task`` checks that the task is the spec's task of that index, then runs ``python -m
worker_node.runtimes.zk_child`` through ``worker_node.runtimes.sandbox.run_child`` (wall-clock and
memory limits). The child loads the weights and inputs files (size-bounded npz, no pickles), runs the
plain integer inference of the task's batch, builds the witness input and proves it with the backend
``protocol.zk.prover.select_backend`` picks at run time (a native or GPU prover if one is installed,
else snarkjs on the CPU: this machine has no GPU, so CPU here), and refuses its own proof unless the
public signals are the ones this job and task must carry. It writes ``proof.json`` and
``public.json``; the worker signs ``bytes_digest`` over the two files and uploads them, and the oracle
checks the proof and posts it on-chain.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from protocol.digests import bytes_digest
from protocol.jobspec.slicing import Task
from protocol.jobspec.zk import ZkSpec
from worker_node.runtimes.sandbox import Limits, run_child
from worker_node.runtimes.task_check import check_task

logger = logging.getLogger(__name__)

CHILD_MODULE = "worker_node.runtimes.zk_child"
DEFAULT_LIMITS = Limits(wall_seconds=900.0)


@dataclass(frozen=True)
class ZkResult:
    """What a zk task produced."""

    files: list[Path]  # proof.json, public.json (task.outputs order)
    digest: bytes  # bytes_digest of the two files, in output order (what the worker signs)
    output_hash: int  # the output commitment the proof carries
    labels: list[int]  # the batch's predicted classes (plain inference)
    backend: str  # the prover that ran: "snarkjs-cpu", or a native/GPU prover's name
    backend_why: str  # why that one
    prove_seconds: float
    seconds: float  # the whole task, child start-up included


def zk_task(
    spec: ZkSpec,
    task: Task,
    job_id: int,
    model: Path,
    inputs: Path,
    out_dir: Path,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> ZkResult:
    """Prove one zk task in a sandboxed child; write ``out_dir / proof.json`` and ``public.json``.

    Raises ``RuntimeFailure`` when the task does not match the spec, a file does not fit the circuit,
    or the prover fails.
    """
    started = time.monotonic()
    check_task(spec, task)
    files = [Path(out_dir) / name for name in task.outputs]
    request = {
        "circuit": spec.circuit,
        "model": str(Path(model).resolve()),
        "inputs": str(Path(inputs).resolve()),
        "samples": spec.inputs.samples,
        "job_id": job_id,
        "task_index": task.index,
        "proof_out": str(files[0].resolve()),
        "public_out": str(files[1].resolve()),
        "timeout_s": limits.wall_seconds,
    }
    reply = run_child(CHILD_MODULE, request, limits)
    result = ZkResult(
        files=files,
        digest=bytes_digest(path.read_bytes() for path in files),
        output_hash=int(reply["output_hash"]),
        labels=[int(x) for x in reply["labels"]],
        backend=str(reply["backend"]),
        backend_why=str(reply["backend_why"]),
        prove_seconds=float(reply["prove_seconds"]),
        seconds=time.monotonic() - started,
    )
    logger.info(
        "zk task %d of job %d proven with %s (%s) in %.1f s",
        task.index,
        job_id,
        result.backend,
        result.backend_why,
        result.prove_seconds,
        extra={"task": task.index, "job": job_id, "backend": result.backend, "seconds": result.seconds},
    )
    return result

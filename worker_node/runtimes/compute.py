"""The ``compute`` runtime, parent side: run one chunk of a catalogue kernel in a sandboxed child.

``compute_task`` checks that the task is the one the spec's slicing gives
for its index, runs ``python -m worker_node.runtimes.compute_child`` through
``worker_node.runtimes.sandbox.run_child`` (wall-clock and memory limits),
and digests the chunk's canonical bytes with ``protocol.digests.bytes_digest``,
which replicas compare under the ``hash`` policy. The kernels and their byte
formats are defined in ``worker_node.runtimes.compute_child``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from protocol.digests import bytes_digest
from protocol.jobspec.models import ComputeSpec
from protocol.jobspec.slicing import Task
from worker_node.runtimes.sandbox import Limits, run_child
from worker_node.runtimes.task_check import check_task

logger = logging.getLogger(__name__)

CHILD_MODULE = "worker_node.runtimes.compute_child"
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class ComputeResult:
    """What a compute task produced."""

    files: list[Path]  # the task's outputs, in task.outputs order
    digest: bytes  # bytes_digest of the files' bytes, in output order (what the worker signs)
    seconds: float  # wall-clock time of the whole task, child start-up included


def compute_task(spec: ComputeSpec, task: Task, out_dir: Path, *, limits: Limits = DEFAULT_LIMITS) -> ComputeResult:
    """Run one compute task in a sandboxed child; write ``out_dir / task.outputs[0]`` and digest it.

    Raises ``RuntimeFailure`` when the task does not match the spec (wrong
    kernel, item or row range, outputs) or the child fails.
    """
    started = time.monotonic()
    check_task(spec, task)
    files = [Path(out_dir) / name for name in task.outputs]
    request = {
        "kernel": spec.kernel.model_dump(mode="json"),
        "item_start": task.params["item_start"],
        "item_end": task.params["item_end"],
        "out": str(files[0].resolve()),
    }
    run_child(CHILD_MODULE, request, limits)
    digest = bytes_digest(path.read_bytes() for path in files)
    result = ComputeResult(files=files, digest=digest, seconds=time.monotonic() - started)
    logger.info(
        "compute task %d (%s items %d-%d) in %.2f s",
        task.index,
        spec.kernel.name,
        task.params["item_start"],
        task.params["item_end"],
        result.seconds,
        extra={"task": task.index, "kernel": spec.kernel.name, "seconds": result.seconds},
    )
    return result

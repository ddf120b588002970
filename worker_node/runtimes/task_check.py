"""The one check every runtime makes before running: the task is exactly the spec's task of that index."""

from __future__ import annotations

from protocol.jobspec import AnySpec, Task, slice_tasks
from worker_node.runtimes.sandbox import RuntimeFailure


def check_task(spec: AnySpec, task: Task) -> None:
    """Raise ``RuntimeFailure`` unless ``task`` is exactly ``spec``'s task of that index."""
    if task.kind != spec.kind:
        raise RuntimeFailure(f"task {task.index} is a {task.kind} task, not a {spec.kind} task")
    if not 0 <= task.index < spec.num_tasks:
        raise RuntimeFailure(f"task index {task.index} is outside the job's {spec.num_tasks} tasks")
    expected = slice_tasks(spec)[task.index]
    if task.to_json() != expected.to_json():
        raise RuntimeFailure(
            f"task {task.index} does not match the spec's slicing: got {task.to_json()}, expected {expected.to_json()}"
        )

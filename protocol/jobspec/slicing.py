"""Slicing: a pure function from a spec to its ordered list of tasks.

Every oracle and every worker slices the same spec into the same tasks, in
the same order, with the same parameters and expected output names; a task
is named on-chain and in signatures only by its index. ``len(slice_tasks(s))
== s.num_tasks`` (the ``num_tasks`` given to ``create_job``).

- render: frames in runs of ``frames_per_task``; within a run, tiles in rows
  from ``y = 0`` then columns. Tile bounds are integer pixels, half-open,
  ``x`` from the left and ``y`` from the bottom as Blender's render border.
- train: consecutive segments of ``steps_per_task`` optimizer steps; each
  resumes from the previous task's last checkpoint and saves one every
  ``checkpoint_interval`` steps (and at its end).
- compute: consecutive chunks of ``items_per_task`` work items (row blocks
  for ``matmul_blocked``, chains for ``sha256_chain``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from protocol.jobspec.catalogue import MatmulBlocked
from protocol.jobspec.models import ComputeSpec, RenderSpec, TrainSpec


@dataclass(frozen=True)
class Task:
    """One unit of work: what to run and which files it must produce."""

    index: int
    kind: str
    params: dict[str, Any] = field(hash=False)
    outputs: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "kind": self.kind, "params": self.params, "outputs": list(self.outputs)}


def slice_tasks(spec: RenderSpec | TrainSpec | ComputeSpec) -> list[Task]:
    """The spec's tasks, ordered by index from 0."""
    if isinstance(spec, RenderSpec):
        tasks = _render(spec)
    elif isinstance(spec, TrainSpec):
        tasks = _train(spec)
    elif isinstance(spec, ComputeSpec):
        tasks = _compute(spec)
    else:
        raise TypeError(f"not a job spec: {type(spec).__name__}")
    assert len(tasks) == spec.num_tasks, "slicing and num_tasks disagree"
    return tasks


def _bounds(size: int, parts: int, i: int) -> tuple[int, int]:
    return size * i // parts, size * (i + 1) // parts


def _render(spec: RenderSpec) -> list[Task]:
    frames = list(spec.frames)
    split = spec.split
    ext = spec.output_format.value.lower()
    tiled = split.tiles_x * split.tiles_y > 1
    tasks: list[Task] = []
    for first in range(0, len(frames), split.frames_per_task):
        run = frames[first : first + split.frames_per_task]
        for ty in range(split.tiles_y):
            min_y, max_y = _bounds(spec.resolution_y, split.tiles_y, ty)
            for tx in range(split.tiles_x):
                min_x, max_x = _bounds(spec.resolution_x, split.tiles_x, tx)
                suffix = f"_tile_{tx:02d}_{ty:02d}" if tiled else ""
                tasks.append(
                    Task(
                        index=len(tasks),
                        kind="render",
                        params={
                            "frames": run,
                            "tile": {"x": tx, "y": ty, "min_x": min_x, "max_x": max_x, "min_y": min_y, "max_y": max_y},
                        },
                        outputs=tuple(f"frame_{frame:07d}{suffix}.{ext}" for frame in run),
                    )
                )
    return tasks


def _train(spec: TrainSpec) -> list[Task]:
    total, per_task, interval = spec.total_steps, spec.steps_per_task, spec.checkpoint_interval
    tasks: list[Task] = []
    for start in range(0, total, per_task):
        end = min(start + per_task, total)
        checkpoints = [*range(start + interval, end, interval), end]
        index = len(tasks)
        tasks.append(
            Task(
                index=index,
                kind="train",
                params={
                    "step_start": start,
                    "step_end": end,
                    "epoch_start": start // spec.steps_per_epoch,
                    "checkpoint_steps": checkpoints,
                    "resume_from_task": index - 1 if index else None,
                },
                outputs=tuple(f"checkpoints/step_{step:010d}.safetensors" for step in checkpoints),
            )
        )
    return tasks


def _compute(spec: ComputeSpec) -> list[Task]:
    kernel = spec.kernel
    items = kernel.items
    tasks: list[Task] = []
    for start in range(0, items, spec.items_per_task):
        end = min(start + spec.items_per_task, items)
        params: dict[str, Any] = {"kernel": kernel.name, "item_start": start, "item_end": end}
        if isinstance(kernel, MatmulBlocked):
            params["row_start"] = start * kernel.block
            params["row_end"] = min(end * kernel.block, kernel.n)
        tasks.append(Task(index=len(tasks), kind="compute", params=params, outputs=(f"chunk_{len(tasks):07d}.bin",)))
    return tasks

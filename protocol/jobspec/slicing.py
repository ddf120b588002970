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
- label: consecutive batches of ``batch_size`` items of the items manifest
  (``protocol.jobspec.label``); each produces one answers file.
- zk: consecutive batches of the circuit's ``batch`` samples of the inputs
  file (``protocol.jobspec.zk``); each produces a proof and its public signals.

Slicing is lazy: ``slice_tasks`` returns a ``TaskList`` that computes task
``i`` from the spec when asked, so neither time nor memory grows with the
task count (at most ``MAX_TASKS``, the bound the spec models enforce for the
requester's ``gpuhive job validate`` and the oracle's intake alike).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from protocol.jobspec.catalogue import MatmulBlocked
from protocol.jobspec.models import MAX_TASKS, ComputeSpec, LabelSpec, RenderSpec, TrainSpec, ZkSpec


@dataclass(frozen=True)
class Task:
    """One unit of work: what to run and which files it must produce."""

    index: int
    kind: str
    params: dict[str, Any] = field(hash=False)
    outputs: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "kind": self.kind, "params": self.params, "outputs": list(self.outputs)}


def slice_tasks(spec: RenderSpec | TrainSpec | ComputeSpec | LabelSpec | ZkSpec) -> TaskList:
    """The spec's tasks, ordered by index from 0 (a lazy sequence: see ``TaskList``)."""
    return TaskList(spec)


class TaskList(Sequence[Task]):
    """The tasks of a spec, each computed when asked for: task ``i`` in O(1) time, the list in O(1) memory.

    A spec may slice into ``MAX_TASKS`` (1,000,000) tasks, and every oracle of a job's committee slices
    it; a list of them built up front cost 7.5 s and 550 MiB (compute) or 13 s and 800 MiB (render)
    on each. Indexing, ``len``, iteration and slices behave as on the list it replaces.
    """

    __slots__ = ("_len", "_make", "spec")

    def __init__(self, spec: RenderSpec | TrainSpec | ComputeSpec | LabelSpec | ZkSpec) -> None:
        if isinstance(spec, RenderSpec):
            make: Callable[[Any, int], Task] = _render
        elif isinstance(spec, TrainSpec):
            make = _train
        elif isinstance(spec, ComputeSpec):
            make = _compute
        elif isinstance(spec, LabelSpec):
            make = _label
        elif isinstance(spec, ZkSpec):
            make = _zk
        else:
            raise TypeError(f"not a job spec: {type(spec).__name__}")
        self.spec = spec
        self._make = make
        self._len = spec.num_tasks
        if self._len > MAX_TASKS:  # a spec model never gets here; one built without validation might
            raise ValueError(f"{self._len:,} tasks; at most {MAX_TASKS:,} per job")

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> Task: ...

    @overload
    def __getitem__(self, index: slice) -> list[Task]: ...

    def __getitem__(self, index: int | slice) -> Task | list[Task]:
        if isinstance(index, slice):
            return [self._make(self.spec, i) for i in range(*index.indices(self._len))]
        i = operator.index(index)
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(f"task {index} out of range (the job has {self._len} tasks)")
        return self._make(self.spec, i)

    def __iter__(self) -> Iterator[Task]:
        return (self._make(self.spec, i) for i in range(self._len))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TaskList):
            return self.spec == other.spec
        if isinstance(other, Sequence):
            return len(other) == self._len and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like the list it stands for

    def __repr__(self) -> str:
        return f"<TaskList of {self._len} {self.spec.kind} tasks>"


def _bounds(size: int, parts: int, i: int) -> tuple[int, int]:
    return size * i // parts, size * (i + 1) // parts


def _render(spec: RenderSpec, index: int) -> Task:
    split = spec.split
    per_frame_run = split.tiles_x * split.tiles_y
    run_index, tile = divmod(index, per_frame_run)
    ty, tx = divmod(tile, split.tiles_x)
    first = run_index * split.frames_per_task
    run = list(spec.frames[first : first + split.frames_per_task])
    min_y, max_y = _bounds(spec.resolution_y, split.tiles_y, ty)
    min_x, max_x = _bounds(spec.resolution_x, split.tiles_x, tx)
    suffix = f"_tile_{tx:02d}_{ty:02d}" if per_frame_run > 1 else ""
    ext = spec.output_format.value.lower()
    return Task(
        index=index,
        kind="render",
        params={
            "frames": run,
            "tile": {"x": tx, "y": ty, "min_x": min_x, "max_x": max_x, "min_y": min_y, "max_y": max_y},
        },
        outputs=tuple(f"frame_{frame:07d}{suffix}.{ext}" for frame in run),
    )


def _train(spec: TrainSpec, index: int) -> Task:
    total, per_task, interval = spec.total_steps, spec.steps_per_task, spec.checkpoint_interval
    start = index * per_task
    end = min(start + per_task, total)
    checkpoints = [*range(start + interval, end, interval), end]
    return Task(
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


def _compute(spec: ComputeSpec, index: int) -> Task:
    kernel = spec.kernel
    start = index * spec.items_per_task
    end = min(start + spec.items_per_task, kernel.items)
    params: dict[str, Any] = {"kernel": kernel.name, "item_start": start, "item_end": end}
    if isinstance(kernel, MatmulBlocked):
        params["row_start"] = start * kernel.block
        params["row_end"] = min(end * kernel.block, kernel.n)
    return Task(index=index, kind="compute", params=params, outputs=(f"chunk_{index:07d}.bin",))


def _label(spec: LabelSpec, index: int) -> Task:
    batch = spec.batch(index)
    return Task(
        index=index,
        kind="label",
        params={"item_start": batch.start, "item_end": batch.stop},
        outputs=("answers.json",),
    )


def _zk(spec: ZkSpec, index: int) -> Task:
    samples = spec.samples_of(index)
    return Task(
        index=index,
        kind="zk",
        params={"circuit": spec.circuit, "sample_start": samples.start, "sample_end": samples.stop},
        outputs=("proof.json", "public.json"),
    )

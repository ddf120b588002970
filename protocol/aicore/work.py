"""How much work a task is: one number per task, in a unit fixed per kind, so a duration model learns one rate
(work units per second) per kind and per worker speed.

| kind | work units of one task |
| --- | --- |
| render | pixels of the task's tile x samples x frames |
| train | model parameters x optimizer steps x batch size (~ the multiply-adds of a step, up to a constant) |
| compute | hash iterations (sha256_chain: chains x length) or thousands of multiply-adds (matmul_blocked: rows x n x n / 1,000; about as long) |
| label | items |

Pure functions of a spec and its sliced tasks; the slicing is lazy (``protocol.jobspec.slicing``), so a job's
total is computed from at most two distinct task shapes per kind where it can be, not by walking every task.
"""

from __future__ import annotations

from typing import Any

from protocol.jobspec.catalogue import CnnSmall, MatmulBlocked, Mlp, Resnet18Cifar
from protocol.jobspec.models import ComputeSpec, RenderSpec, TrainSpec
from protocol.jobspec.slicing import Task, slice_tasks

RESNET18_CIFAR_PARAMETERS = 11_173_962  # torchvision-style ResNet-18 with a 3x3 stem and a 10-class head


def model_parameters(architecture: Mlp | CnnSmall | Resnet18Cifar) -> int:
    """Trainable parameters of a catalogue architecture (weights and biases; BatchNorm's scale and shift)."""
    if isinstance(architecture, Mlp):
        widths = [architecture.input_dim, *architecture.hidden, architecture.output_dim]
        return sum(a * b + b for a, b in zip(widths, widths[1:], strict=False))
    if isinstance(architecture, CnnSmall):
        total, channels = 0, architecture.in_channels
        for block in range(architecture.depth):
            out = architecture.width * 2**block
            total += channels * out * 9 + 2 * out  # 3x3 conv (no bias), BatchNorm
            channels = out
        return total + channels * architecture.num_classes + architecture.num_classes
    return RESNET18_CIFAR_PARAMETERS - 5_130 + 513 * architecture.num_classes  # the head has num_classes outputs


def task_work(spec: Any, task: Task) -> float:
    """Work units of ``task`` (one of ``spec``'s tasks); see the module docstring for the unit of each kind."""
    params = task.params
    if task.kind == "render":
        tile = params["tile"]
        pixels = (tile["max_x"] - tile["min_x"]) * (tile["max_y"] - tile["min_y"])
        return float(pixels * spec.samples * len(params["frames"]))
    if task.kind == "train":
        steps = params["step_end"] - params["step_start"]
        return float(model_parameters(spec.architecture) * steps * spec.batch_size)
    if task.kind == "compute":
        items = params["item_end"] - params["item_start"]
        kernel = spec.kernel
        if isinstance(kernel, MatmulBlocked):
            rows = params["row_end"] - params["row_start"]
            return float(rows * kernel.n * kernel.n) / 1_000  # a unit: 1,000 multiply-adds (~ one sha256 iteration)
        return float(items * kernel.length)
    if task.kind == "label":
        return float(params["item_end"] - params["item_start"])
    raise ValueError(f"no work model for job kind {task.kind!r}")


def job_work(spec: Any) -> tuple[float, float]:
    """(total work units of one replica of every task, the largest task's work units)."""
    tasks = slice_tasks(spec)
    n = len(tasks)
    if n == 0:
        return 0.0, 0.0
    if isinstance(spec, RenderSpec | TrainSpec | ComputeSpec) and n > 64:
        # tasks differ only at the edges (the last frame run, the last segment, tile rounding): sample them
        sample = sorted({0, 1, n // 2, n - 2, n - 1, *range(0, n, max(1, n // 32))})
        works = [task_work(spec, tasks[i]) for i in sample]
        return sum(works) / len(works) * n, max(works)
    works = [task_work(spec, task) for task in tasks]
    return sum(works), max(works)

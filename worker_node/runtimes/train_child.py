"""The ``train`` runtime, child side: build a catalogue model and train one segment of steps deterministically.

Run as ``python -m worker_node.runtimes.train_child`` by
``worker_node.runtimes.train`` (through the sandbox); it reads one JSON
request and replies with the device it used and the loss per checkpoint.

The model comes only from ``protocol.jobspec.catalogue`` (no requester code),
the data from an npz/safetensors file, checkpoints are safetensors: nothing
is unpickled. Determinism, so that a replay reproduces a checkpoint:

- ``torch.manual_seed(spec.seed)`` before the model is built (on the CPU,
  so the initial weights do not depend on the device);
- ``torch.set_num_threads(1)``: CPU kernels split reductions (matmul,
  convolution, sums) across threads by the thread count, and a different
  split adds floats in a different order, giving different bits. One thread
  makes a CPU run independent of how many cores the worker has;
- ``torch.use_deterministic_algorithms(True)``, cuDNN benchmarking and TF32
  off, ``CUBLAS_WORKSPACE_CONFIG`` set by the parent; the loss is written
  with elementwise ops and reductions only, and global pooling as a mean,
  because ``nll_loss`` and ``adaptive_avg_pool2d``'s backward have no
  deterministic CUDA kernel;
- optimizers with ``foreach=False`` (the same per-parameter code on every device);
- the data order of ``worker_node.runtimes.train.batch_indices``, a pure
  function of (seed, step), so a segment can start from any checkpoint.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from protocol.jobspec.catalogue import Adam, AdamW, CnnSmall, Mlp, Resnet18Cifar, Sgd
from protocol.jobspec.models import TrainSpec
from protocol.train_metrics import LOSSES_KEY, encode_losses, loss_points
from worker_node.runtimes.devices import torch_device
from worker_node.runtimes.sandbox import child_main, report_progress
from worker_node.runtimes.train import (
    CHECKPOINT_FORMAT,
    CheckpointError,
    batch_indices,
    epoch_permutation,
    load_dataset,
    read_checkpoint,
)

# --------------------------------------------------------------------------- models


class GlobalAvgPool(nn.Module):
    """Mean over height and width (deterministic on CUDA, unlike AdaptiveAvgPool2d's backward)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.mean(dim=(2, 3))


class BasicBlock(nn.Module):
    """ResNet basic block: two 3×3 conv-BN layers and a (projected when needed) shortcut."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + self.shortcut(x))


def _mlp(arch: Mlp) -> nn.Module:
    activation = {"relu": nn.ReLU, "gelu": nn.GELU, "tanh": nn.Tanh}[arch.activation]
    layers: list[nn.Module] = []
    width = arch.input_dim
    for hidden in arch.hidden:
        layers += [nn.Linear(width, hidden), activation()]
        width = hidden
    layers.append(nn.Linear(width, arch.output_dim))
    return nn.Sequential(*layers)


def _cnn_small(arch: CnnSmall) -> nn.Module:
    layers: list[nn.Module] = []
    channels = arch.in_channels
    for block in range(arch.depth):
        width = arch.width * 2**block
        layers += [
            nn.Conv2d(channels, width, 3, padding=1, bias=False),
            nn.BatchNorm2d(width),
            nn.ReLU(),
            nn.MaxPool2d(2),
        ]
        channels = width
    layers += [GlobalAvgPool(), nn.Linear(channels, arch.num_classes)]
    return nn.Sequential(*layers)


def _resnet18_cifar(arch: Resnet18Cifar) -> nn.Module:
    layers: list[nn.Module] = [nn.Conv2d(3, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU()]
    channels = 64
    for width, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
        layers += [BasicBlock(channels, width, stride), BasicBlock(width, width, 1)]
        channels = width
    layers += [GlobalAvgPool(), nn.Linear(channels, arch.num_classes)]
    return nn.Sequential(*layers)


def build_model(arch: Mlp | CnnSmall | Resnet18Cifar, seed: int) -> nn.Module:
    """The catalogue architecture, initialised on the CPU from ``seed``."""
    torch.manual_seed(seed)
    if isinstance(arch, Mlp):
        return _mlp(arch)
    if isinstance(arch, CnnSmall):
        return _cnn_small(arch)
    return _resnet18_cifar(arch)


# --------------------------------------------------------------------------- optimizers


def build_optimizer(config: Sgd | Adam | AdamW, model: nn.Module) -> torch.optim.Optimizer:
    """The catalogue optimizer over the model's parameters (in ``named_parameters`` order)."""
    params = list(model.parameters())
    if isinstance(config, Sgd):
        return torch.optim.SGD(
            params,
            lr=config.lr,
            momentum=config.momentum,
            weight_decay=config.weight_decay,
            nesterov=config.nesterov,
            foreach=False,
        )
    cls = torch.optim.AdamW if isinstance(config, AdamW) else torch.optim.Adam
    return cls(
        params,
        lr=config.lr,
        betas=(config.beta1, config.beta2),
        eps=config.eps,
        weight_decay=config.weight_decay,
        foreach=False,
    )


def optimizer_state_keys(config: Sgd | Adam | AdamW) -> tuple[str, ...]:
    """The per-parameter state a checkpoint holds for this optimizer (after at least one step)."""
    if isinstance(config, Sgd):
        return ("momentum_buffer",) if config.momentum > 0 else ()
    return ("exp_avg", "exp_avg_sq", "step")


# --------------------------------------------------------------------------- checkpoints


def checkpoint_tensors(model: nn.Module, optimizer: torch.optim.Optimizer) -> dict[str, torch.Tensor]:
    """Everything needed to resume exactly: ``model.<name>`` (parameters and buffers), ``optim.<param>.<key>``."""
    tensors = {f"model.{name}": value.detach().cpu().contiguous() for name, value in model.state_dict().items()}
    names = {id(param): name for name, param in model.named_parameters()}
    for param, state in optimizer.state.items():
        for key, value in state.items():
            if isinstance(value, torch.Tensor):
                tensors[f"optim.{names[id(param)]}.{key}"] = value.detach().cpu().contiguous()
    return tensors


def save_checkpoint(
    path: Path,
    tensors: dict[str, torch.Tensor],
    step: int,
    moved: float | None = None,
    losses: list[list[float]] | None = None,
) -> None:
    """Write a checkpoint atomically (temporary file, then rename); ``moved`` and ``losses`` (the loss curve
    since the previous checkpoint, ``protocol.train_metrics``) go into its metadata, outside the tensors that
    ``tensors_digest`` covers."""
    from safetensors.torch import save_file

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    metadata = {"format": CHECKPOINT_FORMAT, "step": str(step)}
    if moved is not None:
        metadata["moved"] = repr(moved)
    if losses is not None:
        metadata[LOSSES_KEY] = encode_losses(losses)
    save_file(tensors, str(partial), metadata=metadata)
    os.replace(partial, path)


def model_snapshot(model: nn.Module) -> dict[str, np.ndarray]:
    """The model's floating-point tensors as ``model.<name>`` float64 copies (where a segment starts)."""
    return {
        f"model.{name}": value.detach().cpu().double().numpy().copy()
        for name, value in model.state_dict().items()
        if value.is_floating_point()
    }


def moved_from(start: dict[str, np.ndarray], tensors: dict[str, torch.Tensor]) -> float:
    """``‖tensors − start‖``, L2 in float64 over ``start``'s tensors and the entries finite in both.

    Recorded in a replay's checkpoints as metadata ``moved``: the Proof-of-Learning
    check (``oracles.verify.train_check``) measures a submitted checkpoint's
    distance from the replay against how far the replayed segment moved.
    """
    total = 0.0
    for name, before in start.items():
        delta = tensors[name].double().numpy() - before
        delta = delta[np.isfinite(delta)].ravel()
        total += float(np.dot(delta, delta))
    return float(np.sqrt(total))


def expected_shapes(model: nn.Module, config: Sgd | Adam | AdamW) -> dict[str, tuple[tuple[int, ...], torch.dtype]]:
    """Name → (shape, dtype) of every tensor a checkpoint of this model and optimizer holds."""
    shapes = {f"model.{name}": (tuple(value.shape), value.dtype) for name, value in model.state_dict().items()}
    for name, param in model.named_parameters():
        for key in optimizer_state_keys(config):
            shapes[f"optim.{name}.{key}"] = ((), torch.float32) if key == "step" else (tuple(param.shape), param.dtype)
    return shapes


def restore_checkpoint(
    path: Path, step: int, model: nn.Module, optimizer: torch.optim.Optimizer, config: Sgd | Adam | AdamW
) -> None:
    """Load a checkpoint at ``step`` into the model and optimizer; raises ``CheckpointError`` if it does not fit."""
    arrays, _ = read_checkpoint(path, expected_step=step)
    _check_checkpoint_fits(path, arrays, expected_shapes(model, config))
    tensors = {name: torch.from_numpy(np.array(value)) for name, value in arrays.items()}
    model.load_state_dict({name[len("model.") :]: t for name, t in tensors.items() if name.startswith("model.")})
    keys = optimizer_state_keys(config)
    if keys:
        state = {
            index: {key: tensors[f"optim.{name}.{key}"] for key in keys}
            for index, (name, _) in enumerate(model.named_parameters())
        }
        optimizer.load_state_dict({"state": state, "param_groups": optimizer.state_dict()["param_groups"]})


def _check_checkpoint_fits(
    path: Path, arrays: dict[str, np.ndarray], expected: dict[str, tuple[tuple[int, ...], torch.dtype]]
) -> None:
    missing, extra = sorted(set(expected) - set(arrays)), sorted(set(arrays) - set(expected))
    if missing or extra:
        raise CheckpointError(
            f"checkpoint {path} does not belong to this architecture and optimizer: "
            f"missing {missing[:5]}, unexpected {extra[:5]}"
        )
    for name, (shape, dtype) in expected.items():
        got = arrays[name]
        got_dtype = torch.from_numpy(np.zeros(0, dtype=got.dtype)).dtype
        if tuple(got.shape) != shape or got_dtype != dtype:
            raise CheckpointError(
                f"checkpoint {path}: tensor {name} is {got_dtype} {tuple(got.shape)}, the model needs {dtype} {shape}"
            )


# --------------------------------------------------------------------------- training


def deterministic_setup(threads: int = 1) -> None:
    """Make every kernel deterministic and the CPU single-threaded (see the module docstring).

    The runtime always uses one thread; ``threads`` lets the verification benchmark and tests
    train as a machine with other CPU kernels would (``tests.support.train_cheats``).
    """
    if torch.get_num_threads() != threads:  # re-sizing the thread pool is slow: only when it changes
        torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)
    torch.backends.cudnn.benchmark = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False


def cross_entropy(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy with elementwise ops only (``nll_loss`` has no deterministic CUDA kernel)."""
    log_probs = torch.log_softmax(logits, dim=1)
    classes = torch.arange(logits.shape[1], device=logits.device)
    one_hot = (labels[:, None] == classes).to(log_probs.dtype)
    return -(log_probs * one_hot).sum(dim=1).mean()


def _as_float32(batch: np.ndarray) -> np.ndarray:
    if batch.dtype == np.uint8:
        return batch.astype(np.float32) / np.float32(255.0)
    return batch.astype(np.float32, copy=False)


class Batches:
    """The batch of any step, caching one epoch's permutation at a time."""

    def __init__(self, spec: TrainSpec, inputs: np.ndarray, labels: np.ndarray, device: str) -> None:
        self.spec, self.inputs, self.labels, self.device = spec, inputs, labels, device
        self._epoch, self._permutation = -1, np.empty(0, dtype=np.int64)

    def __call__(self, step: int) -> tuple[torch.Tensor, torch.Tensor]:
        epoch = step // self.spec.steps_per_epoch
        if epoch != self._epoch:
            self._epoch = epoch
            self._permutation = epoch_permutation(self.spec.seed, epoch, self.spec.dataset.examples)
        index = batch_indices(self.spec, step, self._permutation)
        x = torch.from_numpy(np.ascontiguousarray(_as_float32(self.inputs[index])))
        y = torch.from_numpy(self.labels[index].astype(np.int64))
        return x.to(self.device), y.to(self.device)


def train_segment(
    spec: TrainSpec,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    batches: Batches,
    step_start: int,
    step_end: int,
    checkpoints: Sequence[tuple[int, Path]],
    epochs: list[dict[str, float]] | None = None,
    record_moved: bool = False,
) -> list[dict[str, float]]:
    """Train steps ``step_start`` … ``step_end - 1``; save a checkpoint after each listed step count.

    With ``record_moved`` (a replay) each checkpoint records in its metadata ``moved``, how far the
    model's weights are from where this segment started (``moved_from``); a run's checkpoints (not a
    replay's, whose bytes its checker signs) record the loss of each step since the previous one
    (``protocol.train_metrics``). Reports the steps done (``sandbox.report_progress``; at every checkpoint
    at once). Returns the mean loss per checkpoint interval; ``epochs`` (if given) receives the mean loss of each epoch this segment
    touched, with how many of its steps ran here.
    """
    due = dict(checkpoints)
    start = model_snapshot(model) if record_moved else None
    metrics: list[dict[str, float]] = []
    total, count = torch.zeros((), dtype=torch.float64, device=batches.device), 0
    interval: list[torch.Tensor] = []  # this interval's losses, read back once per checkpoint (no sync per step)
    interval_start = step_start
    per_epoch: dict[int, list] = {}
    model.train()
    for step in range(step_start, step_end):
        x, y = batches(step)
        optimizer.zero_grad(set_to_none=True)
        loss = cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        total, count = total + loss.detach().double(), count + 1
        if not record_moved:
            interval.append(loss.detach().double())
        acc = per_epoch.setdefault(step // spec.steps_per_epoch, [torch.zeros_like(total), 0])
        acc[0], acc[1] = acc[0] + loss.detach().double(), acc[1] + 1
        report_progress(step + 1 - step_start, step_end - step_start, force=step + 1 in due)
        if step + 1 in due:
            tensors = checkpoint_tensors(model, optimizer)
            curve = None
            if not record_moved:
                curve = loss_points(interval_start, torch.stack(interval).cpu().tolist()) if interval else []
                interval, interval_start = [], step + 1
            moved = None if start is None else moved_from(start, tensors)
            save_checkpoint(due[step + 1], tensors, step + 1, moved, curve)
            metrics.append({"step": step + 1, "loss": float(total.item()) / count})
            total, count = torch.zeros_like(total), 0
    if epochs is not None:
        epochs.extend(
            {"epoch": e, "loss": float(acc[0].item()) / acc[1], "steps": acc[1]} for e, acc in sorted(per_epoch.items())
        )
    return metrics


def handle(request: dict[str, Any]) -> dict[str, Any]:
    """Run one training segment described by the parent's request (see ``train._run_segment``)."""
    started = time.monotonic()
    spec = TrainSpec.model_validate(request["spec"])
    step_start, step_end = int(request["step_start"]), int(request["step_end"])
    checkpoints = [(int(step), Path(path)) for step, path in request["checkpoints"]]
    if any(not step_start < step <= step_end for step, _ in checkpoints):
        raise ValueError(f"checkpoint steps {[s for s, _ in checkpoints]} are not within {step_start}→{step_end}")
    deterministic_setup()
    device, description = torch_device(request.get("device", "auto"))
    print(f"train runtime: device {description}", flush=True)
    inputs, labels = load_dataset(spec, Path(request["dataset"]))
    model = build_model(spec.architecture, spec.seed).to(device)
    optimizer = build_optimizer(spec.optimizer, model)
    if request.get("resume"):  # load_state_dict copies onto the model's (and optimizer's) device
        restore_checkpoint(Path(request["resume"]), step_start, model, optimizer, spec.optimizer)
    elif step_start != 0:
        raise CheckpointError(f"step {step_start} needs a checkpoint to resume from")
    epochs: list[dict[str, float]] = []
    metrics = train_segment(
        spec,
        model,
        optimizer,
        Batches(spec, inputs, labels, device),
        step_start,
        step_end,
        checkpoints,
        epochs,
        record_moved=bool(request.get("record_moved")),
    )
    return {"device": description, "metrics": metrics, "epochs": epochs, "seconds": time.monotonic() - started}


if __name__ == "__main__":
    child_main(handle)

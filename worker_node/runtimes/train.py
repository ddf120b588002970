"""The ``train`` runtime, parent side: run a training segment in a sandboxed child, digest its checkpoints.

PyTorch never runs in the worker agent's process. ``train_task`` and
``replay_segment`` check what they can cheaply, then start
``python -m worker_node.runtimes.train_child`` through
``worker_node.runtimes.sandbox.run_child`` (wall-clock and memory limits)
and read back the checkpoints it wrote. This module itself needs only numpy
and safetensors, so the oracle can import it to replay segments and compare
checkpoints.

Shared rules, used by both sides (they define what an honest run is):

- **data order** — epoch ``e`` visits the examples in the order
  ``epoch_permutation(seed, e, examples)``; step ``s`` trains on
  ``batch_indices(spec, s)``, slice ``s % steps_per_epoch`` of the
  permutation of epoch ``s // steps_per_epoch``, the last partial batch
  dropped. Any step can be reproduced from the checkpoint before it without
  replaying from step 0.
- **datasets** — ``npz`` (``allow_pickle=False``) or safetensors with an
  inputs array of shape ``(examples, *input_shape(architecture))`` (float, or
  uint8 images scaled to [0, 1]) and integer labels of shape ``(examples,)``.
- **checkpoints** — one safetensors file per checkpoint: model tensors
  (parameters and buffers such as BatchNorm running statistics) under
  ``model.<name>``, optimizer state under ``optim.<parameter>.<key>``,
  metadata ``{"format": "gpuhive-ckpt-v1", "step": "<steps done>"}``; a
  replay's checkpoint adds ``"moved": "<float>"``, the L2 distance of its
  model tensors from where the replayed segment started (the train check
  measures the submitted checkpoint's difference against it). No pickle
  anywhere.
"""

from __future__ import annotations

import logging
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from protocol.digests import tensors_digest
from protocol.errors import GPUHiveError
from protocol.jobspec.catalogue import CnnSmall, Mlp, Resnet18Cifar
from protocol.jobspec.models import DatasetFormat, TrainSpec
from protocol.jobspec.slicing import Task
from worker_node.runtimes.sandbox import Limits, RuntimeFailure, run_child
from worker_node.runtimes.task_check import check_task

logger = logging.getLogger(__name__)

CHECKPOINT_FORMAT = "gpuhive-ckpt-v1"
CHILD_MODULE = "worker_node.runtimes.train_child"
# cuBLAS needs a fixed workspace to be deterministic (torch.use_deterministic_algorithms); set before CUDA starts.
CHILD_ENV = {"CUBLAS_WORKSPACE_CONFIG": ":4096:8"}
DEFAULT_LIMITS = Limits()


class DatasetError(GPUHiveError, ValueError):
    """The dataset file is missing, unreadable, or does not fit the spec's architecture."""


class CheckpointError(GPUHiveError, ValueError):
    """A checkpoint file is missing, not a GPUHive checkpoint, at the wrong step or for another model."""


@dataclass(frozen=True)
class TrainResult:
    """What a train task produced."""

    files: list[Path]  # the task's outputs, in task.outputs order
    digest: bytes  # tensors_digest of the last checkpoint (what the worker signs)
    checkpoint_digests: dict[int, str]  # step -> tensors_digest hex, for every checkpoint
    metrics: list[dict[str, float]]  # per checkpoint: {"step": s, "loss": mean loss since the previous one}
    device: str  # e.g. "cpu (CUDA not available)"
    seconds: float  # wall-clock time of the whole task, child start-up included
    epochs: list[dict[str, float]] = field(default_factory=list)  # per epoch touched: {"epoch", "loss", "steps"}


# --------------------------------------------------------------------------- data order


def epoch_permutation(seed: int, epoch: int, examples: int) -> np.ndarray:
    """The order in which epoch ``epoch`` visits the ``examples`` examples.

    ``argsort`` (stable) of the raw 64-bit outputs of PCG64 seeded with
    ``SeedSequence([seed, epoch])``. It uses only the bit generator's raw
    stream and SeedSequence, which numpy keeps fixed across versions (unlike
    ``Generator.permutation``, whose algorithm numpy may change), so workers
    with different numpy versions agree.
    """
    raw = np.random.PCG64(np.random.SeedSequence([seed, epoch])).random_raw(examples)
    return np.argsort(raw, kind="stable")


def batch_indices(spec: TrainSpec, step: int, permutation: np.ndarray | None = None) -> np.ndarray:
    """Indices of the examples that step ``step`` (0-based) trains on.

    Pass the epoch's ``permutation`` when you already have it, to avoid recomputing it.
    """
    per_epoch = spec.steps_per_epoch
    epoch, slot = divmod(step, per_epoch)
    if permutation is None:
        permutation = epoch_permutation(spec.seed, epoch, spec.dataset.examples)
    start = slot * spec.batch_size
    return permutation[start : start + spec.batch_size]


# --------------------------------------------------------------------------- datasets


def input_shape(architecture: Mlp | CnnSmall | Resnet18Cifar) -> tuple[int, ...]:
    """Shape of one input example the architecture takes (images are channels × height × width)."""
    if isinstance(architecture, Mlp):
        return (architecture.input_dim,)
    if isinstance(architecture, CnnSmall):
        return (architecture.in_channels, architecture.image_size, architecture.image_size)
    return (3, 32, 32)


def num_classes(architecture: Mlp | CnnSmall | Resnet18Cifar) -> int:
    """How many classes the architecture predicts (labels are 0 … num_classes - 1)."""
    return architecture.output_dim if isinstance(architecture, Mlp) else architecture.num_classes


def load_dataset(spec: TrainSpec, path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The dataset's ``(inputs, labels)`` arrays, checked against the spec; raises ``DatasetError``."""
    ds = spec.dataset
    arrays = _read_arrays(Path(path), ds.format, (ds.inputs_key, ds.labels_key))
    x, y = arrays[ds.inputs_key], arrays[ds.labels_key]
    _check_inputs(spec, x)
    _check_labels(spec, y)
    return x, y


def _read_arrays(path: Path, fmt: DatasetFormat, keys: Sequence[str]) -> dict[str, np.ndarray]:
    if not path.is_file():
        raise DatasetError(f"dataset file {path} does not exist; download the dataset CID first")
    try:
        if fmt == DatasetFormat.NPZ:
            with np.load(path, allow_pickle=False) as data:
                if not isinstance(data, np.lib.npyio.NpzFile):
                    raise DatasetError(f"dataset {path} is a single .npy array, not an npz archive of named arrays")
                found = list(data.files)
                arrays = {key: data[key] for key in keys if key in found}
        else:
            from safetensors import SafetensorError
            from safetensors.numpy import load_file

            try:
                loaded = load_file(str(path))
            except SafetensorError as exc:
                raise DatasetError(f"dataset {path} is not a valid safetensors file: {exc}") from None
            found = list(loaded)
            arrays = {key: loaded[key] for key in keys if key in loaded}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
        if isinstance(exc, DatasetError):
            raise
        raise DatasetError(f"dataset {path} is not a readable {fmt.value} file (pickles are refused): {exc}") from None
    missing = [key for key in keys if key not in arrays]
    if missing:
        raise DatasetError(
            f"dataset {path} has no array named {', '.join(map(repr, missing))} "
            f"(it has: {', '.join(map(repr, sorted(found))) or 'nothing'}); "
            "fix dataset.inputs_key / dataset.labels_key in the spec"
        )
    return arrays


def _check_inputs(spec: TrainSpec, x: np.ndarray) -> None:
    arch, examples = spec.architecture, spec.dataset.examples
    expected = (examples, *input_shape(arch))
    if x.shape != expected:
        raise DatasetError(
            f"inputs {spec.dataset.inputs_key!r} have shape {x.shape}, but {arch.name} with these parameters "
            f"needs {expected}: dataset.examples × {_describe_input(arch)}"
        )
    if not (np.issubdtype(x.dtype, np.floating) or x.dtype == np.uint8):
        raise DatasetError(
            f"inputs {spec.dataset.inputs_key!r} have dtype {x.dtype}; use float16/32/64, or uint8 images"
        )


def _describe_input(arch: Mlp | CnnSmall | Resnet18Cifar) -> str:
    if isinstance(arch, Mlp):
        return f"input_dim ({arch.input_dim})"
    if isinstance(arch, CnnSmall):
        return f"in_channels ({arch.in_channels}) × image_size ({arch.image_size}) × image_size"
    return "3 × 32 × 32 (RGB, channels first)"


def _check_labels(spec: TrainSpec, y: np.ndarray) -> None:
    key, examples, classes = spec.dataset.labels_key, spec.dataset.examples, num_classes(spec.architecture)
    if y.shape != (examples,):
        raise DatasetError(f"labels {key!r} have shape {y.shape}; expected ({examples},), one class per example")
    if not np.issubdtype(y.dtype, np.integer):
        raise DatasetError(f"labels {key!r} have dtype {y.dtype}; class labels must be integers")
    if y.size and (int(y.min()) < 0 or int(y.max()) >= classes):
        raise DatasetError(
            f"labels {key!r} range over {int(y.min())}..{int(y.max())}, but the model predicts "
            f"{classes} classes (0..{classes - 1})"
        )


def make_dataset(
    path: Path,
    *,
    examples: int,
    classes: int,
    seed: int = 0,
    input_dim: int | None = None,
    image_shape: tuple[int, int, int] | None = None,
    format: Literal["npz", "safetensors"] = "npz",  # mirrors TrainDataset.format
    inputs_key: str = "x",
    labels_key: str = "y",
) -> Path:
    """Write a small synthetic, learnable classification dataset (for tests and the demo).

    Give ``input_dim`` for flat vectors (mlp) or ``image_shape`` as
    ``(channels, height, width)`` for images; each class is a random
    centre (or template image) plus Gaussian noise. Inputs are float32,
    labels int64.
    """
    if (input_dim is None) == (image_shape is None):
        raise ValueError("give exactly one of input_dim or image_shape")
    shape = (input_dim,) if input_dim is not None else tuple(image_shape)  # type: ignore[arg-type]
    rng = np.random.default_rng(seed)
    centres = rng.normal(0.0, 1.0, size=(classes, *shape))
    labels = rng.integers(0, classes, size=examples, dtype=np.int64)
    inputs = (centres[labels] + rng.normal(0.0, 0.7, size=(examples, *shape))).astype(np.float32)
    arrays = {inputs_key: inputs, labels_key: labels}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if format == "npz":
        with path.open("wb") as handle:  # a file handle: np.savez would append ".npz" to a bare name
            np.savez(handle, **arrays)
    elif format == "safetensors":
        from safetensors.numpy import save_file

        save_file(arrays, str(path))
    else:
        raise ValueError(f"unknown dataset format {format!r}: npz or safetensors")
    return path


# --------------------------------------------------------------------------- checkpoints


def read_checkpoint(path: Path, expected_step: int | None = None) -> tuple[dict[str, np.ndarray], int]:
    """A checkpoint's tensors (numpy) and step; raises ``CheckpointError`` if it is not a valid one."""
    from safetensors import SafetensorError, safe_open

    step = checkpoint_step(path, expected_step)
    try:
        with safe_open(str(path), framework="numpy") as handle:
            tensors = {name: handle.get_tensor(name) for name in handle.keys()}
    except (SafetensorError, OSError, ValueError) as exc:
        raise CheckpointError(f"checkpoint {path} is not a valid safetensors file: {exc}") from None
    return tensors, step


def checkpoint_step(path: Path, expected_step: int | None = None) -> int:
    """The step a checkpoint was saved at, from its header only; raises ``CheckpointError``.

    Checks that the file is a safetensors file in the GPUHive checkpoint
    format and, if ``expected_step`` is given, that it is at that step.
    """
    from safetensors import SafetensorError, safe_open

    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"checkpoint {path} does not exist")
    try:
        with safe_open(str(path), framework="numpy") as handle:
            metadata = handle.metadata() or {}
    except (SafetensorError, OSError, ValueError) as exc:
        raise CheckpointError(f"checkpoint {path} is not a valid safetensors file: {exc}") from None
    if metadata.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointError(f"checkpoint {path} has format {metadata.get('format')!r}, not {CHECKPOINT_FORMAT!r}")
    step_text = metadata.get("step", "")
    if not step_text.isdigit():
        raise CheckpointError(f"checkpoint {path} has no valid step in its metadata ({step_text!r})")
    step = int(step_text)
    if expected_step is not None and step != expected_step:
        raise CheckpointError(f"checkpoint {path} is at step {step}, but step {expected_step} was expected")
    return step


def checkpoint_digest(path: Path, expected_step: int | None = None) -> bytes:
    """``tensors_digest`` of a checkpoint's tensors (model and optimizer), as a worker signs it."""
    tensors, _ = read_checkpoint(path, expected_step)
    return tensors_digest(tensors)


# --------------------------------------------------------------------------- running


def train_task(
    spec: TrainSpec,
    task: Task,
    dataset_file: Path,
    resume_checkpoint: Path | None,
    out_dir: Path,
    *,
    device: str = "auto",
    limits: Limits = DEFAULT_LIMITS,
    progress: Callable[[float], None] | None = None,
) -> TrainResult:
    """Run one train task in a sandboxed child and return its checkpoints and digest.

    ``resume_checkpoint`` is the previous task's last checkpoint, ``None``
    only for a task that starts at step 0 (initialised from ``spec.seed``).
    The checkpoints are written to ``out_dir / name`` for each name of
    ``task.outputs``. Raises ``RuntimeFailure`` with a reason on any problem. ``progress`` is called while
    the child trains with the fraction of the task's steps done (ending at 1).
    """
    started = time.monotonic()
    check_task(spec, task)
    params = task.params
    step_start, step_end = params["step_start"], params["step_end"]
    _check_resume(step_start, resume_checkpoint, f"task {task.index}")
    files = [Path(out_dir) / name for name in task.outputs]
    reply = _run_segment(
        spec,
        dataset_file,
        resume_checkpoint,
        step_start,
        step_end,
        list(zip(params["checkpoint_steps"], files, strict=True)),
        device,
        limits,
        progress=progress,
    )
    digests = _digests(zip(params["checkpoint_steps"], files, strict=True))
    result = TrainResult(
        files=files,
        digest=bytes.fromhex(digests[step_end]),
        checkpoint_digests=digests,
        metrics=reply["metrics"],
        device=reply["device"],
        seconds=time.monotonic() - started,
        epochs=reply.get("epochs", []),
    )
    logger.info(
        "train task %d: steps %d-%d on %s in %.1f s",
        task.index,
        step_start,
        step_end,
        result.device,
        result.seconds,
        extra={"task": task.index, "device": result.device, "seconds": result.seconds},
    )
    return result


def replay_segment(
    spec: TrainSpec,
    dataset_file: Path,
    start_checkpoint: Path | None,
    step_from: int,
    step_to: int,
    out_file: Path,
    *,
    device: str = "auto",
    limits: Limits = DEFAULT_LIMITS,
    progress: Callable[[float], None] | None = None,
) -> Path:
    """Proof-of-Learning replay: train ``step_from`` → ``step_to`` from ``start_checkpoint``; write ``out_file``.

    ``start_checkpoint`` is ``None`` only when ``step_from`` is 0 (fresh
    initialisation from the seed). Replaying a segment of an honest run on
    the same kind of device reproduces its checkpoint bit for bit. The
    checkpoint records in its metadata ``moved``, how far the segment moved
    the model's weights: the check's yardstick (``oracles.verify.train_check``).
    """
    if not 0 <= step_from < step_to <= spec.total_steps:
        raise RuntimeFailure(f"replay steps {step_from}→{step_to} are not within the job's 0→{spec.total_steps}")
    _check_resume(step_from, start_checkpoint, "a replay")
    reply = _run_segment(
        spec,
        dataset_file,
        start_checkpoint,
        step_from,
        step_to,
        [(step_to, Path(out_file))],
        device,
        limits,
        record_moved=True,
        progress=progress,
    )
    try:
        checkpoint_step(Path(out_file), expected_step=step_to)
    except CheckpointError as exc:
        raise RuntimeFailure(f"the training child wrote a bad checkpoint: {exc}") from None
    logger.info(
        "replayed steps %d-%d on %s",
        step_from,
        step_to,
        reply["device"],
        extra={"step_from": step_from, "step_to": step_to, "device": reply["device"]},
    )
    return Path(out_file)


def _check_resume(step_start: int, checkpoint: Path | None, what: str) -> None:
    if step_start == 0 and checkpoint is not None:
        raise RuntimeFailure(f"{what} starts at step 0 from spec.seed and takes no resume checkpoint")
    if step_start > 0 and checkpoint is None:
        raise RuntimeFailure(f"{what} starts at step {step_start} and needs the checkpoint of that step to resume")
    if checkpoint is not None:  # the header only: fail before starting torch; the child checks the tensors
        try:
            checkpoint_step(Path(checkpoint), expected_step=step_start)
        except CheckpointError as exc:
            raise RuntimeFailure(f"resume checkpoint: {exc}") from None


def _run_segment(
    spec: TrainSpec,
    dataset_file: Path,
    resume: Path | None,
    step_start: int,
    step_end: int,
    checkpoints: Sequence[tuple[int, Path]],
    device: str,
    limits: Limits,
    record_moved: bool = False,
    progress: Callable[[float], None] | None = None,
) -> dict[str, Any]:
    if not Path(dataset_file).is_file():
        raise RuntimeFailure(f"dataset file {dataset_file} does not exist; download the dataset CID first")
    request = {
        "spec": spec.model_dump(mode="json"),
        "dataset": str(Path(dataset_file).resolve()),
        "resume": str(Path(resume).resolve()) if resume is not None else None,
        "step_start": step_start,
        "step_end": step_end,
        "checkpoints": [[step, str(Path(path).resolve())] for step, path in checkpoints],
        "device": device,
        "record_moved": record_moved,
    }
    return run_child(CHILD_MODULE, request, limits, env=CHILD_ENV, on_progress=progress)


def _digests(checkpoints: Iterable[tuple[int, Path]]) -> dict[int, str]:
    digests: dict[int, str] = {}
    for step, path in checkpoints:
        try:
            digests[step] = checkpoint_digest(path, step).hex()
        except CheckpointError as exc:
            raise RuntimeFailure(f"the training child wrote a bad checkpoint: {exc}") from None
    return digests

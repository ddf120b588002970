"""Honest and cheating producers of a train checkpoint, for the Proof-of-Learning check (issue 17).

Every producer writes the checkpoint a worker would submit for the segment
``step_from → step_to`` of a train job, starting from ``start`` (the
checkpoint at ``step_from``; ``None`` at step 0). Training producers run the
train runtime's own child code in this process (``train_child``:
``build_model``, ``build_optimizer``, ``restore_checkpoint``, ``Batches``,
``train_segment``, ``save_checkpoint``, after ``deterministic_setup``), with
one knob turned per cheat; ``train(...)`` with no knob is bit-identical to
``worker_node.runtimes.train.replay_segment`` (a test checks it), so it also
serves as the checker's replay. The others edit checkpoint files with numpy,
as a worker who never trains would, with the step counters an honest run has
(only the weights can betray them). ``tests/oracles/test_train_cheats.py``
and ``benchmarks/verification_train.py`` use them.

Honest stand-ins for other hardware, which the check must pass:

- ``threads``: the segment trained with ``torch.set_num_threads(n)`` instead
  of the runtime's 1: reductions split differently, so other float bits that
  then grow over the segment's steps (what a worker with other CPU kernels produces);
- ``jitter_ulps``: the start weights moved by a float32 ulp (RMS) before the
  segment (the stand-in for a GPU-vs-CPU pair, whose kernels differ in every
  rounding, not only in the reductions a thread split changes: it also flips
  ReLU, max-pool and Adam-sign decisions that sit within rounding of a tie);
- ``device="cuda"``: the real GPU, when ``torch.cuda.is_available()``.

Cheats, which the check must reject (``CHEATS`` names each):
skipped steps (half, three quarters, all), half the steps at twice the learning
rate (to move the weights as far as an honest segment), bfloat16 or float16
autocast, float16-rounded weights after every step, a wrong data slice
(batches of other steps) or another dataset, a fabricated checkpoint (fresh
weights, or the start plus noise as large as an honest segment's move), a
checkpoint interpolated between the start and a later one, one extrapolated
from the previous segment, the start submitted unchanged, and a checkpoint
copied from another job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from safetensors.numpy import save_file

from protocol.jobspec.models import TrainSpec
from worker_node.runtimes.train import CHECKPOINT_FORMAT, load_dataset, read_checkpoint

Producer = Callable[["Segment", Path], Path]


@dataclass(frozen=True)
class Segment:
    """One checkpoint interval of a job, as the check replays it.

    ``previous`` is the checkpoint one interval before ``start`` (for the
    extrapolation cheat), ``later`` an honest checkpoint after ``step_to``
    (for the interpolation cheat), ``other_job`` a checkpoint of another job
    at ``step_to`` (for the copy cheat); each is ``None`` when the job has none.
    """

    spec: TrainSpec
    dataset: Path
    start: Path | None
    step_from: int
    step_to: int
    previous: tuple[int, Path] | None = None
    later: tuple[int, Path] | None = None
    other_job: Path | None = None
    other_dataset: Path | None = None


# --------------------------------------------------------------------------- training on the runtime's code


@contextmanager
def _keep_threads() -> Iterator[None]:
    """Restore the caller's torch thread count afterwards."""
    import torch

    before = torch.get_num_threads()
    try:
        yield
    finally:
        if torch.get_num_threads() != before:  # re-sizing the pool is slow: group runs by thread count
            torch.set_num_threads(before)


def train(
    seg: Segment,
    out: Path,
    *,
    threads: int = 1,
    device: str = "cpu",
    steps: int | None = None,
    lr_scale: float = 1.0,
    autocast: str | None = None,
    round_weights: str | None = None,
    step_shift: int = 0,
    dataset: Path | None = None,
    jitter_ulps: float = 0.0,
    jitter_seed: int = 0,
) -> Path:
    """Train ``seg`` with the runtime child's code and write the checkpoint at ``seg.step_to`` to ``out``.

    With the defaults this is the runtime's honest segment. Knobs: ``threads``
    (torch threads), ``device``, ``steps`` (train only the first ``steps``
    steps of the segment but label the result ``step_to``), ``lr_scale``,
    ``autocast`` (``"bfloat16"``/``"float16"``), ``round_weights`` (round the
    weights to that dtype after every step), ``step_shift`` (train step ``s``
    on the batch of step ``s + step_shift``), ``dataset`` (another file), and
    ``jitter_ulps`` (move the start weights by that many float32 ulps, RMS).
    """
    import torch

    from worker_node.runtimes import train_child as child
    from worker_node.runtimes.devices import torch_device

    spec = seg.spec
    if lr_scale != 1.0:
        spec = spec.model_copy(
            update={"optimizer": spec.optimizer.model_copy(update={"lr": spec.optimizer.lr * lr_scale})}
        )
    with _keep_threads():
        child.deterministic_setup(threads)  # the runtime's setup, with the thread count under test
        torch_dev, _ = torch_device(device)
        inputs, labels = load_dataset(spec, Path(dataset or seg.dataset))
        model = child.build_model(spec.architecture, spec.seed).to(torch_dev)
        optimizer = child.build_optimizer(spec.optimizer, model)
        if seg.start is not None:
            child.restore_checkpoint(Path(seg.start), seg.step_from, model, optimizer, spec.optimizer)
        if jitter_ulps:
            _jitter(model, jitter_ulps, jitter_seed)
        batches: Any = child.Batches(spec, inputs, labels, torch_dev)
        if step_shift:
            real = batches
            batches = _Shifted(real, step_shift)
        if round_weights:
            _round_after_step(optimizer, getattr(torch, round_weights))
        end = seg.step_from + (seg.step_to - seg.step_from if steps is None else steps)
        context = torch.autocast(torch_dev.split(":")[0], dtype=getattr(torch, autocast)) if autocast else nullcontext()
        with context:
            if end == seg.step_to:  # the runtime's own save, with the metadata a replay records
                child.train_segment(
                    spec, model, optimizer, batches, seg.step_from, end, [(end, Path(out))], record_moved=True
                )
            else:
                child.train_segment(spec, model, optimizer, batches, seg.step_from, end, [])
                child.save_checkpoint(Path(out), child.checkpoint_tensors(model, optimizer), seg.step_to)
    return Path(out)


class _Shifted:
    """The batches of other steps: step ``s`` gets the batch of step ``s + shift``."""

    def __init__(self, batches: Any, shift: int) -> None:
        self.batches, self.shift, self.device = batches, shift, batches.device

    def __call__(self, step: int) -> Any:
        return self.batches(step + self.shift)


def _jitter(model: Any, ulps: float, seed: int) -> None:
    import torch

    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for value in model.state_dict().values():
            if value.is_floating_point() and value.numel():
                ulp = torch.finfo(value.dtype).eps * value.abs().clamp_min(torch.finfo(value.dtype).tiny)
                noise = torch.randn(value.shape, generator=generator).to(value.device, value.dtype)
                value.add_(noise * ulp * ulps)


def _round_after_step(optimizer: Any, dtype: Any) -> None:
    import torch

    step = optimizer.step

    def rounded(*args: Any, **kwargs: Any) -> Any:
        result = step(*args, **kwargs)
        with torch.no_grad():
            for group in optimizer.param_groups:
                for param in group["params"]:
                    param.copy_(param.to(dtype).to(param.dtype))
        return result

    optimizer.step = rounded


# --------------------------------------------------------------------------- checkpoints edited with numpy


def _tensors(path: Path) -> dict[str, np.ndarray]:
    return read_checkpoint(Path(path))[0]


def _write(out: Path, tensors: dict[str, np.ndarray], seg: Segment, start: dict[str, np.ndarray]) -> Path:
    """Save a forged checkpoint at ``seg.step_to``, its step counters (BatchNorm's ``num_batches_tracked``)
    advanced from ``start`` as honest training would: a forger knows them, so only the weights can betray it."""
    steps = seg.step_to - seg.step_from
    tensors = dict(tensors)
    for name, value in start.items():
        if name.endswith("num_batches_tracked"):
            tensors[name] = np.asarray(value + steps, dtype=value.dtype)
    tensors = {name: np.array(value, order="C") for name, value in tensors.items()}  # keeps 0-d tensors 0-d
    save_file(tensors, str(out), metadata={"format": CHECKPOINT_FORMAT, "step": str(seg.step_to)})
    return Path(out)


def _combine(a: dict[str, np.ndarray], b: dict[str, np.ndarray], t: float) -> dict[str, np.ndarray]:
    """``a + t·(b − a)`` on float tensors (float64 arithmetic), ``b``'s other tensors."""
    out = {}
    for name, value in a.items():
        if value.dtype.kind == "f":
            mixed = value.astype(np.float64) + t * (b[name].astype(np.float64) - value.astype(np.float64))
            out[name] = np.asarray(mixed, dtype=value.dtype)
        else:
            out[name] = b[name]
    return out


def _start_tensors(seg: Segment, scratch: Path) -> dict[str, np.ndarray]:
    if seg.start is not None:
        return _tensors(seg.start)
    # step 0: the initial weights are what a zero-step "training" run leaves (the runtime's initialisation)
    return _tensors(train(seg, scratch, steps=0))


def unchanged_start(seg: Segment, out: Path) -> Path:
    """The start checkpoint resubmitted as the end of the segment (no training at all)."""
    start = _start_tensors(seg, Path(out).with_suffix(".init"))
    return _write(out, start, seg, start)


def interpolated(seg: Segment, out: Path) -> Path:
    """Linear interpolation between the start and a later honest checkpoint, at the segment's end step."""
    if seg.later is None:
        raise ValueError("the interpolation cheat needs a later checkpoint (Segment.later)")
    later_step, later = seg.later
    t = (seg.step_to - seg.step_from) / (later_step - seg.step_from)
    start = _start_tensors(seg, Path(out).with_suffix(".init"))
    return _write(out, _combine(start, _tensors(later), t), seg, start)


def extrapolated(seg: Segment, out: Path) -> Path:
    """The previous segment's move repeated: ``start + (start − previous)``."""
    if seg.previous is None or seg.start is None:
        raise ValueError("the extrapolation cheat needs the start and the checkpoint before it (Segment.previous)")
    start = _tensors(seg.start)
    return _write(out, _combine(_tensors(seg.previous[1]), start, 2.0), seg, start)


def fabricated_fresh(seg: Segment, out: Path) -> Path:
    """Weights of a fresh initialisation from another seed, with the start's optimizer state."""
    other = seg.spec.model_copy(update={"seed": seg.spec.seed + 1})
    fresh = _tensors(train(Segment(other, seg.dataset, None, 0, seg.step_to), Path(out).with_suffix(".fresh"), steps=0))
    start = _start_tensors(seg, Path(out).with_suffix(".init"))
    return _write(out, {**start, **{k: v for k, v in fresh.items() if k.startswith("model.")}}, seg, start)


def fabricated_noise(seg: Segment, out: Path, honest: Path, seed: int = 0) -> Path:
    """The start plus Gaussian noise whose norm equals the honest segment's move (an informed forger)."""
    start = _start_tensors(seg, Path(out).with_suffix(".init"))
    reference = _tensors(honest)
    rng = np.random.default_rng(seed)
    names = [n for n, v in start.items() if n.startswith("model.") and v.dtype.kind == "f"]
    moved = np.sqrt(sum(float(np.sum((reference[n].astype(np.float64) - start[n]) ** 2)) for n in names))
    noise = {n: rng.normal(size=start[n].shape) for n in names}
    norm = np.sqrt(sum(float(np.sum(v**2)) for v in noise.values())) or 1.0
    tensors = dict(start)
    for n in names:
        tensors[n] = np.asarray(start[n].astype(np.float64) + noise[n] * (moved / norm), dtype=start[n].dtype)
    return _write(out, tensors, seg, start)


def copied_other_job(seg: Segment, out: Path) -> Path:
    """Another job's checkpoint at the same step (same architecture, other seed)."""
    if seg.other_job is None:
        raise ValueError("the copy cheat needs another job's checkpoint (Segment.other_job)")
    start = _start_tensors(seg, Path(out).with_suffix(".init"))
    return _write(out, _tensors(seg.other_job), seg, start)


def other_dataset(seg: Segment, out: Path) -> Path:
    """The segment trained on another dataset of the same shape."""
    if seg.other_dataset is None:
        raise ValueError("the other-dataset cheat needs Segment.other_dataset")
    return train(seg, out, dataset=seg.other_dataset)


def _steps(seg: Segment, fraction: float) -> int:
    return int((seg.step_to - seg.step_from) * fraction)


# The cheats by name; ``fabricated_noise`` also takes the honest checkpoint, so it is added by the caller.
CHEATS: dict[str, Producer] = {
    "skip_half": lambda seg, out: train(seg, out, steps=_steps(seg, 0.5)),
    "skip_three_quarters": lambda seg, out: train(seg, out, steps=_steps(seg, 0.25)),
    "half_steps_double_lr": lambda seg, out: train(seg, out, steps=_steps(seg, 0.5), lr_scale=2.0),
    "unchanged_start": unchanged_start,
    "autocast_bfloat16": lambda seg, out: train(seg, out, autocast="bfloat16"),
    "autocast_float16": lambda seg, out: train(seg, out, autocast="float16"),
    "float16_weights": lambda seg, out: train(seg, out, round_weights="float16"),
    "wrong_slice": lambda seg, out: train(seg, out, step_shift=max(1, seg.spec.steps_per_epoch // 2)),
    "other_dataset": other_dataset,
    "fabricated_fresh": fabricated_fresh,
    "interpolated": interpolated,
    "extrapolated": extrapolated,
    "copied_other_job": copied_other_job,
}

HONEST: dict[str, Producer] = {
    "threads_2": lambda seg, out: train(seg, out, threads=2),
    "jitter_1ulp": lambda seg, out: train(seg, out, jitter_ulps=1.0, jitter_seed=seg.step_to),
}


def cuda_available() -> bool:
    """Whether the honest CUDA class can be measured on this machine."""
    import torch

    return bool(torch.cuda.is_available())


def honest_cuda(seg: Segment, out: Path) -> Path:
    """The segment trained on the GPU (only when ``cuda_available()``)."""
    return train(seg, out, device="cuda")

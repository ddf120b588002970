"""Proof-of-Learning spot checks: compare a submitted checkpoint with the oracle's replay of its segment.

Training on other hardware is not bit-exact, so the replayed weights are
compared within a tolerance, by L2 distance over the model tensors (names
starting with ``prefix``, ``model.`` by default: the optimizer state is not
compared), taken as one flat vector with float64 accumulation, and measured
against how far the replayed segment moved the weights::

    moved         = ‖replayed − start‖         (start: the checkpoint the replay began from)
    distance      = ‖submitted − replayed‖ / moved, the TRIM (1 %) largest |differences| left out
    full_distance = ‖submitted − replayed‖ / moved, every entry

The check passes when ``distance ≤ tolerance`` and ``full_distance ≤
outlier_tolerance``, or when ``‖submitted − replayed‖ ≤ noise_floor ·
‖replayed‖`` (whatever the move).

Why (issue 17, ``benchmarks/verification_train.py``, ~1000 segments of 2 to
16 steps): a segment moves the weights by only 0.1–25 % of their norm, so a
worker who skipped half the steps or trained in 16 bits lands within 1 % of
the norm and passed the former rule (1 % of ‖replayed‖). Measured against the
move, honest replays on another thread count, or from a start one float32 ulp
away, reach 1.1e-3 over every entry, but only through a few entries where a
rounding difference flipped a ReLU, a max-pool choice or the sign of a
near-zero Adam gradient; without the 1 % largest they reach 1.9e-4. Cheats
spread their difference over every entry: 16-bit autocast and float16-rounded
weights land from 1.2e-3, skipped steps, wrong data, interpolated or
fabricated checkpoints from 0.03. ``outlier_tolerance`` bounds what the left
out entries may hide; the noise floor (a few float32 ulps of the weights'
norm) keeps a segment that barely moves the weights from failing on rounding
alone. ``TrainPolicy`` refuses limits outside these measurements.

The denominators are the *replayed* (trusted) values: a worker cannot shrink
its distance by inflating its own weights. ``moved`` is read from the
replayed checkpoint's metadata ``moved`` (``repr`` of a float), which the
train runtime writes on replays (``train_child.train_segment``); a replay
without it counts as not having moved (only the noise floor applies, so it
passes only near-identical weights). Zero over zero is distance 0.

Rules:

- floating-point tensors count towards the distance; other tensors (integer
  buffers such as BatchNorm's ``num_batches_tracked``) must be exactly equal,
  because their magnitude would otherwise swamp the norm;
- NaN and ±inf must sit at the same positions with the same values in both
  (a deterministic divergence is honest) and are left out of the distance;
- different names under ``prefix``, shapes or dtypes fail the check;
- checkpoints are safetensors files (never pickle), read one tensor at a time
  from a path; memory holds one tensor pair and the squared differences
  (8 bytes per compared entry, to leave out the largest).

A submitted checkpoint that cannot be read fails the check with a reason; a
*replayed* one that cannot be read, that has no tensor under ``prefix`` or
whose ``moved`` is not a non-negative number, raises ``BadReference`` (the
oracle's replay is at fault, not the worker).
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from safetensors import SafetensorError

from oracles.verify.errors import BadReference
from oracles.verify.evidence import json_float

TRIM = 0.01  # share of the entries, the largest differences, that ``tolerance`` leaves to ``outlier_tolerance``


@dataclass(frozen=True)
class CheckpointVerdict:
    """Outcome of a replay comparison; ``distance`` is None when it could not be computed."""

    passed: bool
    distance: float | None  # ‖submitted − replayed‖ / moved
    reason: str
    tolerance: float = 0.0
    tensors: int = 0
    noise_floor: float = 0.0
    moved: float | None = None  # moved / ‖replayed‖: how far the segment moved the weights, relatively
    weights_distance: float | None = None  # ‖submitted − replayed‖ / ‖replayed‖
    full_distance: float | None = None  # ‖submitted − replayed‖ / moved, no entry left out
    outlier_tolerance: float = math.inf

    def evidence(self) -> dict[str, Any]:
        """JSON-serialisable record; an infinite distance is the string ``"inf"``."""
        return {
            "method": "train",
            "passed": self.passed,
            "distance": json_float(self.distance),
            "tolerance": self.tolerance,
            "noise_floor": self.noise_floor,
            "full_distance": json_float(self.full_distance),
            "outlier_tolerance": json_float(self.outlier_tolerance),
            "moved": json_float(self.moved),
            "weights_distance": json_float(self.weights_distance),
            "tensors": self.tensors,
            "reason": self.reason,
        }


class _Unreadable(Exception):
    """A checkpoint, or one of its tensors, could not be read."""


@dataclass
class _Checkpoint:
    """The names in a checkpoint and a loader for one tensor at a time."""

    names: list[str]
    get: Callable[[str], np.ndarray]
    metadata: dict[str, str]


_READ_ERRORS = (SafetensorError, OSError, KeyError, TypeError, ValueError)


@contextmanager
def _open(source: bytes | str | Path) -> Iterator[_Checkpoint]:
    """Open a safetensors checkpoint from bytes (loaded at once) or a path (read tensor by tensor)."""
    from safetensors import safe_open
    from safetensors.numpy import load

    if isinstance(source, bytes | bytearray):
        try:
            tensors = load(bytes(source))
            metadata = _header_metadata(bytes(source))
        except _READ_ERRORS as exc:
            raise _Unreadable(_describe(exc)) from exc
        yield _Checkpoint(sorted(tensors), tensors.__getitem__, metadata)
        return
    try:
        handle = safe_open(str(source), framework="numpy")
        names = sorted(handle.keys())
        metadata = handle.metadata() or {}
    except _READ_ERRORS as exc:
        raise _Unreadable(_describe(exc)) from exc
    with handle:
        yield _Checkpoint(names, handle.get_tensor, metadata)


def _header_metadata(data: bytes) -> dict[str, str]:
    """The ``__metadata__`` of a safetensors file held in memory (already validated by ``load``)."""
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    metadata = header.get("__metadata__") or {}
    return {str(k): str(v) for k, v in metadata.items()}


def _describe(exc: BaseException) -> str:
    if isinstance(exc, KeyError):  # safetensors.numpy has no numpy dtype for e.g. BF16
        return f"tensor dtype {exc.args[0]} has no numpy equivalent"
    return str(exc) or type(exc).__name__


def _read(checkpoint: _Checkpoint, name: str) -> np.ndarray:
    try:
        return checkpoint.get(name)
    except _READ_ERRORS as exc:
        raise _Unreadable(f"tensor {name}: {_describe(exc)}") from exc


def compare_checkpoints(
    submitted: bytes | Path,
    replayed: bytes | Path,
    tolerance: float,
    prefix: str = "model.",
    *,
    noise_floor: float = 0.0,
    outlier_tolerance: float = math.inf,
) -> CheckpointVerdict:
    """Compare a submitted checkpoint with the replayed one (the rule is in the module docstring).

    ``tolerance`` and ``outlier_tolerance`` are shares of the replayed segment's move, ``noise_floor``
    a share of the replayed weights' norm.
    """
    limits = Limits(tolerance, noise_floor, outlier_tolerance)
    for name, value in vars(limits).items():
        if not value >= 0:
            raise ValueError(f"{name} must be a non-negative number")
    with ExitStack() as stack:
        try:
            reference = stack.enter_context(_open(replayed))
        except _Unreadable as exc:
            raise BadReference(f"replayed checkpoint cannot be read: {exc}") from None
        try:
            candidate = stack.enter_context(_open(submitted))
        except _Unreadable as exc:
            return _refused(f"submitted checkpoint cannot be read: {exc}", limits)
        return _compare(candidate, reference, limits, prefix)
    raise AssertionError("unreachable")  # pragma: no cover - ExitStack does not swallow exceptions


def _moved(reference: _Checkpoint) -> float:
    """``‖replayed − start‖`` as the replay recorded it; 0 when it did not (see the module docstring)."""
    text = reference.metadata.get("moved")
    if text is None:
        return 0.0
    try:
        moved = float(text)
    except ValueError:
        moved = math.nan
    if not (math.isfinite(moved) and moved >= 0):
        raise BadReference(f"replayed checkpoint records moved={text!r}, not a non-negative number")
    return moved


@dataclass(frozen=True)
class Limits:
    """The policy's limits: ``tolerance`` and ``outlier_tolerance`` of the move, ``noise_floor`` of the norm."""

    tolerance: float
    noise_floor: float
    outlier_tolerance: float


def _compare(candidate: _Checkpoint, reference: _Checkpoint, limits: Limits, prefix: str) -> CheckpointVerdict:
    names = [name for name in reference.names if name.startswith(prefix)]
    if not names:
        raise BadReference(f"replayed checkpoint has no tensor named {prefix!r}…")
    moved = _moved(reference)
    theirs = [name for name in candidate.names if name.startswith(prefix)]
    if theirs != names:
        return _refused(_key_mismatch(theirs, names), limits)
    squares: list[np.ndarray] = []
    norm_sq = 0.0
    for name in names:
        try:
            ref = _read(reference, name)
        except _Unreadable as exc:
            raise BadReference(f"replayed checkpoint: {exc}") from None
        try:
            sub = _read(candidate, name)
        except _Unreadable as exc:
            return _refused(f"submitted checkpoint: {exc}", limits)
        problem = _mismatch(name, sub, ref)
        if problem:
            return _refused(problem, limits)
        delta_sq, ref_sq = _squares(sub, ref)
        squares.append(delta_sq)
        norm_sq += ref_sq
    return _judge(np.concatenate(squares), math.sqrt(norm_sq), moved, limits, len(names))


def _trimmed(delta_sq: np.ndarray) -> tuple[float, float]:
    """L2 norms of the differences: over every entry, and without the ``TRIM`` share of largest ones."""
    full = float(np.sum(delta_sq))
    k = int(delta_sq.size * TRIM)
    if k == 0:
        return math.sqrt(full), math.sqrt(full)
    kept = np.partition(delta_sq, delta_sq.size - k)[: delta_sq.size - k]
    return math.sqrt(full), math.sqrt(float(np.sum(kept)))


def _judge(delta_sq: np.ndarray, norm: float, moved: float, limits: Limits, tensors: int) -> CheckpointVerdict:
    full, trimmed = _trimmed(delta_sq)
    distance, full_distance = _ratio(trimmed, moved), _ratio(full, moved)
    within_move = trimmed <= limits.tolerance * moved and full <= limits.outlier_tolerance * moved
    passed = within_move or full <= limits.noise_floor * norm
    reason = ""
    if not passed:
        reason = (
            f"L2 distance {distance:.6g} of the segment's move (its {TRIM:.0%} largest differences left out) "
            f"exceeds the tolerance {limits.tolerance}"
            if distance > limits.tolerance
            else f"L2 distance {full_distance:.6g} of the segment's move over every entry exceeds the outlier "
            f"tolerance {limits.outlier_tolerance}"
        )
        reason += f", and {_ratio(full, norm):.6g} of the weights' norm exceeds the noise floor {limits.noise_floor}"
    return CheckpointVerdict(
        passed,
        distance,
        reason,
        limits.tolerance,
        tensors,
        limits.noise_floor,
        _ratio(moved, norm),
        _ratio(full, norm),
        full_distance,
        limits.outlier_tolerance,
    )


def _refused(reason: str, limits: Limits) -> CheckpointVerdict:
    return CheckpointVerdict(
        False,
        None,
        reason,
        limits.tolerance,
        noise_floor=limits.noise_floor,
        outlier_tolerance=limits.outlier_tolerance,
    )


def _key_mismatch(theirs: list[str], ours: list[str]) -> str:
    missing, extra = sorted(set(ours) - set(theirs)), sorted(set(theirs) - set(ours))
    parts = []
    if missing:
        parts.append(f"missing {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}")
    if extra:
        parts.append(f"unexpected {', '.join(extra[:5])}{' …' if len(extra) > 5 else ''}")
    return "submitted checkpoint has other tensors than the replay: " + "; ".join(parts)


def _mismatch(name: str, sub: np.ndarray, ref: np.ndarray) -> str:
    """Why two tensors cannot be compared by distance, or '' if they can."""
    if sub.shape != ref.shape:
        return f"tensor {name}: shape {sub.shape} submitted, {ref.shape} replayed"
    if sub.dtype != ref.dtype:
        return f"tensor {name}: dtype {sub.dtype} submitted, {ref.dtype} replayed"
    if not np.issubdtype(ref.dtype, np.floating):
        return "" if np.array_equal(sub, ref) else f"tensor {name}: non-float values differ"
    sub_bad, ref_bad = ~np.isfinite(sub), ~np.isfinite(ref)
    if not np.array_equal(sub_bad, ref_bad) or not np.array_equal(sub[sub_bad], ref[ref_bad], equal_nan=True):
        return f"tensor {name}: NaN or infinite values differ from the replay"
    return ""


def _squares(sub: np.ndarray, ref: np.ndarray) -> tuple[np.ndarray, float]:
    """``(sub − ref)²`` per entry and ``‖ref‖²``, over float entries finite in both (float64)."""
    if not np.issubdtype(ref.dtype, np.floating):
        return np.zeros(0), 0.0
    finite = np.isfinite(ref)
    a, b = sub[finite].astype(np.float64), ref[finite].astype(np.float64)
    delta = a - b
    return delta * delta, float(np.dot(b, b))


def _ratio(numerator: float, denominator: float) -> float:
    if denominator == 0.0:
        return 0.0 if numerator == 0.0 else math.inf
    return numerator / denominator

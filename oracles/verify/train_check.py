"""Proof-of-Learning spot checks: compare a submitted checkpoint with the oracle's replay of its segment.

Training on other hardware is not bit-exact, so the replayed weights are
compared within a tolerance, by relative L2 distance over the model tensors
(names starting with ``prefix``, ``model.`` by default: the optimizer state
is not compared), taken as one flat vector with float64 accumulation::

    distance = ‖submitted − replayed‖ / ‖replayed‖

The denominator is the *replayed* (trusted) norm: a worker cannot shrink its
distance by inflating its own weights. A zero reference norm gives distance
0 if both are zero, else infinity.

Rules:

- floating-point tensors count towards the distance; other tensors (integer
  buffers such as BatchNorm's ``num_batches_tracked``) must be exactly equal,
  because their magnitude would otherwise swamp the norm;
- NaN and ±inf must sit at the same positions with the same values in both
  (a deterministic divergence is honest) and are left out of the distance;
- different names under ``prefix``, shapes or dtypes fail the check;
- checkpoints are safetensors files (never pickle), read one tensor at a time
  from a path, so memory stays near the size of the largest tensor pair.

A submitted checkpoint that cannot be read fails the check with a reason; a
*replayed* one that cannot be read, or that has no tensor under ``prefix``,
raises ``BadReference`` (the oracle's replay is at fault, not the worker).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from safetensors import SafetensorError

from oracles.verify.errors import BadReference
from oracles.verify.evidence import json_float


@dataclass(frozen=True)
class CheckpointVerdict:
    """Outcome of a replay comparison; ``distance`` is None when it could not be computed."""

    passed: bool
    distance: float | None
    reason: str
    tolerance: float = 0.0
    tensors: int = 0

    def evidence(self) -> dict[str, Any]:
        """JSON-serialisable record; an infinite distance is the string ``"inf"``."""
        return {
            "method": "train",
            "passed": self.passed,
            "distance": json_float(self.distance),
            "tolerance": self.tolerance,
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


_READ_ERRORS = (SafetensorError, OSError, KeyError, TypeError, ValueError)


@contextmanager
def _open(source: bytes | str | Path) -> Iterator[_Checkpoint]:
    """Open a safetensors checkpoint from bytes (loaded at once) or a path (read tensor by tensor)."""
    from safetensors import safe_open
    from safetensors.numpy import load

    if isinstance(source, bytes | bytearray):
        try:
            tensors = load(bytes(source))
        except _READ_ERRORS as exc:
            raise _Unreadable(_describe(exc)) from exc
        yield _Checkpoint(sorted(tensors), tensors.__getitem__)
        return
    try:
        handle = safe_open(str(source), framework="numpy")
        names = sorted(handle.keys())
    except _READ_ERRORS as exc:
        raise _Unreadable(_describe(exc)) from exc
    with handle:
        yield _Checkpoint(names, handle.get_tensor)


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
) -> CheckpointVerdict:
    """Compare a submitted checkpoint with the replayed one; passes when ``distance <= tolerance``."""
    if not tolerance >= 0:
        raise ValueError("tolerance must be a non-negative number")
    with ExitStack() as stack:
        try:
            reference = stack.enter_context(_open(replayed))
        except _Unreadable as exc:
            raise BadReference(f"replayed checkpoint cannot be read: {exc}") from None
        try:
            candidate = stack.enter_context(_open(submitted))
        except _Unreadable as exc:
            return CheckpointVerdict(False, None, f"submitted checkpoint cannot be read: {exc}", tolerance)
        return _compare(candidate, reference, tolerance, prefix)
    raise AssertionError("unreachable")  # pragma: no cover - ExitStack does not swallow exceptions


def _compare(candidate: _Checkpoint, reference: _Checkpoint, tolerance: float, prefix: str) -> CheckpointVerdict:
    names = [name for name in reference.names if name.startswith(prefix)]
    if not names:
        raise BadReference(f"replayed checkpoint has no tensor named {prefix!r}…")
    theirs = [name for name in candidate.names if name.startswith(prefix)]
    if theirs != names:
        return CheckpointVerdict(False, None, _key_mismatch(theirs, names), tolerance)
    diff_sq = norm_sq = 0.0
    for name in names:
        try:
            ref = _read(reference, name)
        except _Unreadable as exc:
            raise BadReference(f"replayed checkpoint: {exc}") from None
        try:
            sub = _read(candidate, name)
        except _Unreadable as exc:
            return CheckpointVerdict(False, None, f"submitted checkpoint: {exc}", tolerance)
        problem = _mismatch(name, sub, ref)
        if problem:
            return CheckpointVerdict(False, None, problem, tolerance)
        d, n = _squares(sub, ref)
        diff_sq, norm_sq = diff_sq + d, norm_sq + n
    distance = _relative(diff_sq, norm_sq)
    passed = distance <= tolerance
    reason = "" if passed else f"relative L2 distance {distance:.6g} exceeds the tolerance {tolerance}"
    return CheckpointVerdict(passed, distance, reason, tolerance, len(names))


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


def _squares(sub: np.ndarray, ref: np.ndarray) -> tuple[float, float]:
    """Squared L2 norms of ``sub − ref`` and of ``ref`` over float entries finite in both (float64)."""
    if not np.issubdtype(ref.dtype, np.floating):
        return 0.0, 0.0
    finite = np.isfinite(ref)
    a, b = sub[finite].astype(np.float64), ref[finite].astype(np.float64)
    delta = a - b
    return float(np.dot(delta, delta)), float(np.dot(b, b))


def _relative(diff_sq: float, norm_sq: float) -> float:
    if norm_sq == 0.0:
        return 0.0 if diff_sq == 0.0 else math.inf
    return math.sqrt(diff_sq) / math.sqrt(norm_sq)

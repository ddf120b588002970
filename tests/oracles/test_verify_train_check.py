"""Proof-of-Learning: a submitted checkpoint against the oracle's replay, by relative L2 distance."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from safetensors.numpy import save, save_file

from oracles.verify import BadReference, compare_checkpoints

TOLERANCE = 0.01


def checkpoint(seed: int = 0) -> dict[str, np.ndarray]:
    """A small model's tensors, named as the train runtime names them."""
    rng = np.random.default_rng(seed)
    return {
        "model.fc1.weight": rng.normal(size=(16, 8)).astype(np.float32),
        "model.fc1.bias": rng.normal(size=(16,)).astype(np.float32),
        "model.fc2.weight": rng.normal(size=(4, 16)).astype(np.float32),
        "model.bn.num_batches_tracked": np.array(1_000, dtype=np.int64),
        "optim.fc1.weight.exp_avg": rng.normal(size=(16, 8)).astype(np.float32),
    }


def write(tmp_path, name: str, tensors: dict[str, np.ndarray]):
    path = tmp_path / f"{name}.safetensors"
    save_file(tensors, str(path))
    return path


def relative_l2(submitted: dict[str, np.ndarray], replayed: dict[str, np.ndarray]) -> float:
    names = sorted(n for n in replayed if n.startswith("model.") and replayed[n].dtype.kind == "f")
    a = np.concatenate([submitted[n].astype(np.float64).ravel() for n in names])
    b = np.concatenate([replayed[n].astype(np.float64).ravel() for n in names])
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def test_compare__identical_files__pass_distance_zero(tmp_path):
    tensors = checkpoint()
    verdict = compare_checkpoints(write(tmp_path, "sub", tensors), write(tmp_path, "rep", tensors), TOLERANCE)
    assert verdict.passed and verdict.distance == 0.0 and verdict.reason == ""
    assert verdict.tensors == 4  # model.* only; the optimizer state is not compared


def test_compare__small_perturbation__within_tolerance_passes(tmp_path):
    replayed = checkpoint()
    submitted = dict(replayed)
    noise = np.random.default_rng(9).normal(scale=1e-3, size=(16, 8)).astype(np.float32)
    submitted["model.fc1.weight"] = replayed["model.fc1.weight"] + noise
    verdict = compare_checkpoints(write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed), TOLERANCE)
    assert verdict.passed
    assert 0 < verdict.distance < TOLERANCE
    assert verdict.distance == pytest.approx(relative_l2(submitted, replayed), rel=1e-9)


def test_compare__large_perturbation__fails_with_distance(tmp_path):
    replayed = checkpoint()
    submitted = dict(replayed)
    submitted["model.fc2.weight"] = replayed["model.fc2.weight"] * 1.5
    verdict = compare_checkpoints(write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed), TOLERANCE)
    assert not verdict.passed
    assert verdict.distance == pytest.approx(relative_l2(submitted, replayed), rel=1e-9)
    assert verdict.distance > TOLERANCE and "exceeds the tolerance" in verdict.reason


def test_compare__other_weights_entirely__fails(tmp_path):
    verdict = compare_checkpoints(write(tmp_path, "sub", checkpoint(1)), write(tmp_path, "rep", checkpoint(2)), 0.5)
    assert not verdict.passed and verdict.distance > 1.0


def test_compare__scaled_up_weights__cannot_shrink_distance(tmp_path):
    """The replay's norm is the denominator: inflating submitted weights makes the distance larger."""
    replayed = checkpoint()
    submitted = {name: value * 100 if value.dtype.kind == "f" else value for name, value in replayed.items()}
    verdict = compare_checkpoints(write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed), 1.0)
    assert not verdict.passed and verdict.distance == pytest.approx(99.0, rel=1e-6)


def test_compare__optimizer_state_differs__ignored_by_default_prefix(tmp_path):
    replayed = checkpoint()
    submitted = dict(replayed, **{"optim.fc1.weight.exp_avg": replayed["optim.fc1.weight.exp_avg"] * 3})
    sub, rep = write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed)
    assert compare_checkpoints(sub, rep, TOLERANCE).passed
    assert not compare_checkpoints(sub, rep, TOLERANCE, prefix="").passed


def test_compare__missing_tensor__fails_with_reason(tmp_path):
    replayed = checkpoint()
    submitted = {name: value for name, value in replayed.items() if name != "model.fc1.bias"}
    submitted["model.extra"] = np.zeros(3, dtype=np.float32)
    verdict = compare_checkpoints(write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed), TOLERANCE)
    assert not verdict.passed and verdict.distance is None
    assert "missing model.fc1.bias" in verdict.reason and "unexpected model.extra" in verdict.reason


def test_compare__shape_mismatch__fails_with_reason(tmp_path):
    replayed = checkpoint()
    submitted = dict(replayed, **{"model.fc1.bias": np.zeros(17, dtype=np.float32)})
    verdict = compare_checkpoints(write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed), TOLERANCE)
    assert not verdict.passed and "model.fc1.bias" in verdict.reason and "shape" in verdict.reason


def test_compare__dtype_mismatch__fails_with_reason(tmp_path):
    replayed = checkpoint()
    submitted = dict(replayed, **{"model.fc1.bias": replayed["model.fc1.bias"].astype(np.float16)})
    verdict = compare_checkpoints(write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed), TOLERANCE)
    assert not verdict.passed and "dtype" in verdict.reason


def test_compare__integer_buffer_differs__fails(tmp_path):
    replayed = checkpoint()
    submitted = dict(replayed, **{"model.bn.num_batches_tracked": np.array(999, dtype=np.int64)})
    verdict = compare_checkpoints(write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed), TOLERANCE)
    assert not verdict.passed and "num_batches_tracked" in verdict.reason


def test_compare__nan_where_replay_is_finite__fails(tmp_path):
    replayed = checkpoint()
    bad = replayed["model.fc1.bias"].copy()
    bad[0] = np.nan
    submitted = dict(replayed, **{"model.fc1.bias": bad})
    verdict = compare_checkpoints(write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed), TOLERANCE)
    assert not verdict.passed and "NaN" in verdict.reason
    json.dumps(verdict.evidence(), allow_nan=False)


def test_compare__same_nan_in_both__passes(tmp_path):
    tensors = checkpoint()
    tensors["model.fc1.bias"][3] = np.nan
    verdict = compare_checkpoints(write(tmp_path, "sub", tensors), write(tmp_path, "rep", tensors), TOLERANCE)
    assert verdict.passed and verdict.distance == 0.0


def test_compare__bytes_inputs__same_as_files(tmp_path):
    replayed = checkpoint()
    submitted = dict(replayed, **{"model.fc2.weight": replayed["model.fc2.weight"] * 1.001})
    from_bytes = compare_checkpoints(save(submitted), save(replayed), TOLERANCE)
    from_files = compare_checkpoints(write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed), TOLERANCE)
    assert from_bytes == from_files and from_bytes.passed


def test_compare__submitted_not_safetensors__fails_with_reason(tmp_path):
    garbage = tmp_path / "sub.safetensors"
    garbage.write_bytes(b"\x80\x04not a checkpoint")  # e.g. a pickle: never unpickled
    verdict = compare_checkpoints(garbage, write(tmp_path, "rep", checkpoint()), TOLERANCE)
    assert not verdict.passed and "cannot be read" in verdict.reason
    verdict = compare_checkpoints(b"junk", save(checkpoint()), TOLERANCE)
    assert not verdict.passed and "cannot be read" in verdict.reason


def test_compare__replay_unreadable_or_empty__bad_reference(tmp_path):
    with pytest.raises(BadReference, match="cannot be read"):
        compare_checkpoints(write(tmp_path, "sub", checkpoint()), tmp_path / "missing.safetensors", TOLERANCE)
    with pytest.raises(BadReference, match="no tensor"):
        compare_checkpoints(save(checkpoint()), save({"other": np.zeros(1, dtype=np.float32)}), TOLERANCE)


def test_compare__zero_reference__zero_or_infinite_distance():
    zeros = {"model.w": np.zeros(4, dtype=np.float32)}
    assert compare_checkpoints(save(zeros), save(zeros), TOLERANCE).distance == 0.0
    verdict = compare_checkpoints(save({"model.w": np.ones(4, dtype=np.float32)}), save(zeros), TOLERANCE)
    assert not verdict.passed and verdict.distance == math.inf
    assert json.loads(json.dumps(verdict.evidence(), allow_nan=False))["distance"] == "inf"


def test_evidence__json_record(tmp_path):
    tensors = checkpoint()
    verdict = compare_checkpoints(write(tmp_path, "sub", tensors), write(tmp_path, "rep", tensors), TOLERANCE)
    assert json.loads(json.dumps(verdict.evidence(), allow_nan=False)) == {
        "method": "train",
        "passed": True,
        "distance": 0.0,
        "tolerance": TOLERANCE,
        "tensors": 4,
        "reason": "",
    }


def safetensors_bytes(header: dict, data: bytes) -> bytes:
    """A safetensors file by hand (8-byte little-endian header length, JSON header, data)."""
    text = json.dumps(header).encode()
    return len(text).to_bytes(8, "little") + text + data


def test_compare__bf16_submitted__fails_naming_the_dtype():
    bf16 = safetensors_bytes({"model.w": {"dtype": "BF16", "shape": [2], "data_offsets": [0, 4]}}, b"\x80\x3f" * 2)
    verdict = compare_checkpoints(bf16, save({"model.w": np.ones(2, dtype=np.float32)}), TOLERANCE)
    assert not verdict.passed and "BF16" in verdict.reason

"""Proof-of-Learning: a submitted checkpoint against the oracle's replay, by L2 distance relative to the
replayed segment's move (the replay's metadata ``moved``), its 1 % largest differences left to a looser
outlier limit, with a noise floor relative to the weights."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from safetensors.numpy import save as save_tensors
from safetensors.numpy import save_file

from oracles.verify import BadReference, compare_checkpoints

TOLERANCE = 0.001  # a share of the segment's move (TrainPolicy's default is 5e-4)
MOVED = 0.5  # ‖replayed − start‖ the replays below record


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


def metadata(moved: float | None) -> dict[str, str] | None:
    return None if moved is None else {"format": "gpuhive-ckpt-v1", "step": "8", "moved": repr(moved)}


def write(tmp_path, name: str, tensors: dict[str, np.ndarray], moved: float | None = MOVED):
    """Write a checkpoint; a replay records how far its segment moved the weights (``moved``)."""
    path = tmp_path / f"{name}.safetensors"
    save_file(tensors, str(path), metadata=metadata(moved))
    return path


def save(tensors: dict[str, np.ndarray], moved: float | None = MOVED) -> bytes:
    return save_tensors(tensors, metadata=metadata(moved))


def l2(submitted: dict[str, np.ndarray], replayed: dict[str, np.ndarray]) -> tuple[float, float]:
    """``‖submitted − replayed‖`` and ``‖replayed‖`` over the model's float tensors."""
    names = sorted(n for n in replayed if n.startswith("model.") and replayed[n].dtype.kind == "f")
    a = np.concatenate([submitted[n].astype(np.float64).ravel() for n in names])
    b = np.concatenate([replayed[n].astype(np.float64).ravel() for n in names])
    return float(np.linalg.norm(a - b)), float(np.linalg.norm(b))


def moved_by(tensors: dict[str, np.ndarray], fraction: float, seed: int = 7) -> dict[str, np.ndarray]:
    """``tensors`` plus a random move of L2 norm ``fraction · MOVED`` over the model's float tensors."""
    rng = np.random.default_rng(seed)
    names = [n for n, v in tensors.items() if n.startswith("model.") and v.dtype.kind == "f"]
    step = {n: rng.normal(size=tensors[n].shape) for n in names}
    scale = fraction * MOVED / np.sqrt(sum(float(np.sum(v**2)) for v in step.values()))
    return {**tensors, **{n: (tensors[n] + step[n] * scale).astype(tensors[n].dtype) for n in names}}


def test_compare__identical_files__pass_distance_zero(tmp_path):
    tensors = checkpoint()
    verdict = compare_checkpoints(write(tmp_path, "sub", tensors), write(tmp_path, "rep", tensors), TOLERANCE)
    assert verdict.passed and verdict.distance == 0.0 and verdict.reason == ""
    assert verdict.tensors == 4  # model.* only; the optimizer state is not compared


def test_compare__small_perturbation__within_tolerance_of_the_move_passes(tmp_path):
    replayed = checkpoint()
    submitted = moved_by(replayed, 0.5 * TOLERANCE)
    verdict = compare_checkpoints(write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed), TOLERANCE)
    assert verdict.passed
    assert 0 < verdict.distance < verdict.full_distance < TOLERANCE
    diff, norm = l2(submitted, replayed)
    assert verdict.full_distance == pytest.approx(diff / MOVED, rel=1e-6)
    assert verdict.weights_distance == pytest.approx(diff / norm, rel=1e-6)
    assert verdict.moved == pytest.approx(MOVED / norm, rel=1e-9)


def test_compare__large_perturbation__fails_with_distance(tmp_path):
    replayed = checkpoint()
    submitted = dict(replayed)
    submitted["model.fc2.weight"] = replayed["model.fc2.weight"] * 1.5
    verdict = compare_checkpoints(write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed), TOLERANCE)
    assert not verdict.passed
    assert verdict.full_distance == pytest.approx(l2(submitted, replayed)[0] / MOVED, rel=1e-9)
    assert verdict.distance > TOLERANCE and "exceeds the tolerance" in verdict.reason


def test_compare__few_large_differences__left_to_the_outlier_tolerance(tmp_path):
    """A rounding flip on honest hardware moves a few entries a lot: 1 % of the entries are judged apart."""
    replayed = checkpoint()
    submitted = dict(replayed, **{"model.fc1.weight": replayed["model.fc1.weight"].copy()})
    submitted["model.fc1.weight"][0, :2] += 0.01  # 2 of 208 float entries (the 1 % left out)
    sub, rep = write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed)
    loose = compare_checkpoints(sub, rep, TOLERANCE, outlier_tolerance=0.1)
    assert loose.passed and loose.distance == 0.0
    assert loose.full_distance == pytest.approx(l2(submitted, replayed)[0] / MOVED, rel=1e-6)
    strict = compare_checkpoints(sub, rep, TOLERANCE, outlier_tolerance=0.01)
    assert not strict.passed and "outlier tolerance 0.01" in strict.reason
    submitted["model.fc1.weight"][0, :3] += 0.01  # a third entry is more than the 1 %
    assert not compare_checkpoints(write(tmp_path, "sub3", submitted), rep, TOLERANCE, outlier_tolerance=0.1).passed


def test_compare__half_the_move__fails_though_within_one_percent_of_the_weights(tmp_path):
    """Why the move is the yardstick: a segment that skipped half its steps is close to the replay by norm."""
    start = checkpoint()
    replayed, submitted = moved_by(start, 0.25), moved_by(start, 0.125)  # the segment moved 0.9 % of the norm
    rep = write(tmp_path, "rep", replayed, moved=0.25 * MOVED)
    verdict = compare_checkpoints(write(tmp_path, "sub", submitted), rep, TOLERANCE)
    assert not verdict.passed and verdict.full_distance == pytest.approx(0.5, rel=1e-4)
    assert verdict.distance > 0.4
    assert verdict.weights_distance < 0.01  # what the former rule (relative to ‖replayed‖, 1 %) would have passed


def test_compare__replay_without_moved__only_the_noise_floor_passes(tmp_path):
    replayed = checkpoint()
    rep = write(tmp_path, "rep", replayed, moved=None)
    assert compare_checkpoints(write(tmp_path, "same", replayed), rep, TOLERANCE).passed
    _, norm = l2(replayed, replayed)
    near = moved_by(replayed, 1e-7 * norm / MOVED)  # 1e-7 of the weights' norm: float32 rounding
    far = moved_by(replayed, 1e-3 * norm / MOVED)
    assert compare_checkpoints(write(tmp_path, "near", near), rep, TOLERANCE, noise_floor=1e-6).passed
    assert not compare_checkpoints(write(tmp_path, "near", near), rep, TOLERANCE).passed
    verdict = compare_checkpoints(write(tmp_path, "far", far), rep, TOLERANCE, noise_floor=1e-6)
    assert not verdict.passed and verdict.distance == math.inf and "noise floor 1e-06" in verdict.reason


def test_compare__replay_records_bad_moved__bad_reference(tmp_path):
    tensors = checkpoint()
    for bad in ("-1.0", "nan", "inf", "far"):
        path = tmp_path / "rep.safetensors"
        save_file(tensors, str(path), metadata={"moved": bad})
        with pytest.raises(BadReference, match="moved"):
            compare_checkpoints(write(tmp_path, "sub", tensors), path, TOLERANCE)


def test_compare__negative_limits__value_error(tmp_path):
    path = write(tmp_path, "rep", checkpoint())
    with pytest.raises(ValueError, match="tolerance"):
        compare_checkpoints(path, path, -1.0)
    with pytest.raises(ValueError, match="noise_floor"):
        compare_checkpoints(path, path, TOLERANCE, noise_floor=-1.0)
    with pytest.raises(ValueError, match="outlier_tolerance"):
        compare_checkpoints(path, path, TOLERANCE, outlier_tolerance=float("nan"))


def test_compare__other_weights_entirely__fails(tmp_path):
    verdict = compare_checkpoints(write(tmp_path, "sub", checkpoint(1)), write(tmp_path, "rep", checkpoint(2)), 0.5)
    assert not verdict.passed and verdict.distance > 1.0


def test_compare__scaled_up_weights__cannot_shrink_distance(tmp_path):
    """The replay's values are the denominators: inflating submitted weights makes the distance larger."""
    replayed = checkpoint()
    submitted = {name: value * 100 if value.dtype.kind == "f" else value for name, value in replayed.items()}
    verdict = compare_checkpoints(write(tmp_path, "sub", submitted), write(tmp_path, "rep", replayed), 1.0)
    assert not verdict.passed and verdict.weights_distance == pytest.approx(99.0, rel=1e-6)


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
    submitted = moved_by(replayed, 0.5 * TOLERANCE)
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


def test_compare__zero_move__zero_or_infinite_distance():
    zeros = {"model.w": np.zeros(4, dtype=np.float32)}
    assert compare_checkpoints(save(zeros), save(zeros, moved=0.0), TOLERANCE).distance == 0.0
    verdict = compare_checkpoints(save({"model.w": np.ones(4, dtype=np.float32)}), save(zeros, 0.0), TOLERANCE)
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
        "noise_floor": 0.0,
        "full_distance": 0.0,
        "outlier_tolerance": "inf",
        "moved": pytest.approx(MOVED / l2(tensors, tensors)[1]),
        "weights_distance": 0.0,
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

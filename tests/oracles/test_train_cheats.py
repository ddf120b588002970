"""The train spot check against honest replays on other thread counts and every cheat of ``tests.support.train_cheats``.

One small mlp job (256 examples, batch 16: 16 steps per epoch, 2 epochs, checkpoint_interval 8,
steps_per_task 16) is trained once per module by the real runtime (``train_task``, sandboxed child),
and two of its segments are replayed by the real ``replay_segment``: the first (0 → 8, from the
initialisation) and a middle one (16 → 24). Each producer's checkpoint is judged by the real
check (``compare_checkpoints``) with the default ``TrainPolicy``. ``benchmarks/verification_train.py``
measures the same classes over many segments, with counts and confidence intervals.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from oracles.verify import compare_checkpoints
from protocol.jobspec.models import TrainSpec
from protocol.jobspec.policies import TrainPolicy
from protocol.jobspec.slicing import slice_tasks
from tests.support import train_cheats
from tests.support.train_cheats import CHEATS, HONEST, Segment
from worker_node.runtimes.train import make_dataset, read_checkpoint, replay_segment, train_task

DATASET_CID = "bafkreicmjkvgta5lggqiwpawob7xxgitde4rips7v6djumwgnpzygtihli"
POLICY = TrainPolicy()


def train_spec(seed: int = 11) -> TrainSpec:
    return TrainSpec.model_validate(
        {
            "kind": "train",
            "name": "train cheats",
            "architecture": {"name": "mlp", "input_dim": 16, "hidden": [64, 64], "output_dim": 4},
            "dataset": {"cid": DATASET_CID, "format": "npz", "examples": 256},
            "optimizer": {"name": "adam", "lr": 0.003},
            "epochs": 2,
            "batch_size": 16,
            "seed": seed,
            "checkpoint_interval": 8,
            "steps_per_task": 16,
            "reward_per_task": 1,
            "budget": 100,
            "deadline": 1_893_456_000,
        }
    )


@dataclass
class Case:
    segment: Segment
    submitted: Path  # the worker's own checkpoint at step_to (train_task)
    replayed: Path  # the checker's replay (replay_segment)
    root: Path


@pytest.fixture(scope="module")
def job(tmp_path_factory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("train_cheats")
    spec = train_spec()
    dataset = make_dataset(root / "data.npz", examples=256, classes=4, input_dim=16, seed=1)
    other_dataset = make_dataset(root / "other.npz", examples=256, classes=4, input_dim=16, seed=2)
    tasks = slice_tasks(spec)
    first = train_task(spec, tasks[0], dataset, None, root / "task0")
    second = train_task(spec, tasks[1], dataset, first.files[-1], root / "task1")
    checkpoints = dict(zip([8, 16, 24, 32], [*first.files, *second.files], strict=True))
    other = train_cheats.train(Segment(train_spec(seed=12), dataset, None, 0, 24), root / "other_job_24.safetensors")
    other8 = train_cheats.train(Segment(train_spec(seed=12), dataset, None, 0, 8), root / "other_job_8.safetensors")
    return {
        "spec": spec,
        "dataset": dataset,
        "other_dataset": other_dataset,
        "checkpoints": checkpoints,
        "other_job": {8: other8, 24: other},
        "root": root,
    }


@pytest.fixture(scope="module", params=["first", "middle"])
def case(request, job) -> Case:
    ckpt = job["checkpoints"]
    if request.param == "first":
        segment = Segment(
            job["spec"],
            job["dataset"],
            None,
            0,
            8,
            later=(16, ckpt[16]),
            other_job=job["other_job"][8],
            other_dataset=job["other_dataset"],
        )
    else:
        segment = Segment(
            job["spec"],
            job["dataset"],
            ckpt[16],
            16,
            24,
            previous=(8, ckpt[8]),
            later=(32, ckpt[32]),
            other_job=job["other_job"][24],
            other_dataset=job["other_dataset"],
        )
    root = job["root"] / request.param
    root.mkdir()
    replayed = replay_segment(
        segment.spec, segment.dataset, segment.start, segment.step_from, segment.step_to, root / "replay.safetensors"
    )
    return Case(segment, ckpt[segment.step_to], replayed, root)


def check(submitted: Path, replayed: Path):
    return compare_checkpoints(
        submitted,
        replayed,
        POLICY.tolerance,
        noise_floor=POLICY.noise_floor,
        outlier_tolerance=POLICY.outlier_tolerance,
    )


def test_replay__worker_own_checkpoint__passes_bit_exact(case):
    verdict = check(case.submitted, case.replayed)
    assert verdict.passed and verdict.distance == 0.0
    assert verdict.moved > 0.005  # the replay recorded how far the segment moved the weights


def test_support__honest_in_process_segment__bit_identical_to_replay_segment(case):
    """The cheat generators train with the runtime's own code: without a knob they reproduce the replay."""
    honest = train_cheats.train(case.segment, case.root / "in_process.safetensors")
    ours, theirs = read_checkpoint(honest)[0], read_checkpoint(case.replayed)[0]
    assert ours.keys() == theirs.keys()
    assert all(np.array_equal(ours[name], theirs[name]) for name in ours)


@pytest.mark.parametrize("name", sorted(HONEST))
def test_honest__other_thread_count_or_rounding__passes(case, name):
    submitted = HONEST[name](case.segment, case.root / f"honest_{name}.safetensors")
    verdict = check(submitted, case.replayed)
    assert verdict.passed, verdict.reason
    assert verdict.distance < POLICY.tolerance / 2  # with room to spare


def test_honest__cuda__passes_when_available(case):
    if not train_cheats.cuda_available():
        pytest.skip("CUDA is not available on this machine: the GPU-vs-CPU pair is not measured here")
    verdict = check(train_cheats.honest_cuda(case.segment, case.root / "cuda.safetensors"), case.replayed)
    assert verdict.passed, verdict.reason


CHEAT_NAMES = sorted([*CHEATS, "fabricated_noise"])


@pytest.mark.parametrize("name", CHEAT_NAMES)
def test_cheat__each_kind__rejected(case, name):
    out = case.root / f"cheat_{name}.safetensors"
    if name == "fabricated_noise":
        submitted = train_cheats.fabricated_noise(case.segment, out, case.replayed)
    elif name == "extrapolated" and case.segment.previous is None:
        pytest.skip("the first segment has no previous one to extrapolate from")
    else:
        submitted = CHEATS[name](case.segment, out)
    verdict = check(submitted, case.replayed)
    assert not verdict.passed
    assert verdict.distance > 2 * POLICY.tolerance, verdict.reason  # the weights betray it, not a near miss


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("tolerance", 0.002, "lower-precision training"),
        ("tolerance", 1e-4, "honest hardware"),
        ("outlier_tolerance", 0.001, "rounding flip"),
        ("outlier_tolerance", 0.5, "tampered with"),
        ("noise_floor", 0.0, "float32"),
        ("noise_floor", 1e-4, "skipped half its steps"),
    ],
)
def test_train_policy__limits_that_cannot_separate__refused_at_the_field(field, value, words):
    with pytest.raises(ValidationError) as info:
        TrainPolicy(**{field: value})
    [error] = info.value.errors()
    assert error["loc"] == (field,) and words in error["msg"]

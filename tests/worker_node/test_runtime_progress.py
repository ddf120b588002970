"""Runtimes report their own completion fraction while they run (the heartbeat's ``fraction``): a real Blender
render (frames, and Cycles samples within a frame), cold and in the warm engine, and a real PyTorch train task
(steps). Fractions never go down and end at 1; the status-line parser reads samples only."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocol.jobspec.models import RenderSpec, RenderSplit, TrainSpec
from protocol.jobspec.policies import HashPolicy
from protocol.jobspec.slicing import slice_tasks
from worker_node.runtimes.render import render_task, warm_engine
from worker_node.runtimes.render_child import _sample_progress
from worker_node.runtimes.sandbox import PROGRESS_PREFIX, Limits, _Progress
from worker_node.runtimes.scenes import make_test_scene
from worker_node.runtimes.train import make_dataset, train_task

LIMITS = Limits(wall_seconds=180.0)
FRAMES = 3


def render_spec() -> RenderSpec:
    return RenderSpec(
        kind="render",
        name="progress test",
        reward_per_task=1,
        budget=10**9,
        deadline=2_000_000_000,
        scene_cid="bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
        frame_start=1,
        frame_end=FRAMES,
        resolution_x=64,
        resolution_y=48,
        samples=8,
        verification=HashPolicy(),
        split=RenderSplit(frames_per_task=FRAMES),
    )


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Path:
    return make_test_scene(tmp_path_factory.mktemp("scene") / "scene.blend", frames=FRAMES)


def assert_rises_to_one(fractions: list[float], at_least: int) -> None:
    assert len(fractions) >= at_least, fractions
    assert all(0.0 <= f <= 1.0 for f in fractions), fractions
    assert fractions == sorted(fractions), fractions
    assert fractions[-1] == 1.0


@pytest.mark.slow
def test_render_task__three_frames__reports_rising_fractions_ending_at_one(scene, tmp_path):
    [task] = slice_tasks(render_spec())
    fractions: list[float] = []
    render_task(render_spec(), task, scene, tmp_path, limits=LIMITS, progress=fractions.append)
    assert_rises_to_one(fractions, FRAMES)
    for done in range(1, FRAMES + 1):  # each frame's end is reported
        assert any(f == pytest.approx(done / FRAMES, abs=1e-5) for f in fractions), fractions


@pytest.mark.slow
def test_render_task__warm_engine__reports_per_call_from_its_start(scene, tmp_path):
    [task] = slice_tasks(render_spec())
    engine = warm_engine(LIMITS)
    try:
        first: list[float] = []
        render_task(render_spec(), task, scene, tmp_path / "a", limits=LIMITS, engine=engine, progress=first.append)
        second: list[float] = []
        render_task(render_spec(), task, scene, tmp_path / "b", limits=LIMITS, engine=engine, progress=second.append)
    finally:
        engine.close()
    assert_rises_to_one(first, FRAMES)
    assert_rises_to_one(second, FRAMES)
    assert second[0] < 1.0  # the second task starts again from its own beginning


def test_render_stats__cycles_status_line__fraction_of_samples_other_lines_ignored():
    seen: list[float] = []
    on_stats = _sample_progress(seen.append)
    on_stats("Mem: 2M | Synchronizing object | Blue")
    on_stats("Mem: 2M | Sample 0/16")
    on_stats("Remaining: 00:00.12 | Mem: 2M | Sample 4/16")
    on_stats("Mem: 2M | Finished")
    assert seen == [0.0, 0.25]


def test_progress_lines__clamped_never_lower_and_garbage_ignored():
    seen: list[float] = []
    progress = _Progress(seen.append)
    for value in ("0.5", "0.25", "7", "nan", "half"):
        assert progress.line(f"{PROGRESS_PREFIX}{value}\n")
    assert not progress.line("Fra:1 Mem:2M | Sample 4/16\n")
    assert seen == [0.5, 0.5, 1.0]


def test_train_task__sixteen_steps__reports_rising_step_fractions_ending_at_one(tmp_path):
    spec = TrainSpec.model_validate(
        {
            "kind": "train",
            "name": "progress test",
            "architecture": {"name": "mlp", "input_dim": 8, "hidden": [16], "output_dim": 3},
            "dataset": {
                "cid": "bafkreicmjkvgta5lggqiwpawob7xxgitde4rips7v6djumwgnpzygtihli",
                "format": "npz",
                "examples": 256,
            },
            "optimizer": {"name": "adam", "lr": 0.01},
            "epochs": 2,
            "batch_size": 32,
            "seed": 5,
            "checkpoint_interval": 4,
            "steps_per_task": 16,
            "reward_per_task": 1,
            "budget": 100,
            "deadline": 1_893_456_000,
        }
    )
    [task] = slice_tasks(spec)
    dataset = make_dataset(tmp_path / "data.npz", examples=256, classes=3, input_dim=8, seed=1)
    fractions: list[float] = []
    train_task(spec, task, dataset, None, tmp_path / "out", progress=fractions.append)
    assert_rises_to_one(fractions, 4)
    for checkpoint in (4, 8, 12, 16):  # every checkpoint's step is reported
        assert checkpoint / 16 in fractions, fractions

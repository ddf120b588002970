"""Slicing: every spec's tasks cover its work exactly once, in a fixed order."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from jobspec_samples import compute, render, train

from protocol.jobspec import canonical_bytes, load_spec, parse_spec, slice_tasks

FAST = settings(max_examples=60, deadline=None)


@st.composite
def render_specs(draw):
    start = draw(st.integers(0, 50))
    frames = draw(st.integers(1, 40))
    tiles_x, tiles_y = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    return parse_spec(
        render(
            frame_start=start,
            frame_end=start + frames - 1,
            frame_step=draw(st.integers(1, 5)),
            resolution_x=draw(st.integers(16 * tiles_x, 200)),
            resolution_y=draw(st.integers(16 * tiles_y, 200)),
            split={"frames_per_task": draw(st.integers(1, 12)), "tiles_x": tiles_x, "tiles_y": tiles_y},
            verification={"method": "hash", "spot_check_bps": 100},  # tiles down to 16 px: too small for crops
            reward_per_task=1,
            budget=10**6,
        )
    )


@st.composite
def train_specs(draw):
    interval = draw(st.integers(1, 20))
    return parse_spec(
        train(
            dataset={"cid": train()["dataset"]["cid"], "format": "npz", "examples": draw(st.integers(50, 2_000))},
            batch_size=draw(st.integers(1, 50)),
            epochs=draw(st.integers(1, 4)),
            checkpoint_interval=interval,
            steps_per_task=interval * draw(st.integers(1, 10)),
            verification={"method": "hash", "spot_check_bps": 100},
            reward_per_task=1,
            budget=10**6,
        )
    )


@st.composite
def compute_specs(draw):
    if draw(st.booleans()):
        n = draw(st.integers(1, 500))
        kernel = {"name": "matmul_blocked", "n": n, "block": draw(st.integers(1, n))}
    else:
        kernel = {"name": "sha256_chain", "chains": draw(st.integers(1, 500)), "length": 3}
    return parse_spec(compute(kernel=kernel, items_per_task=draw(st.integers(1, 40)), reward_per_task=1, budget=10**6))


@FAST
@given(render_specs())
def test_render_slicing__any_spec__every_frame_pixel_once(spec):
    tasks = slice_tasks(spec)
    assert len(tasks) == spec.num_tasks
    assert [t.index for t in tasks] == list(range(len(tasks)))
    coverage: Counter = Counter()
    area_per_frame: Counter = Counter()
    for task in tasks:
        tile = task.params["tile"]
        assert 0 <= tile["min_x"] < tile["max_x"] <= spec.resolution_x
        assert 0 <= tile["min_y"] < tile["max_y"] <= spec.resolution_y
        assert tile["max_x"] - tile["min_x"] >= 16 and tile["max_y"] - tile["min_y"] >= 16
        assert len(task.outputs) == len(task.params["frames"])
        for frame in task.params["frames"]:
            coverage[(frame, tile["x"], tile["y"])] += 1
            area_per_frame[frame] += (tile["max_x"] - tile["min_x"]) * (tile["max_y"] - tile["min_y"])
    tiles = spec.split.tiles_x * spec.split.tiles_y
    assert set(coverage.values()) == {1}
    assert len(coverage) == len(spec.frames) * tiles
    assert set(area_per_frame) == set(spec.frames)
    assert set(area_per_frame.values()) == {spec.resolution_x * spec.resolution_y}  # tiles partition the frame
    assert len({out for t in tasks for out in t.outputs}) == len(spec.frames) * tiles  # no output name reused


@FAST
@given(train_specs())
def test_train_slicing__any_spec__steps_partitioned_in_order(spec):
    tasks = slice_tasks(spec)
    assert len(tasks) == spec.num_tasks
    position = 0
    for task in tasks:
        params = task.params
        assert params["step_start"] == position < params["step_end"]
        assert params["step_end"] - params["step_start"] <= spec.steps_per_task
        assert params["checkpoint_steps"][-1] == params["step_end"]
        assert all(s % spec.checkpoint_interval == 0 for s in params["checkpoint_steps"][:-1])
        assert params["resume_from_task"] == (task.index - 1 if task.index else None)
        position = params["step_end"]
    assert position == spec.total_steps


@FAST
@given(compute_specs())
def test_compute_slicing__any_spec__items_partitioned(spec):
    tasks = slice_tasks(spec)
    assert len(tasks) == spec.num_tasks
    items = [i for t in tasks for i in range(t.params["item_start"], t.params["item_end"])]
    assert items == list(range(spec.kernel.items))
    if spec.kernel.name == "matmul_blocked":
        rows = [r for t in tasks for r in range(t.params["row_start"], t.params["row_end"])]
        assert rows == list(range(spec.kernel.n))


@FAST
@given(st.one_of(render_specs(), train_specs(), compute_specs()))
def test_slicing__same_spec_reparsed__identical_tasks(spec):
    again = load_spec(canonical_bytes(spec), "json")
    assert [t.to_json() for t in slice_tasks(again)] == [t.to_json() for t in slice_tasks(spec)]


def test_render_slicing__tiles__row_major_order_and_names():
    spec = parse_spec(
        render(
            frame_start=1,
            frame_end=2,
            split={"frames_per_task": 2, "tiles_x": 2, "tiles_y": 2},
            budget=700,
            output_format="EXR",
        )
    )
    tasks = slice_tasks(spec)
    assert [(t.params["tile"]["x"], t.params["tile"]["y"]) for t in tasks] == [(0, 0), (1, 0), (0, 1), (1, 1)]
    assert tasks[1].params["tile"] == {"x": 1, "y": 0, "min_x": 320, "max_x": 640, "min_y": 0, "max_y": 240}
    assert tasks[1].outputs == ("frame_0000001_tile_01_00.exr", "frame_0000002_tile_01_00.exr")


def test_render_slicing__frame_step__skips_frames():
    spec = parse_spec(render(frame_start=1, frame_end=10, frame_step=3, split={"frames_per_task": 3}))
    assert [t.params["frames"] for t in slice_tasks(spec)] == [[1, 4, 7], [10]]


def test_train_slicing__last_segment__shorter_and_checkpointed():
    spec = parse_spec(train(epochs=1, batch_size=10, steps_per_task=30, budget=80))  # 100 steps
    tasks = slice_tasks(spec)
    assert [(t.params["step_start"], t.params["step_end"]) for t in tasks] == [(0, 30), (30, 60), (60, 90), (90, 100)]
    assert tasks[0].params["checkpoint_steps"] == [10, 20, 30]
    assert tasks[3].outputs == ("checkpoints/step_0000000100.safetensors",)
